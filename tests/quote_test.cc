#include "extractors/quote.h"

#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace dipx {
namespace {

using ::dipx::testing::At;
using ::dipx::testing::DefaultExtractor;

struct Got {
  std::string text;
  std::string kind;
  std::string speaker;  // "" when null
  std::string mention;
  std::string cue;
  std::string rule;
  int paragraphs = 1;
};

std::vector<Got> Quotes(std::string_view text) {
  absl::StatusOr<Extraction> ex = DefaultExtractor().Extract(text);
  EXPECT_TRUE(ex.ok()) << ex.status();
  std::vector<Got> out;
  if (!ex.ok()) return out;
  for (const Quote& q : ex->quotes) {
    Got g;
    g.text = std::string(At(text, q.span));
    g.kind = QuoteKindName(q.kind);
    if (q.has_speaker) g.speaker = q.speaker.name;
    g.mention = std::string(At(text, q.speaker.mention));
    g.cue = std::string(At(text, q.cue));
    g.rule = q.attribution;
    g.paragraphs = q.paragraphs;
    out.push_back(g);
  }
  return out;
}

const Got* Find(const std::vector<Got>& quotes, std::string_view text) {
  for (const Got& g : quotes) if (g.text == text) return &g;
  return nullptr;
}

#define EXPECT_QUOTE(quotes, text_, kind_, speaker_)                \
  do {                                                              \
    const Got* g_ = Find(quotes, text_);                            \
    ASSERT_NE(g_, nullptr) << "missing quote: " << (text_);         \
    EXPECT_EQ(g_->kind, kind_);                                     \
    EXPECT_EQ(g_->speaker, speaker_);                               \
  } while (0)

TEST(QuoteTest, TrailingSaidAfterQuote) {
  auto q = Quotes("Foreign Minister Elena Varga arrived in Lima.\n"
                  "“We are ready to deepen our cooperation in mining,” Varga said.\n");
  EXPECT_QUOTE(q, "We are ready to deepen our cooperation in mining,", "direct", "Elena Varga");
  EXPECT_EQ(Find(q, "We are ready to deepen our cooperation in mining,")->cue, "said");
  EXPECT_EQ(Find(q, "We are ready to deepen our cooperation in mining,")->mention, "Varga");
}

TEST(QuoteTest, InvertedSaidWithRoleAlias) {
  auto q = Quotes("Chilean Foreign Minister Tomas Rivera met his Peruvian counterpart.\n"
                  "“The border crossings will reopen next month,” said the Chilean minister.\n");
  const Got* g = Find(q, "The border crossings will reopen next month,");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->speaker, "Tomas Rivera");
  EXPECT_EQ(g->rule, "role_alias");
  EXPECT_EQ(g->mention, "the Chilean minister");
}

TEST(QuoteTest, ColonIntroducesQuote) {
  auto q = Quotes("At a briefing in Nairobi, spokesperson Daniel Osei said: “Kenya values this "
                  "partnership above all.”\n");
  const Got* g = Find(q, "Kenya values this partnership above all.");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->kind, "direct");
  EXPECT_EQ(g->speaker, "Daniel Osei");
  EXPECT_EQ(g->rule, "colon");
}

TEST(QuoteTest, SplitQuoteGivesTwoQuotesOneSpeaker) {
  auto q = Quotes("Prime Minister Ana Kovac spoke in Zagreb.\n"
                  "“Our ports are open,” she said, “and our investors are welcome.”\n");
  EXPECT_QUOTE(q, "Our ports are open,", "direct", "Ana Kovac");
  EXPECT_QUOTE(q, "and our investors are welcome.", "direct", "Ana Kovac");
}

TEST(QuoteTest, PronounResolvesToCurrentSpeaker) {
  auto q = Quotes("Trade Minister Rahul Mehta visited Canberra on Tuesday.\n"
                  "“The agreement will cut tariffs on wine,” Mehta told reporters.\n"
                  "“It is a good day for farmers,” he added.\n");
  const Got* g = Find(q, "It is a good day for farmers,");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->speaker, "Rahul Mehta");
  EXPECT_EQ(g->rule, "pronoun");
  EXPECT_EQ(g->mention, "he");
  EXPECT_EQ(g->cue, "added");
}

TEST(QuoteTest, PronounRespectsGenderFromHonorific) {
  auto q = Quotes("Ms. Laila Haddad, the envoy, met Mr. Omar Saleh in Amman.\n"
                  "“We discussed water security at length,” she said.\n");
  EXPECT_QUOTE(q, "We discussed water security at length,", "direct", "Laila Haddad");
}

TEST(QuoteTest, PartialQuoteInsideReportersSentence) {
  auto q = Quotes("Foreign Minister Elena Varga said Peru was a “reliable partner” in the region.\n");
  EXPECT_QUOTE(q, "reliable partner", "partial", "Elena Varga");
}

TEST(QuoteTest, DescribedAsFramesAPartialQuote) {
  auto q = Quotes("Defence Minister Karl Brandt described the talks as “frank and useful” on Friday.\n");
  EXPECT_QUOTE(q, "frank and useful", "partial", "Karl Brandt");
}

