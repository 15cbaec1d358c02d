#include "extractors/quote_marks.h"

#include <algorithm>
#include <cstddef>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/base/config.h"
#include "absl/numeric/bits.h"
#include "util/strings.h"

namespace dipx::internal {
namespace {

// What surrounds a mark.
enum class Around : uint8_t {
  kEdge,       // paragraph start or end
  kSpace,
  kLetter,
  kDigit,
  kOpenPunct,  // ( [ { and dashes
  kColon,
  kClosePunct, // . , ; ! ? ) ] } …
  kMark,       // another quotation mark
  kOther,
};

enum class MarkType : uint8_t {
  kLeftDouble,      // “
  kRightDouble,     // ”
  kStraightDouble,  // "
  kLowDouble,       // „
  kLeftSingle,      // ‘
  kRightSingle,     // ’
  kStraightSingle,  // '
  kBacktick,        // `
  kLeftGuillemet,   // «
  kRightGuillemet,  // »
  kLatexOpen,       // ``
  kLatexClose,      // ''
};

// Length of the quotation mark at text[i], 0 if none, and its type.
size_t MarkAt(std::string_view text, size_t i, size_t end, MarkType* type) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c == '"') { *type = MarkType::kStraightDouble; return 1; }
  if (c == '\'') {
    if (i + 1 < end && text[i + 1] == '\'') { *type = MarkType::kLatexClose; return 2; }
    *type = MarkType::kStraightSingle;
    return 1;
  }
  if (c == '`') {
    if (i + 1 < end && text[i + 1] == '`') { *type = MarkType::kLatexOpen; return 2; }
    *type = MarkType::kBacktick;
    return 1;
  }
  if (c == 0xC2 && i + 1 < end) {
    unsigned char d = static_cast<unsigned char>(text[i + 1]);
    if (d == 0xAB) { *type = MarkType::kLeftGuillemet; return 2; }
    if (d == 0xBB) { *type = MarkType::kRightGuillemet; return 2; }
    return 0;
  }
  if (c == 0xE2 && i + 2 < end && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    switch (static_cast<unsigned char>(text[i + 2])) {
      case 0x9C: *type = MarkType::kLeftDouble; return 3;
      case 0x9D: *type = MarkType::kRightDouble; return 3;
      case 0x9E: *type = MarkType::kLowDouble; return 3;
      case 0x98: *type = MarkType::kLeftSingle; return 3;
      case 0x99: *type = MarkType::kRightSingle; return 3;
      default: return 0;
    }
  }
  return 0;
}

bool IsMarkLead(unsigned char c) {
  return c == '"' || c == '\'' || c == '`' || c == 0xC2 || c == 0xE2;
}

// The first byte at or after i that may be a mark's lead byte: " ' ` or
// any non-ASCII byte; `end` when none does. Reads 8-byte blocks while they
// fit, then the tail byte by byte. SWAR: once no byte has its high bit set,
// (v - 1…) & ~v & 80… is non-zero exactly when some byte of v is zero; a
// borrow can flag a byte above a true zero byte but never below one, so
// the lowest flagged byte (little-endian: the trailing zero bits / 8) is
// always a true hit. With SSE2, 16-byte blocks come first.
size_t NextLeadByte(std::string_view text, size_t i, size_t end) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
#if defined(__SSE2__)
  // 16 bytes a step: the mask of bytes equal to a mark byte or with the
  // high bit set (non-ASCII).
  const __m128i k_double = _mm_set1_epi8('"');
  const __m128i k_single = _mm_set1_epi8('\'');
  const __m128i k_back = _mm_set1_epi8('`');
  for (; i + 16 <= end; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const __m128i eq = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, k_double), _mm_cmpeq_epi8(v, k_single)),
        _mm_cmpeq_epi8(v, k_back));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(eq, v)));
    if (mask != 0) return i + static_cast<size_t>(absl::countr_zero(mask));
  }
#endif
  for (; i + 8 <= end; i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
#ifdef ABSL_IS_BIG_ENDIAN
    w = __builtin_bswap64(w);  // byte i + k in bits 8k..8k+7, as below
#endif
    const uint64_t hits = (w & kHigh) | has_zero(w ^ (kOnes * '"')) |
                          has_zero(w ^ (kOnes * '\'')) | has_zero(w ^ (kOnes * '`'));
    if (hits != 0) return i + static_cast<size_t>(absl::countr_zero(hits)) / 8;
  }
  for (; i < end; ++i) {
    if (IsMarkLead(static_cast<unsigned char>(text[i]))) return i;
  }
  return end;
}

Around ClassifyAscii(unsigned char c) {
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
    return Around::kSpace;
  }
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Around::kLetter;
  if (c >= '0' && c <= '9') return Around::kDigit;
  if (c == '(' || c == '[' || c == '{' || c == '-' || c == '/') return Around::kOpenPunct;
  if (c == ':') return Around::kColon;
  if (c == '.' || c == ',' || c == ';' || c == '!' || c == '?' || c == ')' ||
      c == ']' || c == '}') {
    return Around::kClosePunct;
  }
  if (c == '"' || c == '\'' || c == '`') return Around::kMark;
  return Around::kOther;
}

