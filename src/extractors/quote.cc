#include "extractors/quote.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "extractors/quote_marks.h"
#include "util/strings.h"
#include "util/thread_scratch.h"

namespace dipx::internal {
namespace {

// ---------------------------------------------------------------------------
// Lexical helpers

// Byte classes for the tokenizer's per-byte loops.
constexpr uint8_t kAlnumByte = 1;  // ASCII letter or digit
constexpr uint8_t kSpaceByte = 2;  // ASCII white space

struct ByteClassTable {
  uint8_t of[256] = {};
};

constexpr ByteClassTable MakeByteClassTable() {
  ByteClassTable t;
  for (int c = 0; c < 256; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      t.of[c] = kAlnumByte;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      t.of[c] = kSpaceByte;
    }
  }
  return t;
}
constexpr ByteClassTable kByteClass = MakeByteClassTable();

bool IsAsciiUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiAlnum(unsigned char c) { return (kByteClass.of[c] & kAlnumByte) != 0; }

// Lower-cases ASCII into buf; false when the word is too long.
bool Lower(std::string_view w, char* buf, size_t cap, std::string_view* out) {
  if (w.size() > cap) return false;
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  *out = std::string_view(buf, w.size());
  return true;
}

bool EqualsLower(std::string_view w, std::string_view lower) {
  if (w.size() != lower.size()) return false;
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != lower[i]) return false;
  }
  return true;
}

// Strips a possessive "'s" / "’s" / "s'" ending.
std::string_view StripPossessive(std::string_view w) {
  size_t n = w.size();
  if (n <= 2 || w[n - 1] != 's') return w;
  if (w[n - 2] == '\'') return w.substr(0, n - 2);
  if (n > 4 && w[n - 2] == '\x99' && w[n - 3] == '\x80' && w[n - 4] == '\xE2') {
    return w.substr(0, n - 4);
  }
  return w;
}
bool IsPossessive(std::string_view w) { return StripPossessive(w).size() != w.size(); }

// ---------------------------------------------------------------------------
// Tokens

enum class TokKind : uint8_t { kWord, kPunct, kDash, kMark };

// 16 bytes: indexing the token array is a shift.
struct Tok {
  uint32_t b = 0, e = 0;
  int32_t region = -1;   // for marks: the top-level region it opens/closes
  TokKind kind = TokKind::kPunct;
  bool cap = false;
  bool in_quote = false; // inside a top-level quote's content
};
static_assert(sizeof(Tok) == 16);

// Length of a whitespace code point at text[i], 0 if none.
size_t SpaceAt(std::string_view t, size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return (kByteClass.of[c] & kSpaceByte) != 0 ? 1 : 0;
  if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(t[i + 2]);
    if (d <= 0x8B || d == 0xAF) return 3;
  }
  if (c == 0xE3 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80 &&
      static_cast<unsigned char>(t[i + 2]) == 0x80) {
    return 3;
  }
  return 0;
}

size_t Utf8Len(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

// True for a byte that starts a letter/digit code point.
bool WordStart(std::string_view t, size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return IsAsciiAlnum(c);
  if (c == 0xC2 || c == 0xE2) return false;  // Latin-1 punct, general punct
  return c >= 0xC3;
}

bool IsDashAt(std::string_view t, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c == '-') { *len = 1; return true; }
  if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(t[i + 2]);
    if (d >= 0x92 && d <= 0x95) { *len = 3; return true; }
  }
  return false;
}

constexpr std::string_view kAbbr[] = {
    "Mr", "Mrs", "Ms", "Dr", "Jr", "Sr", "St", "Sec", "Rep", "Gen", "Col", "Lt",
    "Sen", "Gov", "Hon", "Prof", "No", "Vol", "vs", "Inc", "Ltd", "Co", "Corp",
    "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
    "Capt", "Cmdr", "Adm", "Maj", "Sgt", "Amb", "Pres", "Dept", "Mt", "Ft"};

// The first bytes of kAbbr: most words before a period ("said.") start
// with none of them.
struct AbbrevFirstBytes {
  bool of[256] = {};
};
constexpr AbbrevFirstBytes MakeAbbrevFirstBytes() {
  AbbrevFirstBytes f;
  for (std::string_view a : kAbbr) f.of[static_cast<unsigned char>(a[0])] = true;
  return f;
}
constexpr AbbrevFirstBytes kAbbrevFirst = MakeAbbrevFirstBytes();

bool IsAbbrevWord(std::string_view w) {
  if (w.size() < 2 || w.size() > 4 || !kAbbrevFirst.of[static_cast<unsigned char>(w[0])]) {
    return false;
  }
  for (std::string_view a : kAbbr) if (w == a) return true;
  return false;
}

// Tokenize's token at t[i] (i < end) that is no word, mark or space: a
// dash run or one punctuation code point (or a run of one repeated
// quotation mark). Returns the token's end.
size_t TokenizeOther(std::string_view t, size_t i, size_t end, std::vector<Tok>* toks) {
  size_t dl = 0;
  Tok k;
  k.b = static_cast<uint32_t>(i);
  if (IsDashAt(t, i, &dl)) {
    size_t j = i + dl;
    while (j < end && t[j] == '-') ++j;
    k.e = static_cast<uint32_t>(j);
    k.kind = TokKind::kDash;
    toks->push_back(k);
    return j;
  }
  size_t len = std::min(Utf8Len(static_cast<unsigned char>(t[i])), end - i);
  if (size_t run = MarkRunEnd(t, i, end); run != i) len = run - i;  // """""
  k.e = static_cast<uint32_t>(i + len);
  k.kind = TokKind::kPunct;
  toks->push_back(k);
  return i + len;
}

// Tokenises text[para) into `toks` (appended). Marks come from `marks`
// (sorted, inside para) and become kMark tokens.
// Not inlined: its loop compiles tighter as a function of its own.
ABSL_ATTRIBUTE_NOINLINE void Tokenize(std::string_view t, Span para,
                                      const std::vector<QuoteMark>& marks,
                                      std::vector<Tok>* toks) {
  size_t mi = 0;
  // The next mark's first byte (SIZE_MAX after the last).
  size_t next_mark = marks.empty() ? SIZE_MAX : marks[0].span.begin;
  size_t end = para.end;
  size_t i = para.begin;
  // Paragraphs mostly end before a line break: a byte at `end` that is no
  // letter or digit stops the letter/digit loop below without a bound check.
  const bool alnum_stops = end < t.size() && !IsAsciiAlnum(static_cast<unsigned char>(t[end]));
  // Otherwise a run that starts before `free_below` (one past the
  // paragraph's last byte that is no letter or digit) stops there.
  size_t free_below = SIZE_MAX;
  if (!alnum_stops) {
    free_below = 0;
    for (size_t p = end; p > i; --p) {
      if (!IsAsciiAlnum(static_cast<unsigned char>(t[p - 1]))) {
        free_below = p;
        break;
      }
    }
  }
  while (i < end) {
    const uint8_t cls = kByteClass.of[static_cast<unsigned char>(t[i])];
    // ASCII white space, the commonest byte here, never starts a mark.
    if ((cls & kSpaceByte) != 0) {
      ++i;
      continue;
    }
    // An ASCII letter or digit starts a word (no mark, no space); the
    // tests below are for the other bytes.
    if ((cls & kAlnumByte) == 0) {
      if (i == next_mark) {
        Tok k;
        k.b = marks[mi].span.begin;
        k.e = marks[mi].span.end;
        k.kind = TokKind::kMark;
        toks->push_back(k);
        i = marks[mi].span.end;
        ++mi;
        next_mark = mi < marks.size() ? marks[mi].span.begin : SIZE_MAX;
        continue;
      }
      size_t sp = SpaceAt(t, i);
      if (sp) { i += sp; continue; }
      if (!WordStart(t, i)) {
        i = TokenizeOther(t, i, end, toks);  // dashes and punctuation
        continue;
      }
    }
    // A word from i.
    {
      size_t j = i;
      bool space_after = false;
      while (j < end) {
        // ASCII letters and digits never start a mark.
        if (j < free_below) {
          // Two bytes a step: words run several letters.
          const unsigned char* p = reinterpret_cast<const unsigned char*>(t.data()) + j;
          for (;;) {
            if (!IsAsciiAlnum(p[0])) break;
            if (!IsAsciiAlnum(p[1])) { ++p; break; }
            p += 2;
          }
          j = static_cast<size_t>(p - reinterpret_cast<const unsigned char*>(t.data()));
        } else {
          while (j < end && IsAsciiAlnum(static_cast<unsigned char>(t[j]))) ++j;
        }
        if (j >= end) break;
        // ASCII white space (the commonest end) starts no mark, letter or
        // inner joiner.
        if ((kByteClass.of[static_cast<unsigned char>(t[j])] & kSpaceByte) != 0) {
          space_after = true;
          break;
        }
        if (j == next_mark) break;
        if (WordStart(t, j)) { j += Utf8Len(static_cast<unsigned char>(t[j])); continue; }
        unsigned char c = static_cast<unsigned char>(t[j]);
        // Inner apostrophe (Japan's, Japan’s), hyphen, period, ampersand.
        size_t inner = 0;
        if (c == '\'' || c == '-' || c == '.' || c == '&' || c == '/') inner = 1;
        else if (c == 0xE2 && j + 2 < end && static_cast<unsigned char>(t[j + 1]) == 0x80 &&
                 static_cast<unsigned char>(t[j + 2]) == 0x99) inner = 3;
        if (inner && j + inner < end && WordStart(t, j + inner)) { j += inner; continue; }
        if (c == '.') {
          std::string_view w = t.substr(i, j - i);
          bool initial = w.size() == 1 && IsAsciiUpper(static_cast<unsigned char>(w[0]));
          // "H.E." / "U.S." end with a single letter after a period.
          bool dotted = w.size() >= 3 && w[w.size() - 2] == '.';
          if (initial || dotted || IsAbbrevWord(w)) { ++j; }
        }
        break;
      }
      Tok k;
      k.b = static_cast<uint32_t>(i);
      k.e = static_cast<uint32_t>(j);
      k.kind = TokKind::kWord;
      unsigned char c0 = static_cast<unsigned char>(t[i]);
      if (c0 < 0x80) {
        k.cap = IsAsciiUpper(c0);
      } else {
        k.cap = (c0 == 0xC3 && i + 1 < end && static_cast<unsigned char>(t[i + 1]) >= 0x80 &&
                 static_cast<unsigned char>(t[i + 1]) <= 0x9E) ||
                (c0 >= 0xC4 && c0 <= 0xC5 && i + 1 < end &&
                 (static_cast<unsigned char>(t[i + 1]) & 1) == 0);
      }
      toks->push_back(k);
      // Step over the ASCII space that ended the word.
      i = j + (space_after ? 1 : 0);
    }
  }
}

// ---------------------------------------------------------------------------
// Speakers

enum class RefKind : uint8_t { kNone, kName, kPronoun, kRole, kBody, kGroup, kRelative };

struct NP {
  int b = -1, e = -1;  // token range [b, e)
  bool ok() const { return b >= 0 && e > b; }
};

struct Resolved {
  bool valid = false;        // an attributing mention was found
  bool has_speaker = false;  // false for joint / unnamed sources
  Speaker speaker;
  bool person = false;
  Gender gender = Gender::kUnknown;
  RefKind ref = RefKind::kNone;
};

struct PersonMention {
  uint32_t begin = 0;
  uint32_t ctx_begin = 0;  // start of the title words before the name
  int name = -1;           // index into names
};

struct NameEntry {
  std::string_view full;  // in the article text
  Gender gender = Gender::kUnknown;
  bool titled = false;  // seen with a title or honorific, or as a speaker
};

struct OrgMention {
  uint32_t begin = 0;
  std::string name;
  std::string head;  // lower-case last word as written ("article")
};

struct Attribution {
  Resolved who;
  Span cue;
  std::string rule;
  float confidence = 0.f;
};

// The per-token arrays of one Run, kept per thread between articles
// (ThreadScratch) so that a long run over large articles does not map,
// fault in and unmap megabytes per call. Run::Go refills them from the
// start.
struct TokenScratch {
  std::vector<Tok> toks;
  std::vector<uint8_t> word_class;
  std::vector<const CueVerb*> cue;
  std::vector<int> next_cue;
  std::vector<int> sent, sent_lo, sent_hi;
  // The article's person names (Run::CollectNames); the maps keep their
  // slot arrays between articles, so that they do not regrow per article.
  std::vector<NameEntry> names;
  absl::flat_hash_map<std::string_view, int, StringViewHash> by_last, by_first;
  std::vector<PersonMention> persons;
  // Run's per-paragraph arrays and quotation marks / regions.
  std::vector<QuoteMark> marks;
  std::vector<QuoteRegion> regions;
  std::vector<int> para_tok_begin, para_tok_end, para_region_begin, para_region_end;

  size_t Bytes() const {
    return toks.capacity() * sizeof(Tok) + word_class.capacity() +
           cue.capacity() * sizeof(const CueVerb*) + next_cue.capacity() * sizeof(int) +
           (sent.capacity() + sent_lo.capacity() + sent_hi.capacity()) * sizeof(int) +
           names.capacity() * sizeof(NameEntry) +
           (by_last.capacity() + by_first.capacity()) * (sizeof(std::string_view) + 2 * sizeof(int)) +
           persons.capacity() * sizeof(PersonMention) + marks.capacity() * sizeof(QuoteMark) +
           regions.capacity() * sizeof(QuoteRegion) +
           (para_tok_begin.capacity() + para_tok_end.capacity() + para_region_begin.capacity() +
            para_region_end.capacity()) * sizeof(int);
  }
};

