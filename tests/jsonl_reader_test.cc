#include "cli/jsonl_reader.h"

#include <cstdio>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dipx::cli {
namespace {

using ::testing::HasSubstr;

std::vector<JsonlRecord> ParseAll(const std::string& content, bool repair = false) {
  std::FILE* f = tmpfile();
  std::fwrite(content.data(), 1, content.size(), f);
  std::rewind(f);
  LineReader reader(f, /*max_line_bytes=*/1 << 20);
  RecordParser parser(repair);
  std::vector<JsonlRecord> out;
  std::string line;
  bool too_long;
  size_t length;
  while (reader.Next(&line, &too_long, &length)) {
    JsonlRecord r;
    if (too_long) {
      r.line = reader.line_number();
      r.error = "too long";
    } else {
      parser.Parse(&line, reader.line_number(), &r);
      std::string text(r.text);
      r.text = {};
      r.id += "|" + text;  // keep the text past the next parse
    }
    out.push_back(r);
  }
  std::fclose(f);
  return out;
}

TEST(JsonlReaderTest, ValidRecords) {
  auto r = ParseAll("{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":7,\"text\":\"Two.\",\"date\":\"1987-02-26T15:10:44\"}\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].id, "a|One.");
  EXPECT_EQ(r[0].line, 1u);
  EXPECT_EQ(r[1].id, "7|Two.");
  EXPECT_EQ(r[1].date, "1987-02-26");
}

TEST(JsonlReaderTest, EveryBadLineIsReported) {
  std::string big(2 << 20, 'x');
  auto r = ParseAll(
      "{\"id\":\"ok\",\"text\":\"Fine.\"}\n"
      "{\"id\":\"broken\",\"text\":\n"
      "{\"id\":\"notext\"}\n"
      "\n"
      "{\"id\":\"bad\",\"text\":\"Caf\xE9\"}\n"
      "{\"id\":\"num\",\"text\":42}\n"
      "[1,2]\n"
      "{\"id\":\"big\",\"text\":\"" + big + "\"}\n"
      "{\"id\":\"last\",\"text\":\"No newline at end.\"}");
  ASSERT_EQ(r.size(), 9u);
  EXPECT_TRUE(r[0].error.empty());
  EXPECT_THAT(r[1].error, HasSubstr("invalid JSON"));
  EXPECT_THAT(r[2].error, HasSubstr("no \"text\""));
  EXPECT_EQ(r[3].error, "empty line");
  EXPECT_THAT(r[4].error, HasSubstr("invalid UTF-8 at byte offset"));
  EXPECT_EQ(r[4].id, "bad|");
  EXPECT_THAT(r[5].error, HasSubstr("not a string"));
  EXPECT_THAT(r[6].error, HasSubstr("not a JSON object"));
  EXPECT_EQ(r[7].error, "too long");
  EXPECT_EQ(r[7].line, 8u);
  EXPECT_TRUE(r[8].error.empty());
  EXPECT_EQ(r[8].line, 9u);
}

TEST(JsonlReaderTest, RepairUtf8KeepsTheArticle) {
  auto r = ParseAll("{\"id\":\"bad\",\"text\":\"Caf\xE9 talks.\"}\n", /*repair=*/true);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].error.empty());
  EXPECT_EQ(r[0].repaired_sequences, 1u);
  EXPECT_EQ(r[0].id, "bad|Caf\xEF\xBF\xBD talks.");
}

TEST(JsonlReaderTest, DuplicateKeysFirstWinsAndCrlf) {
  auto r = ParseAll("{\"id\":\"a\",\"text\":\"First.\",\"text\":\"Second.\"}\r\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].error.empty());
  EXPECT_EQ(r[0].id, "a|First.");
}

TEST(JsonlReaderTest, TrailingGarbageIsAnError) {
  auto r = ParseAll("{\"id\":\"a\",\"text\":\"x\"} trailing\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_FALSE(r[0].error.empty());
}

TEST(JsonlReaderTest, EmptyFileHasNoRecords) { EXPECT_TRUE(ParseAll("").empty()); }

}  // namespace
}  // namespace dipx::cli
