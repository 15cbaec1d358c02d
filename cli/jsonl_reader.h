// JSON Lines input for the dipx command-line tool: a streaming line reader
// with bounded memory, and a simdjson-based record parser.
//
// Records are objects {"id": …, "text": …, "date": …}. Documented repairs:
// a numeric id is used as its JSON text; with duplicate keys the first one
// wins; a trailing '\r' (CRLF files) is dropped. Everything else that is
// not a valid record (broken JSON, no string "text", invalid UTF-8 without
// --repair-utf8, an empty line, a line above the size limit) yields a record
// whose `error` says why — never a silently dropped line.
//
// Thread-safety: LineReader is not thread-safe (one reader per stream);
// RecordParser holds a simdjson parser: use one per thread.
#ifndef DIPX_CLI_JSONL_READER_H_
#define DIPX_CLI_JSONL_READER_H_

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "simdjson.h"

namespace dipx::cli {

inline constexpr size_t kDefaultMaxLineBytes = size_t{1} << 30;

// Reads '\n'-terminated lines from a stream with a fixed buffer; memory is
// bounded by the longest accepted line.
class LineReader {
 public:
  explicit LineReader(std::FILE* file, size_t max_line_bytes = kDefaultMaxLineBytes);

  // Reads the next line into *line (without '\n' or a final '\r').
  // Returns false at end of input or on a read error (see status()).
  // A line longer than max_line_bytes is skipped to its end and reported
  // through *too_long (then *line is empty and *length holds its size).
  bool Next(std::string* line, bool* too_long, size_t* length);

  // 1-based number of the line last returned.
  size_t line_number() const { return line_number_; }
  absl::Status status() const { return status_; }

 private:
  bool Fill();
  std::FILE* file_;
  size_t max_line_bytes_;
  std::string buffer_;
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  size_t line_number_ = 0;
  absl::Status status_;
};

struct JsonlRecord {
  size_t line = 0;             // 1-based line number in its file
  std::string id;              // "" when the record has no usable id
  std::string_view text;       // valid until the parser parses again
  std::string date;            // "YYYY-MM-DD" from a "date" field, or ""
  size_t repaired_sequences = 0;  // invalid UTF-8 replaced (repair on)
  std::string error;           // non-empty: this line is not a valid record
};

class RecordParser {
 public:
  explicit RecordParser(bool repair_utf8) : repair_utf8_(repair_utf8) {}
  // Parses `line` (which this call may pad or replace). The record's text
  // points into parser-owned memory.
  void Parse(std::string* line, size_t line_number, JsonlRecord* record);

 private:
  bool repair_utf8_;
  simdjson::dom::parser parser_;
  std::string repaired_;
};

// Reads every record of `path` ("-" for stdin) in order and calls `fn`.
// Returns a non-OK status only when the file cannot be opened or read.
absl::Status ForEachJsonlRecord(const std::string& path,
                                const std::function<void(const JsonlRecord&)>& fn,
                                bool repair_utf8 = false);

}  // namespace dipx::cli

#endif  // DIPX_CLI_JSONL_READER_H_
