#include "extractors/event.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <set>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "extractors/event_date.h"
#include "re2/filtered_re2.h"
#include "re2/re2.h"
#include "data/tables.h"
#include "util/strings.h"

namespace dipx::internal {
namespace {

// How far (bytes) any rule looks around a trigger.
constexpr size_t kClauseReach = 260;
constexpr size_t kPlaceReach = 160;
constexpr size_t kDateReach = 140;
constexpr size_t kMaxMentionsPerWindow = 48;
constexpr size_t kMaxBackMentions = 64;
constexpr size_t kMaxEvents = 256;
// Trigger hits read per paragraph; a paragraph with more (only machine-made
// text has thousands of "met"s) is read up to there, with a warning.
constexpr size_t kMaxHitsPerParagraph = 4096;
// How far (bytes) a trigger match may reach before or after one of its
// keys (data/event_triggers.tsv): patterns run only this close to a key.
constexpr uint32_t kKeyReach = 200;
// Key positions of one "starts" trigger tried one by one in a paragraph;
// past that many, the rest of the paragraph is searched in one pass.
constexpr uint32_t kMaxKeyPoints = 1024;

class ScreenedRE2;  // an RE2 with a screen for its literals (below)

enum class TriggerClass : uint8_t { kVerb, kNoun, kPerson, kObject, kNamed };

struct Trigger {
  EventType type = EventType::kMeeting;
  TriggerClass cls = TriggerClass::kVerb;
  int priority = 0;
  bool starts = false;  // every match starts with one of its keys
  uint32_t reach = kKeyReach;  // how far a match extends beyond a key
  std::unique_ptr<ScreenedRE2> re;
};

// A lower-case literal that every match of trigger `trigger` contains.
struct TriggerKey {
  std::string text;
  int trigger = -1;
  // The first 8 bytes (little-endian, as loaded): `text` starts at p when
  // ((load(p) | fold) & mask) == head (fold sets 0x20 at letters).
  uint64_t head = 0;
  uint64_t fold = 0;
  uint64_t mask = 0;
};

TriggerKey MakeKey(std::string_view text, int trigger) {
  TriggerKey k{std::string(text), trigger};
  for (size_t j = 0; j < text.size() && j < 8; ++j) {
    const uint64_t c = static_cast<unsigned char>(text[j]);
    k.head |= c << (8 * j);
    k.mask |= uint64_t{0xFF} << (8 * j);
    if (c >= 'a' && c <= 'z') k.fold |= uint64_t{0x20} << (8 * j);
  }
  return k;
}

// Where trigger `trigger` may match: [begin, end) relative to a paragraph;
// for a `point`, a match must start at `begin`.
struct KeyWindow {
  int trigger = -1;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool point = false;
};

// RE2's \w: ASCII letters, digits and '_'.
constexpr bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

struct ByteTables {
  bool word[256];
  unsigned char lower[256];
};

constexpr ByteTables MakeByteTables() {
  ByteTables t{};
  for (int c = 0; c < 256; ++c) {
    t.word[c] = IsWordByte(static_cast<unsigned char>(c));
    t.lower[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return t;
}

constexpr ByteTables kBytes = MakeByteTables();

// A 16-bit hash of three bytes (b0 | b1 << 8 | b2 << 16) folded to lower
// case by setting bit 0x20 of each (lossy: a filter only).
inline unsigned Prefix3(uint32_t bytes) {
  return ((bytes | 0x202020u) * 0x9E3779B1u) >> 16;
}

// The three bytes at `p` (four must be readable) as b0 | b1 << 8 | b2 << 16.
inline uint32_t Load3(const unsigned char* p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v & 0xFFFFFFu;
#else
  return p[0] | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16);
#endif
}

// An RE2, optionally with a cheap exact screen in front: the literals
// ("atoms") its matches must contain, as FilteredRE2 derives them from the
// pattern. A screened Match() first looks for the atoms in [startpos,
// endpos) (one pass, two table lookups a byte) and skips RE2 when no match
// can lie there. Worth it for unanchored searches of bounded windows whose
// atoms are rarer than the commonest words; deriving the atoms costs about
// as much as compiling the pattern.
class ScreenedRE2 {
 public:
  // Null (and `*error` set) when `pattern` does not compile.
  static std::unique_ptr<ScreenedRE2> Compile(const std::string& pattern,
                                              bool screen, std::string* error);

  // The pattern itself, unscreened (for anchored matches, whose match may
  // reach past any bound the screen could use).
  const RE2& re() const { return *re_; }

  // RE2::Match, skipped when the screen proves there is no match.
  bool Match(const re2::StringPiece& text, size_t startpos, size_t endpos,
             RE2::Anchor anchor, re2::StringPiece* submatch,
             int nsubmatch) const {
    if (filter_ != nullptr && startpos <= endpos && endpos <= text.size() &&
        !MayMatch(text.data() + startpos, text.data() + endpos)) {
      return false;
    }
    return re_->Match(text, startpos, endpos, anchor, submatch, nsubmatch);
  }

 private:
  // Bit 63 of `first_`/`second_` marks byte pairs that may start a
  // non-ASCII character RE2's case folding equates with an ASCII letter
  // (U+212A KELVIN SIGN, U+017F LONG S): the screen then passes.
  static constexpr uint64_t kFoldBit = uint64_t{1} << 63;
  static constexpr size_t kMaxAtoms = 63;
  static constexpr int kMinAtomLength = 3;

  ScreenedRE2() = default;
  // Whether the atoms found (a bit per atom) allow a match.
  bool Passes(uint64_t found) const;
  bool MayMatch(const char* begin, const char* end) const;

  std::unique_ptr<RE2> plain_;  // unscreened
  std::unique_ptr<re2::FilteredRE2> filter_;  // screened: owns the RE2
  std::unique_ptr<re2::FilteredRE2> owner_;   // owns the RE2, no screen
  const RE2* re_ = nullptr;
  std::vector<std::string> atoms_;  // lower-case ASCII, at least 2 bytes
  uint64_t single_ = 0;  // atoms whose presence alone allows a match
  uint64_t pairs_[kMaxAtoms] = {};  // atoms b: {a, b} allows a match
  uint64_t first_[256] = {};   // atoms by their first byte (either case)
  uint64_t second_[256] = {};  // atoms by their second byte (either case)
  // The distinct first two bytes of the atoms (and of U+212A, U+017F), with
  // bit 0x20 set, for a 16-byte scan; none when more than kMaxPairs.
  static constexpr int kMaxPairs = 12;
  int num_pairs_ = 0;
  unsigned char pair0_[kMaxPairs] = {};
  unsigned char pair1_[kMaxPairs] = {};
};

std::unique_ptr<ScreenedRE2> ScreenedRE2::Compile(const std::string& pattern,
                                                  bool screen,
                                                  std::string* error) {
  RE2::Options options;
  options.set_log_errors(false);
  std::unique_ptr<ScreenedRE2> sre(new ScreenedRE2());
  if (!screen) {
    sre->plain_ = std::make_unique<RE2>(pattern, options);
    if (!sre->plain_->ok()) {
      *error = sre->plain_->error();
      return nullptr;
    }
    sre->re_ = sre->plain_.get();
    return sre;
  }
  auto filter = std::make_unique<re2::FilteredRE2>(kMinAtomLength);
  int id = -1;
  if (filter->Add(pattern, options, &id) != RE2::NoError) {
    *error = RE2(pattern, options).error();
    return nullptr;
  }
  std::vector<std::string> atoms;
  filter->Compile(&atoms);
  std::vector<int> found, passed;
  filter->AllPotentials(found, &passed);
  bool usable = passed.empty() && !atoms.empty() && atoms.size() <= kMaxAtoms;
  // The screen folds ASCII case only.
  for (const std::string& atom : atoms) {
    if (atom.size() < 2) usable = false;
    for (char c : atom) {
      if (static_cast<unsigned char>(c) >= 0x80) usable = false;
    }
  }
  sre->re_ = &filter->GetRE2(id);
  if (!usable) {
    sre->owner_ = std::move(filter);
    return sre;
  }
  const size_t n = atoms.size();
  for (size_t a = 0; a < n; ++a) {
    const uint64_t bit = uint64_t{1} << a;
    for (int k = 0; k < 2; ++k) {
      const unsigned char c = static_cast<unsigned char>(atoms[a][k]);
      uint64_t* table = k == 0 ? sre->first_ : sre->second_;
      table[c] |= bit;
      if (c >= 'a' && c <= 'z') table[c - 32] |= bit;
    }
    found.assign(1, static_cast<int>(a));
    filter->AllPotentials(found, &passed);
    if (!passed.empty()) sre->single_ |= bit;
  }
  for (size_t a = 0; a < n; ++a) {
    if (sre->single_ >> a & 1) continue;
    for (size_t b = a + 1; b < n; ++b) {
      if (sre->single_ >> b & 1) continue;
      found = {static_cast<int>(a), static_cast<int>(b)};
      filter->AllPotentials(found, &passed);
      if (!passed.empty()) {
        sre->pairs_[a] |= uint64_t{1} << b;
        sre->pairs_[b] |= uint64_t{1} << a;
      }
    }
  }
  // U+212A is E2 84 AA, U+017F is C5 BF.
  sre->first_[0xE2] |= kFoldBit;
  sre->first_[0xC5] |= kFoldBit;
  sre->second_[0x84] |= kFoldBit;
  sre->second_[0xBF] |= kFoldBit;
  std::vector<std::pair<unsigned char, unsigned char>> pairs = {
      {0xE2 | 0x20, 0x84 | 0x20}, {0xC5 | 0x20, 0xBF | 0x20}};
  for (const std::string& atom : atoms) {
    pairs.emplace_back(static_cast<unsigned char>(atom[0]) | 0x20,
                       static_cast<unsigned char>(atom[1]) | 0x20);
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  if (pairs.size() <= kMaxPairs) {
    for (const auto& [c0, c1] : pairs) {
      sre->pair0_[sre->num_pairs_] = c0;
      sre->pair1_[sre->num_pairs_] = c1;
      ++sre->num_pairs_;
    }
  }
  sre->atoms_ = std::move(atoms);
  sre->filter_ = std::move(filter);
  return sre;
}

bool ScreenedRE2::Passes(uint64_t found) const {
  if (found & single_) return true;
  for (uint64_t m = found; m != 0; m &= m - 1) {
    if (pairs_[__builtin_ctzll(m)] & found) return true;
  }
  // No atom alone and no two of them: only three or more may do.
  if (__builtin_popcountll(found) < 3) return false;
  std::vector<int> ids;
  for (uint64_t m = found; m != 0; m &= m - 1) {
    ids.push_back(__builtin_ctzll(m));
  }
  std::vector<int> passed;
  filter_->AllPotentials(ids, &passed);
  return !passed.empty();
}

bool ScreenedRE2::MayMatch(const char* begin, const char* end) const {
  const auto* s = reinterpret_cast<const unsigned char*>(begin);
  const size_t n = static_cast<size_t>(end - begin);
  uint64_t seen = 0;
  // The atoms starting at `i` (i + 1 < n): true when they allow a match.
  auto at = [&](size_t i) {
    uint64_t m = first_[s[i]] & second_[s[i + 1]] & ~seen;
    if (m == 0) return false;
    if (m & kFoldBit) return true;
    while (m != 0) {
      const int a = __builtin_ctzll(m);
      m &= m - 1;
      const std::string& atom = atoms_[a];
      if (atom.size() > n - i) continue;
      size_t j = 2;
      while (j < atom.size() &&
             kBytes.lower[s[i + j]] == static_cast<unsigned char>(atom[j])) {
        ++j;
      }
      if (j < atom.size()) continue;
      const uint64_t bit = uint64_t{1} << a;
      if ((single_ & bit) || (pairs_[a] & seen)) return true;
      seen |= bit;
    }
    return false;
  };
  size_t i = 0;
#if defined(__SSE2__)
  // 16 positions at a time: those whose two bytes, with bit 0x20 set, are
  // an atom's first two (a superset of the table's candidates).
  if (num_pairs_ > 0) {
    __m128i c0[kMaxPairs], c1[kMaxPairs];
    for (int p = 0; p < num_pairs_; ++p) {
      c0[p] = _mm_set1_epi8(static_cast<char>(pair0_[p]));
      c1[p] = _mm_set1_epi8(static_cast<char>(pair1_[p]));
    }
    const __m128i k20 = _mm_set1_epi8(0x20);
    for (; i + 17 <= n; i += 16) {
      const __m128i v0 = _mm_or_si128(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i)), k20);
      const __m128i v1 = _mm_or_si128(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 1)), k20);
      __m128i hit = _mm_and_si128(_mm_cmpeq_epi8(v0, c0[0]),
                                  _mm_cmpeq_epi8(v1, c1[0]));
      for (int p = 1; p < num_pairs_; ++p) {
        hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(v0, c0[p]),
                                              _mm_cmpeq_epi8(v1, c1[p])));
      }
      unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
      while (mask != 0) {
        if (at(i + static_cast<size_t>(__builtin_ctz(mask)))) return true;
        mask &= mask - 1;
      }
    }
  }
