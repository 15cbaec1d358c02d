#include "cli/eval.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/jsonl_reader.h"
#include "dipx/extractor.h"
#include "dipx/json.h"

namespace dipx::cli {

// ---------------------------------------------------------------------------
// Counts.

double Prf::Precision() const {
  return predicted > 0 ? static_cast<double>(std::min(matched, predicted)) / predicted
                       : 0.0;
}
double Prf::Recall() const {
  return gold > 0 ? static_cast<double>(matched) / gold : 0.0;
}
double Prf::F1() const {
  double p = Precision(), r = Recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}
void Prf::Add(const Prf& o) {
  gold += o.gold;
  predicted += o.predicted;
  matched += o.matched;
}

void EvalCounts::Add(const EvalCounts& o) {
  articles += o.articles;
  quotes_direct_partial.Add(o.quotes_direct_partial);
  quotes_indirect.Add(o.quotes_indirect);
  attribution.Add(o.attribution);
  lists.Add(o.lists);
  partnerships.Add(o.partnerships);
  events.Add(o.events);
  event_location.Add(o.event_location);
  boilerplate_violations += o.boilerplate_violations;
  boilerplate_strings += o.boilerplate_strings;
  polnear_direct.Add(o.polnear_direct);
  polnear_partial.Add(o.polnear_partial);
  polnear_direct_partial.Add(o.polnear_direct_partial);
  polnear_indirect.Add(o.polnear_indirect);
  speaker_mention.Add(o.speaker_mention);
  gold_text_not_found += o.gold_text_not_found;
}

namespace {

// ---------------------------------------------------------------------------
// Text normalisation.

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Multi-byte punctuation trimmed like ASCII punctuation: curly and angle
// quotes, dashes, ellipsis, no-break space.
constexpr std::string_view kWidePunct[] = {
    "\u201C", "\u201D", "\u2018", "\u2019", "\u00AB", "\u00BB", "\u201E", "\u201A",
    "\u2039", "\u203A", "\u2014", "\u2013", "\u2015", "\u2026", "\u00A0", "\u2022"};

bool StripWideFront(std::string_view* s) {
  for (std::string_view p : kWidePunct) {
    if (s->substr(0, p.size()) == p) {
      s->remove_prefix(p.size());
      return true;
    }
  }
  return false;
}

bool StripWideBack(std::string_view* s) {
  for (std::string_view p : kWidePunct) {
    if (s->size() >= p.size() && s->substr(s->size() - p.size()) == p) {
      s->remove_suffix(p.size());
      return true;
    }
  }
  return false;
}

bool IsTrimmable(unsigned char c) {
  return IsSpace(static_cast<char>(c)) || (c < 0x80 && std::ispunct(c));
}

// Without surrounding white space and punctuation.
std::string_view TrimPunct(std::string_view s) {
  while (!s.empty()) {
    if (IsTrimmable(static_cast<unsigned char>(s.front()))) {
      s.remove_prefix(1);
    } else if (!StripWideFront(&s)) {
      break;
    }
  }
  while (!s.empty()) {
    if (IsTrimmable(static_cast<unsigned char>(s.back()))) {
      s.remove_suffix(1);
    } else if (!StripWideBack(&s)) {
      break;
    }
  }
  return s;
}

// ASCII lower case, white space runs collapsed to one space.
std::string Fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

// Folded, trimmed of punctuation, without a leading "the ".
std::string NormName(std::string_view s) {
  std::string f = Fold(TrimPunct(s));
  if (f.rfind("the ", 0) == 0) f.erase(0, 4);
  return f;
}

std::vector<std::string> Tokens(std::string_view folded) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < folded.size()) {
    size_t j = folded.find(' ', i);
    if (j == std::string_view::npos) j = folded.size();
    std::string_view t = TrimPunct(folded.substr(i, j - i));
    if (!t.empty()) out.emplace_back(t);
    i = j + 1;
  }
  return out;
}

// Words that mark a name as a country or organisation, for which the
// surname rule does not apply.
bool IsOrgWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "north", "south", "east", "west", "central", "united", "republic", "kingdom",
      "states", "union", "nations", "emirates", "islands", "federation", "korea",
      "africa", "arabia", "america", "guinea", "sudan", "ministry", "government",
      "council", "commission", "committee", "bank", "organization", "organisation",
      "association", "forum", "group", "party", "office", "department", "agency",
      "embassy", "secretariat", "parliament", "assembly", "court", "house",
      "administration", "cabinet", "officials", "spokesperson", "media", "news",
      "times", "post", "daily", "press", "institute", "university", "company",
      "corporation", "army", "force", "forces", "police", "countries", "sides",
      "nation", "country", "people", "leaders", "statement", "delegation"};
  for (std::string_view k : kWords) {
    if (w == k) return true;
  }
  return false;
}

bool LooksLikeOrg(const std::vector<std::string>& tokens) {
  for (const std::string& t : tokens) {
    if (IsOrgWord(t)) return true;
  }
  return false;
}

}  // namespace

bool SameSpeaker(std::string_view predicted, std::string_view gold) {
  std::string a = NormName(predicted), b = NormName(gold);
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  std::vector<std::string> ta = Tokens(a), tb = Tokens(b);
  if (ta.empty() || tb.empty() || LooksLikeOrg(ta) || LooksLikeOrg(tb)) return false;
  if (ta.back() == tb.back()) return true;
  // "Xi" against "Xi Jinping": a lone name matches either end of the other.
  if (ta.size() == 1 && ta[0] == tb.front()) return true;
  if (tb.size() == 1 && tb[0] == ta.front()) return true;
  return false;
}

namespace {

// ---------------------------------------------------------------------------
// One-to-one matching (Kuhn's augmenting paths). adj[g] lists the
// predictions gold entry g may match, most preferred first. Required gold
// entries are matched first, so optional ones never take a prediction a
// required one needs.
class Matcher {
 public:
  Matcher(const std::vector<std::vector<int>>& adj, size_t n_pred)
      : adj_(adj), pred_to_gold_(n_pred, -1), seen_(n_pred, 0),
        gold_to_pred_(adj.size(), -1) {}

  std::vector<int> Run(const std::vector<char>& optional) {
    for (int pass = 0; pass < 2; ++pass) {
      // Greedy first: cheap and keeps preferred pairs.
      for (size_t g = 0; g < adj_.size(); ++g) {
        if ((optional[g] != 0) != (pass == 1)) continue;
        for (int p : adj_[g]) {
          if (pred_to_gold_[p] < 0) {
            pred_to_gold_[p] = static_cast<int>(g);
            gold_to_pred_[g] = p;
            break;
          }
        }
      }
      for (size_t g = 0; g < adj_.size(); ++g) {
        if ((optional[g] != 0) != (pass == 1) || gold_to_pred_[g] >= 0) continue;
        ++stamp_;
        Augment(static_cast<int>(g), 0);
      }
    }
    return gold_to_pred_;
  }

 private:
  bool Augment(int g, int depth) {
    if (depth > kMaxDepth) return false;  // bounded recursion on hostile input
    for (int p : adj_[g]) {
      if (seen_[p] == stamp_) continue;
      seen_[p] = stamp_;
      if (pred_to_gold_[p] < 0 || Augment(pred_to_gold_[p], depth + 1)) {
        pred_to_gold_[p] = g;
        gold_to_pred_[g] = p;
        return true;
      }
    }
    return false;
  }

