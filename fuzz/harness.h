// Entry points shared by the libFuzzer harnesses (fuzz/*_fuzzer.cc) and the
// regression test (tests/fuzz_regression_test.cc): each runs one input
// through dipx and checks the invariants the fuzzers hunt for beyond
// crashes and sanitizer reports. Each returns "" when every invariant holds,
// else a description of the first violation (the fuzzers then abort).
//
//   RunExtractInput  Extractor::Extract, strict and with repair_utf8: the
//                    status fits the input, every span lies inside the text
//                    on UTF-8 boundaries, indices are in range, the JSON
//                    output is one valid JSON line, and both extractors
//                    agree on valid input.
//   RunJsonlInput    cli::LineReader + cli::RecordParser over the input as a
//                    file: one record per line, each either valid or with an
//                    error, and each error line is valid JSON.
//   RunGoldInput     cli::ParseGoldLine in every format; accepted records
//                    are scored (cli::Score) against dipx's output.
//
// Thread-safety: the functions use process-wide extractors and parsers;
// call them from one thread.
#ifndef DIPX_FUZZ_HARNESS_H_
#define DIPX_FUZZ_HARNESS_H_

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/eval.h"
#include "cli/gold.h"
#include "cli/jsonl_reader.h"
#include "dipx/extractor.h"
#include "dipx/json.h"
#include "dipx/utf8.h"
#include "simdjson.h"