#endif
  for (; i + 1 < n; ++i) {
    if (at(i)) return true;
  }
  return seen != 0 && Passes(seen);
}

bool ParseType(std::string_view s, EventType* type) {
  static constexpr std::pair<std::string_view, EventType> kTypes[] = {
      {"meeting", EventType::kMeeting},   {"visit", EventType::kVisit},
      {"dialogue", EventType::kDialogue}, {"summit", EventType::kSummit},
      {"call", EventType::kCall},         {"agreement", EventType::kAgreement},
      {"statement", EventType::kStatement}};
  for (const auto& [name, t] : kTypes) {
    if (s == name) {
      *type = t;
      return true;
    }
  }
  return false;
}

bool ParseClass(std::string_view s, TriggerClass* cls) {
  static constexpr std::pair<std::string_view, TriggerClass> kClasses[] = {
      {"verb", TriggerClass::kVerb},     {"noun", TriggerClass::kNoun},
      {"person", TriggerClass::kPerson}, {"object", TriggerClass::kObject},
      {"named", TriggerClass::kNamed}};
  for (const auto& [name, c] : kClasses) {
    if (s == name) {
      *cls = c;
      return true;
    }
  }
  return false;
}

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

std::string Lower(std::string_view s) {
  return absl::AsciiStrToLower(Absl(s));
}

// Whether `s` ends with `suffix` ignoring ASCII case.
bool EndsWithWord(std::string_view s, std::string_view word) {
  if (s.size() < word.size()) return false;
  std::string_view tail = s.substr(s.size() - word.size());
  if (!absl::EqualsIgnoreCase(Absl(tail), Absl(word))) return false;
  return s.size() == word.size() || !IsAlnum(s[s.size() - word.size() - 1]);
}

}  // namespace

struct EventExtractor::Rules {
  std::vector<Trigger> triggers;
  // The key screen: keys starting with a word byte match at word starts
  // (`word_keys`, listed by their lower-case first byte, with a flag per
  // Prefix3 hash to reject most words at once); the others anywhere
  // (`other_keys`, found with memchr). Triggers without keys run on every
  // paragraph.
  std::vector<TriggerKey> word_keys;
  std::vector<TriggerKey> other_keys;
  std::vector<uint16_t> keys_by_first[256];
  bool prefix_ok[65536] = {};
  std::vector<int> unkeyed;
  std::unique_ptr<EventDateFinder> dates;
  std::unique_ptr<ScreenedRE2> venue;        // "on the sidelines of …"
  std::unique_ptr<ScreenedRE2> at_venue;     // "at the National Palace", "at her office"
  std::unique_ptr<ScreenedRE2> group;        // "the two leaders", "both sides"
  std::unique_ptr<ScreenedRE2> planned_before;
  std::unique_ptr<ScreenedRE2> planned_after;    // its words; PlannedAfter()
  std::unique_ptr<ScreenedRE2> proposed_before;  // its words; ProposedBefore()
  std::unique_ptr<ScreenedRE2> new_cue;      // "Later in the day, …"
  std::unique_ptr<ScreenedRE2> determiner;   // "the", "their", "during the" before a noun
  std::unique_ptr<ScreenedRE2> venue_event;  // a venue summit that is an event itself
  std::unique_ptr<ScreenedRE2> according;    // "according to a joint statement"
  absl::flat_hash_set<std::string> leader_roles;  // lower-case canonical roles
  absl::flat_hash_set<std::string> minister_roles;
  absl::flat_hash_set<std::string> non_participant_orgs;  // media, government
};

namespace {

// The windows of `para` near a key of some trigger (overlapping windows of
// one trigger merged; key points of "starts" triggers), unsorted. `last`
// and `points` are scratch (one slot per trigger). Cost: a few instructions
// per 16 bytes and per word start.
void ScreenKeys(const EventExtractor::Rules& rules, std::string_view text,
                Span para, std::vector<int>* last,
                std::vector<uint32_t>* points, std::vector<KeyWindow>* out) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const uint32_t b = para.begin, e = para.end;
  last->assign(rules.triggers.size(), -1);
  points->assign(rules.triggers.size(), 0);
  auto add = [&](int trigger, uint32_t at, size_t len) {
    int& l = (*last)[trigger];
    if (rules.triggers[trigger].starts) {
      uint32_t& n = (*points)[trigger];
      if (n > kMaxKeyPoints) return;  // the rest is searched in one pass
      if (l >= 0 && (*out)[l].begin == at - b) return;
      l = static_cast<int>(out->size());
      if (++n > kMaxKeyPoints) {
        out->push_back(KeyWindow{trigger, at - b, e - b, false});
      } else {
        out->push_back(KeyWindow{trigger, at - b, at - b, true});
      }
      return;
    }
    const uint32_t reach = rules.triggers[trigger].reach;
    const uint32_t wb = (at - b > reach ? at - reach : b) - b;
    const uint32_t we =
        static_cast<uint32_t>(std::min<size_t>(e, at + len + reach)) - b;
    if (l >= 0) {
      KeyWindow& w = (*out)[l];
      if (wb <= w.end && we >= w.begin) {
        w.begin = std::min(w.begin, wb);
        w.end = std::max(w.end, we);
        return;
      }
    }
    l = static_cast<int>(out->size());
    out->push_back(KeyWindow{trigger, wb, we, false});
  };
  auto key_at = [&](const TriggerKey& key, uint32_t at) {
    const size_t n = key.text.size();
    if (n > e - at) return false;
    size_t j = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (at + 8 <= text.size()) {
      uint64_t v;
      std::memcpy(&v, s + at, 8);
      if (((v | key.fold) & key.mask) != key.head) return false;
      j = 8;
    }
#endif
    for (; j < n; ++j) {
      if (kBytes.lower[s[at + j]] != static_cast<unsigned char>(key.text[j])) {
        return false;
      }
    }
    return true;
  };
  // A word start: a word byte after a non-word byte (RE2's \b).
  // The bytes after a short word may lie past the paragraph: a key that
  // fits in it has the same hash, and a shorter key allows any bytes.
  const size_t size = text.size();
  auto word_start = [&](uint32_t at) {
    unsigned h;
    if (at + 4 <= size) {
      h = Prefix3(Load3(s + at));
    } else {  // bytes past the paragraph count as 0
      h = Prefix3(s[at] | (at + 1 < e ? uint32_t{s[at + 1]} << 8 : 0) |
                  (at + 2 < e ? uint32_t{s[at + 2]} << 16 : 0));
    }
    if (!rules.prefix_ok[h]) return;
    for (uint16_t k : rules.keys_by_first[kBytes.lower[s[at]]]) {
      const TriggerKey& key = rules.word_keys[k];
      if (key_at(key, at)) add(key.trigger, at, key.text.size());
    }
  };
  uint32_t i = b;
  bool prev_word = b > 0 && kBytes.word[s[b - 1]];
#if defined(__SSE2__)
  // 16 bytes at a time: a mask of word bytes, then its word starts.
  const __m128i k20 = _mm_set1_epi8(0x20);
  const __m128i kA = _mm_set1_epi8(static_cast<char>(0x80 - 'a'));
  const __m128i k0 = _mm_set1_epi8(static_cast<char>(0x80 - '0'));
  const __m128i k26 = _mm_set1_epi8(static_cast<char>(0x80 + 26));
  const __m128i k10 = _mm_set1_epi8(static_cast<char>(0x80 + 10));
  const __m128i kUnder = _mm_set1_epi8('_');
  for (; i + 16 <= e; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i alpha = _mm_cmplt_epi8(
        _mm_add_epi8(_mm_or_si128(v, k20), kA), k26);
    const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, k0), k10);
    const __m128i under = _mm_cmpeq_epi8(v, kUnder);
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_or_si128(alpha, digit), under)));
    unsigned starts = mask & ~((mask << 1) | (prev_word ? 1u : 0u)) & 0xFFFF;
    prev_word = (mask >> 15) & 1;
    while (starts != 0) {
      word_start(i + static_cast<uint32_t>(__builtin_ctz(starts)));
      starts &= starts - 1;
    }
  }
#endif
  for (; i < e; ++i) {
    const bool w = kBytes.word[s[i]];
    if (w && !prev_word) word_start(i);
    prev_word = w;
  }
  for (const TriggerKey& key : rules.other_keys) {
    uint32_t from = b;
    while (from < e) {
      const void* p = std::memchr(s + from, key.text[0], e - from);
      if (p == nullptr) break;
      const uint32_t at =
          static_cast<uint32_t>(static_cast<const unsigned char*>(p) - s);
      if (key_at(key, at)) add(key.trigger, at, key.text.size());
      from = at + 1;
    }
  }
}

}  // namespace

EventExtractor::~EventExtractor() = default;

