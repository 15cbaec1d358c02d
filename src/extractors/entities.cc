// Entity recognition in two passes over the tokens of each body sentence.
//
// Pass 1 (Scanner) walks the tokens once, left to right, and proposes
// candidates: titled names ("Japanese Foreign Minister X Y"), honorific
// names ("Ms. X"), bare capitalised names with the evidence around them
// (a following speech verb, an appositive role, "of <Country>"), countries,
// organisations, ministries, role aliases ("the minister"), pronouns and
// group phrases. Every rule looks at a bounded number of tokens, so the
// pass is linear.
//
// Pass 2 links person candidates into entities by their name tokens (a
// mention links to an entity when one token set contains the other:
// "Tanaka" ⊂ "Hiroshi Tanaka" = "Tanaka Hiroshi"), then emits the
// mentions in text order, resolving role aliases and ministries against
// a small ring of recently mentioned entities.
#include "extractors/entities.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "data/word_table.h"
#include "util/thread_scratch.h"

namespace dipx::internal {
namespace {

absl::string_view AbslView(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

enum WordFlag : uint32_t {
  kHonorific = 1u << 0,
  kPronounWord = 1u << 1,
  kPossessiveWord = 1u << 2,
  kParticle = 1u << 3,
  kSuffix = 1u << 4,
  kDeterminer = 1u << 5,
  kLocative = 1u << 6,
  kVerb = 1u << 7,
  kAdverb = 1u << 8,
  kWeekday = 1u << 9,
  kOrgHead = 1u << 10,
  kNonName = 1u << 11,
  kGroupStart = 1u << 12,
  kBlocker = 1u << 14,
  kGroupWord = 1u << 15,  // second or later word of a group phrase
  // The word is the first segment of a gazetteer entry (see
  // Gazetteer::FirstSegments): only such tokens can start a match.
  kGazFirst = 1u << 16,
  // With kGazFirst: longer gazetteer keys continue the segment, and the
  // segment is all ASCII letters and digits.
  kGazContinued = 1u << 17,
  kGazAscii = 1u << 18,
  // With kGroupStart: the word in lower case is a whole group phrase.
  kGroupWhole = 1u << 19,
  // Per-token bit (not in the lexicon): the flags are those of the token
  // without its possessive "'s".
  kStrippedToken = 1u << 31,
  // Per-token bit: Gaz() has memoised the token's gazetteer match.
  kGazKnown = 1u << 30,
  // Per-token bit: a lower-case word whose flags are looked up when first
  // asked for (Scanner::Resolve); it has none of kStepFlags.
  kLazy = 1u << 29,
};

// The flags that make Scanner::Step act at a lower-case word.
constexpr uint32_t kStepFlags = kGroupStart | kDeterminer | kPronounWord | kPossessiveWord;

struct WordInfo {
  uint32_t flags = 0;
  Gender gender = Gender::kUnknown;
  bool plural = false;
  // With kGazFirst: 1 + the index of the gazetteer's entry for the word
  // as a first segment in EntityLexicon::gaz_first, or 0 when there were
  // too many to number (the gazetteer is then asked). Keeps WordInfo at 8
  // bytes.
  uint16_t gaz_first = 0;
};

// Strips a possessive "'s" / "’s" (or a bare trailing apostrophe after s).
inline std::string_view StripPossessive(std::string_view w, bool* possessive) {
  *possessive = false;
  // Most words end in neither 's' nor 'S' (the only bytes that are 's'
  // with the 0x20 bit set).
  const size_t n = w.size();
  if (n <= 2 || (w[n - 1] | 0x20) != 's') return w;
  if (w[n - 2] == '\'') {
    *possessive = true;
    return std::string_view(w.data(), n - 2);
  }
  if (n > 4 && w[n - 4] == '\xE2' && w[n - 3] == '\x80' && w[n - 2] == '\x99') {
    *possessive = true;
    return std::string_view(w.data(), n - 4);
  }
  return w;
}

std::string LowerFirstAscii(std::string_view w) {
  std::string s(w);
  if (!s.empty()) s[0] = absl::ascii_tolower(s[0]);
  return s;
}

std::string UpperFirstAscii(std::string_view w) {
  std::string s(w);
  if (!s.empty()) s[0] = absl::ascii_toupper(s[0]);
  return s;
}

constexpr size_t kMaxNameTokens = 7;
constexpr size_t kMaxGroupWords = 6;
constexpr size_t kMaxGroupKey = 120;  // bytes of a lower-case group phrase
constexpr size_t kRingSize = 16;

enum class CandType : uint8_t {
  kPerson,
  kCountry,
  kOrg,       // gazetteer organisation
  kOrgText,   // organisation named in the text ("Vietnam News Agency")
  kOffice,    // ministry / government ("Japan's Ministry of Foreign Affairs")
  kAlias,     // role alias ("the minister")
  kPronoun,
  kGroup,
  kCue,       // gendered possessive (his/her): not a mention
};

struct Cand {
  CandType type = CandType::kPerson;
  Span span;
  Span name;
  uint32_t sentence = 0;
  uint32_t name_tok_begin = 0;  // person: name tokens [begin, end)
  uint32_t name_tok_end = 0;
  int title = -1;
  int title2 = -1;
  int country = -1;
  int org = -1;
  int apposition_of = -1;  // alias: candidate index of the person it follows
  bool strong = false;
  bool multi = false;      // weak person with a full (2+ token) name
  bool plural = false;
  Gender gender = Gender::kUnknown;
  int entity = -1;         // filled in pass 2
  int mention = -1;        // index of its mention, once emitted
};

// A name token used as a key, with its hash: each key is hashed once, for
// the look-ups, the inserts and the comparisons of LinkPerson.
struct NameKey {
  std::string_view text;
  uint64_t hash = 0;
  bool operator==(const NameKey& o) const { return hash == o.hash && text == o.text; }
};
using KeyList = absl::InlinedVector<NameKey, 6>;

// Pass 2's record of a person entity.
struct PersonState {
  KeyList keys;
  int count = 0;  // name tokens of the fullest form
  std::array<int, 3> titles = {-1, -1, -1};
  int role_title = -1;  // the title that gave Entity::role
  bool valid = false;   // the entity is a person
};

// A map from the indices of a fixed list (countries, organisations) to
// entities that a new article empties in O(1): an entry counts only while
// its stamp is the current one.
class StampedMap {
 public:
  // Empties the map and makes room for indices [0, n).
  void Reset(size_t n) {
    if (++stamp_ == 0) {  // wrapped: old stamps could come back to life
      std::fill(slots_.begin(), slots_.end(), Slot());
      stamp_ = 1;
    }
    if (slots_.size() < n) slots_.resize(n);
  }
  // The entity for index i, or -1.
  int Get(int i) const {
    const Slot& s = slots_[i];
    return s.stamp == stamp_ ? s.entity : -1;
  }
  void Set(int i, int entity) { slots_[i] = {stamp_, entity}; }

 private:
  struct Slot {
    uint32_t stamp = 0;
    int entity = -1;
  };
  std::vector<Slot> slots_;
  uint32_t stamp_ = 0;
};

// Buffers of both passes, kept per thread from one article to the next
// (ThreadScratch). Each article refills what it reads (the scanner's
// per-token arrays are written before they are read; the linker clears its
// tables), so nothing carries over.
struct EntityScratch {
  std::vector<Cand> cands;
  // Scanner: per token of the current sentence.
  std::vector<uint32_t> flags;
  std::vector<const WordInfo*> infos;
  std::vector<GazetteerMatch> gaz_memo;
  // Token indices where Scanner::Step may do more than move on.
  std::vector<uint32_t> steps;
  // Linker (see there).
  std::vector<PersonState> persons;
  WordTable<int> by_key;
  WordTable<int> by_name;
  StampedMap by_country;
  StampedMap by_org;
  absl::flat_hash_map<std::pair<int, int>, int> by_office;
  std::vector<int> mention_counts;  // per entity

  // The name tables are sized from the candidates, so the candidate and
  // person arrays bound them too.
  size_t Bytes() const {
    return cands.capacity() * sizeof(Cand) + persons.capacity() * sizeof(PersonState) +
           flags.capacity() * sizeof(uint32_t) + infos.capacity() * sizeof(const WordInfo*) +
           gaz_memo.capacity() * sizeof(GazetteerMatch) + steps.capacity() * sizeof(uint32_t) +
           mention_counts.capacity() * sizeof(int);
  }
};

}  // namespace

struct EntityLexicon {
  WordTable<WordInfo> words;
  // Lower-case group phrases and every word-level prefix of them → the
  // phrase's word count, or 0 for a prefix that is no phrase.
  WordTable<int> groups;
  // Noun suffixes ("tion", "ment", …) by their last byte.
  std::array<std::vector<std::string>, 256> noun_suffixes;
  // What the gazetteer finds for each of its first segments alone
  // (Gazetteer::FirstSegmentEntry::match), by WordInfo::gaz_first - 1.
  std::vector<GazetteerMatch> gaz_first;
  // A screen in front of `words`, probed for every token of an article:
  // per (first byte, last byte) slot, a bit per key length. Most tokens are
  // in no list and fail here with one load and a bit test, before any
  // hashing. Case-sensitive, like the keys; lengths are at most
  // kMaxWordBytes < 32.
  std::array<uint32_t, 4096> screen{};
  std::array<uint32_t, 4096> step_screen{};
  static size_t ScreenSlot(std::string_view w) {
    return (static_cast<size_t>(static_cast<unsigned char>(w.front()) & 0x7F) << 5) |
           (static_cast<unsigned char>(w.back()) & 0x1F);
  }

