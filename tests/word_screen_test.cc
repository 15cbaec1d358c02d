// Tests of the lexicon screen (src/data/word_screen.h).
#include "data/word_screen.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace dipx::internal {
namespace {

TEST(WordScreenTest, NeverRejectsAnAddedWordInAnyCase) {
  WordScreen screen;
  const std::vector<std::string> words = {"partnership", "such", "as", "a",
                                          "comprehensive", "2+2", "s\xC3\xA3o"};
  for (const std::string& w : words) screen.Add(w);
  for (const std::string& w : words) {
    EXPECT_TRUE(screen.MayContain(w)) << w;
    std::string upper = w;
    for (char& c : upper) c = (c >= 'a' && c <= 'z') ? c - 32 : c;
    EXPECT_TRUE(screen.MayContain(upper)) << upper;
  }
}

TEST(WordScreenTest, RejectsMostOtherWordsAndTheEmptyWord) {
  WordScreen screen;
  screen.Add("partnership");
  screen.Add("such");
  EXPECT_FALSE(screen.MayContain(""));
  EXPECT_FALSE(screen.MayContain("partner"));   // another length
  EXPECT_FALSE(screen.MayContain("minister"));  // other bytes
  EXPECT_FALSE(screen.MayContain("said"));
  int passed = 0;
  for (const char* w : {"the", "talks", "between", "leaders", "on", "trade", "and",
                        "security", "were", "held", "in", "Tokyo", "Monday"}) {
    passed += screen.MayContain(w) ? 1 : 0;
  }
  EXPECT_EQ(passed, 0);
}

TEST(WordScreenTest, KeepsEachWordsFlags) {
  WordScreen screen;
  screen.Add("according", WordScreen::kFlag2);  // first word of a two-word form
  screen.Add("said", WordScreen::kFlag1);
  screen.Add("Told");                           // kFlag1 by default
  EXPECT_EQ(screen.Flags("ACCORDING"), WordScreen::kFlag2);
  EXPECT_EQ(screen.Flags("said"), WordScreen::kFlag1);
  EXPECT_EQ(screen.Flags("told"), WordScreen::kFlag1);
  EXPECT_EQ(screen.Flags(""), 0u);
}

}  // namespace
}  // namespace dipx::internal
