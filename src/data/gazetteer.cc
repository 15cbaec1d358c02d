#include "data/gazetteer.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "data/word_table.h"

namespace dipx::internal {
namespace {

// Longest normalised key we look up (bytes). Keys are names and titles.
constexpr size_t kMaxKeyBytes = 96;

absl::string_view AbslView(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// Punctuation code points that never belong to a word: curly quotes and
// apostrophes, dashes, non-breaking space.
bool IsPunctSequence(std::string_view text, size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c == 0xC2 && i + 1 < text.size()) {
    auto d = static_cast<unsigned char>(text[i + 1]);
    return d == 0xA0 || d == 0xAB || d == 0xBB;  // NBSP « »
  }
  if (c == 0xE2 && i + 2 < text.size() &&
      static_cast<unsigned char>(text[i + 1]) == 0x80) {
    auto d = static_cast<unsigned char>(text[i + 2]);
    return d >= 0x90 && d <= 0xAF;  // ‐ ‑ ‒ – — ― ‘ ’ ‚ “ ” „ … narrow spaces
  }
  return false;
}

// Byte classes for WordCharAt: 0 never starts a word character, 1 always
// (ASCII letters and digits, UTF-8 continuation bytes), 2 a lead byte that
// does unless it starts one of the punctuation sequences above.
struct ByteClasses {
  uint8_t c[256];
  constexpr ByteClasses() : c() {
    for (int b = 0; b < 256; ++b) {
      c[b] = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
                     (b >= 0x80 && b < 0xC0)
                 ? 1
                 : b >= 0xC0 ? 2 : 0;
    }
  }
};
constexpr ByteClasses kByteClasses;

// True when a word character starts at `i`.
inline bool WordCharAt(std::string_view text, size_t i) {
  if (i >= text.size()) return false;
  uint8_t k = kByteClasses.c[static_cast<unsigned char>(text[i])];
  return k == 1 || (k == 2 && !IsPunctSequence(text, i));
}

// End of the run of word characters starting at text[0].
inline size_t WordRunEnd(std::string_view text) {
  size_t i = AsciiAlnumPrefix(text.data(), text.size());
  while (i < text.size()) {
    uint8_t k = kByteClasses.c[static_cast<unsigned char>(text[i])];
    if (k == 1 || (k == 2 && !IsPunctSequence(text, i))) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

// Appends the normalised form of the byte(s) at text[*i] to `out` (which
// holds `*n` bytes, capacity kMaxKeyBytes) and advances *i. Returns false at
// a line break. Runs of white space become one ' '; curly apostrophes
// become '\''.
template <typename Sink>
bool AppendNormalised(std::string_view text, size_t* i, Sink&& sink,
                      bool* last_space) {
  auto c = static_cast<unsigned char>(text[*i]);
  if (c == '\n') return false;
  if (c == ' ' || c == '\t' || c == '\r') {
    ++*i;
    if (!*last_space) sink(' ');
    *last_space = true;
    return true;
  }
  if (c == 0xC2 && *i + 1 < text.size() &&
      static_cast<unsigned char>(text[*i + 1]) == 0xA0) {
    *i += 2;
    if (!*last_space) sink(' ');
    *last_space = true;
    return true;
  }
  if (c == 0xE2 && *i + 2 < text.size() &&
      static_cast<unsigned char>(text[*i + 1]) == 0x80 &&
      (static_cast<unsigned char>(text[*i + 2]) == 0x98 ||
       static_cast<unsigned char>(text[*i + 2]) == 0x99)) {
    *i += 3;
    sink('\'');
    *last_space = false;
    return true;
  }
  sink(static_cast<char>(c));
  ++*i;
  *last_space = false;
  return true;
}

// Whole-string normalisation (for building the index and for Find*).
std::string Normalise(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  bool space = false;
  while (i < s.size()) {
    if (!AppendNormalised(s, &i, [&](char ch) { out.push_back(ch); }, &space)) {
      if (!space) out.push_back(' ');
      space = true;
      ++i;
    }
  }
  return out;
}

// Normalise() into buf[0, cap); returns the length, or cap + 1 when the
// result would not fit.
size_t NormaliseInto(std::string_view s, char* buf, size_t cap) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  size_t n = 0;
  size_t i = 0;
  bool space = false;
  auto sink = [&](char ch) {
    if (n < cap) buf[n] = ch;
    ++n;
  };
  while (i < s.size() && n <= cap) {
    if (!AppendNormalised(s, &i, sink, &space)) {
      if (!space) sink(' ');
      space = true;
      ++i;
    }
  }
  return n <= cap ? n : cap + 1;
}

// Length of the first segment of a normalised key: up to the first word
// boundary (a word character followed by a non-word character).
size_t FirstSegment(std::string_view key) {
  for (size_t i = 0; i < key.size(); ++i) {
    if (WordCharAt(key, i) && !WordCharAt(key, i + 1)) {
      // Skip to the end of a multi-byte character.
      size_t j = i + 1;
      return j;
    }
  }
  return key.size();
}

std::string TitleCase(std::string_view s) {
  std::string out(s);
  bool start = true;
  size_t word_begin = 0;
  for (size_t i = 0; i <= out.size(); ++i) {
    if (i == out.size() || out[i] == ' ') {
      std::string_view w(out.data() + word_begin, i - word_begin);
      bool small = w == "of" || w == "for" || w == "and" || w == "the" ||
                   w == "to" || w == "in";
      if (!w.empty() && !small && start) {
        out[word_begin] = absl::ascii_toupper(out[word_begin]);
      }
      word_begin = i + 1;
      start = true;
    }
  }
  return out;
}

std::string LowerFirst(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = absl::ascii_tolower(out[0]);
  return out;
}

bool HasLower(std::string_view s) {
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return true;
  }
  return false;
}

}  // namespace

struct Gazetteer::Index {
  struct Entry {
    // kNone for an entry that is only a prefix of longer keys.
    GazetteerHit hit = GazetteerHit::kNone;
    int index = -1;
    // A longer key continues this text across a word boundary: MatchPrefix
    // reads on past it, and stops at the first text that continues no key.
    bool continued = false;
  };
  // Every key, and every prefix of a key that ends before a non-word
  // character ("Prime", "U.S" of "U.S."): the places where MatchPrefix
  // probes.
  WordTable<Entry> surfaces;
  // First segments of the keys (a set: the values are unused).
  WordTable<bool> first;
  absl::flat_hash_map<std::string, int> codes;  // ISO codes → country