// One extraction run over one article.
class Run {
 public:
  Run(const QuoteExtractor& qx, const Document& doc, const EntityIndex& entities,
      Extraction* out)
      : qx_(qx), doc_(doc), t_(doc.text()), entities_(entities), out_(out) {}

  void Go();

 private:
  std::string_view Text(const Tok& k) const {
    return std::string_view(t_.data() + k.b, k.e - k.b);
  }
  std::string_view TokText(int i) const { return Text(tk_[i]); }
  // True when 0 <= i < Ntoks() (one unsigned comparison).
  bool InRange(int i) const {
    return static_cast<unsigned>(i) < static_cast<unsigned>(ntoks_);
  }
  bool IsWord(int i) const { return InRange(i) && tk_[i].kind == TokKind::kWord; }
  // IsPunct, IsWordLower and CueAt sit in the rules' token scans: inlined,
  // a miss costs a few instructions instead of a call (and IsWordLower's
  // length test folds to a constant).
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool IsPunct(int i, char c) const {
    return InRange(i) && tk_[i].kind == TokKind::kPunct &&
           tk_[i].e - tk_[i].b == 1 && t_[tk_[i].b] == c;
  }
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool IsWordLower(int i, std::string_view lower) const {
    return IsWord(i) && EqualsLower(TokText(i), lower);
  }
  // (Valid once the article is tokenised.)
  int Ntoks() const { return ntoks_; }

  void TokenizeArticle();
  void Segment(int p);
  void CollectNames();
  int AddName(std::string_view full, bool titled, Gender g);

  ABSL_ATTRIBUTE_ALWAYS_INLINE const CueVerb* CueAt(int i) const {
    if (!InRange(i)) return nullptr;
    const CueVerb* cv = cue_at_[i];
    return cv ? FilterCue(i, cv) : nullptr;
  }
  // CueAt's context filters for the lexicon cue `cv` at token i.
  const CueVerb* FilterCue(int i, const CueVerb* cv) const;
  // Inlined: most calls find the class already looked up.
  ABSL_ATTRIBUTE_ALWAYS_INLINE SpeakerWord WordAt(int i) const {
    if (!IsWord(i)) return SpeakerWord::kNone;
    uint8_t c = wc_[i];
    return c != kUnsetClass ? static_cast<SpeakerWord>(c) : LookUpWordClass(i);
  }
  // WordAt's first lookup for word token i, kept in word_class_.
  SpeakerWord LookUpWordClass(int i) const;
  // Fills cue_: the lexicon's cue at each word token outside quotes; and
  // next_cue_ and according_. Not inlined: its loop compiles tighter alone.
  ABSL_ATTRIBUTE_NOINLINE void LookUpCues();
  // next_cue_[i] for any i >= 0 (Ntoks() past the end).
  int NextCue(int i) const { return i < Ntoks() ? next_cue_[i] : Ntoks(); }
  // True when a token in [lo, hi) is the word "according".
  bool AccordingIn(int lo, int hi) const {
    auto it = std::lower_bound(according_.begin(), according_.end(), lo);
    return it != according_.end() && *it < hi;
  }
  bool IsPronounTok(int i, Gender* g, bool* person) const;
  bool NpToken(int i) const;
  NP NpBefore(int end, int lo) const;
  NP NpAfter(int begin, int hi) const;
  NP SentenceSubject(int lo, int hi) const;
  int SkipBackAdverbs(int i, int lo) const;
  Resolved Resolve(NP np, uint32_t pos);
  Resolved ResolveName(int b, int e);
  Resolved ResolvePronoun(int i, Gender g, bool person);
  Resolved ResolveRole(int b, int e);
  void Remember(const Resolved& r);
  // Number of person / body mentions starting before `pos` (both lists
  // are in text order).
  size_t PersonsBefore(uint32_t pos) const {
    return std::lower_bound(persons_.begin(), persons_.end(), pos,
                            [](const PersonMention& m, uint32_t o) { return m.begin < o; }) -
           persons_.begin();
  }
  size_t OrgsBefore(uint32_t pos) const {
    return std::lower_bound(orgs_.begin(), orgs_.end(), pos,
                            [](const OrgMention& m, uint32_t o) { return m.begin < o; }) -
           orgs_.begin();
  }

  bool TrailingAttribution(int after, int hi, Attribution* a);
  bool LeadingAttribution(int before, int lo, Attribution* a);
  bool AccordingTo(int lo, int hi, Attribution* a);
  bool CueSubject(int cue, int lo, Attribution* a);

  void ProcessParagraph(int p);
  void IndirectQuotes(int p, int s_lo, int s_hi);
  int Emit(Span content, QuoteKind kind, const Attribution& a, int paragraphs);
  void Apply(int q, const Attribution& a);
  bool IntroColon(int p, Attribution* a);
  bool NameLine(int p, Attribution* a);
  bool HeadlineColon(int p, int region_tok, Attribution* a);
  int PrevContentPara(int p) const;
  int NextContentPara(int p) const;
  void FinishChain();

  const QuoteExtractor& qx_;
  const Document& doc_;
  std::string_view t_;
  const EntityIndex& entities_;
  Extraction* out_;

  // Per-token arrays live in this thread's scratch (see TokenScratch).
  TokenScratch& scratch_ = ThreadScratch<TokenScratch>::Get();
  std::vector<Tok>& toks_ = scratch_.toks;
  // Per-token word classes (filled on first use).
  static constexpr uint8_t kUnsetClass = 0xFF;
  std::vector<uint8_t>& word_class_ = scratch_.word_class;
  // The lexicon's cue per token (before the context filters of CueAt); null
  // for tokens that are no word or inside a quote.
  std::vector<const CueVerb*>& cue_ = scratch_.cue;
  // next_cue_[i]: the first token k >= i with a non-null cue_[k], else
  // Ntoks() (Ntoks() + 1 entries).
  std::vector<int>& next_cue_ = scratch_.next_cue;
  // The word tokens "according" (any case, quoted or not), ascending.
  std::vector<int> according_;
  // The arrays' data once filled (Go): one load where the vectors,
  // references into the scratch, take two.
  const Tok* tk_ = nullptr;
  int ntoks_ = 0;
  uint8_t* wc_ = nullptr;
  const CueVerb* const* cue_at_ = nullptr;
  std::vector<QuoteMark>& marks_ = scratch_.marks;
  std::vector<QuoteRegion>& regions_ = scratch_.regions;  // all paragraphs
  std::vector<int>& para_tok_begin_ = scratch_.para_tok_begin;
  std::vector<int>& para_tok_end_ = scratch_.para_tok_end;
  std::vector<int>& para_region_begin_ = scratch_.para_region_begin;
  std::vector<int>& para_region_end_ = scratch_.para_region_end;
  std::vector<int>& sent_ = scratch_.sent;    // sentence id per token (per paragraph)
  std::vector<int>& sent_lo_ = scratch_.sent_lo;  // sentence token range per token
  std::vector<int>& sent_hi_ = scratch_.sent_hi;
  std::vector<NameEntry>& names_ = scratch_.names;
  // Last and first words of names_ → index (views into the article text).
  absl::flat_hash_map<std::string_view, int, StringViewHash>& by_last_ = scratch_.by_last;
  absl::flat_hash_map<std::string_view, int, StringViewHash>& by_first_ = scratch_.by_first;
  std::vector<PersonMention>& persons_ = scratch_.persons;
  // A bit per slot of the keys ever put in by_last_ / by_first_ (see
  // NameSlot): a key whose bit is clear is in neither map, and most
  // capitalised words are no name key.
  uint64_t name_bits_[16] = {};
  static uint32_t NameSlot(std::string_view w) {
    if (w.empty()) return 0;
    const uint32_t x = static_cast<unsigned char>(w.front()) |
                       (static_cast<uint32_t>(static_cast<unsigned char>(w.back())) << 8) |
                       (static_cast<uint32_t>(w.size()) << 16);
    return (x * 0x9E3779B1u) >> 22;  // 10 bits
  }
  void NoteNameKey(std::string_view w) {
    const uint32_t s = NameSlot(w);
    name_bits_[s >> 6] |= uint64_t{1} << (s & 63);
  }
  bool MayBeNameKey(std::string_view w) const {
    const uint32_t s = NameSlot(w);
    return ((name_bits_[s >> 6] >> (s & 63)) & 1) != 0;
  }
  std::vector<OrgMention> orgs_;

  // The multi-paragraph quote being read: its pieces (indices into
  // out_->quotes) and whether one of them found an attribution.
  std::vector<int> chain_;
  bool chain_attributed_ = false;
  Attribution chain_attr_;
  bool prev_unclosed_ = false;  // the last content paragraph ended in a quote
  int prev_para_ = -1;

  // The current speaker chain, and the last body / document speaker
  // ("it said").
  Resolved last_;
  Resolved last_nonperson_;
  int last_para_ = -100;
  uint32_t last_pos_ = 0;
};

// ---------------------------------------------------------------------------

void Run::TokenizeArticle() {
  const auto& paras = doc_.paragraphs();
  size_t n = paras.size();
  para_tok_begin_.assign(n, 0);
  para_tok_end_.assign(n, 0);
  para_region_begin_.assign(n, 0);
  para_region_end_.assign(n, 0);
  // About one token here per Document token: reserving spares huge
  // articles the copies (and the doubled peak) of a growing array.
  toks_.reserve(doc_.tokens().size() + 16);
  bool prev_open = false;
  for (size_t p = 0; p < n; ++p) {
    const Paragraph& para = paras[p];
    para_tok_begin_[p] = static_cast<int>(toks_.size());
    para_region_begin_[p] = static_cast<int>(regions_.size());
    if (para.is_boilerplate() || para.span.empty()) {
      para_tok_end_[p] = static_cast<int>(toks_.size());
      para_region_end_[p] = static_cast<int>(regions_.size());
      if (para.is_boilerplate()) prev_open = false;
      continue;
    }
    marks_.clear();
    FindQuoteMarks(t_, para.span, &marks_);
    size_t r0 = regions_.size();
    PairQuoteMarks(t_, para.span, marks_, prev_open, &regions_);
    Tokenize(t_, para.span, marks_, &toks_);
    para_tok_end_[p] = static_cast<int>(toks_.size());
    para_region_end_[p] = static_cast<int>(regions_.size());
    if (para_tok_end_[p] == para_tok_begin_[p]) continue;  // blank line
    prev_open = false;
    for (size_t r = r0; r < regions_.size(); ++r) {
      if (regions_[r].depth == 0 && !regions_[r].closed()) prev_open = true;
    }
    // Tag mark tokens with their top-level region and flag quoted tokens.
    int tb = para_tok_begin_[p], te = para_tok_end_[p];
    int k = tb;
    for (size_t r = r0; r < regions_.size(); ++r) {
      const QuoteRegion& q = regions_[r];
      if (q.depth != 0) continue;
      while (k < te && toks_[k].e <= q.content.begin) {
        if (toks_[k].kind == TokKind::kMark && toks_[k].b == q.open.begin && q.has_open()) {
          toks_[k].region = static_cast<int>(r);
        }
        ++k;
      }
      int kk = k;
      while (kk < te && toks_[kk].b < q.content.end) { toks_[kk].in_quote = true; ++kk; }
      if (q.closed() && kk < te && toks_[kk].b == q.close.begin) toks_[kk].region = static_cast<int>(r);
      k = kk;
    }
  }
}

// Sentence ids for the tokens of paragraph p; quoted content is atomic.
void Run::Segment(int p) {
  int tb = para_tok_begin_[p], te = para_tok_end_[p];
  int id = 0;
  int lo = tb;  // the current sentence's first token
  // Local views: the loop's stores could otherwise alias the vectors.
  const Tok* tk = toks_.data();
  int* sent = sent_.data();
  int* sent_lo = sent_lo_.data();
  for (int i = tb; i < te; ++i) {
    sent[i] = id;
    sent_lo[i] = lo;
    const Tok& k = tk[i];
    if (k.kind == TokKind::kWord) continue;  // no boundary after a word
    bool boundary = false;
    if (!k.in_quote && k.kind == TokKind::kPunct) {
      char c = t_[k.b];
      if ((c == '.' || c == '!' || c == '?') && i + 1 < te) {
        const Tok& n = tk[i + 1];
        boundary = (n.kind == TokKind::kWord && (n.cap || IsAsciiAlnum(static_cast<unsigned char>(t_[n.b])) == false)) ||
                   n.kind == TokKind::kMark || n.kind == TokKind::kDash;
        if (n.kind == TokKind::kWord && !n.cap) boundary = false;
      }
    } else if (k.kind == TokKind::kMark && k.region >= 0 && !k.in_quote &&
               tk_[i].b == regions_[k.region].close.begin && i + 1 < te) {
      // “… today.” Next sentence — a closing mark after final punctuation.
      int prev = i - 1;
      const Tok& n = tk_[i + 1];
      if (prev >= tb && tk_[prev].kind == TokKind::kPunct) {
        char c = t_[tk_[prev].b];
        if ((c == '.' || c == '!' || c == '?') &&
            ((n.kind == TokKind::kWord && n.cap && !IsPronounTok(i + 1, nullptr, nullptr)) ||
             n.kind == TokKind::kMark)) {
          boundary = true;
        }
      }
    }
    if (boundary) {
      std::fill(sent_hi_.begin() + lo, sent_hi_.begin() + i + 1, i + 1);
      lo = i + 1;
      ++id;
    }
  }
  std::fill(sent_hi_.begin() + lo, sent_hi_.begin() + te, te);
}