  static constexpr int kMaxDepth = 10000;
  const std::vector<std::vector<int>>& adj_;
  std::vector<int> pred_to_gold_;
  std::vector<uint32_t> seen_;
  uint32_t stamp_ = 0;
  std::vector<int> gold_to_pred_;
};

struct MatchOutcome {
  Prf prf;
  std::vector<int> gold_to_pred;
  std::vector<int> pred_to_gold;  // -1: false hit (or matched optional: -2)
};

MatchOutcome MatchAndCount(const std::vector<std::vector<int>>& adj,
                           const std::vector<char>& optional, size_t n_pred) {
  MatchOutcome out;
  Matcher matcher(adj, n_pred);
  out.gold_to_pred = matcher.Run(optional);
  out.pred_to_gold.assign(n_pred, -1);
  out.prf.predicted = static_cast<int64_t>(n_pred);
  for (size_t g = 0; g < adj.size(); ++g) {
    const int p = out.gold_to_pred[g];
    if (!optional[g]) ++out.prf.gold;
    if (p < 0) continue;
    if (optional[g]) {
      --out.prf.predicted;
      out.pred_to_gold[p] = -2;
    } else {
      ++out.prf.matched;
      out.pred_to_gold[p] = static_cast<int>(g);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Error lines.

std::string Snip(std::string_view s, size_t max_bytes = 100) {
  std::string out;
  size_t cut = s.size();
  if (cut > max_bytes) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  }
  for (size_t i = 0; i < cut; ++i) {
    char c = s[i];
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r' || c == '\t') {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (cut < s.size()) out += "\u2026";
  return absl::StrCat("\"", out, "\"");
}

std::string SpanText(Span s) { return absl::StrCat("[", s.begin, ", ", s.end, ")"); }

// Every occurrence of `needle` in `text` (overlapping ones too), at most
// `cap` of them.
std::vector<Span> FindAll(std::string_view text, std::string_view needle,
                          size_t cap = 1000) {
  std::vector<Span> out;
  if (needle.empty() || needle.size() > text.size()) return out;
  size_t pos = text.find(needle);
  while (pos != std::string_view::npos && out.size() < cap) {
    out.push_back({static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + needle.size())});
    pos = text.find(needle, pos + 1);
  }
  return out;
}

// Code-point index → byte offset for `text` (size: code points + 1).
std::vector<uint32_t> CodePointOffsets(std::string_view text) {
  std::vector<uint32_t> out;
  out.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      out.push_back(static_cast<uint32_t>(i));
    }
  }
  out.push_back(static_cast<uint32_t>(text.size()));
  return out;
}

// ---------------------------------------------------------------------------
// Quotes.

// A gold quote (or PolNeAR fragment) with the spans it may occupy.
struct GoldSpan {
  std::vector<Span> where;
  bool optional = false;
  int quote = -1;  // index into GoldArticle::quotes (its speaker)
  std::string label;
};

bool QuoteOverlap(Span a, Span b) {
  if (a.empty() || b.empty()) return false;
  const uint32_t lo = std::max(a.begin, b.begin), hi = std::min(a.end, b.end);
  if (hi <= lo) return false;
  const uint64_t overlap = hi - lo;
  return 2 * overlap >= std::max(a.size(), b.size());
}

uint32_t OverlapSize(Span a, Span b) {
  const uint32_t lo = std::max(a.begin, b.begin), hi = std::min(a.end, b.end);
  return hi > lo ? hi - lo : 0;
}

// Candidate edges gold → predictions (predicted spans `pred`), preferring
// `bonus(g, p)` and then the larger overlap.
template <typename Bonus>
std::vector<std::vector<int>> QuoteEdges(const std::vector<GoldSpan>& gold,
                                         const std::vector<Span>& pred, Bonus bonus) {
  struct Occ {
    Span span;
    int gold;
  };
  std::vector<Occ> occ;
  for (size_t g = 0; g < gold.size(); ++g) {
    for (Span s : gold[g].where) occ.push_back({s, static_cast<int>(g)});
  }
  std::sort(occ.begin(), occ.end(),
            [](const Occ& a, const Occ& b) { return a.span.begin < b.span.begin; });
  struct Cand {
    int pred;
    int bonus;
    uint32_t overlap;
  };
  std::vector<std::vector<Cand>> cands(gold.size());
  for (size_t p = 0; p < pred.size(); ++p) {
    const Span s = pred[p];
    if (s.empty()) continue;
    // A matching occurrence is at most twice as long as s and overlaps it
    // by half its own length, so it starts within [begin - size, end).
    const uint32_t lo = s.begin >= s.size() ? s.begin - s.size() : 0;
    auto it = std::lower_bound(occ.begin(), occ.end(), lo,
                               [](const Occ& o, uint32_t v) { return o.span.begin < v; });
    for (; it != occ.end() && it->span.begin < s.end; ++it) {
      if (!QuoteOverlap(s, it->span)) continue;
      std::vector<Cand>& c = cands[it->gold];
      const uint32_t ov = OverlapSize(s, it->span);
      if (!c.empty() && c.back().pred == static_cast<int>(p)) {
        c.back().overlap = std::max(c.back().overlap, ov);
      } else {
        c.push_back({static_cast<int>(p), bonus(it->gold, static_cast<int>(p)), ov});
      }
    }
  }
  std::vector<std::vector<int>> adj(gold.size());
  for (size_t g = 0; g < gold.size(); ++g) {
    std::stable_sort(cands[g].begin(), cands[g].end(), [](const Cand& a, const Cand& b) {
      if (a.bonus != b.bonus) return a.bonus > b.bonus;
      return a.overlap > b.overlap;
    });
    for (const Cand& c : cands[g]) adj[g].push_back(c.pred);
  }
  return adj;
}

std::string PredSpeaker(std::string_view text, const Quote& q) {
  if (!q.has_speaker) return "";
  if (!q.speaker.name.empty()) return q.speaker.name;
  return std::string(q.speaker.mention.In(text));
}

struct Scorer {
  std::string_view text;
  const Extraction& ex;
  const GoldArticle& gold;
  const ScoreOptions& options;
  ArticleScore* out;
  bool collect_errors = true;

  void Error(std::string line) {
    if (collect_errors) out->errors.push_back(std::move(line));
  }

  // Spans where gold quote `q` may be: its annotated span when asked for
  // and consistent, else every occurrence of its text.
  std::vector<Span> Locate(const GoldQuote& q, const std::vector<uint32_t>* cps) {
    if (gold.format == GoldFormat::kPolnear) {
      return {Span{q.begin, q.end}};
    }
    if (options.use_gold_spans && q.has_span && cps != nullptr && q.end < cps->size()) {
      Span s{(*cps)[q.begin], (*cps)[q.end]};
      if (s.In(text) == q.text) return {s};
    }
    return FindAll(text, q.text);
  }

