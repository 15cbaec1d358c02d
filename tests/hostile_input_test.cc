// Hostile input: what a crawl of the whole web feeds dipx. Every case must
// end in a result or a clear error — never a crash, a hang or a lost
// article — and work must stay linear in the input. Time is never asserted:
// linearity is checked by running sizes n and 4n and comparing the amount
// of output, and a quadratic rule would make the 10 MB cases run for hours
// (ctest's TIMEOUT catches that).
//
// Library level: invalid UTF-8 of every kind, NUL bytes, byte-order marks,
// CRLF and lone CR, a 100 MB article, 10 MB of quotation marks, deeply
// nested quotes, a million one-character paragraphs, a 1 MB sentence, 100 000
// capitalised words, the size limits. JSON level (cli::RecordParser):
// duplicate keys, non-string ids, huge numbers, trailing garbage, a 100 MB
// line. CLI level: empty files, a file that ends mid-line, a file of mixed
// hostile lines — every input line yields exactly one output line.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/jsonl_reader.h"
#include "dipx/document.h"
#include "dipx/extractor.h"
#include "dipx/json.h"
#include "dipx/utf8.h"
#include "fuzz/harness.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "test_util.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define DIPX_HOSTILE_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DIPX_HOSTILE_SANITIZED 1
#endif

