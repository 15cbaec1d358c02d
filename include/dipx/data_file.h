// dipx/data_file.h — rule and word-list files that users can extend.
//
// dipx ships its rules as tab-separated tables compiled into the library
// (data/*.tsv in the source tree: speech verbs, titles, countries,
// partnership ladder, event triggers, …). A DataFile adds rows to one of
// those tables, or replaces it, when passed in ExtractorOptions::data_files.
//
// Format: UTF-8 text; lines starting with '#' and blank lines are ignored;
// the first other line names the columns (tab-separated); each further
// line is one row. A user file must use the built-in table's column names.
// Unknown columns, missing required cells and duplicate keys are reported
// by Extractor::Create() as InvalidArgument naming the file and line.
//
// Thread-safety: plain value type; ReadDataFile is thread-compatible.
#ifndef DIPX_DATA_FILE_H_
#define DIPX_DATA_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dipx/export.h"

namespace dipx {

struct DataFile {
  std::string table;    // built-in table name, e.g. "speech_verbs"
  std::string origin;   // shown in error messages, e.g. a path
  std::string content;  // the TSV text
  bool replace = false; // true: use instead of the built-in rows
};

// Reads `path` into a DataFile for `table` (the file stem when empty).
// Errors: NotFound / PermissionDenied style statuses for unreadable files.
DIPX_EXPORT absl::StatusOr<DataFile> ReadDataFile(const std::string& path,
                                                  std::string table = "");

// Names of the built-in tables.
DIPX_EXPORT std::vector<std::string> BuiltinTableNames();

// The built-in content of `table`, empty if there is no such table.
DIPX_EXPORT std::string_view BuiltinTable(std::string_view table);

}  // namespace dipx

#endif  // DIPX_DATA_FILE_H_
