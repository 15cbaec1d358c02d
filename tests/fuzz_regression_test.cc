// Replays every input the fuzzers ever crashed on (fuzz/regressions/<harness>/)
// and the seed corpus (fuzz/corpus/<harness>/) through the harnesses' own
// entry points (fuzz/harness.h), so a fixed finding stays fixed in every
// build, with or without clang and libFuzzer.
#include <dirent.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fuzz/harness.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace dipx {
namespace {

// Regular files of `dir` (hidden files such as .keep left out), sorted.
std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    out.push_back(dir + "/" + e->d_name);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

using Entry = std::string (*)(std::string_view);

void ReplayAll(const std::string& harness, Entry entry, size_t min_seeds) {
  size_t seeds = 0;
  for (const char* kind : {"regressions", "corpus"}) {
    for (const std::string& path :
         FilesIn(std::string(DIPX_SOURCE_DIR) + "/fuzz/" + kind + "/" + harness)) {
      SCOPED_TRACE(path);
      std::optional<std::string> input = testing::ReadFile(path);
      ASSERT_TRUE(input.has_value());
      EXPECT_EQ(entry(*input), "");
      if (std::string(kind) == "corpus") ++seeds;
    }
  }
  EXPECT_GE(seeds, min_seeds) << "seed corpus of " << harness << " missing";
}

TEST(FuzzRegressionTest, Extract) { ReplayAll("extract", fuzz::RunExtractInput, 10); }
TEST(FuzzRegressionTest, Jsonl) { ReplayAll("jsonl", fuzz::RunJsonlInput, 3); }
TEST(FuzzRegressionTest, Gold) { ReplayAll("gold", fuzz::RunGoldInput, 3); }

}  // namespace
}  // namespace dipx
