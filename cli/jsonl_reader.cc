#include "cli/jsonl_reader.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "dipx/utf8.h"

namespace dipx::cli {

namespace {
constexpr size_t kBufferBytes = size_t{1} << 20;
}  // namespace

LineReader::LineReader(std::FILE* file, size_t max_line_bytes)
    : file_(file), max_line_bytes_(max_line_bytes) {
  buffer_.resize(kBufferBytes);
}

bool LineReader::Fill() {
  if (eof_) return false;
  size_t n = std::fread(&buffer_[0], 1, buffer_.size(), file_);
  pos_ = 0;
  end_ = n;
  if (n == 0) {
    eof_ = true;
    if (std::ferror(file_)) {
      status_ = absl::DataLossError(
          absl::StrCat("read error: ", std::strerror(errno)));
    }
    return false;
  }
  return true;
}

bool LineReader::Next(std::string* line, bool* too_long, size_t* length) {
  line->clear();
  *too_long = false;
  *length = 0;
  bool any = false;
  while (true) {
    if (pos_ >= end_ && !Fill()) break;
    any = true;
    const char* start = buffer_.data() + pos_;
    const void* nl = std::memchr(start, '\n', end_ - pos_);
    size_t take = nl ? static_cast<const char*>(nl) - start : end_ - pos_;
    *length += take;
    if (!*too_long) {
      if (*length > max_line_bytes_) {
        *too_long = true;
        line->clear();
        line->shrink_to_fit();
      } else {
        line->append(start, take);
      }
    }
    pos_ += take;
    if (nl) {
      ++pos_;
      ++line_number_;
      if (!*too_long && !line->empty() && line->back() == '\r') line->pop_back();
      return true;
    }
  }
  if (!any) return false;
  ++line_number_;  // last line without '\n'
  if (!*too_long && !line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

namespace {

// The record's id: a string, or a number written as its JSON text.
std::string IdOf(simdjson::dom::element root) {
  simdjson::dom::element id;
  if (root.at_key("id").get(id) != simdjson::SUCCESS) return "";
  std::string_view s;
  if (id.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
  if (id.is_number() || id.is_bool()) return simdjson::minify(id);
  return "";
}

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace

void RecordParser::Parse(std::string* line, size_t line_number,
                         JsonlRecord* record) {
  *record = JsonlRecord();
  record->line = line_number;
  if (IsBlank(*line)) {
    record->error = "empty line";
    return;
  }
  std::string* input = line;
  size_t bad = FindInvalidUtf8(*line);
  if (bad != std::string::npos) {
    record->repaired_sequences = RepairUtf8(*line, &repaired_);
    input = &repaired_;
    if (!repair_utf8_) {
      record->error = absl::StrCat("invalid UTF-8 at byte offset ", bad,
                                   " of the line");
    }
  }
  input->reserve(input->size() + simdjson::SIMDJSON_PADDING);
  simdjson::dom::element root;
  auto err = parser_.parse(input->data(), input->size(), false).get(root);
  if (err != simdjson::SUCCESS) {
    if (record->error.empty()) {
      record->error = absl::StrCat("invalid JSON: ", simdjson::error_message(err));
    }
    return;
  }
  if (!root.is_object()) {
    record->id = "";
    if (record->error.empty()) record->error = "line is not a JSON object";
    return;
  }
  record->id = IdOf(root);
  if (!record->error.empty()) return;
  simdjson::dom::element text;
  if (root.at_key("text").get(text) != simdjson::SUCCESS) {
    record->error = "record has no \"text\" field";
    return;
  }
  if (text.get_string().get(record->text) != simdjson::SUCCESS) {
    record->error = "\"text\" is not a string";
    return;
  }
  std::string_view date;
  if (root.at_key("date").get_string().get(date) == simdjson::SUCCESS &&
      date.size() >= 10) {
    record->date = std::string(date.substr(0, 10));
  }
}

absl::Status ForEachJsonlRecord(const std::string& path,
                                const std::function<void(const JsonlRecord&)>& fn,
                                bool repair_utf8) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return absl::NotFoundError(absl::StrCat("cannot open ", path, ": ",
                                            std::strerror(errno)));
  }
  LineReader reader(f);
  RecordParser parser(repair_utf8);
  std::string line;
  bool too_long;
  size_t length;
  JsonlRecord record;
  while (reader.Next(&line, &too_long, &length)) {
    if (too_long) {
      record = JsonlRecord();
      record.line = reader.line_number();
      record.error = absl::StrCat("line of ", length, " bytes exceeds the limit");
    } else {
      parser.Parse(&line, reader.line_number(), &record);
    }
    fn(record);
  }
  if (f != stdin) std::fclose(f);
  return reader.status();
}

}  // namespace dipx::cli