  // Scores the quote bucket `name`: gold spans vs the predictions `preds`
  // (indices into ex.quotes). `right_speaker(g, p)` → 1 when the speaker
  // is right. Matched required pairs are appended to *pairs.
  template <typename RightSpeaker>
  Prf Bucket(const char* name, const std::vector<GoldSpan>& gs, const std::vector<int>& preds,
             RightSpeaker right_speaker, std::vector<std::pair<int, int>>* pairs) {
    std::vector<Span> spans;
    spans.reserve(preds.size());
    for (int p : preds) spans.push_back(ex.quotes[p].span);
    std::vector<std::vector<int>> adj = QuoteEdges(
        gs, spans, [&](int g, int p) { return right_speaker(g, preds[p]) ? 1 : 0; });
    std::vector<char> optional(gs.size());
    for (size_t g = 0; g < gs.size(); ++g) optional[g] = gs[g].optional;
    MatchOutcome m = MatchAndCount(adj, optional, spans.size());
    for (size_t g = 0; g < gs.size(); ++g) {
      if (gs[g].optional) continue;
      if (m.gold_to_pred[g] < 0) {
        Error(absl::StrCat("quote ", name, ": miss: ", gs[g].label));
      } else if (pairs != nullptr) {
        pairs->push_back({static_cast<int>(g), preds[m.gold_to_pred[g]]});
      }
    }
    for (size_t p = 0; p < spans.size(); ++p) {
      if (m.pred_to_gold[p] != -1) continue;
      const Quote& q = ex.quotes[preds[p]];
      Error(absl::StrCat("quote ", name, ": false hit: ", QuoteKindName(q.kind), " ",
                         SpanText(q.span), " ", Snip(q.span.In(text)),
                         q.has_speaker ? absl::StrCat(" (speaker ", PredSpeaker(text, q), ")")
                                       : std::string()));
    }
    return m.prf;
  }

  std::string GoldLabel(const GoldQuote& q, const std::vector<Span>& where) {
    std::string loc = where.empty() ? std::string("(text not in article)")
                                    : SpanText(where.front());
    return absl::StrCat(QuoteKindName(q.kind), " ", loc, " ", Snip(q.text),
                        q.has_speaker ? absl::StrCat(" (speaker ", q.speaker, ")")
                                      : std::string());
  }

  void DipxQuotes() {
    std::vector<uint32_t> cps;
    if (options.use_gold_spans) cps = CodePointOffsets(text);
    std::vector<GoldSpan> dp, ind;
    std::vector<int> dp_gold_index, ind_gold_index;
    for (size_t i = 0; i < gold.quotes.size(); ++i) {
      const GoldQuote& q = gold.quotes[i];
      GoldSpan g;
      g.where = Locate(q, options.use_gold_spans ? &cps : nullptr);
      g.quote = static_cast<int>(i);
      g.label = GoldLabel(q, g.where);
      if (g.where.empty()) {
        ++out->counts.gold_text_not_found;
        Error(absl::StrCat("gold: quote text not found in the article: ", Snip(q.text)));
      }
      (q.kind == QuoteKind::kIndirect ? ind : dp).push_back(std::move(g));
    }
    std::vector<int> dp_pred, ind_pred;
    for (size_t i = 0; i < ex.quotes.size(); ++i) {
      (ex.quotes[i].kind == QuoteKind::kIndirect ? ind_pred : dp_pred)
          .push_back(static_cast<int>(i));
    }
    auto right = [&](const std::vector<GoldSpan>& gs) {
      return [&gs, this](int g, int p) {
        const GoldQuote& gq = gold.quotes[gs[g].quote];
        const Quote& q = ex.quotes[p];
        return gq.has_speaker && q.has_speaker && SameSpeaker(PredSpeaker(text, q), gq.speaker);
      };
    };
    std::vector<std::pair<int, int>> dp_pairs, ind_pairs;
    out->counts.quotes_direct_partial =
        Bucket("direct+partial", dp, dp_pred, right(dp), &dp_pairs);
    out->counts.quotes_indirect = Bucket("indirect", ind, ind_pred, right(ind), &ind_pairs);
    auto attribution = [&](const std::vector<GoldSpan>& gs,
                           const std::vector<std::pair<int, int>>& pairs) {
      for (auto [g, p] : pairs) {
        const GoldQuote& gq = gold.quotes[gs[g].quote];
        if (!gq.has_speaker) continue;
        ++out->counts.attribution.total;
        const Quote& q = ex.quotes[p];
        if (q.has_speaker && SameSpeaker(PredSpeaker(text, q), gq.speaker)) {
          ++out->counts.attribution.right;
        } else {
          Error(absl::StrCat("attribution: wrong speaker: ", SpanText(q.span), " ",
                             Snip(q.span.In(text), 60), " gold ", Snip(gq.speaker),
                             ", got ",
                             q.has_speaker ? Snip(PredSpeaker(text, q)) : "null"));
        }
      }
    };
    attribution(dp, dp_pairs);
    attribution(ind, ind_pairs);
  }

  // PolNeAR: speech cues that make an indirect quote count (its README:
  // filter indirect gold by speech cues).
  static bool IsSpeechCue(std::string_view cue) {
    static constexpr std::string_view kCues[] = {
        "say", "says", "said", "saying", "tell", "tells", "told", "telling", "add",
        "adds", "added", "adding", "write", "writes", "wrote", "writing", "written",
        "according", "state", "states", "stated", "stating", "note", "notes", "noted",
        "noting", "explain", "explains", "explained", "announce", "announces",
        "announced", "declare", "declares", "declared", "assert", "asserts", "asserted",
        "insist", "insists", "insisted", "warn", "warns", "warned", "warning", "stress",
        "stresses", "stressed", "emphasize", "emphasized", "emphasizes", "emphasise",
        "emphasised", "argue", "argues", "argued", "claim", "claims", "claimed",
        "remark", "remarked", "tweet", "tweets", "tweeted", "post", "posted", "ask",
        "asks", "asked", "reply", "replied", "respond", "responded", "comment",
        "commented", "acknowledge", "acknowledged", "admit", "admits", "admitted",
        "recall", "recalled", "repeat", "repeated", "reiterate", "reiterated",
        "confirm", "confirmed", "deny", "denied", "denies", "testify", "testified", "describe", "described", "quoted", "quote", "speech",
        "statement", "interview", "mentioned", "mention", "predicted",
        "complained", "boasted", "conceded", "countered", "cautioned", "contended",
        "maintained", "observed", "quipped", "joked", "shouted", "yelled"};
    for (const std::string& w : Tokens(Fold(cue))) {
      for (std::string_view c : kCues) {
        if (w == c) return true;
      }
    }
    return false;
  }

