#include "dipx/document.h"

#include <memory>
#include <string>
#include <vector>

#include "data/tables.h"
#include "dipx/data_file.h"
#include "document/document_builder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace dipx {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Sentences(const Document& doc) {
  std::vector<std::string> out;
  for (const Sentence& s : doc.sentences()) out.emplace_back(doc.Text(s.span));
  return out;
}

std::vector<std::string> SentencesOf(const std::string& text) {
  absl::StatusOr<Document> doc = Document::Create(text);
  EXPECT_TRUE(doc.ok()) << doc.status();
  return doc.ok() ? Sentences(*doc) : std::vector<std::string>{};
}

TEST(DocumentTest, ParagraphsAreNonBlankLines) {
  std::string text = "First line here.\n\n  Second line.  \r\nThird\rFourth.\n";
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  std::vector<std::string> paras;
  for (const Paragraph& p : doc->paragraphs()) paras.emplace_back(doc->Text(p.span));
  EXPECT_THAT(paras, ElementsAre("First line here.", "Second line.", "Third", "Fourth."));
}

TEST(DocumentTest, InitialsDoNotEndSentences) {
  EXPECT_THAT(SentencesOf("Minister R. Mehta met his counterpart. They spoke."),
              ElementsAre("Minister R. Mehta met his counterpart.", "They spoke."));
}

TEST(DocumentTest, DottedAcronymsDoNotEndSentences) {
  EXPECT_THAT(SentencesOf("The U.S. Secretary of State arrived. Talks began."),
              ElementsAre("The U.S. Secretary of State arrived.", "Talks began."));
}

TEST(DocumentTest, TitlesMonthsAndNumbersDoNotEndSentences) {
  EXPECT_THAT(
      SentencesOf("Dr. Rao met Gen. Okafor on Jan. 16 at No. 10 Downing Street. It rained."),
      ElementsAre("Dr. Rao met Gen. Okafor on Jan. 16 at No. 10 Downing Street.", "It rained."));
}

TEST(DocumentTest, PossessiveAfterNameStaysInSentence) {
  EXPECT_THAT(SentencesOf("It follows PM Modi's visit to Tokyo. Both sides agreed."),
              ElementsAre("It follows PM Modi's visit to Tokyo.", "Both sides agreed."));
}

TEST(DocumentTest, DecimalsAndTimes) {
  EXPECT_THAT(SentencesOf("Trade grew 3.5 per cent by 10.30 a.m. on Friday. Exports rose."),
              ElementsAre("Trade grew 3.5 per cent by 10.30 a.m. on Friday.", "Exports rose."));
}

TEST(DocumentTest, EllipsisEndsSentenceBeforeCapital) {
  EXPECT_THAT(SentencesOf("We held talks\xE2\x80\xA6 Our ties are strong. Wait... Then go."),
              ElementsAre("We held talks\xE2\x80\xA6", "Our ties are strong.", "Wait...",
                          "Then go."));
}

TEST(DocumentTest, QuoteFollowedBySaidIsOneSentence) {
  EXPECT_THAT(SentencesOf("\"Progress is being made,\" he said. \"We agree.\" She nodded."),
              ElementsAre("\"Progress is being made,\" he said.", "\"We agree.\"",
                          "She nodded."));
}

TEST(DocumentTest, CurlyQuotesCloseSentences) {
  EXPECT_THAT(SentencesOf("He said \xE2\x80\x9CWe are ready.\xE2\x80\x9D The talks ended."),
              ElementsAre("He said \xE2\x80\x9CWe are ready.\xE2\x80\x9D", "The talks ended."));
}

TEST(DocumentTest, HeadlinesAndBulletsWithoutPunctuation) {
  std::string text =
      "Ministers Agree on Maritime Roadmap\n"
      "Key Points\n"
      "  \xE2\x80\xA2 First trip of the year\n"
      "- Focus on supply chains\n"
      "* Research exchange\n"
      "1. Trade targets\n"
      "The talks ended late.\n";
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  const auto& p = doc->paragraphs();
  ASSERT_EQ(p.size(), 7u);
  EXPECT_EQ(p[0].kind, ParagraphKind::kHeadline);
  EXPECT_EQ(p[2].kind, ParagraphKind::kBullet);
  EXPECT_EQ(doc->Text(p[2].bullet_marker), "\xE2\x80\xA2");
  EXPECT_EQ(p[3].kind, ParagraphKind::kBullet);
  EXPECT_EQ(p[4].kind, ParagraphKind::kBullet);
  EXPECT_EQ(p[5].kind, ParagraphKind::kBullet);
  EXPECT_EQ(doc->Text(p[5].bullet_marker), "1.");
  EXPECT_EQ(p[6].kind, ParagraphKind::kBody);
  EXPECT_EQ(doc->sentences().size(), 7u);
}

