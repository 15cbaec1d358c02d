// Tests for src/extractors/partnership.cc: the ladder, normalisation,
// issuer overrides, descriptors, parties, years, statuses and summaries.
// Sentences are written for these tests in the style of diplomatic news.
#include "extractors/partnership.h"

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

// Entities + partnerships only, so that these tests do not depend on the
// other extractors.
class Pipeline {
 public:
  explicit Pipeline(const std::vector<DataFile>& user = {}) {
    auto tables = Tables::Create(user);
    status_ = tables.status();
    if (!tables.ok()) return;
    tables_ = std::make_unique<Tables>(*std::move(tables));
    auto gz = Gazetteer::Create(*tables_);
    status_ = gz.status();
    if (!gz.ok()) return;
    gazetteer_ = *std::move(gz);
    auto er = EntityRecognizer::Create(*tables_, *gazetteer_);
    status_ = er.status();
    if (!er.ok()) return;
    entities_ = *std::move(er);
    auto pe = PartnershipExtractor::Create(*tables_, *gazetteer_, options_);
    status_ = pe.status();
    if (!pe.ok()) return;
    extractor_ = *std::move(pe);
  }
  const absl::Status& status() const { return status_; }
  const PartnershipExtractor& extractor() const { return *extractor_; }

  Extraction Run(const std::string& text) const {
    Extraction out;
    auto doc = Document::Create(text);
    EXPECT_TRUE(doc.ok()) << doc.status();
    if (!doc.ok()) return out;
    EntityIndex ents;
    entities_->Recognize(*doc, &ents);
    extractor_->Extract(*doc, ents, ArticleContext{}, &out);
    return out;
  }

 private:
  absl::Status status_;
  ExtractorOptions options_;
  std::unique_ptr<Tables> tables_;
  std::unique_ptr<Gazetteer> gazetteer_;
  std::unique_ptr<EntityRecognizer> entities_;
  std::unique_ptr<PartnershipExtractor> extractor_;
};

const Pipeline& Default() {
  static const Pipeline* const p = new Pipeline();
  return *p;
}

std::string Text(const std::string& article, const Partnership& p) {
  return std::string(p.span.In(article));
}

// The one partnership whose level is `level`, or nullptr.
const Partnership* Find(const Extraction& out, const std::string& level) {
  const Partnership* found = nullptr;
  for (const Partnership& p : out.partnerships) {
    if (p.level == level) {
      EXPECT_EQ(found, nullptr) << "two entries for " << level;
      found = &p;
    }
  }
  return found;
}

// ---------------------------------------------------------------------------
// The ladder: every row of data/partnership_ladder.tsv through Rank().

struct LadderCase {
  std::vector<std::string> tokens;
  std::string level;
  int rank;
};

class LadderTest : public ::testing::TestWithParam<LadderCase> {};