  void PolnearQuotes() {
    std::vector<GoldSpan> direct, partial, both, indirect;
    for (size_t i = 0; i < gold.quotes.size(); ++i) {
      const GoldQuote& q = gold.quotes[i];
      const Span s{q.begin, q.end};
      GoldSpan g;
      g.where = {s};
      g.quote = static_cast<int>(i);
      if (q.kind == QuoteKind::kDirect) {
        g.label = absl::StrCat("direct ", SpanText(s), " ", Snip(s.In(text)));
        direct.push_back(g);
        both.push_back(g);
        g.optional = true;
        partial.push_back(g);
        continue;
      }
      for (Span f : q.fragments) {
        GoldSpan fg;
        fg.where = {f};
        fg.quote = static_cast<int>(i);
        fg.label = absl::StrCat("mixed fragment ", SpanText(f), " ", Snip(f.In(text)));
        partial.push_back(fg);
        both.push_back(fg);
        fg.optional = true;
        direct.push_back(fg);
      }
      g.label = absl::StrCat("indirect ", SpanText(s), " ", Snip(s.In(text)), " (cue ",
                             Snip(q.cue), ")");
      g.optional = q.mixed || !IsSpeechCue(q.cue);
      indirect.push_back(std::move(g));
    }
    std::vector<int> d_pred, p_pred, dp_pred, i_pred;
    for (size_t i = 0; i < ex.quotes.size(); ++i) {
      const int idx = static_cast<int>(i);
      switch (ex.quotes[i].kind) {
        case QuoteKind::kDirect: d_pred.push_back(idx); dp_pred.push_back(idx); break;
        case QuoteKind::kPartial: p_pred.push_back(idx); dp_pred.push_back(idx); break;
        case QuoteKind::kIndirect: i_pred.push_back(idx); break;
      }
    }
    auto right = [&](const std::vector<GoldSpan>& gs) {
      return [&gs, this](int g, int p) { return RightMention(gold.quotes[gs[g].quote], ex.quotes[p]); };
    };
    // Per-kind buckets give P/R only; errors are listed once, from the
    // combined bucket and the indirect one.
    const bool collect = collect_errors;
    collect_errors = false;
    out->counts.polnear_direct = Bucket("direct", direct, d_pred, right(direct), nullptr);
    out->counts.polnear_partial = Bucket("partial", partial, p_pred, right(partial), nullptr);
    collect_errors = collect;
    std::vector<std::pair<int, int>> dp_pairs, i_pairs;
    out->counts.polnear_direct_partial =
        Bucket("direct+partial", both, dp_pred, right(both), &dp_pairs);
    out->counts.polnear_indirect = Bucket("indirect", indirect, i_pred, right(indirect), &i_pairs);
    auto mention = [&](const std::vector<GoldSpan>& gs,
                       const std::vector<std::pair<int, int>>& pairs) {
      for (auto [g, p] : pairs) {
        const GoldQuote& gq = gold.quotes[gs[g].quote];
        if (!gq.has_speaker_span && !gq.has_speaker) continue;
        ++out->counts.speaker_mention.total;
        const Quote& q = ex.quotes[p];
        if (RightMention(gq, q)) {
          ++out->counts.speaker_mention.right;
        } else {
          Error(absl::StrCat(
              "speaker mention: wrong: ", SpanText(q.span), " ", Snip(q.span.In(text), 60),
              " gold ", Snip(gq.speaker), " ",
              gq.has_speaker_span ? SpanText(gq.speaker_span) : std::string(), ", got ",
              q.has_speaker ? absl::StrCat(Snip(q.speaker.mention.In(text)), " ",
                                           SpanText(q.speaker.mention), " = ",
                                           Snip(q.speaker.name))
                            : std::string("null")));
        }
      }
    };
    mention(both, dp_pairs);
    mention(indirect, i_pairs);
  }

  bool RightMention(const GoldQuote& gq, const Quote& q) const {
    if (!q.has_speaker) return false;
    if (gq.has_speaker_span && !q.speaker.mention.empty() &&
        q.speaker.mention.Overlaps(gq.speaker_span)) {
      return true;
    }
    return gq.has_speaker && !gq.speaker_is_pronoun &&
           SameSpeaker(PredSpeaker(text, q), gq.speaker);
  }

  // -------------------------------------------------------------------------
  // Lists.

  static bool ItemMatches(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return false;
    return a.find(b) != std::string::npos || b.find(a) != std::string::npos;
  }

  static std::string NormItem(std::string_view s) { return Fold(TrimPunct(s)); }

  void Lists() {
    std::vector<std::vector<std::string>> pred_items(ex.lists.size());
    for (size_t p = 0; p < ex.lists.size(); ++p) {
      for (const ListItem& it : ex.lists[p].items) {
        pred_items[p].push_back(NormItem(it.span.In(text)));
      }
    }
    std::vector<std::vector<int>> adj(gold.lists.size());
    std::vector<char> optional(gold.lists.size());
    for (size_t g = 0; g < gold.lists.size(); ++g) {
      const GoldList& gl = gold.lists[g];
      optional[g] = gl.optional;
      std::vector<std::string> items;
      for (const std::string& s : gl.items) items.push_back(NormItem(s));
      std::vector<std::pair<int, int>> scored;  // (matched items, pred)
      for (size_t p = 0; p < ex.lists.size(); ++p) {
        std::vector<std::vector<int>> item_adj(items.size());
        for (size_t i = 0; i < items.size(); ++i) {
          for (size_t j = 0; j < pred_items[p].size(); ++j) {
            if (ItemMatches(items[i], pred_items[p][j])) {
              item_adj[i].push_back(static_cast<int>(j));
            }
          }
        }
        std::vector<char> none(items.size(), 0);
        Matcher m(item_adj, pred_items[p].size());
        std::vector<int> g2p = m.Run(none);
        const int matched = static_cast<int>(
            std::count_if(g2p.begin(), g2p.end(), [](int x) { return x >= 0; }));
        if (!items.empty() && matched * 5 >= static_cast<int>(items.size()) * 4) {
          scored.push_back({matched, static_cast<int>(p)});
        }
      }
      std::stable_sort(scored.begin(), scored.end(),
                       [](auto a, auto b) { return a.first > b.first; });
      for (auto [n, p] : scored) adj[g].push_back(p);
    }
    MatchOutcome m = MatchAndCount(adj, optional, ex.lists.size());
    out->counts.lists = m.prf;
    for (size_t g = 0; g < gold.lists.size(); ++g) {
      if (gold.lists[g].optional || m.gold_to_pred[g] >= 0) continue;
      std::string items;
      for (const std::string& s : gold.lists[g].items) {
        absl::StrAppend(&items, items.empty() ? "" : " | ", Snip(s, 40));
      }
      Error(absl::StrCat("list: miss: head ",
                         gold.lists[g].has_head ? Snip(gold.lists[g].head) : "null",
                         ", items ", items));
    }
    for (size_t p = 0; p < ex.lists.size(); ++p) {
      if (m.pred_to_gold[p] != -1) continue;
      std::string items;
      for (const ListItem& it : ex.lists[p].items) {
        absl::StrAppend(&items, items.empty() ? "" : " | ", Snip(it.span.In(text), 40));
      }
      Error(absl::StrCat("list: false hit: ", SpanText(ex.lists[p].span), " head ",
                         ex.lists[p].head.empty() ? "null" : Snip(ex.lists[p].head.In(text)),
                         ", items ", items));
    }
  }

  // -------------------------------------------------------------------------
  // Partnerships.

  // The level ignoring case, commas and word order.
  static std::string LevelKey(std::string_view s) {
    std::string f = Fold(s);
    for (char& c : f) {
      if (c == ',') c = ' ';
    }
    std::vector<std::string> t = Tokens(Fold(f));
    std::sort(t.begin(), t.end());
    std::string out;
    for (const std::string& w : t) absl::StrAppend(&out, out.empty() ? "" : " ", w);
    return out;
  }