TEST(DocumentTest, InvalidUtf8NamesOffset) {
  std::string text = "Talks in Hano\xFF today.";
  auto doc = Document::Create(text);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(doc.status().message()), ::testing::HasSubstr("offset 13"));
}

TEST(DocumentTest, RepairReplacesBadBytesAndReportsIt) {
  std::string text = "Talks in Hano\xFF today.\xC3";
  DocumentOptions options;
  options.repair_utf8 = true;
  auto doc = Document::Create(text, options);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->repaired_sequences(), 2u);
  EXPECT_EQ(doc->text(), "Talks in Hano\xEF\xBF\xBD today.\xEF\xBF\xBD");
}

TEST(DocumentTest, NulBytesDoNotTruncate) {
  std::string text("First part.\0 Second part is here.", 34);
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text().size(), 34u);
  EXPECT_EQ(doc->paragraphs().back().span.end, 34u);
}

TEST(DocumentTest, OverLimitIsResourceExhausted) {
  DocumentOptions options;
  options.max_bytes = 10;
  auto doc = Document::Create("This article is too long.", options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(DocumentTest, NonBreakingSpacesAreSpace) {
  std::string text = "\xC2\xA0Minister\xC2\xA0Rao arrived.\xC2\xA0 Talks began.\xC2\xA0";
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  EXPECT_THAT(Sentences(*doc), ElementsAre("Minister\xC2\xA0Rao arrived.", "Talks began."));
}

TEST(DocumentTest, TokensAreSpans) {
  auto doc = Document::Create("India\xE2\x80\x99s U.S.-bound envoy\xE2\x80\x94not \"Japan's\" 2+2 3,500.");
  ASSERT_TRUE(doc.ok());
  std::vector<std::string> tokens;
  for (const Token& t : doc->tokens()) tokens.emplace_back(doc->Text(t.span));
  EXPECT_THAT(tokens, ElementsAre("India\xE2\x80\x99s", "U.S.", "-", "bound", "envoy",
                                  "\xE2\x80\x94", "not", "\"", "Japan's", "\"", "2", "+",
                                  "2", "3,500", "."));
}

// Words at the very end of the text, where no byte follows to stop a run.
TEST(DocumentTest, TokensAtTheEndOfTheText) {
  for (const char* text : {"Talks  in Doha2025", "Doha2025", "Talks,in 2,025", "a-b c's"}) {
    auto doc = Document::Create(text);
    ASSERT_TRUE(doc.ok());
    std::vector<std::string> tokens;
    for (const Token& t : doc->tokens()) tokens.emplace_back(doc->Text(t.span));
    std::vector<std::string> spaced;  // the same words followed by a line break
    const std::string with_break = std::string(text) + "\n";
    auto more = Document::Create(with_break);
    ASSERT_TRUE(more.ok());
    for (const Token& t : more->tokens()) spaced.emplace_back(more->Text(t.span));
    EXPECT_EQ(tokens, spaced) << text;
  }
  auto doc = Document::Create("Talks  in Doha2025");
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->tokens().size(), 3u);
  EXPECT_EQ(doc->Text(doc->tokens()[2].span), "Doha2025");
}

TEST(DocumentTest, RunsOfOneQuotationMarkAreOneSeparatorToken) {
  // Rules of one repeated mark are separators: one kPunct token each,
  // whatever their length; a pair of marks stays quotation.
  auto doc = Document::Create("Talks ended.\n\"\"\"\"\"\n''''''''\nHe said \"\" twice.");
  ASSERT_TRUE(doc.ok());
  std::vector<std::string> tokens;
  std::vector<TokenKind> kinds;
  for (const Token& t : doc->tokens()) {
    tokens.emplace_back(doc->Text(t.span));
    kinds.push_back(t.kind);
  }
  EXPECT_THAT(tokens, ElementsAre("Talks", "ended", ".", "\"\"\"\"\"", "''''''''", "He",
                                  "said", "\"", "\"", "twice", "."));
  EXPECT_EQ(kinds[3], TokenKind::kPunct);
  EXPECT_EQ(kinds[4], TokenKind::kPunct);
  EXPECT_EQ(kinds[7], TokenKind::kQuoteMark);
}

TEST(DocumentTest, TenMegabytesOfQuotationMarksAreOneToken) {
  std::string text(10 << 20, '"');
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->tokens().size(), 1u);
  EXPECT_EQ(doc->tokens()[0].span.size(), text.size());
}

