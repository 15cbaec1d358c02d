#include "data/word_table.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace dipx::internal {
namespace {

TEST(WordTableTest, InsertFindAndMiss) {
  WordTable<int> t;
  *t.Insert("India") = 1;
  *t.Insert("minister") = 2;
  *t.Insert("a") = 3;
  ASSERT_NE(t.Find("India"), nullptr);
  EXPECT_EQ(*t.Find("India"), 1);
  EXPECT_EQ(*t.Find("minister"), 2);
  EXPECT_EQ(*t.Find("a"), 3);
  EXPECT_EQ(t.Find("india"), nullptr);
  EXPECT_EQ(t.Find("Indian"), nullptr);
  EXPECT_EQ(t.Find(""), nullptr);
  // Insert of a present key returns the existing value.
  EXPECT_EQ(*t.Insert("India"), 1);
  EXPECT_EQ(t.size(), 3u);
}

TEST(WordTableTest, ClearForgetsEveryKeyAndTheTableStaysUsable) {
  WordTable<int> t;
  for (int i = 0; i < 100; ++i) *t.Insert("key" + std::to_string(i)) = i;
  t.Clear();
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.Find("key7"), nullptr);
  t.Reserve(3, 12);
  *t.Insert("key7") = 70;
  *t.Insert("India") = 1;
  EXPECT_EQ(t.size(), 2u);
  ASSERT_NE(t.Find("key7"), nullptr);
  EXPECT_EQ(*t.Find("key7"), 70);
  EXPECT_EQ(*t.Find("India"), 1);
  EXPECT_EQ(t.Find("key8"), nullptr);
  // Growing again after a Clear.
  for (int i = 0; i < 50; ++i) *t.Insert("k" + std::to_string(i)) = i;
  EXPECT_EQ(*t.Find("k49"), 49);
  EXPECT_EQ(*t.Find("key7"), 70);
}

TEST(WordTableTest, KeysOfEveryLengthSurviveGrowth) {
  WordTable<size_t> t;
  std::vector<std::string> keys;
  for (size_t n = 0; n < 40; ++n) {
    for (char c = 'a'; c <= 'z'; ++c) {
      std::string k(n, 'x');
      if (n > 0) k[n / 2] = c;  // keys that differ only in the middle
      keys.push_back(k + c);
    }
  }
  for (size_t i = 0; i < keys.size(); ++i) *t.Insert(keys[i]) = i;
  ASSERT_EQ(t.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const size_t* v = t.Find(keys[i]);
    ASSERT_NE(v, nullptr) << keys[i];
    EXPECT_EQ(*v, i);
  }
  EXPECT_EQ(t.Find("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), nullptr);
  size_t seen = 0;
  t.ForEach([&](std::string_view k, size_t v) {
    EXPECT_EQ(k, keys[v]);
    ++seen;
  });
  EXPECT_EQ(seen, keys.size());
}

TEST(WordTableTest, LookupOfAViewIntoLongerText) {
  WordTable<int> t;
  *t.Insert("Seoul") = 7;
  std::string text = "talks in Seoul's foreign ministry";
  EXPECT_EQ(*t.Find(std::string_view(text).substr(9, 5)), 7);
  EXPECT_EQ(t.Find(std::string_view(text).substr(9, 7)), nullptr);
}

TEST(WordTableTest, BytesEqualAtEveryLength) {
  std::string a = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (size_t n = 0; n <= a.size(); ++n) {
    std::string b = a;
    EXPECT_TRUE(WordBytesEqual(a.data(), b.data(), n));
    for (size_t k = 0; k < n; ++k) {
      b = a;
      b[k] = '#';
      EXPECT_FALSE(WordBytesEqual(a.data(), b.data(), n)) << n << " " << k;
    }
  }
}

TEST(WordTableTest, HashedOverloadsMatchPlainOnes) {
  WordTable<int> t;
  uint64_t h = WordTable<int>::Hash("Tanaka");
  *t.Insert("Tanaka", h) = 4;
  EXPECT_EQ(*t.Find("Tanaka"), 4);
  EXPECT_EQ(*t.Find("Tanaka", h), 4);
  EXPECT_EQ(t.Insert("Tanaka"), t.Insert("Tanaka", h));
  EXPECT_EQ(t.Find("Tanak", WordTable<int>::Hash("Tanak")), nullptr);
}

TEST(WordTableTest, AsciiAlnumPrefixAgreesWithByteByByte) {
  // Every byte value at every position of runs of every length, so that
  // both the 8-byte blocks and the tail meet each stop byte.
  for (int stop = 0; stop < 256; ++stop) {
    bool alnum = (stop >= 'a' && stop <= 'z') || (stop >= 'A' && stop <= 'Z') ||
                 (stop >= '0' && stop <= '9');
    for (size_t len = 0; len <= 20; ++len) {
      std::string s(len, 'x');
      for (size_t k = 0; k < len; ++k) s[k] = "aZ09mq"[k % 6];
      s.push_back(static_cast<char>(stop));
      s += "abc";
      size_t want = alnum ? s.size() : len;
      EXPECT_EQ(AsciiAlnumPrefix(s.data(), s.size()), want) << stop << " " << len;
      // A range that ends inside the run reads nothing past its end.
      EXPECT_EQ(AsciiAlnumPrefix(s.data(), len), len) << stop << " " << len;
    }
  }
}

}  // namespace
}  // namespace dipx::internal
