// dipx/span.h — byte spans into an article's UTF-8 text.
//
// Every position dipx reports is a half-open byte range [begin, end) into the
// text the Document was built from (the repaired copy when UTF-8 repair was
// requested), so `text.substr(begin, end - begin)` is the spanned text.
//
// Thread-safety: plain value type.
#ifndef DIPX_SPAN_H_
#define DIPX_SPAN_H_

#include <cstdint>
#include <string_view>

namespace dipx {

struct Span {
  uint32_t begin = 0;  // first byte
  uint32_t end = 0;    // one past the last byte

  constexpr uint32_t size() const { return end - begin; }
  constexpr bool empty() const { return end <= begin; }
  constexpr bool Contains(uint32_t offset) const {
    return begin <= offset && offset < end;
  }
  constexpr bool Contains(Span other) const {
    return begin <= other.begin && other.end <= end;
  }
  constexpr bool Overlaps(Span other) const {
    return begin < other.end && other.begin < end;
  }
  // The spanned bytes of `text`; empty if the span lies outside it.
  std::string_view In(std::string_view text) const {
    if (end > text.size() || begin > end) return {};
    // Checked above, so no substr (its own check and throw path keep
    // callers from inlining this).
    return std::string_view(text.data() + begin, end - begin);
  }
  friend constexpr bool operator==(Span a, Span b) {
    return a.begin == b.begin && a.end == b.end;
  }
  friend constexpr bool operator!=(Span a, Span b) { return !(a == b); }
};

}  // namespace dipx

#endif  // DIPX_SPAN_H_
