// Tests for cli/gold.{h,cc}: the gold reader of `dipx eval`.
#include "cli/gold.h"

#include <cstdio>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace dipx::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::StatusOr<GoldArticle> Parse(std::string_view line,
                                  GoldFormat format = GoldFormat::kAuto) {
  simdjson::dom::parser parser;
  return ParseGoldLine(line, format, &parser);
}

TEST(GoldTest, ParsesEveryDipxSection) {
  absl::StatusOr<GoldArticle> a = Parse(R"({"id": "a1",
    "quotes": [{"text": "We are ready", "kind": "direct", "speaker": "Ana Ruiz",
                "speaker_aliases": ["Ruiz", "she"], "span": [3, 15], "note": "x"},
               {"text": "ties were strong", "kind": "indirect", "speaker": null}],
    "lists": [{"head": "three areas", "declared_count": 3,
               "items": ["energy", "trade", "health"]},
              {"head": null, "declared_count": null, "items": ["a", "b"], "optional": true}],
    "partnerships": [{"text": "Strategic Partnership", "parties": ["Chile", "Peru"],
                      "year": 2019, "status": "past", "variants": ["strategic partners"]}],
    "events": [{"type": "visit", "participants": ["Ana Ruiz", {"name": "Peru"}],
                "location": "Lima", "venue": null, "date_text": "Monday"}],
    "must_ignore": ["Share this"], "boilerplate": ["Share this story"]})");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->id, "a1");
  EXPECT_EQ(a->format, GoldFormat::kDipx);
  EXPECT_FALSE(a->has_text);
  ASSERT_EQ(a->quotes.size(), 2u);
  EXPECT_EQ(a->quotes[0].kind, QuoteKind::kDirect);
  EXPECT_TRUE(a->quotes[0].has_speaker);
  EXPECT_EQ(a->quotes[0].speaker, "Ana Ruiz");
  EXPECT_TRUE(a->quotes[0].has_span);
  EXPECT_EQ(a->quotes[0].begin, 3u);
  EXPECT_EQ(a->quotes[0].end, 15u);
  EXPECT_EQ(a->quotes[1].kind, QuoteKind::kIndirect);
  EXPECT_FALSE(a->quotes[1].has_speaker);
  ASSERT_EQ(a->lists.size(), 2u);
  EXPECT_EQ(a->lists[0].declared_count, 3);
  EXPECT_THAT(a->lists[0].items, ElementsAre("energy", "trade", "health"));
  EXPECT_FALSE(a->lists[1].has_head);
  EXPECT_TRUE(a->lists[1].optional);
  ASSERT_EQ(a->partnerships.size(), 1u);
  EXPECT_EQ(a->partnerships[0].year, 2019);
  EXPECT_THAT(a->partnerships[0].variants, ElementsAre("strategic partners"));
  ASSERT_EQ(a->events.size(), 1u);
  EXPECT_THAT(a->events[0].participants, ElementsAre("Ana Ruiz", "Peru"));
  EXPECT_EQ(a->events[0].location, "Lima");
  EXPECT_TRUE(a->events[0].venue.empty());
  EXPECT_THAT(a->must_ignore, ElementsAre("Share this"));
  EXPECT_TRUE(a->has_quotes && a->has_lists && a->has_partnerships && a->has_events);
}

TEST(GoldTest, AbsentSectionsAreNotScored) {
  absl::StatusOr<GoldArticle> a = Parse(R"({"id": "b", "quotes": []})");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->has_quotes);
  EXPECT_FALSE(a->has_lists);
  EXPECT_FALSE(a->has_partnerships);
  EXPECT_FALSE(a->has_events);
}

TEST(GoldTest, NumericIdIsItsJsonText) {
  absl::StatusOr<GoldArticle> a = Parse(R"({"id": 42, "quotes": []})");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->id, "42");
}