void Run::LookUpCues() {
  int n = Ntoks();
  cue_.assign(n, nullptr);
  next_cue_.resize(n + 1);
  next_cue_[n] = n;
  according_.clear();
  // Backwards, so that next_cue_ fills in the same pass.
  int next = n;
  // Local views: the loop's stores could otherwise alias the vectors.
  const Tok* tk = toks_.data();
  int* next_cue = next_cue_.data();
  const CueVerb** cue = cue_.data();
  const char* text = t_.data();
  const QuoteExtractor& qx = qx_;
  for (int i = n - 1; i >= 0; --i) {
    next_cue[i] = next;
    const Tok& k = tk[i];
    if (k.kind != TokKind::kWord) continue;
    const std::string_view first(text + k.b, k.e - k.b);
    if (first.size() == 9 && EqualsLower(first, "according")) according_.push_back(i);
    if (k.in_quote) continue;
    const uint32_t screen = qx.CueScreen(first);
    if (screen == 0) continue;
    std::string_view second;
    if (i + 1 < n && tk[i + 1].kind == TokKind::kWord && !tk[i + 1].in_quote) {
      second = Text(tk[i + 1]);
    }
    const CueVerb* cv = qx.FindCue(first, second, screen);
    cue[i] = cv;
    if (cv != nullptr) next_cue[i] = next = i;
  }
  std::reverse(according_.begin(), according_.end());
}

SpeakerWord Run::LookUpWordClass(int i) const {
  SpeakerWord w = qx_.WordClass(TokText(i));
  wc_[i] = static_cast<uint8_t>(w);
  return w;
}

const CueVerb* Run::FilterCue(int i, const CueVerb* cv) const {
  // "another tweet", "the remarks", "a report": nouns, not verbs.
  if (IsWord(i - 1)) {
    std::string_view p = TokText(i - 1);
    if (EqualsLower(p, "a") || EqualsLower(p, "an") || EqualsLower(p, "another") ||
        EqualsLower(p, "the") || EqualsLower(p, "his") || EqualsLower(p, "her") ||
        EqualsLower(p, "their") || EqualsLower(p, "its") || EqualsLower(p, "our") ||
        EqualsLower(p, "this") || EqualsLower(p, "whose")) {
      return nullptr;
    }
    // Passive "was noted", "will be highlighted" (not "is telling").
    if (!cv->participle && (EqualsLower(p, "be") || EqualsLower(p, "is") ||
                            EqualsLower(p, "was") || EqualsLower(p, "were") ||
                            EqualsLower(p, "been") || EqualsLower(p, "being") ||
                            EqualsLower(p, "are"))) {
      return nullptr;
    }
  }
  // "United States", "the Post": a capitalised word inside a name.
  if (tk_[i].cap && IsWord(i - 1) && tk_[i - 1].cap &&
      !(IsWord(i + 1) && tk_[i + 1].cap) && !(i + 1 < Ntoks() && tk_[i + 1].kind == TokKind::kMark)) {
    return nullptr;
  }
  return cv;
}

bool Run::IsPronounTok(int i, Gender* g, bool* person) const {
  if (!IsWord(i)) return false;
  std::string_view w = TokText(i);
  Gender gg = Gender::kUnknown;
  bool pp = true;
  if (EqualsLower(w, "he") || EqualsLower(w, "him")) gg = Gender::kMale;
  else if (EqualsLower(w, "she")) gg = Gender::kFemale;
  else if (w == "her" && false) gg = Gender::kFemale;
  else if (EqualsLower(w, "it") || EqualsLower(w, "they")) pp = false;
  else return false;
  if (g) *g = gg;
  if (person) *person = pp;
  return true;
}

// A token that may be part of a speaker noun phrase.
bool Run::NpToken(int i) const {
  if (!IsWord(i) || tk_[i].in_quote) {
    // "(DOS)" style acronyms are handled by the callers.
    return false;
  }
  SpeakerWord w = WordAt(i);
  if (w == SpeakerWord::kRole || w == SpeakerWord::kBody || w == SpeakerWord::kGroup ||
      w == SpeakerWord::kHonorific) {
    return true;
  }
  if (tk_[i].cap) return w != SpeakerWord::kOpener && w != SpeakerWord::kSkip;
  return false;
}

int Run::SkipBackAdverbs(int i, int lo) const {
  while (i >= lo) {
    SpeakerWord w = WordAt(i);
    if (w == SpeakerWord::kSkip && !tk_[i].in_quote) {
      // "on Monday": drop the preposition too.
      if (i - 1 >= lo && (IsWordLower(i - 1, "on") || IsWordLower(i - 1, "last") ||
                          IsWordLower(i - 1, "this"))) {
        i -= 2;
      } else {
        --i;
      }
      continue;
    }
    break;
  }
  return i;
}

// The speaker phrase ending just before token `end` (exclusive), not
// reaching before `lo`.
NP Run::NpBefore(int end, int lo) const {
  int i = SkipBackAdverbs(end - 1, lo);
  if (i < lo) return {};
  Gender g;
  bool person;
  if (IsPronounTok(i, &g, &person)) return NP{i, i + 1};
  if (IsWordLower(i, "who") || IsWordLower(i, "which")) {
    // "…, who said" → the antecedent before the comma.
    int j = i - 1;
    if (IsPunct(j, ',')) return NpBefore(j, lo);
    return {};
  }
  // "(DOS)" after a body name.
  if (IsPunct(i, ')') && i - 2 >= lo && IsPunct(i - 2, '(') && IsWord(i - 1)) i -= 3;
  if (IsPunct(i, ',')) {
    // Appositive "X, a spokesman for Y, said": the name before the
    // previous comma, at most 16 tokens back.
    int j = i - 1;
    int stop = std::max(lo, i - 16);
    while (j >= stop && !IsPunct(j, ',') && tk_[j].kind != TokKind::kMark) --j;
    if (j >= stop && IsPunct(j, ',')) {
      NP name = NpBefore(j, lo);
      // "Brazil's envoy to Peru, Ana Souza, said": the name, not the title.
      bool outer_named = false;
      for (int k = name.b; name.ok() && k < name.e; ++k) {
        if (tk_[k].cap && WordAt(k) == SpeakerWord::kNone && !IsPossessive(TokText(k)) &&
            !IsWordLower(k, "the") &&
            qx_.gazetteer().MatchPrefix(TokText(k)).hit == GazetteerHit::kNone) {
          outer_named = true;
        }
      }
      bool appositive_name = i - (j + 1) >= 1 && i - (j + 1) <= 5;
      for (int k = j + 1; appositive_name && k < i; ++k) {
        if (!IsWord(k) || !tk_[k].cap) appositive_name = false;
      }
      if (!outer_named && appositive_name) return NP{j + 1, i};
      if (name.ok()) return name;
    }
    return {};
  }
  int e = i + 1;
  int b = e;
  int stop = std::max(lo, e - 14);
  while (b - 1 >= stop) {
    int k = b - 1;
    if (NpToken(k)) { b = k; continue; }
    // Connectors inside a name: of, for, and, the, bin, de, al, from.
    if (IsWord(k) && b < e && !tk_[k].cap) {
      std::string_view w = TokText(k);
      if (EqualsLower(w, "of") || EqualsLower(w, "for") || EqualsLower(w, "and") ||
          EqualsLower(w, "bin") || EqualsLower(w, "de") || EqualsLower(w, "al") ||
          EqualsLower(w, "da") || EqualsLower(w, "van") || EqualsLower(w, "von") ||
          EqualsLower(w, "del") || EqualsLower(w, "la") || EqualsLower(w, "le") ||
          EqualsLower(w, "from") || EqualsLower(w, "to")) {
        if (NpToken(k - 1) || (EqualsLower(w, "from") && IsWord(k - 1))) { b = k; continue; }
      }
      if (EqualsLower(w, "the") || EqualsLower(w, "a") || EqualsLower(w, "an") ||
          EqualsLower(w, "another") || EqualsLower(w, "two") || EqualsLower(w, "several") ||
          EqualsLower(w, "some") || EqualsLower(w, "other") || EqualsLower(w, "many") ||
          EqualsLower(w, "both") || EqualsLower(w, "its") || EqualsLower(w, "his") ||
          EqualsLower(w, "her") || EqualsLower(w, "their") || EqualsLower(w, "visiting") ||
          EqualsLower(w, "official")) {
        b = k;
        continue;
      }
    }
    break;
  }
  // Lower-case modifiers between a determiner and a role or body head
  // ("the transport ministry", "the finance minister").
  if (b < e && (WordAt(e - 1) == SpeakerWord::kRole || WordAt(e - 1) == SpeakerWord::kBody)) {
    for (int m = 1; m <= 2; ++m) {
      int d = b - m - 1;
      if (d < lo || !IsWord(b - m) || tk_[b - m].cap || tk_[b - m].in_quote) break;
      if (CueAt(b - m)) break;
      if (IsWordLower(d, "the") || IsWordLower(d, "a") || IsWordLower(d, "its") ||
          IsWordLower(d, "an")) {
        b = d;
        break;
      }
    }
  }
  // Leading capitalised sentence openers ("But Halvorsen said").
  while (b < e && (WordAt(b) == SpeakerWord::kOpener || WordAt(b) == SpeakerWord::kSkip)) ++b;
  // Leading connectors.
  while (b < e && IsWord(b) && !tk_[b].cap &&
         (EqualsLower(TokText(b), "of") || EqualsLower(TokText(b), "and") ||
          EqualsLower(TokText(b), "from") || EqualsLower(TokText(b), "for"))) {
    ++b;
  }
  if (b >= e) return {};
  // Must hold a capitalised word or a role/body/group noun.
  bool head = false;
  for (int k = b; k < e; ++k) {
    SpeakerWord w = WordAt(k);
    if (tk_[k].cap || w == SpeakerWord::kRole || w == SpeakerWord::kBody ||
        w == SpeakerWord::kGroup) {
      head = true;
    }
  }
  if (!head) return {};
  return NP{b, e};
}

// The speaker phrase starting at token `begin` ("said the Chinese
// president, who …").
NP Run::NpAfter(int begin, int hi) const {
  int i = begin;
  while (i < hi && WordAt(i) == SpeakerWord::kSkip) ++i;
  if (i >= hi) return {};
  Gender g;
  bool person;
  if (IsPronounTok(i, &g, &person)) return NP{i, i + 1};
  int b = i;
  if (IsWord(i) && !tk_[i].cap) {
    std::string_view w = TokText(i);
    if (EqualsLower(w, "the") || EqualsLower(w, "a") || EqualsLower(w, "an") ||
        EqualsLower(w, "another") || EqualsLower(w, "visiting") || EqualsLower(w, "two") ||
        EqualsLower(w, "both")) {
      ++i;
    }
  } else if (IsWordLower(i, "the") || IsWordLower(i, "a")) {
    ++i;
  }
  int e = i;
  int stop = std::min(hi, b + 14);
  while (e < stop) {
    if (NpToken(e)) { ++e; continue; }
    if (IsWord(e) && !tk_[e].cap && e > i && e + 1 < stop && NpToken(e + 1)) {
      std::string_view w = TokText(e);
      if (EqualsLower(w, "of") || EqualsLower(w, "for") || EqualsLower(w, "and") ||
          EqualsLower(w, "bin") || EqualsLower(w, "de") || EqualsLower(w, "al") ||
          EqualsLower(w, "the") || EqualsLower(w, "to")) {
        ++e;
        continue;
      }
    }
    break;
  }
  if (e <= i) return {};
  return NP{b, e};
}

// The subject of a clause [lo, hi): skips an introductory phrase up to the
// first comma ("In another tweet, he …").
NP Run::SentenceSubject(int lo, int hi) const {
  int i = lo;
  for (int k = lo; k < hi && k - lo < 6; ++k) {
    if (IsPunct(k, ':')) { i = lo = k + 1; break; }  // "New Delhi: …"
  }
  if (WordAt(i) == SpeakerWord::kOpener || (IsWord(i) && TokText(i).size() > 3 &&
                                            TokText(i).substr(TokText(i).size() - 3) == "ing")) {
    int j = i;
    int stop = std::min(hi, lo + 30);
    while (j < stop && !IsPunct(j, ',')) ++j;
    if (j < stop) i = j + 1;
  }
  NP np = NpAfter(i, hi);
  return np;
}

int Run::AddName(std::string_view full, bool titled, Gender g) {
  size_t sp = full.rfind(' ');
  std::string_view last = sp == std::string_view::npos ? full : full.substr(sp + 1);
  size_t fs = full.find(' ');
  std::string_view first = fs == std::string_view::npos ? full : full.substr(0, fs);
  const bool may_know_last = MayBeNameKey(last);
  auto it = may_know_last ? by_last_.find(last) : by_last_.end();
  int id;
  if (it != by_last_.end()) {
    id = it->second;
    NameEntry& n = names_[id];
    if (full.size() > n.full.size() && fs != std::string_view::npos) n.full = full;
  } else {
    // A one-word name that is the family name of a known full name
    // (family-name-first: "Xi" for "Xi Jinping").
    auto f = may_know_last ? by_first_.find(last) : by_first_.end();
    if (sp == std::string_view::npos && f != by_first_.end()) {
      id = f->second;
    } else {
      id = static_cast<int>(names_.size());
      names_.push_back(NameEntry{full, Gender::kUnknown, false});
      NoteNameKey(last);
      by_last_.emplace(last, id);
    }
  }
  if (fs != std::string_view::npos) {
    NoteNameKey(first);
    by_first_.emplace(first, id);
  }
  // (With a space, the one-word form already points to a name: found
  // above or inserted.)
  NameEntry& n = names_[id];
  n.titled |= titled;
  if (n.gender == Gender::kUnknown) n.gender = g;
  return id;
}

