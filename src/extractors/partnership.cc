#include "extractors/partnership.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace dipx::internal {
namespace {

// How far rules look, in tokens.
constexpr int kMaxModifiers = 10;     // backwards from a head noun
constexpr int kCueReach = 16;         // from a level back to its upgrade verb
constexpr int kYearReach = 7;         // from a level forward to its year
constexpr int kWithReach = 18;        // from a level to a "with <country>"
constexpr int kMaxSuffix = 10;        // "for Peace and Prosperity in …"

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> SortedTokens(std::string_view joined) {
  std::vector<std::string> out;
  for (absl::string_view t : absl::StrSplit(absl::string_view(joined.data(), joined.size()), '+')) {
    if (!t.empty()) out.emplace_back(t);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string JoinTokens(const std::vector<std::string>& tokens, const char* sep) {
  return absl::StrJoin(tokens, sep);
}

bool IsYear(std::string_view w, int* year) {
  if (w.size() != 4) return false;
  int y = 0;
  for (char c : w) {
    if (c < '0' || c > '9') return false;
    y = y * 10 + (c - '0');
  }
  if (y < 1900 || y > 2100) return false;
  *year = y;
  return true;
}

bool IsMonth(std::string_view lw) {
  static constexpr const char* kMonths[] = {
      "january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december",
      "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
      "oct", "nov", "dec"};
  for (const char* m : kMonths) {
    if (lw == m) return true;
  }
  return false;
}

bool IsUpper(std::string_view w) {
  return !w.empty() && w[0] >= 'A' && w[0] <= 'Z';
}

// Named instruments and mechanisms: "Strategic Partnership Agreement" is an
// agreement, not a level.
bool IsInstrumentNoun(std::string_view w) {
  static constexpr const char* kNouns[] = {
      "Agreement", "Treaty", "Framework", "Dialogue", "Council", "Fund",
      "Programme", "Program", "Initiative", "Forum", "Summit", "Declaration",
      "Network", "Facility", "Agenda", "Plan", "Act", "Accord", "Charter",
      "Commission", "Committee", "Mechanism", "Roadmap"};
  for (const char* n : kNouns) {
    if (w == n) return true;
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------------------
// Loading.

absl::StatusOr<std::unique_ptr<PartnershipExtractor>> PartnershipExtractor::Create(
    const Tables& tables, const Gazetteer& gazetteer,
    const ExtractorOptions& options) {
  std::unique_ptr<PartnershipExtractor> ex(new PartnershipExtractor(gazetteer, options));
  absl::Status s = ex->Load(tables);
  if (!s.ok()) return s;
  return ex;
}

absl::Status PartnershipExtractor::Load(const Tables& tables) {
  auto mods = tables.Get("partnership_modifiers", {"token", "group"});
  if (!mods.ok()) return mods.status();
  for (const Table::Row& row : (*mods)->rows()) {
    Modifier m;
    m.token = std::string((*mods)->Cell(row, "token"));
    std::string_view g = (*mods)->Cell(row, "group");
    if (g == "base") m.group = Group::kBase;
    else if (g == "strategic") m.group = Group::kStrategic;
    else if (g == "comprehensive") m.group = Group::kComprehensive;
    else if (g == "broad") m.group = Group::kBroad;
    else if (g == "special") m.group = Group::kSpecial;
    else if (g == "apex") m.group = Group::kApex;
    else if (g == "coordination") m.group = Group::kCoordination;
    else return (*mods)->RowError(row, absl::StrCat("unknown group '", std::string(g), "'"));
    modifiers_[Lower(row.cells[0])] = std::move(m);
  }

  auto adjs = tables.Get("partnership_adjectives", {"role"});
  if (!adjs.ok()) return adjs.status();
  for (const Table::Row& row : (*adjs)->rows()) {
    std::string_view r = (*adjs)->Cell(row, "role");
    AdjRole role;
    if (r == "descriptor") role = AdjRole::kDescriptor;
    else if (r == "ignore") role = AdjRole::kIgnore;
    else if (r == "block") role = AdjRole::kBlock;
    else if (r == "alliance") role = AdjRole::kAlliance;
    else return (*adjs)->RowError(row, absl::StrCat("unknown role '", std::string(r), "'"));
    adjectives_[Lower(row.cells[0])] = role;
  }

  auto heads = tables.Get("partnership_heads", {"kind"});
  if (!heads.ok()) return heads.status();
  for (const Table::Row& row : (*heads)->rows()) {
    std::string_view k = (*heads)->Cell(row, "kind");
    Head h;
    if (k == "partnership") h.kind = HeadKind::kPartnership;
    else if (k == "partner") h.kind = HeadKind::kPartner;
    else if (k == "alliance") h.kind = HeadKind::kAlliance;
    else if (k == "elliptic") h.kind = HeadKind::kElliptic;
    else return (*heads)->RowError(row, absl::StrCat("unknown kind '", std::string(k), "'"));
    h.plural = (*heads)->Cell(row, "plural") == "yes";
    std::string key = Lower(row.cells[0]);
    heads_[key] = h;
    AddStart(key);  // elliptic heads too: "the strategic level"
  }

  auto abbrs = tables.Get("partnership_abbreviations", {"tokens"});
  if (!abbrs.ok()) return abbrs.status();
  for (const Table::Row& row : (*abbrs)->rows()) {
    Abbreviation a;
    a.tokens = SortedTokens((*abbrs)->Cell(row, "tokens"));
    a.plural = (*abbrs)->Cell(row, "plural") == "yes";
    AddStart(row.cells[0]);
    abbreviations_[row.cells[0]] = std::move(a);
  }

  auto cues = tables.Get("partnership_cues", {"cue"});
  if (!cues.ok()) return cues.status();
  for (const Table::Row& row : (*cues)->rows()) {
    std::string_view c = (*cues)->Cell(row, "cue");
    Cue cue;
    if (c == "elevate") cue = Cue::kElevate;
    else if (c == "establish") cue = Cue::kEstablish;
    else if (c == "proposed") cue = Cue::kProposed;
    else return (*cues)->RowError(row, absl::StrCat("unknown cue '", std::string(c), "'"));
    std::string key = Lower(row.cells[0]);
    cues_[key] = cue;
    if ((*cues)->Cell(row, "reach") == "level") direct_proposed_.insert(key);
  }

  auto ladder = tables.Get("partnership_ladder", {"level", "rank"});
  if (!ladder.ok()) return ladder.status();
  for (const Table::Row& row : (*ladder)->rows()) {
    LadderRow r;
    r.tokens = SortedTokens(row.cells[0]);
    r.level.level = std::string((*ladder)->Cell(row, "level"));
    std::string rank((*ladder)->Cell(row, "rank"));
    char* end = nullptr;
    long v = std::strtol(rank.c_str(), &end, 10);
    if (end == rank.c_str() || *end != '\0' || v < 0 || v > 100) {
      return (*ladder)->RowError(row, "rank must be an integer 0..100");
    }
    r.level.rank = static_cast<int>(v);
    std::string_view match = (*ladder)->Cell(row, "match");
    r.contains = match == "contains";
    if (!match.empty() && match != "exact" && match != "contains") {
      return (*ladder)->RowError(row, "match must be exact or contains");
    }
    level_rank_[r.level.level] = r.level.rank;
    if (r.contains) {
      contains_rows_.push_back(std::move(r));
    } else {
      std::string key = JoinTokens(r.tokens, "+");
      if (exact_index_.contains(key)) {
        return (*ladder)->RowError(row, "duplicate modifier set (after sorting)");
      }
      exact_index_[key] = static_cast<int>(exact_rows_.size());
      exact_rows_.push_back(std::move(r));
    }
  }
  std::stable_sort(contains_rows_.begin(), contains_rows_.end(),
                   [](const LadderRow& a, const LadderRow& b) {
                     return a.level.rank > b.level.rank;
                   });

  auto ovs = tables.Get("partnership_overrides", {"party", "max_rank", "level"});
  if (!ovs.ok()) return ovs.status();
  for (const Table::Row& row : (*ovs)->rows()) {
    Override o;
    o.party = std::string((*ovs)->Cell(row, "party"));
    for (std::string_view u : SplitList((*ovs)->Cell(row, "unless"))) {
      o.unless.emplace_back(u);
    }
    std::string mr((*ovs)->Cell(row, "max_rank"));
    o.max_rank = std::atoi(mr.c_str());
    o.level = std::string((*ovs)->Cell(row, "level"));
    overrides_.push_back(std::move(o));
  }

  auto pairs = tables.Get("partnership_pair_levels", {"pair", "written", "level"});
  if (!pairs.ok()) return pairs.status();
  for (const Table::Row& row : (*pairs)->rows()) {
    std::vector<std::string_view> p = SplitList((*pairs)->Cell(row, "pair"));
    if (p.size() != 2) return (*pairs)->RowError(row, "pair must name two parties");
    PairLevel pl;
    pl.a = std::string(p[0]);
    pl.b = std::string(p[1]);
    if (pl.b < pl.a) std::swap(pl.a, pl.b);
    pl.written = std::string((*pairs)->Cell(row, "written"));
    pl.level = std::string((*pairs)->Cell(row, "level"));
    pair_levels_.push_back(std::move(pl));
  }

  auto descs = tables.Get("partnership_descriptors", {"phrases"});
  if (!descs.ok()) return descs.status();
  for (const Table::Row& row : (*descs)->rows()) {
    for (std::string_view phrase : SplitList((*descs)->Cell(row, "phrases"))) {
      Descriptor d;
      d.id = row.cells[0];
      for (absl::string_view w : absl::StrSplit(absl::string_view(phrase.data(), phrase.size()), ' ')) {
        if (!w.empty()) d.words.push_back(Lower(std::string_view(w.data(), w.size())));
      }
      if (d.words.empty()) continue;
      AddStart(d.words[0]);
      descriptor_first_[d.words[0]].push_back(static_cast<int>(descriptors_.size()));
      descriptors_.push_back(std::move(d));
    }
  }
  return absl::OkStatus();
}

std::string_view PartnershipExtractor::ModifierToken(std::string_view word) const {
  auto it = modifiers_.find(Lower(word));
  if (it == modifiers_.end()) return {};
  return it->second.token;
}

LadderLevel PartnershipExtractor::Rank(std::vector<std::string> tokens,
                                       const std::vector<std::string>& parties) const {
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  LadderLevel result;
  bool found = false;
  auto exact = exact_index_.find(JoinTokens(tokens, "+"));
  if (exact != exact_index_.end()) {
    result = exact_rows_[exact->second].level;
    found = true;
  }
  if (!found) {
    for (const LadderRow& row : contains_rows_) {
      if (std::includes(tokens.begin(), tokens.end(), row.tokens.begin(),
                        row.tokens.end())) {
        result = row.level;
        found = true;
        break;
      }
    }
  }
  if (!found) {
    // Fallback (reference §3.4.5).
    bool strategic = false, comprehensive = false, broad = false,
         special = false, apex = false, coordination = false;
    for (const std::string& t : tokens) {
      for (const auto& [word, m] : modifiers_) {
        if (m.token != t) continue;
        switch (m.group) {
          case Group::kStrategic: strategic = true; break;
          case Group::kComprehensive: comprehensive = true; break;
          case Group::kBroad: broad = true; break;
          case Group::kSpecial: special = true; break;
          case Group::kApex: apex = true; break;
          case Group::kCoordination: coordination = true; break;
          case Group::kBase: break;
        }
        break;
      }
    }
    int rank = 1;
    if (strategic) rank += 2;
    if (comprehensive && strategic) rank += 2;
    else if (comprehensive) rank += 1;
    if (broad && rank < 5) rank += 1;
    if (special && strategic) rank += 3;
    if (apex || (comprehensive && strategic && coordination)) rank = 8;
    rank = std::min(rank, 8);
    result.rank = rank;
    result.level = tokens.empty() ? "partnership" : JoinTokens(tokens, "_");
    for (char& c : result.level) {
      if (c == '-') c = '_';
    }
  }
  for (const Override& o : overrides_) {
    if (std::find(parties.begin(), parties.end(), o.party) == parties.end()) continue;
    bool exempt = false;
    for (const std::string& u : o.unless) {
      if (std::binary_search(tokens.begin(), tokens.end(), u)) exempt = true;
    }
    if (!exempt && result.rank > o.max_rank) {
      result.rank = o.max_rank;
      result.level = o.level;
    }
  }
  if (parties.size() == 2) {
    std::string a = parties[0], b = parties[1];
    if (b < a) std::swap(a, b);
    for (const PairLevel& pl : pair_levels_) {
      if (pl.a == a && pl.b == b && pl.written == result.level) {
        result.level = pl.level;
        auto it = level_rank_.find(pl.level);
        if (it != level_rank_.end()) result.rank = it->second;
      }
    }
  }
  return result;
}

// ---------------------------------------------------------------------------
// Per-article scanning.

namespace {

enum class Role : uint8_t { kNone, kFrom, kTo, kEstablish };

struct Candidate {
  size_t tb = 0, te = 0;      // token range [tb, te) of the level text
  size_t head = 0;            // head token
  std::vector<std::string> tokens;  // modifier tokens (unsorted)
  std::string descriptor;     // descriptor id, "" for levels
  PartnershipExtractor::HeadKind head_kind = PartnershipExtractor::HeadKind::kPartnership;
  bool plural = false;
  bool abbreviation = false;
  bool title_case = false;
  bool quoted = false;
  bool indefinite = false;
  bool definite = false;      // the / our / their / its before it
  Role role = Role::kNone;
  int cue = -1;               // token of the upgrade / establish verb
  bool proposed = false;
  int year = 0;
};

struct CountryHit {
  uint32_t begin = 0, end = 0;
  size_t token = 0;           // first token of the hit
  std::string name;
};

struct MentionOut {
  Span span;
  std::string level;
  int rank = -1;
  std::vector<std::string> parties;  // sorted
  int year = 0;
  Role role = Role::kNone;
  bool proposed = false;
  bool plain = true;
  bool descriptor = false;
  int quality = 0;
  uint32_t order = 0;
};

}  // namespace

class PartnershipScanner {
 public:
  PartnershipScanner(const PartnershipExtractor& ex, const Document& doc,
                     const EntityIndex& entities)
      : ex_(ex), doc_(doc), entities_(entities), toks_(doc.tokens()) {}

  void Run(Extraction* out);

 private:
  std::string_view Word(size_t i) const { return doc_.Text(toks_[i].span); }
  std::string LowerWord(size_t i) const { return Lower(Word(i)); }
  bool IsPunct(size_t i, std::string_view p) const {
    return toks_[i].kind != TokenKind::kWord && toks_[i].kind != TokenKind::kNumber &&
           Word(i) == p;
  }
  // The tokens in [first, last) that pass the start screen, into
  // start_tokens_. Kept out of line: a tight loop over every token.
  ABSL_ATTRIBUTE_NOINLINE void FindStarts(size_t first, size_t last);
  void ScanSentence(const Sentence& s);
  // `lw` is token i's text in lower case.
  bool HeadCandidate(size_t first, size_t i, size_t last, std::string_view lw,
                     Candidate* c);
  void Context(size_t first, size_t last, std::vector<Candidate>* cands);
  void Year(size_t first, size_t last, const std::vector<Candidate>& cands,
            size_t k, Candidate* c);
  std::vector<CountryHit> Countries(size_t first, size_t last) const;
  void MainPair();
  std::vector<std::vector<std::string>> Parties(size_t first, size_t last,
                                                const Candidate& c,
                                                const std::vector<CountryHit>& hits);
  void Resolve(Extraction* out);

  const PartnershipExtractor& ex_;
  const Document& doc_;
  const EntityIndex& entities_;
  const std::vector<Token>& toks_;
  std::vector<size_t> start_tokens_;  // FindStarts' result (reused)
  absl::flat_hash_set<std::string> seen_sets_;  // expansions seen (for abbreviations)
  bool main_done_ = false;
  std::vector<std::string> main_;  // the article's most-mentioned countries
  std::vector<MentionOut> mentions_;
};

std::vector<CountryHit> PartnershipScanner::Countries(size_t first, size_t last) const {
  std::vector<CountryHit> hits;
  std::string_view text = doc_.text();
  const Gazetteer& gz = ex_.gazetteer_;
  for (size_t i = first; i < last; ++i) {
    const Token& t = toks_[i];
    if (t.kind != TokenKind::kWord || !t.capitalized) continue;
    uint32_t pos = t.span.begin;
    while (pos < t.span.end) {
      GazetteerMatch m = gz.MatchPrefix(text.substr(pos));
      if (m.hit == GazetteerHit::kNone || m.length == 0) break;
      // "South American", "Latin American": a region, not a country.
      if (m.hit == GazetteerHit::kDemonym && pos == t.span.begin && i > first &&
          toks_[i - 1].capitalized) {
        std::string_view prev = Word(i - 1);
        if (prev == "South" || prev == "North" || prev == "Latin" || prev == "Central" ||
            prev == "East" || prev == "West") {
          break;
        }
      }
      CountryHit h;
      h.begin = pos;
      h.end = static_cast<uint32_t>(pos + m.length);
      h.token = i;
      if (m.hit == GazetteerHit::kCountry || m.hit == GazetteerHit::kCapital ||
          m.hit == GazetteerHit::kDemonym) {
        h.name = gz.countries()[m.index].name;
      } else if (m.hit == GazetteerHit::kOrganization) {
        h.name = gz.organizations()[m.index].name;
      } else {
        break;
      }
      hits.push_back(h);
      // A hyphenated pair inside one token: "India-Japan".
      if (h.end >= t.span.end) {
        // Skip the tokens the match covered.
        while (i + 1 < last && toks_[i + 1].span.begin < h.end) ++i;
        break;
      }
      std::string_view rest = text.substr(h.end, t.span.end - h.end);
      if (rest.size() > 1 && rest[0] == '-') {
        pos = h.end + 1;
      } else if (rest.size() > 3 && rest.substr(0, 3) == "\xE2\x80\x93") {
        pos = h.end + 3;
      } else {
        break;
      }
    }
  }
  return hits;
}

void PartnershipScanner::MainPair() {
  if (main_done_) return;
  main_done_ = true;
  struct Count {
    std::string name;
    int n = 0;
    uint32_t first = 0;
  };
  std::vector<Count> counts;
  auto add = [&](const std::string& name, uint32_t at, int weight) {
    for (Count& c : counts) {
      if (c.name == name) {
        c.n += weight;
        return;
      }
    }
    counts.push_back({name, weight, at});
  };
  for (const Sentence& s : doc_.sentences()) {
    if (doc_.paragraphs()[s.paragraph].is_boilerplate()) continue;
    for (const CountryHit& h : Countries(s.first_token, s.first_token + s.token_count)) {
      // Countries only (organisations are parties when named, never implied).
      if (ex_.gazetteer_.FindCountry(h.name) == nullptr) continue;
      add(h.name, h.begin, 1);
    }
  }
  if (doc_.dateline()) {
    const Country* c = ex_.gazetteer_.FindCountry(doc_.Text(doc_.dateline()->place));
    if (c != nullptr) add(c->name, doc_.dateline()->span.begin, 1);
  }
  std::stable_sort(counts.begin(), counts.end(), [](const Count& a, const Count& b) {
    if (a.n != b.n) return a.n > b.n;
    return a.first < b.first;
  });
  for (size_t i = 0; i < counts.size() && i < 3; ++i) main_.push_back(counts[i].name);
}

bool PartnershipScanner::HeadCandidate(size_t first, size_t i, size_t last,
                                       std::string_view lw, Candidate* c) {
  using HeadKind = PartnershipExtractor::HeadKind;
  using AdjRole = PartnershipExtractor::AdjRole;
  auto hit = ex_.heads_.find(absl::string_view(lw.data(), lw.size()));
  if (hit == ex_.heads_.end()) return false;
  const PartnershipExtractor::Head& head = hit->second;
  c->head = i;
  c->head_kind = head.kind;
  c->plural = head.plural;
  size_t leftmost = i;
  bool blocked = false;
  bool all_upper = IsUpper(Word(i));
  std::vector<std::string> desc_adjs;
  bool qualified = false;  // "military alliance", "treaty ally"
  size_t stop = i > first + kMaxModifiers ? i - kMaxModifiers : first;
  for (size_t j = i; j > stop;) {
    --j;
    const Token& t = toks_[j];
    if (t.kind == TokenKind::kQuoteMark) break;
    std::string w = LowerWord(j);
    if ((t.kind == TokenKind::kPunct && w == ",") || w == "and" || w == "&") {
      if (leftmost < i) continue;  // tentative connector
      break;
    }
    if (t.kind != TokenKind::kWord) break;
    auto m = ex_.modifiers_.find(w);
    if (m != ex_.modifiers_.end()) {
      c->tokens.push_back(m->second.token);
      leftmost = j;
      if (!IsUpper(Word(j))) all_upper = false;
      continue;
    }
    auto a = ex_.adjectives_.find(w);
    if (a == ex_.adjectives_.end()) break;
    if (a->second == AdjRole::kBlock) {
      blocked = true;
      break;
    }
    if (a->second == AdjRole::kDescriptor) desc_adjs.push_back(w);
    if (a->second == AdjRole::kAlliance) {
      if (head.kind != HeadKind::kAlliance) break;
      qualified = true;
    }
    leftmost = j;
  }
  if (blocked) return false;
  c->tb = leftmost;
  c->te = i + 1;
  // "of (strategic) coordination", "of cooperation".
  size_t k = i + 1;
  if (head.kind == HeadKind::kPartnership && k + 1 < last && LowerWord(k) == "of") {
    size_t n = k + 1;
    std::vector<std::string> extra;
    while (n < last && n < k + 4) {
      auto m = ex_.modifiers_.find(LowerWord(n));
      if (m == ex_.modifiers_.end() || toks_[n].kind != TokenKind::kWord) break;
      extra.push_back(m->second.token);
      ++n;
    }
    bool has_tail = false;
    for (const std::string& e : extra) {
      if (e == "coordination" || e == "cooperative") has_tail = true;
    }
    if (has_tail) {
      c->tokens.insert(c->tokens.end(), extra.begin(), extra.end());
      c->te = n;
      k = n;
    }
  }
  if (head.kind == HeadKind::kAlliance) {
    // "close ally" is a descriptor; a bare "alliance" (parties, firms,
    // vaccine funds) is no level.
    if (!qualified && desc_adjs.empty()) return false;
    if (qualified) c->tokens.push_back("alliance");
  }
  if (c->tokens.empty() && desc_adjs.empty()) return false;
  // A named instrument: "Strategic Partnership Agreement".
  if (k < last && toks_[k].kind == TokenKind::kWord && IsInstrumentNoun(Word(k))) {
    return false;
  }
  // Purpose suffixes, kept in the text: "for a new era", "in the 21st
  // century", "for Peace and Prosperity in Asia and the World".
  if (head.kind == HeadKind::kPartnership && k + 1 < last &&
      (LowerWord(k) == "for" || LowerWord(k) == "in")) {
    size_t n = k + 1;
    if (n < last && (LowerWord(n) == "a" || LowerWord(n) == "the")) ++n;
    if (n + 1 < last && LowerWord(n) == "new" && LowerWord(n + 1) == "era") {
      c->te = n + 2;
    } else if (n + 1 < last && LowerWord(n) == "21st" && LowerWord(n + 1) == "century") {
      c->te = n + 2;
    } else if (LowerWord(k) == "for" && IsUpper(Word(c->head)) && k + 1 < last &&
               IsUpper(Word(k + 1))) {
      size_t end = k + 1, good = k + 1;
      while (end < last && end < k + 1 + kMaxSuffix) {
        std::string w = LowerWord(end);
        if (toks_[end].kind == TokenKind::kWord && IsUpper(Word(end))) {
          good = end + 1;
        } else if (w == "and" || w == "in" || w == "the" || w == "of" || w == ",") {
          // connector
        } else {
          break;
        }
        ++end;
      }
      c->te = good;
    }
  }
  if (head.kind == HeadKind::kElliptic) {
    // Only "to (the|a|one of) <modifiers> level/cooperation" after an
    // upgrade verb; at least one modifier beyond the base group.
    bool strong = false;
    for (const std::string& t : c->tokens) {
      for (const auto& [word, m] : ex_.modifiers_) {
        if (m.token == t && m.group != PartnershipExtractor::Group::kBase) strong = true;
      }
    }
    if (!strong || !desc_adjs.empty()) return false;
    size_t j = c->tb;
    int skipped = 0;
    while (j > first && skipped < 3) {
      std::string w = LowerWord(j - 1);
      if (w == "the" || w == "a" || w == "one" || w == "of") {
        --j;
        ++skipped;
        continue;
      }
      break;
    }
    if (j == first || LowerWord(j - 1) != "to") return false;
    bool cue = false;
    for (size_t q = j - 1; q > first && q + kCueReach > j;) {
      --q;
      auto it = ex_.cues_.find(LowerWord(q));
      if (it != ex_.cues_.end() && it->second == PartnershipExtractor::Cue::kElevate) {
        cue = true;
        break;
      }
    }
    if (!cue) return false;
  }
  // Descriptors: an evaluative adjective before "partner(s)", or before
  // "partnership" without any ladder modifier ("close partnership").
  if (!desc_adjs.empty() && (head.kind == HeadKind::kPartner || c->tokens.empty() ||
                             (head.kind == HeadKind::kAlliance && !qualified))) {
    std::string id = desc_adjs.back();  // leftmost adjective
    for (char& ch : id) {
      if (ch == '-') ch = '_';
    }
    c->descriptor = absl::StrCat(id, head.kind == HeadKind::kPartner    ? "_partner"
                                     : head.kind == HeadKind::kAlliance ? "_ally"
                                                                        : "_partnership");
    c->tokens.clear();
  }
  c->title_case = all_upper;
  c->quoted = c->tb > first && toks_[c->tb - 1].kind == TokenKind::kQuoteMark;
  return true;
}

void PartnershipScanner::Year(size_t first, size_t last,
                              const std::vector<Candidate>& cands, size_t k,
                              Candidate* c) {
  size_t limit = std::min(last, c->te + kYearReach);
  if (k + 1 < cands.size()) limit = std::min(limit, cands[k + 1].tb);
  for (size_t j = c->te; j < limit; ++j) {
    std::string_view w = Word(j);
    if (toks_[j].kind == TokenKind::kPunct &&
        (w == "," || w == ";" || w == "." || w == ":")) {
      break;
    }
    int y = 0;
    if (toks_[j].kind == TokenKind::kNumber && IsYear(w, &y) && j > first) {
      std::string prev = LowerWord(j - 1);
      if (prev == "in" || prev == "since" || prev == "(" ||
          (IsMonth(prev) && j >= first + 2 &&
           (LowerWord(j - 2) == "in" || LowerWord(j - 2) == "since" ||
            toks_[j - 2].kind == TokenKind::kNumber))) {
        c->year = y;
        return;
      }
    }
  }
  if (!c->descriptor.empty()) {  // descriptors name no dated level
    c->year = 0;
    return;
  }
  if (c->role == Role::kFrom) return;  // the source's year is not the upgrade's
  // Earlier levels of the sentence (other than upgrade sources) own the
  // years before them.
  size_t floor = first;
  for (size_t q = 0; q < k; ++q) {
    if (cands[q].role != Role::kFrom) floor = std::max(floor, cands[q].te);
  }
  auto year_at = [&](size_t j, int* y) {
    if (j <= floor || !IsYear(Word(j), y)) return false;
    std::string prev = LowerWord(j - 1);
    if (IsMonth(prev) && j - 1 > floor) prev = LowerWord(j - 2);
    return prev == "in" || prev == "since";
  };
  // "agreed in 2021 to upgrade …", "in September 2023 they upgraded it to":
  // a year just before the upgrade verb.
  if (c->cue >= 0 && c->role != Role::kNone) {
    size_t cue = static_cast<size_t>(c->cue);
    for (size_t j = cue; j > floor && j + 6 > cue;) {
      --j;
      int y = 0;
      if (year_at(j, &y)) {
        c->year = y;
        return;
      }
    }
  }
  // A clause-initial "In 2016," / "Since 2006,".
  size_t start = c->tb;
  while (start > floor) {
    std::string_view w = Word(start - 1);
    if (toks_[start - 1].kind == TokenKind::kPunct && w == ";") break;
    --start;
  }
  if (start == floor && floor != first) return;  // not clause-initial
  while (start < c->tb && toks_[start].kind == TokenKind::kQuoteMark) ++start;
  if (start + 2 < c->tb) {
    std::string w0 = LowerWord(start);
    if (w0 == "in" || w0 == "since") {
      size_t j = start + 1;
      if (IsMonth(LowerWord(j))) ++j;
      int y = 0;
      if (j + 1 < c->tb && IsYear(Word(j), &y)) c->year = y;
    }
  }
}

void PartnershipScanner::Context(size_t first, size_t last,
                                 std::vector<Candidate>* cands) {
  using Cue = PartnershipExtractor::Cue;
  for (size_t k = 0; k < cands->size(); ++k) {
    Candidate& c = (*cands)[k];
    // Determiner.
    size_t d = c.tb;
    while (d > first && toks_[d - 1].kind == TokenKind::kQuoteMark) --d;
    if (d > first) {
      std::string w = LowerWord(d - 1);
      c.indefinite = w == "a" || w == "an";
      c.definite = w == "the" || w == "our" || w == "their" || w == "its" ||
                   w == "this" || w == "that" || w == "your";
    }
    // Ladder continuation: "elevated to X in 2000, Y in 2006 and Z in 2014".
    if (k > 0 && (*cands)[k - 1].role == Role::kTo) {
      bool only_connectors = true;
      for (size_t j = (*cands)[k - 1].te; j < c.tb; ++j) {
        std::string w = LowerWord(j);
        int y;
        if (toks_[j].kind == TokenKind::kQuoteMark || w == "," || w == "and" ||
            w == "a" || w == "an" || w == "the" || w == "in" || w == "then" ||
            w == "later" || w == "finally" || w == "subsequently" || w == "to" ||
            IsMonth(w) || IsYear(w, &y)) {
          continue;
        }
        only_connectors = false;
        break;
      }
      if (only_connectors && c.tb - (*cands)[k - 1].te < 12) {
        c.role = Role::kTo;
        c.cue = (*cands)[k - 1].cue;
        c.proposed = (*cands)[k - 1].proposed;
        continue;
      }
    }
    // The nearest upgrade / establish verb before the level.
    size_t stop = c.tb > first + kCueReach ? c.tb - kCueReach : first;
    int cue_at = -1;
    Cue cue_kind = Cue::kProposed;
    bool saw_from = false, saw_to = false;
    for (size_t j = c.tb; j > stop;) {
      --j;
      std::string w = LowerWord(j);
      if (toks_[j].kind == TokenKind::kPunct && (w == ";" || w == ":")) break;
      if (j + 5 >= c.tb && w == "from") saw_from = true;
      if (j + 6 >= c.tb && (w == "to" || w == "into") && !saw_from) saw_to = true;
      auto it = ex_.cues_.find(w);
      if (it != ex_.cues_.end() && it->second != Cue::kProposed) {
        if (cue_at >= 0) {  // an earlier establish verb was passed
          if (it->second == Cue::kElevate) {
            cue_at = static_cast<int>(j);
            cue_kind = it->second;
          }
          break;
        }
        cue_at = static_cast<int>(j);
        cue_kind = it->second;
        // "elevated the partnership concluded in 2009 to a …": look past
        // an establish verb for the upgrade verb.
        if (cue_kind == Cue::kEstablish && saw_to) continue;
        break;
      }
    }
    if (cue_at >= 0) {
      c.cue = cue_at;
      if (cue_kind == Cue::kElevate) {
        c.role = saw_from ? Role::kFrom : (saw_to ? Role::kTo : Role::kNone);
      } else {
        c.role = Role::kEstablish;
      }
      // "wants to elevate", "invitation to upgrade", "will raise".
      size_t pstop = cue_at > static_cast<int>(first) + 5 ? cue_at - 5 : first;
      for (size_t j = cue_at; j > pstop;) {
        --j;
        std::string w = LowerWord(j);
        if (toks_[j].kind == TokenKind::kPunct && w != "'") break;
        auto it = ex_.cues_.find(w);
        if (it != ex_.cues_.end() && it->second == Cue::kProposed) {
          c.proposed = true;
          break;
        }
      }
    }
    // "seeks a strategic partnership", "Focuses on a Strategic Partnership".
    if (!c.proposed) {
      size_t j = c.tb;
      int seen = 0;
      while (j > first && seen < 3) {
        --j;
        std::string w = LowerWord(j);
        if (toks_[j].kind == TokenKind::kQuoteMark || w == "a" || w == "an" ||
            w == "the") {
          continue;
        }
        ++seen;
        if (ex_.direct_proposed_.contains(w)) {
          c.proposed = true;
          break;
        }
      }
    }
  }
  // An upgrade object followed by "to <level>": "elevated the Strategic
  // Partnership concluded in 2009 to a Comprehensive Strategic Partnership".
  for (size_t k = 0; k + 1 < cands->size(); ++k) {
    Candidate& c = (*cands)[k];
    const Candidate& n = (*cands)[k + 1];
    if (c.role == Role::kNone && c.cue >= 0 && n.role == Role::kTo && n.cue == c.cue) {
      c.role = Role::kFrom;
    }
  }
  // An upgrade that is only proposed does not make its source past.
  for (size_t k = 0; k + 1 < cands->size(); ++k) {
    Candidate& c = (*cands)[k];
    const Candidate& n = (*cands)[k + 1];
    if (c.role == Role::kFrom && n.role == Role::kTo && n.proposed) {
      c.role = Role::kNone;
      c.proposed = false;
    }
  }
  for (size_t k = 0; k < cands->size(); ++k) Year(first, last, *cands, k, &(*cands)[k]);
}

std::vector<std::vector<std::string>> PartnershipScanner::Parties(
    size_t first, size_t last, const Candidate& c,
    const std::vector<CountryHit>& hits) {
  using HeadKind = PartnershipExtractor::HeadKind;
  std::vector<std::vector<std::string>> out;
  auto pair = [&](const std::string& a, const std::string& b) {
    if (a.empty() || b.empty() || a == b) return;
    std::vector<std::string> p{a, b};
    std::sort(p.begin(), p.end());
    for (const auto& q : out) {
      if (q == p) return;
    }
    out.push_back(std::move(p));
  };
  const std::string_view text = doc_.text();
  const uint32_t cb = toks_[c.tb].span.begin;
  // 1. A hyphenated pair before the level: "India-Japan relations were
  //    elevated to …", "the China-Russia comprehensive strategic …".
  for (size_t h = hits.size(); h-- > 1;) {
    const CountryHit& a = hits[h - 1];
    const CountryHit& b = hits[h];
    if (b.end > cb) continue;
    if (b.begin < a.end || b.begin - a.end > 3) continue;
    std::string_view gap = text.substr(a.end, b.begin - a.end);
    if (gap == "-" || gap == "\xE2\x80\x93" || gap == "/") {
      pair(a.name, b.name);
      return out;
    }
  }
  // 2. "between X and Y" just after the level.
  for (size_t j = c.te; j < last && j < c.te + 3; ++j) {
    if (LowerWord(j) != "between") continue;
    std::vector<const CountryHit*> found;
    for (const CountryHit& h : hits) {
      if (h.token > j && h.token <= j + 8) found.push_back(&h);
    }
    if (found.size() >= 2) {
      pair(found[0]->name, found[1]->name);
      return out;
    }
  }
  // 3. "X … with Y (and Z)".
  for (size_t j = first; j < last; ++j) {
    if (LowerWord(j) != "with") continue;
    if (j + kWithReach < c.tb || j > c.te + kWithReach) continue;
    std::vector<const CountryHit*> with;
    size_t next = j + 1;
    for (const CountryHit& h : hits) {
      if (h.token < next) continue;
      // Allow "the", "and", ",", quote marks between the countries.
      bool ok = true;
      for (size_t q = next; q < h.token; ++q) {
        std::string w = LowerWord(q);
        if (w != "the" && w != "and" && w != "," && toks_[q].kind != TokenKind::kQuoteMark) {
          ok = false;
        }
      }
      if (!ok) break;
      with.push_back(&h);
      next = h.token + 1;
      while (next < last && toks_[next].span.begin < h.end) ++next;
    }
    if (with.empty()) continue;
    std::string subject;
    for (const CountryHit& h : hits) {
      if (h.token >= j) break;
      bool in_with = false;
      for (const CountryHit* w : with) in_with |= w->name == h.name;
      if (!in_with) {
        subject = h.name;
        break;
      }
    }
    if (subject.empty()) {
      // "Indonesia and Singapore … to establish CSPs with Vietnam": the
      // subject may follow when the with-list is the object.
      for (const CountryHit& h : hits) {
        bool in_with = false;
        for (const CountryHit* w : with) in_with |= w->name == h.name;
        if (!in_with && h.token < j) subject = h.name;
      }
    }
    if (subject.empty()) {
      // "the countries … established CSPs with Vietnam": everybody else.
      std::vector<const CountryHit*> others;
      for (const CountryHit& h : hits) {
        bool in_with = false;
        for (const CountryHit* w : with) in_with |= w->name == h.name;
        if (!in_with) others.push_back(&h);
      }
      if (with.size() == 1 && !others.empty()) {
        for (const CountryHit* o : others) pair(o->name, with[0]->name);
        return out;
      }
      MainPair();
      for (const std::string& m : main_) {
        bool in_with = false;
        for (const CountryHit* w : with) in_with |= w->name == m;
        if (!in_with) {
          subject = m;
          break;
        }
      }
    }
    for (const CountryHit* w : with) pair(subject, w->name);
    if (!out.empty()) return out;
  }
  // Distinct countries named in the sentence.
  std::vector<std::string> names;
  for (const CountryHit& h : hits) {
    if (std::find(names.begin(), names.end(), h.name) == names.end()) {
      names.push_back(h.name);
    }
  }
  bool explicit_only = c.plural;
  bool anaphor = false;
  for (size_t j = first; j < last && !anaphor; ++j) {
    std::string w = LowerWord(j);
    if (w == "bilateral" || w == "bilaterally" || w == "us" || w == "our" || w == "we") {
      anaphor = true;
    } else if ((w == "two" || w == "both") && j + 1 < last) {
      // "the two countries", "both sides"
      std::string n = LowerWord(j + 1);
      anaphor = n == "countries" || n == "nations" || n == "sides" || n == "states" ||
                n == "governments" || n == "leaders" || n == "parties" ||
                n == "neighbours" || n == "neighbors" || n == "partners";
    }
  }
  bool level_head = c.head_kind == HeadKind::kPartnership || c.abbreviation ||
                    c.head_kind == HeadKind::kElliptic;
  MainPair();
  // 4. Both of the article's main countries named.
  if (main_.size() >= 2 &&
      std::find(names.begin(), names.end(), main_[0]) != names.end() &&
      std::find(names.begin(), names.end(), main_[1]) != names.end()) {
    pair(main_[0], main_[1]);
    return out;
  }
  // 5. Exactly two named.
  if (names.size() == 2) {
    pair(names[0], names[1]);
    return out;
  }
  if (names.size() > 2) {
    // The two nearest the level.
    std::vector<std::pair<uint32_t, std::string>> by_distance;
    for (const std::string& n : names) {
      uint32_t best = UINT32_MAX;
      for (const CountryHit& h : hits) {
        if (h.name != n) continue;
        uint32_t dist = h.begin > cb ? h.begin - cb : cb - h.begin;
        best = std::min(best, dist);
      }
      by_distance.emplace_back(best, n);
    }
    std::sort(by_distance.begin(), by_distance.end());
    pair(by_distance[0].second, by_distance[1].second);
    return out;
  }
  if (explicit_only) return out;
  if (level_head && c.indefinite && !anaphor) return out;  // generic "a CSP is …"
  // 6. One named: with the article's other main country.
  if (names.size() == 1) {
    for (const std::string& m : main_) {
      if (m != names[0]) {
        pair(names[0], m);
        break;
      }
    }
    return out;
  }
  // 7. None named: the main pair, when the sentence points at it.
  if (main_.size() >= 2 && (anaphor || c.definite || !level_head)) {
    pair(main_[0], main_[1]);
  }
  return out;
}

void PartnershipScanner::FindStarts(size_t first, size_t last) {
  start_tokens_.clear();
  const Token* const toks = toks_.data();
  const std::string_view text = doc_.text();
  for (size_t i = first; i < last; ++i) {
    const Token& t = toks[i];
    if (t.kind != TokenKind::kWord) continue;
    // Word(i) inlined: a span outside the text reads as "", no start.
    const Span sp = t.span;
    if (sp.end <= text.size() && sp.begin < sp.end &&
        ex_.MayStartNonEmpty(
            std::string_view(text.data() + sp.begin, sp.end - sp.begin))) {
      start_tokens_.push_back(i);
    }
  }
}

void PartnershipScanner::ScanSentence(const Sentence& s) {
  const size_t first = s.first_token;
  const size_t last = s.first_token + s.token_count;
  // Every candidate starts at a word that passes the start screen.
  FindStarts(first, last);
  if (start_tokens_.empty()) return;
  std::vector<Candidate> cands;
  size_t next = first;  // a candidate resumes the scan after its last token
  for (const size_t start : start_tokens_) {
    if (start < next) continue;
    size_t i = start;
    next = i + 1;
    std::string_view w = Word(i);
    std::string lw = Lower(w);
    // Descriptor phrases.
    auto d = ex_.descriptor_first_.find(lw);
    if (d != ex_.descriptor_first_.end()) {
      bool matched = false;
      for (int di : d->second) {
        const PartnershipExtractor::Descriptor& desc = ex_.descriptors_[di];
        if (i + desc.words.size() > last) continue;
        bool ok = true;
        for (size_t q = 0; q < desc.words.size() && ok; ++q) {
          ok = LowerWord(i + q) == desc.words[q];
        }
        if (!ok) continue;
        Candidate c;
        c.tb = i;
        c.te = i + desc.words.size();
        c.head = c.te - 1;
        c.descriptor = desc.id;
        c.head_kind = PartnershipExtractor::HeadKind::kPartner;
        cands.push_back(std::move(c));
        matched = true;
        break;
      }
      if (matched) {
        next = cands.back().te;
        continue;
      }
    }
    // Abbreviations, once their expansion was seen.
    auto a = ex_.abbreviations_.find(absl::string_view(w.data(), w.size()));
    if (a != ex_.abbreviations_.end() &&
        seen_sets_.contains(JoinTokens(a->second.tokens, "+"))) {
      Candidate c;
      c.tb = i;
      c.te = i + 1;
      c.head = i;
      c.tokens = a->second.tokens;
      c.plural = a->second.plural;
      c.abbreviation = true;
      // "Comprehensive Strategic Partnership (CSP)": the same mention.
      if (!cands.empty() && i >= 1 && Word(i - 1) == "(" && cands.back().te + 1 == i) {
        continue;
      }
      cands.push_back(std::move(c));
      continue;
    }
    Candidate c;
    if (HeadCandidate(first, i, last, lw, &c)) {
      // Merge with an overlapping earlier candidate (cannot happen for
      // left-to-right scanning unless modifiers reach back into it).
      if (!cands.empty() && c.tb < cands.back().te) c.tb = cands.back().te;
      if (c.tb > c.head) continue;
      if (c.descriptor.empty()) {
        std::vector<std::string> sorted = c.tokens;
        std::sort(sorted.begin(), sorted.end());
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        seen_sets_.insert(JoinTokens(sorted, "+"));
      }
      next = c.te;
      cands.push_back(std::move(c));
    }
  }
  if (cands.empty()) return;
  Context(first, last, &cands);
  std::vector<CountryHit> hits = Countries(first, last);
  for (const Candidate& c : cands) {
    std::vector<std::vector<std::string>> pairs = Parties(first, last, c, hits);
    for (std::vector<std::string>& parties : pairs) {
      MentionOut m;
      m.span = Span{toks_[c.tb].span.begin, toks_[c.te - 1].span.end};
      m.year = c.year;
      m.role = c.role;
      m.proposed = c.proposed;
      m.plain = c.role == Role::kNone && c.year == 0 && !c.proposed;
      m.order = static_cast<uint32_t>(mentions_.size());
      if (!c.descriptor.empty()) {
        m.descriptor = true;
        m.level = absl::StrCat("descriptor:", c.descriptor);
        m.rank = -1;
      } else {
        LadderLevel lv = ex_.Rank(c.tokens, parties);
        m.level = lv.level;
        m.rank = lv.rank;
        // Weak rungs (plain partnerships) need some sign that they are a
        // label: a date, an upgrade, Title Case or quote marks.
        if (m.rank <= 1 && m.plain && !c.title_case && !c.quoted) continue;
      }
      int nmods = static_cast<int>(c.tokens.size());
      m.quality = (c.abbreviation ? 0 : 1000) +
                  (c.head_kind == PartnershipExtractor::HeadKind::kElliptic ? 0 : 500) +
                  nmods * 50 + std::min<int>(m.span.size(), 49);
      m.parties = std::move(parties);
      mentions_.push_back(std::move(m));
    }
  }
}

void PartnershipScanner::Resolve(Extraction* out) {
  struct Entry {
    std::vector<std::string> parties;
    std::string level;
    int rank = -1;
    bool descriptor = false;
    int best = -1;         // mention index used for span/text
    uint32_t first = 0;    // first mention order
    int year = 0;
    bool any_current = false;  // a realized, non-past mention
    bool any_from = false;
    bool all_proposed = true;
    bool all_plain = true;
    PartnershipStatus status = PartnershipStatus::kCurrent;
    bool dropped = false;
  };
  std::vector<Entry> entries;
  for (size_t i = 0; i < mentions_.size(); ++i) {
    const MentionOut& m = mentions_[i];
    Entry* e = nullptr;
    for (Entry& x : entries) {
      if (x.parties == m.parties && x.level == m.level) {
        e = &x;
        break;
      }
    }
    if (e == nullptr) {
      entries.emplace_back();
      e = &entries.back();
      e->parties = m.parties;
      e->level = m.level;
      e->rank = m.rank;
      e->descriptor = m.descriptor;
      e->first = m.order;
    }
    if (e->best < 0 || m.quality > mentions_[e->best].quality) e->best = static_cast<int>(i);
    if (e->year == 0) e->year = m.year;
    if (m.role == Role::kFrom) e->any_from = true;
    if (!m.proposed) e->all_proposed = false;
    if (!m.plain) e->all_plain = false;
  }
  // Status per pair.
  for (Entry& e : entries) {
    if (e.descriptor) continue;
    if (e.all_proposed) {
      e.status = PartnershipStatus::kProposed;
    } else if (e.any_from) {
      e.status = PartnershipStatus::kPast;
    }
  }
  // Dated history: among a pair's realized levels, the latest year is current.
  for (Entry& e : entries) {
    if (e.descriptor || e.status != PartnershipStatus::kCurrent || e.year == 0) continue;
    for (const Entry& o : entries) {
      if (&o == &e || o.descriptor || o.parties != e.parties) continue;
      if (o.status == PartnershipStatus::kProposed) continue;
      if (o.year > e.year) {
        e.status = PartnershipStatus::kPast;
        break;
      }
    }
  }
  // Plain lower mentions of a pair with a higher current level refer to it.
  for (Entry& e : entries) {
    if (e.descriptor || !e.all_plain || e.status != PartnershipStatus::kCurrent) continue;
    for (const Entry& o : entries) {
      if (&o == &e || o.descriptor || o.parties != e.parties) continue;
      if (o.status == PartnershipStatus::kCurrent && o.rank > e.rank) {
        e.dropped = true;
        break;
      }
    }
  }
  std::vector<const Entry*> kept;
  for (const Entry& e : entries) {
    if (!e.dropped) kept.push_back(&e);
  }
  std::sort(kept.begin(), kept.end(), [&](const Entry* a, const Entry* b) {
    return mentions_[a->best].span.begin < mentions_[b->best].span.begin;
  });
  const size_t base = out->partnerships.size();
  for (const Entry* e : kept) {
    Partnership p;
    p.span = mentions_[e->best].span;
    p.level = e->level;
    p.rank = e->rank;
    p.parties = e->parties;
    p.year = e->year;
    p.status = e->status;
    out->partnerships.push_back(std::move(p));
  }
  // Summaries: per pair, levels oldest first (past by year/text order, then
  // current, then proposed); descriptors are not part of the history.
  std::vector<std::vector<std::string>> pairs;
  for (const Entry* e : kept) {
    if (std::find(pairs.begin(), pairs.end(), e->parties) == pairs.end()) {
      pairs.push_back(e->parties);
    }
  }
  for (const std::vector<std::string>& pr : pairs) {
    PartnershipSummary sum;
    sum.parties = pr;
    std::vector<std::pair<std::tuple<int, int, uint32_t>, int>> order;
    for (size_t k = 0; k < kept.size(); ++k) {
      const Entry* e = kept[k];
      if (e->parties != pr || e->descriptor) continue;
      int phase = e->status == PartnershipStatus::kPast      ? 0
                  : e->status == PartnershipStatus::kCurrent ? 1
                                                              : 2;
      order.push_back({{phase, e->year == 0 ? 0 : e->year, e->first},
                       static_cast<int>(base + k)});
    }
    std::sort(order.begin(), order.end());
    for (const auto& [key, idx] : order) {
      sum.history.push_back(idx);
      if (out->partnerships[idx].status == PartnershipStatus::kCurrent) {
        sum.current_level = out->partnerships[idx].level;
      }
    }
    out->partnership_summaries.push_back(std::move(sum));
  }
}

void PartnershipScanner::Run(Extraction* out) {
  if (toks_.empty()) return;
  const std::vector<Paragraph>& paras = doc_.paragraphs();
  for (const Paragraph& p : paras) {
    if (p.is_boilerplate() || p.sentence_count == 0) continue;
    for (uint32_t s = p.first_sentence; s < p.first_sentence + p.sentence_count; ++s) {
      ScanSentence(doc_.sentences()[s]);
    }
  }
  if (!mentions_.empty()) Resolve(out);
}

void PartnershipExtractor::Extract(const Document& doc, const EntityIndex& entities,
                                   const ArticleContext& context,
                                   Extraction* out) const {
  (void)context;
  PartnershipScanner scanner(*this, doc, entities);
  scanner.Run(out);
}

}  // namespace dipx::internal