TEST(GoldTest, ErrorsNameTheField) {
  struct Case {
    const char* line;
    const char* message;
  };
  const Case cases[] = {
      {R"({"quotes": []})", "id: missing"},
      {R"({"id": ""})", "id: is empty"},
      {R"({"id": [1]})", "id: expected a string or number, got an array"},
      {R"({"id": "x", "quotes": [{"text": "a", "kind": "direct"},
                                  {"text": "b", "kind": "quoted"}]})",
       "quotes[1].kind: expected direct, partial or indirect, got \"quoted\""},
      {R"({"id": "x", "quotes": [{"kind": "direct"}]})", "quotes[0].text: missing"},
      {R"({"id": "x", "quotes": {"text": "a"}})", "quotes: expected an array or null, got an object"},
      {R"({"id": "x", "quotes": ["a"]})", "quotes[0]: expected an object, got a string"},
      {R"({"id": "x", "quotes": [{"text": "a", "kind": "direct", "span": [5, 2]}]})",
       "quotes[0].span: span [5, 2)"},
      {R"({"id": "x", "quotes": [{"text": "a", "kind": "direct", "speaker": 3}]})",
       "quotes[0].speaker: expected a string or null, got a number"},
      {R"({"id": "x", "lists": [{"head": null, "items": []}]})", "lists[0].items: a list needs items"},
      {R"({"id": "x", "lists": [{"head": null}]})", "lists[0].items: missing"},
      {R"({"id": "x", "lists": [{"items": ["a", 7]}]})", "lists[0].items[1]: expected a string"},
      {R"({"id": "x", "partnerships": [{"text": "a", "year": "2014"}]})",
       "partnerships[0].year: expected an integer or null, got a string"},
      {R"({"id": "x", "partnerships": [{"text": "a", "year": 1e300}]})",
       "partnerships[0].year: expected an integer"},
      {R"({"id": "x", "partnerships": [{"text": "a", "optional": "yes"}]})",
       "partnerships[0].optional: expected true, false or null"},
      {R"({"id": "x", "events": [{"type": "banquet"}]})", "events[0].type: unknown event type"},
      {R"({"id": "x", "events": [{"type": "visit", "participants": [{"role": "x"}]}]})",
       "events[0].participants[0].name: missing"},
      {R"({"id": "x", "must_ignore": [""]})", "must_ignore[0]: is empty"},
      {R"([1, 2])", "line is not a JSON object"},
      {R"({"id": "x", )", "invalid JSON"},
      {"{\"id\": \"x\xff\"}", "invalid UTF-8 at byte offset 9"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<GoldArticle> a = Parse(c.line, GoldFormat::kDipx);
    ASSERT_FALSE(a.ok()) << c.line;
    EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(a.status().message()), HasSubstr(c.message)) << c.line;
  }
}

TEST(GoldTest, DetectsPolnearRecords) {
  const std::string line = R"({"id": "p1", "text": "Rain is coming, the minister said.",
    "quotes": [{"begin": 0, "end": 14, "text": "Rain is coming", "kind": "indirect",
                "speaker": "the minister", "speaker_span": [16, 28], "cue": "said",
                "cue_span": [29, 33], "speaker_is_pronoun": false},
               {"begin": 0, "end": 4, "text": "Rain", "kind": "mixed", "speaker": "he",
                "speaker_span": null, "speaker_is_pronoun": true,
                "quoted_fragments": [[0, 4]]}]})";
  absl::StatusOr<GoldArticle> a = Parse(line);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->format, GoldFormat::kPolnear);
  EXPECT_TRUE(a->has_text);
  ASSERT_EQ(a->quotes.size(), 2u);
  EXPECT_EQ(a->quotes[0].kind, QuoteKind::kIndirect);
  EXPECT_FALSE(a->quotes[0].mixed);
  EXPECT_TRUE(a->quotes[0].has_speaker_span);
  EXPECT_EQ(a->quotes[0].speaker_span, (Span{16, 28}));
  EXPECT_EQ(a->quotes[0].cue, "said");
  EXPECT_TRUE(a->quotes[1].mixed);
  EXPECT_FALSE(a->quotes[1].has_speaker_span);
  EXPECT_TRUE(a->quotes[1].speaker_is_pronoun);
  EXPECT_THAT(a->quotes[1].fragments, ElementsAre(Span{0, 4}));
}