  // True when `w` ends like a common noun or adjective ("Integration").
  bool NounLike(std::string_view w) const {
    if (w.empty()) return false;
    for (const std::string& s : noun_suffixes[static_cast<unsigned char>(w.back())]) {
      if (w.size() > s.size() + 2 &&
          std::memcmp(w.data() + w.size() - s.size(), s.data(), s.size()) == 0) {
        return true;
      }
    }
    return false;
  }


  static constexpr size_t kMaxWordBytes = 24;  // longer words are in no list
  const WordInfo* Find(std::string_view w) const {
    if (w.empty() || w.size() > kMaxWordBytes) return nullptr;
    const size_t slot = ScreenSlot(w);
    if (!((screen[slot] >> w.size()) & 1u)) return nullptr;
    // The first key listed with this slot and length hash needs no hashing;
    // nor does a word whose hash only that key has.
    if (const uint16_t f = first_keys[FirstKeySlot(slot, w.size())]; f != 0) {
      const FirstKey& k = first_key_list[f - 1];
      if (k.length == w.size() && WordBytesEqual(k.key, w.data(), w.size())) return k.info;
      if (k.sole) return nullptr;
    }
    return words.Find(w);
  }
  // False when the token `w` is certainly no key with any of kStepFlags,
  // with or without a possessive "'s" / "’s" (as `screen`, for those keys
  // and their possessives).
  bool MayStep(std::string_view w) const {
    if (w.empty() || w.size() > kMaxWordBytes + 4) return false;
    return (step_screen[ScreenSlot(w)] >> w.size()) & 1u;
  }
  // Fills `screen`, `step_screen` and `first_keys` from the keys of `words`
  // (after the last Add: `words` does not change afterwards, so they may
  // point into it).
  void BuildScreen() {
    words.ForEach([&](std::string_view w, const WordInfo& info) {
      if (w.size() > kMaxWordBytes) return;  // Find never asks for it
      const size_t slot = ScreenSlot(w);
      screen[slot] |= uint32_t{1} << w.size();
      if (info.flags & kStepFlags) {
        // The possessives end in 's' or 'S', one slot.
        const size_t poss_slot = ScreenSlot(std::string(w) + "s");
        step_screen[slot] |= uint32_t{1} << w.size();
        step_screen[poss_slot] |= uint32_t{1} << (w.size() + 2);
        step_screen[poss_slot] |= uint32_t{1} << (w.size() + 4);
      }
      uint16_t& f = first_keys[FirstKeySlot(slot, w.size())];
      if (f == 0 && first_key_list.size() < UINT16_MAX) {
        first_key_list.push_back({w.data(), static_cast<uint32_t>(w.size()), &info, true});
        f = static_cast<uint16_t>(first_key_list.size());
      } else if (f != 0) {
        first_key_list[f - 1].sole = false;
      }
    });
  }
  // A cache in front of `words`, filled in the order of the word lists
  // (the common words come first): per hash of (screen slot, length), the
  // first key with that hash, as 1 + its index in first_key_list, or 0.
  struct FirstKey {
    const char* key;  // in `words`
    uint32_t length;
    const WordInfo* info;  // in `words`
    bool sole;  // no other key of `words` has the hash
  };
  static size_t FirstKeySlot(size_t screen_slot, size_t length) {
    return ((static_cast<uint32_t>(screen_slot << 5 | length) * 0x9E3779B1u) >> 19);
  }
  std::array<uint16_t, 8192> first_keys{};
  std::vector<FirstKey> first_key_list;
  void Add(std::string_view w, uint32_t flags, Gender g, bool plural) {
    if (w.empty()) return;
    WordInfo& info = *words.Insert(w);
    info.flags |= flags;
    if (g != Gender::kUnknown) info.gender = g;
    info.plural = info.plural || plural;
  }
};

size_t EntityIndex::FirstMentionAtOrAfter(uint32_t offset) const {
  return std::lower_bound(mentions.begin(), mentions.end(), offset,
                          [](const Mention& m, uint32_t o) {
                            return m.span.begin < o;
                          }) -
         mentions.begin();
}

const Mention* EntityIndex::MentionAt(uint32_t offset) const {
  auto it = std::upper_bound(mentions.begin(), mentions.end(), offset,
                             [](uint32_t o, const Mention& m) { return o < m.span.begin; });
  if (it == mentions.begin()) return nullptr;
  --it;
  return it->span.Contains(offset) ? &*it : nullptr;
}

absl::StatusOr<std::unique_ptr<EntityRecognizer>> EntityRecognizer::Create(
    const Tables& tables, const Gazetteer& gazetteer) {
  absl::StatusOr<const Table*> words = tables.Get("person_words", {"word", "type"});
  if (!words.ok()) return words.status();
  auto lex = std::make_shared<EntityLexicon>();
  for (const Table::Row& row : (*words)->rows()) {
    std::string_view w = (*words)->Cell(row, "word");
    std::string_view g = (*words)->Cell(row, "gender");
    Gender gender = g == "male"     ? Gender::kMale
                    : g == "female" ? Gender::kFemale
                                    : Gender::kUnknown;
    if (!g.empty() && gender == Gender::kUnknown) {
      return (*words)->RowError(row, "gender must be male, female or empty");
    }
    for (std::string_view type : SplitList((*words)->Cell(row, "type"))) {
      uint32_t flag = 0;
      bool either_case = true;  // match with either case of the first letter
      if (type == "honorific") {
        flag = kHonorific;
        either_case = false;
      } else if (type == "pronoun") {
        flag = kPronounWord;
      } else if (type == "possessive") {
        flag = kPossessiveWord;
      } else if (type == "particle") {
        flag = kParticle;
        either_case = false;
      } else if (type == "suffix") {
        flag = kSuffix;
        either_case = false;
      } else if (type == "determiner") {
        flag = kDeterminer;
      } else if (type == "locative") {
        flag = kLocative;
      } else if (type == "verb") {
        flag = kVerb;
      } else if (type == "adverb") {
        flag = kAdverb;
      } else if (type == "blocker") {
        flag = kBlocker;
      } else if (type == "weekday") {
        flag = kWeekday;
        either_case = false;
      } else if (type == "orghead") {
        flag = kOrgHead;
        either_case = false;
      } else if (type == "nonname") {
        flag = kNonName;
        either_case = false;
      } else if (type == "nonname_suffix") {
        if (w.empty()) continue;
        lex->noun_suffixes[static_cast<unsigned char>(w.back())].emplace_back(w);
        continue;
      } else if (type == "group") {
        std::string phrase = absl::AsciiStrToLower(AbslView(w));
        int n = 1;
        for (char c : phrase) n += c == ' ';
        if (n > static_cast<int>(kMaxGroupWords)) {
          return (*words)->RowError(row, "group phrase longer than 6 words");
        }
        if (phrase.size() > kMaxGroupKey) {
          return (*words)->RowError(row, "group phrase longer than 120 bytes");
        }
        *lex->groups.Insert(phrase) = n;
        // Word-level prefixes ("the two" of "the two leaders") let TryGroup
        // stop at the first word that continues no phrase; the later words
        // are flagged so that most continuations need no lookup at all.
        size_t at = 0;
        for (int k = 0; k < n; ++k) {
          size_t space = phrase.find(' ', at);
          if (space == std::string::npos) space = phrase.size();
          std::string_view word = std::string_view(phrase).substr(at, space - at);
          uint32_t flag = k == 0 ? kGroupStart : kGroupWord;
          lex->Add(word, flag, Gender::kUnknown, false);
          lex->Add(UpperFirstAscii(word), flag, Gender::kUnknown, false);
          if (k + 1 < n) lex->groups.Insert(std::string_view(phrase).substr(0, space));
          at = space + 1;
        }
        continue;
      } else {
        return (*words)->RowError(
            row, "unknown type (honorific, pronoun, possessive, particle, suffix, "
                 "determiner, locative, verb, adverb, blocker, weekday, orghead, "
                 "nonname, nonname_suffix, group)");
      }
      if (w.find(' ') != std::string_view::npos) continue;  // single words only
      bool plural = flag == kPronounWord && (w == "they" || w == "They");
      lex->Add(w, flag, gender, plural);
      if (either_case) {
        lex->Add(LowerFirstAscii(w), flag, gender, plural);
        lex->Add(UpperFirstAscii(w), flag, gender, plural);
      }
    }
  }
  // Group starts that are whole phrases by themselves.
  {
    std::vector<std::string_view> starts;
    lex->words.ForEach([&](std::string_view w, const WordInfo& info) {
      if (info.flags & kGroupStart) starts.push_back(w);
    });
    for (std::string_view w : starts) {
      const int* n = lex->groups.Find(absl::AsciiStrToLower(AbslView(w)));
      if (n != nullptr && *n > 0) lex->words.Insert(w)->flags |= kGroupWhole;
    }
  }
  // Gazetteer first segments share the table: one probe per token tells
  // both its word-list flags and whether a gazetteer match may start there.
  for (const Gazetteer::FirstSegmentEntry& seg : gazetteer.FirstSegmentEntries()) {
    uint32_t flags = kGazFirst;
    if (seg.continued) flags |= kGazContinued;
    if (AsciiAlnumPrefix(seg.segment.data(), seg.segment.size()) == seg.segment.size()) {
      flags |= kGazAscii;
    }
    lex->Add(seg.segment, flags, Gender::kUnknown, false);
    if (lex->gaz_first.size() < UINT16_MAX) {
      lex->gaz_first.push_back(seg.match);
      lex->words.Insert(seg.segment)->gaz_first = static_cast<uint16_t>(lex->gaz_first.size());
    }
  }
  lex->BuildScreen();
  auto r = std::unique_ptr<EntityRecognizer>(new EntityRecognizer(gazetteer));
  r->lexicon_ = std::move(lex);
  return r;
}

namespace {

// Pass 1: proposes candidates for one document.
class Scanner {
 public:
  Scanner(const Document& doc, const Gazetteer& gaz, const EntityLexicon& lex,
          EntityScratch* scratch)
      : doc_(doc),
        text_(doc.text()),
        toks_(doc.tokens().data()),
        gaz_(gaz),
        lex_(lex),
        out_(&scratch->cands),
        scratch_(*scratch) {}