// Person-name runs with their titles, in text order.
void Run::CollectNames() {
  const auto& paras = doc_.paragraphs();
  for (size_t p = 0; p < paras.size(); ++p) {
    int tb = para_tok_begin_[p], te = para_tok_end_[p];
    if (paras[p].kind == ParagraphKind::kHeadline) continue;
    int i = tb;
    while (i < te) {
      {
        // Skip to the next capitalised word ([tb, te) is in range).
        const Tok* tk = toks_.data();
        while (i < te && !(tk[i].kind == TokKind::kWord && tk[i].cap)) ++i;
        if (i >= te) break;
      }
      // A run of capitalised words / role words with inner connectors.
      int b = i;
      int e = i;
      while (e < te) {
        if (IsWord(e) && (tk_[e].cap || WordAt(e) == SpeakerWord::kRole ||
                          WordAt(e) == SpeakerWord::kBody)) {
          ++e;
          if (IsPossessive(TokText(e - 1))) break;
          continue;
        }
        if (IsWord(e) && e + 1 < te && IsWord(e + 1) && tk_[e + 1].cap) {
          std::string_view w = TokText(e);
          if (w == "of" || w == "bin" || w == "de" || w == "al" || w == "da" || w == "van" ||
              w == "von" || w == "del" || w == "la") {
            ++e;
            continue;
          }
        }
        break;
      }
      i = e;
      bool label = false;
      for (int k = b; k < e; ++k) if (WordAt(k) == SpeakerWord::kLabel) label = true;
      if (label) continue;
      // The name part: after the last title / role / demonym / honorific.
      bool titled = false;
      bool body = false;
      Gender g = Gender::kUnknown;
      int nb = b;
      for (int k = b; k < e; ++k) {
        std::string_view w = TokText(k);
        SpeakerWord c = WordAt(k);
        if (c == SpeakerWord::kBody) body = true;
        bool title_word = c == SpeakerWord::kRole || c == SpeakerWord::kHonorific;
        if (title_word) {
          // "Foreign", "Deputy", "State" qualify a title but are none.
          titled = !(EqualsLower(w, "foreign") || EqualsLower(w, "external") ||
                     EqualsLower(w, "affairs") || EqualsLower(w, "state") ||
                     EqualsLower(w, "deputy") || EqualsLower(w, "vice") ||
                     EqualsLower(w, "prime") || EqualsLower(w, "general") ||
                     EqualsLower(w, "defence") || EqualsLower(w, "defense"));
          if (g == Gender::kUnknown) g = qx_.WordGender(w);
        }
        std::string_view rest(t_.data() + tk_[k].b, tk_[e - 1].e - tk_[k].b);
        // MatchPrefix only finds keys whose first segment (the leading run
        // of word characters, see Gazetteer::FirstSegmentLength) is one of
        // the gazetteer's. A run of ASCII letters and digits that an ASCII
        // byte or the end of `rest` follows is that segment.
        size_t seg = AsciiAlnumPrefix(rest.data(), tk_[k].e - tk_[k].b);
        if (seg == 0 || (seg < rest.size() && static_cast<unsigned char>(rest[seg]) >= 0x80)) {
          seg = Gazetteer::FirstSegmentLength(rest);
        }
        GazetteerMatch gm;
        if (qx_.MayBeFirstSegment(std::string_view(rest.data(), seg))) {
          gm = qx_.gazetteer().MatchPrefix(rest);
        }
        if (gm.hit == GazetteerHit::kTitle) {
          titled = true;
          // Skip the whole title.
          uint32_t tend = tk_[k].b + static_cast<uint32_t>(gm.length);
          int kk = k;
          while (kk < e && tk_[kk].e <= tend) ++kk;
          if (kk <= k) kk = k + 1;
          nb = kk;
          k = kk - 1;
          continue;
        }
        bool place = gm.hit == GazetteerHit::kCountry || gm.hit == GazetteerHit::kDemonym ||
                     gm.hit == GazetteerHit::kCapital || gm.hit == GazetteerHit::kOrganization;
        if (title_word || place || c == SpeakerWord::kOpener || c == SpeakerWord::kSkip ||
            IsPossessive(w) || c == SpeakerWord::kGroup || !tk_[k].cap) {
          nb = k + 1;
        }
      }
      if (body) {
        OrgMention om;
        om.begin = tk_[b].b;
        int ob = b;
        while (ob < e && (WordAt(ob) == SpeakerWord::kOpener || WordAt(ob) == SpeakerWord::kSkip)) ++ob;
        if (ob < e) {
          std::string_view last = TokText(e - 1);
          int oe = e;
          // "the Voice of America article" names its source.
          if (oe - ob >= 3 && (EqualsLower(last, "article") || EqualsLower(last, "report") ||
                               EqualsLower(last, "release") || EqualsLower(last, "readout") ||
                               EqualsLower(last, "statement"))) {
            char hb[48];
            std::string_view hl;
            if (Lower(last, hb, sizeof(hb), &hl)) om.head = std::string(hl);
            --oe;
            last = TokText(oe - 1);
          }
          om.name = std::string(t_.substr(tk_[ob].b, tk_[oe - 1].b - tk_[ob].b)) +
                    std::string(StripPossessive(last));
          orgs_.push_back(std::move(om));
        }
        continue;
      }
      // "The Minister of Foreign Affairs, Jane Doe, …": an appositive title.
      if (!titled && e - nb >= 2 && b - 2 >= tb && IsPunct(b - 1, ',') &&
          WordAt(b - 2) == SpeakerWord::kRole) {
        titled = true;
      }
      if (nb >= e) continue;
      // Names are 1..4 words, every one capitalised.
      int len = e - nb;
      if (len > 4) continue;
      bool all_cap = true;
      for (int k = nb; k < e; ++k) if (!tk_[k].cap) all_cap = false;
      if (!all_cap) continue;
      std::string_view first = TokText(nb);
      if (len == 1 && !titled) {
        // A lone capitalised word counts only when already known.
        std::string_view key = StripPossessive(first);
        if (!MayBeNameKey(key) ||
            (by_last_.find(key) == by_last_.end() && by_first_.find(key) == by_first_.end())) {
          continue;
        }
      }
      // The name as written, without a possessive ending (contiguous text).
      std::string_view full = t_.substr(
          tk_[nb].b, tk_[e - 1].b + StripPossessive(TokText(e - 1)).size() - tk_[nb].b);
      // Sentence-initial single words that are just capitalised verbs.
      if (len == 1 && nb == tb && !titled) continue;
      int id = AddName(full, titled, g);
      PersonMention pm;
      pm.begin = tk_[nb].b;
      pm.ctx_begin = tk_[b].b;
      pm.name = id;
      persons_.push_back(pm);
    }
  }
}

void Run::Remember(const Resolved& r) {
  if (!r.valid) return;
  last_ = r;
  if (!r.person) last_nonperson_ = r;
}

Resolved Run::ResolveName(int b, int e) {
  Resolved r;
  r.valid = true;
  r.has_speaker = true;
  r.ref = RefKind::kName;
  Span mention{tk_[b].b, tk_[e - 1].e};
  r.speaker.mention = mention;
  // The EntityIndex first.
  if (!entities_.mentions.empty()) {
    size_t m = entities_.FirstMentionAtOrAfter(mention.begin > 64 ? mention.begin - 64 : 0);
    for (; m < entities_.mentions.size() && entities_.mentions[m].span.begin < mention.end; ++m) {
      const Mention& mm = entities_.mentions[m];
      if (!mm.span.Overlaps(mention) || mm.entity < 0) continue;
      const Entity& ent = entities_.entities[mm.entity];
      r.speaker.name = ent.name;
      r.speaker.role = ent.role;
      r.speaker.affiliation = ent.affiliation;
      r.person = ent.kind == EntityKind::kPerson;
      r.gender = ent.gender;
      r.ref = mm.kind == MentionKind::kRoleAlias ? RefKind::kRole : RefKind::kName;
      if (mm.kind == MentionKind::kGroup) r.has_speaker = false;
      return r;
    }
  }
  // Own reading: body / name / role.
  bool body = false, role = false, group = false, cap_name = false;
  Gender g = Gender::kUnknown;
  int nb = b;
  for (int k = b; k < e; ++k) {
    SpeakerWord w = WordAt(k);
    if (w == SpeakerWord::kBody) body = true;
    if (w == SpeakerWord::kGroup) group = true;
    if (w == SpeakerWord::kRole || w == SpeakerWord::kHonorific) {
      role = true;
      if (g == Gender::kUnknown) g = qx_.WordGender(TokText(k));
      nb = k + 1;
    }
  }
  // The name part: trailing capitalised words after the last role word.
  int name_b = -1;
  for (int k = nb; k < e; ++k) {
    if (tk_[k].cap && WordAt(k) != SpeakerWord::kOpener) { name_b = k; break; }
  }
  if (name_b >= 0) {
    GazetteerMatch gm;
    // Skip demonyms and country names before a name ("Chinese Qin").
    while (name_b < e) {
      gm = qx_.gazetteer().MatchPrefix(TokText(name_b));
      if ((gm.hit == GazetteerHit::kDemonym || gm.hit == GazetteerHit::kCountry) && name_b + 1 < e &&
          gm.length == TokText(name_b).size()) {
        ++name_b;
        continue;
      }
      break;
    }
    bool all_cap = true;
    for (int k = name_b; k < e; ++k) if (!tk_[k].cap && !IsWordLower(k, "of")) all_cap = false;
    cap_name = all_cap && !body;
  }
  if (group && !cap_name) {
    r.has_speaker = false;
    r.ref = RefKind::kGroup;
    return r;
  }
  if (cap_name && name_b + 1 == e && b == name_b) {
    // A lone capitalised word that opens a sentence or a line and is known
    // as no name ("Indeed", "WASHINGTON") is no speaker.
    std::string_view last = StripPossessive(TokText(b));
    bool known = (MayBeNameKey(last) && (by_last_.count(last) > 0 || by_first_.count(last) > 0)) ||
                 qx_.gazetteer().MatchPrefix(TokText(b)).hit != GazetteerHit::kNone;
    int tb = b;
    bool initial = tb == 0 || sent_lo_[tb] == tb || tk_[tb - 1].kind != TokKind::kWord;
    std::string_view w = TokText(b);
    bool caps = w.size() >= 3 && IsAsciiUpper(static_cast<unsigned char>(w[1])) &&
                IsAsciiUpper(static_cast<unsigned char>(w[2]));
    bool punct_after = b + 1 < Ntoks() && (IsPunct(b + 1, ',') || IsPunct(b + 1, ':'));
    if (!known && initial && (caps || punct_after)) {
      Resolved none;
      return none;
    }
  }
  if (cap_name && name_b >= 0) {
    // The name as written, without a possessive ending (contiguous text).
    std::string_view last = StripPossessive(TokText(e - 1));
    std::string_view full =
        t_.substr(tk_[name_b].b, tk_[e - 1].b + last.size() - tk_[name_b].b);
    // Country or organisation as named ("Japan", "ASEAN")?
    GazetteerMatch gm = qx_.gazetteer().MatchPrefix(t_.substr(tk_[name_b].b, tk_[e - 1].e - tk_[name_b].b));
    if ((gm.hit == GazetteerHit::kCountry || gm.hit == GazetteerHit::kCapital ||
         gm.hit == GazetteerHit::kOrganization) &&
        gm.length >= tk_[e - 1].e - tk_[name_b].b - 2) {
      r.speaker.name = full;
      r.person = false;
      return r;
    }
    const bool may_know_last = MayBeNameKey(last);
    auto it = may_know_last ? by_last_.find(last) : by_last_.end();
    int id = -1;
    if (it != by_last_.end()) id = it->second;
    if (id < 0 && name_b + 1 == e && may_know_last) {
      auto f = by_first_.find(last);
      if (f != by_first_.end()) id = f->second;
    }
    if (id < 0) id = AddName(full, true, g);
    names_[id].titled = true;
    if (names_[id].gender == Gender::kUnknown) names_[id].gender = g;
    r.speaker.name = names_[id].full;
    r.person = true;
    r.gender = names_[id].gender;
    PersonMention pm;
    pm.begin = tk_[name_b].b;
    pm.ctx_begin = tk_[b].b;
    pm.name = id;
    // Keep persons_ sorted: only append when in order.
    if (persons_.empty() || persons_.back().begin <= pm.begin) persons_.push_back(pm);
    if (role) {
      std::string rl(t_.substr(tk_[b].b, tk_[name_b].b - tk_[b].b));
      while (!rl.empty() && (rl.back() == ' ' || rl.back() == ',')) rl.pop_back();
      size_t sp = rl.find(' ');
      if (sp != std::string::npos && (EqualsLower(rl.substr(0, sp), "the") ||
                                      EqualsLower(rl.substr(0, sp), "a"))) {
        rl = rl.substr(sp + 1);
      }
      r.speaker.role = rl;
    }
    return r;
  }
  if (body) {
    // "the ministry" → the fullest recent body name with that head noun.
    std::string_view headw = StripPossessive(TokText(e - 1));
    int b2 = b;
    while (b2 < e && IsWord(b2) && !tk_[b2].cap) ++b2;  // the, official
    bool bare = b2 >= e - 1 || !tk_[b2].cap;
    if (bare) {
      size_t start = OrgsBefore(mention.begin);
      for (size_t k = start; k-- > 0;) {
        const std::string& on = orgs_[k].name;
        std::string lower_on = on;
        for (char& c : lower_on) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        char buf[48];
        std::string_view hl;
        if (Lower(headw, buf, sizeof(buf), &hl) &&
            (lower_on.find(hl) != std::string::npos || orgs_[k].head == hl)) {
          r.speaker.name = on;
          r.person = false;
          r.ref = RefKind::kRole;
          return r;
        }
        if (start - k > 32) break;
      }
    }
    int s = b;
    while (s < e && IsWord(s) && !tk_[s].cap) ++s;
    if (s >= e) s = b;
    std::string full(t_.substr(tk_[s].b, tk_[e - 1].b - tk_[s].b));
    full += std::string(StripPossessive(TokText(e - 1)));
    r.speaker.name = full;
    r.person = false;
    return r;
  }
  if (role) return ResolveRole(b, e);
  // A common-noun source ("officials from both nations", "a source").
  r.speaker.name = std::string(t_.substr(mention.begin, mention.end - mention.begin));
  return r;
}

