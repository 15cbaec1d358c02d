#include "dipx/utf8.h"

#include <cstdint>
#include <cstring>

#include "absl/base/config.h"
#include "absl/numeric/bits.h"
#include "absl/strings/str_cat.h"

namespace dipx {
namespace {

// Length of the well-formed sequence starting at p[0] (1..4), or 0 when the
// sequence is invalid; *bad_len is then the length of the maximal invalid
// subpart to replace (>= 1).
inline size_t DecodeLength(const unsigned char* p, size_t n, size_t* bad_len) {
  unsigned char c = p[0];
  *bad_len = 1;
  if (c < 0x80) return 1;
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    if (c == 0xE0) lo = 0xA0;       // no overlong
    if (c == 0xED) hi = 0x9F;       // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    if (c == 0xF0) lo = 0x90;       // no overlong
    if (c == 0xF4) hi = 0x8F;       // <= U+10FFFF
  } else {
    return 0;
  }
  for (size_t i = 1; i < need; ++i) {
    if (i >= n) {
      *bad_len = i;
      return 0;
    }
    unsigned char b = p[i];
    unsigned char l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
    if (b < l || b > h) {
      *bad_len = i;
      return 0;
    }
  }
  return need;
}

// The index of the first byte with its high bit set in the word `high`
// (non-zero, only high bits set) loaded from memory with memcpy.
inline size_t FirstHighByte(uint64_t high) {
#ifdef ABSL_IS_BIG_ENDIAN
  return static_cast<size_t>(absl::countl_zero(high)) >> 3;
#else
  return static_cast<size_t>(absl::countr_zero(high)) >> 3;
#endif
}

// Skips ASCII sixteen bytes at a time; the first non-ASCII byte of a word
// is located directly instead of byte by byte.
inline size_t SkipAscii(const unsigned char* p, size_t i, size_t n) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  while (i + 16 <= n) {
    uint64_t a, b;
    std::memcpy(&a, p + i, 8);
    std::memcpy(&b, p + i + 8, 8);
    if ((a | b) & kHigh) {
      if (a & kHigh) return i + FirstHighByte(a & kHigh);
      return i + 8 + FirstHighByte(b & kHigh);
    }
    i += 16;
  }
  if (i + 8 <= n) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & kHigh) return i + FirstHighByte(w & kHigh);
    i += 8;
  }
  while (i < n && p[i] < 0x80) ++i;
  return i;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  size_t i = 0;
  while (true) {
    i = SkipAscii(p, i, n);
    if (i >= n) return std::string_view::npos;
    size_t bad;
    size_t len = DecodeLength(p + i, n - i, &bad);
    if (len == 0) return i;
    i += len;
  }
}

absl::Status ValidateUtf8(std::string_view text) {
  size_t bad = FindInvalidUtf8(text);
  if (bad == std::string_view::npos) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("invalid UTF-8 at byte offset ", bad));
}

size_t RepairUtf8(std::string_view text, std::string* out) {
  out->clear();
  out->reserve(text.size() + 16);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  size_t i = 0, count = 0;
  while (i < n) {
    size_t start = i;
    i = SkipAscii(p, i, n);
    size_t bad = 0;
    while (i < n) {
      size_t len = DecodeLength(p + i, n - i, &bad);
      if (len == 0) break;
      i += len;
      if (i < n && p[i] < 0x80) i = SkipAscii(p, i, n);
    }
    out->append(text.data() + start, i - start);
    if (i < n) {
      out->append("\xEF\xBF\xBD");
      ++count;
      i += bad;
    }
  }
  return count;
}

}  // namespace dipx