// Class of the code point starting at text[i].
Around ClassifyAt(std::string_view text, size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return ClassifyAscii(c);
  if (c == 0xC2 && i + 1 < text.size()) {
    unsigned char d = static_cast<unsigned char>(text[i + 1]);
    if (d == 0xA0) return Around::kSpace;
    if (d == 0xAB || d == 0xBB) return Around::kMark;
    return Around::kOther;
  }
  if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    unsigned char e = static_cast<unsigned char>(text[i + 2]);
    if (e >= 0x98 && e <= 0x9F) return Around::kMark;
    if (e >= 0x93 && e <= 0x95) return Around::kOpenPunct;  // – — ―
    if (e == 0xA6) return Around::kClosePunct;              // …
    if (e <= 0x8F || e == 0xAF) return Around::kSpace;      // spaces
    return Around::kOther;
  }
  if (c >= 0xC3) return Around::kLetter;
  return Around::kOther;
}

// Start of the code point that ends just before `i` (i > lo).
size_t PrevCodePoint(std::string_view text, size_t i, size_t lo) {
  size_t j = i - 1;
  while (j > lo && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80 && i - j < 4) --j;
  return j;
}

bool IsDoubleOpener(MarkType t) {
  return t == MarkType::kLeftDouble || t == MarkType::kStraightDouble ||
         t == MarkType::kLowDouble || t == MarkType::kRightDouble ||
         t == MarkType::kLatexOpen;
}
bool IsDoubleCloser(MarkType t) {
  return t == MarkType::kRightDouble || t == MarkType::kStraightDouble ||
         t == MarkType::kLeftDouble || t == MarkType::kLatexClose;
}
bool IsSingleOpener(MarkType t) {
  return t == MarkType::kLeftSingle || t == MarkType::kStraightSingle ||
         t == MarkType::kBacktick;
}
bool IsSingleCloser(MarkType t) {
  return t == MarkType::kRightSingle || t == MarkType::kStraightSingle;
}

bool Accepts(MarkType opener, MarkType closer) {
  if (opener == MarkType::kLeftGuillemet) return closer == MarkType::kRightGuillemet;
  if (IsDoubleOpener(opener)) return IsDoubleCloser(closer);
  if (IsSingleOpener(opener)) return IsSingleCloser(closer);
  return false;
}

MarkFamily FamilyOf(MarkType t) {
  switch (t) {
    case MarkType::kLeftSingle:
    case MarkType::kRightSingle:
    case MarkType::kStraightSingle:
    case MarkType::kBacktick:
      return MarkFamily::kSingle;
    case MarkType::kLeftGuillemet:
    case MarkType::kRightGuillemet:
      return MarkFamily::kGuillemet;
    case MarkType::kLatexOpen:
    case MarkType::kLatexClose:
      return MarkFamily::kLatex;
    default:
      return MarkFamily::kDouble;
  }
}

bool Spaceish(Around a) { return a == Around::kEdge || a == Around::kSpace; }
bool OpenSide(Around a) {
  return a == Around::kEdge || a == Around::kSpace || a == Around::kOpenPunct ||
         a == Around::kMark || a == Around::kColon;
}
bool CloseSide(Around a) {
  return a == Around::kEdge || a == Around::kSpace || a == Around::kClosePunct ||
         a == Around::kMark || a == Around::kColon || a == Around::kOpenPunct;
}
bool Wordish(Around a) { return a == Around::kLetter || a == Around::kDigit; }

void Roles(MarkType t, Around prev, Around next, bool* can_open, bool* can_close) {
  *can_open = false;
  *can_close = false;
  switch (t) {
    case MarkType::kLeftDouble:
      *can_open = !Spaceish(next);
      // „…“ closes with “; so does copy that uses “ at both ends.
      *can_close = !Spaceish(prev) && prev != Around::kOpenPunct &&
                   (Spaceish(next) || next == Around::kClosePunct);
      return;
    case MarkType::kRightDouble:
      *can_close = true;
      *can_open = OpenSide(prev) && !Spaceish(next) && next != Around::kClosePunct;
      return;
    case MarkType::kLowDouble:
    case MarkType::kLatexOpen:
    case MarkType::kLeftGuillemet:
      *can_open = true;
      return;
    case MarkType::kRightGuillemet:
    case MarkType::kLatexClose:
      *can_close = true;
      return;
    case MarkType::kStraightDouble:
      if (Spaceish(prev) && Spaceish(next)) return;
      if (OpenSide(prev) && !Spaceish(next)) {
        *can_open = true;
        // `:"` and `("` open; a mark between two marks may do either.
        *can_close = prev == Around::kMark;
        return;
      }
      *can_close = true;  // word or punctuation before it
      *can_open = false;
      return;
    case MarkType::kLeftSingle:
      *can_open = !(Wordish(prev) && Wordish(next)) && !Spaceish(next);
      return;
    case MarkType::kBacktick:
      *can_open = !Spaceish(next) && !Wordish(prev);
      return;
    case MarkType::kRightSingle:
    case MarkType::kStraightSingle:
      if (Wordish(prev) && Wordish(next)) return;  // Japan's, don't
      if (OpenSide(prev) && next == Around::kDigit) return;  // '90s
      if (t == MarkType::kStraightSingle && OpenSide(prev) && !Spaceish(next)) {
        *can_open = true;
        return;
      }
      *can_close = !Spaceish(prev) && prev != Around::kOpenPunct && CloseSide(next);
      return;
  }
}