Resolved Run::ResolveRole(int b, int e) {
  Resolved r;
  r.valid = true;
  r.ref = RefKind::kRole;
  Span mention{tk_[b].b, tk_[e - 1].e};
  r.speaker.mention = mention;
  // Score earlier person mentions: role words and modifiers found in the
  // title words before the name (a 4-letter stem match for demonyms).
  int best = -1;
  int best_score = 0;
  int looked = 0;
  // Alias words found in any title of each candidate (bit per word).
  struct Cand { int name; uint32_t mask; bool role; };
  std::vector<Cand> cands;
  for (size_t k = PersonsBefore(mention.begin); k-- > 0 && looked < 48;) {
    const PersonMention& pm = persons_[k];
    if (pm.begin >= mention.begin) continue;
    ++looked;
    uint32_t cb = pm.ctx_begin;
    // Also the words just before the run ("Ghana's Foreign Minister, X").
    {
      uint32_t pb = doc_.paragraphs()[std::max(0, doc_.ParagraphAt(pm.begin))].span.begin;
      uint32_t c = cb;
      while (c > pb && (t_[c - 1] == ' ')) --c;
      if (c > pb && t_[c - 1] == ',') cb = std::max<uint32_t>(c > 48 ? c - 48 : 0, pb);
    }
    if (pm.begin - cb > 96) cb = pm.begin - 96;  // titles are short
    std::string_view ctx = t_.substr(cb, pm.begin - cb);
    uint32_t mask = 0;
    bool role_hit = false;
    for (int k2 = b; k2 < e && k2 - b < 32; ++k2) {
      std::string_view w = StripPossessive(TokText(k2));
      if (EqualsLower(w, "the") || EqualsLower(w, "a")) continue;
      char buf[48];
      std::string_view lw;
      if (!Lower(w, buf, sizeof(buf), &lw)) continue;
      std::string_view stem = lw.substr(0, std::min<size_t>(lw.size(), lw.size() > 5 ? 4 : lw.size()));
      auto has = [&ctx](std::string_view st) {
        for (size_t c = 0; c + st.size() <= ctx.size(); ++c) {
          size_t m = 0;
          while (m < st.size()) {
            char ch = ctx[c + m];
            if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
            if (ch != st[m]) break;
            ++m;
          }
          if (m == st.size()) return true;
        }
        return false;
      };
      bool hit = has(stem);
      if (!hit && (lw == "leader" || lw == "head")) {
        // A generic alias names any head of state or government.
        hit = has("president") || has("prime minister") || has("premier") ||
              has("chancellor") || has("king") || has("emir");
      }
      if (hit) {
        mask |= 1u << (k2 - b);
        if (WordAt(k2) == SpeakerWord::kRole) role_hit = true;
      }
    }
    Cand* c = nullptr;
    for (Cand& x : cands) if (x.name == pm.name) c = &x;
    if (!c) {
      cands.push_back(Cand{pm.name, 0, false});
      c = &cands.back();
    }
    c->mask |= mask;
    c->role |= role_hit;
  }
  // Candidates are in order of recency; ties keep the most recent.
  for (const Cand& c : cands) {
    if (!c.role) continue;
    int score = 2 * __builtin_popcount(c.mask);
    if (score > best_score) { best_score = score; best = c.name; }
  }
  if (best >= 0 && !(last_.valid && last_.person && last_.has_speaker &&
                     names_.size() > 0 && last_.speaker.name == names_[best].full)) {
    // A different holder than the current speaker: keep only a clear match
    // with at least one modifier beyond the role word.
    if (best_score < 4 && last_.valid && last_.person && last_.has_speaker) best = -1;
  }
  if (best >= 0) {
    r.has_speaker = true;
    r.person = true;
    r.speaker.name = names_[best].full;
    r.gender = names_[best].gender;
    return r;
  }
  // The EntityIndex's reading of the alias.
  if (!entities_.mentions.empty()) {
    size_t m = entities_.FirstMentionAtOrAfter(mention.begin > 64 ? mention.begin - 64 : 0);
    for (; m < entities_.mentions.size() && entities_.mentions[m].span.begin < mention.end; ++m) {
      const Mention& mm = entities_.mentions[m];
      if (!mm.span.Overlaps(mention) || mm.entity < 0) continue;
      const Entity& ent = entities_.entities[mm.entity];
      if (ent.kind != EntityKind::kPerson) break;
      r.has_speaker = true;
      r.person = true;
      r.speaker.name = ent.name;
      r.speaker.role = ent.role;
      r.speaker.affiliation = ent.affiliation;
      r.gender = ent.gender;
      return r;
    }
  }
  if (last_.valid && last_.person && last_.has_speaker) {
    r.has_speaker = true;
    r.person = true;
    r.speaker.name = last_.speaker.name;
    r.speaker.role = last_.speaker.role;
    r.speaker.affiliation = last_.speaker.affiliation;
    r.gender = last_.gender;
    return r;
  }
  // The most recent titled person, else the most recent full name.
  for (int pass = 0; pass < 2; ++pass)
  for (size_t k = PersonsBefore(mention.begin), n = 0; k-- > 0 && n < 64; ++n) {
    if (persons_[k].begin >= mention.begin) continue;
    const NameEntry& ne = names_[persons_[k].name];
    if (pass == 0 ? !ne.titled : ne.full.find(' ') == std::string::npos) continue;
    r.has_speaker = true;
    r.person = true;
    r.speaker.name = names_[persons_[k].name].full;
    r.gender = names_[persons_[k].name].gender;
    return r;
  }
  return r;
}

Resolved Run::ResolvePronoun(int i, Gender g, bool person) {
  Resolved r;
  r.valid = true;
  r.ref = RefKind::kPronoun;
  r.speaker.mention = Span{tk_[i].b, tk_[i].e};
  uint32_t pos = tk_[i].b;
  if (!person) {
    // it / they: the current non-person speaker, or none.
    if (last_nonperson_.valid) {
      Resolved c = last_nonperson_;
      c.speaker.mention = r.speaker.mention;
      c.ref = RefKind::kPronoun;
      return c;
    }
    return r;
  }
  auto compatible = [&](Gender pg) {
    return g == Gender::kUnknown || pg == Gender::kUnknown || pg == g;
  };
  int para = doc_.ParagraphAt(pos);
  // The most recent titled person mention after the current speaker's
  // attribution outranks the chain only when the chain is stale.
  int recent = -1;
  int untitled = -1;  // the most recent full name without a title
  int looked = 0;
  for (size_t k = PersonsBefore(pos); k-- > 0 && looked < 64;) {
    if (persons_[k].begin >= pos) continue;
    ++looked;
    const NameEntry& n = names_[persons_[k].name];
    if (!compatible(n.gender)) continue;
    if (!n.titled) {
      if (untitled < 0 && n.full.find(' ') != std::string::npos) untitled = static_cast<int>(k);
      continue;
    }
    recent = static_cast<int>(k);
    break;
  }
  bool chain_ok = last_.valid && last_.person && last_.has_speaker && compatible(last_.gender) &&
                  para - last_para_ <= 3;
  if (chain_ok) {
    // A different person named in this paragraph after the last
    // attribution is the likelier antecedent ("President X extended … He
    // noted …").
    if (recent >= 0 && persons_[recent].begin > last_pos_ &&
        doc_.ParagraphAt(persons_[recent].begin) == para &&
        names_[persons_[recent].name].full != last_.speaker.name &&
        names_[persons_[recent].name].titled) {
      chain_ok = false;
    }
  }
  if (chain_ok) {
    Resolved c = last_;
    c.speaker.mention = r.speaker.mention;
    c.ref = RefKind::kPronoun;
    if (c.gender == Gender::kUnknown) c.gender = g;
    return c;
  }
  if (recent >= 0) {
    NameEntry& n = names_[persons_[recent].name];
    if (n.gender == Gender::kUnknown) n.gender = g;
    r.has_speaker = true;
    r.person = true;
    r.speaker.name = n.full;
    r.gender = n.gender;
    return r;
  }
  if (last_.valid && last_.has_speaker && last_.person) {
    Resolved c = last_;
    c.speaker.mention = r.speaker.mention;
    c.ref = RefKind::kPronoun;
    return c;
  }
  if (untitled >= 0) {
    NameEntry& n = names_[persons_[untitled].name];
    r.has_speaker = true;
    r.person = true;
    r.speaker.name = n.full;
    r.gender = n.gender == Gender::kUnknown ? g : n.gender;
    return r;
  }
  return r;
}

Resolved Run::Resolve(NP np, uint32_t pos) {
  (void)pos;
  Gender g;
  bool person;
  if (np.e - np.b == 1 && IsPronounTok(np.b, &g, &person)) {
    // The EntityIndex may have resolved the pronoun already.
    return ResolvePronoun(np.b, g, person);
  }
  // "Officials from both nations", "sources close to …": as written.
  {
    int h = np.b;
    while (h < np.e && IsWord(h) && !tk_[h].cap && WordAt(h) != SpeakerWord::kRole) ++h;
    if (h < np.e && WordAt(h) == SpeakerWord::kRole) {
      std::string_view w = TokText(h);
      if (w.size() > 3 && w.back() == 's' && !EqualsLower(w, "affairs") && h + 1 < np.e &&
          !tk_[h + 1].cap && WordAt(h + 1) != SpeakerWord::kRole) {
        Resolved r;
        r.valid = true;
        r.has_speaker = true;
        r.ref = RefKind::kName;
        r.speaker.mention = Span{tk_[np.b].b, tk_[np.e - 1].e};
        r.speaker.name = std::string(t_.substr(r.speaker.mention.begin, r.speaker.mention.size()));
        return r;
      }
    }
  }
  // Role alias without a name ("the South African president").
  bool has_name = false, has_role = false;
  for (int k = np.b; k < np.e; ++k) {
    SpeakerWord w = WordAt(k);
    if (w == SpeakerWord::kRole) has_role = true;
    if (tk_[k].cap && w == SpeakerWord::kNone && !IsWordLower(k, "the") &&
        !IsWordLower(k, "a") && !IsWordLower(k, "an")) {
      GazetteerMatch gm = qx_.gazetteer().MatchPrefix(TokText(k));
      if (gm.hit != GazetteerHit::kDemonym && gm.hit != GazetteerHit::kTitle) has_name = true;
    }
  }
  if (has_role && !has_name) {
    bool body = false;
    for (int k = np.b; k < np.e; ++k) if (WordAt(k) == SpeakerWord::kBody) body = true;
    if (!body) {
      // Plural roles ("officials", "sources") are sources as written.
      std::string_view last = TokText(np.e - 1);
      if (!last.empty() && last.back() == 's' && WordAt(np.e - 1) == SpeakerWord::kRole &&
          !EqualsLower(last, "affairs")) {
        return ResolveName(np.b, np.e);
      }
      // "a source", "an official": indefinite → as written.
      if (IsWordLower(np.b, "a") || IsWordLower(np.b, "an") || IsWordLower(np.b, "another")) {
        return ResolveName(np.b, np.e);
      }
      return ResolveRole(np.b, np.e);
    }
  }
  return ResolveName(np.b, np.e);
}

// ---------------------------------------------------------------------------
// Attribution rules

// Speaker of cue `cue` (the subject before it, or inverted after it).
bool Run::CueSubject(int cue, int lo, Attribution* a) {
  NP np = NpBefore(cue, lo);
  if (!np.ok()) return false;
  a->who = Resolve(np, tk_[np.b].b);
  return a->who.valid;
}

// After a closing mark at token `after`: `, X said` / `, said X` / `— X`.
bool Run::TrailingAttribution(int after, int hi, Attribution* a) {
  int i = after;
  if (i < hi && (IsPunct(i, ',') || IsPunct(i, ';'))) ++i;
  if (i < hi && tk_[i].kind == TokKind::kDash) {
    NP np = NpAfter(i + 1, hi);
    if (np.ok() && tk_[np.b].cap) {
      a->who = Resolve(np, tk_[np.b].b);
      a->rule = "dash";
      a->confidence = 0.85f;
      return a->who.valid;
    }
    return false;
  }
  int stop = std::min(hi, i + 14);
  for (int j = i; j < stop; ++j) {
    if (tk_[j].kind == TokKind::kMark || tk_[j].in_quote) return false;
    if (IsPunct(j, '.') || IsPunct(j, '!') || IsPunct(j, '?') || IsPunct(j, ';')) return false;
    if (IsWordLower(j, "according") && IsWordLower(j + 1, "to")) {
      if (j != i) return false;
      NP np = NpAfter(j + 2, hi);
      if (!np.ok()) return false;
      a->who = Resolve(np, tk_[np.b].b);
      a->cue = Span{tk_[j].b, tk_[j + 1].e};
      a->rule = "according_to";
      a->confidence = 0.85f;
      return a->who.valid;
    }
    const CueVerb* cv = CueAt(j);
    if (!cv) continue;
    a->cue = Span{tk_[j].b, tk_[j + cv->words - 1].e};
    a->rule = "cue_verb";
    a->confidence = 0.9f;
    if (j == i || (j > i && NpBefore(j, i).b < 0 && WordAt(j - 1) == SpeakerWord::kSkip)) {
      // Inverted: "said Chinese Foreign Minister …".
      NP np = NpAfter(j + cv->words, hi);
      if (!np.ok()) return false;
      a->who = Resolve(np, tk_[np.b].b);
      return a->who.valid;
    }
    NP np = NpBefore(j, i);
    if (!np.ok() || np.b != i) {
      // Something other than a speaker phrase between the quote and cue.
      int k = SkipBackAdverbs(j - 1, i);
      if (!(np.ok() && np.b == i && np.e == k + 1)) return false;
    }
    if (cv->kind == CueVerb::Kind::kQuote) {
      // "Reuters quoted X as saying": the speaker is the object.
      NP obj = NpAfter(j + 1, hi);
      if (obj.ok() && IsWordLower(obj.e, "as")) {
        a->who = Resolve(obj, tk_[obj.b].b);
        return a->who.valid;
      }
    }
    a->who = Resolve(np, tk_[np.b].b);
    return a->who.valid;
  }
  return false;
}

