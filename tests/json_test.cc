#include "dipx/json.h"

#include <cstdio>
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

TEST(JsonTest, EveryByteThatNeedsEscapingIsFoundAtEveryOffset) {
  // The escaper skips 8-byte blocks; put each special byte at each offset
  // of a long clean run (with multi-byte UTF-8 around it) and parse back.
  const std::string clean = "Minister\xE2\x80\x99s talks in S\xC3\xA3o Paulo ~ \x7F ok";
  simdjson::dom::parser parser;
  for (int c = 0; c < 0x80; ++c) {
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    for (size_t at = 0; at <= clean.size(); ++at) {
      if (at < clean.size() && (static_cast<unsigned char>(clean[at]) & 0xC0) == 0x80) {
        continue;  // keep the UTF-8 valid
      }
      std::string in = clean;
      in.insert(at, 1, static_cast<char>(c));
      std::string out;
      AppendJsonString(in, &out);
      std::string_view back;
      ASSERT_EQ(parser.parse(out).get_string().get(back), simdjson::SUCCESS) << out;
      EXPECT_EQ(back, in) << "byte " << c << " at " << at;
    }
  }
}

TEST(JsonTest, ConfidenceHasTwoDecimalsRoundedLikePrintf) {
  for (float c : {0.0f, 0.005f, 0.125f, 0.5f, 0.7f, 0.75f, 0.85f, 0.995f, 1.0f}) {
    Extraction x;
    Quote q;
    q.confidence = c;
    x.quotes.push_back(q);
    std::string out;
    AppendJson("c", "", x, &out);
    char want[32];
    std::snprintf(want, sizeof want, "\"confidence\":%.2f}", static_cast<double>(c));
    EXPECT_THAT(out, HasSubstr(want)) << c;
  }
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