  static std::vector<std::string> PartyKey(const std::vector<std::string>& parties) {
    std::vector<std::string> out;
    for (const std::string& p : parties) out.push_back(NormName(p));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  static std::string Parties(const std::vector<std::string>& parties) {
    std::string out;
    for (const std::string& p : parties) absl::StrAppend(&out, out.empty() ? "" : ", ", p);
    return out;
  }

  void Partnerships() {
    std::vector<std::string> pred_level;
    std::vector<std::vector<std::string>> pred_parties;
    for (const Partnership& p : ex.partnerships) {
      pred_level.push_back(LevelKey(p.span.In(text)));
      pred_parties.push_back(PartyKey(p.parties));
    }
    std::vector<std::vector<int>> adj(gold.partnerships.size());
    std::vector<char> optional(gold.partnerships.size());
    for (size_t g = 0; g < gold.partnerships.size(); ++g) {
      const GoldPartnership& gp = gold.partnerships[g];
      optional[g] = gp.optional;
      std::vector<std::string> levels = {LevelKey(gp.text)};
      for (const std::string& v : gp.variants) levels.push_back(LevelKey(v));
      const std::vector<std::string> parties = PartyKey(gp.parties);
      for (size_t p = 0; p < ex.partnerships.size(); ++p) {
        if (pred_level[p].empty() || pred_parties[p] != parties ||
            ex.partnerships[p].year != gp.year) {
          continue;
        }
        if (std::find(levels.begin(), levels.end(), pred_level[p]) != levels.end()) {
          adj[g].push_back(static_cast<int>(p));
        }
      }
    }
    MatchOutcome m = MatchAndCount(adj, optional, ex.partnerships.size());
    out->counts.partnerships = m.prf;
    for (size_t g = 0; g < gold.partnerships.size(); ++g) {
      const GoldPartnership& gp = gold.partnerships[g];
      if (gp.optional || m.gold_to_pred[g] >= 0) continue;
      Error(absl::StrCat("partnership: miss: ", Snip(gp.text), " (", Parties(gp.parties),
                         gp.year > 0 ? absl::StrCat("; ", gp.year) : std::string(), ")"));
    }
    for (size_t p = 0; p < ex.partnerships.size(); ++p) {
      if (m.pred_to_gold[p] != -1) continue;
      const Partnership& pp = ex.partnerships[p];
      Error(absl::StrCat("partnership: false hit: ", SpanText(pp.span), " ",
                         Snip(pp.span.In(text)), " (", Parties(pp.parties),
                         pp.year > 0 ? absl::StrCat("; ", pp.year) : std::string(), ")"));
    }
  }

  // -------------------------------------------------------------------------
  // Events.

  // Equal, or one containing the other, ignoring case; or one missing.
  static bool Compatible(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return true;
    return a.find(b) != std::string::npos || b.find(a) != std::string::npos;
  }

  struct MergedEvent {
    std::string type;
    std::vector<std::string> participants;
    std::vector<std::string> locations;  // normalised, non-empty
    std::vector<std::string> dates;
    std::vector<std::string> raw_locations;
  };

  static bool AllCompatible(const std::vector<std::string>& have, const std::string& v) {
    for (const std::string& h : have) {
      if (!Compatible(h, v)) return false;
    }
    return true;
  }

  static int SharedParticipants(const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
    int n = 0;
    for (const std::string& x : a) {
      for (const std::string& y : b) {
        if (SameSpeaker(x, y)) {
          ++n;
          break;
        }
      }
    }
    return n;
  }

  std::vector<MergedEvent> MergeGoldEvents() {
    std::vector<MergedEvent> merged;
    for (const GoldEvent& e : gold.events) {
      const std::string loc = NormName(e.location), date = NormName(e.date_text);
      MergedEvent* into = nullptr;
      for (MergedEvent& m : merged) {
        if (m.type != e.type) continue;
        const size_t smaller = std::min(e.participants.size(), m.participants.size());
        const int shared = SharedParticipants(e.participants, m.participants);
        if (static_cast<size_t>(2 * shared) < smaller) continue;
        if (!AllCompatible(m.locations, loc) || !AllCompatible(m.dates, date)) continue;
        into = &m;
        break;
      }
      if (into == nullptr) {
        merged.push_back(MergedEvent{e.type, {}, {}, {}, {}});
        into = &merged.back();
      }
      for (const std::string& p : e.participants) {
        if (SharedParticipants({p}, into->participants) == 0) into->participants.push_back(p);
      }
      if (!loc.empty()) {
        into->locations.push_back(loc);
        into->raw_locations.push_back(e.location);
      }
      if (!date.empty()) into->dates.push_back(date);
    }
    return merged;
  }

  // The predicted location is compatible with a gold one, or both are null.
  bool RightLocation(const MergedEvent& g, const Event& e) const {
    const std::string loc = NormName(e.location.In(text));
    if (g.locations.empty()) return loc.empty();
    if (loc.empty()) return false;
    for (const std::string& l : g.locations) {
      if (Compatible(l, loc)) return true;
    }
    return false;
  }

  void Events() {
    const std::vector<MergedEvent> merged = MergeGoldEvents();
    std::vector<std::vector<std::string>> pred_names(ex.events.size());
    for (size_t p = 0; p < ex.events.size(); ++p) {
      for (const Participant& part : ex.events[p].participants) {
        pred_names[p].push_back(part.name.empty() ? std::string(part.mention.In(text))
                                                  : part.name);
      }
    }
    std::vector<std::vector<int>> adj(merged.size());
    for (size_t g = 0; g < merged.size(); ++g) {
      // Prefer more shared participants, then a right location.
      std::vector<std::pair<int, int>> scored;
      for (size_t p = 0; p < ex.events.size(); ++p) {
        if (merged[g].type != EventTypeName(ex.events[p].type)) continue;
        const int shared = SharedParticipants(merged[g].participants, pred_names[p]);
        if (shared == 0) continue;
        const int location = RightLocation(merged[g], ex.events[p]) ? 1 : 0;
        scored.push_back({2 * shared + location, static_cast<int>(p)});
      }
      std::stable_sort(scored.begin(), scored.end(),
                       [](auto a, auto b) { return a.first > b.first; });
      for (auto [n, p] : scored) adj[g].push_back(p);
    }
    std::vector<char> optional(merged.size(), 0);
    MatchOutcome m = MatchAndCount(adj, optional, ex.events.size());
    out->counts.events = m.prf;
    auto names = [](const std::vector<std::string>& v) {
      std::string s;
      for (const std::string& x : v) absl::StrAppend(&s, s.empty() ? "" : ", ", x);
      return s;
    };
    for (size_t g = 0; g < merged.size(); ++g) {
      const int p = m.gold_to_pred[g];
      if (p < 0) {
        Error(absl::StrCat("event: miss: ", merged[g].type, " (", names(merged[g].participants),
                           ")", merged[g].raw_locations.empty()
                                    ? std::string()
                                    : absl::StrCat(" in ", merged[g].raw_locations.front())));
        continue;
      }
      ++out->counts.event_location.total;
      const std::string loc = NormName(ex.events[p].location.In(text));
      if (RightLocation(merged[g], ex.events[p])) {
        ++out->counts.event_location.right;
      } else {
        Error(absl::StrCat("event location: wrong: ", merged[g].type, " (",
                           names(merged[g].participants), ") gold ",
                           merged[g].raw_locations.empty()
                               ? std::string("null")
                               : Snip(merged[g].raw_locations.front()),
                           ", got ",
                           loc.empty() ? std::string("null")
                                       : Snip(ex.events[p].location.In(text))));
      }
    }
    for (size_t p = 0; p < ex.events.size(); ++p) {
      if (m.pred_to_gold[p] != -1) continue;
      Error(absl::StrCat("event: false hit: ", EventTypeName(ex.events[p].type), " (",
                         names(pred_names[p]), ") ", SpanText(ex.events[p].span), " ",
                         Snip(ex.events[p].span.In(text), 80)));
    }
  }

  // -------------------------------------------------------------------------
  // Boilerplate.

  void Boilerplate() {
    if (gold.must_ignore.empty()) return;
    out->counts.boilerplate_strings += static_cast<int64_t>(gold.must_ignore.size());
    std::vector<Span> blocks;
    for (const std::string& b : gold.boilerplate) {
      for (Span s : FindAll(text, b)) blocks.push_back(s);
    }
    struct Ignored {
      Span span;
      int index;
    };
    std::vector<Ignored> ignored;
    for (size_t i = 0; i < gold.must_ignore.size(); ++i) {
      std::vector<Span> all = FindAll(text, gold.must_ignore[i]);
      std::vector<Span> inside;
      for (Span s : all) {
        for (Span b : blocks) {
          if (b.Contains(s)) {
            inside.push_back(s);
            break;
          }
        }
      }
      for (Span s : inside.empty() ? all : inside) {
        ignored.push_back({s, static_cast<int>(i)});
      }
    }
    auto check = [&](std::string_view what, Span s) {
      for (const Ignored& ig : ignored) {
        if (s.Overlaps(ig.span)) {
          ++out->counts.boilerplate_violations;
          Error(absl::StrCat("boilerplate: ", std::string(what), " ", SpanText(s), " ",
                             Snip(s.In(text), 60), " overlaps must_ignore ",
                             Snip(gold.must_ignore[ig.index], 60)));
          return true;
        }
      }
      return false;
    };
    for (const Quote& q : ex.quotes) check("quote", q.span);
    for (const PriorityList& l : ex.lists) {
      for (const ListItem& it : l.items) check("list item", it.span);
    }
    for (const Event& e : ex.events) {
      if (check("event", e.span)) continue;
      for (Span m : e.mentions) {
        if (check("event mention", m)) break;
      }
    }
  }
};

}  // namespace

ArticleScore Score(std::string_view text, const Extraction& extraction,
                   const GoldArticle& gold, const ScoreOptions& options) {
  ArticleScore out;
  out.counts.articles = 1;
  Scorer s{text, extraction, gold, options, &out, options.collect_errors};
  if (gold.format == GoldFormat::kPolnear) {
    s.PolnearQuotes();
    return out;
  }
  if (gold.has_quotes) s.DipxQuotes();
  if (gold.has_lists) s.Lists();
  if (gold.has_partnerships) s.Partnerships();
  if (gold.has_events) s.Events();
  s.Boilerplate();
  return out;
}

std::vector<Metric> Metrics(const EvalCounts& c) {
  std::vector<Metric> out;
  auto prf = [&](const std::string& name, const Prf& p) {
    out.push_back({name + ".precision", p.Precision(), p.measured(), false});
    out.push_back({name + ".recall", p.Recall(), p.measured(), false});
    out.push_back({name + ".f1", p.F1(), p.measured(), false});
  };
  auto ratio = [&](const std::string& name, const Ratio& r) {
    out.push_back({name, r.Value(), r.measured(), false});
  };
  prf("quotes.direct_partial", c.quotes_direct_partial);
  prf("quotes.indirect", c.quotes_indirect);
  ratio("quotes.attribution.accuracy", c.attribution);
  prf("lists", c.lists);
  prf("partnerships", c.partnerships);
  prf("events", c.events);
  ratio("events.location.accuracy", c.event_location);
  out.push_back({"boilerplate.violations", static_cast<double>(c.boilerplate_violations),
                 c.boilerplate_strings > 0, true});
  prf("polnear.direct", c.polnear_direct);
  prf("polnear.partial", c.polnear_partial);
  prf("polnear.direct_partial", c.polnear_direct_partial);
  prf("polnear.indirect", c.polnear_indirect);
  ratio("polnear.speaker_mention.accuracy", c.speaker_mention);
  out.push_back({"gold.text_not_found", static_cast<double>(c.gold_text_not_found),
                 c.articles > 0, true});
  return out;
}

// ---------------------------------------------------------------------------
// The command.

namespace {

constexpr const char kUsage[] =
    "usage: dipx eval --gold G.jsonl [--articles A] [options]\n"
    "Runs the extractor over the articles and scores it against hand annotations.\n"
    "  --gold PATH          gold annotations, one JSON object per line (required)\n"
    "  --articles PATH      articles: a JSONL file ({\"id\", \"text\"} per line), a .txt\n"
    "                       file or a directory of .txt files (id = file name without\n"
    "                       .txt); default: the \"text\" of each gold record\n"
    "  --format F           gold format: auto (default), dipx or polnear\n"
    "  --errors             list every miss, false hit and wrong speaker\n"
    "  --json               print a JSON summary instead of the table\n"
    "  --threads N          extract with N threads (default 1)\n"
    "  --floor FILE         check scores against floors (dataset<TAB>metric<TAB>min);\n"
    "                       exit 1 naming each metric below its floor\n"
    "  --dataset NAME       which floor rows apply (required with --floor)\n"
    "  --use-gold-spans     locate gold quotes by their \"span\" field when present\n"
    "  --repair-utf8        replace invalid UTF-8 in articles instead of failing\n";

struct EvalArgs {
  std::string gold, articles, format = "auto", floor, dataset;
  bool errors = false, json = false, use_gold_spans = false, repair_utf8 = false;
  int threads = 1;
};

int UsageError(std::FILE* err, const std::string& message) {
  std::fprintf(err, "dipx eval: %s\n%s", message.c_str(), kUsage);
  return 2;
}

// Returns -1 when parsed, else the exit code.
int ParseArgs(int argc, char** argv, std::FILE* out, std::FILE* err, EvalArgs* args) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool has_value = false;
    if (arg.rfind("--", 0) == 0) {
      size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        has_value = true;
      }
    }
    auto take = [&](std::string* dst) -> bool {
      if (!has_value) {
        if (i + 1 >= argc) return false;
        value = argv[++i];
      }
      *dst = value;
      return true;
    };
    auto flag = [&](bool* dst) -> bool {
      if (has_value) return false;
      *dst = true;
      return true;
    };
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, out);
      return 0;
    }
    bool ok;
    if (arg == "--gold") {
      ok = take(&args->gold);
    } else if (arg == "--articles") {
      ok = take(&args->articles);
    } else if (arg == "--format") {
      ok = take(&args->format);
    } else if (arg == "--floor") {
      ok = take(&args->floor);
    } else if (arg == "--dataset") {
      ok = take(&args->dataset);
    } else if (arg == "--threads") {
      std::string n;
      ok = take(&n);
      if (ok) {
        char* end = nullptr;
        errno = 0;
        long v = std::strtol(n.c_str(), &end, 10);
        if (n.empty() || *end != '\0' || errno != 0 || v < 1 || v > 256) {
          return UsageError(err, "--threads needs a number from 1 to 256, got '" + n + "'");
        }
        args->threads = static_cast<int>(v);
      }
    } else if (arg == "--errors") {
      ok = flag(&args->errors);
    } else if (arg == "--json") {
      ok = flag(&args->json);
    } else if (arg == "--use-gold-spans") {
      ok = flag(&args->use_gold_spans);
    } else if (arg == "--repair-utf8") {
      ok = flag(&args->repair_utf8);
    } else {
      return UsageError(err, "unknown argument '" + std::string(argv[i]) + "'");
    }
    if (!ok) {
      return UsageError(err, has_value ? arg + " takes no value" : arg + " needs a value");
    }
  }
  if (args->gold.empty()) return UsageError(err, "--gold is required");
  if (args->format != "auto" && args->format != "dipx" && args->format != "polnear") {
    return UsageError(err, "--format must be auto, dipx or polnear, got '" + args->format + "'");
  }
  if (!args->floor.empty() && args->dataset.empty()) {
    return UsageError(err, "--floor needs --dataset NAME to select its rows");
  }
  return -1;
}

