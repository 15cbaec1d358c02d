// Document construction: UTF-8 check → paragraphs → tokens → sentences →
// boilerplate → dateline. Every step is one pass over the text (or over
// the tokens of one paragraph).
#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "dipx/document.h"
#include "dipx/utf8.h"
#include "document/document_builder.h"
#include "re2/re2.h"
#include "re2/set.h"
#include "util/strings.h"

namespace dipx {

Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

absl::StatusOr<Document> Document::Create(std::string_view text,
                                          const DocumentOptions& options) {
  return internal::DocumentBuilder::Build(text, options,
                                          internal::DocumentRules::Default());
}

int Document::ParagraphAt(uint32_t offset) const {
  auto it = std::upper_bound(
      paragraphs_.begin(), paragraphs_.end(), offset,
      [](uint32_t o, const Paragraph& p) { return o < p.span.begin; });
  if (it == paragraphs_.begin()) return -1;
  --it;
  return it->span.Contains(offset) ? static_cast<int>(it - paragraphs_.begin()) : -1;
}

int Document::SentenceAt(uint32_t offset) const {
  auto it = std::upper_bound(
      sentences_.begin(), sentences_.end(), offset,
      [](uint32_t o, const Sentence& s) { return o < s.span.begin; });
  if (it == sentences_.begin()) return -1;
  --it;
  return it->span.Contains(offset) ? static_cast<int>(it - sentences_.begin()) : -1;
}

size_t Document::TokenAtOrAfter(uint32_t offset) const {
  return std::upper_bound(tokens_.begin(), tokens_.end(), offset,
                          [](uint32_t o, const Token& t) { return o < t.span.end; }) -
         tokens_.begin();
}

bool Document::IsBoilerplate(uint32_t offset) const {
  int p = ParagraphAt(offset);
  return p >= 0 && paragraphs_[p].is_boilerplate();
}

bool Document::IsBoilerplate(Span span) const {
  auto it = std::upper_bound(
      paragraphs_.begin(), paragraphs_.end(), span.begin,
      [](uint32_t o, const Paragraph& p) { return o < p.span.begin; });
  if (it != paragraphs_.begin()) --it;
  for (; it != paragraphs_.end() && it->span.begin < span.end; ++it) {
    if (it->is_boilerplate() && it->span.Overlaps(span)) return true;
  }
  return false;
}

namespace internal {

// ---------------------------------------------------------------------------
// Character classes.

uint32_t DecodeAt(std::string_view text, size_t i, int* len) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  unsigned char c = p[i];
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  size_t n = text.size();
  if (c >= 0xF0 && i + 3 < n) {
    *len = 4;
    return ((c & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12) |
           ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3Fu);
  }
  if (c >= 0xE0 && i + 2 < n) {
    *len = 3;
    return ((c & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
  }
  if (c >= 0xC0 && i + 1 < n) {
    *len = 2;
    return ((c & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
  }
  *len = 1;  // not reached for valid UTF-8
  return 0xFFFD;
}

bool IsSpaceCodePoint(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\v' || cp == '\f' || cp == 0xA0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000 || cp == 0xFEFF || cp == 0x200E ||
         cp == 0x200F;
}

bool IsQuoteMarkCodePoint(uint32_t cp) {
  switch (cp) {
    case '"': case '\'': case '`':
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:
    case 0x300C: case 0x300D: case 0x300E: case 0x300F:
    case 0xFF02:
      return true;
    default:
      return false;
  }
}

bool IsDashCodePoint(uint32_t cp) {
  return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
         cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D;
}

bool IsBulletCodePoint(uint32_t cp) {
  switch (cp) {
    case 0x2022: case 0x2023: case 0x2043: case 0x25E6: case 0x25AA:
    case 0x25AB: case 0x25A0: case 0x25A1: case 0x25CF: case 0x25CB:
    case 0x25B2: case 0x25B3: case 0x25BA: case 0x25B6: case 0x25C6:
    case 0x25C7: case 0x2219: case 0x00B7: case 0x27A2: case 0x2713:
    case 0x2714: case 0x2605: case 0x2606: case 0x25B8: case 0x25B9:
    case '*':
      return true;
    default:
      return false;
  }
}

bool PatternIsDigitBlind(std::string_view pattern) {
  const size_t n = pattern.size();
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  // Skips the escape at pattern[*i] == '\\'; false when it may name one
  // character by its code or quote literal text.
  auto skip_escape = [&](size_t* i) {
    if (*i + 1 >= n) return false;
    const char c = pattern[*i + 1];
    if (is_digit(c) || c == 'x' || c == 'Q' || c == 'E' || c == 'C') return false;
    *i += 2;
    if ((c == 'p' || c == 'P') && *i < n && pattern[*i] == '{') {  // \p{Greek}
      for (; *i < n && pattern[*i] != '}'; ++*i) {
        if (is_digit(pattern[*i])) return false;
      }
      if (*i >= n) return false;
      ++*i;
    }
    return true;
  };
  // Length of the repetition count "{n}", "{n,}" or "{n,m}" at pattern[i],
  // or 0 (RE2 reads any other '{' as a literal).
  auto count_length = [&](size_t i) -> size_t {
    size_t j = i + 1;
    const size_t digits = j;
    while (j < n && is_digit(pattern[j])) ++j;
    if (j == digits) return 0;
    if (j < n && pattern[j] == ',') {
      ++j;
      while (j < n && is_digit(pattern[j])) ++j;
    }
    return j < n && pattern[j] == '}' ? j + 1 - i : 0;
  };
  size_t i = 0;
  while (i < n) {
    const char c = pattern[i];
    if (c == '\\') {
      if (!skip_escape(&i)) return false;
      continue;
    }
    if (c == '{') {
      const size_t len = count_length(i);
      i += len > 0 ? len : 1;
      continue;
    }
    if (is_digit(c)) return false;
    ++i;
    if (c != '[') continue;
    // A character class: no digit may be written in it.
    if (i < n && pattern[i] == '^') ++i;
    if (i < n && pattern[i] == ']') ++i;  // a leading ']' is a member
    bool closed = false;
    while (i < n && !closed) {
      const char d = pattern[i];
      if (d == '\\') {
        if (!skip_escape(&i)) return false;
      } else if (d == '[' && i + 1 < n && pattern[i + 1] == ':') {  // [:alpha:]
        const size_t end = pattern.find(":]", i + 2);
        if (end == std::string_view::npos) return false;
        for (size_t k = i + 2; k < end; ++k) {
          if (is_digit(pattern[k])) return false;
        }
        i = end + 2;
      } else if (is_digit(d)) {
        return false;
      } else {
        closed = d == ']';
        ++i;
      }
    }
    if (!closed) return false;
  }
  return true;
}

namespace {

struct AsciiClasses {
  bool alnum[256] = {};
  // Bytes that may continue a word after its letters and digits: the
  // joiners Tokenize knows, and the lead bytes of non-ASCII code points.
  bool continues_word[256] = {};
  constexpr AsciiClasses() {
    for (int c = '0'; c <= '9'; ++c) alnum[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) alnum[c] = alnum[c - 32] = true;
    for (int c = 0; c < 256; ++c) continues_word[c] = alnum[c] || c >= 0x80;
    for (char c : {'.', ',', ':', '-', '&', '/', '\''}) {
      continues_word[static_cast<unsigned char>(c)] = true;
    }
  }
};
constexpr AsciiClasses kAscii;

inline bool IsAsciiAlnum(unsigned char c) { return kAscii.alnum[c]; }
inline bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlpha(unsigned char c) {
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

// A non-ASCII code point that belongs inside words (letters, marks).
inline bool IsWordCodePoint(uint32_t cp) {
  if (cp < 0x80) return IsAsciiAlnum(static_cast<unsigned char>(cp));
  if (cp == 0xD7 || cp == 0xF7) return false;  // × ÷
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  if (cp >= 0xFE30 && cp <= 0xFE6F) return false;
  if (cp >= 0xFF00 && cp <= 0xFF20) return false;
  return !IsSpaceCodePoint(cp);
}

inline bool IsUpperCodePoint(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
  if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 0;  // Latin Extended-A
  if (cp >= 0x391 && cp <= 0x3A9) return true;           // Greek
  if (cp >= 0x410 && cp <= 0x42F) return true;           // Cyrillic
  return false;
}

bool IsSpaceAt(std::string_view text, size_t i, int* len) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *len = 1;
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
  }
  return IsSpaceCodePoint(DecodeAt(text, i, len));
}

// Trims white space (incl. NBSP and other Unicode spaces) from a span.
Span Trim(std::string_view text, Span s) {
  while (s.begin < s.end) {
    int len;
    if (!IsSpaceAt(text, s.begin, &len)) break;
    s.begin += len;
  }
  while (s.begin < s.end) {
    // Step back one code point.
    uint32_t j = s.end - 1;
    while (j > s.begin && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) --j;
    int len;
    if (!IsSpaceAt(text, j, &len)) break;
    s.end = j;
  }
  return s;
}

// ---------------------------------------------------------------------------
// Tokenizer: one pass over a paragraph.

void Tokenize(std::string_view text, Span para, std::vector<Token>* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = para.begin;
  const size_t end = para.end;
  // ASCII runs of letters and digits that start before `guard` stop at a
  // byte that is no letter or digit by themselves and need no bounds check
  // per byte: `guard` is `end` when the byte there exists and is no letter
  // or digit (a paragraph is followed by a line break or space), else the
  // paragraph's last such byte.
  size_t guard = end;
  if (end >= text.size() || IsAsciiAlnum(p[end])) {
    while (guard > i && IsAsciiAlnum(p[guard - 1])) --guard;
    guard = guard > i ? guard - 1 : i;
  }
  while (i < end) {
    unsigned char c = p[i];
    int len = 1;
    uint32_t cp = c < 0x80 ? c : DecodeAt(text, i, &len);
    if (c < 0x80 ? (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r')
                 : IsSpaceCodePoint(cp)) {
      i += len;
      continue;
    }
    Token t;
    t.span.begin = static_cast<uint32_t>(i);
    if (IsWordCodePoint(cp)) {
      t.capitalized = IsUpperCodePoint(cp);
      bool all_digits = IsAsciiDigit(c);
      size_t j = i + len;
      size_t letters = 1;
      while (j < end) {
        // Fast path: a run of ASCII letters and digits. Digits are only
        // told apart while the token is still all digits; once a letter is
        // seen, one table lookup per byte suffices.
        size_t run = j;
        if (all_digits) {
          while (run < end && IsAsciiDigit(p[run])) ++run;
          if (run < end && IsAsciiAlnum(p[run])) all_digits = false;
        }
        if (run < guard) {
          while (IsAsciiAlnum(p[run])) ++run;
        } else {
          while (run < end && IsAsciiAlnum(p[run])) ++run;
        }
        if (run != j) {
          letters += run - j;
          j = run;
          if (j >= end) break;
        }
        unsigned char d = p[j];
        if (!kAscii.continues_word[d]) break;  // a space, a comma, ...
        int l = 1;
        uint32_t dcp = d < 0x80 ? d : DecodeAt(text, j, &l);
        if (IsWordCodePoint(dcp)) {
          if (!IsAsciiDigit(d)) all_digits = false;
          j += l;
          ++letters;
          continue;
        }
        // Joiners: inner separators in numbers, hyphens, apostrophes,
        // ampersands, and dotted acronyms.
        if (j + 1 < end) {
          unsigned char next = p[j + 1];
          if (all_digits && (d == '.' || d == ',' || d == ':') && IsAsciiDigit(next)) {
            j += 1;
            continue;
          }
          if ((d == '-' || d == '&' || d == '/') && IsAsciiAlnum(next) && d != '/') {
            all_digits = all_digits && IsAsciiDigit(next) && d != '-';
            j += 1;
            continue;
          }
          if (d == '\'' && IsAsciiAlpha(next) && !all_digits) {
            j += 1;
            continue;
          }
          if (d == '.' && letters == 1 && IsAsciiAlpha(next) && j + 2 < end &&
              p[j + 2] == '.') {
            // Dotted acronym: U.S., p.m., U.K.
            j += 2;
            while (j + 2 < end && p[j] == '.' && IsAsciiAlpha(p[j + 1]) &&
                   p[j + 2] == '.') {
              j += 2;
            }
            j += 1;  // final '.'
            break;
          }
        }
        if (l == 3 && dcp == 0x2019 && j + 3 < end && !all_digits) {
          int l2;
          uint32_t after = DecodeAt(text, j + 3, &l2);
          if (after < 0x80 ? IsAsciiAlpha(static_cast<unsigned char>(after))
                           : IsWordCodePoint(after)) {
            j += 3;  // curly apostrophe inside a word: Japan’s
            continue;
          }
        }
        if (l == 3 && (dcp == 0x2010 || dcp == 0x2011) && j + 3 < end &&
            IsAsciiAlnum(p[j + 3])) {
          j += 3;  // Unicode hyphen inside a word
          continue;
        }
        break;
      }
      t.kind = all_digits ? TokenKind::kNumber : TokenKind::kWord;
      t.span.end = static_cast<uint32_t>(j);
      out->push_back(t);
      i = j + (j < end && p[j] == ' ');  // the space after a word
      continue;
    }
    if (IsQuoteMarkCodePoint(cp)) {
      size_t j = MarkRunEnd(text, i, end);
      if (j != i) {  // """"": a separator, not quotation
        t.kind = TokenKind::kPunct;
        t.span.end = static_cast<uint32_t>(j);
        out->push_back(t);
        i = j;
        continue;
      }
      j = i + len;
      if ((c == '`' || c == '\'') && j < end && p[j] == c) ++j;  // `` ''
      t.kind = TokenKind::kQuoteMark;
      t.span.end = static_cast<uint32_t>(j);
      out->push_back(t);
      i = j;
      continue;
    }
    if (IsDashCodePoint(cp)) {
      size_t j = i + len;
      while (j < end && p[j] == '-') ++j;  // "--"
      t.kind = TokenKind::kDash;
      t.span.end = static_cast<uint32_t>(j);
      out->push_back(t);
      i = j;
      continue;
    }
    size_t j = i + len;
    if (c == '.') {
      while (j < end && p[j] == '.') ++j;  // "..."
    }
    t.kind = TokenKind::kPunct;
    t.span.end = static_cast<uint32_t>(j);
    out->push_back(t);
    i = j;
  }
}

// ---------------------------------------------------------------------------
// Sentence splitter over the tokens of one paragraph.

// Dispatches on the length first: most tokens are rejected by it.
bool IsClosingMark(std::string_view tok) {
  switch (tok.size()) {
    case 1:
      return tok[0] == '"' || tok[0] == '\'' || tok[0] == ')' || tok[0] == ']';
    case 2:
      return tok == "\xC2\xBB" /* » */ || tok == "''";
    case 3:
      return tok == "\xE2\x80\x9D" /* ” */ || tok == "\xE2\x80\x99" /* ’ */ ||
             tok == "\xE2\x80\xBA" /* › */;
    default:
      return false;
  }
}

bool IsOpeningMark(std::string_view tok) {
  switch (tok.size()) {
    case 1:
      return tok[0] == '"' || tok[0] == '\'' || tok[0] == '(' || tok[0] == '[';
    case 2:
      return tok == "\xC2\xAB" /* « */ || tok == "``";
    case 3:
      return tok == "\xE2\x80\x9C" /* “ */ || tok == "\xE2\x80\x98" /* ‘ */ ||
             tok == "\xE2\x80\x9E" /* „ */;
    default:
      return false;
  }
}

void SplitSentences(std::string_view text, const DocumentRules& rules,
                    uint32_t paragraph, uint32_t first_token, uint32_t end_token,
                    const std::vector<Token>& tokens, std::vector<Sentence>* out) {
  uint32_t start = first_token;
  auto emit = [&](uint32_t last) {  // tokens [start, last]
    Sentence s;
    s.span = {tokens[start].span.begin, tokens[last].span.end};
    s.paragraph = paragraph;
    s.first_token = start;
    s.token_count = last - start + 1;
    out->push_back(s);
    start = last + 1;
  };
  for (uint32_t i = first_token; i < end_token; ++i) {
    const Token& t = tokens[i];
    // Tokens lie inside `text`, so no Span::In check is needed.
    const std::string_view tok(text.data() + t.span.begin, t.span.end - t.span.begin);
    bool terminal = false;
    bool strong = false;  // ! ? … — any capitalised start may follow
    if (t.kind == TokenKind::kPunct) {
      if (tok == "!" || tok == "?" || tok == "..." || tok == "\xE2\x80\xA6" ||
          tok == "?!" || tok == "!?") {
        terminal = strong = true;
      } else if (tok == ".") {
        terminal = true;
        if (i > first_token) {
          const Token& prev = tokens[i - 1];
          if (prev.span.end == t.span.begin && prev.kind == TokenKind::kWord) {
            std::string_view w = prev.span.In(text);
            if (w.size() == 1 && prev.capitalized) continue;  // initial "S."
            if (const AbbreviationKind* k = rules.Abbreviation(w)) {
              if (*k == AbbreviationKind::kTitle) continue;
              // Months, numbers and others end only before a capitalised
              // word (checked below: digits never start a sentence).
            }
          }
        }
      }
    } else if (t.kind == TokenKind::kWord && tok.size() >= 3 && tok.back() == '.') {
      // Dotted acronym: "U.S." never ends a sentence; "p.m." may.
      if (t.capitalized) continue;
      terminal = true;
    }
    if (!terminal) continue;
    uint32_t last = i;
    while (last + 1 < end_token && IsClosingMark(tokens[last + 1].span.In(text)) &&
           tokens[last + 1].span.begin == tokens[last].span.end) {
      ++last;
    }
    if (last + 1 >= end_token) break;  // paragraph end closes it anyway
    const Token& next = tokens[last + 1];
    bool starts = false;
    if (next.kind == TokenKind::kWord) {
      starts = next.capitalized;
    } else if (next.kind == TokenKind::kQuoteMark || IsOpeningMark(next.span.In(text))) {
      starts = last + 2 < end_token &&
               (tokens[last + 2].capitalized || tokens[last + 2].kind == TokenKind::kNumber);
    } else if (next.kind == TokenKind::kNumber) {
      starts = strong;
    } else if (next.kind == TokenKind::kDash) {
      starts = false;
    }
    if (!starts) continue;
    emit(last);
    i = last;
  }
  if (start < end_token) emit(end_token - 1);
}

// Strips a bullet or list-number marker at the start of `span`; returns
// the marker span (empty when there is none).
Span BulletMarker(std::string_view text, Span span) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  if (span.empty()) return {};
  int len;
  uint32_t cp = DecodeAt(text, span.begin, &len);
  uint32_t after = span.begin + len;
  auto space_follows = [&](uint32_t at) {
    int l;
    return at < span.end && IsSpaceAt(text, at, &l);
  };
  if (IsBulletCodePoint(cp) || cp == '-' || cp == 0x2013 || cp == 0x2014 ||
      cp == '>' || cp == 0x2192) {
    if (space_follows(after)) return {span.begin, after};
    return {};
  }
  // "1." "12)" "a)" "(3)"
  uint32_t j = span.begin;
  if (p[j] == '(') ++j;
  uint32_t digits = j;
  while (j < span.end && IsAsciiDigit(p[j]) && j - digits < 3) ++j;
  if (j == digits && j < span.end && p[j] >= 'a' && p[j] <= 'h' && j + 1 < span.end &&
      p[j + 1] == ')') {
    ++j;
  } else if (j == digits) {
    return {};
  }
  if (j < span.end && (p[j] == '.' || p[j] == ')') && space_follows(j + 1)) {
    return {span.begin, j + 1};
  }
  return {};
}

bool EndsLikeSentence(std::string_view s) {
  // Last non-closing-mark character is sentence punctuation.
  size_t i = s.size();
  while (i > 0) {
    unsigned char c = static_cast<unsigned char>(s[i - 1]);
    if (c == '"' || c == '\'' || c == ')' || c == ']') {
      --i;
      continue;
    }
    if (c >= 0x80) {
      size_t j = i - 1;
      while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
      std::string_view tail = s.substr(j, i - j);
      if (tail == "\xE2\x80\x9D" || tail == "\xE2\x80\x99" || tail == "\xC2\xBB") {
        i = j;
        continue;
      }
      return tail == "\xE2\x80\xA6";
    }
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------------------
// Rules.

DocumentRules::DocumentRules() {
  static std::atomic<uint64_t> next_id{1};
  id_ = next_id.fetch_add(1, std::memory_order_relaxed);
}
DocumentRules::~DocumentRules() = default;

absl::StatusOr<std::unique_ptr<DocumentRules>> DocumentRules::Create(
    const Tables& tables) {
  std::unique_ptr<DocumentRules> rules(new DocumentRules());
  absl::StatusOr<const Table*> abbr = tables.Get("abbreviations", {"abbreviation", "kind"});
  if (!abbr.ok()) return abbr.status();
  for (const Table::Row& row : (*abbr)->rows()) {
    std::string_view kind = (*abbr)->Cell(row, "kind");
    AbbreviationKind k;
    if (kind == "title") {
      k = AbbreviationKind::kTitle;
    } else if (kind == "month") {
      k = AbbreviationKind::kMonth;
    } else if (kind == "number") {
      k = AbbreviationKind::kNumber;
    } else if (kind == "other") {
      k = AbbreviationKind::kOther;
    } else {
      return (*abbr)->RowError(row, absl::StrCat("unknown kind '", std::string(kind),
                                                 "' (title, month, number, other)"));
    }
    rules->abbreviations_[row.cells[0]] = k;
  }

  absl::StatusOr<const Table*> bp = tables.Get("boilerplate", {"pattern", "reason", "scope"});
  if (!bp.ok()) return bp.status();
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_case_sensitive(false);
  rules->boilerplate_set_ = std::make_unique<RE2::Set>(opt, RE2::ANCHOR_BOTH);
  for (const Table::Row& row : (*bp)->rows()) {
    std::string_view reason = (*bp)->Cell(row, "reason");
    std::string_view scope = (*bp)->Cell(row, "scope");
    BoilerplateRule rule;
    if (reason == "comment_section") {
      rule.reason = BoilerplateReason::kCommentSection;
    } else if (reason == "social") {
      rule.reason = BoilerplateReason::kSocial;
    } else if (reason == "reading_time") {
      rule.reason = BoilerplateReason::kReadingTime;
    } else if (reason == "related") {
      rule.reason = BoilerplateReason::kRelated;
    } else if (reason == "credit") {
      rule.reason = BoilerplateReason::kCredit;
    } else if (reason == "navigation") {
      rule.reason = BoilerplateReason::kNavigation;
    } else {
      return (*bp)->RowError(row, absl::StrCat("unknown reason '", std::string(reason), "'"));
    }
    if (scope != "line" && scope != "rest" && scope != "caption") {
      return (*bp)->RowError(row, "scope must be 'line', 'rest' or 'caption'");
    }
    rule.rest = scope == "rest";
    rule.caption = scope == "caption";
    std::string error;
    std::string pattern((*bp)->Cell(row, "pattern"));
    if (rules->boilerplate_set_->Add(pattern, &error) < 0) {
      return (*bp)->RowError(row, absl::StrCat("bad pattern: ", error));
    }
    rules->boilerplate_rules_.push_back(rule);
  }
  if (!rules->boilerplate_set_->Compile()) {
    return absl::ResourceExhaustedError("boilerplate patterns too large to compile");
  }

  absl::StatusOr<const Table*> dl = tables.Get("dateline", {"pattern"});
  if (!dl.ok()) return dl.status();
  for (const Table::Row& row : (*dl)->rows()) {
    RE2::Options dopt;
    dopt.set_log_errors(false);
    auto re = std::make_unique<RE2>(std::string((*dl)->Cell(row, "pattern")), dopt);
    if (!re->ok()) {
      return (*dl)->RowError(row, absl::StrCat("bad pattern: ", re->error()));
    }
    rules->datelines_.push_back(std::move(re));
    rules->dateline_digit_blind_.push_back(
        PatternIsDigitBlind((*dl)->Cell(row, "pattern")));
  }
  return rules;
}

const DocumentRules& DocumentRules::Default() {
  static const DocumentRules* const kRules = [] {
    absl::StatusOr<Tables> tables = Tables::Create({});
    if (!tables.ok()) std::abort();  // built-in data is tested
    absl::StatusOr<std::unique_ptr<DocumentRules>> rules = Create(*tables);
    if (!rules.ok()) std::abort();
    return rules->release();
  }();
  return *kRules;
}

const AbbreviationKind* DocumentRules::Abbreviation(std::string_view word) const {
  if (word.size() > 16) return nullptr;
  auto it = abbreviations_.find(absl::string_view(word.data(), word.size()));
  return it == abbreviations_.end() ? nullptr : &it->second;
}

const DocumentRules::BoilerplateRule* DocumentRules::MatchBoilerplate(
    std::string_view paragraph) const {
  std::vector<int> hits;
  if (!boilerplate_set_->Match(paragraph, &hits) || hits.empty()) return nullptr;
  return &boilerplate_rules_[*std::min_element(hits.begin(), hits.end())];
}

// ---------------------------------------------------------------------------
// Builder.

namespace {

constexpr size_t kMaxBoilerplateLine = 200;
constexpr size_t kBodyParagraphBytes = 150;
constexpr size_t kDatelineParagraphs = 12;
constexpr size_t kMaxDatelineBytes = 200;
constexpr size_t kMinDuplicateBytes = 20;
constexpr size_t kMinCaptionBytes = 40;

constexpr size_t kMaxCaptionLowerWords = 5;

// Number of words starting with a lower-case ASCII letter.
size_t LowerCaseWords(std::string_view s) {
  size_t n = 0;
  bool at_start = true;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      at_start = true;
      continue;
    }
    if (at_start && c >= 'a' && c <= 'z') ++n;
    at_start = false;
  }
  return n;
}

// Cheap screen before the pattern set: page furniture is short, or lacks
// sentence punctuation, or carries a parenthesis (credits, captions) or a
// clock time.
bool MayBeBoilerplate(std::string_view s) {
  if (s.size() <= 60) return true;
  if (!EndsLikeSentence(s)) return true;
  return s.find('(') != std::string_view::npos || s.find(':') != std::string_view::npos;
}

void MarkBoilerplate(std::string_view text, const DocumentRules& rules,
                     std::vector<Paragraph>* paragraphs) {
  bool seen_body = false;
  bool rest = false;
  BoilerplateReason rest_reason = BoilerplateReason::kNone;
  absl::flat_hash_set<std::string_view, StringViewHash> seen;
  for (size_t i = 0; i < paragraphs->size(); ++i) {
    Paragraph& p = (*paragraphs)[i];
    std::string_view s = p.span.In(text);
    if (rest) {
      p.boilerplate = rest_reason;
      continue;
    }
    if (s.size() <= kMaxBoilerplateLine && MayBeBoilerplate(s)) {
      const DocumentRules::BoilerplateRule* r = rules.MatchBoilerplate(s);
      if (r != nullptr && (!r->caption || LowerCaseWords(s) <= kMaxCaptionLowerWords)) {
        p.boilerplate = r->reason;
        if (r->rest && seen_body) {
          rest = true;
          rest_reason = r->reason;
        }
        continue;
      }
    }
    // A paragraph repeating an earlier one (a repeated headline), or a
    // doubled caption (both copies).
    if (s.size() >= kMinDuplicateBytes && !seen.insert(s).second) {
      p.boilerplate = BoilerplateReason::kCredit;
      if (i > 0 && (*paragraphs)[i - 1].span.In(text) == s) {
        (*paragraphs)[i - 1].boilerplate = BoilerplateReason::kCredit;
      }
      continue;
    }
    // A caption followed by its own truncated copy (or the reverse).
    if (i + 1 < paragraphs->size() && s.size() >= kMinCaptionBytes) {
      std::string_view n = (*paragraphs)[i + 1].span.In(text);
      std::string_view shorter = n.size() < s.size() ? n : s;
      std::string_view longer = n.size() < s.size() ? s : n;
      if (shorter.size() >= kMinCaptionBytes && shorter.size() < longer.size() &&
          longer.substr(0, shorter.size()) == shorter) {
        p.boilerplate = BoilerplateReason::kCredit;
        (*paragraphs)[i + 1].boilerplate = BoilerplateReason::kCredit;
        seen.insert(n);
        ++i;
        continue;
      }
    }
    if (s.size() >= kBodyParagraphBytes) seen_body = true;
  }
}

// Tries `re` at the start of paragraph `p`; fills *out on success.
// The groups of a dateline match, relative to the match's start.
struct DatelineGroups {
  bool ok = false;  // the group-filling pass matched (it always should)
  Span place, date, agency;
};

// Per-thread memo of RE2's group-filling pass over dateline matches. That
// pass (RE2's BitState engine, or its NFA for programs of over 512
// instructions such as the built-in pattern's) costs ten to a hundred times
// the DFA pass that finds the match, and corpora repeat their datelines
// ("NEW YORK, March 2 -"): half of the Reuters corpus's hit a 256-entry memo.
// An entry is keyed by the rules (DocumentRules::id()), the pattern's index,
// the matched bytes and the byte after them (their only context for $ and
// \b), so a hit is what the pass would return. For a digit-blind pattern
// (PatternIsDigitBlind) both have their digits replaced by '0', which the
// pattern cannot tell apart.
class DatelineMemo {
 public:
  struct Entry {
    uint64_t rules = 0;
    size_t pattern = 0;
    int next = -1;  // the byte after the match, -1 at the end of the text
    std::string bytes;
    DatelineGroups groups;
  };
  static Entry& Slot(uint64_t rules, size_t pattern, std::string_view bytes, int next) {
    thread_local std::array<Entry, 256> entries;
    return entries[absl::HashOf(rules, pattern, Absl(bytes), next) & 255];
  }
  static bool Hit(const Entry& e, uint64_t rules, size_t pattern, std::string_view bytes,
                  int next) {
    return e.rules == rules && e.pattern == pattern && e.next == next && e.bytes == bytes;
  }
};

// Tries pattern `pattern` of `rules` at the start of paragraph `p`; fills
// *out on success.
bool MatchDateline(std::string_view text, const DocumentRules& rules, size_t pattern,
                   Paragraph* p, std::optional<Dateline>* out) {
  const RE2& re = *rules.datelines()[pattern];
  const int groups = re.NumberOfCapturingGroups();
  if (groups + 1 > 16) return false;
  std::string_view s = p->span.In(text);
  if (s.size() > kMaxDatelineBytes) s = s.substr(0, kMaxDatelineBytes);
  std::string_view head = s.substr(0, 80);
  if (head.find(',') == std::string_view::npos && head.find('(') == std::string_view::npos) {
    return false;
  }
  // RE2's DFA finds the match's extent cheaply; the engines that fill the
  // groups then only walk that extent, and only when the memo misses.
  re2::StringPiece m[16];
  if (!re.Match(s, 0, s.size(), RE2::ANCHOR_START, m, 1)) return false;
  const size_t match_end = static_cast<size_t>(m[0].data() + m[0].size() - s.data());
  std::string_view bytes = s.substr(0, match_end);
  int next = match_end < s.size() ? static_cast<unsigned char>(s[match_end]) : -1;
  // A pattern blind to digits gives the same groups for "March 5" and
  // "March 7": the memo keys it by the bytes with every digit made '0'.
  char key[kMaxDatelineBytes];
  if (rules.DatelineDigitBlind(pattern)) {
    for (size_t i = 0; i < bytes.size(); ++i) {
      const char c = bytes[i];
      key[i] = c >= '0' && c <= '9' ? '0' : c;
    }
    bytes = std::string_view(key, bytes.size());
    if (next >= '0' && next <= '9') next = '0';
  }
  DatelineMemo::Entry& memo = DatelineMemo::Slot(rules.id(), pattern, bytes, next);
  if (!DatelineMemo::Hit(memo, rules.id(), pattern, bytes, next)) {
    DatelineGroups g;
    g.ok = re.Match(s, 0, match_end, RE2::ANCHOR_BOTH, m, groups + 1);
    if (g.ok) {
      const auto& names = re.NamedCapturingGroups();
      auto relative = [&](const char* name) -> Span {
        auto it = names.find(name);
        if (it == names.end()) return {};
        const re2::StringPiece& x = m[it->second];
        if (x.data() == nullptr || x.empty()) return {};
        uint32_t b = static_cast<uint32_t>(x.data() - s.data());
        return {b, b + static_cast<uint32_t>(x.size())};
      };
      g.place = relative("place");
      g.date = relative("date");
      g.agency = relative("agency");
    }
    memo.rules = rules.id();
    memo.pattern = pattern;
    memo.next = next;
    memo.bytes.assign(bytes.data(), bytes.size());
    memo.groups = g;
  }
  if (!memo.groups.ok) return false;
  const uint32_t base = p->span.begin;
  auto absolute = [&](Span r) -> Span {
    return r.empty() ? Span{} : Span{base + r.begin, base + r.end};
  };
  Dateline d;
  d.place = absolute(memo.groups.place);
  d.date = absolute(memo.groups.date);
  d.agency = absolute(memo.groups.agency);
  if (d.date.empty() && d.agency.empty()) return false;
  d.span = Trim(text, {base, base + static_cast<uint32_t>(match_end)});
  // Drop a trailing dash or colon from the span.
  while (d.span.end > d.span.begin) {
    int len;
    uint32_t j = d.span.end - 1;
    while (j > d.span.begin && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) --j;
    uint32_t cp = DecodeAt(text, j, &len);
    if (IsDashCodePoint(cp) || cp == ':' || IsSpaceCodePoint(cp)) {
      d.span.end = j;
    } else {
      break;
    }
  }
  if (d.span.end >= p->span.end) p->kind = ParagraphKind::kDateline;
  *out = d;
  return true;
}

void FindDateline(std::string_view text, const DocumentRules& rules,
                  std::vector<Paragraph>* paragraphs, std::optional<Dateline>* out) {
  size_t checked = 0;
  for (Paragraph& p : *paragraphs) {
    if (checked >= kDatelineParagraphs) break;
    if (p.is_boilerplate()) continue;
    ++checked;
    for (size_t k = 0; k < rules.datelines().size(); ++k) {
      if (MatchDateline(text, rules, k, &p, out)) return;
    }
  }
}

}  // namespace

absl::StatusOr<Document> DocumentBuilder::Build(std::string_view text,
                                                const DocumentOptions& options,
                                                const DocumentRules& rules) {
  size_t max_bytes = std::min<size_t>(options.max_bytes, 0xFFFFFFFFu);
  if (text.size() > max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "article of ", text.size(), " bytes exceeds the limit of ", max_bytes, " bytes"));
  }
  Document doc;
  size_t bad = FindInvalidUtf8(text);
  if (bad != std::string_view::npos) {
    if (!options.repair_utf8) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid UTF-8 at byte offset ", bad));
    }
    doc.owned_ = std::make_unique<std::string>();
    doc.repaired_sequences_ = RepairUtf8(text, doc.owned_.get());
    if (doc.owned_->size() > max_bytes) {
      return absl::ResourceExhaustedError("repaired article exceeds the size limit");
    }
    text = *doc.owned_;
  }
  doc.text_ = text;

  // Paragraphs: one per non-blank line (\n, \r\n or a lone \r ends a line).
  const char* data = text.data();
  size_t pos = 0;
  const size_t n = text.size();
  while (pos < n) {
    const char* nl = static_cast<const char*>(std::memchr(data + pos, '\n', n - pos));
    size_t line_end = nl ? static_cast<size_t>(nl - data) : n;
    // A lone '\r' inside the line also ends a line.
    size_t seg = pos;
    while (seg <= line_end) {
      const char* cr = static_cast<const char*>(
          std::memchr(data + seg, '\r', line_end - seg));
      size_t seg_end = cr ? static_cast<size_t>(cr - data) : line_end;
      Span s = Trim(text, {static_cast<uint32_t>(seg), static_cast<uint32_t>(seg_end)});
      if (!s.empty()) {
        Paragraph p;
        p.span = s;
        doc.paragraphs_.push_back(p);
      }
      if (!cr) break;
      seg = seg_end + 1;
    }
    pos = line_end + 1;
  }

  // Kinds, tokens and sentences.
  for (uint32_t pi = 0; pi < doc.paragraphs_.size(); ++pi) {
    Paragraph& p = doc.paragraphs_[pi];
    p.bullet_marker = BulletMarker(text, p.span);
    std::string_view s = p.span.In(text);
    if (!p.bullet_marker.empty()) {
      p.kind = ParagraphKind::kBullet;
    } else if (!EndsLikeSentence(s) && s.size() < 200) {
      p.kind = ParagraphKind::kHeadline;
    }
  }
  MarkBoilerplate(text, rules, &doc.paragraphs_);
  for (Paragraph& p : doc.paragraphs_) {
    if (p.is_boilerplate()) p.kind = ParagraphKind::kBoilerplate;
  }
  FindDateline(text, rules, &doc.paragraphs_, &doc.dateline_);

  if (options.tokenize) doc.tokens_.reserve(text.size() / 5 + 16);
  for (uint32_t pi = 0; pi < doc.paragraphs_.size(); ++pi) {
    Paragraph& p = doc.paragraphs_[pi];
    p.first_sentence = static_cast<uint32_t>(doc.sentences_.size());
    uint32_t first_token = static_cast<uint32_t>(doc.tokens_.size());
    std::vector<Token> local;
    std::vector<Token>* tokens = &doc.tokens_;
    if (!options.tokenize) {
      tokens = &local;
      first_token = 0;
    }
    Span body = p.span;
    if (!p.bullet_marker.empty()) body = Trim(text, {p.bullet_marker.end, p.span.end});
    Tokenize(text, body, tokens);
    uint32_t end_token = static_cast<uint32_t>(tokens->size());
    if (end_token > first_token) {
      SplitSentences(text, rules, pi, first_token, end_token, *tokens, &doc.sentences_);
    }
    if (!options.tokenize) {
      for (uint32_t si = p.first_sentence; si < doc.sentences_.size(); ++si) {
        doc.sentences_[si].first_token = 0;
        doc.sentences_[si].token_count = 0;
      }
    }
    p.sentence_count = static_cast<uint32_t>(doc.sentences_.size()) - p.first_sentence;
  }
  return doc;
}

}  // namespace internal
}  // namespace dipx