  void ScanSentence(uint32_t s, bool headline) {
    const Sentence& sent = doc_.sentences()[s];
    sentence_ = s;
    headline_ = headline;
    sb_ = sent.first_token;
    se_ = sent.first_token + sent.token_count;
    send_ = sent.span.end;
    // Word-list flags of every token, looked up once. The arrays only grow:
    // the loop below writes every entry that is read.
    if (scratch_.flags.size() < se_ - sb_) {
      scratch_.flags.resize(se_ - sb_);
      scratch_.infos.resize(se_ - sb_);
      scratch_.gaz_memo.resize(se_ - sb_);
      scratch_.steps.resize(se_ - sb_);
    }
    flags_ = scratch_.flags.data();
    infos_ = scratch_.infos.data();
    gaz_memo_ = scratch_.gaz_memo.data();
    // Step(k) only moves on to k + 1 at a token that is no word, and at a
    // lower-case word with none of the flags it acts on: the loop below
    // calls it only at the other tokens, listed here. The flags of a
    // lower-case word that cannot have those are left to Resolve, and
    // `any` (for TryOrgText, which reads the capitalised ones) only has
    // the others.
    // (In locals: the stores through the arrays could otherwise alias the
    // members.)
    uint32_t* steps = scratch_.steps.data();
    size_t n_steps = 0;
    uint32_t any = 0;
    const size_t first = sb_;
    const Token* toks = toks_ + first;
    const size_t count = se_ - sb_;
    const char* text = text_.data();
    uint32_t* flags = flags_;
    const WordInfo** infos = infos_;
    const EntityLexicon& lex = lex_;
    for (size_t k = 0; k < count; ++k) {
      uint32_t f = 0;
      const WordInfo* w = nullptr;
      const Token& t = toks[k];
      if (t.kind == TokenKind::kWord) {
        const std::string_view tok(text + t.span.begin, t.span.end - t.span.begin);
        if (t.capitalized || lex.MayStep(tok)) {
          bool poss;
          std::string_view core = StripPossessive(tok, &poss);
          w = lex.Find(core);
          if (w != nullptr) f = w->flags;
          if (poss) {
            f |= kStrippedToken;
            w = nullptr;
          }
          steps[n_steps] = static_cast<uint32_t>(first + k);
          n_steps += ((f & kStepFlags) | static_cast<uint32_t>(t.capitalized)) != 0;
          any |= f;
        } else {
          // Most lower-case words: looked up only if a rule asks.
          f = kLazy;
        }
      }
      flags[k] = f;
      infos[k] = w;
    }
    sentence_flags_ = any;
    size_t i = sb_;
    for (size_t q = 0; q < n_steps; ++q) {
      if (steps[q] >= i) i = Step(steps[q]);
    }
  }

 private:
  std::string_view Tok(size_t i) const {
    const Span& s = toks_[i].span;  // token spans always lie in the text
    return std::string_view(text_.data() + s.begin, s.end - s.begin);
  }
  bool IsWord(size_t i) const { return i < se_ && toks_[i].kind == TokenKind::kWord; }
  bool Cap(size_t i) const { return IsWord(i) && toks_[i].capitalized; }
  // True when `core` (the start of a token at byte b) is the gazetteer's
  // first segment there, so that kGazFirst tells whether a match may
  // start. Cheap for the common case (ASCII letters and digits, as `ascii`
  // tells, followed by ASCII punctuation or space); otherwise asks the
  // gazetteer.
  bool IsFirstSegment(uint32_t b, std::string_view core, bool ascii) const {
    if (core.empty() || core.size() > EntityLexicon::kMaxWordBytes) return false;
    uint32_t at = b + static_cast<uint32_t>(core.size());
    if (ascii && at < send_ && static_cast<unsigned char>(text_[at]) < 0x80) {
      return !kAsciiAlnum.v[static_cast<unsigned char>(text_[at])];
    }
    if (ascii && at >= send_) return true;
    return Gazetteer::FirstSegmentLength(std::string_view(text_.data() + b, send_ - b)) ==
           core.size();
  }
  static bool AllAsciiAlnum(std::string_view w) {
    bool ascii = true;
    for (char c : w) ascii &= kAsciiAlnum.v[static_cast<unsigned char>(c)];
    return ascii;
  }

  // Lexicon entry of the whole token i.
  const WordInfo* Info(size_t i) const {
    if (i >= se_) return nullptr;
    if (!(Flags(i) & kStrippedToken)) return infos_[i - sb_];
    return lex_.Find(Tok(i));
  }
  uint32_t Flags(size_t i) const {
    if (i >= se_) return 0;
    const uint32_t f = flags_[i - sb_];
    return (f & kLazy) ? Resolve(i) : f;
  }
  // Looks up the flags of a kLazy token, as ScanSentence does for the
  // others.
  ABSL_ATTRIBUTE_NOINLINE uint32_t Resolve(size_t i) const {
    bool poss;
    const std::string_view core = StripPossessive(Tok(i), &poss);
    const WordInfo* w = lex_.Find(core);
    uint32_t f = w != nullptr ? w->flags : 0;
    if (poss) {
      f |= kStrippedToken;
      w = nullptr;
    }
    flags_[i - sb_] = f;
    infos_[i - sb_] = w;
    return f;
  }
  bool Has(size_t i, uint32_t flag) const { return (Flags(i) & flag) != 0; }
  bool TokIs(size_t i, std::string_view s) const { return i < se_ && Tok(i) == s; }

