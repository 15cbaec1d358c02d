#include "data/gazetteer.h"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "data/tables.h"
#include "dipx/data_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dipx::internal {
namespace {

class GazetteerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<Tables> tables = Tables::Create({});
    ASSERT_TRUE(tables.ok()) << tables.status();
    absl::StatusOr<std::unique_ptr<Gazetteer>> g = Gazetteer::Create(*tables);
    ASSERT_TRUE(g.ok()) << g.status();
    gaz_ = g->release();
  }
  static std::string CountryName(std::string_view surface) {
    const Country* c = gaz_->FindCountry(surface);
    return c == nullptr ? "" : c->name;
  }
  static Gazetteer* gaz_;
};

Gazetteer* GazetteerTest::gaz_ = nullptr;

TEST_F(GazetteerTest, AllIsoCountriesWithCodes) {
  EXPECT_GE(gaz_->countries().size(), 240u);
  const Country* in = gaz_->FindCountryByCode("IN");
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->name, "India");
  EXPECT_EQ(in->iso3, "IND");
  EXPECT_EQ(gaz_->FindCountryByCode("kor")->name, "South Korea");
  EXPECT_EQ(gaz_->FindCountryByCode("XX"), nullptr);
}

TEST_F(GazetteerTest, ShortFormsAndCommonNames) {
  for (const char* s : {"U.S.", "US", "USA", "United States", "the United States", "America"}) {
    EXPECT_EQ(CountryName(s), "United States") << s;
  }
  for (const char* s : {"UK", "Britain", "United Kingdom"}) EXPECT_EQ(CountryName(s), "United Kingdom") << s;
  for (const char* s : {"South Korea", "ROK", "Republic of Korea", "Korea"}) {
    EXPECT_EQ(CountryName(s), "South Korea") << s;
  }
  EXPECT_EQ(CountryName("PRC"), "China");
  EXPECT_EQ(CountryName("People's Republic of China"), "China");
  EXPECT_EQ(CountryName("People\xE2\x80\x99s Republic of China"), "China");  // curly apostrophe
  EXPECT_EQ(CountryName("Russian Federation"), "Russia");
  EXPECT_EQ(CountryName("Viet Nam"), "Vietnam");
  EXPECT_EQ(CountryName("Cote d'Ivoire"), "C\xC3\xB4te d'Ivoire");
  EXPECT_EQ(CountryName("the  Philippines"), "Philippines");
  EXPECT_EQ(CountryName("Ruritania"), "");
}

TEST_F(GazetteerTest, CapitalsAndDemonyms) {
  EXPECT_EQ(CountryName("New Delhi"), "India");
  EXPECT_EQ(CountryName("NEW DELHI"), "India");
  EXPECT_EQ(CountryName("Tokyo"), "Japan");
  EXPECT_EQ(CountryName("Washington"), "United States");
  EXPECT_EQ(CountryName("Seoul"), "South Korea");
  EXPECT_EQ(CountryName("Indian"), "India");
  EXPECT_EQ(CountryName("Japanese"), "Japan");
  EXPECT_EQ(CountryName("Chinese"), "China");
  EXPECT_EQ(CountryName("Emirati"), "United Arab Emirates");
  EXPECT_EQ(CountryName("Ivorian"), "C\xC3\xB4te d'Ivoire");
  EXPECT_EQ(gaz_->Find("Tokyo").hit, GazetteerHit::kCapital);
  EXPECT_EQ(gaz_->Find("Japanese").hit, GazetteerHit::kDemonym);
}

TEST_F(GazetteerTest, MatchPrefixIsLongestAndStopsAtWordBoundary) {
  GazetteerMatch m = gaz_->MatchPrefix("South Korean officials said");
  EXPECT_EQ(m.hit, GazetteerHit::kDemonym);
  EXPECT_EQ(m.length, std::string("South Korean").size());
  m = gaz_->MatchPrefix("South Africa and Brazil");
  EXPECT_EQ(m.hit, GazetteerHit::kCountry);
  EXPECT_EQ(m.length, std::string("South Africa").size());
  m = gaz_->MatchPrefix("Japan\xE2\x80\x99s foreign minister");
  EXPECT_EQ(m.hit, GazetteerHit::kCountry);
  EXPECT_EQ(m.length, 5u);
  m = gaz_->MatchPrefix("U.S. officials");
  EXPECT_EQ(m.length, 4u);
  m = gaz_->MatchPrefix("India-Japan ties");
  EXPECT_EQ(m.length, 5u);
  // "Indiana" is not "India".
  EXPECT_EQ(gaz_->MatchPrefix("Indiana governor").hit, GazetteerHit::kNone);
  EXPECT_EQ(gaz_->MatchPrefix("Chinaware").hit, GazetteerHit::kNone);
  EXPECT_EQ(gaz_->MatchPrefix("").hit, GazetteerHit::kNone);
  EXPECT_EQ(gaz_->MatchPrefix(" Japan").hit, GazetteerHit::kNone);
  // A line break ends a match.
  m = gaz_->MatchPrefix("New\nDelhi");
  EXPECT_EQ(m.hit, GazetteerHit::kNone);
}

