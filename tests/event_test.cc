// Tests for src/extractors/event.cc, through the public pipeline.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dipx/extractor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace dipx {
namespace {

using ::dipx::testing::At;
using ::dipx::testing::DefaultExtractor;

Extraction ExtractEvents(std::string_view text, std::string_view date = "") {
  ArticleContext context;
  context.publication_date = date;
  absl::StatusOr<Extraction> ex = DefaultExtractor().Extract(text, context);
  EXPECT_TRUE(ex.ok()) << ex.status();
  return ex.ok() ? *std::move(ex) : Extraction{};
}

std::vector<const Event*> OfType(const Extraction& ex, EventType type) {
  std::vector<const Event*> out;
  for (const Event& e : ex.events) {
    if (e.type == type) out.push_back(&e);
  }
  return out;
}

bool HasParticipant(const Event& e, std::string_view needle) {
  for (const Participant& p : e.participants) {
    if (p.name.find(needle) != std::string::npos) return true;
  }
  return false;
}

// Limits are never silent: a paragraph of thousands of trigger words is
// read up to the hit limit, and the Extraction says so.
TEST(EventTest, TooManyTriggerHitsInOneParagraphAreAWarning) {
  std::string text;
  for (int i = 0; i < 6000; ++i) text += "The minister met the envoy in the capital and ";
  text += "left.";
  Extraction ex = ExtractEvents(text);
  ASSERT_EQ(ex.warnings.size(), 1u);
  EXPECT_THAT(ex.warnings[0], ::testing::HasSubstr("max_event_hits"));
}

TEST(EventTest, MeetingWithPlaceAndVenue) {
  const std::string text =
      "Brazilian Foreign Minister Carla Mendes held a bilateral meeting with "
      "Indonesian Foreign Minister Budi Santoso on the sidelines of the G20 "
      "Summit in Jakarta on Tuesday.\n";
  Extraction ex = ExtractEvents(text);
  std::vector<const Event*> meetings = OfType(ex, EventType::kMeeting);
  ASSERT_EQ(meetings.size(), 1u);
  EXPECT_TRUE(HasParticipant(*meetings[0], "Mendes"));
  EXPECT_TRUE(HasParticipant(*meetings[0], "Santoso"));
  EXPECT_EQ(At(text, meetings[0]->location), "Jakarta");
  EXPECT_EQ(At(text, meetings[0]->venue), "sidelines of the G20 Summit");
  EXPECT_EQ(At(text, meetings[0]->date_text), "Tuesday");
}

// The venue rule folds case as RE2 does, "\u017F" (long s) included.
TEST(EventTest, VenueFoldsCase) {
  for (const char* sidelines : {"SIDELINES", "\u017Fidelines"}) {
    const std::string venue = std::string(sidelines) + " of the G20 Summit";
    const std::string text =
        "Brazilian Foreign Minister Carla Mendes held a bilateral meeting "
        "with Indonesian Foreign Minister Budi Santoso on the " +
        venue + " in Jakarta on Tuesday.\n";
    Extraction ex = ExtractEvents(text);
    std::vector<const Event*> meetings = OfType(ex, EventType::kMeeting);
    ASSERT_EQ(meetings.size(), 1u) << sidelines;
    EXPECT_EQ(At(text, meetings[0]->venue), venue);
  }
}

TEST(EventTest, VenueSummitIsNotAnEventOfItsOwn) {
  const std::string text =
      "Brazilian Foreign Minister Carla Mendes met Indonesian Foreign Minister "
      "Budi Santoso on the sidelines of the G20 Summit in Jakarta.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_TRUE(OfType(ex, EventType::kSummit).empty());
}

TEST(EventTest, HeadlineAndBodyMentionsMerge) {
  const std::string text =
      "Chile and Peru hold talks on trade\n"
      "Chilean Foreign Minister Ana Rojas held talks with Peruvian Foreign "
      "Minister Luis Vargas in Lima on Friday.\n"
      "During the talks, the ministers discussed port cooperation.\n";
  Extraction ex = ExtractEvents(text);
  std::vector<const Event*> meetings = OfType(ex, EventType::kMeeting);
  ASSERT_EQ(meetings.size(), 1u);
  EXPECT_GE(meetings[0]->mentions.size(), 2u);
}

TEST(EventTest, VisitHasVisitorAndDestination) {
  const std::string text =
      "Kenyan President Grace Wanjiru will pay a state visit to Japan next "
      "month, her office said.\n";
  Extraction ex = ExtractEvents(text);
  std::vector<const Event*> visits = OfType(ex, EventType::kVisit);
  ASSERT_EQ(visits.size(), 1u);
  EXPECT_TRUE(HasParticipant(*visits[0], "Wanjiru"));
  EXPECT_TRUE(HasParticipant(*visits[0], "Japan"));
  EXPECT_EQ(At(text, visits[0]->location), "Japan");
  EXPECT_EQ(visits[0]->status, EventStatus::kPlanned);
}

TEST(EventTest, PhoneTalksAreACall) {
  const std::string text =
      "Egyptian Foreign Minister Omar Farid on Monday held phone talks with "
      "Jordanian Foreign Minister Sami Haddad.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_EQ(OfType(ex, EventType::kCall).size(), 1u);
  EXPECT_TRUE(OfType(ex, EventType::kMeeting).empty());
}

TEST(EventTest, CalledOnAPersonIsAMeeting) {
  const std::string text =
      "A delegation led by Thai Deputy Prime Minister Anan Chai called on "
      "Prime Minister Rahul Verma in New Delhi.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_EQ(OfType(ex, EventType::kMeeting).size(), 1u);
  EXPECT_TRUE(OfType(ex, EventType::kCall).empty());
}

TEST(EventTest, CalledOnAGovernmentIsNoEvent) {
  const std::string text =
      "Norway called on the two governments to resume negotiations.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_TRUE(ex.events.empty());
}

TEST(EventTest, NamedDialogueIsADialogue) {
  const std::string text =
      "Canadian Foreign Minister Paul Leblanc opened the fifth Canada-Mexico "
      "Strategic Dialogue with Mexican Foreign Minister Rosa Ortiz.\n";
  Extraction ex = ExtractEvents(text);
  std::vector<const Event*> dialogues = OfType(ex, EventType::kDialogue);
  ASSERT_EQ(dialogues.size(), 1u);
  EXPECT_TRUE(HasParticipant(*dialogues[0], "Leblanc"));
}

TEST(EventTest, SignedAgreementsAreAnAgreement) {
  const std::string text =
      "Vietnam and Chile signed three agreements on fisheries and education "
      "on Wednesday.\n";
  Extraction ex = ExtractEvents(text);
  std::vector<const Event*> agreements = OfType(ex, EventType::kAgreement);
  ASSERT_EQ(agreements.size(), 1u);
  EXPECT_TRUE(HasParticipant(*agreements[0], "Vietnam"));
}

TEST(EventTest, SignedPartnershipIsNoAgreement) {
  const std::string text =
      "Vietnam signed a comprehensive strategic partnership with Chile.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_TRUE(OfType(ex, EventType::kAgreement).empty());
}

TEST(EventTest, JointStatementIsAStatement) {
  const std::string text =
      "In a joint statement, Ghana and Nigeria pledged to expand trade.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_EQ(OfType(ex, EventType::kStatement).size(), 1u);
}

TEST(EventTest, SourceStatementIsNoEvent) {
  const std::string text =
      "Trade will grow, according to a joint statement from Ghana and "
      "Nigeria.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_TRUE(OfType(ex, EventType::kStatement).empty());
}

TEST(EventTest, HereGivesNoLocation) {
  const std::string text =
      "Polish Foreign Minister Jan Nowak met here on Tuesday with Latvian "
      "Prime Minister Ilze Berzina.\n";
  Extraction ex = ExtractEvents(text);
  std::vector<const Event*> meetings = OfType(ex, EventType::kMeeting);
  ASSERT_EQ(meetings.size(), 1u);
  EXPECT_TRUE(meetings[0]->location.empty());
}

TEST(EventTest, LaterInTheDayStartsANewMeeting) {
  const std::string text =
      "Spanish Foreign Minister Elena Ruiz met Moroccan Foreign Minister "
      "Karim Alaoui on Monday.\n"
      "Later in the day, Elena Ruiz met Moroccan Prime Minister Youssef "
      "Benali.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_EQ(OfType(ex, EventType::kMeeting).size(), 2u);
}

TEST(EventTest, DateResolvesAgainstPublicationDate) {
  const std::string text =
      "Irish Foreign Minister Sean Burke met Dutch Foreign Minister Pieter "
      "de Vries on Monday.\n";
  Extraction ex = ExtractEvents(text, "2025-01-16");  // a Thursday
  ASSERT_EQ(ex.events.size(), 1u);
  EXPECT_EQ(ex.events[0].date, "2025-01-13");
}

TEST(EventTest, NoEventWithoutNamedParticipants) {
  const std::string text = "The meeting was described as productive.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_TRUE(ex.events.empty());
}

TEST(EventTest, GenericPluralIsNoEvent) {
  const std::string text =
      "India and Brazil want reciprocal visits and annual meetings.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_TRUE(ex.events.empty());
}

TEST(EventTest, CompoundWordIsNoTrigger) {
  const std::string text =
      "Finnish Foreign Minister Aino Virtanen spoke at a meet-the-press "
      "session.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_TRUE(OfType(ex, EventType::kMeeting).empty());
}

TEST(EventTest, HugeParagraphStaysLinear) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "met talks visit summit \"";
  text += "\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_TRUE(ex.events.empty());
}

