// Internal: rule and word-list tables (data/*.tsv compiled in, plus user
// DataFiles), parsed and validated once at Extractor::Create().
#ifndef DIPX_SRC_DATA_TABLES_H_
#define DIPX_SRC_DATA_TABLES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "dipx/data_file.h"

namespace dipx::internal {

// One parsed table. Cells are raw strings; empty cells are "".
class Table {
 public:
  struct Row {
    std::vector<std::string> cells;
    std::string origin;  // file the row came from
    int line = 0;        // 1-based line in that file
  };

  const std::string& name() const { return name_; }
  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<Row>& rows() const { return rows_; }
  // Column index, or -1.
  int Column(std::string_view name) const;
  // Cell of `row` in column `column` ("" when the column is absent).
  std::string_view Cell(const Row& row, std::string_view column) const;
  // An InvalidArgument error naming the row's file and line.
  absl::Status RowError(const Row& row, std::string_view message) const;

 private:
  friend class Tables;
  friend absl::Status ParseTable(std::string_view, std::string_view,
                                 std::string_view, bool, Table*);
  std::string name_;
  std::vector<std::string> columns_;
  std::vector<Row> rows_;
};

// All tables: built-in content merged with the user's DataFiles.
class Tables {
 public:
  // Parses every built-in table and merges `user` files into them.
  // Errors (InvalidArgument, naming file and line): a user file for an
  // unknown table, a header whose columns differ from the built-in one,
  // a row with more cells than columns, a duplicate key (first column).
  static absl::StatusOr<Tables> Create(const std::vector<DataFile>& user);

  // The table `name`; NotFound if there is none. `required` columns must
  // exist and be non-empty in every row (else InvalidArgument naming the
  // file and line).
  absl::StatusOr<const Table*> Get(
      std::string_view name, const std::vector<std::string>& required = {}) const;

 private:
  absl::flat_hash_map<std::string, Table> tables_;
};

// Parses TSV `content` (see dipx/data_file.h for the format) into `table`.
absl::Status ParseTable(std::string_view name, std::string_view origin,
                        std::string_view content, bool header_required,
                        Table* table);

// Splits a cell holding a '|'-separated list ("says|said|saying").
std::vector<std::string_view> SplitList(std::string_view cell);

}  // namespace dipx::internal

#endif  // DIPX_SRC_DATA_TABLES_H_