TEST(GoldTest, PolnearOffsetsMustLieInTheText) {
  absl::StatusOr<GoldArticle> a = Parse(
      R"({"id": "p", "text": "short", "quotes": [{"begin": 2, "end": 9, "kind": "direct"}]})",
      GoldFormat::kPolnear);
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(std::string(a.status().message()), HasSubstr("quotes[0].end: 9 is out of range"));
  a = Parse(R"({"id": "p", "quotes": []})", GoldFormat::kPolnear);
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(std::string(a.status().message()), HasSubstr("text: missing"));
}

TEST(GoldTest, NeverCrashesOnTruncatedOrMangledLines) {
  const std::string line = R"({"id": "a", "quotes": [{"text": "x", "kind": "partial",
    "speaker": "Li", "span": [0, 1]}], "lists": [{"items": ["p", "q"]}],
    "events": [{"type": "call", "participants": ["Li"]}]})";
  for (size_t n = 0; n <= line.size(); ++n) {
    (void)Parse(line.substr(0, n));
    std::string mangled = line;
    mangled[n % line.size()] = static_cast<char>(n * 37);
    (void)Parse(mangled);
  }
  EXPECT_TRUE(Parse(line).ok());
}

TEST(GoldTest, ReadGoldFileReportsBadLinesAndKeepsTheRest) {
  const std::string path = ::dipx::testing::WriteTempFile("gold_mixed.jsonl",
                                     "{\"id\": \"a\", \"quotes\": []}\n"
                                     "\n"
                                     "{\"id\": \"b\", \"quotes\": [{\"kind\": \"direct\"}]}\n"
                                     "{\"id\": \"a\", \"quotes\": []}\r\n"
                                     "not json\n"
                                     "{\"id\": \"c\"}");
  absl::StatusOr<GoldFile> gold = ReadGoldFile(path, GoldFormat::kAuto);
  ASSERT_TRUE(gold.ok()) << gold.status();
  ASSERT_EQ(gold->articles.size(), 2u);
  EXPECT_EQ(gold->articles[0].id, "a");
  EXPECT_EQ(gold->articles[0].line, 1u);
  EXPECT_EQ(gold->articles[1].id, "c");
  EXPECT_EQ(gold->articles[1].line, 6u);
  ASSERT_EQ(gold->errors.size(), 3u);
  EXPECT_THAT(gold->errors[0], HasSubstr(path + ":3: quotes[0].text: missing"));
  EXPECT_THAT(gold->errors[1], HasSubstr(path + ":4: duplicate id \"a\" (first on line 1)"));
  EXPECT_THAT(gold->errors[2], HasSubstr(path + ":5: invalid JSON"));
}

TEST(GoldTest, MissingFileIsNotFound) {
  absl::StatusOr<GoldFile> gold =
      ReadGoldFile(::testing::TempDir() + "no_such_gold.jsonl", GoldFormat::kAuto);
  EXPECT_EQ(gold.status().code(), absl::StatusCode::kNotFound);
}

TEST(GoldTest, SharedGoldFilesLoadWithoutErrors) {
  DIPX_REQUIRE_SHARED();
  const std::string dir = dipx::testing::SharedDir();
  struct File {
    const char* path;
    GoldFormat format;
    size_t articles;
  };
  for (const File& f : {File{"/seeds/gold.jsonl", GoldFormat::kDipx, 2},
                        File{"/devset/gold.jsonl", GoldFormat::kDipx, 30},
                        File{"/polnear/gold_dev.jsonl", GoldFormat::kPolnear, 84}}) {
    absl::StatusOr<GoldFile> gold = ReadGoldFile(dir + f.path, GoldFormat::kAuto);
    ASSERT_TRUE(gold.ok()) << gold.status();
    EXPECT_THAT(gold->errors, ::testing::IsEmpty()) << f.path;
    ASSERT_EQ(gold->articles.size(), f.articles) << f.path;
    for (const GoldArticle& a : gold->articles) EXPECT_EQ(a.format, f.format) << a.id;
  }
}

}  // namespace
}  // namespace dipx::cli
