#include "data/tables.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "data/builtin_data.h"
#include "util/strings.h"

namespace dipx {

absl::StatusOr<DataFile> ReadDataFile(const std::string& path,
                                      std::string table) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot open data file ", path));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat("cannot read data file ", path));
  }
  DataFile file;
  if (table.empty()) {
    size_t slash = path.find_last_of('/');
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    size_t dot = base.find('.');
    table = dot == std::string::npos ? base : base.substr(0, dot);
  }
  file.table = std::move(table);
  file.origin = path;
  file.content = buffer.str();
  return file;
}

std::vector<std::string> BuiltinTableNames() {
  std::vector<std::string> names;
  for (const internal::BuiltinData& data : internal::AllBuiltinData()) {
    names.emplace_back(data.name);
  }
  return names;
}

std::string_view BuiltinTable(std::string_view table) {
  for (const internal::BuiltinData& data : internal::AllBuiltinData()) {
    if (data.name == table) return data.content;
  }
  return {};
}

namespace internal {
namespace {

std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    std::string_view cell = line.substr(
        start, tab == std::string_view::npos ? std::string_view::npos
                                             : tab - start);
    while (!cell.empty() && cell.back() == ' ') cell.remove_suffix(1);
    while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
    cells.emplace_back(cell);
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return cells;
}

bool IsBlankOrComment(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  return i == std::string_view::npos || line[i] == '#';
}

}  // namespace

int Table::Column(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::string_view Table::Cell(const Row& row, std::string_view column) const {
  int i = Column(column);
  if (i < 0 || static_cast<size_t>(i) >= row.cells.size()) return {};
  return row.cells[i];
}

absl::Status Table::RowError(const Row& row, std::string_view message) const {
  return absl::InvalidArgumentError(
      absl::StrCat(row.origin, ":", row.line, ": table ", name_, ": ", Absl(message)));
}

absl::Status ParseTable(std::string_view name, std::string_view origin,
                        std::string_view content, bool header_required,
                        Table* table) {
  table->name_ = std::string(name);
  bool have_header = !table->columns_.empty();
  std::vector<std::string> header;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= content.size()) {
    size_t nl = content.find('\n', pos);
    std::string_view line = StripCr(content.substr(
        pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pos = nl == std::string_view::npos ? content.size() + 1 : nl + 1;
    ++line_no;
    if (IsBlankOrComment(line)) continue;
    if (line.find('\0') != std::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          Absl(origin), ":", line_no, ": table ", Absl(name), ": NUL byte in data file"));
    }
    std::vector<std::string> cells = SplitTabs(line);
    if (header.empty()) {
      header = std::move(cells);
      if (have_header) {
        if (header != table->columns_) {
          return absl::InvalidArgumentError(absl::StrCat(
              Absl(origin), ":", line_no, ": table ", Absl(name), ": columns [",
              absl::StrJoin(header, ", "), "] differ from the built-in [",
              absl::StrJoin(table->columns_, ", "), "]"));
        }
      } else {
        absl::flat_hash_set<std::string> seen;
        for (const std::string& c : header) {
          if (c.empty() || !seen.insert(c).second) {
            return absl::InvalidArgumentError(
                absl::StrCat(Absl(origin), ":", line_no, ": table ", Absl(name),
                             ": empty or duplicate column name '", c, "'"));
          }
        }
        table->columns_ = header;
      }
      continue;
    }
    if (cells.size() > table->columns_.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          Absl(origin), ":", line_no, ": table ", Absl(name), ": ", cells.size(),
          " cells but only ", table->columns_.size(), " columns"));
    }
    if (cells[0].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          Absl(origin), ":", line_no, ": table ", Absl(name), ": empty key cell"));
    }
    cells.resize(table->columns_.size());
    table->rows_.push_back(Table::Row{std::move(cells), std::string(origin),
                                      line_no});
  }
  if (header.empty() && header_required) {
    return absl::InvalidArgumentError(
        absl::StrCat(Absl(origin), ": table ", Absl(name), ": no header line"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Tables> Tables::Create(const std::vector<DataFile>& user) {
  Tables tables;
  for (const BuiltinData& data : AllBuiltinData()) {
    Table table;
    absl::Status s = ParseTable(data.name, absl::StrCat("data/", Absl(data.name), ".tsv"),
                                data.content, true, &table);
    if (!s.ok()) return absl::InternalError(s.message());
    tables.tables_.emplace(std::string(data.name), std::move(table));
  }
  for (const DataFile& file : user) {
    auto it = tables.tables_.find(file.table);
    std::string origin = file.origin.empty() ? file.table : file.origin;
    if (it == tables.tables_.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          origin, ": unknown table '", file.table, "' (known: ",
          absl::StrJoin(BuiltinTableNames(), ", "), ")"));
    }
    Table& table = it->second;
    if (file.replace) table.rows_.clear();
    absl::Status s = ParseTable(file.table, origin, file.content, true, &table);
    if (!s.ok()) return s;
  }
  // Duplicate keys (first column, case-sensitive) in the merged tables.
  for (auto& [name, table] : tables.tables_) {
    absl::flat_hash_map<std::string, const Table::Row*> seen;
    for (const Table::Row& row : table.rows_) {
      auto [it, inserted] = seen.emplace(row.cells[0], &row);
      if (!inserted) {
        return table.RowError(
            row, absl::StrCat("duplicate entry '", row.cells[0],
                              "' (first defined at ", it->second->origin, ":",
                              it->second->line, ")"));
      }
    }
  }
  return tables;
}

absl::StatusOr<const Table*> Tables::Get(
    std::string_view name, const std::vector<std::string>& required) const {
  auto it = tables_.find(std::string(name));
  if (it == tables_.end()) {
    return absl::NotFoundError(absl::StrCat("no table named ", Absl(name)));
  }
  const Table& table = it->second;
  for (const std::string& column : required) {
    int c = table.Column(column);
    if (c < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "table ", Absl(name), ": missing required column '", column, "'"));
    }
    for (const Table::Row& row : table.rows()) {
      if (row.cells[c].empty()) {
        return table.RowError(row, absl::StrCat("empty required cell '", column, "'"));
      }
    }
  }
  return &table;
}

std::vector<std::string_view> SplitList(std::string_view cell) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t bar = cell.find('|', start);
    std::string_view part = cell.substr(
        start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) parts.push_back(part);
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return parts;
}

}  // namespace internal
}  // namespace dipx
