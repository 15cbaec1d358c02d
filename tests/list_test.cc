// Tests for src/extractors/list.cc: priority lists with heads, counts,
// bullets, nesting and the limits. Sentences are written for these tests.
#include "extractors/list.h"

#include <memory>
#include <string>
#include <vector>

#include "data/gazetteer.h"
#include "data/tables.h"
#include "dipx/document.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dipx::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class Lists {
 public:
  explicit Lists(size_t max_items = kDefaultMaxListItems) {
    options_.max_list_items = max_items;
    auto tables = Tables::Create({});
    EXPECT_TRUE(tables.ok()) << tables.status();
    tables_ = std::make_unique<Tables>(*std::move(tables));
    auto gz = Gazetteer::Create(*tables_);
    EXPECT_TRUE(gz.ok()) << gz.status();
    gazetteer_ = *std::move(gz);
    auto le = ListExtractor::Create(*tables_, *gazetteer_, options_);
    EXPECT_TRUE(le.ok()) << le.status();
    extractor_ = *std::move(le);
  }

  Extraction Run(const std::string& text) const {
    Extraction out;
    auto doc = Document::Create(text);
    EXPECT_TRUE(doc.ok()) << doc.status();
    if (!doc.ok()) return out;
    EntityIndex ents;
    extractor_->Extract(*doc, ents, ArticleContext{}, &out);
    return out;
  }

 private:
  ExtractorOptions options_;
  std::unique_ptr<Tables> tables_;
  std::unique_ptr<Gazetteer> gazetteer_;
  std::unique_ptr<ListExtractor> extractor_;
};

const Lists& Default() {
  static const Lists* const l = new Lists();
  return *l;
}

std::vector<std::string> Items(const std::string& text, const PriorityList& l) {
  std::vector<std::string> out;
  for (const ListItem& it : l.items) out.emplace_back(it.span.In(text));
  return out;
}

std::string Head(const std::string& text, const PriorityList& l) {
  return std::string(l.head.In(text));
}

TEST(ListTest, DashedListWithDeclaredCountAndOxfordComma) {
  const std::string text =
      "The ministers agreed to focus on two priority areas \xE2\x80\x94 maritime security and "
      "clean energy \xE2\x80\x94 over the next year.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]), ElementsAre("maritime security", "clean energy"));
  EXPECT_EQ(out.lists[0].declared_count, 2);
  EXPECT_TRUE(out.lists[0].count_matches);
  EXPECT_EQ(Head(text, out.lists[0]), "two priority areas");
}

TEST(ListTest, OxfordCommaKeepsInnerAnd) {
  const std::string text =
      "Both sides named three priority areas \xE2\x80\x94 port development, trade and "
      "investment promotion, and student exchanges \xE2\x80\x94 for the new roadmap.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("port development", "trade and investment promotion",
                          "student exchanges"));
  EXPECT_TRUE(out.lists[0].count_matches);
}

TEST(ListTest, NoOxfordCommaSplitsLastItem) {
  const std::string text =
      "The envoy listed fields such as fisheries, oil and gas, tourism and education.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("fisheries", "oil and gas", "tourism", "education"));
}

// The start screen only keeps a phrase's first word when the next token may
// be its second word; both are compared without regard to case.
TEST(ListTest, TwoWordIntroInUpperCase) {
  const std::string text =
      "The envoy listed fields SUCH AS fisheries, oil and gas, tourism and education.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("fisheries", "oil and gas", "tourism", "education"));
}

TEST(ListTest, SuchAsAfterCueNoun) {
  const std::string text =
      "Seoul and Canberra will work together on platforms such as the G20, the East Asia "
      "Summit and the United Nations.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("the G20", "the East Asia Summit", "the United Nations"));
  EXPECT_EQ(out.lists[0].declared_count, -1);
}

TEST(ListTest, SeriesWithoutHeadOrCueIsNoList) {
  Extraction out = Default().Run(
      "The corridor will speed the movement of people, goods, capital and ideas.");
  EXPECT_THAT(out.lists, IsEmpty());
}

TEST(ListTest, CountryListIsNoPriorityList) {
  Extraction out = Default().Run(
      "The forum brought together partners including Kenya, Ghana, Nigeria and Senegal.");
  EXPECT_THAT(out.lists, IsEmpty());
}

TEST(ListTest, TopicVerbWithNestedList) {
  const std::string text =
      "\"We will be discussing port access, fisheries, and how to tackle piracy, "
      "smuggling, and illegal fishing at the meeting,\" she said.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 2u);
  EXPECT_EQ(Head(text, out.lists[0]), "We will be discussing");
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("port access", "fisheries",
                          "how to tackle piracy, smuggling, and illegal fishing"));
  EXPECT_EQ(out.lists[1].parent, 0);
  ASSERT_EQ(out.lists[1].items.size(), 3u);
  EXPECT_EQ(Items(text, out.lists[1])[2], "illegal fishing");
}