  // Gazetteer match at token i (memoised per sentence: rules ask about the
  // same token several times).
  ABSL_ATTRIBUTE_ALWAYS_INLINE GazetteerMatch Gaz(size_t i) const {
    if (!IsWord(i)) return {};
    if (!(flags_[i - sb_] & kGazKnown)) FirstGaz(i);
    return gaz_memo_[i - sb_];
  }
  ABSL_ATTRIBUTE_NOINLINE void FirstGaz(size_t i) const {
    Flags(i);  // resolves a kLazy token
    uint32_t& f = flags_[i - sb_];
    if (!(f & (kGazFirst | kStrippedToken)) && PlainWord(i)) {
      // The token is the first segment there and none of the gazetteer's:
      // nothing matches (MemoiseGaz would find the same).
      f |= kGazKnown;
      gaz_memo_[i - sb_] = GazetteerMatch();
    } else {
      MemoiseGaz(i);
    }
  }
  // True when token i is all ASCII letters and digits, short enough for
  // the lexicon, and followed by the sentence end or an ASCII byte that is
  // neither: then it is the gazetteer's first segment at its start.
  bool PlainWord(size_t i) const {
    const Span& s = toks_[i].span;
    const size_t n = s.end - s.begin;
    if (n == 0 || n > EntityLexicon::kMaxWordBytes) return false;
    if (s.end < send_) {
      auto c = static_cast<unsigned char>(text_[s.end]);
      if (c >= 0x80 || kAsciiAlnum.v[c]) return false;
    }
    return AllAsciiAlnum(std::string_view(text_.data() + s.begin, n));
  }
  ABSL_ATTRIBUTE_NOINLINE void MemoiseGaz(size_t i) const {
    uint32_t& f = flags_[i - sb_];
    f |= kGazKnown;
    GazetteerMatch m;
    const uint32_t b = toks_[i].span.begin;
    const std::string_view rest(text_.data() + b, send_ - b);
    // The flags are those of the token without its possessive. When that
    // is a gazetteer first segment (kGazFirst) and the first segment there,
    // the lexicon holds the gazetteer's entry for it, and the gazetteer
    // need only read on when a longer key continues it. When it is the
    // first segment there but none of the gazetteer's, nothing matches.
    bool poss;
    const std::string_view core = StripPossessive(Tok(i), &poss);
    if (f & kGazFirst) {
      // (infos_ has no entry for a token with a possessive.)
      const uint16_t first =
          IsFirstSegment(b, core, (f & kGazAscii) != 0)
              ? (poss ? lex_.Find(core) : infos_[i - sb_])->gaz_first
              : 0;
      if (first == 0) {
        m = gaz_.MatchPrefix(rest);
      } else {
        m = lex_.gaz_first[first - 1];
        if (f & kGazContinued) m = gaz_.MatchPrefixPast(rest, core.size(), m);
      }
    } else if (!IsFirstSegment(b, core, AllAsciiAlnum(core))) {
      m = gaz_.MatchPrefix(rest);
    }
    gaz_memo_[i - sb_] = m;
  }
  GazetteerMatch GazAt(uint32_t byte) const {
    if (byte >= send_) return {};
    return gaz_.MatchPrefix(std::string_view(text_.data() + byte, send_ - byte));
  }
  // First token at or after byte offset `end` (a match's end).
  size_t After(size_t i, uint32_t end) const {
    while (i < se_ && toks_[i].span.begin < end) ++i;
    return i;
  }
  // True when the match of token i ending at `end` leaves "'s" in the
  // token.
  bool PossessiveRest(size_t i, uint32_t end) const {
    std::string_view rest(text_.data() + end, toks_[i].span.end - end);
    return rest == "'s" || rest == "\xE2\x80\x99s" || rest == "'" || rest == "\xE2\x80\x99";
  }

  void Emit(const Cand& c) { out_->push_back(c); }

  Cand Make(CandType type, uint32_t b, uint32_t e) const {
    Cand c;
    c.type = type;
    c.span = {b, e};
    c.name = {b, e};
    c.sentence = sentence_;
    return c;
  }

  // Parses a person's name starting at token j. Returns false if there is
  // none. Sets the token range, the byte end of the name (without a
  // possessive) and the number of full (non-initial) name tokens.
  struct NameParse {
    size_t begin = 0, end = 0;
    uint32_t byte_end = 0;
    int full = 0;
    int count = 0;
    bool possessive = false;
  };
  bool ParseName(size_t j, NameParse* np) const {
    np->begin = j;
    np->full = 0;
    np->count = 0;
    np->possessive = false;
    size_t k = j;
    while (k < se_ && k - j < kMaxNameTokens) {
      const Token& t = toks_[k];
      if (t.kind != TokenKind::kWord) break;
      std::string_view w = Tok(k);
      if (t.capitalized) {
        bool poss;
        std::string_view core = StripPossessive(w, &poss);
        uint32_t flags = Flags(k);
        bool initial = core.size() == 1;
        if ((flags & kSuffix) && np->full > 0) {
          np->byte_end = t.span.end;
          ++k;
          if (k < se_ && TokIs(k, ".") && toks_[k].span.begin == t.span.end) {
            np->byte_end = toks_[k].span.end;
            ++k;
          }
          break;
        }
        if (!initial) {
          // "Lanka News Agency": an organisation, not a person.
          if (flags & kOrgHead) return false;
          if (flags & (kNonName | kHonorific | kWeekday | kVerb)) break;
          if (flags & (kPronounWord | kDeterminer | kPossessiveWord)) break;
          GazetteerMatch g = Gaz(k);
          if (g.hit != GazetteerHit::kNone && g.length >= core.size()) break;
          ++np->full;
        }
        ++np->count;
        np->byte_end = toks_[k].span.begin + static_cast<uint32_t>(core.size());
        ++k;
        if (initial && k < se_ && TokIs(k, ".") && toks_[k].span.begin == t.span.end) {
          np->byte_end = toks_[k].span.end;
          ++k;
        }
        if (poss) {
          np->possessive = true;
          break;
        }
        continue;
      }
      // Lower-case: a particle between name parts ("bin", "van der"), or
      // an "al-X" / "el-X" surname.
      // Particles ("bin", "van der", "de la") between name parts.
      if (np->count > 0) {
        size_t m = k;
        while (m < se_ && m - k < 3 && IsWord(m) && !toks_[m].capitalized &&
               Has(m, kParticle)) {
          ++m;
        }
        if (m > k && Cap(m)) {
          k = m;
          continue;
        }
      }
      // The first '-', when it is the third or fourth byte.
      size_t dash = std::string_view::npos;
      if (w.size() > 3 && w[0] != '-' && w[1] != '-') {
        if (w[2] == '-') {
          dash = 2;
        } else if (w[3] == '-') {
          dash = 3;
        }
      }
      if ((dash == 2 || dash == 3) && dash + 1 < w.size() && w[dash + 1] >= 'A' &&
          w[dash + 1] <= 'Z') {
        const WordInfo* p = lex_.Find(std::string_view(w.data(), dash));
        if (p && (p->flags & kParticle)) {
          bool poss;
          std::string_view core = StripPossessive(w, &poss);
          ++np->full;
          ++np->count;
          np->byte_end = t.span.begin + static_cast<uint32_t>(core.size());
          ++k;
          if (poss) {
            np->possessive = true;
            break;
          }
          continue;
        }
      }
      break;
    }
    np->end = k;
    return np->full > 0;
  }

  // Modifiers before a title: a possessive country or capital ("Japan's",
  // "Seoul's"), a demonym ("Japanese"), a country or organisation directly
  // followed by a title ("U.S. Trade Representative", "EU foreign policy
  // chief"). Advances *j; sets *country / *org.
  void ParseModifiers(size_t* j, int* country, int* org) const {
    for (int m = 0; m < 3 && Cap(*j); ++m) {
      GazetteerMatch g = Gaz(*j);
      if (g.hit == GazetteerHit::kNone || g.hit == GazetteerHit::kTitle) return;
      uint32_t end = toks_[*j].span.begin + static_cast<uint32_t>(g.length);
      size_t last = After(*j, end);  // first token after the match
      size_t tok_of_end = last - 1;
      bool poss = toks_[tok_of_end].span.end > end && PossessiveRest(tok_of_end, end);
      if (!poss && toks_[tok_of_end].span.end > end) return;  // "India-Japan"
      bool title_next = Gaz(last).hit == GazetteerHit::kTitle;
      int c = gaz_.CountryOf(g);
      if (c >= 0) {
        if (g.hit == GazetteerHit::kDemonym || poss || title_next) {
          *country = c;
          *j = last;
          continue;
        }
        return;
      }
      if (g.hit == GazetteerHit::kOrganization && (poss || title_next)) {
        *org = g.index;
        const Organization& o = gaz_.organizations()[g.index];
        if (*country < 0 && o.country >= 0) *country = o.country;
        *j = last;
        continue;
      }
      return;
    }
  }