TEST_P(LadderTest, RowRanks) {
  ASSERT_TRUE(Default().status().ok()) << Default().status();
  const LadderCase& c = GetParam();
  LadderLevel got = Default().extractor().Rank(c.tokens, {});
  EXPECT_EQ(got.level, c.level);
  EXPECT_EQ(got.rank, c.rank);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, LadderTest,
    ::testing::Values(
        LadderCase{{"normal"}, "relations", 0},
        LadderCase{{"stable"}, "relations", 0},
        LadderCase{{"stable", "reliable"}, "relations", 0},
        LadderCase{{"cooperative"}, "partnership", 1},
        LadderCase{{"friendly"}, "partnership", 1},
        LadderCase{{"friendly", "cooperative"}, "partnership", 1},
        LadderCase{{"constructive"}, "partnership", 1},
        LadderCase{{"development"}, "partnership", 1},
        LadderCase{{"dialogue"}, "partnership", 1},
        LadderCase{{"comprehensive"}, "comprehensive", 2},
        LadderCase{{"cooperative", "comprehensive"}, "comprehensive", 2},
        LadderCase{{"global"}, "global", 2},
        LadderCase{{"enhanced"}, "enhanced", 2},
        LadderCase{{"expanded"}, "enhanced", 2},
        LadderCase{{"privileged"}, "privileged", 2},
        LadderCase{{"strategic"}, "strategic", 3},
        LadderCase{{"strategic", "cooperative"}, "strategic", 3},
        LadderCase{{"coordination", "strategic"}, "strategic", 3},
        LadderCase{{"constructive", "strategic"}, "strategic", 3},
        LadderCase{{"new", "strategic"}, "strategic", 3},
        LadderCase{{"strategic", "global"}, "strategic_global", 4},
        LadderCase{{"global", "strategic"}, "strategic_global", 4},
        LadderCase{{"enhanced", "strategic"}, "enhanced_strategic", 4},
        LadderCase{{"extensive", "strategic"}, "enhanced_strategic", 4},
        LadderCase{{"all-round", "strategic"}, "enhanced_strategic", 4},
        LadderCase{{"strengthened", "strategic"}, "enhanced_strategic", 4},
        LadderCase{{"comprehensive", "strategic"}, "comprehensive_strategic", 5},
        LadderCase{{"comprehensive", "strategic", "cooperative"}, "comprehensive_strategic", 5},
        LadderCase{{"special", "strategic"}, "special_strategic", 6},
        LadderCase{{"privileged", "strategic"}, "special_strategic", 6},
        LadderCase{{"special", "privileged", "strategic"}, "special_privileged_strategic", 6},
        LadderCase{{"special", "strategic", "global"}, "special_strategic_global", 7},
        LadderCase{{"comprehensive", "global", "strategic"}, "comprehensive_global_strategic", 8},
        LadderCase{{"comprehensive", "strategic", "coordination"},
                   "comprehensive_strategic_coordination", 8},
        LadderCase{{"all-weather", "strategic", "cooperative"}, "all_weather_strategic", 8},
        LadderCase{{"all-weather", "comprehensive", "strategic"}, "all_weather_strategic", 8},
        LadderCase{{"permanent", "comprehensive", "strategic"}, "all_weather_strategic", 8},
        LadderCase{{"alliance"}, "alliance", 9}));

TEST(PartnershipRankTest, UnknownSetGetsFallbackRank) {
  // {special, global}: base 1, +1 broad; "special" adds only with strategic.
  LadderLevel got = Default().extractor().Rank({"special", "global"}, {});
  EXPECT_EQ(got.level, "global_special");
  EXPECT_EQ(got.rank, 2);
}

TEST(PartnershipRankTest, FallbackStrategicWithBroadModifier) {
  // {expanded, strategic, new}: 1 + 2 (strategic) + 1 (broad) = 4.
  LadderLevel got = Default().extractor().Rank({"expanded", "new", "strategic"}, {});
  EXPECT_EQ(got.rank, 4);
}

TEST(PartnershipRankTest, ChinaOverrideCapsGlobalComprehensiveStrategic) {
  LadderLevel us = Default().extractor().Rank({"comprehensive", "global", "strategic"},
                                              {"India", "United States"});
  LadderLevel uk = Default().extractor().Rank({"comprehensive", "global", "strategic"},
                                              {"China", "United Kingdom"});
  EXPECT_EQ(us.rank, 8);
  EXPECT_EQ(uk.level, "comprehensive_strategic");
  EXPECT_EQ(uk.rank, 5);
}

TEST(PartnershipRankTest, ChinaOverrideSparesAllWeather) {
  LadderLevel got = Default().extractor().Rank({"all-weather", "comprehensive", "strategic"},
                                               {"Belarus", "China"});
  EXPECT_EQ(got.rank, 8);
}

TEST(PartnershipRankTest, ModifierWordsNormalise) {
  EXPECT_EQ(Default().extractor().ModifierToken("Cooperation"), "cooperative");
  EXPECT_EQ(Default().extractor().ModifierToken("co-ordination"), "coordination");
  EXPECT_EQ(Default().extractor().ModifierToken("innovative"), "");
}