// The key screen (data/event_triggers.tsv "keys") decides which trigger
// patterns run and where; these check it lets real triggers through.
TEST(EventTest, TriggerFarIntoALongParagraph) {
  const std::string text =
      "Ministers from across the region gathered this week as negotiations "
      "on fisheries, shipping lanes, customs rules, energy links and the "
      "protection of migrant workers entered what officials described as a "
      "decisive phase, with several delegations saying that the outcome "
      "would shape regional trade for the next decade and that compromises "
      "were still needed on a number of sensitive questions, and on Tuesday "
      "Chilean Foreign Minister Ana Rojas held talks with Peruvian Foreign "
      "Minister Luis Vargas in Lima.\n";
  Extraction ex = ExtractEvents(text);
  std::vector<const Event*> meetings = OfType(ex, EventType::kMeeting);
  ASSERT_EQ(meetings.size(), 1u);
  EXPECT_TRUE(HasParticipant(*meetings[0], "Rojas"));
  EXPECT_EQ(At(text, meetings[0]->location), "Lima");
}

TEST(EventTest, SpacedTwoPlusTwoIsADialogue) {
  const std::string text =
      "Japanese Defence Minister Kenji Arata and Australian Defence Minister "
      "Mark Ellis held the 2 + 2 talks in Canberra on Monday.\n";
  Extraction ex = ExtractEvents(text);
  std::vector<const Event*> dialogues = OfType(ex, EventType::kDialogue);
  ASSERT_EQ(dialogues.size(), 1u);
  EXPECT_TRUE(HasParticipant(*dialogues[0], "Arata"));
}