  // "of [the] <Country|Org>" at *j: sets country/org and advances.
  bool ParseOfPlace(size_t* j, int* country, int* org) const {
    if (!TokIs(*j, "of")) return false;
    size_t k = *j + 1;
    if (TokIs(k, "the")) ++k;
    GazetteerMatch g = Gaz(k);
    int c = gaz_.CountryOf(g);
    if (c >= 0 && g.hit != GazetteerHit::kDemonym) {
      if (*country < 0) *country = c;
    } else if (g.hit == GazetteerHit::kOrganization) {
      if (*org < 0) *org = g.index;
    } else {
      return false;
    }
    uint32_t end = toks_[k].span.begin + static_cast<uint32_t>(g.length);
    size_t after = After(k, end);
    if (toks_[after - 1].span.end > end && !PossessiveRest(after - 1, end)) return false;
    *j = after;
    return true;
  }

  // False when TryTitled at a determiner followed by token j finds
  // nothing: no modifier (they are capitalised) and no title there.
  bool TitledAfterDeterminer(size_t j) const {
    return Cap(j) || Gaz(j).hit == GazetteerHit::kTitle;
  }

  // Determiner? modifiers* title+ (of Place)? ((,)? name)? — a titled person,
  // a role alias or a ministry/government body. Returns the next token, or
  // i when nothing was found. `apposition_of` links a role alias to the
  // person candidate it stands in apposition to.
  size_t TryTitled(size_t i, int apposition_of) {
    size_t j = i;
    bool det = false;
    if (Has(j, kDeterminer)) {
      det = true;
      ++j;
    }
    size_t mod_begin = j;
    int country = -1, org = -1;
    ParseModifiers(&j, &country, &org);
    bool modified = j > mod_begin;
    if (!IsWord(j)) return i;
    GazetteerMatch g = Gaz(j);
    if (g.hit != GazetteerHit::kTitle) return i;
    bool cap_title = toks_[j].capitalized;
    if (!cap_title && !det && !modified && apposition_of < 0) return i;
    int person_title = -1, title2 = -1, office = -1;
    uint32_t titles_end = 0;
    for (int n = 0; n < 3; ++n) {
      const Title& t = gaz_.titles()[g.index];
      if (t.person) {
        if (person_title < 0) {
          person_title = g.index;
        } else if (title2 < 0) {
          title2 = g.index;
        }
      } else if (person_title < 0) {
        office = g.index;
      }
      titles_end = toks_[j].span.begin + static_cast<uint32_t>(g.length);
      j = After(j, titles_end);
      GazetteerMatch next = Gaz(j);
      if (next.hit == GazetteerHit::kTitle) {
        g = next;
        continue;
      }
      if (j + 1 < se_ && toks_[j].kind == TokenKind::kDash && Cap(j + 1)) {
        next = Gaz(j + 1);
        if (next.hit == GazetteerHit::kTitle) {
          ++j;
          g = next;
          continue;
        }
      }
      break;
    }
    size_t of_at = j;
    if (ParseOfPlace(&j, &country, &org)) {
      titles_end = toks_[j - 1].span.end;
    } else {
      j = of_at;
    }
    if (person_title < 0 && office < 0) return i;
    uint32_t span_begin = toks_[det ? i : mod_begin].span.begin;
    uint32_t name_begin = toks_[mod_begin].span.begin;
    if (person_title >= 0) {
      const Title& pt = gaz_.titles()[person_title];
      if (country < 0 && pt.country >= 0) country = pt.country;
      if (apposition_of < 0) {
        // "ambassador to China, X": skip the host country.
        size_t k = j;
        if (TokIs(k, "to")) {
          size_t m = k + 1;
          if (TokIs(m, "the")) ++m;
          GazetteerMatch h = Gaz(m);
          if (gaz_.CountryOf(h) >= 0) {
            k = After(m, toks_[m].span.begin + static_cast<uint32_t>(h.length));
          }
        }
        bool comma = false;
        if (TokIs(k, ",")) {
          comma = true;
          ++k;
        }
        Gender gender = Gender::kUnknown;
        if (Has(k, kHonorific)) {
          gender = Info(k)->gender;
          ++k;
          if (TokIs(k, ".")) ++k;
        }
        NameParse np;
        if (ParseName(k, &np) &&
            (!comma || ((det || modified || k > j + 1) && np.full >= 2))) {
          Cand c = Make(CandType::kPerson, span_begin, np.byte_end);
          c.span.begin = toks_[mod_begin].span.begin;
          c.name = {toks_[np.begin].span.begin, np.byte_end};
          c.name_tok_begin = static_cast<uint32_t>(np.begin);
          c.name_tok_end = static_cast<uint32_t>(np.end);
          c.title = person_title;
          c.title2 = title2;
          c.country = country;
          c.org = org;
          c.strong = true;
          c.gender = gender;
          size_t after = np.end;
          int c2 = -1, o2 = -1;
          size_t of = after;
          if (ParseOfPlace(&of, &c2, &o2)) {
            if (c.country < 0) c.country = c2;
            if (c.org < 0) c.org = o2;
          }
          Emit(c);
          return after;
        }
      }
      // No name: a role alias.
      if (!det && !modified && !cap_title && apposition_of < 0) return i;
      Cand c = Make(CandType::kAlias, span_begin, titles_end);
      c.name = {name_begin, titles_end};
      c.title = person_title;
      c.title2 = title2;
      c.country = country;
      c.org = org;
      c.apposition_of = apposition_of;
      Emit(c);
      return j;
    }
    // A body: ministry, government, embassy.
    if (apposition_of >= 0) return i;
    Cand c = Make(CandType::kOffice, span_begin, titles_end);
    c.name = {name_begin, titles_end};
    c.title = office;
    c.country = country;
    c.org = org;
    // "the Ministry of Foreign Affairs in Seoul": the capital names the
    // country.
    if (c.country < 0 && TokIs(j, "in")) {
      int cc = gaz_.CountryOf(Gaz(j + 1));
      if (cc >= 0) c.country = cc;
    }
    Emit(c);
    return j;
  }

  // A capitalised run ending in an organisation head word ("Vietnam News
  // Agency", "Bank of Korea"). Returns the next token or i.
  size_t TryOrgText(size_t i) {
    if (!(sentence_flags_ & kOrgHead)) return i;  // no head word to end one
    size_t k = i;
    size_t last_head = 0;
    size_t caps = 0;
    while (k < se_ && k - i < 8) {
      if (Cap(k)) {
        uint32_t flags = Flags(k);
        bool poss = (flags & kStrippedToken) != 0;
        if (flags & (kDeterminer | kPronounWord | kHonorific)) break;
        ++caps;
        if (flags & kOrgHead) last_head = k + 1;
        ++k;
        if (poss) break;
        continue;
      }
      std::string_view w = Tok(k);
      if ((w == "of" || w == "for" || w == "and" || w == "&" || w == "on") && caps > 0 &&
          Cap(k + 1)) {
        ++k;
        continue;
      }
      break;
    }
    if (last_head == 0 || last_head - i < 2) return i;
    bool poss;
    std::string_view core = StripPossessive(Tok(last_head - 1), &poss);
    uint32_t b = toks_[i].span.begin;
    uint32_t e = toks_[last_head - 1].span.begin + static_cast<uint32_t>(core.size());
    GazetteerMatch g = Gaz(i);
    if (g.hit == GazetteerHit::kOrganization && b + g.length >= e) return i;
    Emit(Make(CandType::kOrgText, b, e));
    return last_head;
  }

  // Evidence after/before a bare name [np.begin, np.end).
  bool SubjectOfVerb(size_t k) const {
    for (int n = 0; n < 4 && k < se_; ++n, ++k) {
      uint32_t flags = Flags(k);
      if (flags & kVerb) return true;
      if (!(flags & (kAdverb | kWeekday))) return false;
    }
    return false;
  }