absl::StatusOr<std::unique_ptr<EventExtractor>> EventExtractor::Create(
    const Tables& tables, const Gazetteer& gazetteer,
    const ExtractorOptions& options) {
  std::unique_ptr<EventExtractor> ex(new EventExtractor(gazetteer, options));
  auto rules = std::make_unique<Rules>();
  absl::StatusOr<const Table*> table =
      tables.Get("event_triggers", {"pattern", "type", "class"});
  if (!table.ok()) return table.status();
  for (const Table::Row& row : (*table)->rows()) {
    Trigger t;
    if (!ParseType((*table)->Cell(row, "type"), &t.type)) {
      return (*table)->RowError(row, "unknown event type");
    }
    if (!ParseClass((*table)->Cell(row, "class"), &t.cls)) {
      return (*table)->RowError(row, "unknown trigger class");
    }
    std::string_view prio = (*table)->Cell(row, "priority");
    if (prio.size() > 6) return (*table)->RowError(row, "bad priority");
    for (char c : prio) {
      if (c < '0' || c > '9') return (*table)->RowError(row, "bad priority");
      t.priority = t.priority * 10 + (c - '0');
    }
    t.starts = (*table)->Cell(row, "starts") == "yes";
    std::string_view reach = (*table)->Cell(row, "reach");
    if (!reach.empty()) {
      t.reach = 0;
      for (char c : reach) {
        if (c < '0' || c > '9' || t.reach > kKeyReach) {
          return (*table)->RowError(row, "bad reach");
        }
        t.reach = t.reach * 10 + (c - '0');
      }
      if (t.reach > kKeyReach) return (*table)->RowError(row, "bad reach");
    }
    std::string pattern =
        absl::StrCat("(?i:\\b(?:", Absl((*table)->Cell(row, "pattern")), ")\\b)");
    std::string error;
    // Screened when searched in windows ("starts" rows run anchored).
    t.re = ScreenedRE2::Compile(pattern, !t.starts, &error);
    if (t.re == nullptr) {
      return (*table)->RowError(row, absl::StrCat("bad pattern: ", error));
    }
    const int index = static_cast<int>(rules->triggers.size());
    bool keyed = false;
    for (std::string_view key : SplitList((*table)->Cell(row, "keys"))) {
      if (key.empty()) continue;
      for (char c : key) {
        if (c >= 'A' && c <= 'Z') {
          return (*table)->RowError(row, "keys must be lower case");
        }
      }
      TriggerKey k = MakeKey(key, index);
      const unsigned char first = static_cast<unsigned char>(key[0]);
      if (kBytes.word[first]) {
        if (rules->word_keys.size() >= 0xFFFF) {
          return (*table)->RowError(row, "too many trigger keys");
        }
        rules->keys_by_first[first].push_back(
            static_cast<uint16_t>(rules->word_keys.size()));
        // Every hash a word starting with the key can have.
        for (uint32_t c1 = 0; c1 < 256; ++c1) {
          if (key.size() > 1 && c1 != static_cast<unsigned char>(key[1])) continue;
          for (uint32_t c2 = 0; c2 < 256; ++c2) {
            if (key.size() > 2 && c2 != static_cast<unsigned char>(key[2])) continue;
            const unsigned h = Prefix3(first | (c1 << 8) | (c2 << 16));
            rules->prefix_ok[h] = true;
          }
        }
        rules->word_keys.push_back(std::move(k));
      } else {
        rules->other_keys.push_back(std::move(k));
      }
      keyed = true;
    }
    if (!keyed) {
      if (t.starts) return (*table)->RowError(row, "'starts' needs keys");
      rules->unkeyed.push_back(index);
    }
    rules->triggers.push_back(std::move(t));
  }

  struct Fixed {
    std::unique_ptr<ScreenedRE2>* slot;
    const char* pattern;
    // Screened (ScreenedRE2) when searched unanchored in a window and its
    // literals are rarer than the commonest words.
    bool screen = false;
  };
  const Fixed fixed[] = {
      {&rules->venue,
       "(?i)\\b(?:on|at) the ((?:sidelines|side-lines|margins|fringes|fringe|"
       "sideline) of\\s+[^,;.]*)", true},
      {&rules->at_venue,
       "\\bat ((?:the\\s+(?:[A-Z][\\w'’-]*\\s+){0,4}(?:Palace|House|Hall|"
       "Centre|Center|Building|Office|Residence|Secretariat|Ministry))|(?:his|"
       "her|their) (?:office|residence|official residence))\\b", true},
      {&rules->group,
       "(?i)\\b(?:the|both|all) (?:two |three |four )?(?:visiting )?"
       "(?:((?-i:[A-Z][\\w'’-]+)) )?(leaders|leaderships|countries|nations|"
       "sides|parties|governments|ministers|foreign ministers|officials|"
       "heads of state|presidents|prime ministers|delegations)\\b", true},
      // One trailing '$' at the top level: RE2 then matches backwards from
      // the end instead of scanning all of `before`.
      {&rules->planned_before,
       "(?i)\\b(?:will|would|shall|to be|set to|scheduled to|expected to|"
       "plans? to|planning to|is to|are to|going to|hopes? to|intends? to|"
       "aims? to|invited to|upcoming|next|planned|"
       "preparations for (?:an?|the))\\s+(?:[\\w'’-]+\\s+){0,3}$", true},
      // Within 60 characters after the trigger, no '.' or ';' between
      // (PlannedAfter()).
      {&rules->planned_after,
       "(?i)\\b(?:scheduled (?:for|to)|that will be held|which will be held|"
       "to be held|will be held|slated for|later this (?:week|month|year)|"
       "next (?:week|month|year))\\b", true},
      // Within 60 characters before the trigger (ProposedBefore()).
      {&rules->proposed_before,
       "(?i)\\b(?:invited|invites|inviting|invitation|proposed|proposes|"
       "suggested)\\b", true},
      {&rules->new_cue,
       "(?i)^(?:later|shortly|afterwards?|subsequently|separately|meanwhile|"
       "in another|also on|earlier in the day|earlier that day)\\b"},
      {&rules->determiner,
       "(?i)\\b(?:the|this|that|their|his|her|its|our|these|during|following|"
       "after)\\s+(?:same\\s+|recent\\s+|two\\s+)?$"},
      {&rules->venue_event,
       "(?i)^[^.;]{0,80}?\\b(?:that will be held|which will be held|to be "
       "held|will be held|scheduled for|from (?:Monday|Tuesday|Wednesday|"
       "Thursday|Friday|Saturday|Sunday)|later this week|next (?:week|month)|"
       "early next)\\b"},
      {&rules->according,
       "(?i)\\baccording to (?:an?|the)\\s+$"},
  };
  for (const Fixed& f : fixed) {
    std::string error;
    *f.slot = ScreenedRE2::Compile(f.pattern, f.screen, &error);
    if (*f.slot == nullptr) {
      return absl::InternalError(absl::StrCat("event rule: ", error));
    }
  }
  absl::StatusOr<std::unique_ptr<EventDateFinder>> dates =
      EventDateFinder::Create();
  if (!dates.ok()) return dates.status();
  rules->dates = *std::move(dates);

  absl::StatusOr<const Table*> titles = tables.Get("titles");
  if (titles.ok()) {
    for (const Table::Row& row : (*titles)->rows()) {
      std::string_view category = (*titles)->Cell(row, "category");
      std::string role = Lower((*titles)->Cell(row, "role"));
      if (category == "leader" || category == "royal") {
        rules->leader_roles.insert(role);
      } else if (category == "minister") {
        rules->minister_roles.insert(role);
      }
    }
  }
  absl::StatusOr<const Table*> orgs = tables.Get("organizations");
  if (orgs.ok()) {
    for (const Table::Row& row : (*orgs)->rows()) {
      std::string_view type = (*orgs)->Cell(row, "type");
      if (type == "media" || type == "government") {
        rules->non_participant_orgs.insert(
            std::string((*orgs)->Cell(row, "name")));
      }
    }
  }
  ex->rules_ = std::move(rules);
  return ex;
}

namespace {

enum class PartKind : uint8_t { kPerson, kCountry, kOrg };

struct Part {
  PartKind kind = PartKind::kPerson;
  int entity = -1;
  std::string name;
  std::string role;
  std::string country;
  Span mention;
};

struct Hit {
  Span span;
  const Trigger* trigger = nullptr;
};


struct Draft {
  EventType type = EventType::kMeeting;
  EventStatus status = EventStatus::kHeld;
  Span sentence;
  Span trigger;
  std::vector<Part> parts;
  Span location;
  bool here = false;
  Span venue;
  Span date_text;
  // Of date_text, computed when first needed (DateTraitsOf()).
  mutable DateTraits date_traits;
  mutable bool date_traits_known = false;
  std::string name;  // named meeting or mechanism
  bool anaphoric = false;
  bool new_cue = false;
  bool headline = false;
  TriggerClass cls = TriggerClass::kVerb;
  Span quote;  // the quotation holding the trigger, if any
  std::vector<Span> mentions;
  uint32_t first_sentence_index = 0;
  uint32_t created_at = 0;  // sentence index of the draft that created it
};

// Quoted stretches of one paragraph (straight or curly double quotes).
std::vector<Span> QuotedRanges(std::string_view text, Span para) {
  std::vector<Span> out;
  bool open = false;
  uint32_t start = 0;
  const char* const base = text.data();
  const char* const end = base + para.end;
  auto next = [&](const char* from, int c) {
    return from < end ? static_cast<const char*>(std::memchr(from, c, end - from))
                      : nullptr;
  };
  // The next '"' and the next 0xE2 (lead byte of “ and ”).
  const char* straight = next(base + para.begin, '"');
  const char* curly = next(base + para.begin, 0xE2);
  while (straight != nullptr || curly != nullptr) {
    const bool is_straight =
        curly == nullptr || (straight != nullptr && straight < curly);
    const char* at = is_straight ? straight : curly;
    const uint32_t i = static_cast<uint32_t>(at - base);
    bool mark_open = false, mark_close = false;
    if (is_straight) {
      mark_open = !open;
      mark_close = open;
      straight = next(at + 1, '"');
    } else {
      if (i + 2 < para.end && static_cast<unsigned char>(text[i + 1]) == 0x80) {
        unsigned char d = static_cast<unsigned char>(text[i + 2]);
        if (d == 0x9C) mark_open = true;   // “
        if (d == 0x9D) mark_close = open;  // ”
      }
      curly = next(at + 1, 0xE2);
    }
    if (mark_open && !open) {
      open = true;
      start = i;
    } else if (mark_close) {
      open = false;
      out.push_back(Span{start, i + 1});
    }
  }
  if (open) out.push_back(Span{start, para.end});
  return out;
}

bool InRanges(const std::vector<Span>& ranges, uint32_t offset) {
  for (const Span& r : ranges) {
    if (r.Contains(offset)) return true;
  }
  return false;
}

}  // namespace

namespace {

// Everything Extract() needs for one article.
class ArticleRun {
 public:
  ArticleRun(const EventExtractor::Rules& rules, const Gazetteer& gazetteer,
             const Document& doc, const EntityIndex& entities)
      : rules_(rules), gaz_(gazetteer), doc_(doc), text_(doc.text()),
        ent_(entities) {}

  void Run(const CivilDate& base, Extraction* out);

 private:
  bool IsPersonMention(const Mention& m) const {
    return m.entity >= 0 &&
           ent_.entities[m.entity].kind == EntityKind::kPerson;
  }
  Part PartFor(int entity, Span mention) const;
  void AddPart(std::vector<Part>* parts, Part p) const;
  int ResolvePronoun(size_t index) const;
  void CollectParts(Span window, const std::vector<Span>& quotes,
                    std::vector<Part>* parts) const;
  void ResolveGroup(Span window, std::vector<Part>* parts) const;
  void ResolvePair(uint32_t at, std::vector<Part>* parts) const;
  Part QuoteSpeaker(Span quote, const Extraction* out) const;
  bool PersonRightAfter(uint32_t offset, size_t reach) const;
  Span PlaceAt(uint32_t pos, uint32_t limit, bool allow_unknown) const;
  Span FindLocation(const Draft& d, Span window, bool* here) const;
  void VisitParts(Draft* d, Span window, const std::vector<Span>& quotes) const;
  std::string NamedEvent(Span match, Span* name_span) const;
  void NameParts(std::string_view name, Span span, std::vector<Part>* parts) const;
  bool Compatible(const Draft& a, const Draft& b, int* score) const;
  // d.date_traits, computed on first use.
  const DateTraits& DateTraitsOf(const Draft& d) const {
    if (!d.date_traits_known) {
      d.date_traits = EventDateFinder::Traits(d.date_text.In(text_));
      d.date_traits_known = true;
    }
    return d.date_traits;
  }
  void MergeInto(Draft* into, const Draft& d) const;
  std::string CountryOf(Span place) const;
  bool AllLeaders(const std::vector<Part>& parts) const;
  bool ProposedBefore(std::string_view before) const;
  bool PlannedAfter(std::string_view after) const;

