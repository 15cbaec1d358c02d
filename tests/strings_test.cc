// Tests of the internal string helpers (src/util/strings.h).
#include "util/strings.h"

#include <string>

#include "gtest/gtest.h"

namespace dipx::internal {
namespace {

TEST(ContainsIgnoreCaseTest, FindsPlaceNamesWhateverTheirCase) {
  EXPECT_TRUE(ContainsIgnoreCase("the National Palace, New Delhi", "new delhi"));
  EXPECT_TRUE(ContainsIgnoreCase("TOKYO", "Tokyo"));
  EXPECT_TRUE(ContainsIgnoreCase("Monday", ""));
  EXPECT_FALSE(ContainsIgnoreCase("Delhi", "New Delhi"));
  EXPECT_FALSE(ContainsIgnoreCase("", "x"));
  EXPECT_FALSE(ContainsIgnoreCase("Hanoi on Friday", "Saturday"));
}

TEST(ContainsIgnoreCaseTest, FoldsOnlyAsciiLetters) {
  // Non-ASCII bytes compare exactly, as absl::AsciiStrToLower leaves them.
  EXPECT_TRUE(ContainsIgnoreCase("S\xC3\xA3o Paulo", "S\xC3\xA3O PAULO"));
  EXPECT_FALSE(ContainsIgnoreCase("\xC3\x89lys\xC3\xA9" "e", "\xC3\xA9lys\xC3\xA9" "e"));
}

TEST(MarkRunEndTest, FindsRunsOfThreeOrMoreCopiesOfOneMark) {
  EXPECT_EQ(MarkRunEnd("\"\"\"x", 0, 4), 3u);
  EXPECT_EQ(MarkRunEnd("\"\"x", 0, 3), 0u);    // a pair is no run
  EXPECT_EQ(MarkRunEnd("\"'\"", 0, 3), 0u);    // different marks
  EXPECT_EQ(MarkRunEnd("'''''", 0, 5), 5u);
  EXPECT_EQ(MarkRunEnd("\"\"\"\"", 0, 2), 0u);  // `end` bounds the run
  const std::string curly = "\xE2\x80\x9D\xE2\x80\x9D\xE2\x80\x9D.";
  EXPECT_EQ(MarkRunEnd(curly, 0, curly.size()), 9u);
  EXPECT_EQ(MarkRunEnd("...", 0, 3), 0u);       // not a mark
  EXPECT_EQ(MarkRunEnd("\xC2\xAB\xC2\xAB\xC2\xAB", 0, 6), 6u);
}

}  // namespace
}  // namespace dipx::internal