  size_t Step(size_t i) {
    const Token& t = toks_[i];
    if (t.kind != TokenKind::kWord) return i + 1;
    if (in_dateline(t.span)) return i + 1;
    std::string_view w = Tok(i);
    uint32_t flags = Flags(i);
    const WordInfo* info =
        (flags & (kPronounWord | kPossessiveWord | kHonorific)) ? Info(i) : nullptr;
    if (info == nullptr) flags &= ~(kPronounWord | kPossessiveWord | kHonorific);
    if (flags & kGroupStart) {
      size_t next = TryGroup(i);
      if (next != i) return next;
    }
    if (!t.capitalized) {
      // A lower-case titled phrase needs a determiner ("the foreign
      // minister"): TryTitled finds nothing at a bare lower-case title.
      if ((flags & kDeterminer) && TitledAfterDeterminer(i + 1)) {
        size_t next = TryTitled(i, -1);
        if (next != i) return next;
      }
      if (flags & (kPronounWord | kPossessiveWord)) EmitPronoun(i, *info);
      return i + 1;
    }
    // Capitalised.
    if (flags & (kPronounWord | kPossessiveWord)) {
      EmitPronoun(i, *info);
      return i + 1;
    }
    GazetteerMatch g = Gaz(i);
    // Without a determiner, a titled phrase starts with a gazetteer entry
    // (a modifier or the title itself).
    if ((flags & kDeterminer) ? TitledAfterDeterminer(i + 1) : g.hit != GazetteerHit::kNone) {
      size_t next = TryTitled(i, -1);
      if (next != i) return next;
    }
    {
      size_t next = TryOrgText(i);
      if (next != i) return next;
    }
    if (g.hit != GazetteerHit::kNone) return EmitGazetteer(i, g);
    if (flags & kHonorific) {
      size_t k = i + 1;
      if (TokIs(k, ".")) ++k;
      NameParse np;
      if (ParseName(k, &np)) {
        Cand c = Make(CandType::kPerson, t.span.begin, np.byte_end);
        c.name = {toks_[np.begin].span.begin, np.byte_end};
        c.name_tok_begin = static_cast<uint32_t>(np.begin);
        c.name_tok_end = static_cast<uint32_t>(np.end);
        c.strong = true;
        c.gender = info->gender;
        return EmitNameWithContext(c, np);
      }
      return k;
    }
    if (flags & (kNonName | kDeterminer | kWeekday)) return i + 1;
    // A sentence-initial participle ("Echoing X, ...") is no name.
    if (i == sb_ && w.size() >= 6 && std::memcmp(w.data() + w.size() - 3, "ing", 3) == 0) {
      return i + 1;
    }
    NameParse np;
    if (!ParseName(i, &np)) return i + 1;
    Cand c = Make(CandType::kPerson, toks_[i].span.begin, np.byte_end);
    c.name_tok_begin = static_cast<uint32_t>(np.begin);
    c.name_tok_end = static_cast<uint32_t>(np.end);
    // Inverted attribution: ", said Halvorsen" / "said Halvorsen."
    if (i > sb_ + 1 && Has(i - 1, kVerb) &&
        (toks_[i - 2].kind == TokenKind::kQuoteMark || TokIs(i - 2, ","))) {
      c.strong = true;
    }
    if (!c.strong && !np.possessive && SubjectOfVerb(np.end)) c.strong = true;
    c.multi = np.full >= 2 && !headline_ && !(i > sb_ && Has(i - 1, kBlocker));
    if (c.multi) {
      for (size_t k = np.begin; k < np.end; ++k) {
        if (IsWord(k) && lex_.NounLike(Tok(k))) c.multi = false;
      }
    }
    return EmitNameWithContext(c, np);
  }

  // Emits person candidate `c` (name np), then looks for an appositive role
  // (", the foreign minister of Y,") or "of <Country>".
  size_t EmitNameWithContext(Cand c, const NameParse& np) {
    size_t k = np.end;
    int c2 = -1, o2 = -1;
    size_t of = k;
    if (!np.possessive && np.full >= 2 && ParseOfPlace(&of, &c2, &o2)) {
      c.strong = true;
      if (c.country < 0) c.country = c2;
      if (c.org < 0) c.org = o2;
    }
    int index = static_cast<int>(out_->size());
    Emit(c);
    if (!np.possessive && TokIs(k, ",")) {
      size_t next = TryTitled(k + 1, index);
      if (next != k + 1) {
        Cand& person = (*out_)[index];
        const Cand& alias = out_->back();
        person.strong = true;
        if (person.title < 0) person.title = alias.title;
        if (person.country < 0) person.country = alias.country;
        if (person.org < 0) person.org = alias.org;
        return next;
      }
    }
    return k;
  }

  size_t EmitGazetteer(size_t i, GazetteerMatch g) {
    uint32_t b = toks_[i].span.begin;
    uint32_t end = b + static_cast<uint32_t>(g.length);
    size_t next = After(i, end);
    if (g.hit == GazetteerHit::kTitle || g.hit == GazetteerHit::kDemonym) return next;
    if (g.hit == GazetteerHit::kCapital) {
      // A place ("in Tokyo"), not an actor; or part of a name.
      if (i > sb_ && Has(i - 1, kLocative)) return next;
      if (Cap(next) && Gaz(next).hit == GazetteerHit::kNone) return next;
    }
    for (int n = 0; n < 6; ++n) {
      Cand c = Make(g.hit == GazetteerHit::kOrganization ? CandType::kOrg : CandType::kCountry,
                    b, end);
      if (g.hit == GazetteerHit::kOrganization) {
        c.org = g.index;
      } else {
        c.country = g.index;
      }
      Emit(c);
      // "India-Japan-US": the next segment of a hyphenated token.
      const Token& last = toks_[next - 1];
      if (last.span.end <= end || text_[end] != '-') break;
      b = end + 1;
      g = GazAt(b);
      if (gaz_.CountryOf(g) < 0 && g.hit != GazetteerHit::kOrganization) break;
      if (g.hit == GazetteerHit::kDemonym) break;
      end = b + static_cast<uint32_t>(g.length);
      if (end > last.span.end) break;
    }
    return next;
  }

  size_t TryGroup(size_t i) {
    size_t best = i;
    if (!Has(i, kStrippedToken) && !MayContinueGroup(i + 1)) {
      // One word: the token is a lexicon key, so its flags tell what the
      // loop below would find.
      if (Has(i, kGroupWhole)) best = i + 1;
      return best == i ? i : EmitGroup(i, best);
    }
    char key[kMaxGroupKey];
    size_t n = 0;
    for (size_t k = i; k < se_ && k - i < kMaxGroupWords; ++k) {
      if (!IsWord(k)) break;
      std::string_view w = Tok(k);
      if (k > i) {
        if (!MayContinueGroup(k)) break;
        if (n == sizeof(key)) break;
        key[n++] = ' ';
      }
      if (w.size() > sizeof(key) - n) break;
      for (char ch : w) key[n++] = absl::ascii_tolower(ch);
      const int* words = lex_.groups.Find(std::string_view(key, n));
      if (words == nullptr) break;  // no phrase starts like this
      if (*words > 0) best = k + 1;
    }
    if (best == i) return i;
    return EmitGroup(i, best);
  }
  size_t EmitGroup(size_t i, size_t end) {
    Cand c = Make(CandType::kGroup, toks_[i].span.begin, toks_[end - 1].span.end);
    c.plural = true;
    Emit(c);
    return end;
  }
  // False when word k cannot continue a group phrase: only words of group
  // phrases continue one (the flag covers both cases of the first letter;
  // other capitals need the lookup).
  bool MayContinueGroup(size_t k) const {
    return IsWord(k) && (Has(k, kGroupWord | kStrippedToken) || HasInnerUpper(Tok(k)));
  }

  static bool HasInnerUpper(std::string_view w) {
    for (size_t k = 1; k < w.size(); ++k) {
      if (w[k] >= 'A' && w[k] <= 'Z') return true;
    }
    return false;
  }

  void EmitPronoun(size_t i, const WordInfo& info) {
    Cand c = Make((info.flags & kPronounWord) ? CandType::kPronoun : CandType::kCue,
                  toks_[i].span.begin, toks_[i].span.end);
    c.gender = info.gender;
    c.plural = info.plural;
    Emit(c);
  }

  bool in_dateline(Span s) const {
    // The first test alone settles it for the tokens after the dateline.
    return s.end <= dateline_.end && dateline_.size() > 0 && dateline_.Contains(s);
  }

 public:
  void set_dateline(Span s) { dateline_ = s; }