TEST(PartnershipRankTest, UserDataFileAddsLadderRow) {
  DataFile extra;
  extra.table = "partnership_ladder";
  extra.origin = "test.tsv";
  extra.content =
      "key\tlevel\trank\tmatch\tnote\n"
      "special+global\tspecial_global\t6\texact\tuser row\n";
  Pipeline p({extra});
  ASSERT_TRUE(p.status().ok()) << p.status();
  LadderLevel got = p.extractor().Rank({"global", "special"}, {});
  EXPECT_EQ(got.level, "special_global");
  EXPECT_EQ(got.rank, 6);
}

// ---------------------------------------------------------------------------
// The dated test cases of reference/partnerships.md §3.6, in our own words.

struct RefCase {
  const char* name;
  std::string text;
  std::string level;  // the entry checked
  int rank;
  std::vector<std::string> parties;
  int year;
  PartnershipStatus status;
};

class ReferenceCaseTest : public ::testing::TestWithParam<RefCase> {};

TEST_P(ReferenceCaseTest, Level) {
  ASSERT_TRUE(Default().status().ok()) << Default().status();
  const RefCase& c = GetParam();
  Extraction out = Default().Run(c.text);
  const Partnership* p = Find(out, c.level);
  ASSERT_NE(p, nullptr) << c.name;
  EXPECT_EQ(p->rank, c.rank) << c.name;
  EXPECT_EQ(p->parties, c.parties) << c.name;
  EXPECT_EQ(p->year, c.year) << c.name;
  EXPECT_EQ(p->status, c.status) << c.name;
}

constexpr PartnershipStatus kCur = PartnershipStatus::kCurrent;
constexpr PartnershipStatus kPast = PartnershipStatus::kPast;
constexpr PartnershipStatus kProp = PartnershipStatus::kProposed;

const char kIndiaJapanLadder[] =
    "Ties between India and Japan were raised to a Global Partnership in 2000, a "
    "Strategic and Global Partnership in 2006 and a Special Strategic and Global "
    "Partnership in 2014.";
const char kIndiaRussia[] =
    "India and Russia signed a declaration on strategic partnership in 2000 and "
    "raised it to a Special and Privileged Strategic Partnership in 2010.";
const char kIndiaKorea[] =
    "In 2015, India and South Korea upgraded their Strategic Partnership to a "
    "Special Strategic Partnership.";
const char kIndiaMalaysia[] =
    "Malaysia and India lifted their enhanced strategic partnership to a "
    "comprehensive strategic partnership in August 2024.";
const char kVietnamUs[] =
    "In 2013 Vietnam and the United States set up a comprehensive partnership, and "
    "in September 2023 they upgraded it to a comprehensive strategic partnership for "
    "peace, cooperation and sustainable development.";
const char kVietnamJapan[] =
    "Japan and Vietnam launched a Strategic Partnership for Peace and Prosperity in "
    "Asia in 2009, raised it to an Extensive Strategic Partnership in 2014 and to a "
    "Comprehensive Strategic Partnership for Peace and Prosperity in Asia and the "
    "World in November 2023.";
const char kAseanAustralia[] =
    "In October 2021, ASEAN and Australia elevated their strategic partnership to a "
    "comprehensive strategic partnership.";
const char kChinaKorea[] =
    "China and South Korea set up a cooperative partnership in 1998, raised it to a "
    "comprehensive cooperative partnership in 2003 and to a strategic cooperative "
    "partnership in 2008.";
const char kChinaUs[] =
    "China and the United States announced a constructive strategic partnership in "
    "1997. In 2011, the two countries described their ties as a cooperative "
    "partnership.";
const char kChinaRussia[] =
    "China and Russia formed a partnership of strategic coordination in 1996 and "
    "raised it to a comprehensive strategic partnership of coordination in 2011.";
const char kChinaVenezuela[] =
    "Venezuela and China established a strategic partnership in 2001, upgraded it to "
    "a comprehensive strategic partnership in 2014 and to an all-weather strategic "
    "partnership in September 2023.";
const char kChinaSerbia[] =
    "Beijing and Belgrade, comprehensive strategic partners since 2016, pledged in "
    "Belgrade to build a community with a shared future.";