struct ArticleText {
  std::string text;
  std::string date;
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

absl::Status ReadWholeFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", path));
  *out = s.str();
  return absl::OkStatus();
}

// Loads articles from a JSONL file, a .txt file or a directory of .txt
// files. Per-record problems go to `problems`; a non-OK status means the
// input as a whole cannot be read.
absl::Status LoadArticles(const std::string& path, bool repair_utf8,
                          absl::flat_hash_map<std::string, ArticleText>* articles,
                          std::vector<std::string>* problems) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path != "-" && fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".txt") files.push_back(it->path());
    }
    if (ec) return absl::NotFoundError(absl::StrCat("cannot list ", path, ": ", ec.message()));
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      ArticleText a;
      absl::Status s = ReadWholeFile(f.string(), &a.text);
      if (!s.ok()) {
        problems->push_back(std::string(s.message()));
        continue;
      }
      (*articles)[f.stem().string()] = std::move(a);
    }
    return absl::OkStatus();
  }
  if (EndsWith(path, ".txt")) {
    ArticleText a;
    absl::Status s = ReadWholeFile(path, &a.text);
    if (!s.ok()) return s;
    (*articles)[fs::path(path).stem().string()] = std::move(a);
    return absl::OkStatus();
  }
  absl::flat_hash_map<std::string, size_t> first_line;
  return ForEachJsonlRecord(
      path,
      [&](const JsonlRecord& r) {
        if (!r.error.empty()) {
          problems->push_back(absl::StrCat(path, ":", r.line, ": ", r.error));
          return;
        }
        if (r.id.empty()) {
          problems->push_back(absl::StrCat(path, ":", r.line, ": record has no \"id\""));
          return;
        }
        auto [it, inserted] = first_line.emplace(r.id, r.line);
        if (!inserted) {
          problems->push_back(absl::StrCat(path, ":", r.line, ": duplicate id \"", r.id,
                                           "\" (first on line ", it->second, "); line skipped"));
          return;
        }
        (*articles)[r.id] = ArticleText{std::string(r.text), r.date};
      },
      repair_utf8);
}