TEST(ListTest, ColonAfterCueNoun) {
  const std::string text =
      "The plan rests on four pillars: digital trade, health, climate finance and "
      "skills.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_EQ(out.lists[0].declared_count, 4);
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("digital trade", "health", "climate finance", "skills"));
}

TEST(ListTest, CueNounAfterSeries) {
  const std::string text =
      "The visit highlighted shipbuilding, space research, and rare earths as key "
      "pillars of the relationship.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("shipbuilding", "space research", "rare earths"));
}

TEST(ListTest, AdjectivesBeforeCueNoun) {
  const std::string text =
      "The accords cover political, economic, scientific and cultural areas, the "
      "spokesman said.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("political", "economic", "scientific", "cultural"));
}

TEST(ListTest, AttributionAfterListIsNoItem) {
  const std::string text =
      "They agreed to cooperate in key areas such as railways, water and farming, the "
      "minister said.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]), ElementsAre("railways", "water", "farming"));
}

TEST(ListTest, CooperationOnSeries) {
  const std::string text =
      "Officials pledged closer cooperation on customs, cyber security and disaster relief.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("customs", "cyber security", "disaster relief"));
}

TEST(ListTest, DeclaredCountSplitsInnerAnd) {
  const std::string text =
      "They will cooperate in four areas such as mining, roads and bridges, health and "
      "culture and sport.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_EQ(out.lists[0].declared_count, 4);
  EXPECT_EQ(out.lists[0].items.size(), 4u);
  EXPECT_TRUE(out.lists[0].count_matches);
}

TEST(ListTest, CountMismatchIsReported) {
  const std::string text = "The talks covered five areas: trade, energy and health.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_EQ(out.lists[0].declared_count, 5);
  EXPECT_FALSE(out.lists[0].count_matches);
}

TEST(ListTest, SemicolonListWithFoldCount) {
  const std::string text =
      "The strategy is threefold: building ports and railways along the coast; training "
      "engineers in both countries; and opening new markets for farmers.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_EQ(out.lists[0].declared_count, 3);
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("building ports and railways along the coast",
                          "training engineers in both countries",
                          "opening new markets for farmers"));
}

TEST(ListTest, BulletBlockUnderHeading) {
  const std::string text =
      "Highlights of the visit\n"
      "\xE2\x80\xA2 Two new consulates\n"
      "\xE2\x80\xA2 A visa waiver for students\n"
      "- Joint naval drills in March\n"
      "Officials said more steps would follow.\n";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_EQ(Head(text, out.lists[0]), "Highlights of the visit");
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("Two new consulates", "A visa waiver for students",
                          "Joint naval drills in March"));
}

TEST(ListTest, BulletsAfterBodySentenceAreNoList) {
  const std::string text =
      "The prime minister met the visiting president on Friday.\n"
      "- Talks lasted two hours\n"
      "- A dinner followed\n";
  Extraction out = Default().Run(text);
  EXPECT_THAT(out.lists, IsEmpty());
}

TEST(ListTest, InlineTriangleBullets) {
  const std::string text =
      "The minister raised \xE2\x96\xB2 tariffs on steel \xE2\x96\xB2 visas for nurses "
      "\xE2\x96\xB2 a new air route.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]),
              ElementsAre("tariffs on steel", "visas for nurses", "a new air route"));
}

TEST(ListTest, EtcClosesSeries) {
  const std::string text = "Cooperation in textiles, tea, shipping, etc.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]), ElementsAre("textiles", "tea", "shipping"));
}

TEST(ListTest, TwoItemsEnoughWithAreaCue) {
  const std::string text =
      "The focus areas for the dialogue included food security and coastal protection.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_THAT(Items(text, out.lists[0]), ElementsAre("food security", "coastal protection"));
}

TEST(ListTest, MaxListItemsTruncatesWithWarning) {
  Lists small(3);
  const std::string text =
      "The pact covers sectors such as steel, cement, glass, paper and chemicals.";
  Extraction out = small.Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_EQ(out.lists[0].items.size(), 3u);
  ASSERT_EQ(out.warnings.size(), 1u);
  EXPECT_NE(out.warnings[0].find("max_list_items"), std::string::npos);
}

TEST(ListTest, SpansCoverHeadAndItems) {
  const std::string text = "They identified sectors such as tin, salt and rice.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.lists.size(), 1u);
  EXPECT_EQ(out.lists[0].span.In(text), "sectors such as tin, salt and rice");
}

TEST(ListTest, LongCommaParagraphStaysLinear) {
  std::string text = "Areas such as ";
  for (int i = 0; i < 50000; ++i) text += "trade, ";
  text += "and energy.";
  Extraction out = Default().Run(text);
  // The series is longer than any list rule looks: no list, no hang.
  EXPECT_LE(out.lists.size(), 1u);
}

}  // namespace
}  // namespace dipx::internal