INSTANTIATE_TEST_SUITE_P(
    Cases, ReferenceCaseTest,
    ::testing::Values(
        RefCase{"1 global", kIndiaJapanLadder, "global", 2, {"India", "Japan"}, 2000, kPast},
        RefCase{"2 strategic and global", kIndiaJapanLadder, "strategic_global", 4,
                {"India", "Japan"}, 2006, kPast},
        RefCase{"2b global and strategic",
                "India and Japan agreed in 2006 to elevate ties to a Global and Strategic "
                "Partnership.",
                "strategic_global", 4, {"India", "Japan"}, 2006, kCur},
        RefCase{"3 ssgp", kIndiaJapanLadder, "special_strategic_global", 7,
                {"India", "Japan"}, 2014, kCur},
        RefCase{"3b ssgp with commas",
                "The minister said the special, strategic and global partnership between "
                "India and Japan would keep growing.",
                "special_strategic_global", 7, {"India", "Japan"}, 0, kCur},
        RefCase{"4 natural partner", "Tokyo regards New Delhi as a natural partner.",
                "descriptor:natural_partner", -1, {"India", "Japan"}, 0, kCur},
        RefCase{"5 india-russia strategic", kIndiaRussia, "strategic", 3,
                {"India", "Russia"}, 2000, kPast},
        RefCase{"6 special and privileged", kIndiaRussia, "special_privileged_strategic", 6,
                {"India", "Russia"}, 2010, kCur},
        RefCase{"7 india-rok strategic", kIndiaKorea, "strategic", 3,
                {"India", "South Korea"}, 0, kPast},
        RefCase{"7 india-rok special strategic", kIndiaKorea, "special_strategic", 6,
                {"India", "South Korea"}, 2015, kCur},
        RefCase{"8 cgsp",
                "India and the United States elevated their ties to a Comprehensive Global "
                "Strategic Partnership in 2020.",
                "comprehensive_global_strategic", 8, {"India", "United States"}, 2020, kCur},
        RefCase{"9 india-australia csp",
                "Australia and India upgraded relations to a Comprehensive Strategic "
                "Partnership in June 2020.",
                "comprehensive_strategic", 5, {"Australia", "India"}, 2020, kCur},
        RefCase{"10 india-indonesia csp",
                "In 2018, Indonesia and India established a Comprehensive Strategic "
                "Partnership.",
                "comprehensive_strategic", 5, {"India", "Indonesia"}, 2018, kCur},
        RefCase{"11 enhanced", kIndiaMalaysia, "enhanced_strategic", 4,
                {"India", "Malaysia"}, 0, kPast},
        RefCase{"11 csp", kIndiaMalaysia, "comprehensive_strategic", 5,
                {"India", "Malaysia"}, 2024, kCur},
        RefCase{"12 india-poland",
                "In August 2024, India and Poland established a strategic partnership.",
                "strategic", 3, {"India", "Poland"}, 2024, kCur},
        RefCase{"13 india-asean",
                "ASEAN and India upgraded their ties to a Comprehensive Strategic "
                "Partnership in November 2022.",
                "comprehensive_strategic", 5, {"ASEAN", "India"}, 2022, kCur},
        RefCase{"14 india-france",
                "France and India raised their relationship to a Special Global Strategic "
                "Partnership in February 2026.",
                "special_strategic_global", 7, {"France", "India"}, 2026, kCur},
        RefCase{"15 india-italy",
                "Italy and India elevated ties to a Special Strategic Partnership in 2026.",
                "special_strategic", 6, {"India", "Italy"}, 2026, kCur},
        RefCase{"16 india-cyprus",
                "In May 2026, Cyprus and India established a Strategic Partnership.",
                "strategic", 3, {"Cyprus", "India"}, 2026, kCur},
        RefCase{"17 india-vietnam",
                "Vietnam and India upgraded ties to a Comprehensive Strategic Partnership "
                "in 2016.",
                "comprehensive_strategic", 5, {"India", "Vietnam"}, 2016, kCur},
        RefCase{"18 vietnam-us comprehensive", kVietnamUs, "comprehensive", 2,
                {"United States", "Vietnam"}, 2013, kPast},
        RefCase{"18 vietnam-us csp", kVietnamUs, "comprehensive_strategic", 5,
                {"United States", "Vietnam"}, 2023, kCur},
        RefCase{"19 vietnam-japan strategic", kVietnamJapan, "strategic", 3,
                {"Japan", "Vietnam"}, 2009, kPast},
        RefCase{"19 vietnam-japan extensive", kVietnamJapan, "enhanced_strategic", 4,
                {"Japan", "Vietnam"}, 2014, kPast},
        RefCase{"19 vietnam-japan csp", kVietnamJapan, "comprehensive_strategic", 5,
                {"Japan", "Vietnam"}, 2023, kCur},
        RefCase{"20 vietnam-russia",
                "Vietnam and Russia have been comprehensive strategic partners since 2012.",
                "comprehensive_strategic", 5, {"Russia", "Vietnam"}, 2012, kCur},
        RefCase{"21 asean-china",
                "ASEAN and China agreed in 2021 to upgrade their relations to a "
                "comprehensive strategic partnership.",
                "comprehensive_strategic", 5, {"ASEAN", "China"}, 2021, kCur},
        RefCase{"22 asean-australia strategic", kAseanAustralia, "strategic", 3,
                {"ASEAN", "Australia"}, 0, kPast},
        RefCase{"22 asean-australia csp", kAseanAustralia, "comprehensive_strategic", 5,
                {"ASEAN", "Australia"}, 2021, kCur},
        RefCase{"23 asean-us proposed",
                "In May 2022, ASEAN and the United States agreed to work towards a "
                "comprehensive strategic partnership.",
                "comprehensive_strategic", 5, {"ASEAN", "United States"}, 2022, kProp},
        RefCase{"24 china-rok cooperative", kChinaKorea, "partnership", 1,
                {"China", "South Korea"}, 1998, kPast},
        RefCase{"24 china-rok comprehensive", kChinaKorea, "comprehensive", 2,
                {"China", "South Korea"}, 2003, kPast},
        RefCase{"24 china-rok strategic", kChinaKorea, "strategic", 3,
                {"China", "South Korea"}, 2008, kCur},
        RefCase{"25 china-us downgrade: old level past", kChinaUs, "strategic", 3,
                {"China", "United States"}, 1997, kPast},
        RefCase{"25 china-us downgrade: lower level current", kChinaUs, "partnership", 1,
                {"China", "United States"}, 2011, kCur},
        RefCase{"26 china-russia strategic coordination", kChinaRussia, "strategic", 3,
                {"China", "Russia"}, 1996, kPast},
        RefCase{"26 china-russia csp of coordination", kChinaRussia,
                "comprehensive_strategic_coordination", 8, {"China", "Russia"}, 2011, kCur},
        RefCase{"27 china-brazil",
                "Brazil became China's first strategic partner in 1993.", "strategic", 3,
                {"Brazil", "China"}, 1993, kCur},
        RefCase{"28 china-pakistan",
                "In 2015, China and Pakistan upgraded their ties to an all-weather "
                "strategic cooperative partnership.",
                "all_weather_strategic", 8, {"China", "Pakistan"}, 2015, kCur},
        RefCase{"29 china-belarus",
                "Belarus and China established an all-weather comprehensive strategic "
                "partnership in September 2022.",
                "all_weather_strategic", 8, {"Belarus", "China"}, 2022, kCur},
        RefCase{"30 china-venezuela strategic", kChinaVenezuela, "strategic", 3,
                {"China", "Venezuela"}, 2001, kPast},
        RefCase{"30 china-venezuela csp", kChinaVenezuela, "comprehensive_strategic", 5,
                {"China", "Venezuela"}, 2014, kPast},
        RefCase{"30 china-venezuela all-weather", kChinaVenezuela, "all_weather_strategic", 8,
                {"China", "Venezuela"}, 2023, kCur},
        RefCase{"31 china-hungary",
                "China and Hungary elevated ties to an all-weather comprehensive strategic "
                "partnership for the new era in May 2024.",
                "all_weather_strategic", 8, {"China", "Hungary"}, 2024, kCur},
        RefCase{"32 china-serbia csp", kChinaSerbia, "comprehensive_strategic", 5,
                {"China", "Serbia"}, 2016, kCur},
        RefCase{"32 china-serbia shared future", kChinaSerbia, "descriptor:shared_future", -1,
                {"China", "Serbia"}, 0, kCur},
        RefCase{"33 china-uk override",
                "In 2015, China and the United Kingdom launched a global comprehensive "
                "strategic partnership for the 21st century.",
                "comprehensive_strategic", 5, {"China", "United Kingdom"}, 2015, kCur},
        RefCase{"34 china-germany",
                "Germany and China upgraded their relations to an all-round strategic "
                "partnership in 2014.",
                "enhanced_strategic", 4, {"China", "Germany"}, 2014, kCur},
        RefCase{"35 china-japan mutual benefit",
                "In 2008, China and Japan agreed to pursue a strategic relationship of "
                "mutual benefit.",
                "descriptor:mutual_benefit", -1, {"China", "Japan"}, 0, kCur},
        RefCase{"36 eu-china",
                "The European Union and China established a comprehensive strategic "
                "partnership in 2003.",
                "comprehensive_strategic", 5, {"China", "European Union"}, 2003, kCur},
        RefCase{"36 eu-india",
                "India and the European Union launched a strategic partnership in 2004.",
                "strategic", 3, {"European Union", "India"}, 2004, kCur},
        RefCase{"37 eu-brazil",
                "The EU and Brazil established a strategic partnership in 2007.",
                "strategic", 3, {"Brazil", "European Union"}, 2007, kCur},
        RefCase{"40 india-japan truncated label",
                "Japan and India reaffirmed their Special Strategic Partnership at the "
                "summit.",
                "special_strategic_global", 7, {"India", "Japan"}, 0, kCur}),
    [](const ::testing::TestParamInfo<RefCase>& info) {
      std::string n = info.param.name;
      for (char& c : n) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
          c = '_';
        }
      }
      return n;
    });

