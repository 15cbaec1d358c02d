// Hand annotations ("gold") for `dipx eval`: a reader for the dipx gold
// format (../shared/seeds/GOLD_FORMAT.md, with the devset's extra fields)
// and for PolNeAR attribution records.
//
//   cli::GoldFile gold = cli::ReadGoldFile("gold.jsonl", cli::GoldFormat::kAuto);
//   for (const std::string& e : gold.errors) std::fprintf(stderr, "%s\n", e.c_str());
//   for (const cli::GoldArticle& a : gold.articles) { ... }
//
// One JSON object per line. dipx format: {"id", "quotes": [{text, kind,
// speaker, …}], "lists", "partnerships", "events", "must_ignore",
// "boilerplate"}; a section that is absent is not scored for that article
// (an empty array is: then every prediction is a false hit). PolNeAR format:
// {"id", "text", "quotes": [{begin, end, text, kind: direct|mixed|indirect,
// speaker, speaker_span, speaker_is_pronoun, cue, quoted_fragments}]}.
// Unknown fields are ignored; fields the scorer uses are type-checked, and
// a line with a bad field is rejected whole with a message naming the field
// ("quotes[3].kind: expected direct, partial or indirect"), never guessed.
//
// Text assumptions: gold texts are UTF-8; PolNeAR begin/end are byte
// offsets into the record's "text"; the devset's quote "span" is in code
// points and is kept as such (the scorer converts it).
//
// Thread-safety: plain value types; ParseGoldLine needs one parser per
// thread.
#ifndef DIPX_CLI_GOLD_H_
#define DIPX_CLI_GOLD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dipx/quote.h"
#include "dipx/span.h"
#include "simdjson.h"

namespace dipx::cli {

enum class GoldFormat : uint8_t {
  kAuto,     // decide per line: PolNeAR when quotes carry begin/end and the
             // record has a string "text", else dipx
  kDipx,     // GOLD_FORMAT.md
  kPolnear,  // PolNeAR JSON Lines (../shared/polnear/README.md)
};

// "auto", "dipx", "polnear".
const char* GoldFormatName(GoldFormat format);

struct GoldQuote {
  std::string text;
  QuoteKind kind = QuoteKind::kDirect;
  bool mixed = false;            // PolNeAR "mixed" (kind is then kIndirect)
  bool has_speaker = false;      // false: "speaker": null
  std::string speaker;
  // Devset: code-point span [begin, end); PolNeAR: byte span.
  bool has_span = false;
  uint32_t begin = 0, end = 0;
  // PolNeAR only.
  bool has_speaker_span = false;
  Span speaker_span;             // bytes
  bool speaker_is_pronoun = false;
  std::string cue;
  std::vector<Span> fragments;   // quoted fragments of a mixed quote (bytes)
};

struct GoldList {
  bool has_head = false;
  std::string head;
  int declared_count = -1;       // -1: null
  std::vector<std::string> items;
  bool optional = false;
};

struct GoldPartnership {
  std::string text;
  std::vector<std::string> variants;  // other surface forms of the level
  std::vector<std::string> parties;
  int year = 0;                  // 0: null
  std::string status;            // "" when absent
  bool optional = false;
};

struct GoldEvent {
  std::string type;              // lower case
  std::vector<std::string> participants;
  std::string location;          // "" for null
  std::string venue;
  std::string date_text;
};

struct GoldArticle {
  std::string id;
  size_t line = 0;               // 1-based line in the gold file
  GoldFormat format = GoldFormat::kDipx;
  bool has_text = false;         // the record carries the article ("text")
  std::string text;
  bool has_quotes = false, has_lists = false, has_partnerships = false,
       has_events = false;
  std::vector<GoldQuote> quotes;
  std::vector<GoldList> lists;
  std::vector<GoldPartnership> partnerships;
  std::vector<GoldEvent> events;
  std::vector<std::string> must_ignore;
  std::vector<std::string> boilerplate;
};

// Parses one gold line (no trailing newline needed). `format` kAuto
// detects per line; the result's `format` says which was used.
// Errors: InvalidArgument with a message naming the offending field; never
// crashes on any input. Cost: linear in the line length.
absl::StatusOr<GoldArticle> ParseGoldLine(std::string_view line,
                                          GoldFormat format,
                                          simdjson::dom::parser* parser);

struct GoldFile {
  std::vector<GoldArticle> articles;  // in file order, ids unique
  // "PATH:LINE: message" for each rejected line (those lines are skipped).
  std::vector<std::string> errors;
};

// Reads every line of `path`. Blank lines are skipped; a line that does
// not parse, or repeats an earlier id, is reported in `errors` and skipped.
// Errors: NotFound (cannot open) or DataLoss (read error) for the file.
absl::StatusOr<GoldFile> ReadGoldFile(const std::string& path, GoldFormat format);

}  // namespace dipx::cli

#endif  // DIPX_CLI_GOLD_H_