TEST_F(GazetteerTest, GroupingsAndMeetings) {
  for (const char* s : {"Quad", "ASEAN", "G20", "G-20", "G7", "G4", "BRICS", "SCO", "EU",
                        "AU", "UN", "UNSC", "UNGA", "NATO", "APEC", "BIMSTEC", "GCC"}) {
    GazetteerMatch m = gaz_->Find(s);
    EXPECT_EQ(m.hit, GazetteerHit::kOrganization) << s;
  }
  GazetteerMatch m = gaz_->MatchPrefix("East Asia Summit in Kuala Lumpur");
  ASSERT_EQ(m.hit, GazetteerHit::kOrganization);
  EXPECT_EQ(gaz_->organizations()[m.index].name, "East Asia Summit");
  EXPECT_EQ(gaz_->organizations()[m.index].type, "meeting");
  m = gaz_->MatchPrefix("ASEAN Summit on Sunday");
  ASSERT_EQ(m.hit, GazetteerHit::kOrganization);
  EXPECT_EQ(gaz_->organizations()[m.index].parent, "ASEAN");
  const Organization& quad = gaz_->organizations()[gaz_->Find("Quad").index];
  EXPECT_EQ(quad.members.size(), 4u);
}

TEST_F(GazetteerTest, TitlesInAnyCommonCase) {
  auto role = [](std::string_view s) -> std::string {
    GazetteerMatch m = gaz_->MatchPrefix(s);
    if (m.hit != GazetteerHit::kTitle) return "";
    return gaz_->titles()[m.index].role;
  };
  EXPECT_EQ(role("External Affairs Minister S. Rao"), "External Affairs Minister");
  EXPECT_EQ(role("EAM Rao"), "External Affairs Minister");
  EXPECT_EQ(role("FM Rao"), "Foreign Minister");
  EXPECT_EQ(role("foreign minister of Peru"), "Foreign Minister");
  EXPECT_EQ(role("Minister of Foreign Affairs Rao"), "Foreign Minister");
  EXPECT_EQ(role("PM Rao"), "Prime Minister");
  EXPECT_EQ(role("Prime Minister Rao"), "Prime Minister");
  EXPECT_EQ(role("Deputy Prime Minister Rao"), "Deputy Prime Minister");
  EXPECT_EQ(role("Vice President Rao"), "Vice President");
  EXPECT_EQ(role("spokeswoman Rao"), "Spokesperson");
  EXPECT_EQ(role("Foreign Ministry spokesperson Rao"), "Foreign Ministry Spokesperson");
  EXPECT_EQ(role("State Councillor Rao"), "State Councillor");
  EXPECT_EQ(role("National Security Adviser Rao"), "National Security Adviser");
  EXPECT_EQ(role("NSA Rao"), "National Security Adviser");
  EXPECT_EQ(role("High Commissioner Rao"), "High Commissioner");
  EXPECT_EQ(role("Crown Prince Rao"), "Crown Prince");
  EXPECT_EQ(role("Chancellor Rao"), "Chancellor");
  GazetteerMatch eam = gaz_->MatchPrefix("EAM");
  EXPECT_EQ(gaz_->titles()[eam.index].country, gaz_->CountryIndex(gaz_->FindCountry("India")));
  GazetteerMatch ministry = gaz_->MatchPrefix("Ministry of Foreign Affairs said");
  ASSERT_EQ(ministry.hit, GazetteerHit::kTitle);
  EXPECT_FALSE(gaz_->titles()[ministry.index].person);
}

TEST_F(GazetteerTest, UserDataExtendsTheGazetteer) {
  DataFile extra;
  extra.table = "organizations";
  extra.origin = "extra.tsv";
  extra.content = "name\taliases\ttype\tcountry\tparent\tmembers\nIndo-Pacific Forum\tIPF\tgrouping\t\t\tIN|JP\n";
  absl::StatusOr<Tables> tables = Tables::Create({extra});
  ASSERT_TRUE(tables.ok()) << tables.status();
  absl::StatusOr<std::unique_ptr<Gazetteer>> g = Gazetteer::Create(*tables);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->Find("IPF").hit, GazetteerHit::kOrganization);
}