TEST(PartnershipTest, AgreementTitleIsNoLevel) {
  // Reference case 38: a treaty named "Strategic Partnership Agreement".
  Extraction out = Default().Run(
      "The EU and Japan signed a Strategic Partnership Agreement in Tokyo in 2018.");
  EXPECT_THAT(out.partnerships, IsEmpty());
}

TEST(PartnershipTest, CompanyAndGroupingPartnersAreNoLevels) {
  // Reference case 39.
  Extraction out = Default().Run(
      "India signed a partnership with Microsoft on cloud services. The ministry "
      "praised a public-private partnership for ports. Japan thanked its Quad partners.");
  EXPECT_THAT(out.partnerships, IsEmpty());
}

// ---------------------------------------------------------------------------
// Behaviours.

TEST(PartnershipTest, LadderHistoryGivesThreeEntriesLastCurrent) {
  const std::string text = kIndiaJapanLadder;
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.partnerships.size(), 3u);
  EXPECT_EQ(Text(text, out.partnerships[0]), "Global Partnership");
  EXPECT_EQ(Text(text, out.partnerships[1]), "Strategic and Global Partnership");
  EXPECT_EQ(Text(text, out.partnerships[2]), "Special Strategic and Global Partnership");
}

TEST(PartnershipTest, SummaryHoldsCurrentLevelAndHistoryOldestFirst) {
  Extraction out = Default().Run(kIndiaJapanLadder);
  ASSERT_EQ(out.partnership_summaries.size(), 1u);
  const PartnershipSummary& s = out.partnership_summaries[0];
  EXPECT_THAT(s.parties, ElementsAre("India", "Japan"));
  EXPECT_EQ(s.current_level, "special_strategic_global");
  ASSERT_EQ(s.history.size(), 3u);
  EXPECT_EQ(out.partnerships[s.history[0]].year, 2000);
  EXPECT_EQ(out.partnerships[s.history[2]].year, 2014);
}