namespace dipx {
namespace {

using ::testing::HasSubstr;

#ifdef DIPX_HOSTILE_SANITIZED
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

const Extractor& Strict() { return testing::DefaultExtractor(); }

const Extractor& Repairing() {
  static const Extractor* const e = [] {
    ExtractorOptions o;
    o.repair_utf8 = true;
    return Extractor::Create(o)->release();
  }();
  return *e;
}

// Extracts `text`, checks every span and the JSON line, and returns the
// result (the repaired text, when any, in *analysed).
Extraction ExtractChecked(const Extractor& ex, std::string_view text,
                          std::string* analysed = nullptr) {
  absl::StatusOr<Extraction> x = ex.Extract(text);
  EXPECT_TRUE(x.ok()) << x.status();
  if (!x.ok()) return Extraction();
  std::string_view t = x->repaired_sequences > 0 ? std::string_view(x->repaired_text) : text;
  EXPECT_EQ(fuzz::harness_internal::CheckExtraction(t, *x, ex.options()), "");
  std::string json;
  AppendJson("hostile", t, *x, &json);
  EXPECT_EQ(fuzz::harness_internal::CheckJsonLine(json, "json"), "");
  if (analysed != nullptr) *analysed = std::string(t);
  return *std::move(x);
}

std::vector<std::string> QuoteTexts(std::string_view text, const Extraction& x) {
  std::vector<std::string> out;
  for (const Quote& q : x.quotes) out.emplace_back(q.span.In(text));
  return out;
}

std::string Repeat(std::string_view unit, size_t times) {
  std::string s;
  s.reserve(unit.size() * times);
  for (size_t i = 0; i < times; ++i) s.append(unit);
  return s;
}

// --- Invalid UTF-8 -----------------------------------------------------------

struct BadUtf8 {
  const char* name;
  std::string bytes;
  size_t replacements;  // maximal subparts (Unicode's substitution practice)
};

TEST(HostileInputTest, InvalidUtf8OfEveryKindIsRejectedOrRepaired) {
  const std::vector<BadUtf8> cases = {
      {"overlong 2-byte '/'", "\xC0\xAF", 2},
      {"overlong 2-byte U+007F", "\xC1\xBF", 2},
      {"overlong NUL", "\xC0\x80", 2},
      {"overlong 3-byte '/'", "\xE0\x80\xAF", 3},
      {"overlong 3-byte U+07FF", "\xE0\x9F\xBF", 3},
      {"overlong 4-byte '/'", "\xF0\x80\x80\xAF", 4},
      {"overlong 4-byte U+FFFF", "\xF0\x8F\xBF\xBF", 4},
      {"high surrogate", "\xED\xA0\x80", 3},
      {"low surrogate", "\xED\xBF\xBF", 3},
      {"surrogate pair as CESU-8", "\xED\xA0\xBD\xED\xB8\x80", 6},
      {"above U+10FFFF", "\xF4\x90\x80\x80", 4},
      {"5-byte lead", "\xF8\x88\x80\x80\x80", 5},
      {"F5 lead", "\xF5\x80\x80\x80", 4},
      {"FE", "\xFE", 1},
      {"FF", "\xFF", 1},
      {"lone continuation", "\x80", 1},
      {"two continuations", "\xBF\xBF", 2},
      {"truncated 2-byte", "\xC3", 1},
      {"truncated 3-byte", "\xE2\x82", 1},
      {"truncated 4-byte", "\xF0\x9F\x98", 1},
      {"truncated 3-byte after 1", "\xE2", 1},
      {"Latin-1 e-acute", "caf\xE9", 1},
  };
  const std::string before = "\xE2\x80\x9CWe will sign the accord,\xE2\x80\x9D the minister said ";
  for (const BadUtf8& c : cases) {
    SCOPED_TRACE(c.name);
    for (bool at_end : {false, true}) {
      std::string text = before + c.bytes + (at_end ? "" : " in Oslo on Monday.\n");
      absl::StatusOr<Extraction> strict = Strict().Extract(text);
      ASSERT_FALSE(strict.ok());
      EXPECT_EQ(strict.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_THAT(strict.status().message(),
                  HasSubstr(absl::StrCat("byte offset ", before.size() + (c.bytes[0] == 'c' ? 3 : 0))));

      std::string analysed;
      Extraction x = ExtractChecked(Repairing(), text, &analysed);
      EXPECT_EQ(x.repaired_sequences, c.replacements);
      EXPECT_EQ(FindInvalidUtf8(analysed), std::string_view::npos);
      EXPECT_THAT(analysed, HasSubstr("\xEF\xBF\xBD"));
      // The article around the bad bytes is still analysed.
      EXPECT_THAT(QuoteTexts(analysed, x), ::testing::Contains(HasSubstr("sign the accord")));
    }
  }
}

TEST(HostileInputTest, NulBytesAreOrdinaryCharacters) {
  std::string text("Page header\0\0 text\n", 19);
  text += std::string("\"We will\0 sign the accord,\" the minister said.\n", 47);
  text += std::string(1000, '\0');
  text += "\n\xE2\x80\x9CTrade will grow,\xE2\x80\x9D the envoy said on Monday.\n";
  absl::StatusOr<Document> doc = Document::Create(text);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->text().size(), text.size());  // nothing truncated
  Extraction x = ExtractChecked(Strict(), text);
  EXPECT_THAT(QuoteTexts(text, x), ::testing::Contains(HasSubstr("Trade will grow")));
}

TEST(HostileInputTest, ByteOrderMarkDoesNotChangeTheResult) {
  const std::string body =
      "OSLO, March 4 (Reuters) - \xE2\x80\x9CWe will sign the accord,\xE2\x80\x9D "
      "Norway's foreign minister said on Monday.\n";
  const std::string bom = "\xEF\xBB\xBF";
  Extraction plain = ExtractChecked(Strict(), body);
  Extraction marked = ExtractChecked(Strict(), bom + body);
  EXPECT_EQ(QuoteTexts(bom + body, marked), QuoteTexts(body, plain));
  EXPECT_EQ(marked.dateline_place.In(bom + body), plain.dateline_place.In(body));
  // A BOM inside the text (U+FEFF as a zero-width no-break space) is a
  // character like any other.
  std::string inner = "Talks\xEF\xBB\xBF ended. " + body + bom + "\n" + bom + bom;
  ExtractChecked(Strict(), inner);
}

TEST(HostileInputTest, CrlfAndLoneCrEndLinesLikeLf) {
  const std::vector<std::string> lines = {
      "Ministers Meet In Geneva",
      "\xE2\x80\x9CWe will keep talking,\xE2\x80\x9D the envoy said on Tuesday.",
      "The two sides agreed on three priority areas: energy, trade and health.",
      "Share this article",
  };
  auto join = [&](const std::string& eol) {
    std::string s;
    for (const std::string& l : lines) s += l + eol;
    return s;
  };
  std::string lf = join("\n"), crlf = join("\r\n"), cr = join("\r"), mixed = join("\r\r\n\n");
  absl::StatusOr<Document> d_lf = Document::Create(lf);
  ASSERT_TRUE(d_lf.ok());
  for (const std::string* t : {&crlf, &cr, &mixed}) {
    absl::StatusOr<Document> d = Document::Create(*t);
    ASSERT_TRUE(d.ok());
    ASSERT_EQ(d->paragraphs().size(), d_lf->paragraphs().size());
    for (size_t i = 0; i < lines.size(); ++i) {
      EXPECT_EQ(d->Text(d->paragraphs()[i].span), lines[i]);
      EXPECT_EQ(d->paragraphs()[i].kind, d_lf->paragraphs()[i].kind);
    }
    EXPECT_EQ(QuoteTexts(*t, ExtractChecked(Strict(), *t)),
              QuoteTexts(lf, ExtractChecked(Strict(), lf)));
  }
}

// --- Size -------------------------------------------------------------------

// Block `i` of a long article: three paragraphs with a reported statement
// and a direct quote. Every paragraph names `i`, so no two are alike (exact
// repeats are page furniture to the boilerplate filter).
std::string Block(size_t i) {
  const std::string n = std::to_string(i);
  return "Foreign ministers of Chile and Peru met in Vienna on Tuesday for round " + n +
         " of talks on trade, energy and maritime security, officials said.\n"
         "\xE2\x80\x9CWe have agreed on " + n +
         " new steps to deepen our cooperation,\xE2\x80\x9D the Austrian minister told "
         "reporters after the talks.\nMeeting " + n +
         " was the third this year, and a summit is planned for the autumn.\n";
}

std::string Article(size_t blocks) {
  std::string s;
  s.reserve(blocks * 360);
  for (size_t i = 0; i < blocks; ++i) s += Block(i);
  return s;
}

TEST(HostileInputTest, HundredMegabyteArticle) {
  const size_t reps = (size_t{100} << 20) / Block(0).size() + 1;
  std::string text = Article(reps);
  ASSERT_GE(text.size(), size_t{100} << 20);

  // Above the limit: a clear ResourceExhausted before any work.
  ExtractorOptions small;
  small.max_article_bytes = size_t{64} << 20;
  std::unique_ptr<Extractor> limited = *Extractor::Create(small);
  absl::StatusOr<Extraction> refused = limited->Extract(text);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(refused.status().message(), HasSubstr("limit"));

  // Within the default limit: one pass, every block's quote found. Under a
  // sanitizer (several times slower) a fifth of the size does.
  if (kSanitized) text.resize(Article(reps / 5).size());
  absl::StatusOr<Extraction> x = Strict().Extract(text);
  ASSERT_TRUE(x.ok()) << x.status();
  EXPECT_GE(x->quotes.size(), kSanitized ? reps / 5 : reps);  // one per block at least
  EXPECT_EQ(fuzz::harness_internal::CheckExtraction(text, *x, Strict().options()), "");
}

// Output of `make(n)` and `make(4n)`: the second must be about four times
// the first (linear work leaves proportional output; nothing is dropped).
template <typename Make, typename Measure>
void ExpectProportional(size_t n, Make make, Measure measure) {
  const Extractor& ex = Strict();
  std::string small = make(n), large = make(4 * n);
  absl::StatusOr<Extraction> xs = ex.Extract(small), xl = ex.Extract(large);
  ASSERT_TRUE(xs.ok()) << xs.status();
  ASSERT_TRUE(xl.ok()) << xl.status();
  EXPECT_EQ(fuzz::harness_internal::CheckExtraction(large, *xl, ex.options()), "");
  size_t ms = measure(small, *xs), ml = measure(large, *xl);
  EXPECT_LE(ml, 4 * ms + 8) << "n=" << n;
  EXPECT_GE(ml + 8, 4 * ms) << "n=" << n;
}

size_t QuoteCount(std::string_view, const Extraction& x) { return x.quotes.size(); }

TEST(HostileInputTest, OutputGrowsLinearlyWithTheArticle) {
  ExpectProportional(2000, Article, QuoteCount);
  // Each block's quotes are found: nothing is dropped as the article grows.
  absl::StatusOr<Extraction> x = Strict().Extract(Article(2000));
  ASSERT_TRUE(x.ok());
  EXPECT_GE(x->quotes.size(), 2000u);
}

TEST(HostileInputTest, TenMegabytesOfQuotationMarks) {
  // 10 MB each; 2 MB under a sanitizer, which is several times slower.
  const size_t mb10 = kSanitized ? size_t{2} << 20 : size_t{10} << 20;
  const std::vector<std::pair<const char*, std::string>> marks = {
      {"straight double", "\""},
      {"straight single", "'"},
      {"curly pairs", "\xE2\x80\x9C\xE2\x80\x9D"},
      {"curly openers", "\xE2\x80\x9C"},
      {"curly singles", "\xE2\x80\x98\xE2\x80\x99"},
      {"guillemets", "\xC2\xAB\xC2\xBB"},
      {"TeX style", "``''"},
      {"mark and word", "\" said \""},
  };
  for (const auto& [name, unit] : marks) {
    SCOPED_TRACE(name);
    std::string text = Repeat(unit, mb10 / unit.size());
    Extraction x = ExtractChecked(Strict(), text);
    // No quote reaches beyond the limit (checked above); few or no quotes
    // come out of marks without words.
    EXPECT_LE(x.quotes.size(), text.size() / 2);
  }
  // Quotes in 4n marks are at most ~4 times those in n.
  ExpectProportional(
      size_t{1} << 19, [](size_t n) { return Repeat("\"a\" ", n / 4); }, QuoteCount);
}

TEST(HostileInputTest, DeeplyNestedQuotes) {
  const size_t depth = 100000;
  std::string text = "The minister said ";
  for (size_t i = 0; i < depth; ++i) {
    text += i % 2 ? "\xE2\x80\x98" : "\xE2\x80\x9C";
  }
  text += "we are ready";
  for (size_t i = depth; i-- > 0;) text += i % 2 ? "\xE2\x80\x99" : "\xE2\x80\x9D";
  text += " on Monday.\n";
  ExtractChecked(Strict(), text);
  // The same nesting with straight quotes and one paragraph per level.
  std::string lines;
  for (size_t i = 0; i < depth; ++i) lines += "\"He said '\n";
  lines += "yes";
  for (size_t i = 0; i < depth; ++i) lines += "'\"\n";
  ExtractChecked(Strict(), lines);
}

TEST(HostileInputTest, MillionOneCharacterParagraphs) {
  for (const char* unit : {"a\n", "\"\n", "-\n", "A\n", ".\n", "\xE2\x80\xA2\n"}) {
    SCOPED_TRACE(unit);
    std::string text = Repeat(unit, 1000000);
    absl::StatusOr<Document> doc = Document::Create(text);
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(doc->paragraphs().size(), 1000000u);
    ExtractChecked(Strict(), text);
  }
  // Short bullet lines: lists stay within max_list_items.
  ExpectProportional(
      50000,
      [](size_t n) { return "Priorities:\n" + Repeat("\xE2\x80\xA2 x\n", n); },
      [](std::string_view, const Extraction& x) {
        size_t items = 0;
        for (const PriorityList& l : x.lists) items += l.items.size();
        return items / 1000;  // coarse: lists are cut at the limit
      });
}

TEST(HostileInputTest, MegabyteSentenceWithoutPunctuation) {
  std::string text = Repeat("the minister said that the talks would go on and ", 22000);
  ASSERT_GE(text.size(), size_t{1} << 20);
  ExtractChecked(Strict(), text);
  std::string quoted = "\"" + text + "\" the envoy said\n";
  Extraction x = ExtractChecked(Strict(), quoted);
  for (const Quote& q : x.quotes) EXPECT_LE(q.span.size(), Strict().options().max_quote_bytes);
}

TEST(HostileInputTest, HundredThousandCapitalisedWords) {
  const std::vector<std::string> words = {"Minister", "Ana",   "Ruiz",   "President",
                                          "Lee",      "Met",   "Geneva", "United",
                                          "Nations",  "Prime", "Foreign", "Summit"};
  std::string one_sentence, many;
  for (size_t i = 0; i < 100000; ++i) {
    one_sentence += words[(i * 7) % words.size()] + " ";
    many += words[(i * 5) % words.size()] + (i % 9 == 8 ? ". " : " ");
  }
  ExtractChecked(Strict(), one_sentence + "said the talks went well.\n");
  ExtractChecked(Strict(), many + "\n");
  ExtractChecked(Strict(), "\"" + one_sentence + "\" he said.\n");
}

TEST(HostileInputTest, LimitsAreReportedNotSilent) {
  ExtractorOptions o;
  o.max_quote_bytes = 1000;
  std::unique_ptr<Extractor> ex = *Extractor::Create(o);
  std::string text = "\xE2\x80\x9C" + Repeat("We will keep working for peace in the region. ", 150) +
                     "\xE2\x80\x9D the minister said.\n";
  absl::StatusOr<Extraction> x = ex->Extract(text);
  ASSERT_TRUE(x.ok());
  ASSERT_FALSE(x->quotes.empty());
  for (const Quote& q : x->quotes) EXPECT_LE(q.span.size(), 1000u);
  EXPECT_THAT(x->warnings, ::testing::Contains(HasSubstr("max_quote_bytes")));
  std::string json;
  AppendJson("limits", text, *x, &json);
  EXPECT_THAT(json, HasSubstr("max_quote_bytes"));
}

TEST(HostileInputTest, BadLimitOptionsAreRejected) {
  ExtractorOptions o;
  o.max_article_bytes = 0;
  EXPECT_EQ(Extractor::Create(o).status().code(), absl::StatusCode::kInvalidArgument);
  o = ExtractorOptions();
  o.max_article_bytes = size_t{1} << 33;  // spans are 32-bit
  EXPECT_EQ(Extractor::Create(o).status().code(), absl::StatusCode::kInvalidArgument);
  o = ExtractorOptions();
  o.max_quote_bytes = 0;
  EXPECT_EQ(Extractor::Create(o).status().code(), absl::StatusCode::kInvalidArgument);
}

// --- JSON records (cli::RecordParser) -----------------------------------------

// Parses one line; the record's text stays valid until the next call.
cli::JsonlRecord ParseRecord(std::string line, bool repair = false) {
  static cli::RecordParser* strict = new cli::RecordParser(false);
  static cli::RecordParser* repairing = new cli::RecordParser(true);
  cli::JsonlRecord r;
  (repair ? repairing : strict)->Parse(&line, 1, &r);
  return r;
}

// The record's text ("" when the line is an error; *error says why).
std::string RecordText(const std::string& line, std::string* error = nullptr) {
  cli::JsonlRecord r = ParseRecord(line);
  if (error != nullptr) *error = r.error;
  return std::string(r.text);
}

TEST(HostileInputTest, JsonDuplicateKeysFirstWins) {
  cli::JsonlRecord r =
      ParseRecord(R"({"id":"first","id":"second","text":"One.","text":"Two.","date":"2024-01-02","date":"1999-09-09"})");
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.id, "first");
  EXPECT_EQ(r.date, "2024-01-02");
  EXPECT_EQ(RecordText(R"({"id":"a","text":"One.","text":"Two."})"), "One.");
}

TEST(HostileInputTest, JsonNonStringIds) {
  EXPECT_EQ(ParseRecord(R"({"id":42,"text":"x"})").id, "42");
  EXPECT_EQ(ParseRecord(R"({"id":-3.5,"text":"x"})").id, "-3.5");
  EXPECT_EQ(ParseRecord(R"({"id":true,"text":"x"})").id, "true");
  for (const char* line : {R"({"id":null,"text":"x"})", R"({"id":[1,2],"text":"x"})",
                           R"({"id":{"a":1},"text":"x"})", R"({"text":"x"})"}) {
    cli::JsonlRecord r = ParseRecord(line);
    EXPECT_EQ(r.id, "") << line;
    EXPECT_EQ(r.error, "") << line;  // the article is still processed
  }
}

TEST(HostileInputTest, JsonHugeNumbers) {
  for (const char* line : {
           R"({"id":123456789012345678901234567890,"text":"x"})",
           R"({"id":-99999999999999999999999,"text":"x"})",
           R"({"id":1e400,"text":"x"})",
           R"({"id":1e-400,"text":"x"})",
           R"({"id":"a","text":"x","date":1e999})",
           R"({"id":"a","text":1e999})",
           R"({"id":"a","text":"x","extra":[1e308,1e309,-1e309,18446744073709551616]})",
       }) {
    SCOPED_TRACE(line);
    cli::JsonlRecord r = ParseRecord(line);
    // Either a record with a usable id, or a clear error — never a crash.
    EXPECT_TRUE(!r.error.empty() || !r.id.empty());
    std::string out;
    AppendJsonError(r.id, r.line, r.error.empty() ? "ok" : r.error, &out);
    EXPECT_EQ(fuzz::harness_internal::CheckJsonLine(out, "error line"), "");
  }
  EXPECT_THAT(ParseRecord(R"({"id":"a","text":1e999})").error, ::testing::Not(""));
}

TEST(HostileInputTest, JsonTrailingGarbageAndOtherBreakage) {
  for (const char* line : {
           R"({"id":"a","text":"x"} garbage)",
           R"({"id":"a","text":"x"}{"id":"b","text":"y"})",
           R"({"id":"a","text":"x"},)",
           R"({"id":"a","text":"x")",
           R"({"id":"a","text":"x})",
           R"(["id","a"])",
           R"("just a string")",
           R"(42)",
           R"({"id":"a","text":"bad \q escape"})",
           "{\"id\":\"a\",\"text\":\"raw\ttab and \x01 control\"}",
           "{\"id\":\"a\",\"text\":\"raw\rCR\"}",
           "{\"id\":\"a\",\"text\":\"raw NUL \0 inside\"}",
       }) {
    SCOPED_TRACE(line);
    EXPECT_NE(ParseRecord(line).error, "");
  }
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_NE(ParseRecord(deep).error, "");
  std::string deep_object = "{\"id\":\"d\",\"text\":\"x\",\"n\":" + std::string(100000, '[') +
                            std::string(100000, ']') + "}";
  EXPECT_NE(ParseRecord(deep_object).error, "");
  // Trailing white space and a CR are fine.
  EXPECT_EQ(ParseRecord("{\"id\":\"a\",\"text\":\"x\"}  \t ").error, "");
}