std::string Fixed(double v) { return absl::StrFormat("%.3f", v); }

void PrintPrfRow(std::FILE* out, const char* name, const Prf& p) {
  if (!p.measured()) return;
  std::fprintf(out, "%-28s %6lld %6lld %6lld   %6.3f %6.3f %6.3f\n", name,
               static_cast<long long>(p.gold), static_cast<long long>(p.predicted),
               static_cast<long long>(p.matched), p.Precision(), p.Recall(), p.F1());
}

void PrintRatioRow(std::FILE* out, const char* name, const Ratio& r) {
  if (!r.measured()) return;
  std::fprintf(out, "%-28s %13lld / %-6lld %6.3f\n", name, static_cast<long long>(r.right),
               static_cast<long long>(r.total), r.Value());
}

void PrintTable(std::FILE* out, const EvalCounts& c) {
  std::fprintf(out, "%-28s %6s %6s %6s   %6s %6s %6s\n", "", "gold", "pred", "match",
               "prec", "recall", "F1");
  PrintPrfRow(out, "quotes direct+partial", c.quotes_direct_partial);
  PrintPrfRow(out, "quotes indirect", c.quotes_indirect);
  PrintPrfRow(out, "lists", c.lists);
  PrintPrfRow(out, "partnerships", c.partnerships);
  PrintPrfRow(out, "events (merged gold)", c.events);
  PrintPrfRow(out, "polnear direct", c.polnear_direct);
  PrintPrfRow(out, "polnear partial (mixed)", c.polnear_partial);
  PrintPrfRow(out, "polnear direct+partial", c.polnear_direct_partial);
  PrintPrfRow(out, "polnear indirect (speech)", c.polnear_indirect);
  std::fprintf(out, "%-28s %13s   %-6s %6s\n", "", "right", "total", "acc");
  PrintRatioRow(out, "quote attribution", c.attribution);
  PrintRatioRow(out, "event location", c.event_location);
  PrintRatioRow(out, "polnear speaker mention", c.speaker_mention);
  if (c.boilerplate_strings > 0) {
    std::fprintf(out, "boilerplate violations: %lld (%lld must_ignore strings)\n",
                 static_cast<long long>(c.boilerplate_violations),
                 static_cast<long long>(c.boilerplate_strings));
  }
  if (c.gold_text_not_found > 0) {
    std::fprintf(out, "gold texts not found in their article: %lld (scored as misses)\n",
                 static_cast<long long>(c.gold_text_not_found));
  }
}

void AppendPrfJson(const char* name, const Prf& p, std::string* json) {
  absl::StrAppend(json, "\"", name, "\":{\"gold\":", p.gold, ",\"predicted\":", p.predicted,
                  ",\"matched\":", p.matched, "}");
}

}  // namespace

absl::StatusOr<std::vector<Floor>> ReadFloors(const std::string& path,
                                              const std::string& dataset) {
  const std::vector<Metric> known = Metrics(EvalCounts());
  std::vector<Floor> rows;
  std::vector<Floor>* floors = &rows;
  std::string content;
  absl::Status s = ReadWholeFile(path, &content);
  if (!s.ok()) return s;
  std::istringstream in(content);
  std::string line;
  size_t number = 0;
  bool header_seen = false;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      cols.push_back(line.substr(start, tab == std::string::npos ? std::string::npos
                                                                  : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (!header_seen && !cols.empty() && cols[0] == "dataset") {
      header_seen = true;
      continue;
    }
    header_seen = true;
    if (cols.size() != 3) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", number, ": expected 3 tab-separated columns (dataset, metric, min), got ",
          cols.size()));
    }
    bool found = false;
    for (const Metric& m : known) found = found || m.name == cols[1];
    if (!found) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", number, ": unknown metric \"", cols[1], "\""));
    }
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(cols[2].c_str(), &end);
    if (cols[2].empty() || *end != '\0' || errno != 0 || !std::isfinite(v)) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", number, ": bad number \"", cols[2], "\""));
    }
    if (cols[0] == dataset) floors->push_back({cols[1], v, number});
  }
  if (floors->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": no rows for dataset \"", dataset, "\""));
  }
  return rows;
}

