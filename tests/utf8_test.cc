#include "dipx/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace dipx {
namespace {

TEST(Utf8Test, WellFormedText) {
  EXPECT_EQ(FindInvalidUtf8("plain ASCII"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("\xE2\x80\x9CQuote\xE2\x80\x9D \xC2\xA0 \xF0\x9F\x98\x80"),
            std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8(std::string("NUL\0inside", 10)), std::string_view::npos);
  EXPECT_TRUE(ValidateUtf8("S\xC3\xA3o Paulo").ok());
}

TEST(Utf8Test, EveryKindOfBadSequenceIsFound) {
  EXPECT_EQ(FindInvalidUtf8("ab\x80"), 2u);                 // lone continuation
  EXPECT_EQ(FindInvalidUtf8("ab\xC0\xAF"), 2u);             // overlong 2-byte
  EXPECT_EQ(FindInvalidUtf8("ab\xE0\x80\xAF"), 2u);         // overlong 3-byte
  EXPECT_EQ(FindInvalidUtf8("ab\xF0\x80\x80\xAF"), 2u);     // overlong 4-byte
  EXPECT_EQ(FindInvalidUtf8("ab\xED\xA0\x80"), 2u);         // surrogate
  EXPECT_EQ(FindInvalidUtf8("ab\xF4\x90\x80\x80"), 2u);     // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("ab\xE2\x80"), 2u);             // truncated at end
  EXPECT_EQ(FindInvalidUtf8("ab\xE2\x80z"), 2u);            // truncated mid-text
  EXPECT_EQ(FindInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FindInvalidUtf8("12345678\xFE"), 8u);           // after the 8-byte fast path
}

TEST(Utf8Test, ValidateNamesOffset) {
  absl::Status s = ValidateUtf8("Hano\xFF");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "invalid UTF-8 at byte offset 4");
}

TEST(Utf8Test, RepairReplacesMaximalSubparts) {
  std::string out;
  // A truncated 3-byte sequence is one replacement; two stray bytes are two.
  EXPECT_EQ(RepairUtf8("a\xE2\x80z\x80\x80", &out), 3u);
  EXPECT_EQ(out, "a\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(RepairUtf8("fine \xE2\x80\x94 text", &out), 0u);
  EXPECT_EQ(out, "fine \xE2\x80\x94 text");
  EXPECT_EQ(FindInvalidUtf8(out), std::string_view::npos);
}

}  // namespace
}  // namespace dipx
