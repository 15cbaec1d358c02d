// `dipx eval`: runs the Extractor over annotated articles and scores the
// output against hand annotations, by the rules of
// ../shared/seeds/GOLD_FORMAT.md (dipx gold) or ../shared/polnear/README.md
// (PolNeAR gold).
//
//   dipx eval --articles A.jsonl --gold G.jsonl [--errors] [--json]
//             [--format auto|dipx|polnear] [--threads N]
//             [--floor eval/floors.tsv --dataset NAME] [--use-gold-spans]
//
// The scorer is exposed for tests and other tools:
//
//   cli::ArticleScore s = cli::Score(text, extraction, gold_article);
//   s.counts.quotes_direct_partial.F1();
//
// Text assumptions: article text is UTF-8; every Extraction span is a byte
// range into `text` (the repaired text when the Extraction says so).
// Cost: matching is one-to-one (maximum bipartite matching) per article;
// candidate pairs are found by sorted-span lookups, so typical articles
// score in time linear in their size.
//
// Thread-safety: Score() is a pure function, safe from any thread.
#ifndef DIPX_CLI_EVAL_H_
#define DIPX_CLI_EVAL_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "cli/gold.h"
#include "dipx/extraction.h"

namespace dipx::cli {

// The `dipx eval` command; argv[0] == "eval". Writes the report to `out`
// and diagnostics to `err`. Returns 0 on success, 1 when a score is below
// its floor (or no article could be scored), 2 on usage errors (bad flags,
// unreadable files, a bad floors file).
int RunEval(int argc, char** argv, std::FILE* out, std::FILE* err);

// Precision / recall counts. Optional gold entries are neither required
// nor penalised: they are left out of `gold`, and predictions matched to
// them are left out of `predicted`.
struct Prf {
  int64_t gold = 0;       // required gold entries
  int64_t predicted = 0;  // predictions (minus those matched to optional gold)
  int64_t matched = 0;    // required gold entries matched one-to-one

  // 0 when the denominator is 0.
  double Precision() const;
  double Recall() const;
  double F1() const;
  // False when there was neither gold nor prediction (nothing measured).
  bool measured() const { return gold > 0 || predicted > 0; }
  void Add(const Prf& other);
};

struct Ratio {
  int64_t right = 0;
  int64_t total = 0;
  double Value() const { return total > 0 ? static_cast<double>(right) / total : 0.0; }
  bool measured() const { return total > 0; }
  void Add(const Ratio& other) { right += other.right; total += other.total; }
};

struct EvalCounts {
  int64_t articles = 0;
  // dipx gold (GOLD_FORMAT.md).
  Prf quotes_direct_partial;   // direct and partial together
  Prf quotes_indirect;
  Ratio attribution;           // right speakers / matched quotes with a gold speaker
  Prf lists;                   // a gold list is found at >= 80% of its items
  Prf partnerships;
  Prf events;                  // against merged gold events
  Ratio event_location;        // over matched events
  int64_t boilerplate_violations = 0;  // extracted spans overlapping must_ignore
  int64_t boilerplate_strings = 0;     // must_ignore strings checked
  // PolNeAR gold.
  Prf polnear_direct;          // PolNeAR direct vs dipx direct
  Prf polnear_partial;         // mixed quotes' fragments vs dipx partial
  Prf polnear_direct_partial;  // both, kind-agnostic within the pair
  Prf polnear_indirect;        // indirect with a speech cue vs dipx indirect
  Ratio speaker_mention;       // over matched PolNeAR quotes
  // Gold texts that do not occur in their article (scored as misses).
  int64_t gold_text_not_found = 0;

  void Add(const EvalCounts& other);
};

struct ScoreOptions {
  // Locate gold quotes by their annotated "span" (devset, code points)
  // when it is present and consistent, instead of searching their text.
  bool use_gold_spans = false;
  // Fill ArticleScore::errors.
  bool collect_errors = true;
};

struct ArticleScore {
  EvalCounts counts;
  // One line per miss, false hit, wrong speaker or location, boilerplate
  // violation: "quote direct+partial: miss: [12, 40) \"…\"".
  std::vector<std::string> errors;
};

// Scores one article. `text` is the article the Extraction's spans index
// into; `gold.format` selects the rules. Sections absent from the gold
// record are not scored.
ArticleScore Score(std::string_view text, const Extraction& extraction,
                   const GoldArticle& gold, const ScoreOptions& options = {});

// A named figure of EvalCounts, as used by --json and floors files.
struct Metric {
  std::string name;         // "quotes.direct_partial.f1", "events.location.accuracy", …
  double value = 0.0;
  bool measured = false;    // false: nothing to measure (no gold, no prediction)
  bool upper_bound = false; // true for counts that should stay low ("…violations")
};

// Every metric, in report order (unmeasured ones included, flagged).
std::vector<Metric> Metrics(const EvalCounts& counts);

// One row of a floors file: dataset<TAB>metric<TAB>bound. The bound is a
// minimum, except for upper-bound metrics ("boilerplate.violations",
// "gold.text_not_found"), where it is a maximum. A metric that measured
// nothing passes unless its floor is above 0.
struct Floor {
  std::string metric;
  double bound = 0.0;
  size_t line = 0;  // 1-based line in the file
};

// The rows of the floors file `path` for `dataset`. '#' lines and blank
// lines are skipped; a first row "dataset<TAB>metric<TAB>min" is a header.
// Errors: NotFound for an unreadable file; InvalidArgument naming file and
// line for a malformed row or an unknown metric, or when no row names
// `dataset`.
absl::StatusOr<std::vector<Floor>> ReadFloors(const std::string& path,
                                              const std::string& dataset);

// Person names match by surname (the last token; a one-token name also
// matches the other name's first token); names of organisations and
// countries match when equal ignoring case and a leading "the".
bool SameSpeaker(std::string_view predicted, std::string_view gold);

}  // namespace dipx::cli

#endif  // DIPX_CLI_EVAL_H_