TEST(PartnershipTest, SummaryFollowsADowngrade) {
  Extraction out = Default().Run(kChinaUs);
  ASSERT_EQ(out.partnership_summaries.size(), 1u);
  EXPECT_EQ(out.partnership_summaries[0].current_level, "partnership");
}

TEST(PartnershipTest, QuotedLevelSpanExcludesQuoteMarks) {
  const std::string text =
      "Tokyo and New Delhi raised ties to a \xE2\x80\x98Global Partnership\xE2\x80\x99 in 2000.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.partnerships.size(), 1u);
  EXPECT_EQ(Text(text, out.partnerships[0]), "Global Partnership");
  EXPECT_EQ(out.partnerships[0].year, 2000);
  EXPECT_THAT(out.partnerships[0].parties, ElementsAre("India", "Japan"));
}

TEST(PartnershipTest, NewEraSuffixKeptInTextButNotInLevel) {
  const std::string text =
      "The China-Russia comprehensive strategic partnership of coordination for a new era "
      "keeps growing, the minister said.";
  Extraction out = Default().Run(text);
  ASSERT_EQ(out.partnerships.size(), 1u);
  EXPECT_EQ(Text(text, out.partnerships[0]),
            "comprehensive strategic partnership of coordination for a new era");
  EXPECT_EQ(out.partnerships[0].level, "comprehensive_strategic_coordination");
}