  const EventExtractor::Rules& rules_;
  const Gazetteer& gaz_;
  const Document& doc_;
  std::string_view text_;
  const EntityIndex& ent_;
  std::string dateline_country_;
};

Part ArticleRun::PartFor(int entity, Span mention) const {
  Part p;
  p.entity = entity;
  p.mention = mention;
  if (entity < 0 || static_cast<size_t>(entity) >= ent_.entities.size()) {
    p.name = std::string(mention.In(text_));
    return p;
  }
  const Entity& e = ent_.entities[entity];
  p.name = e.name;
  p.role = e.role;
  p.country = e.affiliation;
  p.kind = e.kind == EntityKind::kPerson    ? PartKind::kPerson
           : e.kind == EntityKind::kCountry ? PartKind::kCountry
                                            : PartKind::kOrg;
  if (p.kind == PartKind::kCountry) p.country = p.name;
  return p;
}

void ArticleRun::AddPart(std::vector<Part>* parts, Part p) const {
  if (p.name.empty()) return;
  if (p.kind == PartKind::kOrg) {
    if (rules_.non_participant_orgs.contains(p.name)) return;
    static constexpr std::string_view kBodies[] = {
        "Ministry", "Department", "Agency", "News", "Office", "Embassy",
        "Government", "Press", "Times", "Daily"};
    for (std::string_view b : kBodies) {
      if (p.name.find(b) != std::string::npos) return;
    }
  }
  for (const Part& q : *parts) {
    if (q.kind == p.kind && ((p.entity >= 0 && q.entity == p.entity) ||
                             q.name == p.name ||
                             (p.kind == PartKind::kCountry && !p.country.empty() &&
                              q.country == p.country))) {
      return;
    }
  }
  if (parts->size() < 16) parts->push_back(std::move(p));
}

// The person a pronoun at mention `index` refers to: the nearest earlier
// person mention (bounded look-back).
int ArticleRun::ResolvePronoun(size_t index) const {
  const Mention& pron = ent_.mentions[index];
  size_t steps = 0;
  for (size_t i = index; i > 0 && steps < kMaxBackMentions; --i, ++steps) {
    const Mention& m = ent_.mentions[i - 1];
    if (pron.span.begin - m.span.end > 1500) break;
    if (m.kind == MentionKind::kPronoun || !IsPersonMention(m)) continue;
    const Entity& e = ent_.entities[m.entity];
    if (pron.gender != Gender::kUnknown && e.gender != Gender::kUnknown &&
        pron.gender != e.gender) {
      continue;
    }
    return m.entity;
  }
  return -1;
}

void ArticleRun::CollectParts(Span window, const std::vector<Span>& quotes,
                              std::vector<Part>* parts) const {
  size_t n = 0;
  for (size_t i = ent_.FirstMentionAtOrAfter(window.begin);
       i < ent_.mentions.size() && ent_.mentions[i].span.begin < window.end &&
       n < kMaxMentionsPerWindow;
       ++i, ++n) {
    const Mention& m = ent_.mentions[i];
    int entity = m.entity;
    if (m.kind == MentionKind::kGroup) continue;
    if (m.kind == MentionKind::kPronoun) {
      if (InRanges(quotes, m.span.begin)) continue;
      std::string_view w = m.span.In(text_);
      if (!(absl::EqualsIgnoreCase(Absl(w), "he") ||
            absl::EqualsIgnoreCase(Absl(w), "she") ||
            absl::EqualsIgnoreCase(Absl(w), "his") ||
            absl::EqualsIgnoreCase(Absl(w), "her") ||
            absl::EqualsIgnoreCase(Absl(w), "him"))) {
        continue;
      }
      if (entity < 0) entity = ResolvePronoun(i);
      if (entity < 0) continue;
    }
    if (entity < 0) continue;
    AddPart(parts, PartFor(entity, m.span));
  }
}

// "the two leaders", "both sides": the nearest earlier distinct persons
// (for leaders, ministers, officials) or countries (for countries, sides,
// parties), filtered by a demonym when the phrase has one.
void ArticleRun::ResolveGroup(Span window, std::vector<Part>* parts) const {
  re2::StringPiece input(text_.data() + window.begin, window.size());
  re2::StringPiece g[3];
  if (!rules_.group->Match(input, 0, input.size(), RE2::UNANCHORED, g, 3)) {
    return;
  }
  uint32_t at = static_cast<uint32_t>(g[0].data() - text_.data());
  std::string noun = Lower(std::string_view(g[2].data(), g[2].size()));
  std::string filter;
  if (g[1].data() != nullptr) {
    const Country* c = gaz_.FindCountry(std::string_view(g[1].data(), g[1].size()));
    if (c != nullptr) filter = c->name;
  }
  const bool want_people = noun == "leaders" || noun == "ministers" ||
                           noun == "foreign ministers" || noun == "officials" ||
                           noun == "presidents" || noun == "prime ministers" ||
                           noun == "heads of state";
  std::vector<Part> found;
  size_t i = ent_.FirstMentionAtOrAfter(at);
  size_t steps = 0;
  for (; i > 0 && steps < kMaxBackMentions && found.size() < 2; --i, ++steps) {
    const Mention& m = ent_.mentions[i - 1];
    if (m.entity < 0 || m.kind == MentionKind::kPronoun) continue;
    Part p = PartFor(m.entity, m.span);
    if (want_people) {
      if (p.kind != PartKind::kPerson) continue;
      if (!filter.empty() && p.country != filter) continue;
      if (noun == "leaders" || noun == "presidents" || noun == "prime ministers" ||
          noun == "heads of state") {
        if (!p.role.empty() && !rules_.leader_roles.contains(Lower(p.role))) continue;
      }
    } else {
      if (p.kind == PartKind::kPerson) {
        if (p.country.empty()) continue;
        p = Part{PartKind::kCountry, -1, p.country, "", p.country, Span{}};
      } else if (p.kind != PartKind::kCountry) {
        continue;
      }
    }
    bool dup = false;
    for (const Part& q : found) {
      dup = dup || q.name == p.name ||
            (want_people && !filter.empty() ? false
             : want_people ? false : q.country == p.country);
    }
    if (!dup) found.push_back(std::move(p));
  }
  if (found.size() == 2 || (found.size() == 1 && !filter.empty())) {
    for (Part& p : found) AddPart(parts, std::move(p));
  }
}

// The two countries named last before `at` (countries, or people's
// countries), when `parts` does not already name two.
void ArticleRun::ResolvePair(uint32_t at, std::vector<Part>* parts) const {
  std::vector<std::string> found;
  for (const Part& p : *parts) {
    if (!p.country.empty() && found.size() < 2 &&
        std::find(found.begin(), found.end(), p.country) == found.end()) {
      found.push_back(p.country);
    }
  }
  size_t i = ent_.FirstMentionAtOrAfter(at);
  size_t steps = 0;
  for (; i > 0 && steps < kMaxBackMentions && found.size() < 2; --i, ++steps) {
    const Mention& m = ent_.mentions[i - 1];
    if (m.entity < 0 || m.kind == MentionKind::kPronoun) continue;
    if (doc_.IsBoilerplate(m.span.begin)) continue;
    const Entity& e = ent_.entities[m.entity];
    std::string c = e.kind == EntityKind::kCountry  ? e.name
                    : e.kind == EntityKind::kPerson ? e.affiliation
                                                    : "";
    if (c.empty() || gaz_.FindCountry(c) == nullptr) continue;
    if (std::find(found.begin(), found.end(), c) == found.end()) found.push_back(c);
  }
  if (found.size() < 2) return;
  for (const std::string& c : found) {
    AddPart(parts, Part{PartKind::kCountry, -1, c, "", c, Span{}});
  }
}

// The speaker of a quotation: the quote extractor's attribution when it has
// one, else the person named right after (or right before) the quotation.
Part ArticleRun::QuoteSpeaker(Span quote, const Extraction* out) const {
  // Quotes are in text order: only those that start before `quote` ends can
  // overlap it; a bounded look-back keeps long articles linear.
  const std::vector<Quote>& quotes = out->quotes;
  size_t stop = static_cast<size_t>(
      std::lower_bound(quotes.begin(), quotes.end(), quote.end,
                       [](const Quote& q, uint32_t end) { return q.span.begin < end; }) -
      quotes.begin());
  for (size_t k = stop > 64 ? stop - 64 : 0; k < stop; ++k) {
    const Quote& q = quotes[k];
    if (!q.has_speaker || !q.span.Overlaps(quote)) continue;
    Part p;
    p.name = q.speaker.name;
    p.role = q.speaker.role;
    p.country = q.speaker.affiliation;
    p.mention = q.speaker.mention;
    for (size_t e = 0; e < ent_.entities.size() && e < 4096; ++e) {
      if (ent_.entities[e].name == p.name) {
        return PartFor(static_cast<int>(e), p.mention);
      }
    }
    return p;
  }
  size_t i = ent_.FirstMentionAtOrAfter(quote.end);
  for (size_t n = 0; i < ent_.mentions.size() && n < 4; ++i, ++n) {
    const Mention& m = ent_.mentions[i];
    if (m.span.begin > quote.end + 60) break;
    if (m.kind == MentionKind::kPronoun) {
      int e = ResolvePronoun(i);
      if (e >= 0) return PartFor(e, m.span);
      continue;
    }
    if (IsPersonMention(m)) return PartFor(m.entity, m.span);
  }
  i = ent_.FirstMentionAtOrAfter(quote.begin);
  if (i > 0) {
    const Mention& m = ent_.mentions[i - 1];
    if (m.span.end + 100 >= quote.begin && IsPersonMention(m)) {
      return PartFor(m.entity, m.span);
    }
  }
  return Part{};
}

bool ArticleRun::PersonRightAfter(uint32_t offset, size_t reach) const {
  size_t i = ent_.FirstMentionAtOrAfter(offset);
  if (i >= ent_.mentions.size()) return false;
  const Mention& m = ent_.mentions[i];
  if (m.span.begin > offset + reach) return false;
  if (!IsPersonMention(m)) return false;
  // Nothing but spaces, titles or "his Chinese counterpart" between.
  std::string_view gap = text_.substr(offset, m.span.begin - offset);
  return gap.find_first_of(".;,") == std::string_view::npos;
}

// A place name starting at `pos`: a gazetteer country or capital, or (when
// `allow_unknown`) a run of capitalised words that is not a person,
// organisation, month or weekday.
Span ArticleRun::PlaceAt(uint32_t pos, uint32_t limit, bool allow_unknown) const {
  if (pos >= limit) return {};
  std::string_view rest = text_.substr(pos, limit - pos);
  if (rest.substr(0, 4) == "the ") {
    GazetteerMatch m = gaz_.MatchPrefix(rest.substr(4));
    if (m.hit == GazetteerHit::kCountry) {
      return Span{pos + 4, static_cast<uint32_t>(pos + 4 + m.length)};
    }
  }
  GazetteerMatch m = gaz_.MatchPrefix(rest);
  if (m.hit == GazetteerHit::kCountry || m.hit == GazetteerHit::kCapital) {
    Span s{pos, static_cast<uint32_t>(pos + m.length)};
    // "Beijing, China"
    if (m.hit == GazetteerHit::kCapital && s.end + 2 < limit &&
        text_.substr(s.end, 2) == ", ") {
      GazetteerMatch c = gaz_.MatchPrefix(text_.substr(s.end + 2, limit - s.end - 2));
      if (c.hit == GazetteerHit::kCountry) {
        s.end = static_cast<uint32_t>(s.end + 2 + c.length);
      }
    }
    return s;
  }
  if (!allow_unknown || rest.empty() || !IsUpper(rest[0])) return {};
  if (m.hit != GazetteerHit::kNone) return {};
  // Capitalised run of 1–3 words.
  uint32_t end = pos;
  int words = 0;
  while (end < limit && words < 3 && IsUpper(text_[end])) {
    uint32_t e = end;
    while (e < limit && (IsAlnum(text_[e]) || text_[e] == '-')) ++e;
    std::string_view w = text_.substr(end, e - end);
    static constexpr std::string_view kNot[] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "The", "First", "Foreign", "Visit", "Summit", "Dialogue", "His",
        "Her", "Their", "Minister", "President", "Prime", "Parliament"};
    for (std::string_view k : kNot) {
      if (w == k) return {};
    }
    end = e;
    ++words;
    if (end + 1 < limit && text_[end] == ' ' && IsUpper(text_[end + 1])) {
      ++end;
    } else {
      break;
    }
  }
  if (words == 0) return {};
  while (end > pos && text_[end - 1] == ' ') --end;
  size_t mi = ent_.FirstMentionAtOrAfter(pos);
  if (mi < ent_.mentions.size() && ent_.mentions[mi].span.begin < end &&
      ent_.mentions[mi].entity >= 0 &&
      ent_.entities[ent_.mentions[mi].entity].kind != EntityKind::kCountry) {
    return {};
  }
  return Span{pos, end};
}