 private:
  const Document& doc_;
  std::string_view text_;
  const Token* toks_;  // doc.tokens()
  const Gazetteer& gaz_;
  const EntityLexicon& lex_;
  std::vector<Cand>* out_;
  uint32_t sentence_ = 0;
  bool headline_ = false;
  size_t sb_ = 0, se_ = 0;
  uint32_t send_ = 0;
  uint32_t sentence_flags_ = 0;  // the union of the flags of its tokens
  Span dateline_;
  // Per token of the current sentence, in the scratch's arrays (const
  // methods memoise into them).
  EntityScratch& scratch_;
  uint32_t* flags_ = nullptr;
  const WordInfo** infos_ = nullptr;  // nullptr for kStrippedToken
  GazetteerMatch* gaz_memo_ = nullptr;  // valid with kGazKnown
};

// Pass 2: links candidates into entities and emits mentions.
class Linker {
 public:
  Linker(const Document& doc, const Gazetteer& gaz, EntityScratch* scratch,
         EntityIndex* out)
      : doc_(doc),
        text_(doc.text()),
        gaz_(gaz),
        cands_(scratch->cands),
        out_(out),
        persons_(scratch->persons),
        by_key_(scratch->by_key),
        by_name_(scratch->by_name),
        by_country_(scratch->by_country),
        by_org_(scratch->by_org),
        by_office_(scratch->by_office),
        counts_(scratch->mention_counts) {}

  void Run() {
    Reserve();
    // Persons with evidence first, so that bare surnames anywhere in the
    // article (even before the full name) can link to them.
    for (Cand& c : cands_) {
      if (c.type == CandType::kPerson && c.strong) c.entity = LinkPerson(c, true);
    }
    for (Cand& c : cands_) {
      if (c.type == CandType::kPerson && !c.strong) c.entity = LinkPerson(c, c.multi);
    }
    out_->mentions.reserve(cands_.size());
    for (size_t i = 0; i < cands_.size(); ++i) EmitMention(cands_[i]);
    ResolveCataphora();
    ListMentions();
    for (size_t e = 0; e < out_->entities.size(); ++e) {
      Entity& ent = out_->entities[e];
      if (ent.kind != EntityKind::kCountry && ent.affiliation.empty()) {
        if (ent.country >= 0) {
          ent.affiliation = gaz_.countries()[ent.country].name;
        } else if (ent.organization >= 0 && ent.kind == EntityKind::kPerson) {
          ent.affiliation = gaz_.organizations()[ent.organization].name;
        }
      }
    }
  }

 private:
  // Empties the tables (left over from the last article) and sizes the
  // entity list and the name tables for the candidates: each candidate
  // makes at most one entity, and keys are name tokens.
  void Reserve() {
    size_t entities = 0, keys = 0, key_bytes = 0, names = 0, name_bytes = 0;
    for (const Cand& c : cands_) {
      switch (c.type) {
        case CandType::kPerson:
          ++entities;
          keys += c.name_tok_end - c.name_tok_begin;
          key_bytes += c.name.end - c.name.begin;
          break;
        case CandType::kOrgText:
        case CandType::kOffice:
          ++names;
          name_bytes += c.name.end - c.name.begin;
          ++entities;
          break;
        case CandType::kCountry:
        case CandType::kOrg:
          ++entities;
          break;
        default:
          break;
      }
    }
    out_->entities.reserve(entities);
    persons_.clear();
    persons_.reserve(entities);
    // (A table with no keys has every slot empty already.)
    if (by_key_.size() > 0) by_key_.Clear();
    by_key_.Reserve(keys, key_bytes);
    if (by_name_.size() > 0) by_name_.Clear();
    by_name_.Reserve(names, name_bytes);
    by_country_.Reset(gaz_.countries().size());
    by_org_.Reset(gaz_.organizations().size());
    by_office_.clear();
  }

  using Ring = std::array<std::pair<int, uint32_t>, kRingSize>;

  KeyList Keys(const Cand& c) const {
    KeyList keys;
    const auto& toks = doc_.tokens();
    for (uint32_t k = c.name_tok_begin; k < c.name_tok_end; ++k) {
      const Token& t = toks[k];
      if (t.kind != TokenKind::kWord) continue;
      // Token spans always lie in the text.
      std::string_view w(text_.data() + t.span.begin, t.span.end - t.span.begin);
      bool poss;
      w = StripPossessive(w, &poss);
      if (w.size() <= 1 || !(t.capitalized || w.find('-') != std::string_view::npos)) continue;
      if (w == "Jr" || w == "Sr" || w == "II" || w == "III") continue;
      keys.push_back({w, WordTable<int>::Hash(w)});
    }
    return keys;
  }

  static bool Subset(const KeyList& a, const KeyList& b) {
    for (const NameKey& x : a) {
      // (A plain loop: the lists are a few keys long.)
      bool in = false;
      for (const NameKey& y : b) {
        if (x == y) {
          in = true;
          break;
        }
      }
      if (!in) return false;
    }
    return true;
  }

  static int CountNameTokens(const Cand& c) {
    return static_cast<int>(c.name_tok_end - c.name_tok_begin);
  }

  int LinkPerson(const Cand& c, bool create) {
    KeyList keys = Keys(c);
    if (keys.empty()) return -1;
    int found = -1;
    // The last name token first (the surname in Western order).
    for (size_t n = keys.size(); n-- > 0;) {
      const int* it = by_key_.Find(keys[n].text, keys[n].hash);
      if (it == nullptr) continue;
      const PersonState& p = persons_[*it];
      if (Subset(keys, p.keys) || Subset(p.keys, keys)) {
        found = *it;
        break;
      }
    }
    if (found < 0) {
      if (!create) return -1;
      found = NewEntity(EntityKind::kPerson, c.name.In(text_));
      if (persons_.size() <= static_cast<size_t>(found)) persons_.resize(found + 1);
      PersonState& p = persons_[found];
      p.keys = keys;
      p.count = CountNameTokens(c);
      p.valid = true;
    } else {
      PersonState& p = persons_[found];
      int count = CountNameTokens(c);
      if (keys.size() > p.keys.size() ||
          (keys.size() == p.keys.size() && count > p.count)) {
        p.keys = keys;
        p.count = count;
        out_->entities[found].name.assign(c.name.In(text_));
      }
    }
    for (const NameKey& k : keys) *by_key_.Insert(k.text, k.hash) = found;
    AddTitle(found, c.title);
    AddTitle(found, c.title2);
    Entity& e = out_->entities[found];
    if (e.country < 0 && c.country >= 0) e.country = c.country;
    if (e.organization < 0 && c.org >= 0) e.organization = c.org;
    if (e.gender == Gender::kUnknown) e.gender = c.gender;
    return found;
  }

  void AddTitle(int entity, int title) {
    if (title < 0) return;
    PersonState& p = persons_[entity];
    for (int& t : p.titles) {
      if (t == title) return;
      if (t < 0) {
        t = title;
        break;
      }
    }
    const Title& t = gaz_.titles()[title];
    Entity& e = out_->entities[entity];
    // A specific title beats a generic one ("Minister" → "Foreign Minister").
    if (p.role_title < 0 || (!t.generic && gaz_.titles()[p.role_title].generic)) {
      p.role_title = title;
      e.role = t.role;
      e.category = t.category;
    }
    if (e.country < 0 && t.country >= 0) e.country = t.country;
  }

  // Ring of recently mentioned entities, most recent first.
  static void PushRing(Ring* ring, size_t* size, int entity, uint32_t sentence) {
    size_t n = std::min(*size, kRingSize);
    size_t at = n;
    for (size_t k = 0; k < n; ++k) {
      if ((*ring)[k].first == entity) {
        at = k;
        break;
      }
    }
    if (at == n) {
      if (n < kRingSize) ++*size;
      at = std::min(*size, kRingSize) - 1;
    }
    for (size_t k = at; k > 0; --k) (*ring)[k] = (*ring)[k - 1];
    (*ring)[0] = {entity, sentence};
  }
  void Touch(int entity, uint32_t sentence) { PushRing(&ring_, &ring_size_, entity, sentence); }

  bool CountryCompatible(const Entity& e, int country) const {
    return country < 0 || e.country < 0 || e.country == country;
  }

