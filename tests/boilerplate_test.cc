// Boilerplate marking (src/document/document.cc, data/boilerplate.tsv).
#include <string>

#include "dipx/document.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace dipx {
namespace {

constexpr char kBody[] =
    "The foreign ministers of both countries met in the capital on Tuesday and "
    "agreed to expand cooperation on maritime security, trade and clean energy, "
    "officials said after the talks.";

bool IsBoilerplate(const Document& doc, std::string_view needle) {
  size_t at = doc.text().find(needle);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return at != std::string_view::npos && doc.IsBoilerplate(static_cast<uint32_t>(at));
}

TEST(BoilerplateTest, CommentSectionToEnd) {
  std::string text = std::string(kBody) +
                     "\nReader Comments\nA\nAnita K\nGreat step. \"Very good\" news indeed.\n"
                     "Leave a Comment\nMinimum 50 characters 0/50\n";
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  EXPECT_FALSE(IsBoilerplate(*doc, "foreign ministers"));
  EXPECT_TRUE(IsBoilerplate(*doc, "Reader Comments"));
  EXPECT_TRUE(IsBoilerplate(*doc, "Very good"));
  EXPECT_TRUE(IsBoilerplate(*doc, "Minimum 50"));
  EXPECT_EQ(doc->paragraphs()[1].boilerplate, BoilerplateReason::kCommentSection);
}

TEST(BoilerplateTest, CommentHeaderBeforeAnyTextIsOnlyOneLine) {
  std::string text = std::string("Comments\n") + kBody;
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(IsBoilerplate(*doc, "Comments"));
  EXPECT_FALSE(IsBoilerplate(*doc, "foreign ministers"));
}

TEST(BoilerplateTest, ShareReadingTimeAndCredits) {
  std::string text = std::string("Share this article:\n4 min read\nPhoto: Foreign Ministry\n") +
                     kBody + "\n- PTI\nFollow us on Telegram\nNM/jn/APA\n" + kBody + " Later.";
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(IsBoilerplate(*doc, "Share this"));
  EXPECT_TRUE(IsBoilerplate(*doc, "4 min read"));
  EXPECT_TRUE(IsBoilerplate(*doc, "Photo: Foreign"));
  EXPECT_TRUE(IsBoilerplate(*doc, "- PTI"));
  EXPECT_TRUE(IsBoilerplate(*doc, "Follow us"));
  EXPECT_TRUE(IsBoilerplate(*doc, "NM/jn/APA"));
  EXPECT_FALSE(IsBoilerplate(*doc, "Later."));
}

TEST(BoilerplateTest, RelatedBlockAtEnd) {
  std::string text = std::string(kBody) +
                     "\nRead next\n12:40\nPresident signs trade pact during a visit to Lagos.\n";
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(IsBoilerplate(*doc, "signs trade pact"));
}

TEST(BoilerplateTest, DoubledCaptionAndRepeatedHeadline) {
  std::string headline = "Ministers pledge closer maritime cooperation";
  std::string text = headline + "\nHome > World > Asia\n" + headline + "\n" +
                     "The minister speaks to reporters at the airport before leaving for talks.\n"
                     "The minister speaks to reporters at the airport\n" + kBody;
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  EXPECT_FALSE(doc->paragraphs()[0].is_boilerplate());
  EXPECT_TRUE(doc->paragraphs()[1].is_boilerplate());
  EXPECT_TRUE(doc->paragraphs()[2].is_boilerplate());
  EXPECT_TRUE(doc->paragraphs()[3].is_boilerplate());
  EXPECT_TRUE(doc->paragraphs()[4].is_boilerplate());
  EXPECT_FALSE(doc->paragraphs()[5].is_boilerplate());
}

TEST(BoilerplateTest, ShortNewsParagraphIsNotBoilerplate) {
  std::string text = std::string(kBody) + "\nThe talks will resume in March.\n\"We are hopeful,\" he said.\n";
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  for (const Paragraph& p : doc->paragraphs()) EXPECT_FALSE(p.is_boilerplate()) << doc->Text(p.span);
}

// Seed 004 ends in a reader-comment section: every comment is boilerplate,
// and no article paragraph is.
TEST(BoilerplateSeedTest, SeedCommentsAreBoilerplate) {
  DIPX_REQUIRE_SHARED();
  auto text = testing::ReadFile(testing::SharedDir() + "/seeds/004_7a8e5c93e3f656dc.txt");
  ASSERT_TRUE(text.has_value());
  auto doc = Document::Create(*text);
  ASSERT_TRUE(doc.ok());
  size_t comments = text->find("Reader Comments");
  ASSERT_NE(comments, std::string::npos);
  for (const Paragraph& p : doc->paragraphs()) {
    if (p.span.begin >= comments) {
      EXPECT_TRUE(p.is_boilerplate()) << doc->Text(p.span);
    } else if (p.span.size() > 200) {
      EXPECT_FALSE(p.is_boilerplate()) << doc->Text(p.span);
    }
  }
}

// Every must_ignore string of the seeds and devset lies in boilerplate, and
// no gold quote does.
TEST(BoilerplateSeedTest, GoldMustIgnoreIsBoilerplate) {
  DIPX_REQUIRE_SHARED();
  size_t checked = 0, missed = 0;
  for (const testing::GoldBoilerplate& g : testing::ReadGoldBoilerplate()) {
    auto doc = Document::Create(g.text);
    ASSERT_TRUE(doc.ok());
    for (const std::string& s : g.must_ignore) {
      size_t at = g.text.find(s);
      if (at == std::string::npos) continue;
      ++checked;
      if (!doc->IsBoilerplate(Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + s.size())})) {
        ++missed;
        ADD_FAILURE() << g.id << ": not boilerplate: " << s;
      }
    }
    for (const std::string& q : g.quotes) {
      size_t at = g.text.find(q);
      if (at == std::string::npos) continue;
      EXPECT_FALSE(doc->IsBoilerplate(static_cast<uint32_t>(at))) << g.id << ": quote in boilerplate: " << q;
    }
  }
  EXPECT_GT(checked, 10u);
  EXPECT_EQ(missed, 0u);
}

}  // namespace
}  // namespace dipx