std::string ArticleRun::CountryOf(Span place) const {
  if (place.empty()) return "";
  const Country* c = gaz_.FindCountry(place.In(text_));
  if (c != nullptr) return c->name;
  // "Beijing, China": the part before the comma.
  std::string_view s = place.In(text_);
  size_t comma = s.find(',');
  if (comma != std::string_view::npos) {
    c = gaz_.FindCountry(s.substr(0, comma));
    if (c != nullptr) return c->name;
  }
  return "";
}

Span ArticleRun::FindLocation(const Draft& d, Span window, bool* here) const {
  *here = false;
  uint32_t limit = std::min<uint32_t>(d.quote.empty() ? d.sentence.end : window.end,
                                      d.trigger.end + kPlaceReach);
  // Never cut a UTF-8 sequence: a place span must end on a code point.
  while (limit > d.trigger.end && limit < text_.size() &&
         (static_cast<unsigned char>(text_[limit]) & 0xC0) == 0x80) {
    --limit;
  }
  const bool visit = d.type == EventType::kVisit;
  std::string_view trig = d.trigger.In(text_);
  // "visited the Philippines", "visiting India", "arrived in Riyadh".
  if (visit) {
    std::string lt = Lower(trig);
    if (d.trigger.end + 1 < limit &&
        (lt == "visited" || lt == "visiting" || lt == "visits" ||
         lt.back() == 'n' || lt.back() == 't' || lt.back() == 'o')) {
      Span s = PlaceAt(d.trigger.end + 1, limit, false);
      if (!s.empty()) return s;
    }
    // "the India visit", "PM Modi's Japan visit".
    uint32_t b = d.trigger.begin;
    if (b >= 2 && text_[b - 1] == ' ') {
      uint32_t s = b - 1;
      while (s > window.begin && IsAlnum(text_[s - 1])) --s;
      const Country* c = gaz_.FindCountry(text_.substr(s, b - 1 - s));
      if (c != nullptr) return Span{s, b - 1};
    }
  }
  for (uint32_t i = d.trigger.end; i + 4 < limit; ++i) {
    char c = text_[i];
    if (c == ';' || c == ':') break;
    if (c != ' ') continue;
    std::string_view rest = text_.substr(i + 1, limit - i - 1);
    if (rest.substr(0, 5) == "here " || rest.substr(0, 5) == "here," ||
        rest.substr(0, 5) == "here." || rest == "here") {
      *here = true;
      return {};
    }
    bool in = rest.substr(0, 3) == "in ";
    bool to = visit && rest.substr(0, 3) == "to ";
    if (!in && !to) continue;
    Span s = PlaceAt(i + 4, limit, in);
    if (!s.empty()) return s;
  }
  // "In South Africa, …" at the start of the sentence.
  std::string_view sent = d.sentence.In(text_);
  if (sent.substr(0, 3) == "In ") {
    Span s = PlaceAt(d.sentence.begin + 3, std::min(d.trigger.begin, d.sentence.end), false);
    if (!s.empty()) return s;
  }
  return {};
}

// Visits: the visitor (possessor, "visit of/by X", "visiting X", or the
// nearest person before the trigger) and the destination.
void ArticleRun::VisitParts(Draft* d, Span window,
                            const std::vector<Span>& quotes) const {
  std::vector<Part> all;
  CollectParts(window, quotes, &all);
  std::vector<Part> visitors;
  const uint32_t tb = d->trigger.begin, te = d->trigger.end;
  // "visiting X" / "visit of X" / "visit by X".
  std::string lt = Lower(d->trigger.In(text_));
  std::string_view after = text_.substr(te, std::min<size_t>(40, window.end > te ? window.end - te : 0));
  bool of_by = after.substr(0, 4) == " of " || after.substr(0, 4) == " by ";
  size_t by = after.find(" by ");
  uint32_t from = te;
  if (!of_by && by != std::string_view::npos && by < 30 &&
      after.substr(0, by).find(',') == std::string_view::npos) {
    of_by = true;
    from = static_cast<uint32_t>(te + by);
  }
  if (lt == "visiting" || of_by) {
    for (const Part& p : all) {
      if (p.mention.begin >= from && p.mention.begin <= from + 60 &&
          p.kind == PartKind::kPerson) {
        visitors.push_back(p);
        break;
      }
    }
  }
  // "invited his counterpart to visit Korea": the invitee.
  if (visitors.empty()) {
    std::string_view before = text_.substr(window.begin, tb - window.begin);
    size_t inv = before.rfind("invited ");
    if (inv != std::string_view::npos && before.size() - inv < 80) {
      uint32_t ib = static_cast<uint32_t>(window.begin + inv);
      for (const Part& p : all) {
        if (p.mention.begin > ib && p.mention.end <= tb && p.kind == PartKind::kPerson) {
          visitors.push_back(p);
          break;
        }
      }
    }
  }
  if (visitors.empty()) {
    // Possessor: "X's [first] visit".
    std::string_view before = text_.substr(window.begin, tb - window.begin);
    size_t s = before.size() > 40 ? before.size() - 40 : 0;
    size_t pos = before.find("'s ", s);
    if (pos == std::string_view::npos) pos = before.find("’s ", s);
    if (pos != std::string_view::npos) {
      uint32_t poss = static_cast<uint32_t>(window.begin + pos);
      for (const Part& p : all) {
        if (p.mention.end <= poss + 1 && p.mention.end + 1 >= poss &&
            p.kind != PartKind::kOrg) {
          visitors.push_back(p);
        }
      }
    }
  }
  if (visitors.empty()) {
    // The nearest person before the trigger, else the nearest country.
    const Part* best = nullptr;
    for (const Part& p : all) {
      if (p.mention.end <= tb && p.kind == PartKind::kPerson) best = &p;
    }
    if (best == nullptr) {
      // The first country of the clause: its subject ("Japan calls India
      // … in first foreign visit").
      for (const Part& p : all) {
        if (p.mention.end <= tb && p.kind == PartKind::kCountry) {
          best = &p;
          break;
        }
      }
    }
    if (best != nullptr) visitors.push_back(*best);
  }
  if (visitors.empty()) {
    std::vector<Part> group;
    ResolveGroup(window, &group);
    visitors = std::move(group);
  }
  // "visit to the country": the country last named that is not the
  // visitor's.
  if (d->location.empty() && after.substr(0, 15) == " to the country") {
    size_t i = ent_.FirstMentionAtOrAfter(tb);
    for (size_t steps = 0; i > 0 && steps < kMaxBackMentions; --i, ++steps) {
      const Mention& m = ent_.mentions[i - 1];
      if (m.span.begin < window.begin) break;
      if (m.entity < 0 || ent_.entities[m.entity].kind != EntityKind::kCountry) continue;
      bool visitor_country = false;
      for (const Part& p : visitors) {
        visitor_country = visitor_country || p.country == ent_.entities[m.entity].name;
      }
      if (!visitor_country) {
        d->location = m.span;
        break;
      }
    }
  }
  for (Part& p : visitors) AddPart(&d->parts, std::move(p));
  std::string dest = CountryOf(d->location);
  std::string surface = std::string(d->location.In(text_));
  if (dest.empty() && d->here) dest = surface = dateline_country_;
  if (!dest.empty()) {
    AddPart(&d->parts, Part{PartKind::kCountry, -1, surface, "", dest, d->location});
  }
}

// The title-case name ending at a "named" trigger ("the 18th India-Japan
// Strategic Dialogue" → "18th India-Japan Strategic Dialogue").
std::string ArticleRun::NamedEvent(Span match, Span* name_span) const {
  std::string_view s = match.In(text_);
  uint32_t b = match.begin;
  while (true) {
    if (s.substr(0, 4) == "the " || s.substr(0, 4) == "The ") {
      s.remove_prefix(4);
      b += 4;
      continue;
    }
    // Drop leading sentence words that are not part of a name.
    size_t sp = s.find(' ');
    if (sp == std::string_view::npos) break;
    std::string_view w = s.substr(0, sp);
    static constexpr std::string_view kLead[] = {
        "At", "In", "On", "During", "Ahead", "After", "Before", "For", "The",
        "A", "An", "This", "That", "Following", "Since", "While", "When"};
    bool lead = false;
    for (std::string_view k : kLead) lead = lead || w == k;
    if (!lead) break;
    s.remove_prefix(sp + 1);
    b += static_cast<uint32_t>(sp + 1);
  }
  *name_span = Span{b, static_cast<uint32_t>(b + s.size())};
  return std::string(s);
}

// Countries and groupings named inside an event name ("India-Japan",
// "ASEAN", "China-Africa").
void ArticleRun::NameParts(std::string_view name, Span span,
                           std::vector<Part>* parts) const {
  size_t i = 0;
  int n = 0;
  while (i < name.size() && n < 12) {
    while (i < name.size() && !IsUpper(name[i])) ++i;
    if (i >= name.size()) break;
    GazetteerMatch m = gaz_.MatchPrefix(name.substr(i));
    if (m.hit == GazetteerHit::kCountry || m.hit == GazetteerHit::kDemonym ||
        m.hit == GazetteerHit::kCapital) {
      const Country* c = gaz_.FindCountry(name.substr(i, m.length));
      if (c != nullptr) {
        AddPart(parts, Part{PartKind::kCountry, -1, c->name, "", c->name, span});
      }
    } else if (m.hit == GazetteerHit::kOrganization && m.index >= 0) {
      const std::string& org = gaz_.organizations()[m.index].name;
      AddPart(parts, Part{PartKind::kOrg, -1, org, "", "", span});
    }
    size_t step = m.length > 0 ? m.length : 1;
    i += step;
    while (i < name.size() && IsAlnum(name[i])) ++i;
    ++n;
  }
}

// The start of the stretch before `end` of at most `n` characters (code
// points) without '.' or ';' (what "[^.;]{0,n}$" can match).
size_t StretchBefore(std::string_view s, size_t end, int n) {
  size_t i = end;
  for (int k = 0; k < n && i > 0; ++k) {
    size_t j = i - 1;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
    if (s[j] == '.' || s[j] == ';') break;
    i = j;
  }
  return i;
}