struct Classified {
  QuoteMark mark;
  MarkType type;
};

// Per-thread scratch would need TLS; the stack is tiny and bounded instead.
constexpr int kMaxDepth = 8;

}  // namespace

void FindQuoteMarks(std::string_view text, Span para,
                    std::vector<QuoteMark>* marks) {
  size_t end = std::min<size_t>(para.end, text.size());
  for (size_t i = para.begin; i < end;) {
    i = NextLeadByte(text, i, end);
    if (i >= end) break;
    MarkType type = MarkType::kStraightDouble;
    size_t len = MarkAt(text, i, end, &type);
    if (len == 0) { ++i; continue; }
    if (size_t run = MarkRunEnd(text, i, end); run != i) {  // """"": no marks
      i = run;
      continue;
    }
    Around prev = i == para.begin ? Around::kEdge
                                  : ClassifyAt(text, PrevCodePoint(text, i, para.begin));
    Around next = i + len >= end ? Around::kEdge : ClassifyAt(text, i + len);
    QuoteMark m;
    m.span = Span{static_cast<uint32_t>(i), static_cast<uint32_t>(i + len)};
    m.family = FamilyOf(type);
    Roles(type, prev, next, &m.can_open, &m.can_close);
    if (m.can_open || m.can_close) marks->push_back(m);
    i += len;
  }
}

void PairQuoteMarks(std::string_view text, Span para,
                    const std::vector<QuoteMark>& marks, bool closer_only,
                    std::vector<QuoteRegion>* regions) {
  size_t first_region = regions->size();
  int stack[kMaxDepth];
  MarkType stack_type[kMaxDepth];
  int depth = 0;
  size_t end = std::min<size_t>(para.end, text.size());
  for (size_t k = 0; k < marks.size(); ++k) {
    const QuoteMark& m = marks[k];
    MarkType type = MarkType::kStraightDouble;
    MarkAt(text, m.span.begin, end, &type);
    if (m.can_close) {
      int found = -1;
      for (int d = depth - 1; d >= 0 && d >= depth - 3; --d) {
        if (Accepts(stack_type[d], type)) { found = d; break; }
        // An apostrophe-like single closer only closes the innermost quote.
        if (FamilyOf(type) == MarkFamily::kSingle) break;
      }
      if (found >= 0) {
        const QuoteMark& o = marks[stack[found]];
        QuoteRegion r;
        r.open = o.span;
        r.close = m.span;
        r.content = Span{o.span.end, m.span.begin};
        r.depth = found;
        bool keep = true;
        if (o.family == MarkFamily::kSingle) {
          // rock 'n' roll, 'em: one-letter "quotes" are elisions.
          keep = r.content.size() >= 2 && m.span.begin > o.span.end;
        }
        if (keep) regions->push_back(r);
        depth = found;
        continue;
      }
      if (depth == 0 && k == 0 && closer_only && !m.can_open &&
          m.family != MarkFamily::kSingle) {
        QuoteRegion r;
        r.close = m.span;
        r.content = Span{para.begin, m.span.begin};
        regions->push_back(r);
        continue;
      }
    }
    if (m.can_open && depth < kMaxDepth) {
      stack[depth] = static_cast<int>(k);
      stack_type[depth] = type;
      ++depth;
    }
  }
  // Unclosed: the outermost double or guillemet quote runs to the end.
  for (int d = 0; d < depth; ++d) {
    const QuoteMark& o = marks[stack[d]];
    if (o.family == MarkFamily::kSingle) continue;
    QuoteRegion r;
    r.open = o.span;
    r.content = Span{o.span.end, static_cast<uint32_t>(end)};
    r.depth = d;
    // Only if no closed region already covers it as an inner quote.
    regions->push_back(r);
    break;
  }
  std::sort(regions->begin() + first_region, regions->end(),
            [](const QuoteRegion& a, const QuoteRegion& b) {
              return a.content.begin < b.content.begin;
            });
  // Depth from containment (a region inside an earlier one is nested).
  uint32_t outer_end = 0;
  bool have_outer = false;
  for (size_t i = first_region; i < regions->size(); ++i) {
    QuoteRegion& r = (*regions)[i];
    if (have_outer && r.content.begin < outer_end) {
      r.depth = 1;
    } else {
      r.depth = 0;
      outer_end = r.closed() ? r.close.end : r.content.end;
      have_outer = true;
    }
  }
}

}  // namespace dipx::internal
