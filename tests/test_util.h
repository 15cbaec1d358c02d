// Test helpers: locating ../shared and reading files.
#ifndef DIPX_TESTS_TEST_UTIL_H_
#define DIPX_TESTS_TEST_UTIL_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dipx/extractor.h"

namespace dipx::testing {

// The shared research folder (env DIPX_SHARED_DIR, else the CMake cache
// value), or "" when it does not exist. Tests that need it GTEST_SKIP().
std::string SharedDir();

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> ReadFile(const std::string& path);

// Writes `content` to a file called `name` in a directory of the running
// test's own under ::testing::TempDir() and returns its path. ctest runs
// tests as parallel processes, so fixed names in one shared directory would
// let one test overwrite another's input.
std::string WriteTempFile(const std::string& name, const std::string& content);

// One article of a JSONL file ({"id", "text", …}) in the shared folder.
struct Article {
  std::string id;
  std::string text;
};
// All articles of `path`; empty when the file is absent.
std::vector<Article> ReadArticles(const std::string& path);

// Gold articles of the seeds and devset with their must_ignore strings and
// gold quote texts (empty when the shared folder is absent).
struct GoldBoilerplate {
  std::string id;
  std::string text;
  std::vector<std::string> must_ignore;
  std::vector<std::string> quotes;
};
std::vector<GoldBoilerplate> ReadGoldBoilerplate();

// A process-wide Extractor with default options (created once).
const Extractor& DefaultExtractor();

// The text of `span` in `text`.
inline std::string_view At(std::string_view text, Span span) { return span.In(text); }

}  // namespace dipx::testing

// Skips the current test when the shared folder is absent.
#define DIPX_REQUIRE_SHARED()                                    \
  do {                                                           \
    if (::dipx::testing::SharedDir().empty())                    \
      GTEST_SKIP() << "shared research folder not found";        \
  } while (0)

#endif  // DIPX_TESTS_TEST_UTIL_H_