  // MatchPrefix past a first segment of `seg` bytes that a longer key
  // continues; `best` is the match so far. Out of line: most calls of
  // MatchPrefix end at the first segment and need none of its state.
  ABSL_ATTRIBUTE_NOINLINE GazetteerMatch MatchLonger(std::string_view text, size_t seg,
                                                     GazetteerMatch best) const;

  void Add(std::string_view surface, GazetteerHit hit, int index) {
    std::string key = Normalise(surface);
    if (key.empty() || key.size() > kMaxKeyBytes) return;
    if (key.rfind("the ", 0) == 0 || key.rfind("The ", 0) == 0) return;
    Entry& entry = *surfaces.Insert(key);
    if (entry.hit != GazetteerHit::kNone) return;  // the first entry wins
    entry.hit = hit;
    entry.index = index;
    for (size_t m = 1; m < key.size(); ++m) {
      if (!WordCharAt(key, m)) {
        surfaces.Insert(std::string_view(key).substr(0, m))->continued = true;
      }
    }
    first.Insert(std::string_view(key).substr(0, FirstSegment(key)));
  }
};

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Create(const Tables& tables) {
  auto g = std::make_unique<Gazetteer>();
  auto index = std::make_shared<Index>();

  absl::StatusOr<const Table*> countries =
      tables.Get("countries", {"name", "iso2", "iso3"});
  if (!countries.ok()) return countries.status();
  absl::StatusOr<const Table*> orgs = tables.Get("organizations", {"name", "type"});
  if (!orgs.ok()) return orgs.status();
  absl::StatusOr<const Table*> titles = tables.Get("titles", {"role", "person"});
  if (!titles.ok()) return titles.status();

  // Countries first: their names win over any other entry.
  for (const Table::Row& row : (*countries)->rows()) {
    Country c;
    c.name = std::string((*countries)->Cell(row, "name"));
    c.iso2 = std::string((*countries)->Cell(row, "iso2"));
    c.iso3 = std::string((*countries)->Cell(row, "iso3"));
    if (c.iso2.size() != 2 || c.iso3.size() != 3) {
      return (*countries)->RowError(row, "iso2/iso3 must have 2/3 letters");
    }
    std::vector<std::string_view> dem = SplitList((*countries)->Cell(row, "demonyms"));
    if (!dem.empty()) c.demonym = std::string(dem.front());
    int i = static_cast<int>(g->countries_.size());
    if (!index->codes.try_emplace(c.iso2, i).second ||
        !index->codes.try_emplace(c.iso3, i).second) {
      return (*countries)->RowError(row, "duplicate ISO code");
    }
    g->countries_.push_back(std::move(c));
  }
  for (size_t i = 0; i < g->countries_.size(); ++i) {
    const Table::Row& row = (*countries)->rows()[i];
    const Country& c = g->countries_[i];
    int ci = static_cast<int>(i);
    index->Add(c.name, GazetteerHit::kCountry, ci);
    for (std::string_view a : SplitList((*countries)->Cell(row, "aliases"))) {
      index->Add(a, GazetteerHit::kCountry, ci);
    }
  }
  auto country_code = [&](std::string_view code) -> int {
    auto it = index->codes.find(AbslView(code));
    return it == index->codes.end() ? -1 : it->second;
  };

  for (const Table::Row& row : (*orgs)->rows()) {
    Organization o;
    o.name = std::string((*orgs)->Cell(row, "name"));
    o.type = std::string((*orgs)->Cell(row, "type"));
    o.parent = std::string((*orgs)->Cell(row, "parent"));
    std::string_view cc = (*orgs)->Cell(row, "country");
    if (!cc.empty()) {
      o.country = country_code(cc);
      if (o.country < 0) return (*orgs)->RowError(row, absl::StrCat("unknown country code ", AbslView(cc)));
    }
    for (std::string_view m : SplitList((*orgs)->Cell(row, "members"))) {
      int mi = country_code(m);
      if (mi < 0) return (*orgs)->RowError(row, absl::StrCat("unknown country code ", AbslView(m)));
      o.members.push_back(mi);
    }
    int oi = static_cast<int>(g->organizations_.size());
    index->Add(o.name, GazetteerHit::kOrganization, oi);
    for (std::string_view a : SplitList((*orgs)->Cell(row, "aliases"))) {
      index->Add(a, GazetteerHit::kOrganization, oi);
    }
    g->organizations_.push_back(std::move(o));
  }

  // Capitals and demonyms (and their upper-case forms for datelines).
  for (size_t i = 0; i < g->countries_.size(); ++i) {
    const Table::Row& row = (*countries)->rows()[i];
    int ci = static_cast<int>(i);
    for (std::string_view a : SplitList((*countries)->Cell(row, "capitals"))) {
      index->Add(a, GazetteerHit::kCapital, ci);
      index->Add(absl::AsciiStrToUpper(AbslView(a)), GazetteerHit::kCapital, ci);
    }
    for (std::string_view a : SplitList((*countries)->Cell(row, "demonyms"))) {
      index->Add(a, GazetteerHit::kDemonym, ci);
    }
    // Upper-case country names ("INDIA") after everything written as is.
    index->Add(absl::AsciiStrToUpper(g->countries_[i].name), GazetteerHit::kCountry, ci);
  }

  for (const Table::Row& row : (*titles)->rows()) {
    Title t;
    t.role = std::string((*titles)->Cell(row, "role"));
    std::string_view person = (*titles)->Cell(row, "person");
    if (person != "yes" && person != "no") {
      return (*titles)->RowError(row, "person must be yes or no");
    }
    t.person = person == "yes";
    t.category = std::string((*titles)->Cell(row, "category"));
    t.generic = (*titles)->Cell(row, "generic") == "yes";
    std::string_view cc = (*titles)->Cell(row, "country");
    if (!cc.empty()) {
      t.country = country_code(cc);
      if (t.country < 0) return (*titles)->RowError(row, absl::StrCat("unknown country code ", AbslView(cc)));
    }
    int ti = static_cast<int>(g->titles_.size());
    std::vector<std::string_view> forms = SplitList((*titles)->Cell(row, "aliases"));
    forms.insert(forms.begin(), t.role);
    for (std::string_view f : forms) {
      index->Add(f, GazetteerHit::kTitle, ti);
      // Titles are also written in lower case and in Title Case; acronyms
      // ("EAM", "PM") only as written.
      if (HasLower(f)) {
        std::string lower = absl::AsciiStrToLower(AbslView(f));
        index->Add(lower, GazetteerHit::kTitle, ti);
        index->Add(TitleCase(lower), GazetteerHit::kTitle, ti);
        index->Add(LowerFirst(f), GazetteerHit::kTitle, ti);
      }
    }
    g->titles_.push_back(std::move(t));
  }
  g->index_ = std::move(index);
  return g;
}

GazetteerMatch Gazetteer::MatchPrefix(std::string_view text) const {
  GazetteerMatch best;
  // The first segment (a run of word characters) is the text as is:
  // normalisation only touches non-word characters. Most words stop here.
  size_t seg = FirstSegmentLength(text);
  if (seg == 0 || seg > kMaxKeyBytes) return best;
  const Index::Entry* e = index_->surfaces.Find(std::string_view(text.data(), seg));
  if (e == nullptr) return best;
  if (e->hit != GazetteerHit::kNone) {
    best.hit = e->hit;
    best.index = e->index;
    best.length = seg;
  }
  if (!e->continued) return best;
  return index_->MatchLonger(text, seg, best);
}

GazetteerMatch Gazetteer::Index::MatchLonger(std::string_view text, size_t seg,
                                             GazetteerMatch best) const {
  // Longer keys: normalise on, testing each word boundary.
  char buf[kMaxKeyBytes + 4];
  std::memcpy(buf, text.data(), seg);
  size_t n = seg;
  size_t i = seg;
  bool space = false;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80 && kByteClasses.c[c] == 1) {
      // A run of ASCII letters and digits: copied as is, with no word
      // boundary before its end.
      size_t j = i + 1 + AsciiAlnumPrefix(text.data() + i + 1, text.size() - i - 1);
      if (n + (j - i) > kMaxKeyBytes) break;
      std::memcpy(buf + n, text.data() + i, j - i);
      n += j - i;
      i = j;
      space = false;
      if (WordCharAt(text, i)) continue;
      const Entry* e = surfaces.Find(std::string_view(buf, n));
      if (e == nullptr) break;
      if (e->hit != GazetteerHit::kNone) {
        best.hit = e->hit;
        best.index = e->index;
        best.length = i;
      }
      if (!e->continued) break;
      continue;
    }
    size_t before = n;
    if (!AppendNormalised(text, &i, [&](char ch) {
          if (n < sizeof(buf)) buf[n++] = ch;
        }, &space)) {
      break;
    }
    if (n > kMaxKeyBytes) break;
    if (n == before || buf[n - 1] == ' ') continue;
    // A word boundary: the last byte closes a word character and the next
    // one starts none (or the text ends).
    if (WordCharAt(text, i)) continue;
    const Entry* e = surfaces.Find(std::string_view(buf, n));
    if (e == nullptr) break;
    if (e->hit != GazetteerHit::kNone) {
      best.hit = e->hit;
      best.index = e->index;
      best.length = i;
    }
    if (!e->continued) break;
  }
  return best;
}