int RunEval(int argc, char** argv, std::FILE* out, std::FILE* err) {
  EvalArgs args;
  int code = ParseArgs(argc, argv, out, err, &args);
  if (code >= 0) return code;
  const GoldFormat format = args.format == "dipx"      ? GoldFormat::kDipx
                            : args.format == "polnear" ? GoldFormat::kPolnear
                                                       : GoldFormat::kAuto;
  // Floors first: a bad floors file is a usage error, found before work.
  std::vector<Floor> floors;
  if (!args.floor.empty()) {
    absl::StatusOr<std::vector<Floor>> rows = ReadFloors(args.floor, args.dataset);
    if (!rows.ok()) return UsageError(err, std::string(rows.status().message()));
    floors = *std::move(rows);
  }

  absl::StatusOr<GoldFile> gold = ReadGoldFile(args.gold, format);
  if (!gold.ok()) return UsageError(err, std::string(gold.status().message()));
  for (const std::string& e : gold->errors) std::fprintf(err, "dipx eval: %s\n", e.c_str());

  absl::flat_hash_map<std::string, ArticleText> articles;
  if (!args.articles.empty()) {
    std::vector<std::string> problems;
    absl::Status s = LoadArticles(args.articles, args.repair_utf8, &articles, &problems);
    if (!s.ok()) return UsageError(err, std::string(s.message()));
    for (const std::string& p : problems) std::fprintf(err, "dipx eval: %s\n", p.c_str());
  }

  // Pair each gold record with its article text.
  struct Work {
    const GoldArticle* gold;
    std::string_view text;
    std::string_view date;
    ArticleScore score;
    std::string failure;
  };
  std::vector<Work> work;
  size_t missing = 0;
  for (const GoldArticle& g : gold->articles) {
    std::string_view text, date;
    auto it = articles.find(g.id);
    if (g.format == GoldFormat::kPolnear && g.has_text) {
      text = g.text;  // PolNeAR offsets index the record's own text
    } else if (it != articles.end()) {
      text = it->second.text;
      date = it->second.date;
    } else if (g.has_text) {
      text = g.text;
    } else {
      ++missing;
      std::fprintf(err, "dipx eval: %s:%zu: no article with id \"%s\"%s; not scored\n",
                   args.gold.c_str(), g.line, g.id.c_str(),
                   args.articles.empty() ? " (pass --articles)" : "");
      continue;
    }
    work.push_back({&g, text, date, {}, {}});
  }
  if (work.empty()) {
    std::fprintf(err, "dipx eval: no article could be scored\n");
    return 1;
  }

  ExtractorOptions options;
  options.repair_utf8 = args.repair_utf8;
  absl::StatusOr<std::unique_ptr<Extractor>> extractor = Extractor::Create(options);
  if (!extractor.ok()) {
    std::fprintf(err, "dipx eval: %s\n", std::string(extractor.status().message()).c_str());
    return 1;
  }
  ScoreOptions score_options;
  score_options.use_gold_spans = args.use_gold_spans;
  score_options.collect_errors = args.errors;
  std::atomic<size_t> next{0};
  auto worker = [&]() {
    for (size_t i = next++; i < work.size(); i = next++) {
      Work& w = work[i];
      ArticleContext context;
      context.publication_date = w.date;
      absl::StatusOr<Extraction> ex = (*extractor)->Extract(w.text, context);
      if (!ex.ok()) {
        // Score an empty extraction so the article's gold counts as missed.
        w.failure = std::string(ex.status().message());
        w.score = Score(w.text, Extraction(), *w.gold, score_options);
        continue;
      }
      std::string_view text =
          ex->repaired_sequences > 0 && !ex->repaired_text.empty() ? ex->repaired_text : w.text;
      w.score = Score(text, *ex, *w.gold, score_options);
    }
  };
  const size_t threads = std::min<size_t>(static_cast<size_t>(args.threads), work.size());
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
  }

  EvalCounts total;
  size_t failed = 0;
  for (const Work& w : work) {
    total.Add(w.score.counts);
    if (!w.failure.empty()) {
      ++failed;
      std::fprintf(err, "dipx eval: %s: extraction failed: %s (gold counted as missed)\n",
                   w.gold->id.c_str(), w.failure.c_str());
    }
  }

  // Floors.
  std::vector<std::string> below;
  const std::vector<Metric> metrics = Metrics(total);
  for (const Floor& f : floors) {
    for (const Metric& m : metrics) {
      if (m.name != f.metric) continue;
      if (!m.measured) {
        // Nothing to measure: only a floor above 0 can fail.
        if (m.upper_bound || f.bound <= 0) continue;
        below.push_back(absl::StrCat(f.metric, " was not measured (floor ", f.bound, ", ",
                                     args.floor, ":", f.line, ")"));
      } else if (m.upper_bound ? m.value > f.bound + 1e-9 : m.value < f.bound - 1e-9) {
        below.push_back(absl::StrCat(f.metric, " = ", Fixed(m.value),
                                     m.upper_bound ? " above its limit " : " below its floor ",
                                     f.bound, " (", args.floor, ":", f.line, ")"));
      }
    }
  }

  if (args.json) {
    std::string json = "{\"dataset\":";
    if (args.dataset.empty()) {
      json += "null";
    } else {
      AppendJsonString(args.dataset, &json);
    }
    absl::StrAppend(&json, ",\"articles\":", total.articles, ",\"gold_errors\":",
                    gold->errors.size(), ",\"articles_missing\":", missing,
                    ",\"extraction_failures\":", failed, ",\"metrics\":{");
    bool first = true;
    for (const Metric& m : metrics) {
      if (!m.measured) continue;
      absl::StrAppend(&json, first ? "" : ",", "\"", m.name, "\":",
                      m.upper_bound ? absl::StrCat(static_cast<int64_t>(m.value))
                                    : absl::StrFormat("%.4f", m.value));
      first = false;
    }
    json += "},\"counts\":{";
    AppendPrfJson("quotes.direct_partial", total.quotes_direct_partial, &json);
    json += ",";
    AppendPrfJson("quotes.indirect", total.quotes_indirect, &json);
    json += ",";
    AppendPrfJson("lists", total.lists, &json);
    json += ",";
    AppendPrfJson("partnerships", total.partnerships, &json);
    json += ",";
    AppendPrfJson("events", total.events, &json);
    json += ",";
    AppendPrfJson("polnear.direct_partial", total.polnear_direct_partial, &json);
    json += ",";
    AppendPrfJson("polnear.indirect", total.polnear_indirect, &json);
    absl::StrAppend(&json, "},\"floors_failed\":[");
    for (size_t i = 0; i < below.size(); ++i) {
      if (i > 0) json += ",";
      AppendJsonString(below[i], &json);
    }
    json += "]";
    if (args.errors) {
      json += ",\"errors\":[";
      bool first_error = true;
      for (const Work& w : work) {
        for (const std::string& e : w.score.errors) {
          json += first_error ? "{\"id\":" : ",{\"id\":";
          first_error = false;
          AppendJsonString(w.gold->id, &json);
          json += ",\"error\":";
          AppendJsonString(e, &json);
          json += "}";
        }
      }
      json += "]";
    }
    json += "}\n";
    std::fputs(json.c_str(), out);
  } else {
    if (args.errors) {
      for (const Work& w : work) {
        for (const std::string& e : w.score.errors) {
          std::fprintf(out, "%s\t%s\n", w.gold->id.c_str(), e.c_str());
        }
      }
      std::fputs("\n", out);
    }
    std::fprintf(out, "dipx eval: %lld articles scored%s%s", static_cast<long long>(total.articles),
                 args.dataset.empty() ? "" : " on ", args.dataset.c_str());
    if (!gold->errors.empty() || missing > 0 || failed > 0) {
      std::fprintf(out, " (%zu gold lines rejected, %zu articles missing, %zu failed)",
                   gold->errors.size(), missing, failed);
    }
    std::fputs("\n", out);
    PrintTable(out, total);
    if (!floors.empty() && below.empty()) {
      std::fprintf(out, "floors: all %zu at or above their floors (%s, dataset %s)\n",
                   floors.size(), args.floor.c_str(), args.dataset.c_str());
    }
  }
  for (const std::string& b : below) std::fprintf(err, "dipx eval: FLOOR: %s\n", b.c_str());
  return below.empty() ? 0 : 1;
}

}  // namespace dipx::cli
