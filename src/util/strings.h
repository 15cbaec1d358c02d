// Internal: string helpers bridging std::string_view and Abseil.
//
// On Debian 12, absl::string_view is its own type and does not convert
// from std::string_view; absl::StrCat and heterogeneous flat_hash_map
// lookups need this explicit bridge.
#ifndef DIPX_SRC_UTIL_STRINGS_H_
#define DIPX_SRC_UTIL_STRINGS_H_

#include <cstddef>
#include <string_view>

#include "absl/hash/hash.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace dipx::internal {

// A run of kMarkRunMin or more copies of one quotation mark (""""", ,
// “““) is a rule or separator, never quotation: Document makes it one
// kPunct token and the quote stage finds no marks in it, so such input
// (10 MB of ") costs no more per byte than prose.
inline constexpr size_t kMarkRunMin = 3;

// When text[i] starts a run of kMarkRunMin or more copies of one quotation
// mark (" ' ` « » or U+2018..U+201F) before `end`, the end of that run;
// otherwise i.
inline size_t MarkRunEnd(std::string_view text, size_t i, size_t end) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t len = 0;
  const unsigned char c = p[i];
  if (c == '"' || c == '\'' || c == '`') {
    len = 1;
  } else if (c == 0xC2 && i + 1 < end && (p[i + 1] == 0xAB || p[i + 1] == 0xBB)) {
    len = 2;
  } else if (c == 0xE2 && i + 2 < end && p[i + 1] == 0x80 && p[i + 2] >= 0x98 &&
             p[i + 2] <= 0x9F) {
    len = 3;
  } else {
    return i;
  }
  size_t j = i + len;
  while (j + len <= end && p[j] == c && (len == 1 || (p[j + 1] == p[i + 1] &&
                                                       (len == 2 || p[j + 2] == p[i + 2])))) {
    j += len;
  }
  return j - i >= kMarkRunMin * len ? j : i;
}

inline absl::string_view Absl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// Hashes std::string_view keys with Abseil's string hash. On Debian 12,
// absl::Hash<std::string_view> falls back to std::hash (libstdc++'s slower
// _Hash_bytes), because absl::string_view is a type of its own there:
//   absl::flat_hash_map<std::string_view, V, StringViewHash> m;
struct StringViewHash {
  size_t operator()(std::string_view s) const {
    return absl::Hash<absl::string_view>{}(Absl(s));
  }
};

// Whether `needle` occurs in `haystack`, ignoring ASCII case (as
// absl::AsciiStrToLower(haystack).find(absl::AsciiStrToLower(needle)) would
// say, without the two copies). Cost: |haystack| * |needle| at worst; meant
// for short strings such as names and dates.
inline bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  const size_t last = haystack.size() - needle.size();
  for (size_t i = 0; i <= last; ++i) {
    size_t k = 0;
    while (k < needle.size() &&
           absl::ascii_tolower(static_cast<unsigned char>(haystack[i + k])) ==
               absl::ascii_tolower(static_cast<unsigned char>(needle[k]))) {
      ++k;
    }
    if (k == needle.size()) return true;
  }
  return false;
}

}  // namespace dipx::internal

#endif  // DIPX_SRC_UTIL_STRINGS_H_
