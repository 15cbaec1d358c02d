// One shared Extractor used from many threads at once must give exactly the
// results it gives on one thread (Extractor is documented immutable after
// Create()). Built with -DDIPX_SANITIZE=thread this is the ThreadSanitizer
// test of the library; the threaded CLI is covered by the CLI tests, which
// run `dipx extract --threads N` built with the same sanitizer.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dipx/extractor.h"
#include "dipx/json.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace dipx {
namespace {

constexpr int kThreads = 8;

// Varied articles in the style of diplomatic news: quotes, lists,
// partnerships, events, datelines, boilerplate, invalid UTF-8, long text.
std::vector<std::string> Articles() {
  std::vector<std::string> a = {
      "LIMA, May 6 (Reuters) - \xE2\x80\x9CWe will keep the channels open,\xE2\x80\x9D "
      "Peru's foreign minister told reporters on Tuesday.\nShe added that talks would "
      "resume in June.\n",
      "The two leaders agreed on three priority areas \xE2\x80\x94 energy, maritime "
      "security, and digital trade.\nThe joint statement named these priorities:\n"
      "\xE2\x80\xA2 climate finance\n\xE2\x80\xA2 food security\n\xE2\x80\xA2 health\n",
      "Ties were elevated to a Comprehensive Strategic Partnership in 2019, up from a "
      "Strategic Partnership in 2012, the ministry said.\nThe minister called Chile a "
      "natural partner.\n",
      "Prime Minister Lee will pay an official visit to Jakarta next week.\nHe met "
      "President Santos on the sidelines of the G20 Summit in Rio on Friday.\n\"Our "
      "friendship is deep,\" Lee said.\n",
      "Kenya's president held a phone call with the Japanese prime minister on "
      "Thursday.\nAccording to the spokesperson, the two sides discussed investment.\n"
      "Share this article\n5 min read\n",
      "\"The region needs calm. We are ready to help,\" said the envoy.\n\"Our doors "
      "remain open.\n\"We expect a reply soon,\" he added.\n",
      "Envoys from Norway and Canada held a strategic dialogue in Oslo, where the "
      "Norwegian foreign minister said cooperation in the Arctic would grow.\n",
      "The envoy said caf\xE9 talks went \xED\xA0\x80 well.\n",  // repaired or rejected
      "",
      "\"\"\"''\xE2\x80\x9C\xE2\x80\x9C\n\n\r\n\xE2\x80\x9D",
  };
  std::string long_text;
  for (int i = 0; i < 300; ++i) {
    long_text += absl::StrCat("Ministers from ", i % 2 ? "Ghana" : "Brazil",
                              " met in Geneva on Monday. \xE2\x80\x9CRound ", i,
                              " went well,\xE2\x80\x9D the minister said.\n");
  }
  a.push_back(long_text);
  // Articles from the shared seeds, when present, add real-world variety.
  std::string shared = testing::SharedDir();
  if (!shared.empty()) {
    std::vector<testing::Article> dev = testing::ReadArticles(shared + "/devset/articles.jsonl");
    for (size_t i = 0; i < dev.size() && i < 24; ++i) a.push_back(dev[i].text);
  }
  return a;
}

// The JSON line of one extraction, or the error.
std::string Result(const Extractor& ex, const std::string& text) {
  absl::StatusOr<Extraction> x = ex.Extract(text);
  if (!x.ok()) return x.status().ToString();
  std::string out;
  AppendJson("t", x->repaired_sequences > 0 ? x->repaired_text : text, *x, &out);
  return out;
}

void ExpectSameFromManyThreads(const Extractor& ex) {
  const std::vector<std::string> articles = Articles();
  std::vector<std::string> expected;
  for (const std::string& a : articles) expected.push_back(Result(ex, a));

  std::atomic<int> mismatches{0};
  std::vector<std::vector<size_t>> wrong(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Each thread walks the articles from a different start, twice, so
      // different articles run at the same time.
      for (size_t k = 0; k < 2 * articles.size(); ++k) {
        size_t i = (k + static_cast<size_t>(t) * 3) % articles.size();
        if (Result(ex, articles[i]) != expected[i]) {
          ++mismatches;
          wrong[t].push_back(i);
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
  for (int t = 0; t < kThreads; ++t) {
    for (size_t i : wrong[t]) ADD_FAILURE() << "thread " << t << " differs on article " << i;
  }
}

TEST(ThreadTest, SharedExtractorGivesSingleThreadedResults) {
  ExpectSameFromManyThreads(testing::DefaultExtractor());
}

TEST(ThreadTest, SharedRepairingExtractorGivesSingleThreadedResults) {
  ExtractorOptions o;
  o.repair_utf8 = true;
  o.publication_date = "2024-06-03";
  std::unique_ptr<Extractor> ex = *Extractor::Create(o);
  ExpectSameFromManyThreads(*ex);
}

// Extractors created concurrently (Create() touches process-wide data such
// as the embedded tables) work and agree.
TEST(ThreadTest, ConcurrentCreate) {
  std::vector<std::unique_ptr<Extractor>> made(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < made.size(); ++i) {
    threads.emplace_back([&made, i] {
      absl::StatusOr<std::unique_ptr<Extractor>> e = Extractor::Create();
      if (e.ok()) made[i] = *std::move(e);
    });
  }
  for (std::thread& t : threads) t.join();
  const std::string text = Articles()[0];
  for (const auto& e : made) {
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(Result(*e, text), Result(testing::DefaultExtractor(), text));
  }
}

}  // namespace
}  // namespace dipx