namespace dipx::fuzz {

// Inputs larger than this are skipped by the harnesses (libFuzzer's -max_len
// keeps them far smaller; the hostile-input test covers huge articles).
inline constexpr size_t kMaxFuzzInputBytes = size_t{1} << 20;

inline const Extractor& FuzzExtractor(bool repair_utf8) {
  static const Extractor* const strict = [] {
    ExtractorOptions o;
    o.publication_date = "2024-03-18";
    auto e = Extractor::Create(o);
    if (!e.ok()) {
      std::fprintf(stderr, "Extractor::Create: %s\n", e.status().ToString().c_str());
      std::abort();
    }
    return e->release();
  }();
  static const Extractor* const repair = [] {
    ExtractorOptions o;
    o.repair_utf8 = true;
    o.publication_date = "2024-03-18";
    auto e = Extractor::Create(o);
    if (!e.ok()) {
      std::fprintf(stderr, "Extractor::Create: %s\n", e.status().ToString().c_str());
      std::abort();
    }
    return e->release();
  }();
  return repair_utf8 ? *repair : *strict;
}

namespace harness_internal {

inline bool IsContinuation(std::string_view text, uint32_t offset) {
  return offset < text.size() &&
         (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80;
}

// "" when `span` is empty-or-inside `text` on code-point boundaries.
inline std::string CheckSpan(std::string_view text, Span span, const std::string& what) {
  if (span.begin > span.end) {
    return absl::StrCat(what, ": begin ", span.begin, " > end ", span.end);
  }
  if (span.begin == 0 && span.end == 0) return "";  // "absent"
  if (span.end > text.size()) {
    return absl::StrCat(what, ": [", span.begin, ", ", span.end, ") beyond the text of ",
                        text.size(), " bytes");
  }
  if (IsContinuation(text, span.begin) || IsContinuation(text, span.end)) {
    return absl::StrCat(what, ": [", span.begin, ", ", span.end,
                        ") splits a UTF-8 sequence");
  }
  return "";
}

inline std::string CheckString(std::string_view s, const std::string& what) {
  if (FindInvalidUtf8(s) != std::string_view::npos) {
    return absl::StrCat(what, ": invalid UTF-8 in \"", std::string(s.substr(0, 80)), "\"");
  }
  return "";
}

#define DIPX_FUZZ_CHECK(expr)            \
  do {                                   \
    std::string dipx_fuzz_error = (expr); \
    if (!dipx_fuzz_error.empty()) return dipx_fuzz_error; \
  } while (0)

// Every invariant of one Extraction of `text` by an Extractor with `options`.
inline std::string CheckExtraction(std::string_view text, const Extraction& x,
                                   const ExtractorOptions& options) {
  DIPX_FUZZ_CHECK(CheckString(text, "analysed text"));
  for (size_t i = 0; i < x.quotes.size(); ++i) {
    const Quote& q = x.quotes[i];
    const std::string at = absl::StrCat("quotes[", i, "]");
    DIPX_FUZZ_CHECK(CheckSpan(text, q.span, at + ".span"));
    DIPX_FUZZ_CHECK(CheckSpan(text, q.cue, at + ".cue"));
    DIPX_FUZZ_CHECK(CheckSpan(text, q.speaker.mention, at + ".speaker.mention"));
    DIPX_FUZZ_CHECK(CheckString(q.speaker.name, at + ".speaker.name"));
    DIPX_FUZZ_CHECK(CheckString(q.speaker.role, at + ".speaker.role"));
    DIPX_FUZZ_CHECK(CheckString(q.speaker.affiliation, at + ".speaker.affiliation"));
    if (q.span.size() > options.max_quote_bytes) {
      return absl::StrCat(at, " of ", q.span.size(), " bytes, above max_quote_bytes");
    }
    if (!(q.confidence >= 0.0f && q.confidence <= 1.0f)) {
      return absl::StrCat(at, ".confidence ", q.confidence, " outside [0, 1]");
    }
    if (i > 0 && q.span.begin < x.quotes[i - 1].span.begin) {
      return absl::StrCat(at, " out of text order");
    }
  }
  for (size_t i = 0; i < x.lists.size(); ++i) {
    const PriorityList& l = x.lists[i];
    const std::string at = absl::StrCat("lists[", i, "]");
    DIPX_FUZZ_CHECK(CheckSpan(text, l.span, at + ".span"));
    DIPX_FUZZ_CHECK(CheckSpan(text, l.head, at + ".head"));
    for (size_t j = 0; j < l.items.size(); ++j) {
      DIPX_FUZZ_CHECK(CheckSpan(text, l.items[j].span, absl::StrCat(at, ".items[", j, "]")));
    }
    if (l.parent < -1 || l.parent >= static_cast<int>(x.lists.size())) {
      return absl::StrCat(at, ".parent ", l.parent, " out of range");
    }
    if (l.items.size() > options.max_list_items) {
      return absl::StrCat(at, " has ", l.items.size(), " items, above max_list_items");
    }
  }
  for (size_t i = 0; i < x.partnerships.size(); ++i) {
    const Partnership& p = x.partnerships[i];
    const std::string at = absl::StrCat("partnerships[", i, "]");
    DIPX_FUZZ_CHECK(CheckSpan(text, p.span, at + ".span"));
    DIPX_FUZZ_CHECK(CheckString(p.level, at + ".level"));
    for (const std::string& party : p.parties) DIPX_FUZZ_CHECK(CheckString(party, at + ".parties"));
  }
  for (size_t i = 0; i < x.partnership_summaries.size(); ++i) {
    for (int h : x.partnership_summaries[i].history) {
      if (h < 0 || h >= static_cast<int>(x.partnerships.size())) {
        return absl::StrCat("partnership_summaries[", i, "].history index ", h,
                            " out of range");
      }
    }
  }
  for (size_t i = 0; i < x.events.size(); ++i) {
    const Event& e = x.events[i];
    const std::string at = absl::StrCat("events[", i, "]");
    DIPX_FUZZ_CHECK(CheckSpan(text, e.span, at + ".span"));
    DIPX_FUZZ_CHECK(CheckSpan(text, e.trigger, at + ".trigger"));
    DIPX_FUZZ_CHECK(CheckSpan(text, e.location, at + ".location"));
    DIPX_FUZZ_CHECK(CheckSpan(text, e.venue, at + ".venue"));
    DIPX_FUZZ_CHECK(CheckSpan(text, e.date_text, at + ".date_text"));
    DIPX_FUZZ_CHECK(CheckString(e.date, at + ".date"));
    for (size_t j = 0; j < e.mentions.size(); ++j) {
      DIPX_FUZZ_CHECK(CheckSpan(text, e.mentions[j], absl::StrCat(at, ".mentions[", j, "]")));
    }
    for (size_t j = 0; j < e.participants.size(); ++j) {
      const Participant& p = e.participants[j];
      const std::string pat = absl::StrCat(at, ".participants[", j, "]");
      DIPX_FUZZ_CHECK(CheckSpan(text, p.mention, pat + ".mention"));
      DIPX_FUZZ_CHECK(CheckString(p.name, pat + ".name"));
      DIPX_FUZZ_CHECK(CheckString(p.role, pat + ".role"));
      DIPX_FUZZ_CHECK(CheckString(p.country, pat + ".country"));
    }
  }
  DIPX_FUZZ_CHECK(CheckSpan(text, x.dateline, "dateline"));
  DIPX_FUZZ_CHECK(CheckSpan(text, x.dateline_place, "dateline_place"));
  DIPX_FUZZ_CHECK(CheckSpan(text, x.dateline_date, "dateline_date"));
  for (size_t i = 0; i < x.boilerplate.size(); ++i) {
    DIPX_FUZZ_CHECK(CheckSpan(text, x.boilerplate[i], absl::StrCat("boilerplate[", i, "]")));
  }
  return "";
}

inline simdjson::dom::parser& JsonChecker() {
  static simdjson::dom::parser* parser = new simdjson::dom::parser;
  return *parser;
}

// "" when `line` is one JSON object without raw newlines.
inline std::string CheckJsonLine(const std::string& line, const std::string& what) {
  if (line.find('\n') != std::string::npos || line.find('\r') != std::string::npos) {
    return what + ": raw line break in the JSON line";
  }
  simdjson::dom::element root;
  auto err = JsonChecker().parse(line).get(root);
  if (err != simdjson::SUCCESS) {
    return absl::StrCat(what, ": output is not valid JSON (", simdjson::error_message(err),
                        "): ", line.substr(0, 200));
  }
  if (!root.is_object()) return what + ": output is not a JSON object";
  return "";
}

}  // namespace harness_internal

inline std::string RunExtractInput(std::string_view text) {
  using namespace harness_internal;
  if (text.size() > kMaxFuzzInputBytes) return "";
  const bool valid = FindInvalidUtf8(text) == std::string_view::npos;

  absl::StatusOr<Extraction> strict = FuzzExtractor(false).Extract(text);
  if (valid != strict.ok()) {
    return absl::StrCat("strict Extract on ", valid ? "valid" : "invalid",
                        " UTF-8 returned ", strict.status().ToString());
  }
  if (!strict.ok() && strict.status().code() != absl::StatusCode::kInvalidArgument) {
    return "invalid UTF-8 gave " + strict.status().ToString();
  }
  std::string strict_json;
  if (strict.ok()) {
    DIPX_FUZZ_CHECK(CheckExtraction(text, *strict, FuzzExtractor(false).options()));
    AppendJson("fuzz", text, *strict, &strict_json);
    DIPX_FUZZ_CHECK(CheckJsonLine(strict_json, "strict"));
  }

  absl::StatusOr<Extraction> repaired = FuzzExtractor(true).Extract(text);
  if (!repaired.ok()) return "repair Extract failed: " + repaired.status().ToString();
  std::string_view analysed = text;
  if (repaired->repaired_sequences > 0) {
    if (valid) return "repair reported replacements in valid UTF-8";
    analysed = repaired->repaired_text;
  } else if (!valid) {
    return "invalid UTF-8 repaired without replacements";
  }
  DIPX_FUZZ_CHECK(CheckExtraction(analysed, *repaired, FuzzExtractor(true).options()));
  std::string repaired_json;
  AppendJson("fuzz", analysed, *repaired, &repaired_json);
  DIPX_FUZZ_CHECK(CheckJsonLine(repaired_json, "repair"));
  if (valid && repaired_json != strict_json) {
    return "strict and repairing extractors disagree on valid UTF-8";
  }
  return "";
}

inline std::string RunJsonlInput(std::string_view data) {
  using namespace harness_internal;
  if (data.size() > kMaxFuzzInputBytes) return "";
  // The first byte picks a line limit so that over-long lines are covered.
  size_t max_line = cli::kDefaultMaxLineBytes;
  if (!data.empty() && (static_cast<unsigned char>(data[0]) & 7) == 7) max_line = 64;
  size_t expected_lines = 0;
  for (char c : data) expected_lines += c == '\n';
  if (!data.empty() && data.back() != '\n') ++expected_lines;

  if (data.empty()) return "";  // fmemopen needs a non-empty buffer
  // A quarter of the inputs go through cli::LineReader on a FILE (its 1 MB
  // buffer makes it slow under ASan); the rest are split here the same way.
  const bool use_reader = (static_cast<unsigned char>(data[0]) & 0x18) == 0x18;
  std::string copy(data);      // fmemopen wants a mutable buffer
  std::FILE* f = use_reader ? fmemopen(&copy[0], copy.size(), "rb") : nullptr;
  if (use_reader && f == nullptr) return "fmemopen failed";
  std::unique_ptr<cli::LineReader> reader;
  if (use_reader) reader = std::make_unique<cli::LineReader>(f, max_line);
  size_t pos = 0, line_number = 0;
  auto next = [&](std::string* line, bool* too_long, size_t* length) {
    if (reader != nullptr) {
      if (!reader->Next(line, too_long, length)) return false;
      line_number = reader->line_number();
      return true;
    }
    if (pos >= data.size()) return false;
    size_t nl = data.find('\n', pos);
    size_t end = nl == std::string_view::npos ? data.size() : nl;
    *length = end - pos;
    *too_long = *length > max_line;
    line->assign(*too_long ? std::string_view() : data.substr(pos, end - pos));
    if (!line->empty() && line->back() == '\r') line->pop_back();
    pos = end + 1;
    ++line_number;
    return true;
  };
  static cli::RecordParser* strict = new cli::RecordParser(false);
  static cli::RecordParser* repair = new cli::RecordParser(true);
  std::string line, line_copy;
  bool too_long = false;
  size_t length = 0, lines = 0;
  std::string error;
  while (next(&line, &too_long, &length)) {
    ++lines;
    if (line_number != lines) {
      error = absl::StrCat("line number ", line_number, " for line ", lines);
      break;
    }
    if (too_long) {
      if (length <= max_line) {
        error = absl::StrCat("line of ", length, " bytes flagged too long");
        break;
      }
      continue;
    }
    if (line.size() > max_line) {
      error = absl::StrCat("line of ", line.size(), " bytes above the limit");
      break;
    }
    for (cli::RecordParser* parser : {strict, repair}) {
      line_copy = line;
      cli::JsonlRecord record;
      parser->Parse(&line_copy, lines, &record);
      if (record.line != lines) {
        error = "record line number differs";
        break;
      }
      std::string out;
      if (!record.error.empty()) {
        if (parser == repair && record.error.rfind("invalid UTF-8", 0) == 0) {
          error = "repairing parser reported invalid UTF-8";
          break;
        }
        AppendJsonError(record.id, record.line, record.error, &out);
      } else {
        // What the CLI hands on: the id and the text (any bytes; the
        // extractor validates them), written as JSON.
        out = "{\"id\":";
        AppendJsonString(record.id, &out);
        out += ",\"text\":";
        AppendJsonString(record.text, &out);
        out += "}";
      }
      error = CheckJsonLine(out, "record");
      if (!error.empty()) break;
    }
    if (!error.empty()) break;
  }
  reader.reset();
  if (f != nullptr) std::fclose(f);
  if (!error.empty()) return error;
  if (lines != expected_lines) {
    return absl::StrCat(lines, " lines read, ", expected_lines, " expected");
  }
  return "";
}

inline std::string RunGoldInput(std::string_view line) {
  using namespace harness_internal;
  if (line.size() > kMaxFuzzInputBytes) return "";
  static simdjson::dom::parser* parser = new simdjson::dom::parser;
  for (cli::GoldFormat format :
       {cli::GoldFormat::kAuto, cli::GoldFormat::kDipx, cli::GoldFormat::kPolnear}) {
    absl::StatusOr<cli::GoldArticle> gold = cli::ParseGoldLine(line, format, parser);
    if (!gold.ok()) {
      if (gold.status().code() != absl::StatusCode::kInvalidArgument) {
        return "ParseGoldLine gave " + gold.status().ToString();
      }
      continue;
    }
    if (gold->format == cli::GoldFormat::kAuto) return "format left at auto";
    if (format != cli::GoldFormat::kAuto && gold->format != format) {
      return "format differs from the requested one";
    }
    if (gold->id.empty()) return "accepted a record without id";
    // Score the record against dipx's own output on its text (or on an
    // empty article), with and without the annotated spans.
    std::string_view text = gold->has_text ? std::string_view(gold->text) : "";
    absl::StatusOr<Extraction> x = FuzzExtractor(true).Extract(text);
    if (!x.ok()) return "Extract of the gold text failed: " + x.status().ToString();
    std::string_view analysed = x->repaired_sequences > 0 ? x->repaired_text : text;
    for (bool spans : {false, true}) {
      cli::ScoreOptions options;
      options.use_gold_spans = spans;
      cli::ArticleScore score = cli::Score(analysed, *x, *gold, options);
      const cli::EvalCounts& c = score.counts;
      for (const cli::Prf* p : {&c.quotes_direct_partial, &c.quotes_indirect, &c.lists,
                                &c.partnerships, &c.events, &c.polnear_direct,
                                &c.polnear_partial, &c.polnear_direct_partial,
                                &c.polnear_indirect}) {
        if (p->matched < 0 || p->matched > p->gold || p->gold < 0 || p->predicted < 0) {
          return absl::StrCat("inconsistent counts: matched ", p->matched, " gold ", p->gold,
                              " predicted ", p->predicted);
        }
      }
      (void)cli::Metrics(c);
    }
  }
  return "";
}

#undef DIPX_FUZZ_CHECK

// Runs `check` and aborts with its message when an invariant failed (for
// the libFuzzer harnesses).
inline void AbortOnViolation(const std::string& violation) {
  if (violation.empty()) return;
  std::fprintf(stderr, "dipx fuzz invariant violated: %s\n", violation.c_str());
  std::abort();
}

}  // namespace dipx::fuzz

#endif  // DIPX_FUZZ_HARNESS_H_