TEST(HostileInputTest, JsonEscapesAndEncodings) {
  // Escaped NUL and an escaped surrogate pair are text like any other.
  EXPECT_EQ(RecordText(R"({"id":"a","text":"a\u0000b \ud83d\ude00"})"),
            std::string("a\0b \xF0\x9F\x98\x80", 8));
  // A lone escaped surrogate: an error, or text the extractor then rejects.
  std::string error;
  std::string text = RecordText(R"({"id":"a","text":"x \ud800 y"})", &error);
  if (error.empty()) {
    absl::StatusOr<Extraction> x = Strict().Extract(text);
    if (!x.ok()) {
      EXPECT_EQ(x.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
  // Invalid UTF-8 in the line: an error naming it, or repaired on request.
  EXPECT_THAT(ParseRecord("{\"id\":\"a\",\"text\":\"caf\xE9\"}").error, HasSubstr("UTF-8"));
  EXPECT_EQ(ParseRecord("{\"id\":\"a\",\"text\":\"caf\xE9\"}", true).error, "");
  EXPECT_EQ(ParseRecord("{\"id\":\"a\",\"text\":\"caf\xE9\"}", true).repaired_sequences, 1u);
}

TEST(HostileInputTest, HundredMegabyteJsonlLine) {
  // The largest line is read and parsed in one piece.
  std::string text = Repeat("The envoys met in Vienna. ", (size_t{100} << 20) / 26 + 1);
  std::string file = "{\"id\":\"small\",\"text\":\"x\"}\n{\"id\":\"huge\",\"text\":\"" + text +
                     "\"}\n{\"id\":\"after\",\"text\":\"y\"}\n";
  text.clear();
  text.shrink_to_fit();
  std::FILE* f = fmemopen(&file[0], file.size(), "rb");
  ASSERT_NE(f, nullptr);
  cli::LineReader reader(f);
  cli::RecordParser parser(false);
  std::string line;
  bool too_long;
  size_t length;
  std::vector<std::string> ids;
  size_t huge = 0;
  while (reader.Next(&line, &too_long, &length)) {
    ASSERT_FALSE(too_long);
    cli::JsonlRecord r;
    parser.Parse(&line, reader.line_number(), &r);
    EXPECT_EQ(r.error, "");
    ids.push_back(r.id);
    if (r.id == "huge") huge = r.text.size();
  }
  std::fclose(f);
  EXPECT_THAT(ids, ::testing::ElementsAre("small", "huge", "after"));
  EXPECT_GE(huge, size_t{100} << 20);
}

// --- The command-line tool ------------------------------------------------------

struct Cli {
  int status = -1;
  std::vector<std::string> lines;
};

Cli RunDipx(const std::string& args) {
  Cli r;
  std::string cmd = std::string(DIPX_CLI_PATH) + " " + args + " 2>/dev/null";
  std::FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::string out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int s = pclose(p);
  r.status = WIFEXITED(s) ? WEXITSTATUS(s) : -1;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    if (nl == std::string::npos) nl = out.size();
    r.lines.push_back(out.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return r;
}

// Each output line is one JSON object; returns its "id" ("" if none) and
// its "line" (0 if none).
std::pair<std::string, int64_t> IdAndLine(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  EXPECT_EQ(parser.parse(json).get(e), simdjson::SUCCESS) << json.substr(0, 200);
  std::string_view id;
  int64_t line = 0;
  if (e["id"].get_string().get(id) != simdjson::SUCCESS) id = "";
  if (e["line"].get_int64().get(line) != simdjson::SUCCESS) line = 0;
  return {std::string(id), line};
}

TEST(HostileCliTest, EmptyFiles) {
  std::string empty = ::dipx::testing::WriteTempFile("hostile-empty.jsonl", "");
  Cli r = RunDipx("extract --jsonl " + empty);
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.lines.empty());
  r = RunDipx("extract --jsonl < " + empty);
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.lines.empty());
  // An empty plain-text article is still an article: one line.
  std::string txt = ::dipx::testing::WriteTempFile("hostile-empty.txt", "");
  r = RunDipx("extract " + txt);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(IdAndLine(r.lines[0]).first, "hostile-empty");
}

TEST(HostileCliTest, FileThatEndsMidLine) {
  std::string complete = ::dipx::testing::WriteTempFile(
      "hostile-midline1.jsonl",
      "{\"id\":\"a\",\"text\":\"Talks were held.\"}\n{\"id\":\"b\",\"text\":\"Envoys met.\"}");
  Cli r = RunDipx("extract --jsonl " + complete);
  EXPECT_EQ(r.status, 0);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(IdAndLine(r.lines[1]).first, "b");

  std::string cut = ::dipx::testing::WriteTempFile(
      "hostile-midline2.jsonl",
      "{\"id\":\"a\",\"text\":\"Talks were held.\"}\n{\"id\":\"b\",\"text\":\"Envoys me");
  r = RunDipx("extract --jsonl " + cut);
  EXPECT_EQ(r.status, 1);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(IdAndLine(r.lines[1]).second, 2);
  EXPECT_THAT(r.lines[1], HasSubstr("\"error\""));

  std::string txt = ::dipx::testing::WriteTempFile("hostile-midline.txt", "\"We will sign,\" the minister said and");
  r = RunDipx("extract " + txt);
  EXPECT_EQ(r.status, 0);
  ASSERT_EQ(r.lines.size(), 1u);
}

TEST(HostileCliTest, EveryHostileLineYieldsOneOutputLine) {
  const std::vector<std::string> lines = {
      "\xEF\xBB\xBF{\"id\":\"bom\",\"text\":\"Talks were held.\"}",
      "{\"id\":\"crlf\",\"text\":\"Envoys met in Rome.\"}\r",
      "{\"id\":\"lone-cr\",\"text\":\"A\"}\r{\"id\":\"x\"}",
      "",
      "   \t",
      "{\"id\":\"dup\",\"id\":\"dup2\",\"text\":\"One.\",\"text\":\"Two.\"}",
      "{\"id\":17,\"text\":\"Numeric id.\"}",
      "{\"id\":1e400,\"text\":\"Huge id.\"}",
      "{\"id\":123456789012345678901234567890,\"text\":\"Big id.\"}",
      "{\"id\":\"garbage\",\"text\":\"x\"} trailing",
      "{\"id\":\"no-text\"}",
      "{\"id\":\"text-number\",\"text\":12}",
      "{\"id\":\"bad-utf8\",\"text\":\"caf\xE9 talks \xED\xA0\x80\"}",
      std::string("{\"id\":\"raw-nul\",\"text\":\"a\0b\"}", 29),
      "{\"id\":\"esc-nul\",\"text\":\"a\\u0000b\"}",
      "{\"id\":\"surrogate\",\"text\":\"x \\ud800 y\"}",
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
      "{\"id\":\"quotes\",\"text\":\"" + Repeat("\\\"", 100000) + "\"}",
      "{\"id\":\"lines\",\"text\":\"" + Repeat("a\\n", 100000) + "\"}",
      "null",
      "{\"id\":\"last\",\"text\":\"The minister said talks would resume.\"",
  };
  std::string content;
  for (const std::string& l : lines) content += l + "\n";
  std::string path = ::dipx::testing::WriteTempFile("hostile-mixed.jsonl", content);
  for (const char* flags : {"--threads 1", "--threads 3", "--threads 2 --repair-utf8"}) {
    SCOPED_TRACE(flags);
    Cli r = RunDipx(std::string("extract --jsonl ") + flags + " " + path);
    EXPECT_EQ(r.status, 1);  // some lines are errors
    ASSERT_EQ(r.lines.size(), lines.size());
    for (size_t i = 0; i < r.lines.size(); ++i) {
      auto [id, line] = IdAndLine(r.lines[i]);
      if (r.lines[i].find("\"error\"") != std::string::npos) {
        EXPECT_EQ(line, static_cast<int64_t>(i + 1)) << r.lines[i];
      }
    }
    EXPECT_EQ(IdAndLine(r.lines[1]).first, "crlf");
    EXPECT_EQ(IdAndLine(r.lines[5]).first, "dup");
    EXPECT_EQ(IdAndLine(r.lines[6]).first, "17");
    EXPECT_THAT(r.lines[10], HasSubstr("\"error\""));
  }
}

TEST(HostileCliTest, PlainTextFilesWithHostileBytes) {
  std::string bad = ::dipx::testing::WriteTempFile("hostile-bad.txt", "The envoy said caf\xE9 talks \xC0\xAF went well.\n");
  std::string quotes = ::dipx::testing::WriteTempFile("hostile-quotes.txt", Repeat("\"", 1 << 20));
  std::string nul = ::dipx::testing::WriteTempFile("hostile-nul.txt", std::string("Talks\0 ended.\r\rNext\r\n", 21));
  Cli r = RunDipx("extract " + bad + " " + quotes + " " + nul);
  EXPECT_EQ(r.status, 1);
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_THAT(r.lines[0], HasSubstr("invalid UTF-8"));
  EXPECT_EQ(IdAndLine(r.lines[1]).first, "hostile-quotes");
  EXPECT_THAT(r.lines[1], ::testing::Not(HasSubstr("\"error\"")));
  r = RunDipx("extract --repair-utf8 " + bad + " " + nul);
  EXPECT_EQ(r.status, 0);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_THAT(r.lines[0], ::testing::Not(HasSubstr("\"error\"")));
}

}  // namespace
}  // namespace dipx