TEST(QuoteTest, ScareQuotesWithoutSpeakerAreDropped) {
  auto q = Quotes("The so-called “grey zone” tactics worried the region.\n"
                  "Analysts say the city's “charm offensive” ended in March.\n");
  EXPECT_EQ(Find(q, "grey zone"), nullptr);
}

TEST(QuoteTest, TitlesOfSpeechesAndPartnershipNamesAreNotQuotes) {
  auto q = Quotes("He recalled the minister's \"Bridges Across the Gulf\" speech of 2009.\n"
                  "The two countries upgraded ties to a ‘Comprehensive Strategic Partnership’ in 2021.\n");
  EXPECT_THAT(q, ::testing::IsEmpty());
}

TEST(QuoteTest, AccordingToAttributesIndirectSpeech) {
  auto q = Quotes("According to Foreign Secretary Nadia Rahman, the two sides will sign a visa "
                  "agreement in June.\n");
  EXPECT_QUOTE(q, "the two sides will sign a visa agreement in June", "indirect", "Nadia Rahman");
  EXPECT_EQ(Find(q, "the two sides will sign a visa agreement in June")->rule, "according_to");
}

TEST(QuoteTest, SaidThatGivesIndirectQuote) {
  auto q = Quotes("President Joao Almeida said that Brazil would expand its embassy in Accra.\n");
  EXPECT_QUOTE(q, "Brazil would expand its embassy in Accra", "indirect", "Joao Almeida");
}

TEST(QuoteTest, InvertedIndirectAttribution) {
  auto q = Quotes("The new rail link will carry cargo from the port to the capital by 2027, "
                  "the transport ministry said.\n");
  EXPECT_QUOTE(q, "The new rail link will carry cargo from the port to the capital by 2027",
               "indirect", "transport ministry");
}

TEST(QuoteTest, PostedOnSocialMediaWithColon) {
  auto q = Quotes("After the meeting, Minister Ivan Petrov posted on X: “Productive talks with "
                  "my Serbian colleague today.”\n");
  EXPECT_QUOTE(q, "Productive talks with my Serbian colleague today.", "direct", "Ivan Petrov");
}

TEST(QuoteTest, TrailingDashNameInsideQuote) {
  auto q = Quotes("\"Our doors are open to every neighbour. - Maria Santos\"\n");
  const Got* g = Find(q, "Our doors are open to every neighbour.");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->speaker, "Maria Santos");
  EXPECT_EQ(g->rule, "dash");
}

TEST(QuoteTest, HeadlineEndingInColonName) {
  auto q = Quotes("Ties with Chile are \"rock solid\": Foreign Minister Elena Varga\n\n"
                  "Peru and Chile held talks on Monday.\n");
  EXPECT_QUOTE(q, "rock solid", "partial", "Elena Varga");
}

TEST(QuoteTest, IntroLineEndingInColon) {
  auto q = Quotes("Premier Lars Nilsson closed the summit with a warning:\n\n"
                  "“No country can face these storms alone. We must act together.”\n");
  const Got* g = Find(q, "No country can face these storms alone. We must act together.");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->speaker, "Lars Nilsson");
  EXPECT_EQ(g->rule, "colon");
}

TEST(QuoteTest, CuelessParagraphContinuesPreviousSpeaker) {
  auto q = Quotes("“We signed four agreements today,” Ambassador Chen Wei told reporters.\n\n"
                  "“More will follow when the commission meets in the autumn.”\n");
  const Got* g = Find(q, "More will follow when the commission meets in the autumn.");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->speaker, "Chen Wei");
  EXPECT_EQ(g->rule, "continuation");
}

TEST(QuoteTest, MultiParagraphQuoteGivesOnePiecePerParagraph) {
  auto q = Quotes("“Our trade has doubled in five years and will double again.\n\n"
                  "“The corridor is the backbone of that growth,” said Minister Kofi Mensah.\n");
  const Got* a = Find(q, "Our trade has doubled in five years and will double again.");
  const Got* b = Find(q, "The corridor is the backbone of that growth,");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->speaker, "Kofi Mensah");
  EXPECT_EQ(b->speaker, "Kofi Mensah");
  EXPECT_EQ(a->paragraphs, 2);
  EXPECT_EQ(b->paragraphs, 2);
}

TEST(QuoteTest, QuotedAsSayingNamesTheObject) {
  auto q = Quotes("\"This deal protects our fishermen and our coast,\" the agency quoted "
                  "President Rosa Quintero as saying.\n");
  EXPECT_QUOTE(q, "This deal protects our fishermen and our coast,", "direct", "Rosa Quintero");
}

TEST(QuoteTest, AppositiveBetweenSpeakerAndCue) {
  auto q = Quotes("Jonas Berg, a spokesman for the Nordic Council, said: \"The meeting is "
                  "postponed until March.\"\n");
  EXPECT_QUOTE(q, "The meeting is postponed until March.", "direct", "Jonas Berg");
}