TEST_F(GazetteerTest, FirstSegmentsScreenMatchPrefix) {
  EXPECT_EQ(Gazetteer::FirstSegmentLength("India-Japan ties"), 5u);
  EXPECT_EQ(Gazetteer::FirstSegmentLength("U.S. envoy"), 1u);
  EXPECT_EQ(Gazetteer::FirstSegmentLength("Japan\xE2\x80\x99s minister"), 5u);
  EXPECT_EQ(Gazetteer::FirstSegmentLength("C\xC3\xB4te d'Ivoire"), 5u);
  EXPECT_EQ(Gazetteer::FirstSegmentLength(" India"), 0u);
  std::vector<std::string_view> segs = gaz_->FirstSegments();
  auto has = [&](std::string_view s) {
    return std::find(segs.begin(), segs.end(), s) != segs.end();
  };
  EXPECT_TRUE(has("India"));
  EXPECT_TRUE(has("Prime"));
  EXPECT_TRUE(has("U"));
  EXPECT_FALSE(has("Tuesday"));
  // Every match starts with a listed first segment.
  for (std::string_view text : {"Prime Minister spoke", "New Delhi said", "U.S. officials",
                                "foreign minister", "ASEAN leaders"}) {
    GazetteerMatch m = gaz_->MatchPrefix(text);
    ASSERT_NE(m.hit, GazetteerHit::kNone) << text;
    EXPECT_TRUE(has(text.substr(0, Gazetteer::FirstSegmentLength(text)))) << text;
  }
  EXPECT_EQ(gaz_->MatchPrefix("Tuesday talks").hit, GazetteerHit::kNone);
}

// FirstSegmentEntry and MatchPrefixPast reproduce MatchPrefix for texts
// that start with a first segment followed by a word boundary.
TEST_F(GazetteerTest, FirstSegmentEntriesAgreeWithMatchPrefix) {
  std::vector<Gazetteer::FirstSegmentEntry> entries = gaz_->FirstSegmentEntries();
  EXPECT_EQ(entries.size(), gaz_->FirstSegments().size());
  bool saw_continued = false, saw_prefix_only = false;
  for (const Gazetteer::FirstSegmentEntry& e : entries) {
    for (std::string_view tail : {"", " ", " Minister said", "'s envoy", ".S. officials",
                                  " Delhi", "-Japan ties", " of Foreign Affairs"}) {
      std::string text = std::string(e.segment) + std::string(tail);
      if (Gazetteer::FirstSegmentLength(text) != e.segment.size()) continue;
      GazetteerMatch want = gaz_->MatchPrefix(text);
      GazetteerMatch got = e.match;
      if (e.continued) got = gaz_->MatchPrefixPast(text, e.segment.size(), e.match);
      EXPECT_EQ(got.hit, want.hit) << text;
      EXPECT_EQ(got.index, want.index) << text;
      EXPECT_EQ(got.length, want.length) << text;
    }
    saw_continued |= e.continued;
    saw_prefix_only |= e.match.hit == GazetteerHit::kNone;
  }
  EXPECT_TRUE(saw_continued);
  EXPECT_TRUE(saw_prefix_only);  // a segment that only starts longer keys
}

TEST_F(GazetteerTest, FindWithoutAllocationLimits) {
  EXPECT_EQ(CountryName("  the   United\tStates "), "United States");
  EXPECT_EQ(gaz_->Find(std::string(500, 'a')).hit, GazetteerHit::kNone);
  EXPECT_EQ(gaz_->Find("").hit, GazetteerHit::kNone);
}

TEST_F(GazetteerTest, BadCountryCodeIsAnError) {
  DataFile extra;
  extra.table = "organizations";
  extra.origin = "bad.tsv";
  extra.content = "name\taliases\ttype\tcountry\tparent\tmembers\nNowhere Club\t\tgrouping\tZZ\t\t\n";
  absl::StatusOr<Tables> tables = Tables::Create({extra});
  ASSERT_TRUE(tables.ok()) << tables.status();
  absl::StatusOr<std::unique_ptr<Gazetteer>> g = Gazetteer::Create(*tables);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), ::testing::HasSubstr("bad.tsv"));
}

}  // namespace
}  // namespace dipx::internal