// Before an opening mark at token `before` (exclusive), in [lo, before).
bool Run::LeadingAttribution(int before, int lo, Attribution* a) {
  int i = before - 1;
  if (i < lo) return false;
  bool colon = IsPunct(i, ':');
  // The nearest cue verb before the quote, within the clause.
  int stop = std::max(lo, before - 40);
  for (int j = i; j >= stop; --j) {
    if (tk_[j].kind == TokKind::kMark && !tk_[j].in_quote) {
      // Another quote earlier in the sentence: its attribution is handled
      // by the split-quote rule.
      break;
    }
    if (tk_[j].in_quote) continue;
    if (IsWordLower(j, "according") && IsWordLower(j + 1, "to")) {
      NP np = NpAfter(j + 2, before);
      if (np.ok()) {
        a->who = Resolve(np, tk_[np.b].b);
        a->cue = Span{tk_[j].b, tk_[j + 1].e};
        a->rule = "according_to";
        a->confidence = 0.85f;
        return a->who.valid;
      }
    }
    const CueVerb* cv = CueAt(j);
    if (!cv) continue;
    a->cue = Span{tk_[j].b, tk_[j + cv->words - 1].e};
    a->rule = colon ? "colon" : "cue_verb";
    a->confidence = colon ? 0.85f : 0.85f;
    if (cv->kind == CueVerb::Kind::kQuote) continue;
    if (cv->participle) {
      // "…, stressing he will make his “…”" / "stating: “…”": the
      // subject of the main clause.
      int k = j - 1;
      if (IsPunct(k, ',')) --k;
      for (int m = k; m >= stop; --m) {
        const CueVerb* main = CueAt(m);
        if (main && !main->participle) {
          if (CueSubject(m, lo, a)) return true;
          break;
        }
      }
      NP subj = SentenceSubject(lo, j);
      if (subj.ok()) {
        a->who = Resolve(subj, tk_[subj.b].b);
        return a->who.valid;
      }
      // Sentence starts with the participle ("Speaking …, X said").
      return false;
    }
    if (CueSubject(j, lo, a)) return true;
    // "X, who described it as “…”", "the minister … and described …".
    NP subj = SentenceSubject(lo, j);
    if (subj.ok()) {
      a->who = Resolve(subj, tk_[subj.b].b);
      return a->who.valid;
    }
    return false;
  }
  if (colon) {
    // "X: “…”" or a clause without a speech verb ending in a colon.
    NP np = NpBefore(i, lo);
    if (np.ok() && np.b == lo) {
      a->who = Resolve(np, tk_[np.b].b);
      a->rule = "colon";
      a->confidence = 0.8f;
      return a->who.valid;
    }
    NP subj = SentenceSubject(lo, i);
    if (subj.ok()) {
      a->who = Resolve(subj, tk_[subj.b].b);
      a->rule = "colon";
      a->confidence = 0.7f;
      return a->who.valid;
    }
  }
  return false;
}

