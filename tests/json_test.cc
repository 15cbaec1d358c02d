#include "dipx/json.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simdjson.h"

namespace dipx {
namespace {

using ::testing::HasSubstr;

TEST(JsonTest, StringsAreEscaped) {
  std::string out;
  AppendJsonString(std::string("a\"b\\c\nd\te\x01\0f", 12), &out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\te\\u0001\\u0000f\"");
  out.clear();
  AppendJsonString("bad \xFF byte", &out);
  EXPECT_EQ(out, "\"bad \xEF\xBF\xBD byte\"");
}

TEST(JsonTest, ExtractionFollowsTheContract) {
  std::string text = "\"We agree,\" Rao said.";
  Extraction x;
  Quote q;
  q.span = {1, 9};
  q.kind = QuoteKind::kDirect;
  q.has_speaker = true;
  q.speaker.name = "Anil Rao";
  q.speaker.mention = {12, 15};
  q.cue = {16, 20};
  q.attribution = "cue_verb";
  q.confidence = 0.9f;
  x.quotes.push_back(q);
  Partnership p;
  p.span = {0, 0};
  p.level = "descriptor:natural_partner";
  p.parties = {"India", "Japan"};
  x.partnerships.push_back(p);
  std::string out;
  AppendJson("a-1", text, x, &out);
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  ASSERT_EQ(parser.parse(out).get(e), simdjson::SUCCESS) << out;
  std::string_view s;
  ASSERT_EQ(e["quotes"].at(0)["text"].get_string().get(s), simdjson::SUCCESS);
  EXPECT_EQ(s, "We agree");
  ASSERT_EQ(e["quotes"].at(0)["speaker"]["mention"].get_string().get(s), simdjson::SUCCESS);
  EXPECT_EQ(s, "Rao");
  ASSERT_EQ(e["quotes"].at(0)["cue"].get_string().get(s), simdjson::SUCCESS);
  EXPECT_EQ(s, "said");
  EXPECT_THAT(out, HasSubstr("\"role\":null"));
  EXPECT_THAT(out, HasSubstr("\"rank\":null,\"parties\":[\"India\",\"Japan\"],\"year\":null"));
  EXPECT_THAT(out, HasSubstr("\"lists\":[]"));
  EXPECT_THAT(out, HasSubstr("\"events\":[]"));
}

TEST(JsonTest, ErrorLine) {
  std::string out;
  AppendJsonError("", 7, "invalid JSON", &out);
  EXPECT_EQ(out, "{\"id\":null,\"line\":7,\"error\":\"invalid JSON\"}");
}

}  // namespace
}  // namespace dipx