TEST(EventTest, UpperCaseTriggerPassesTheScreen) {
  const std::string text =
      "Chilean President Ana Rojas and Peruvian President Luis Vargas SIGNED "
      "a trade agreement in Lima on Friday.\n";
  Extraction ex = ExtractEvents(text);
  EXPECT_EQ(OfType(ex, EventType::kAgreement).size(), 1u);
}

TEST(EventTest, UserTriggerWithoutKeysRunsEverywhere) {
  ExtractorOptions options;
  options.data_files.push_back(
      {"event_triggers", "mine.tsv",
       "pattern\ttype\tclass\tpriority\tkeys\tstarts\treach\n"
       "parleyed with\tmeeting\tverb\t1\t\t\t\n"});
  absl::StatusOr<std::unique_ptr<Extractor>> extractor =
      Extractor::Create(options);
  ASSERT_TRUE(extractor.ok()) << extractor.status();
  const std::string text =
      "Chilean Foreign Minister Ana Rojas parleyed with Peruvian Foreign "
      "Minister Luis Vargas in Lima.\n";
  absl::StatusOr<Extraction> ex = (*extractor)->Extract(text);
  ASSERT_TRUE(ex.ok()) << ex.status();
  ASSERT_EQ(OfType(*ex, EventType::kMeeting).size(), 1u);
}

TEST(EventTest, BadTriggerKeysAreRejected) {
  const std::string header =
      "pattern\ttype\tclass\tpriority\tkeys\tstarts\treach\n";
  for (const char* row : {"parleyed with\tmeeting\tverb\t1\tParley\t\t\n",
                                "parleyed with\tmeeting\tverb\t1\t\tyes\t\n",
                                "parleyed with\tmeeting\tverb\t1\tparley\t\t999\n"}) {
    ExtractorOptions options;
    options.data_files.push_back({"event_triggers", "mine.tsv", header + row});
    absl::StatusOr<std::unique_ptr<Extractor>> extractor =
        Extractor::Create(options);
    ASSERT_FALSE(extractor.ok()) << row;
    EXPECT_THAT(std::string(extractor.status().message()),
                ::testing::HasSubstr("mine.tsv:2"));
  }
}

}  // namespace
}  // namespace dipx