TEST(PartnershipTest, OneEntryPerLevelPerPair) {
  Extraction out = Default().Run(
      "Ghana and Kenya established a strategic partnership in 2019. Officials said the "
      "strategic partnership between Ghana and Kenya had delivered new trade routes.");
  ASSERT_EQ(out.partnerships.size(), 1u);
  EXPECT_EQ(out.partnerships[0].year, 2019);
}

TEST(PartnershipTest, TwoCountriesResolveToArticlePair) {
  Extraction out = Default().Run(
      "Chile and Peru held talks in Lima on Monday. The two countries agreed to deepen "
      "their strategic partnership.");
  ASSERT_EQ(out.partnerships.size(), 1u);
  EXPECT_THAT(out.partnerships[0].parties, ElementsAre("Chile", "Peru"));
}

TEST(PartnershipTest, WithListGivesOnePairEach) {
  Extraction out = Default().Run(
      "Vietnam upgraded its relations with Thailand and Malaysia to comprehensive "
      "strategic partnerships.");
  ASSERT_EQ(out.partnerships.size(), 2u);
  EXPECT_THAT(out.partnerships[0].parties, ElementsAre("Thailand", "Vietnam"));
  EXPECT_THAT(out.partnerships[1].parties, ElementsAre("Malaysia", "Vietnam"));
}

TEST(PartnershipTest, GenericTierNamesAreNotReported) {
  Extraction out = Default().Run(
      "Vietnam ranks its partners in tiers. A comprehensive strategic partnership is the "
      "highest of them, while strategic partnerships come second.");
  EXPECT_THAT(out.partnerships, IsEmpty());
}

TEST(PartnershipTest, AbbreviationNeedsExpansionFirst) {
  Extraction before = Default().Run("Vietnam signed a CSP with Norway on Monday.");
  EXPECT_THAT(before.partnerships, IsEmpty());
  const std::string text =
      "Vietnam regards a comprehensive strategic partnership (CSP) as its top tier. "
      "Vietnam signed a CSP with Norway on Monday.";
  Extraction after = Default().Run(text);
  ASSERT_EQ(after.partnerships.size(), 1u);
  EXPECT_EQ(Text(text, after.partnerships[0]), "CSP");
  EXPECT_THAT(after.partnerships[0].parties, ElementsAre("Norway", "Vietnam"));
}

TEST(PartnershipTest, AimToUpgradeIsProposed) {
  Extraction out = Default().Run(
      "Kenya and Egypt aim to upgrade their ties to a strategic partnership next year.");
  ASSERT_EQ(out.partnerships.size(), 1u);
  EXPECT_EQ(out.partnerships[0].status, PartnershipStatus::kProposed);
}

