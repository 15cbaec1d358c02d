#include "extractors/quote_marks.h"

#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dipx::internal {
namespace {

// The contents of the regions of `text` (one paragraph), outermost first.
std::vector<std::string> Contents(std::string_view text, bool closer_only = false,
                                  bool top_only = true) {
  Span para{0, static_cast<uint32_t>(text.size())};
  std::vector<QuoteMark> marks;
  FindQuoteMarks(text, para, &marks);
  std::vector<QuoteRegion> regions;
  PairQuoteMarks(text, para, marks, closer_only, &regions);
  std::vector<std::string> out;
  for (const QuoteRegion& r : regions) {
    if (top_only && r.depth != 0) continue;
    out.emplace_back(r.content.In(text));
  }
  return out;
}

TEST(QuoteMarksTest, PairsCurlyDoubleQuotes) {
  EXPECT_THAT(Contents("“Talks went well,” the envoy said."),
              ::testing::ElementsAre("Talks went well,"));
}

TEST(QuoteMarksTest, PairsStraightQuotesByNeighbours) {
  EXPECT_THAT(Contents("He called it \"a turning point\" and left."),
              ::testing::ElementsAre("a turning point"));
}

TEST(QuoteMarksTest, StraightQuoteClosesBeforeLetterWithoutSpace) {
  EXPECT_THAT(Contents("\"We stand together,\"she said."),
              ::testing::ElementsAre("We stand together,"));
}

TEST(QuoteMarksTest, MixedCurlyAndStraightMarksPair) {
  EXPECT_THAT(Contents("“Trade will grow,\" the minister said."),
              ::testing::ElementsAre("Trade will grow,"));
  EXPECT_THAT(Contents("\"Trade will grow,” the minister said."),
              ::testing::ElementsAre("Trade will grow,"));
}

TEST(QuoteMarksTest, GuillemetsLowMarksAndLatexPairs) {
  EXPECT_THAT(Contents("Il a dit «nous avançons» hier."), ::testing::ElementsAre("nous avançons"));
  EXPECT_THAT(Contents("Er sagte „wir kommen“ heute."), ::testing::ElementsAre("wir kommen"));
  EXPECT_THAT(Contents("She wrote ``peace is near'' today."), ::testing::ElementsAre("peace is near"));
}

TEST(QuoteMarksTest, RunsOfThreeOrMoreIdenticalMarksAreNotQuotation) {
  EXPECT_THAT(Contents("Read on \"\"\"\"\" then \"go home,\" she said."),
              ::testing::ElementsAre("go home,"));
  EXPECT_THAT(Contents("\xE2\x80\x9C\xE2\x80\x9C\xE2\x80\x9C\xE2\x80\x9C"), ::testing::IsEmpty());
  std::string marks(1 << 20, '"');
  Span para{0, static_cast<uint32_t>(marks.size())};
  std::vector<QuoteMark> found;
  FindQuoteMarks(marks, para, &found);
  EXPECT_TRUE(found.empty());
  // Two marks are still a (possibly empty) pair, not a run.
  EXPECT_THAT(Contents("He said \"\" and \"yes\"."), ::testing::Contains("yes"));
}

TEST(QuoteMarksTest, ApostrophesAreNeverMarks) {
  EXPECT_THAT(Contents("Canada's envoy recalled the '90s and rock 'n' roll at Jones' farm."),
              ::testing::IsEmpty());
  EXPECT_THAT(Contents("Kenya’s ministers’ plan was Ghana’s too."), ::testing::IsEmpty());
}

TEST(QuoteMarksTest, SingleQuotesPairAroundAPhrase) {
  EXPECT_THAT(Contents("Seoul vows 'candid' talks with Tokyo"), ::testing::ElementsAre("candid"));
}

TEST(QuoteMarksTest, PossessiveInsideSingleQuotesDoesNotCloseIt) {
  EXPECT_THAT(Contents("They hailed a ‘new era of Brazil’s diplomacy’ on Monday."),
              ::testing::ElementsAre("new era of Brazil’s diplomacy"));
}

TEST(QuoteMarksTest, NestedQuoteStaysInsideOuter) {
  std::string_view text = "“We call it the ‘bridge’ policy,” he said.";
  EXPECT_THAT(Contents(text), ::testing::ElementsAre("We call it the ‘bridge’ policy,"));
  EXPECT_THAT(Contents(text, false, false),
              ::testing::ElementsAre("We call it the ‘bridge’ policy,", "bridge"));
}

TEST(QuoteMarksTest, UnclosedQuoteRunsToParagraphEnd) {
  EXPECT_THAT(Contents("“Our ties have never been stronger. We will build on them."),
              ::testing::ElementsAre("Our ties have never been stronger. We will build on them."));
}

TEST(QuoteMarksTest, CloserOnlyParagraphContinuesWhenAsked) {
  std::string_view text = "We will meet again in May,” the minister said.";
  EXPECT_THAT(Contents(text, true), ::testing::ElementsAre("We will meet again in May,"));
  EXPECT_THAT(Contents(text, false), ::testing::IsEmpty());
}

TEST(QuoteMarksTest, ManyStraightQuotesStayLinear) {
  std::string text(200000, '"');
  std::vector<std::string> regions = Contents(text);
  EXPECT_LE(regions.size(), text.size());
}

}  // namespace
}  // namespace dipx::internal