TEST(DocumentTest, DatelineWithAgency) {
  auto doc = Document::Create("KUALA LUMPUR (Reuters) - Ministers met on Monday.");
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(doc->dateline().has_value());
  EXPECT_EQ(doc->Text(doc->dateline()->place), "KUALA LUMPUR");
  EXPECT_EQ(doc->Text(doc->dateline()->agency), "Reuters");
  EXPECT_EQ(doc->Text(doc->dateline()->span), "KUALA LUMPUR (Reuters)");
}

TEST(DocumentTest, DatelineWithDateAndAgency) {
  auto doc = Document::Create("Moscow, July 5 (IANS) Russia and India agreed to expand trade.");
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(doc->dateline().has_value());
  EXPECT_EQ(doc->Text(doc->dateline()->place), "Moscow");
  EXPECT_EQ(doc->Text(doc->dateline()->date), "July 5");
}

TEST(DocumentTest, StandaloneDatelineParagraph) {
  auto doc = Document::Create(
      "Envoys Meet in Capital\n\nNew Delhi, January 16\n\nThe two ministers met today.");
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(doc->dateline().has_value());
  EXPECT_EQ(doc->Text(doc->dateline()->place), "New Delhi");
  EXPECT_EQ(doc->Text(doc->dateline()->date), "January 16");
  EXPECT_EQ(doc->paragraphs()[1].kind, ParagraphKind::kDateline);
}

// Document rules whose only dateline pattern is `pattern`.
std::unique_ptr<internal::DocumentRules> DatelineRules(const std::string& pattern) {
  DataFile f;
  f.table = "dateline";
  f.origin = "test.tsv";
  f.content = "name\tpattern\nonly\t" + pattern + "\n";
  f.replace = true;
  absl::StatusOr<internal::Tables> tables = internal::Tables::Create({f});
  EXPECT_TRUE(tables.ok()) << tables.status();
  auto rules = internal::DocumentRules::Create(*tables);
  EXPECT_TRUE(rules.ok()) << rules.status();
  return *std::move(rules);
}

// The dateline groups are memoised per thread; a memo entry must never be
// served to other rules, even for the same bytes.
TEST(DocumentTest, DatelineGroupsFollowTheRulesInUse) {
  auto place_first = DatelineRules("(?P<place>[A-Z]+), (?P<agency>[A-Z][a-z]+) -");
  auto agency_first = DatelineRules("(?P<agency>[A-Z]+), (?P<place>[A-Z][a-z]+) -");
  const std::string text = "LAGOS, Reuters - Ministers met on Monday.";
  for (int round = 0; round < 2; ++round) {  // the second round hits the memo
    auto a = internal::DocumentBuilder::Build(text, {}, *place_first);
    ASSERT_TRUE(a.ok() && a->dateline().has_value());
    EXPECT_EQ(a->Text(a->dateline()->place), "LAGOS");
    EXPECT_EQ(a->Text(a->dateline()->agency), "Reuters");
    auto b = internal::DocumentBuilder::Build(text, {}, *agency_first);
    ASSERT_TRUE(b.ok() && b->dateline().has_value());
    EXPECT_EQ(b->Text(b->dateline()->place), "Reuters");
    EXPECT_EQ(b->Text(b->dateline()->agency), "LAGOS");
  }
  // Same bytes later in another article: offsets follow the paragraph.
  const std::string later = "Headline Here\n\n" + text;
  auto c = internal::DocumentBuilder::Build(later, {}, *place_first);
  ASSERT_TRUE(c.ok() && c->dateline().has_value());
  EXPECT_EQ(c->Text(c->dateline()->place), "LAGOS");
  EXPECT_EQ(c->Text(c->dateline()->span), "LAGOS, Reuters");
}