TEST(PartnershipTest, ProposedUpgradeKeepsSourceCurrent) {
  Extraction out = Default().Run(
      "Nigeria accepted Brazil's invitation to upgrade their strategic partnership to a "
      "comprehensive strategic partnership.");
  const Partnership* sp = Find(out, "strategic");
  const Partnership* csp = Find(out, "comprehensive_strategic");
  ASSERT_NE(sp, nullptr);
  ASSERT_NE(csp, nullptr);
  EXPECT_EQ(sp->status, PartnershipStatus::kCurrent);
  EXPECT_EQ(csp->status, PartnershipStatus::kProposed);
}

TEST(PartnershipTest, PlainLowerMentionRefersToCurrentLevel) {
  Extraction out = Default().Run(
      "India and Japan elevated ties to a Special Strategic and Global Partnership in "
      "2014. Both leaders vowed to deepen the strategic partnership.");
  ASSERT_EQ(out.partnerships.size(), 1u);
  EXPECT_EQ(out.partnerships[0].level, "special_strategic_global");
}

TEST(PartnershipTest, EvaluativeAdjectiveMakesDescriptor) {
  Extraction out = Default().Run(
      "The minister described Egypt as an important and valued strategic partner of "
      "India.");
  ASSERT_EQ(out.partnerships.size(), 1u);
  EXPECT_EQ(out.partnerships[0].level, "descriptor:important_partner");
  EXPECT_EQ(out.partnerships[0].rank, -1);
}

TEST(PartnershipTest, DescriptorPhrasesFromTable) {
  Extraction out = Default().Run(
      "Officials in Islamabad called China and Pakistan iron brothers and all-weather "
      "friends.");
  EXPECT_NE(Find(out, "descriptor:iron_brothers"), nullptr);
  EXPECT_NE(Find(out, "descriptor:all_weather_friend"), nullptr);
}

TEST(PartnershipTest, TradingPartnerIsNoLabel) {
  Extraction out = Default().Run("China is the largest trading partner of Kazakhstan.");
  EXPECT_THAT(out.partnerships, IsEmpty());
}

TEST(PartnershipTest, BarePartnershipIsNoLevel) {
  Extraction out = Default().Run(
      "Japan and India praised the partnership between the two countries.");
  EXPECT_THAT(out.partnerships, IsEmpty());
}

TEST(PartnershipTest, ElevatedToStrategicLevel) {
  Extraction out = Default().Run(
      "Relations between India and Egypt were elevated to the strategic level last year.");
  ASSERT_EQ(out.partnerships.size(), 1u);
  EXPECT_EQ(out.partnerships[0].level, "strategic");
}

TEST(PartnershipTest, AllianceHead) {
  Extraction out = Default().Run(
      "The United States and Japan reaffirmed their ironclad alliance on Tuesday.");
  ASSERT_EQ(out.partnerships.size(), 1u);
  EXPECT_EQ(out.partnerships[0].level, "alliance");
  EXPECT_EQ(out.partnerships[0].rank, 9);
}

TEST(PartnershipTest, BareAllianceIsNoLevel) {
  Extraction out = Default().Run(
      "Airlines from France and Japan formed an alliance. Britain and Norway back the "
      "Global Alliance for Vaccines.");
  EXPECT_THAT(out.partnerships, IsEmpty());
}

TEST(PartnershipTest, CloseAllyIsDescriptor) {
  Extraction out = Default().Run("Israel called the United States its closest ally.");
  ASSERT_EQ(out.partnerships.size(), 1u);
  EXPECT_EQ(out.partnerships[0].level, "descriptor:closest_ally");
}

TEST(PartnershipTest, HugeParagraphWithoutLevelsIsFine) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "partners, partners and partners ";
  Extraction out = Default().Run(text);
  EXPECT_THAT(out.partnerships, IsEmpty());
}

}  // namespace
}  // namespace dipx::internal
