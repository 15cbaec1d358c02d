// dipx/utf8.h — UTF-8 validation and repair.
//
// dipx accepts only well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF). NUL bytes are valid characters.
//
// Thread-safety: stateless functions, safe from any thread.
#ifndef DIPX_UTF8_H_
#define DIPX_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "dipx/export.h"

namespace dipx {

// Byte offset of the first invalid UTF-8 sequence in `text`, or
// std::string_view::npos when `text` is well-formed. Linear time.
DIPX_EXPORT size_t FindInvalidUtf8(std::string_view text);

// OkStatus for well-formed text, else InvalidArgument
// "invalid UTF-8 at byte offset N".
DIPX_EXPORT absl::Status ValidateUtf8(std::string_view text);

// Writes `text` to `out` with each maximal invalid subsequence replaced by
// U+FFFD (the W3C/Unicode "substitution of maximal subparts" practice).
// Returns the number of replacements. Linear time.
DIPX_EXPORT size_t RepairUtf8(std::string_view text, std::string* out);

}  // namespace dipx

#endif  // DIPX_UTF8_H_