TEST(DocumentTest, PatternIsDigitBlind) {
  using internal::PatternIsDigitBlind;
  EXPECT_TRUE(PatternIsDigitBlind(R"((?P<place>[A-Z]+), (?P<date>\d{1,2}(?:st|nd)?) -)"));
  EXPECT_TRUE(PatternIsDigitBlind(R"([!-/:-@\w[:alnum:]]{2,}x{3}\pN\p{Nd})"));
  EXPECT_TRUE(PatternIsDigitBlind(R"(a{2,}[]x]\{\})"));  // escaped braces are literals
  EXPECT_FALSE(PatternIsDigitBlind("19\\d\\d"));
  EXPECT_FALSE(PatternIsDigitBlind("[0-5]"));
  EXPECT_FALSE(PatternIsDigitBlind("[a{2}]"));  // braces in a class are members
  EXPECT_FALSE(PatternIsDigitBlind("a{,3}"));  // a literal '{,3}'
  EXPECT_FALSE(PatternIsDigitBlind("\\{2}"));  // a literal '{2}'
  EXPECT_FALSE(PatternIsDigitBlind("\\x35"));
  EXPECT_FALSE(PatternIsDigitBlind("\\Q1\\E"));
  EXPECT_FALSE(PatternIsDigitBlind("(?P<g1>a)"));
  EXPECT_FALSE(PatternIsDigitBlind("[[:alpha:]{2}]"));
  EXPECT_FALSE(PatternIsDigitBlind("[]1]"));
  EXPECT_FALSE(PatternIsDigitBlind("[abc"));
}

// The memo serves one match's groups to another that differs only in digits
// only when the pattern cannot tell digits apart.
TEST(DocumentTest, DatelineMemoKeepsDigitsThePatternReads) {
  auto blind = DatelineRules(R"((?P<place>[A-Z]+), (?P<date>\d+)(?P<agency>\d*) -)");
  auto reads = DatelineRules(R"((?P<place>[A-Z]+), (?:(?P<date>1\d)|(?P<agency>\d+)) -)");
  for (int round = 0; round < 2; ++round) {
    auto a = internal::DocumentBuilder::Build("LAGOS, 15 - Talks.", {}, *blind);
    ASSERT_TRUE(a.ok() && a->dateline().has_value());
    EXPECT_EQ(a->Text(a->dateline()->date), "15");
    auto b = internal::DocumentBuilder::Build("LAGOS, 27 - Talks.", {}, *blind);
    ASSERT_TRUE(b.ok() && b->dateline().has_value());
    EXPECT_EQ(b->Text(b->dateline()->date), "27");
    auto c = internal::DocumentBuilder::Build("LAGOS, 15 - Talks.", {}, *reads);
    ASSERT_TRUE(c.ok() && c->dateline().has_value());
    EXPECT_EQ(c->Text(c->dateline()->date), "15");
    EXPECT_TRUE(c->dateline()->agency.empty());
    auto d = internal::DocumentBuilder::Build("LAGOS, 25 - Talks.", {}, *reads);
    ASSERT_TRUE(d.ok() && d->dateline().has_value());
    EXPECT_TRUE(d->dateline()->date.empty());
    EXPECT_EQ(d->Text(d->dateline()->agency), "25");
  }
}

TEST(DocumentTest, NoDatelineInOrdinaryLead) {
  auto doc = Document::Create("Japan, India and Australia agreed on Monday to deepen ties.");
  ASSERT_TRUE(doc.ok());
  EXPECT_FALSE(doc->dateline().has_value());
}

TEST(DocumentTest, LookupsByOffset) {
  std::string text = "One. Two.\nThree.";
  auto doc = Document::Create(text);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->ParagraphAt(0), 0);
  EXPECT_EQ(doc->ParagraphAt(9), -1);  // the newline
  EXPECT_EQ(doc->ParagraphAt(10), 1);
  EXPECT_EQ(doc->SentenceAt(5), 1);
  EXPECT_EQ(doc->TokenAtOrAfter(4), 2u);
}

// The seed articles: sentence boundaries around names and abbreviations.
TEST(DocumentSeedTest, SeedSentencesKeepNamesWhole) {
  DIPX_REQUIRE_SHARED();
  for (const char* name : {"000_7c33b9ff0b6bc89b.txt", "004_7a8e5c93e3f656dc.txt"}) {
    auto text = testing::ReadFile(testing::SharedDir() + "/seeds/" + name);
    ASSERT_TRUE(text.has_value()) << name;
    auto doc = Document::Create(*text);
    ASSERT_TRUE(doc.ok()) << doc.status();
    for (const Sentence& s : doc->sentences()) {
      std::string_view t = doc->Text(s.span);
      for (const char* bad : {"S.", " PM", "U.S.", "Dr.", "Modi"}) {
        std::string_view b = bad;
        EXPECT_FALSE(t.size() >= b.size() && t.substr(t.size() - b.size()) == b)
            << name << ": sentence ends with '" << bad << "': " << t;
      }
    }
  }
}

}  // namespace
}  // namespace dipx