int Run::Emit(Span content, QuoteKind kind, const Attribution& a, int paragraphs) {
  // Trim white space.
  while (content.begin < content.end && SpaceAt(t_, content.begin)) content.begin += static_cast<uint32_t>(SpaceAt(t_, content.begin));
  while (content.end > content.begin) {
    unsigned char c = static_cast<unsigned char>(t_[content.end - 1]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { --content.end; continue; }
    if (c == 0xA0 && content.end - content.begin >= 2 && static_cast<unsigned char>(t_[content.end - 2]) == 0xC2) {
      content.end -= 2;
      continue;
    }
    break;
  }
  if (content.empty()) return -1;
  if (content.size() > qx_.options().max_quote_bytes) {
    uint32_t cut = content.begin + static_cast<uint32_t>(qx_.options().max_quote_bytes);
    while (cut > content.begin && (static_cast<unsigned char>(t_[cut]) & 0xC0) == 0x80) --cut;
    out_->warnings.push_back(absl::StrCat("max_quote_bytes: quote at byte ", content.begin,
                                          " cut from ", content.size(), " to ",
                                          cut - content.begin, " bytes"));
    content.end = cut;
  }
  Quote q;
  q.span = content;
  q.kind = kind;
  q.paragraphs = paragraphs;
  out_->quotes.push_back(std::move(q));
  int index = static_cast<int>(out_->quotes.size()) - 1;
  Apply(index, a);
  return index;
}

void Run::Apply(int index, const Attribution& a) {
  Quote& q = out_->quotes[index];
  q.cue = a.cue;
  q.has_speaker = a.who.valid && a.who.has_speaker && !a.who.speaker.name.empty();
  if (q.has_speaker) {
    q.speaker = a.who.speaker;
    // Bodies are named without their article ("the ministry" → "ministry").
    std::string& n = q.speaker.name;
    if (n.size() > 4 && (n.compare(0, 4, "the ") == 0 || n.compare(0, 4, "The ") == 0)) n.erase(0, 4);
  }
  if (a.who.valid) {
    q.speaker.mention = a.who.speaker.mention;
    std::string rule = a.rule.empty() ? "cue_verb" : a.rule;
    if (rule == "cue_verb" || rule == "colon") {
      if (a.who.ref == RefKind::kPronoun) rule = rule == "colon" ? "colon" : "pronoun";
      else if (a.who.ref == RefKind::kRole && rule == "cue_verb") rule = "role_alias";
    }
    q.attribution = rule;
    float conf = a.confidence > 0 ? a.confidence : 0.8f;
    if (a.who.ref == RefKind::kPronoun) conf -= 0.08f;
    if (a.who.ref == RefKind::kRole) conf -= 0.1f;
    if (!q.has_speaker) conf = std::min(conf, 0.6f);
    q.confidence = conf;
  } else {
    q.attribution = "none";
    q.confidence = 0.5f;
    q.speaker = Speaker{};
  }
}

// ---------------------------------------------------------------------------
// Paragraphs

void Run::Go() {
  toks_.clear();
  regions_.clear();
  toks_.reserve(t_.size() / 5 + 16);
  TokenizeArticle();
  tk_ = toks_.data();
  ntoks_ = static_cast<int>(toks_.size());
  word_class_.assign(toks_.size(), kUnsetClass);
  wc_ = word_class_.data();
  LookUpCues();
  cue_at_ = cue_.data();
  sent_.assign(toks_.size(), 0);
  sent_lo_.assign(toks_.size(), 0);
  sent_hi_.assign(toks_.size(), 0);
  names_.clear();
  by_last_.clear();
  by_first_.clear();
  persons_.clear();
  CollectNames();
  const auto& paras = doc_.paragraphs();
  for (size_t p = 0; p < paras.size(); ++p) {
    if (paras[p].is_boilerplate()) continue;
    if (para_tok_end_[p] == para_tok_begin_[p]) continue;
    Segment(static_cast<int>(p));
    ProcessParagraph(static_cast<int>(p));
  }
  FinishChain();
  auto by_begin = [](const Quote& a, const Quote& b) { return a.span.begin < b.span.begin; };
  // Mostly emitted in order already: then the stable sort would change
  // nothing (but still build its buffer of moved quotes).
  if (!std::is_sorted(out_->quotes.begin(), out_->quotes.end(), by_begin)) {
    std::stable_sort(out_->quotes.begin(), out_->quotes.end(), by_begin);
  }
}


int Run::PrevContentPara(int p) const {
  for (int q = p - 1; q >= 0 && p - q <= 4; --q) {
    if (doc_.paragraphs()[q].is_boilerplate()) return -1;
    if (para_tok_end_[q] > para_tok_begin_[q]) return q;
  }
  return -1;
}

int Run::NextContentPara(int p) const {
  int n = static_cast<int>(doc_.paragraphs().size());
  for (int q = p + 1; q < n && q - p <= 4; ++q) {
    if (doc_.paragraphs()[q].is_boilerplate()) return -1;
    if (para_tok_end_[q] > para_tok_begin_[q]) return q;
  }
  return -1;
}

void Run::FinishChain() {
  int n = static_cast<int>(chain_.size());
  for (int q : chain_) out_->quotes[q].paragraphs = n;
  chain_.clear();
  chain_attributed_ = false;
  chain_attr_ = Attribution{};
}

// The previous paragraph ends with a colon: "And from the minister:".
bool Run::IntroColon(int p, Attribution* a) {
  int q = PrevContentPara(p);
  if (q < 0) return false;
  int te = para_tok_end_[q];
  if (!IsPunct(te - 1, ':')) return false;
  int lo = sent_lo_[te - 1];
  if (!LeadingAttribution(te, lo, a)) return false;
  a->rule = "colon";
  a->confidence = 0.75f;
  return true;
}

// A short line naming the speaker under a pull quote:
// "Hon. Jane Doe, Minister for Trade".
bool Run::NameLine(int p, Attribution* a) {
  int q = NextContentPara(p);
  if (q < 0) return false;
  int tb = para_tok_begin_[q], te = para_tok_end_[q];
  if (te - tb > 24 || tk_[te - 1].e - tk_[tb].b > 160) return false;
  int words = 0, caps = 0;
  for (int i = tb; i < te; ++i) {
    if (tk_[i].kind == TokKind::kMark) return false;
    if (IsWord(i)) {
      ++words;
      if (tk_[i].cap) ++caps;
      if (CueAt(i)) return false;
    }
    if (IsPunct(i, '.') && i == te - 1) return false;
  }
  if (words == 0 || caps * 2 < words || !tk_[tb].cap) return false;
  int e = tb;
  while (e < te && !IsPunct(e, ',')) ++e;
  int b = tb;
  while (b < e && WordAt(b) == SpeakerWord::kHonorific) ++b;
  if (b >= e) return false;
  a->who = Resolve(NP{b, e}, tk_[b].b);
  a->rule = "name_line";
  a->confidence = 0.7f;
  return a->who.valid;
}

// A headline or subtitle ending in ": Name" after its quotes.
bool Run::HeadlineColon(int p, int region_tok, Attribution* a) {
  int tb = para_tok_begin_[p], te = para_tok_end_[p];
  int stop = std::max(tb, te - 12);
  for (int i = te - 1; i >= stop; --i) {
    if (tk_[i].kind == TokKind::kMark || tk_[i].in_quote) break;
    if (!IsPunct(i, ':')) continue;
    if (i <= region_tok) return false;
    int e = te;
    if (IsPunct(e - 1, '.')) --e;
    NP np = NpAfter(i + 1, e);
    if (!np.ok() || np.e != e || !tk_[np.b].cap) return false;
    a->who = Resolve(np, tk_[np.b].b);
    a->rule = "colon";
    a->confidence = 0.8f;
    return a->who.valid;
  }
  return false;
}

bool IsLabelEnd(std::string_view w) {
  static constexpr std::string_view kEnds[] = {
      "Partnership", "Dialogue", "Agreement", "Initiative", "Strategy", "Declaration",
      "Statement", "Forum", "Summit", "Plan", "Act", "Doctrine", "Policy", "Treaty",
      "Programme", "Program", "Framework", "Vision", "Accord", "Pact", "Alliance"};
  for (std::string_view e : kEnds) if (w == e) return true;
  return false;
}

void Run::ProcessParagraph(int p) {
  int tb = para_tok_begin_[p], te = para_tok_end_[p];
  int rb = para_region_begin_[p], re = para_region_end_[p];
  bool continues = prev_unclosed_ && prev_para_ == PrevContentPara(p) && prev_para_ >= 0;
  bool chain_used = false;
  bool unclosed_at_end = false;
  int k = tb;  // token cursor
  int last_sentence_done = -1;
  int indirect_cursor = tb;  // sentences before it were read for indirect speech
  Attribution sentence_attr;
  int sentence_attr_id = -1;
  for (int r = rb; r < re; ++r) {
    const QuoteRegion& reg = regions_[r];
    if (reg.depth != 0) continue;
    // Opening and closing tokens.
    int ot = -1, ct = -1;
    while (k < te && tk_[k].b < reg.content.begin) {
      if (tk_[k].kind == TokKind::kMark && reg.has_open() && tk_[k].b == reg.open.begin) ot = k;
      ++k;
    }
    int kk = k;
    while (kk < te && tk_[kk].b < reg.content.end) ++kk;
    if (reg.closed() && kk < te && tk_[kk].b == reg.close.begin) ct = kk;
    int first_in = k;  // first token inside
    int anchor = ot >= 0 ? ot : first_in;
    if (anchor >= te) continue;
    int s_lo = sent_lo_[anchor], s_hi = sent_hi_[anchor];
    // Indirect speech in the sentences before this one.
    for (int i = std::max(tb, indirect_cursor); i < s_lo;) {
      int lo = sent_lo_[i], hi = sent_hi_[i];
      indirect_cursor = hi;
      if (sent_[i] > last_sentence_done) {
        IndirectQuotes(p, lo, hi);
        last_sentence_done = sent_[i];
      }
      i = hi;
    }
    Span content = reg.content;
    int words = 0;
    for (int i = first_in; i < kk; ++i) if (tk_[i].kind == TokKind::kWord) ++words;
    Attribution a;
    bool attributed = false;
    // "… partner. - Jane Doe" inside the quote.
    {
      int e = kk;
      int b = e;
      while (b - 1 >= first_in && (tk_[b - 1].kind == TokKind::kWord && tk_[b - 1].cap) && e - b < 6) --b;
      if (b < e && b - 1 > first_in && tk_[b - 1].kind == TokKind::kDash &&
          (b - 2 < first_in || tk_[b - 2].kind == TokKind::kPunct)) {
        NP np{b, e};
        a.who = Resolve(np, tk_[b].b);
        a.rule = "dash";
        a.confidence = 0.85f;
        attributed = a.who.valid;
        content.end = tk_[b - 1].b;
        words -= e - b;
      }
    }
    bool title_case = false;
    // Kind.
    int prev = (ot >= 0 ? ot : first_in) - 1;
    bool at_start = ot < 0 || ot == s_lo || prev < tb || IsPunct(prev, ':') ||
                    (IsPunct(prev, ',') && CueAt(prev - 1)) ||
                    (CueAt(prev) && !CueAt(prev)->participle && CueAt(prev)->kind != CueVerb::Kind::kFrame) ||
                    (IsWordLower(prev, "that") && prev - 1 >= tb &&
                     (CueAt(prev - 1) || WordAt(prev - 1) == SpeakerWord::kSkip));
    bool ends = ct < 0 || ct + 1 >= s_hi || ct + 1 >= te;
    if (!ends && ct >= 0) {
      int n = ct + 1;
      if (IsPunct(n, ',') || tk_[n].kind == TokKind::kDash) ends = true;
      else if (IsWord(n) && (CueAt(n) || IsPronounTok(n, nullptr, nullptr))) ends = true;
      else if (IsWord(n) && tk_[n].cap) ends = true;
      char lastc = t_[content.end > content.begin ? content.end - 1 : content.begin];
      if (lastc == '.' || lastc == '!' || lastc == '?' || lastc == ',') ends = true;
    }
    bool direct = at_start && (ends || words >= 6) && words >= 2;
    if (ot < 0) direct = true;
    // Not quotes: labels, titles, nicknames.
    if (!direct) {
      int n = ct >= 0 ? ct + 1 : te;
      if (n < te && WordAt(n) == SpeakerWord::kLabel) continue;
      if (prev >= tb && (IsWordLower(prev, "as") && IsWordLower(prev - 1, "known"))) continue;
      if (prev >= tb && (IsWordLower(prev, "named") || IsWordLower(prev, "nicknamed") ||
                         IsWordLower(prev, "titled") || IsWordLower(prev, "entitled") ||
                         IsWordLower(prev, "so-called") || IsWordLower(prev, "name"))) {
        continue;
      }
      // Names of partnerships, agreements, programmes.
      int last_word = kk - 1;
      while (last_word >= first_in && tk_[last_word].kind != TokKind::kWord) --last_word;
      if (last_word >= first_in && IsLabelEnd(TokText(last_word))) continue;
      // Titles of shows, books and slogans in Title Case (outside headlines).
      if (doc_.paragraphs()[p].kind != ParagraphKind::kHeadline && words >= 2) {
        title_case = true;
        for (int i = first_in; i < kk && title_case; ++i) {
          if (tk_[i].kind != TokKind::kWord || tk_[i].cap) continue;
          std::string_view w = TokText(i);
          if (!(w == "of" || w == "the" || w == "and" || w == "a" || w == "an" || w == "to" ||
                w == "in" || w == "for" || w == "on" || w == "at" || w == "by" || w == "with")) {
            title_case = false;
          }
        }
      }
      if (words == 0) continue;
    }
    // Continuation of a quote left open in the previous paragraph.
    bool piece = continues && !chain_used && (ot < 0 || ot == tb) && direct;
    if (!piece && !chain_.empty()) FinishChain();
    chain_used = true;
    // Attribution.
    if (!attributed && ct >= 0) attributed = TrailingAttribution(ct + 1, s_hi, &a);
    if (!attributed && ot >= 0) attributed = LeadingAttribution(ot, s_lo, &a);
    if (!attributed && sentence_attr_id == sent_[anchor] && sentence_attr.who.valid) {
      a = sentence_attr;  // split quote: "A," she said, "B."
      attributed = true;
    }
    if (!attributed && ot >= 0) attributed = HeadlineColon(p, ot, &a);
    bool para_quote = (ot >= 0 && ot == tb) || ot < 0;
    if (!attributed && piece && chain_attributed_) {
      a = chain_attr_;
      a.cue = Span{};
      a.rule = "continuation";
      attributed = true;
    }
    if (!attributed && para_quote && !piece && direct) {
      attributed = IntroColon(p, &a);
      if (!attributed && !ends) {
      }
      if (!attributed && ct >= 0 && ct + 1 >= te) attributed = NameLine(p, &a);
      if (!attributed && ct < 0 && NextContentPara(p) >= 0 &&
          para_tok_begin_[NextContentPara(p)] < Ntoks() &&
          tk_[para_tok_begin_[NextContentPara(p)]].kind != TokKind::kMark) {
        attributed = NameLine(p, &a);
      }
    }
    if (!attributed && direct && s_lo > tb && sentence_attr.who.valid &&
        sentence_attr_id >= 0) {
      // A further quoted sentence in the same paragraph after an
      // attributed one: "“A,” he said. “B.”"
      a = sentence_attr;
      a.cue = Span{};
      a.rule = "continuation";
      a.confidence = 0.75f;
      attributed = true;
    }
    bool defer = !attributed && (reg.closed() == false) && direct && para_quote;
    if (!attributed && !defer && para_quote && direct && last_.valid &&
        p - last_para_ <= 3) {
      a.who = last_;
      a.who.speaker.mention = Span{};
      a.cue = Span{};
      a.rule = "continuation";
      a.confidence = 0.6f;
      attributed = true;
    }
    if (!direct && !attributed && title_case) continue;
    // Scare quotes in the reporter's own voice are not quotes unless long.
    if (!direct && !attributed && words < 8) continue;
    int qi = Emit(content, direct ? QuoteKind::kDirect : QuoteKind::kPartial, a, 1);
    if (qi < 0) continue;
    if (piece || (!reg.closed() && direct)) {
      if (!piece && !chain_.empty()) FinishChain();
      chain_.push_back(qi);
      if (attributed && !chain_attributed_) {
        chain_attributed_ = true;
        chain_attr_ = a;
        for (int q : chain_) {
          if (out_->quotes[q].attribution == "none") {
            Attribution c = a;
            c.rule = "continuation";
            Apply(q, c);
          }
        }
      }
    }
    if (attributed && a.who.valid) {
      Remember(a.who);
      last_para_ = p;
      last_pos_ = tk_[anchor].b;
      sentence_attr = a;
      sentence_attr_id = sent_[anchor];
    }
    if (!reg.closed()) unclosed_at_end = true;
    k = kk;
  }
  // Indirect speech in the remaining sentences.
  for (int i = tb; i < te;) {
    int hi = sent_hi_[i];
    if (sent_[i] > last_sentence_done) {
      IndirectQuotes(p, sent_lo_[i], hi);
      last_sentence_done = sent_[i];
    }
    i = hi;
  }
  if (!unclosed_at_end && !chain_.empty()) {
    // The chain ends in this paragraph when its last piece closed here.
    bool last_here = false;
    for (int r = rb; r < re; ++r) if (regions_[r].depth == 0) last_here = true;
    if (last_here || !continues) FinishChain();
  }
  prev_unclosed_ = unclosed_at_end;
  prev_para_ = p;
}

void Run::IndirectQuotes(int p, int lo, int hi) {
  (void)p;
  if (hi - lo < 5) return;
  // Every rule below starts from a lexicon cue (cue_) or "according to"
  // inside the sentence, and nothing before that has side effects; most
  // sentences hold neither.
  if (NextCue(lo) >= hi && !AccordingIn(lo, hi)) return;
  int end = hi;
  while (end > lo && tk_[end - 1].kind == TokKind::kPunct &&
         (IsPunct(end - 1, '.') || IsPunct(end - 1, '!') || IsPunct(end - 1, '?'))) {
    --end;
  }
  auto emit = [&](int b, int e, const Attribution& a) {
    // Trim punctuation at both ends.
    while (b < e && tk_[b].kind == TokKind::kPunct) ++b;
    while (e > b && (IsPunct(e - 1, ',') || IsPunct(e - 1, ';') || IsPunct(e - 1, ':'))) --e;
    // Clauses holding quotation marks are partial quotes' business.
    for (int i = b; i < e; ++i) {
      if (tk_[i].in_quote || tk_[i].kind == TokKind::kMark) return false;
    }
    int words = 0;
    for (int i = b; i < e; ++i) if (IsWord(i)) ++words;
    if (words < 4) return false;
    Emit(Span{tk_[b].b, tk_[e - 1].e}, QuoteKind::kIndirect, a, 1);
    if (a.who.valid) {
      Remember(a.who);
      last_para_ = p;
      last_pos_ = tk_[b].b;
    }
    return true;
  };
  // (C) "According to X, …" at the start.
  if (IsWordLower(lo, "according") && IsWordLower(lo + 1, "to")) {
    NP np = NpAfter(lo + 2, end);
    int c = lo + 2;
    while (c < end && c - lo < 16 && !IsPunct(c, ',')) ++c;
    if (np.ok() && c < end && np.e <= c) {
      bool source = false;
      for (int k = np.b; k < np.e; ++k) {
        SpeakerWord w = WordAt(k);
        if (tk_[k].cap || w == SpeakerWord::kRole || w == SpeakerWord::kBody) source = true;
      }
      if (IsWordLower(np.b, "him") || IsWordLower(np.b, "her") || IsWordLower(np.b, "them")) source = true;
      // "According to the agency, the minister said …": the minister speaks.
      NP inner = NpAfter(c + 1, end);
      if (inner.ok()) {
        int v = inner.e;
        while (v < end && WordAt(v) == SpeakerWord::kSkip) ++v;
        if (CueAt(v) && !CueAt(v)->participle) source = false;
      }
      if (source) {
        Attribution a;
        if (IsWordLower(np.b, "her") || IsWordLower(np.b, "him") || IsWordLower(np.b, "them")) {
          a.who = ResolvePronoun(np.b, IsWordLower(np.b, "her") ? Gender::kFemale
                                       : IsWordLower(np.b, "him") ? Gender::kMale : Gender::kUnknown,
                                 !IsWordLower(np.b, "them"));
        } else {
          a.who = Resolve(np, tk_[np.b].b);
        }
        a.cue = Span{tk_[lo].b, tk_[lo + 1].e};
        a.rule = "according_to";
        a.confidence = 0.8f;
        emit(c + 1, end, a);
        return;
      }
    }
  }
  // (D) "Noting that …, X said …": participle clause before the subject.
  {
    const CueVerb* cv = CueAt(lo);
    if (cv && cv->participle && IsWordLower(lo + cv->words, "that")) {
      int c = lo + cv->words + 1;
      int stop = std::min(end, c + 80);
      for (int j = c + 3; j < stop; ++j) {
        if (!IsPunct(j, ',')) continue;
        if (!(IsWord(j + 1) && (tk_[j + 1].cap || IsPronounTok(j + 1, nullptr, nullptr)))) continue;
        NP np = NpAfter(j + 1, end);
        if (!np.ok() || np.e >= end || !IsWord(np.e) || tk_[np.e].cap) continue;
        Attribution a;
        a.who = Resolve(np, tk_[np.b].b);
        a.cue = Span{tk_[lo].b, tk_[lo + cv->words - 1].e};
        a.rule = "cue_verb";
        a.confidence = 0.75f;
        emit(c, j, a);
        lo = j + 1;
        break;
      }
    }
  }
  // (A) "X said (that) …".
  // (Tokens without a lexicon cue have no CueAt.)
  for (int j = NextCue(lo + 1); j < end - 2; j = NextCue(j + 1)) {
    const CueVerb* cv = CueAt(j);
    if (!cv || !cv->indirect || cv->participle) continue;
    NP np = NpBefore(j, lo);
    bool coordinated = false;
    if (!np.ok() && IsWordLower(SkipBackAdverbs(j - 1, lo), "and")) {
      // "X attended the event … and said …": the sentence subject.
      np = SentenceSubject(lo, j);
      coordinated = np.ok();
    }
    if (!np.ok()) continue;
    if (coordinated) {
      // Fall through to the clause with the subject found.
    } else
    // The phrase must end at the cue (adverbs aside) and start the clause
    // (sentence start, after a comma, or after "which"/"and").
    {
      int last = SkipBackAdverbs(j - 1, lo);
      if (last != np.e - 1 && !IsPunct(last, ',')) continue;
      int before = np.b - 1;
      bool clause_start = before < lo || IsPunct(before, ',') || IsWordLower(before, "which") ||
                          IsWordLower(before, "that") || IsWordLower(before, "and") ||
                          IsWordLower(before, "as") || WordAt(before) == SpeakerWord::kSkip;
      if (!clause_start && np.b - lo <= 4) {
        // "EU foreign policy chief X insists …": only title words before.
        clause_start = true;
        for (int m = lo; m < np.b; ++m) {
          if (!IsWord(m) || CueAt(m)) clause_start = false;
        }
      }
      if (!clause_start) continue;
    }
    int c = j + cv->words;
    bool that = false;
    // Skip an object / adjunct before "that" ("told reporters on Tuesday that").
    int probe = c;
    int limit = std::min(end, c + 12);
    while (probe < limit && !IsWordLower(probe, "that") && !IsPunct(probe, '.')) ++probe;
    bool adjunct = c < end && (WordAt(c) == SpeakerWord::kSkip || IsWordLower(c, "in") ||
                               IsWordLower(c, "on") || IsWordLower(c, "at") ||
                               IsWordLower(c, "during") || IsWordLower(c, "after") ||
                               IsWordLower(c, "told") || EqualsLower(TokText(j), "told") ||
                               EqualsLower(TokText(j), "tells") || IsWordLower(c, "to"));
    if (IsWordLower(c, "that")) {
      that = true;
      ++c;
    } else if (adjunct && probe < limit && IsWordLower(probe, "that")) {
      that = true;
      c = probe + 1;
    } else {
      // Bare clause: skip leading time words ("said Monday").
      while (c < end && WordAt(c) == SpeakerWord::kSkip) ++c;
      if (EqualsLower(TokText(j), "told") || EqualsLower(TokText(j), "tells")) continue;
      if (cv->kind == CueVerb::Kind::kThat || cv->needs_that) continue;
      if (c >= end) continue;
      if (!IsWord(c)) continue;
      if (IsWordLower(c, "this") || IsWordLower(c, "so") || IsWordLower(c, "nothing") ||
          IsWordLower(c, "in") || IsWordLower(c, "on") || IsWordLower(c, "at") ||
          IsWordLower(c, "after") || IsWordLower(c, "during") || IsWordLower(c, "to") ||
          IsWordLower(c, "of") || IsWordLower(c, "for") || IsWordLower(c, "with") ||
          IsWordLower(c, "a") || IsWordLower(c, "an") || IsWordLower(c, "by")) {
        continue;
      }
      // "which he said reflected …" keeps its verb; otherwise a clause
      // starts with a subject.
    }
    (void)that;
    // The clause ends at a coordinated verb or a participle cue.
    int e = end;
    int second = -1;
    for (int k = c + 1; k < end; ++k) {
      if (IsWordLower(k, "and") && IsWord(k + 1)) {
        const CueVerb* v = CueAt(k + 1);
        std::string_view w = TokText(k + 1);
        bool ed = w.size() > 4 && w.substr(w.size() - 2) == "ed" && !tk_[k + 1].cap &&
                  !IsPunct(k - 1, ',');
        if ((v && !v->participle) || (ed && IsWord(k + 2) && !IsWordLower(k + 2, "by"))) {
          e = k;
          break;
        }
      }
      if (IsPunct(k, ',')) {
        const CueVerb* v = CueAt(k + 1);
        if (v && v->participle) {
          e = k;
          second = k + 1;
          break;
        }
      }
    }
    Attribution a;
    a.who = Resolve(np, tk_[np.b].b);
    a.cue = Span{tk_[j].b, tk_[j + cv->words - 1].e};
    a.rule = "cue_verb";
    a.confidence = that ? 0.8f : 0.7f;
    // Inverted attribution inside the clause was handled by (B).
    emit(c, e, a);
    if (second >= 0) {
      const CueVerb* v = CueAt(second);
      int c2 = second + v->words;
      if (IsWordLower(c2, "that") && v->indirect) {
        Attribution a2 = a;
        a2.cue = Span{tk_[second].b, tk_[second + v->words - 1].e};
        emit(c2 + 1, end, a2);
      }
    }
    return;
  }
  // (F) "…, noting that …" / "… saying …": a participle clause whose
  // speaker is the subject of the sentence.
  for (int j = NextCue(lo + 2); j < end - 3; j = NextCue(j + 1)) {
    const CueVerb* v = CueAt(j);
    if (!v || !v->participle || !v->indirect) continue;
    bool comma = IsPunct(j - 1, ',');
    bool that = IsWordLower(j + v->words, "that");
    if (!that && !(EqualsLower(TokText(j), "saying") && !v->needs_that)) continue;
    if (!comma && !EqualsLower(TokText(j), "saying")) continue;
    NP subj = SentenceSubject(lo, j);
    if (!subj.ok()) break;
    Attribution a;
    a.who = Resolve(subj, tk_[subj.b].b);
    a.cue = Span{tk_[j].b, tk_[j + v->words - 1].e};
    a.rule = "cue_verb";
    a.confidence = 0.7f;
    emit(j + v->words + (that ? 1 : 0), end, a);
    break;
  }
  // (E) "The ministry, Ms. X said, facilitated …": the attribution
  // interrupts the reported clause, which keeps it.
  for (int j = lo + 1; j < end && j - lo <= 8; ++j) {
    if (!IsPunct(j, ',')) continue;
    for (int m = j + 2; m < end && m - j <= 8; ++m) {
      const CueVerb* v = CueAt(m);
      if (!v) continue;
      if (v->participle || !v->indirect || !IsPunct(m + v->words, ',')) break;
      NP np = NpBefore(m, j + 1);
      if (!np.ok() || np.b != j + 1) break;
      Attribution a;
      a.who = Resolve(np, tk_[np.b].b);
      a.cue = Span{tk_[m].b, tk_[m + v->words - 1].e};
      a.rule = "cue_verb";
      a.confidence = 0.75f;
      if (emit(lo, end, a)) return;
      break;
    }
    break;
  }
  // (B) "…, X said." / "…, said X." / "…, according to X."
  for (int j = end - 1; j > lo + 4; --j) {
    if (!IsPunct(j, ',')) continue;
    if (end - j > 30) break;
    int n = j + 1;
    Attribution a;
    bool ok = false;
    if (IsWordLower(n, "according") && IsWordLower(n + 1, "to")) {
      NP np = NpAfter(n + 2, end);
      if (np.ok()) {
        a.who = Resolve(np, tk_[np.b].b);
        a.cue = Span{tk_[n].b, tk_[n + 1].e};
        a.rule = "according_to";
        a.confidence = 0.8f;
        ok = a.who.valid;
      }
    } else {
      const CueVerb* cv = CueAt(n);
      if (cv && !cv->participle && cv->kind != CueVerb::Kind::kFrame) {
        NP np = NpAfter(n + cv->words, end);
        if (np.ok() && !(np.e >= end || IsPunct(np.e, ',') ||
                         (end - np.e <= 6 && !CueAt(np.e)))) {
          np = NP{};
        }
        if (np.ok()) {
          a.who = Resolve(np, tk_[np.b].b);
          a.cue = Span{tk_[n].b, tk_[n + cv->words - 1].e};
          a.rule = "cue_verb";
          a.confidence = 0.8f;
          ok = a.who.valid;
        }
      } else {
        // NP then cue.
        for (int m = n + 1; m < end && m - n < 14; ++m) {
          const CueVerb* v = CueAt(m);
          if (!v) continue;
          if (v->participle || v->kind == CueVerb::Kind::kFrame) break;
          NP np = NpBefore(m, n);
          if (!np.ok() || np.b != n) break;
          // Only adjuncts may follow: "in a statement", "on Monday".
          int rest = m + v->words;
          bool tail_ok = rest >= end || IsPunct(rest, ',') ||
                         (end - rest <= 8 &&
                          (WordAt(rest) == SpeakerWord::kSkip || IsWordLower(rest, "in") ||
                           IsWordLower(rest, "on") || IsWordLower(rest, "at") ||
                           IsWordLower(rest, "during") || IsWordLower(rest, "after") ||
                           IsWordLower(rest, "when")));
          if (!tail_ok) break;
          a.who = Resolve(np, tk_[np.b].b);
          a.cue = Span{tk_[m].b, tk_[m + v->words - 1].e};
          a.rule = "cue_verb";
          a.confidence = 0.8f;
          ok = a.who.valid;
          break;
        }
      }
    }
    if (ok) {
      emit(lo, j, a);
      return;
    }
  }
}

}  // namespace