// The end of the stretch from 0 of at most `n` characters without '.' or
// ';' (what "^[^.;]{0,n}" can match).
size_t StretchAfter(std::string_view s, int n) {
  size_t i = 0;
  for (int k = 0; k < n && i < s.size(); ++k) {
    if (s[i] == '.' || s[i] == ';') break;
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

// "invited …", "proposed …" at most 60 characters before the trigger,
// without '.' or ';' between.
bool ArticleRun::ProposedBefore(std::string_view before) const {
  const size_t lo = StretchBefore(before, before.size(), 60);
  re2::StringPiece b(before.data(), before.size());
  re2::StringPiece m;
  size_t pos = lo > 16 ? lo - 16 : 0;  // the words are shorter
  while (pos < b.size() &&
         rules_.proposed_before->Match(b, pos, b.size(), RE2::UNANCHORED, &m, 1)) {
    const size_t end = m.data() - b.data() + m.size();
    if (end >= lo) return true;
    pos = end;
  }
  return false;
}

// "scheduled for", "will be held", "next week" starting at most 60
// characters after the trigger, without '.' or ';' before.
bool ArticleRun::PlannedAfter(std::string_view after) const {
  const size_t hi = StretchAfter(after, 60);
  re2::StringPiece a(after.data(), after.size());
  re2::StringPiece m;
  // The phrases are shorter than 32 bytes.
  const size_t end = std::min(a.size(), hi + 32);
  return rules_.planned_after->Match(a, 0, end, RE2::UNANCHORED, &m, 1) &&
         static_cast<size_t>(m.data() - a.data()) <= hi;
}

// Heads of state or government only (no minister among the people, at
// least one leader).
bool ArticleRun::AllLeaders(const std::vector<Part>& parts) const {
  int leaders = 0;
  for (const Part& p : parts) {
    if (p.kind != PartKind::kPerson || p.role.empty()) continue;
    std::string role = Lower(p.role);
    if (rules_.leader_roles.contains(role)) {
      ++leaders;
    } else if (rules_.minister_roles.contains(role) ||
               role.find("minister") != std::string::npos ||
               role.find("secretary") != std::string::npos) {
      return false;
    }
  }
  return leaders > 0;
}

bool SamePart(const Part& a, const Part& b) {
  if (a.kind != b.kind) return false;
  if (a.entity >= 0 && a.entity == b.entity) return true;
  if (a.name == b.name) return true;
  if (a.kind == PartKind::kCountry) return !a.country.empty() && a.country == b.country;
  if (a.kind == PartKind::kPerson) {
    // Last names end where the names end.
    if (a.name.empty() || b.name.empty() || a.name.back() != b.name.back()) {
      return false;
    }
    size_t pa = a.name.rfind(' '), pb = b.name.rfind(' ');
    std::string_view la = std::string_view(a.name).substr(pa == std::string::npos ? 0 : pa + 1);
    std::string_view lb = std::string_view(b.name).substr(pb == std::string::npos ? 0 : pb + 1);
    return !la.empty() && la == lb;
  }
  return false;
}

// How well `p` matches `list`: 3 same person, 2 same country/org, 1 a
// country matching a person's affiliation; 0 none.
int PartScore(const Part& p, const std::vector<Part>& list) {
  int best = 0;
  for (const Part& q : list) {
    if (SamePart(p, q)) {
      best = std::max(best, p.kind == PartKind::kPerson ? 3 : 2);
    } else if (p.kind == PartKind::kCountry && q.kind == PartKind::kPerson &&
               q.country == p.country && !p.country.empty()) {
      best = std::max(best, 1);
    } else if (p.kind == PartKind::kPerson && q.kind == PartKind::kCountry &&
               p.country == q.country && !p.country.empty()) {
      best = std::max(best, 1);
    }
  }
  return best;
}

bool ArticleRun::Compatible(const Draft& a, const Draft& b, int* score) const {
  if (a.type != b.type) return false;
  // Places: equal, contained, or in the same country.
  if (!a.location.empty() && !b.location.empty()) {
    std::string_view la = a.location.In(text_), lb = b.location.In(text_);
    if (!ContainsIgnoreCase(la, lb) && !ContainsIgnoreCase(lb, la)) {
      std::string ca = CountryOf(a.location), cb = CountryOf(b.location);
      if (ca.empty() || ca != cb) return false;
    }
  }
  const std::string_view da = a.date_text.In(text_);
  const std::string_view db = b.date_text.In(text_);
  if (!da.empty() && !db.empty() &&
      rules_.dates->Conflict(da, DateTraitsOf(a), db, DateTraitsOf(b))) {
    return false;
  }
  if (!a.name.empty() && !b.name.empty()) {
    if (!ContainsIgnoreCase(a.name, b.name) && !ContainsIgnoreCase(b.name, a.name)) {
      return false;
    }
  }
  // Participants: at least half of the smaller list; when both name
  // people, at least one person in common.
  const std::vector<Part>& small = a.parts.size() <= b.parts.size() ? a.parts : b.parts;
  const std::vector<Part>& large = a.parts.size() <= b.parts.size() ? b.parts : a.parts;
  bool a_people = false, b_people = false, common_person = false;
  for (const Part& p : a.parts) a_people = a_people || p.kind == PartKind::kPerson;
  for (const Part& p : b.parts) b_people = b_people || p.kind == PartKind::kPerson;
  int shared = 0, total = 0;
  for (const Part& p : small) {
    int s = PartScore(p, large);
    if (s > 0) ++shared;
    if (s == 3) common_person = true;
    total += s;
  }
  if (shared == 0 || 2 * static_cast<size_t>(shared) < small.size()) return false;
  if (a_people && b_people && !common_person) return false;
  *score = total;
  return true;
}

void ArticleRun::MergeInto(Draft* into, const Draft& d) const {
  for (const Part& p : d.parts) AddPart(&into->parts, p);
  if (into->location.empty() && !d.location.empty()) into->location = d.location;
  into->here = into->here || d.here;
  if (into->venue.empty()) into->venue = d.venue;
  if (into->date_text.empty()) {
    into->date_text = d.date_text;
    into->date_traits = d.date_traits;
    into->date_traits_known = d.date_traits_known;
  }
  if (into->name.empty()) into->name = d.name;
  // Headline mentions are the least informative first mention.
  if (into->headline && !d.headline) {
    into->sentence = d.sentence;
    into->trigger = d.trigger;
    into->headline = false;
  }
  for (const Span& m : d.mentions) {
    // Mentions come in text order: a repeat is among the latest (a bounded
    // look-back keeps long articles linear).
    bool seen = false;
    for (size_t j = into->mentions.size(); j > 0 && j + 16 > into->mentions.size(); --j) {
      seen = seen || into->mentions[j - 1] == m;
    }
    if (!seen) into->mentions.push_back(m);
  }
}

void ArticleRun::Run(const CivilDate& base, Extraction* out) {
  if (doc_.dateline().has_value()) {
    const Country* c = gaz_.FindCountry(doc_.dateline()->place.In(text_));
    if (c != nullptr) dateline_country_ = c->name;
  }
  const auto& paragraphs = doc_.paragraphs();
  const auto& sentences = doc_.sentences();
  std::vector<Draft> events;
  std::vector<KeyWindow> windows;
  std::vector<int> last;
  std::vector<uint32_t> points;
  std::vector<Hit> hits;
  std::vector<std::pair<std::string, std::string>> acronyms;  // "NALS" → name
  bool warned_hits = false, warned_events = false;  // one warning per limit
  for (size_t pi = 0; pi < paragraphs.size(); ++pi) {
    const Paragraph& para = paragraphs[pi];
    if (para.is_boilerplate() || para.span.empty()) continue;
    if (rules_.triggers.empty()) break;
    re2::StringPiece ptext(text_.data() + para.span.begin, para.span.size());
    // Only the triggers with a key in the paragraph, only near their keys.
    windows.clear();
    ScreenKeys(rules_, text_, para.span, &last, &points, &windows);
    if (windows.empty() && rules_.unkeyed.empty()) continue;
    for (int idx : rules_.unkeyed) {
      windows.push_back(
          KeyWindow{idx, 0, static_cast<uint32_t>(ptext.size()), false});
    }
    std::sort(windows.begin(), windows.end(),
              [](const KeyWindow& a, const KeyWindow& b) {
                return a.trigger != b.trigger ? a.trigger < b.trigger
                                              : a.begin < b.begin;
              });
    // Every hit of those triggers.
    hits.clear();
    for (size_t k = 0; k < windows.size();) {
      const int idx = windows[k].trigger;
      const Trigger& t = rules_.triggers[idx];
      re2::StringPiece m;
      size_t pos = 0;
      for (; k < windows.size() && windows[k].trigger == idx; ++k) {
        if (windows[k].point) {
          // A match starting at this key (or none).
          const size_t at = windows[k].begin;
          if (at < pos || hits.size() > kMaxHitsPerParagraph ||
              !t.re->re().Match(ptext, at, ptext.size(), RE2::ANCHOR_START, &m, 1)) {
            continue;
          }
          uint32_t b = static_cast<uint32_t>(m.data() - text_.data());
          hits.push_back(Hit{Span{b, static_cast<uint32_t>(b + m.size())}, &t});
          pos = at + m.size() > pos ? at + m.size() : pos + 1;
          continue;
        }
        const size_t wb = windows[k].begin;
        size_t we = windows[k].end;
        while (k + 1 < windows.size() && windows[k + 1].trigger == idx &&
               !windows[k + 1].point && windows[k + 1].begin <= we) {
          we = std::max<size_t>(we, windows[++k].end);
        }
        if (pos < wb) pos = wb;
        // The paragraph is the context: \b sees past the window's ends.
        while (pos < we && hits.size() <= kMaxHitsPerParagraph &&
               t.re->Match(ptext, pos, we, RE2::UNANCHORED, &m, 1)) {
          uint32_t b = static_cast<uint32_t>(m.data() - text_.data());
          hits.push_back(Hit{Span{b, static_cast<uint32_t>(b + m.size())}, &t});
          size_t next = m.data() - ptext.data() + m.size();
          pos = next > pos ? next : pos + 1;
        }
      }
    }
    if (hits.empty()) continue;
    if (hits.size() > kMaxHitsPerParagraph && !warned_hits) {
      warned_hits = true;
      out->warnings.push_back(absl::StrCat(
          "max_event_hits: the paragraph at byte ", para.span.begin, " has more than ",
          kMaxHitsPerParagraph, " event trigger hits; the rest were not read"));
    }
    // Overlapping hits: the higher priority, then the longer, wins.
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
      if (a.trigger->priority != b.trigger->priority) {
        return a.trigger->priority > b.trigger->priority;
      }
      if (a.span.size() != b.span.size()) return a.span.size() > b.span.size();
      return a.span.begin < b.span.begin;
    });
    std::vector<Hit> kept;
    if (hits.size() <= 32) {
      for (const Hit& h : hits) {
        bool overlaps = false;
        for (const Hit& k : kept) overlaps = overlaps || k.span.Overlaps(h.span);
        if (!overlaps) kept.push_back(h);
      }
    } else {
      // The same, in log time per hit: kept spans never overlap, so in
      // (begin, end) order their ends never decrease, and a hit overlaps
      // one iff the last kept span starting before the hit's end ends
      // after the hit's begin.
      std::set<std::pair<uint32_t, uint32_t>> taken;
      for (const Hit& h : hits) {
        auto it = taken.lower_bound({h.span.end, 0});
        if (it != taken.begin() && std::prev(it)->second > h.span.begin) continue;
        taken.emplace(h.span.begin, h.span.end);
        kept.push_back(h);
      }
    }
    std::sort(kept.begin(), kept.end(),
              [](const Hit& a, const Hit& b) { return a.span.begin < b.span.begin; });
    const std::vector<Span> quotes = QuotedRanges(text_, para.span);

    std::vector<Draft> drafts;  // of this paragraph
    for (size_t hi = 0; hi < kept.size(); ++hi) {
      const Hit& h = kept[hi];
      const Trigger& t = *h.trigger;
      Draft d;
      d.type = t.type;
      d.trigger = h.span;
      int si = doc_.SentenceAt(h.span.begin);
      Span sentence = para.span;
      if (si >= 0 && static_cast<size_t>(si) < sentences.size() &&
          sentences[si].paragraph == pi) {
        sentence = sentences[si].span;
        d.first_sentence_index = static_cast<uint32_t>(si);
      } else {
        d.first_sentence_index = para.first_sentence;
      }
      d.sentence = sentence;
      d.mentions.push_back(sentence);
      d.headline = para.kind == ParagraphKind::kHeadline;
      // The clause window: the sentence, bounded around the trigger and
      // cut before the next trigger of another event in the sentence.
      uint32_t wb = sentence.begin, we = sentence.end;
      if (h.span.begin > wb + kClauseReach) wb = h.span.begin - kClauseReach;
      if (we > h.span.end + kClauseReach) we = h.span.end + kClauseReach;
      if (hi + 1 < kept.size() && kept[hi + 1].span.begin < we &&
          kept[hi + 1].trigger->type != t.type) {
        uint32_t nb = kept[hi + 1].span.begin;
        uint32_t cut = nb;
        for (uint32_t k = nb; k > h.span.end && nb - k < 80; --k) {
          if (text_[k - 1] == ',' || (k >= 5 && text_.substr(k - 5, 5) == " and ")) {
            cut = k - (text_[k - 1] == ',' ? 1 : 5);
            break;
          }
        }
        we = std::max(cut, h.span.end);
      }
      // Semicolons end a clause.
      for (uint32_t k = h.span.end; k < we; ++k) {
        if (text_[k] == ';') { we = k; break; }
      }
      for (uint32_t k = h.span.begin; k > wb; --k) {
        if (text_[k - 1] == ';') { wb = k; break; }
      }
      // Inside a quotation the window is the quotation: the speaker named
      // in the attribution is not necessarily a participant.
      for (const Span& q : quotes) {
        if (q.Contains(h.span.begin)) {
          d.quote = q;
          wb = std::max(wb, q.begin);
          we = std::min(we, q.end);
          break;
        }
      }
      // The window always covers the trigger, even one that runs past the
      // end of its sentence or quotation.
      wb = std::min(wb, h.span.begin);
      we = std::max(we, h.span.end);
      // Compounds ("meet-the-press") are not triggers.
      if ((h.span.begin > 0 && text_[h.span.begin - 1] == '-') ||
          (h.span.end < text_.size() && text_[h.span.end] == '-' &&
           h.span.end + 1 < text_.size() && IsAlnum(text_[h.span.end + 1]))) {
        continue;
      }
      // "received", "hosted" need a person right after (tested before the
      // costlier rules below, which only fill `d`).
      if (t.cls == TriggerClass::kObject &&
          !PersonRightAfter(h.span.end, 48)) {
        continue;
      }
      d.cls = t.cls;
      Span window{wb, we};
      std::string_view before = text_.substr(wb, h.span.begin - wb);
      std::string_view after = text_.substr(h.span.end, we - h.span.end);
      std::string_view trig = h.span.In(text_);

      // Venue phrase containing the trigger ("on the sidelines of the
      // ASEAN Summit"): a venue, an event of its own only when it has
      // its own time ("that will be held …", "from Tuesday").
      bool in_venue = false;
      {
        const uint32_t vwb = std::max<uint32_t>(sentence.begin, wb > kClauseReach ? wb - kClauseReach : 0);
        const uint32_t vwe = std::max(vwb, std::min(sentence.end, h.span.end + static_cast<uint32_t>(kClauseReach)));
        re2::StringPiece vin(text_.data() + vwb, vwe - vwb);
        re2::StringPiece vg[2];
        size_t vpos = 0;
        while (vpos < vin.size() &&
               rules_.venue->Match(vin, vpos, vin.size(), RE2::UNANCHORED, vg, 2)) {
          uint32_t vb = static_cast<uint32_t>(vg[1].data() - text_.data());
          uint32_t ve = static_cast<uint32_t>(vb + vg[1].size());
          // Trim the venue at " in <Place>", " from ", " that ", " which ".
          std::string_view v = text_.substr(vb, ve - vb);
          static constexpr std::string_view kStops[] = {
              " in ", " from ", " that ", " which ", " on ", " where ",
              " when ", " ahead ", " later ", " earlier ", " last ",
              " next ", " this "};
          size_t cut = v.size();
          for (std::string_view s : kStops) {
            size_t f = v.find(s);
            if (f != std::string_view::npos && f < cut) cut = f;
          }
          Span venue{vb, static_cast<uint32_t>(vb + cut)};
          if (venue.Contains(h.span) ||
              (h.span.begin >= vb && h.span.begin < ve)) {
            in_venue = true;
          } else if (d.venue.empty()) {
            d.venue = venue;
          }
          vpos = vg[0].data() - vin.data() + vg[0].size();
        }
      }
      if (in_venue) {
        // A trigger may run past the sentence end (a multi-word trigger over
        // a split point); then nothing of the sentence follows it.
        const uint32_t rest_begin = std::min(h.span.end, sentence.end);
        re2::StringPiece rest(text_.data() + rest_begin, sentence.end - rest_begin);
        if (!rules_.venue_event->re().Match(rest, 0, rest.size(), RE2::ANCHOR_START,
                                       nullptr, 0)) {
          continue;
        }
      }
      if (d.venue.empty()) {
        re2::StringPiece vin(text_.data() + h.span.end, we - h.span.end);
        re2::StringPiece vg[2];
        if (rules_.at_venue->Match(vin, 0, vin.size(), RE2::UNANCHORED, vg, 2)) {
          uint32_t vb = static_cast<uint32_t>(vg[1].data() - text_.data());
          d.venue = Span{vb, static_cast<uint32_t>(vb + vg[1].size())};
        }
      }

      // Statements: not the source formula "according to a joint statement".
      if (t.type == EventType::kStatement) {
        re2::StringPiece b(before.data(), before.size());
        if (rules_.according->Match(b, 0, b.size(), RE2::UNANCHORED, nullptr, 0)) {
          continue;
        }
      }
      // Agreements: not partnership elevations ("signed a CSP").
      if (t.type == EventType::kAgreement) {
        std::string lt = Lower(trig);
        if (lt.find("partnership") != std::string::npos) continue;
      }

      // Named meetings and mechanisms.
      if (t.cls == TriggerClass::kNamed) {
        Span name_span;
        d.name = NamedEvent(h.span, &name_span);
        if (d.name.empty()) continue;
        if (d.type == EventType::kSummit) {
          AddPart(&d.parts, Part{PartKind::kOrg, -1, d.name, "", "", name_span});
        }
        NameParts(d.name, name_span, &d.parts);
      }

      // Status ("agreed …" is held whatever its clause says).
      if (!absl::StartsWithIgnoreCase(Absl(trig), "agree")) {
        re2::StringPiece b(before.data(), before.size());
        if (ProposedBefore(before)) {
          d.status = EventStatus::kProposed;
        } else if (rules_.planned_before->Match(b, 0, b.size(), RE2::UNANCHORED,
                                                nullptr, 0) ||
                   PlannedAfter(after)) {
          d.status = EventStatus::kPlanned;
        }
      }

      // Anaphora: "the meeting", "their talks", "this visit" with nothing
      // of their own right after.
      // "a visit to China for a summit": the purpose of another event.
      if ((t.type == EventType::kSummit || t.type == EventType::kMeeting) &&
          t.cls == TriggerClass::kNoun &&
          (EndsWithWord(before, "for a ") || EndsWithWord(before, "for an "))) {
        continue;
      }
      if (t.cls == TriggerClass::kNoun && t.type != EventType::kStatement &&
          t.type != EventType::kAgreement) {
        re2::StringPiece b(before.data(), before.size());
        bool det = rules_.determiner->re().Match(b, 0, b.size(), RE2::UNANCHORED, nullptr, 0);
        std::string_view near = after.substr(0, std::min<size_t>(after.size(), 24));
        bool own = near.rfind(" with ", 0) == 0 || near.rfind(" between ", 0) == 0 ||
                   near.rfind(" of ", 0) == 0 || near.rfind(" by ", 0) == 0 ||
                   near.rfind(" to ", 0) == 0 || near.rfind(" among ", 0) == 0;
        // "his visit to China" is not anaphoric; "Lula's visit" is not either.
        bool possessive = before.size() >= 3 &&
                          (EndsWithWord(before.substr(0, before.size() - 1), "'s") ||
                           before.find("’s ", before.size() > 20 ? before.size() - 20 : 0) !=
                               std::string_view::npos);
        if (det && !own && !possessive) d.anaphoric = true;
        // Bare plurals ("reciprocal visits", "annual meetings") are generic.
        std::string lt = Lower(trig);
        if (!d.anaphoric && !own && !possessive && lt.back() == 's' &&
            lt != "talks" && lt != "visits" + std::string()) {
          if (lt == "meetings" || lt == "summits" || lt == "dialogues") {
            if (near.rfind(" related to ", 0) != 0) continue;
          }
        }
        if (!d.anaphoric && !own && !possessive && lt == "visits") continue;
      }
      // "the APEC summit", "G20 summit": a named meeting of a grouping.
      if (t.type == EventType::kSummit && t.cls == TriggerClass::kNoun &&
          !d.anaphoric) {
        size_t i = before.size();
        while (i > 0 && before[i - 1] == ' ') --i;
        size_t j = i;
        while (j > 0 && (IsAlnum(before[j - 1]) || before[j - 1] == '-' ||
                         before[j - 1] == '(' || before[j - 1] == ')' ||
                         before[j - 1] == ' ') && i - j < 64) {
          --j;
        }
        // Find the first capitalised word of the run.
        while (j < i && !IsUpper(before[j])) ++j;
        if (j < i) {
          std::string_view run = before.substr(j, i - j);
          GazetteerMatch m = gaz_.MatchPrefix(run);
          size_t k = 0;
          while (m.hit != GazetteerHit::kOrganization && k < run.size()) {
            k = run.find(' ', k);
            if (k == std::string_view::npos) break;
            ++k;
            m = gaz_.MatchPrefix(run.substr(k));
          }
          if (m.hit == GazetteerHit::kOrganization && m.index >= 0) {
            uint32_t nb = static_cast<uint32_t>(wb + j + (k == std::string_view::npos ? 0 : k));
            d.name = std::string(text_.substr(nb, h.span.end - nb));
            std::string_view surface = text_.substr(nb, h.span.begin - nb);
            while (!surface.empty() && surface.back() == ' ') surface.remove_suffix(1);
            AddPart(&d.parts, Part{PartKind::kOrg, -1, std::string(surface), "", "",
                                   Span{nb, static_cast<uint32_t>(nb + surface.size())}});
            const std::string& org = gaz_.organizations()[m.index].name;
            AddPart(&d.parts, Part{PartKind::kOrg, -1, org, "", "", Span{}});
          }
        }
      }
      // "the EU foreign ministers meeting": the named group is a participant.
      if (t.type == EventType::kMeeting && t.cls == TriggerClass::kNoun) {
        static constexpr std::string_view kGroups[] = {
            " foreign ministers ", " foreign ministers' ", " defence ministers ",
            " defense ministers ", " finance ministers ", " ministers ",
            " leaders ", " leaders' "};
        for (std::string_view g : kGroups) {
          if (before.size() > g.size() &&
              before.substr(before.size() - g.size()) == g) {
            size_t e = before.size() - g.size();
            size_t b = e;
            while (b > 0 && (IsAlnum(before[b - 1]) || before[b - 1] == '-')) --b;
            if (b < e && IsUpper(before[b])) {
              uint32_t nb = static_cast<uint32_t>(wb + b);
              uint32_t ne = static_cast<uint32_t>(wb + before.size() - 1);
              if (text_[ne - 1] == '\'') --ne;
              AddPart(&d.parts, Part{PartKind::kOrg, -1,
                                     std::string(text_.substr(nb, ne - nb)), "", "",
                                     Span{nb, ne}});
            }
            break;
          }
        }
      }

      // Participants.
      if (d.type == EventType::kVisit) {
        bool here = false;
        d.location = FindLocation(d, window, &here);
        d.here = here;
        VisitParts(&d, window, quotes);
      } else {
        bool here = false;
        if (d.type != EventType::kCall) d.location = FindLocation(d, window, &here);
        d.here = here;
        std::vector<Part> parts;
        CollectParts(window, quotes, &parts);
        for (Part& p : parts) AddPart(&d.parts, std::move(p));
        bool people = false;
        for (const Part& p : d.parts) people = people || p.kind == PartKind::kPerson;
        if (!people) ResolveGroup(window, &d.parts);
      }
      // First person inside a quotation ("during my visit", "we signed"):
      // the speaker.
      if (!d.quote.empty()) {
        const uint32_t qb = std::max(d.quote.begin, sentence.begin);
        std::string_view q = text_.substr(qb, h.span.begin - qb);
        size_t from = q.size() > 120 ? q.size() - 120 : 0;
        std::string lq = Lower(q.substr(from));
        bool first_person = false;
        for (std::string_view w : {" my ", " we ", " i ", " our ", "“my ", "“we ",
                                   "\"we ", "\"my ", "“i ", "\"i "}) {
          first_person = first_person || lq.find(std::string(w)) != std::string::npos;
        }
        if (lq.rfind("my ", 0) == 0 || lq.rfind("we ", 0) == 0 || lq.rfind("i ", 0) == 0) {
          first_person = true;
        }
        if (first_person && d.type != EventType::kDialogue) {
          Part speaker = QuoteSpeaker(d.quote, out);
          if (!speaker.name.empty()) {
            if (d.type == EventType::kAgreement || d.type == EventType::kStatement) {
              if (!speaker.country.empty()) {
                AddPart(&d.parts, Part{PartKind::kCountry, -1, speaker.country, "",
                                       speaker.country, Span{}});
              }
            } else {
              AddPart(&d.parts, std::move(speaker));
            }
          }
        }
      }
      // Agreements, statements and mechanisms without named parties: the
      // sentence's group ("the leaders", "the two countries"), else the
      // two countries last named.
      if ((d.type == EventType::kAgreement || d.type == EventType::kStatement ||
           d.type == EventType::kDialogue) && d.quote.empty()) {
        bool named = false;
        for (const Part& p : d.parts) named = named || p.kind != PartKind::kOrg;
        if (!named) ResolveGroup(sentence, &d.parts);
      }
      if ((d.type == EventType::kAgreement || d.type == EventType::kStatement ||
           (d.type == EventType::kDialogue && d.quote.empty())) &&
          d.parts.size() < 2) {
        ResolvePair(h.span.begin, &d.parts);
      }
      if (t.cls == TriggerClass::kPerson) {
        int people = 0;
        for (const Part& p : d.parts) people += p.kind == PartKind::kPerson;
        if (people == 0 || d.parts.size() < 2) continue;
      }
      // Date.
      {
        const uint32_t de = d.quote.empty() ? sentence.end : we;
        const uint32_t db = d.quote.empty() ? sentence.begin : wb;
        std::string_view wtext = text_.substr(0, de);
        Span ds = rules_.dates->Find(wtext, h.span.begin, kDateReach);
        if (!ds.empty() && ds.begin >= db) d.date_text = ds;
        std::string_view dt = d.date_text.In(text_);
        if (d.status == EventStatus::kHeld &&
            (dt.find("next") != std::string_view::npos ||
             dt.find("later this") != std::string_view::npos ||
             dt.find("tomorrow") != std::string_view::npos)) {
          d.status = EventStatus::kPlanned;
        }
      }
      // New-event cue at the start of the sentence.
      {
        re2::StringPiece s(text_.data() + sentence.begin, sentence.size());
        d.new_cue = rules_.new_cue->re().Match(s, 0, s.size(), RE2::ANCHOR_START, nullptr, 0);
      }
      drafts.push_back(std::move(d));
    }

    // One event for a generic meeting word right next to a named mechanism
    // ("the first meeting of the Strategic Dialogue", "the 2+2 meeting",
    // "will meet in the format").
    // Drafts follow their triggers' order, so the partners within reach of
    // a trigger are a window around it (a paragraph of thousands of
    // "met"s stays linear): a trigger at most `longest` bytes long that
    // starts more than kReach + longest bytes before another ends more than
    // kReach bytes before it.
    constexpr uint32_t kReach = 40;
    uint32_t longest = 0;
    bool ordered = true;
    for (size_t i = 0; i < drafts.size(); ++i) {
      longest = std::max(longest, drafts[i].trigger.size());
      ordered = ordered && (i == 0 || drafts[i - 1].trigger.begin <= drafts[i].trigger.begin);
    }
    for (size_t i = 0; i < drafts.size(); ++i) {
      if (drafts[i].type != EventType::kMeeting ||
          drafts[i].cls == TriggerClass::kPerson) {
        continue;
      }
      const Span a = drafts[i].trigger;
      size_t from = 0, to = drafts.size();
      if (ordered) {
        from = i;
        while (from > 0 && a.begin - drafts[from - 1].trigger.begin <= kReach + longest) --from;
        to = i + 1;
        while (to < drafts.size() &&
               (drafts[to].trigger.begin < a.end ||
                drafts[to].trigger.begin - a.end <= kReach)) {
          ++to;
        }
      }
      // The first partner in draft order.
      for (size_t j = from; j < to; ++j) {
        if (i == j || drafts[j].sentence != drafts[i].sentence) continue;
        const Span b = drafts[j].trigger;
        const uint32_t gap = a.end <= b.begin ? b.begin - a.end
                             : b.end <= a.begin ? a.begin - b.end : 0;
        if (drafts[j].type == EventType::kDialogue && gap <= kReach) {
          MergeInto(&drafts[j], drafts[i]);
          drafts[i].mentions.clear();
          break;
        }
      }
    }

    for (Draft& d : drafts) {
      if (d.mentions.empty()) continue;
      // A meeting that names a summit by its acronym ("… in Mexico for the
      // next NALS") is the summit.
      if (d.type == EventType::kMeeting && !acronyms.empty()) {
        std::string_view sent = d.sentence.In(text_);
        for (const auto& [acr, name] : acronyms) {
          size_t f = sent.find(acr);
          if (f != std::string_view::npos &&
              (f == 0 || !IsAlnum(sent[f - 1])) &&
              (f + acr.size() >= sent.size() || !IsAlnum(sent[f + acr.size()]))) {
            d.type = EventType::kSummit;
            d.name = name;
            AddPart(&d.parts, Part{PartKind::kOrg, -1, name, "", "", Span{}});
            d.anaphoric = false;
            break;
          }
        }
      }
      if (d.type == EventType::kSummit && !d.name.empty()) {
        // Register "Name (ACR)".
        size_t f = text_.find(d.name, d.sentence.begin);
        if (f != std::string_view::npos && f < d.sentence.end) {
          size_t p = f + d.name.size();
          if (p + 2 < d.sentence.end && text_[p] == ' ' && text_[p + 1] == '(') {
            size_t q = text_.find(')', p + 2);
            if (q != std::string_view::npos && q < p + 12 && q > p + 3) {
              std::string acr(text_.substr(p + 2, q - p - 2));
              bool caps = true;
              for (char c : acr) caps = caps && (IsUpper(c) || (c >= '0' && c <= '9'));
              if (caps && acronyms.size() < 16) acronyms.emplace_back(acr, d.name);
            }
          }
        }
      }
      if (d.anaphoric) {
        // The latest event of the type; "the summit" may name a meeting
        // of leaders.
        bool merged = false;
        for (size_t k = events.size(); k > 0; --k) {
          Draft& e = events[k - 1];
          bool ok = e.type == d.type ||
                    (d.type == EventType::kMeeting &&
                     (e.type == EventType::kDialogue || e.type == EventType::kSummit)) ||
                    (d.type == EventType::kSummit && e.type == EventType::kMeeting &&
                     AllLeaders(e.parts));
          if (!ok) continue;
          if (d.type == EventType::kSummit && e.type == EventType::kMeeting) {
            e.type = EventType::kSummit;
          }
          // A back reference adds its sentence, not its neighbours' place,
          // venue or date.
          // Mentions come in text order: a repeat is among the latest
          // (a bounded look-back keeps long articles linear).
          bool seen = false;
          for (size_t j = e.mentions.size(); j > 0 && j + 16 > e.mentions.size(); --j) {
            seen = seen || e.mentions[j - 1] == d.sentence;
          }
          if (!seen) e.mentions.push_back(d.sentence);
          merged = true;
          break;
        }
        if (merged || !d.quote.empty()) continue;
      }
      if (d.parts.empty()) continue;
      // "X and Y agreed …" after their call or meeting was reported: a
      // mention of that event, not a new one.
      if (d.cls == TriggerClass::kPerson) {
        Draft* host = nullptr;
        for (size_t k = events.size(); k > 0 && host == nullptr; --k) {
          Draft& e = events[k - 1];
          int people = 0, known = 0;
          for (const Part& p : d.parts) {
            if (p.kind != PartKind::kPerson) continue;
            ++people;
            for (const Part& q : e.parts) known += SamePart(p, q);
          }
          if (people > 0 && known >= people) host = &e;
        }
        if (host != nullptr) {
          if (host->type == d.type) MergeInto(host, d);
          else host->mentions.push_back(d.sentence);
          continue;
        }
      }
      // "the India visit": only a destination; the latest visit there.
      if (d.type == EventType::kVisit && d.parts.size() == 1 &&
          !d.location.empty() && d.parts[0].mention == d.location) {
        Draft* host = nullptr;
        for (int pass = 0; pass < 2 && host == nullptr; ++pass) {
          for (size_t k = events.size(); k > 0 && host == nullptr; --k) {
            Draft& e = events[k - 1];
            if (e.type != EventType::kVisit) continue;
            if (pass == 0 ? (!e.location.empty() &&
                             CountryOf(e.location) == CountryOf(d.location))
                          : e.location.empty()) {
              host = &e;
            }
          }
        }
        if (host != nullptr) {
          MergeInto(host, d);
          continue;
        }
      }
      // Summits between ministers are meetings ("a bilateral summit with
      // the foreign minister").
      if (d.type == EventType::kSummit && d.name.empty()) {
        bool people = false;
        for (const Part& p : d.parts) people = people || p.kind == PartKind::kPerson;
        if (people && !AllLeaders(d.parts)) d.type = EventType::kMeeting;
      }
      Draft* best = nullptr;
      int best_score = -1;
      for (size_t k = events.size(); k > 0; --k) {
        Draft& e = events[k - 1];
        if (d.new_cue && !d.date_text.empty() &&
            e.created_at < d.first_sentence_index) {
          continue;
        }
        int score = 0;
        if (!Compatible(e, d, &score)) continue;
        if (!d.date_text.empty() &&
            absl::EqualsIgnoreCase(Absl(d.date_text.In(text_)), Absl(e.date_text.In(text_)))) {
          score += 2;
        }
        if (score > best_score) {
          best = &e;
          best_score = score;
        }
      }
      if (best != nullptr) {
        MergeInto(best, d);
      } else if (events.size() < kMaxEvents) {
        d.created_at = d.first_sentence_index;
        events.push_back(std::move(d));
      } else if (!warned_events) {
        warned_events = true;
        out->warnings.push_back(absl::StrCat("max_events: more than ", kMaxEvents,
                                             " events; the rest were not kept"));
      }
    }
  }

  for (Draft& d : events) {
    Event e;
    e.span = d.sentence;
    e.type = d.type;
    e.trigger = d.trigger;
    e.location = d.here ? Span{} : d.location;
    e.venue = d.venue;
    e.date_text = d.date_text;
    e.status = d.status;
    e.date = rules_.dates->Resolve(d.date_text.In(text_), base,
                                   d.status != EventStatus::kHeld);
    std::sort(d.mentions.begin(), d.mentions.end(),
              [](Span a, Span b) { return a.begin < b.begin; });
    e.mentions = d.mentions;
    for (const Part& p : d.parts) {
      Participant q;
      q.name = p.name;
      q.role = p.role;
      q.country = p.kind == PartKind::kPerson ? p.country : "";
      q.mention = p.mention;
      e.participants.push_back(std::move(q));
    }
    out->events.push_back(std::move(e));
  }
  std::stable_sort(out->events.begin(), out->events.end(),
                   [](const Event& a, const Event& b) {
                     uint32_t fa = a.mentions.empty() ? a.span.begin : a.mentions[0].begin;
                     uint32_t fb = b.mentions.empty() ? b.span.begin : b.mentions[0].begin;
                     return fa < fb;
                   });
}

}  // namespace

void EventExtractor::Extract(const Document& doc, const EntityIndex& entities,
                             const ArticleContext& context,
                             Extraction* out) const {
  // The reference date: the dateline's date, with the year from the
  // publication date; else the publication date.
  CivilDate pub;
  std::string_view pub_text = context.publication_date.empty()
                                  ? std::string_view(options_.publication_date)
                                  : context.publication_date;
  ParseIsoDate(pub_text, &pub);
  CivilDate base = pub;
  if (doc.dateline().has_value() && !doc.dateline()->date.empty()) {
    CivilDate d;
    if (ParseDatelineDate(doc.Text(doc.dateline()->date), pub.year, &d)) base = d;
  }
  ArticleRun run(*rules_, gazetteer_, doc, entities);
  run.Run(base, out);
}

}  // namespace dipx::internal