TEST(QuoteTest, JointSourceHasNoSpeaker) {
  auto q = Quotes("The two leaders said the new council would meet every year to review the plan.\n");
  const Got* g = Find(q, "the new council would meet every year to review the plan");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->speaker, "");
}

TEST(QuoteTest, LongQuoteIsCutWithWarning) {
  ExtractorOptions options;
  options.max_quote_bytes = 40;
  absl::StatusOr<std::unique_ptr<Extractor>> ex = Extractor::Create(options);
  ASSERT_TRUE(ex.ok());
  std::string text = "“" + std::string(300, 'a') + " and more words here,” the envoy said.\n";
  absl::StatusOr<Extraction> out = (*ex)->Extract(text);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->quotes.size(), 1u);
  EXPECT_EQ(out->quotes[0].span.size(), 40u);
  ASSERT_FALSE(out->warnings.empty());
  EXPECT_THAT(out->warnings[0], ::testing::HasSubstr("max_quote_bytes"));
}

TEST(QuoteTest, HugeRunsOfMarksStayFast) {
  std::string text(1 << 20, '"');
  text += "\n";
  text.append(1 << 20, '\'');
  absl::StatusOr<Extraction> out = DefaultExtractor().Extract(text);
  EXPECT_TRUE(out.ok());
}

TEST(QuoteTest, NothingFromBoilerplateInSharedData) {
  DIPX_REQUIRE_SHARED();
  std::string dir = ::dipx::testing::SharedDir();
  // Seed 004 ends in reader comments; devset articles list must_ignore
  // strings. No quote may overlap them.
  struct Case { std::string text; std::vector<std::string> must_ignore; };
  std::vector<Case> cases;
  std::optional<std::string> seed = ::dipx::testing::ReadFile(dir + "/seeds/004_7a8e5c93e3f656dc.txt");
  ASSERT_TRUE(seed.has_value());
  cases.push_back({*seed, {"Reader Comments", "concrete outcomes", "Confluence of the Two Seas\" idea",
                           "Share this article:", "Minimum 50 characters"}});
  std::vector<::dipx::testing::Article> arts =
      ::dipx::testing::ReadArticles(dir + "/devset/articles.jsonl");
  std::optional<std::string> gold = ::dipx::testing::ReadFile(dir + "/devset/gold.jsonl");
  ASSERT_TRUE(gold.has_value());
  // must_ignore lists from the gold lines, by a light scan of the JSON.
  size_t line_start = 0;
  for (const auto& art : arts) {
    size_t line_end = gold->find('\n', line_start);
    std::string_view line(gold->data() + line_start,
                          (line_end == std::string::npos ? gold->size() : line_end) - line_start);
    line_start = line_end == std::string::npos ? gold->size() : line_end + 1;
    Case c{art.text, {}};
    size_t m = line.find("\"must_ignore\": [");
    if (m != std::string_view::npos) {
      size_t pos = m + 16;
      size_t close = line.find(']', pos);
      while (pos < close) {
        size_t q1 = line.find('"', pos);
        if (q1 == std::string_view::npos || q1 > close) break;
        std::string s;
        size_t k = q1 + 1;
        for (; k < line.size() && line[k] != '"'; ++k) {
          if (line[k] == '\\' && k + 1 < line.size()) ++k;
          s += line[k];
        }
        c.must_ignore.push_back(s);
        pos = k + 1;
      }
    }
    cases.push_back(c);
  }
  int checked = 0;
  for (const Case& c : cases) {
    absl::StatusOr<Extraction> out = DefaultExtractor().Extract(c.text);
    ASSERT_TRUE(out.ok());
    for (const std::string& s : c.must_ignore) {
      for (size_t at = c.text.find(s); at != std::string::npos; at = c.text.find(s, at + 1)) {
        Span ignore{static_cast<uint32_t>(at), static_cast<uint32_t>(at + s.size())};
        for (const Quote& q : out->quotes) {
          EXPECT_FALSE(q.span.Overlaps(ignore)) << "quote over boilerplate: " << s;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 10);
}

// Per-token arrays are reused between articles on a thread: a large article
// followed by a small one must leave nothing behind.
TEST(QuoteTest, ReusedScratchLeavesNoStateBetweenArticles) {
  const std::string small =
      "\"We will deepen our cooperation,\" Foreign Minister Elena Varga said.\n";
  std::string large;
  // Distinct paragraphs (repeated identical ones would be boilerplate).
  for (int i = 0; large.size() < (size_t{2} << 20); ++i) {
    large += "\u201cTalks went well and we agreed on " + std::to_string(i) +
             " projects,\u201d President Omar Haddad told reporters. He said the "
             "two sides \u201cwill meet again\u201d.\n\n";
  }
  std::vector<Got> first = Quotes(small);
  ASSERT_EQ(first.size(), 1u);
  std::vector<Got> big = Quotes(large);
  EXPECT_GT(big.size(), 1000u);
  std::vector<Got> again = Quotes(small);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].text, first[0].text);
  EXPECT_EQ(again[0].speaker, first[0].speaker);
  EXPECT_EQ(again[0].rule, first[0].rule);
}

}  // namespace
}  // namespace dipx