// ---------------------------------------------------------------------------

absl::StatusOr<std::unique_ptr<QuoteExtractor>> QuoteExtractor::Create(
    const Tables& tables, const Gazetteer& gazetteer,
    const ExtractorOptions& options) {
  std::unique_ptr<QuoteExtractor> qx(new QuoteExtractor(gazetteer, options));
  absl::StatusOr<const Table*> verbs = tables.Get("speech_verbs", {"lemma", "forms", "kind"});
  if (!verbs.ok()) return verbs.status();
  for (const Table::Row& row : (*verbs)->rows()) {
    std::string_view kind = (*verbs)->Cell(row, "kind");
    CueVerb v;
    if (kind == "speech") v.kind = CueVerb::Kind::kSpeech;
    else if (kind == "that") v.kind = CueVerb::Kind::kThat;
    else if (kind == "write") v.kind = CueVerb::Kind::kWrite;
    else if (kind == "frame") v.kind = CueVerb::Kind::kFrame;
    else if (kind == "quote") v.kind = CueVerb::Kind::kQuote;
    else return (*verbs)->RowError(row, "kind must be speech, that, write, frame or quote");
    std::string_view ind = (*verbs)->Cell(row, "indirect");
    v.indirect = ind == "yes" || ind == "that";
    v.needs_that = ind == "that";
    for (std::string_view form : SplitList((*verbs)->Cell(row, "forms"))) {
      CueVerb f = v;
      f.words = form.find(' ') == std::string_view::npos ? 1 : 2;
      std::string_view head = form.substr(0, form.find(' '));
      f.participle = head.size() > 4 && head.substr(head.size() - 3) == "ing";
      std::string key(form);
      for (char& c : key) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      std::string_view lower_head = std::string_view(key).substr(0, head.size());
      qx->cue_screen_.Add(lower_head, f.words == 1 ? kOneWord : kTwoWord);
      *qx->cues_.Insert(key) = f;
    }
  }
  absl::StatusOr<const Table*> words = tables.Get("quote_words", {"word", "kind"});
  if (!words.ok()) return words.status();
  for (const Table::Row& row : (*words)->rows()) {
    std::string_view kind = (*words)->Cell(row, "kind");
    WordInfo w;
    if (kind == "role") w.kind = SpeakerWord::kRole;
    else if (kind == "body") w.kind = SpeakerWord::kBody;
    else if (kind == "group") w.kind = SpeakerWord::kGroup;
    else if (kind == "honorific") w.kind = SpeakerWord::kHonorific;
    else if (kind == "skip") w.kind = SpeakerWord::kSkip;
    else if (kind == "opener") w.kind = SpeakerWord::kOpener;
    else if (kind == "label") w.kind = SpeakerWord::kLabel;
    else return (*words)->RowError(row, "unknown kind");
    std::string_view g = (*words)->Cell(row, "gender");
    if (g == "male") w.gender = Gender::kMale;
    else if (g == "female") w.gender = Gender::kFemale;
    std::string key((*words)->Cell(row, "word"));
    for (char& c : key) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    *qx->words_.Insert(key) = w;
    qx->word_screen_.Add(key, WordScreen::kFlag1);
  }
  for (std::string_view seg : gazetteer.FirstSegments()) {
    qx->first_segment_screen_.Add(seg);
  }
  return qx;
}

const CueVerb* QuoteExtractor::FindCue(std::string_view first, std::string_view second,
                                       uint32_t screen) const {
  bool maybe_one = (screen & kOneWord) != 0;
  bool maybe_two = (screen & kTwoWord) != 0;
  char buf[96];
  std::string_view key;
  if (maybe_two && !second.empty() && first.size() + 1 + second.size() <= 48) {
    std::string_view l1, l2;
    if (Lower(first, buf, 40, &l1) && Lower(second, buf + 48, 40, &l2)) {
      char two[96];
      std::memcpy(two, l1.data(), l1.size());
      two[l1.size()] = ' ';
      std::memcpy(two + l1.size() + 1, l2.data(), l2.size());
      const CueVerb* v = cues_.Find(std::string_view(two, l1.size() + 1 + l2.size()));
      if (v != nullptr) return v;
    }
  }
  if (!maybe_one || !Lower(first, buf, 40, &key)) return nullptr;
  const CueVerb* v = cues_.Find(key);
  if (v == nullptr || v->words != 1) return nullptr;
  return v;
}

SpeakerWord QuoteExtractor::FindWordClass(std::string_view word, bool screened) const {
  // The screen folds case itself (the lower-cased key has the same flags):
  // a word it rejects can only be a possessive ('s, ’s) of a lexicon word.
  char buf[48];
  std::string_view key;
  if (!Lower(word, buf, sizeof(buf), &key)) return SpeakerWord::kNone;
  const WordInfo* w = screened ? words_.Find(key) : nullptr;
  if (w == nullptr) {
    std::string_view s = StripPossessive(key);
    if (s.size() == key.size() || word_screen_.Flags(s) == 0) return SpeakerWord::kNone;
    w = words_.Find(s);
    if (w == nullptr) return SpeakerWord::kNone;
  }
  return w->kind;
}

Gender QuoteExtractor::WordGender(std::string_view word) const {
  char buf[48];
  std::string_view key;
  if (!Lower(word, buf, sizeof(buf), &key)) return Gender::kUnknown;
  const WordInfo* w = words_.Find(key);
  return w == nullptr ? Gender::kUnknown : w->gender;
}

void QuoteExtractor::Extract(const Document& doc, const EntityIndex& entities,
                             const ArticleContext& context,
                             Extraction* out) const {
  (void)context;
  Run run(*this, doc, entities, out);
  run.Go();
  ThreadScratch<TokenScratch>::ReleaseIfHuge();
}

}  // namespace dipx::internal
