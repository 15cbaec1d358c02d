// Internal: the data/*.tsv tables compiled into the library (generated
// builtin_data.cc, see cmake/EmbedData.cmake).
#ifndef DIPX_SRC_DATA_BUILTIN_DATA_H_
#define DIPX_SRC_DATA_BUILTIN_DATA_H_

#include <string_view>
#include <vector>

namespace dipx::internal {

struct BuiltinData {
  std::string_view name;     // table name: the file stem
  std::string_view content;  // the file's bytes
};

const std::vector<BuiltinData>& AllBuiltinData();

}  // namespace dipx::internal

#endif  // DIPX_SRC_DATA_BUILTIN_DATA_H_
