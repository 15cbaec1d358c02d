// Internal: string helpers bridging std::string_view and Abseil.
//
// On Debian 12, absl::string_view is its own type and does not convert
// from std::string_view; absl::StrCat and heterogeneous flat_hash_map
// lookups need this explicit bridge.
#ifndef DIPX_SRC_UTIL_STRINGS_H_
#define DIPX_SRC_UTIL_STRINGS_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace dipx::internal {

inline absl::string_view Absl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace dipx::internal

#endif  // DIPX_SRC_UTIL_STRINGS_H_
