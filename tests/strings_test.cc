// Tests of the internal string helpers (src/util/strings.h).
#include "util/strings.h"

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

}  // namespace
}  // namespace dipx::internal