size_t Gazetteer::FirstSegmentLength(std::string_view text) {
  return WordRunEnd(text);
}

std::vector<std::string_view> Gazetteer::FirstSegments() const {
  std::vector<std::string_view> out;
  out.reserve(index_->first.size());
  index_->first.ForEach([&](std::string_view key, bool) { out.push_back(key); });
  return out;
}

std::vector<Gazetteer::FirstSegmentEntry> Gazetteer::FirstSegmentEntries() const {
  std::vector<FirstSegmentEntry> out;
  out.reserve(index_->first.size());
  index_->first.ForEach([&](std::string_view key, bool) {
    // Every first segment is a key or a key's prefix (Index::Add).
    const Index::Entry& e = *index_->surfaces.Find(key);
    FirstSegmentEntry f;
    f.segment = key;
    if (e.hit != GazetteerHit::kNone) {
      f.match.hit = e.hit;
      f.match.index = e.index;
      f.match.length = key.size();
    }
    f.continued = e.continued;
    out.push_back(f);
  });
  return out;
}

GazetteerMatch Gazetteer::MatchPrefixPast(std::string_view text, size_t seg,
                                          GazetteerMatch first) const {
  return index_->MatchLonger(text, seg, first);
}

GazetteerMatch Gazetteer::Find(std::string_view surface) const {
  char buf[kMaxKeyBytes + 8];
  size_t n = NormaliseInto(surface, buf, sizeof(buf));
  GazetteerMatch m;
  if (n > sizeof(buf)) return m;
  std::string_view key(buf, n);
  if (key.rfind("the ", 0) == 0 || key.rfind("The ", 0) == 0) key.remove_prefix(4);
  const Index::Entry* e = index_->surfaces.Find(key);
  if (e == nullptr || e->hit == GazetteerHit::kNone) return m;
  m.hit = e->hit;
  m.index = e->index;
  m.length = surface.size();
  return m;
}

const Country* Gazetteer::FindCountry(std::string_view surface) const {
  int c = CountryOf(Find(surface));
  return c < 0 ? nullptr : &countries_[c];
}

const Country* Gazetteer::FindCountryByCode(std::string_view code) const {
  std::string upper = absl::AsciiStrToUpper(AbslView(code));
  auto it = index_->codes.find(upper);
  return it == index_->codes.end() ? nullptr : &countries_[it->second];
}

}  // namespace dipx::internal
