// Tests for src/extractors/event_date.cc.
#include "extractors/event_date.h"

#include <string>

#include "gtest/gtest.h"

namespace dipx::internal {
namespace {

const EventDateFinder& Finder() {
  static const EventDateFinder* f = EventDateFinder::Create()->release();
  return *f;
}

std::string FindText(const std::string& s, size_t anchor) {
  return std::string(Finder().Find(s, anchor, 200).In(s));
}

TEST(EventDateTest, FindsWeekdayWithoutOn) {
  std::string s = "The ministers met on Monday in Oslo.";
  EXPECT_EQ(FindText(s, s.find("met")), "Monday");
}

TEST(EventDateTest, FindsMonthDay) {
  std::string s = "They held talks on January 16 in Delhi.";
  EXPECT_EQ(FindText(s, s.find("talks")), "January 16");
}

TEST(EventDateTest, FindsYearAfterIn) {
  std::string s = "The first dialogue was held in 2017.";
  EXPECT_EQ(FindText(s, s.find("dialogue")), "2017");
}

TEST(EventDateTest, OrdinalBeforeANameIsNoDate) {
  std::string s = "He spoke at the 18th Nordic Strategic Dialogue.";
  EXPECT_EQ(FindText(s, s.find("Dialogue")), "");
}

TEST(EventDateTest, ResolvesPastWeekday) {
  CivilDate base{2025, 1, 16, };  // Thursday
  EXPECT_EQ(Finder().Resolve("Monday", base, false), "2025-01-13");
}

TEST(EventDateTest, ResolvesFutureWeekday) {
  CivilDate base{2025, 1, 16};
  EXPECT_EQ(Finder().Resolve("Monday", base, true), "2025-01-20");
}

TEST(EventDateTest, ResolvesLastYear) {
  CivilDate base{2025, 1, 16};
  EXPECT_EQ(Finder().Resolve("last year", base, false), "2024");
}

TEST(EventDateTest, ResolvesMonthInThePast) {
  CivilDate base{2025, 1, 16};
  EXPECT_EQ(Finder().Resolve("August", base, false), "2024-08");
}

TEST(EventDateTest, ResolvesEarlyNextMonth) {
  CivilDate base{2018, 8, 28};
  EXPECT_EQ(Finder().Resolve("early next month", base, true), "2018-09");
}

TEST(EventDateTest, UnknownBaseGivesNothing) {
  EXPECT_EQ(Finder().Resolve("Monday", CivilDate{}, false), "");
}

TEST(EventDateTest, DifferentWeekdaysConflict) {
  EXPECT_TRUE(Finder().Conflict("Monday", "Tuesday"));
}

TEST(EventDateTest, FuzzyAndExplicitDoNotConflict) {
  EXPECT_FALSE(Finder().Conflict("earlier this week", "Dec. 16"));
}

TEST(EventDateTest, FutureAndPastConflict) {
  EXPECT_TRUE(Finder().Conflict("Tuesday", "early next month"));
}

TEST(EventDateTest, ConflictWithTraitsAgrees) {
  const char* kTexts[] = {"",          "Monday",      "Tuesday",
                          "today",     "December",    "Dec. 16",
                          "2017",      "next week",   "later this month",
                          "tomorrow",  "this morning", "Monday morning",
                          "last year", "May 13",      "June 2"};
  for (const char* a : kTexts) {
    for (const char* b : kTexts) {
      EXPECT_EQ(Finder().Conflict(a, b),
                Finder().Conflict(a, EventDateFinder::Traits(a), b,
                                  EventDateFinder::Traits(b)))
          << a << " / " << b;
    }
  }
}

TEST(EventDateTest, ParsesDatelineDate) {
  CivilDate d;
  ASSERT_TRUE(ParseDatelineDate("28 August 2018", 0, &d));
  EXPECT_EQ(d.year, 2018);
  EXPECT_EQ(d.month, 8);
  EXPECT_EQ(d.day, 28);
}

}  // namespace
}  // namespace dipx::internal