  // The person in `ring` (most recent first) holding the alias's title:
  // same title and country first, then same title with an unknown country,
  // then (when either title is generic, "the minister") the same family.
  int ResolveAlias(const Cand& c, const Ring& ring, size_t ring_size, int max_pass) const {
    if (c.title < 0) return -1;
    const Title& t = gaz_.titles()[c.title];
    size_t n = std::min(ring_size, kRingSize);
    for (int pass = 0; pass <= max_pass; ++pass) {
      for (size_t k = 0; k < n; ++k) {
        int e = ring[k].first;
        const Entity& ent = out_->entities[e];
        if (ent.kind != EntityKind::kPerson) continue;
        if (c.country >= 0 && ent.country != c.country &&
            (pass == 0 || ent.country >= 0)) {
          continue;
        }
        if (static_cast<size_t>(e) >= persons_.size() || !persons_[e].valid) continue;
        for (int pt : persons_[e].titles) {
          if (pt < 0) continue;
          if (pass < 2 && pt == c.title) return e;
          if (pass == 2) {
            const Title& other = gaz_.titles()[pt];
            if (other.category == t.category && (t.generic || other.generic)) return e;
          }
        }
      }
    }
    return -1;
  }

  // Role aliases with no antecedent ("Japan's Foreign Minister" in a lead
  // that names the minister only later): the next person with that title.
  void ResolveCataphora() {
    Ring ring{};
    size_t size = 0;
    for (size_t i = cands_.size(); i-- > 0;) {
      const Cand& c = cands_[i];
      if (c.type == CandType::kPerson && c.entity >= 0) {
        PushRing(&ring, &size, c.entity, c.sentence);
      } else if (c.type == CandType::kAlias && c.entity < 0 && c.mention >= 0) {
        int e = ResolveAlias(c, ring, size, 0);
        if (e < 0) continue;
        out_->mentions[c.mention].entity = e;
      }
    }
  }

  // Fills each Entity::mentions (in text order) once all mentions are
  // resolved, each list allocated once.
  void ListMentions() {
    std::vector<int>& counts = counts_;
    counts.assign(out_->entities.size(), 0);
    for (const Mention& m : out_->mentions) {
      if (m.entity >= 0) ++counts[m.entity];
    }
    for (size_t e = 0; e < counts.size(); ++e) out_->entities[e].mentions.reserve(counts[e]);
    for (size_t k = 0; k < out_->mentions.size(); ++k) {
      int e = out_->mentions[k].entity;
      if (e >= 0) out_->entities[e].mentions.push_back(static_cast<int>(k));
    }
  }

  int FindOrCreateOrg(const Cand& c) {
    std::string_view name = c.name.In(text_);
    if (c.type == CandType::kOrg) {
      if (int e = by_org_.Get(c.org); e >= 0) return e;
      int e = NewEntity(EntityKind::kOrganization, gaz_.organizations()[c.org].name);
      Entity& ent = out_->entities[e];
      ent.organization = c.org;
      ent.country = gaz_.organizations()[c.org].country;
      ent.category = gaz_.organizations()[c.org].type;
      by_org_.Set(c.org, e);
      return e;
    }
    if (c.type == CandType::kOrgText) {
      if (const int* it = by_name_.Find(name)) return *it;
      int e = NewEntity(EntityKind::kOrganization, name);
      *by_name_.Insert(name) = e;
      return e;
    }
    // kOffice: a ministry / government.
    const Title& t = gaz_.titles()[c.title];
    size_t n = std::min(ring_size_, kRingSize);
    for (size_t k = 0; k < n; ++k) {
      const Entity& ent = out_->entities[ring_[k].first];
      if (ent.kind != EntityKind::kOrganization || ent.category != t.category) continue;
      if (!CountryCompatible(ent, c.country)) continue;
      if (t.generic || ent.role == t.role) return ring_[k].first;
    }
    // Older bodies with the same name, or the same role and country.
    if (const int* it = by_name_.Find(name)) return *it;
    auto ot = by_office_.find(std::make_pair(c.title, c.country));
    if (ot != by_office_.end()) return ot->second;
    if (t.generic && c.country < 0) return -1;
    int e = NewEntity(EntityKind::kOrganization, name);
    Entity& ent = out_->entities[e];
    ent.role = t.role;
    ent.category = t.category;
    ent.country = c.country;
    *by_name_.Insert(name) = e;
    by_office_[std::make_pair(c.title, c.country)] = e;
    return e;
  }

  int NewEntity(EntityKind kind, std::string_view name) {
    Entity& e = out_->entities.emplace_back();
    e.kind = kind;
    e.name.assign(name);
    return static_cast<int>(out_->entities.size()) - 1;
  }

  void InferGender(const Cand& c) {
    if (c.gender == Gender::kUnknown) return;
    int only = -1;
    size_t n = std::min(ring_size_, kRingSize);
    for (size_t k = 0; k < n; ++k) {
      if (ring_[k].second + 1 < c.sentence) break;
      if (out_->entities[ring_[k].first].kind != EntityKind::kPerson) continue;
      if (only >= 0) return;  // two people nearby: ambiguous
      only = ring_[k].first;
    }
    if (only >= 0 && out_->entities[only].gender == Gender::kUnknown) {
      out_->entities[only].gender = c.gender;
    }
  }

  void AddMention(Cand& c, MentionKind kind, int entity) {
    c.mention = static_cast<int>(out_->mentions.size());
    c.entity = entity;
    Mention m;
    m.span = c.span;
    m.name = c.name;
    m.kind = kind;
    m.entity = entity;
    m.gender = c.gender;
    m.title = c.title;
    m.plural = c.plural;
    out_->mentions.push_back(m);
  }

  void EmitMention(Cand& c) {
    switch (c.type) {
      case CandType::kPerson:
        if (c.entity < 0) return;
        AddMention(c, MentionKind::kName, c.entity);
        Touch(c.entity, c.sentence);
        return;
      case CandType::kCountry: {
        int e = by_country_.Get(c.country);
        if (e < 0) {
          e = NewEntity(EntityKind::kCountry, gaz_.countries()[c.country].name);
          out_->entities[e].country = c.country;
          by_country_.Set(c.country, e);
        }
        AddMention(c, MentionKind::kName, e);
        return;
      }
      case CandType::kOrg:
      case CandType::kOrgText:
      case CandType::kOffice: {
        int e = FindOrCreateOrg(c);
        AddMention(c, e >= 0 ? MentionKind::kName : MentionKind::kRoleAlias, e);
        if (e >= 0) Touch(e, c.sentence);
        return;
      }
      case CandType::kAlias: {
        int e = -1;
        if (c.apposition_of >= 0) {
          e = cands_[c.apposition_of].entity;
        } else {
          e = ResolveAlias(c, ring_, ring_size_, 2);
        }
        AddMention(c, MentionKind::kRoleAlias, e);
        if (e >= 0) Touch(e, c.sentence);
        return;
      }
      case CandType::kPronoun:
        InferGender(c);
        AddMention(c, MentionKind::kPronoun, -1);
        return;
      case CandType::kGroup:
        AddMention(c, MentionKind::kGroup, -1);
        return;
      case CandType::kCue:
        InferGender(c);
        return;
    }
  }

  const Document& doc_;
  std::string_view text_;
  const Gazetteer& gaz_;
  std::vector<Cand>& cands_;
  EntityIndex* out_;
  // Tables in the scratch, emptied by Reserve().
  std::vector<PersonState>& persons_;  // by entity index (valid for persons)
  WordTable<int>& by_key_;   // name token → person entity
  WordTable<int>& by_name_;  // body named in the text → entity
  StampedMap& by_country_;   // country index → entity
  StampedMap& by_org_;       // organisation index → entity
  absl::flat_hash_map<std::pair<int, int>, int>& by_office_;  // (title, country)
  std::vector<int>& counts_;  // ListMentions
  Ring ring_{};
  size_t ring_size_ = 0;
};

}  // namespace

void EntityRecognizer::Recognize(const Document& doc, EntityIndex* out) const {
  out->Clear();
  if (doc.tokens().empty()) return;
  EntityScratch& scratch = ThreadScratch<EntityScratch>::Get();
  scratch.cands.clear();
  scratch.cands.reserve(doc.tokens().size() / 8 + 8);
  {
    Scanner scanner(doc, gazetteer_, *lexicon_, &scratch);
    if (doc.dateline().has_value()) scanner.set_dateline(doc.dateline()->span);
    for (const Paragraph& p : doc.paragraphs()) {
      if (p.is_boilerplate()) continue;
      bool headline = p.kind == ParagraphKind::kHeadline;
      for (uint32_t s = p.first_sentence; s < p.first_sentence + p.sentence_count; ++s) {
        scanner.ScanSentence(s, headline);
      }
    }
  }
  {
    Linker linker(doc, gazetteer_, &scratch, out);
    linker.Run();
  }
  // The scanner and linker are gone: the scratch may be freed.
  ThreadScratch<EntityScratch>::ReleaseIfHuge();
}

}  // namespace dipx::internal
