// End-to-end tests of the dipx command-line tool (cli/main.cc).
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "test_util.h"

namespace dipx {
namespace {

using ::testing::HasSubstr;

struct CliRun {
  int status = -1;
  std::string out;
};

CliRun RunCli(const std::string& args) {
  CliRun r;
  std::string cmd = std::string(DIPX_CLI_PATH) + " " + args + " 2>/dev/null";
  std::FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int s = pclose(p);
  r.status = WIFEXITED(s) ? WEXITSTATUS(s) : -1;
  return r;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t nl = s.find('\n', pos);
    if (nl == std::string::npos) nl = s.size();
    lines.push_back(s.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

TEST(CliTest, VersionAndHelp) {
  EXPECT_THAT(RunCli("--version").out, HasSubstr("dipx "));
  EXPECT_EQ(RunCli("--help").status, 0);
  EXPECT_EQ(RunCli("frobnicate").status, 2);
  EXPECT_EQ(RunCli("extract --threads 0 x").status, 2);
}

TEST(CliTest, PlainTextFilesGiveOneValidLineEach) {
  std::string a = ::dipx::testing::WriteTempFile("talks-a.txt", "\"We agree,\" the minister said.\n");
  std::string b = ::dipx::testing::WriteTempFile("talks-b.txt", "Officials met in Rome on Monday.\n");
  CliRun r = RunCli("extract " + a + " " + b);
  EXPECT_EQ(r.status, 0);
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  simdjson::dom::parser parser;
  for (size_t i = 0; i < lines.size(); ++i) {
    simdjson::dom::element e;
    ASSERT_EQ(parser.parse(lines[i]).get(e), simdjson::SUCCESS) << lines[i];
    std::string_view id;
    ASSERT_EQ(e["id"].get_string().get(id), simdjson::SUCCESS);
    EXPECT_EQ(id, i == 0 ? "talks-a" : "talks-b");
    simdjson::dom::array quotes;
    EXPECT_EQ(e["quotes"].get_array().get(quotes), simdjson::SUCCESS);
  }
}

TEST(CliTest, UnreadablePathsGiveAnErrorLineAndTheOthersStillRun) {
  std::string a = ::dipx::testing::WriteTempFile("readable.txt", "\"We agree,\" the minister said.\n");
  std::string dir = a.substr(0, a.rfind('/'));  // a directory opens but cannot be read
  CliRun r = RunCli("extract " + dir + " /nonexistent/article.txt " + a);
  EXPECT_EQ(r.status, 1);
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[0], HasSubstr("\"error\":\"cannot read "));
  EXPECT_THAT(lines[1], HasSubstr("\"error\":\"cannot open /nonexistent/article.txt"));
  EXPECT_THAT(lines[2], HasSubstr("\"text\":\"We agree,\""));
}

TEST(CliTest, BrokenJsonlLinesAreReportedAndProcessingContinues) {
  std::string big(50u << 20, 'a');
  std::string content =
      "{\"id\":\"one\",\"text\":\"Talks were held.\"}\n"
      "{\"id\":\"bad-json\",\"text\":\n"
      "{\"id\":\"no-text\"}\n"
      "{\"id\":\"bad-utf8\",\"text\":\"Caf\xE9\"}\n"
      "\n"
      "{\"id\":\"huge\",\"text\":\"" + big + "\"}\n"
      "{\"id\":\"last\",\"text\":\"Done.\"}";
  std::string path = ::dipx::testing::WriteTempFile("broken.jsonl", content);
  for (const char* threads : {"1", "2"}) {
    CliRun r = RunCli(std::string("extract --jsonl --threads ") + threads + " " + path);
    EXPECT_EQ(r.status, 1);
    std::vector<std::string> lines = Lines(r.out);
    ASSERT_EQ(lines.size(), 7u);
    EXPECT_THAT(lines[0], HasSubstr("\"id\":\"one\",\"quotes\""));
    EXPECT_THAT(lines[1], HasSubstr("\"line\":2,\"error\""));
    EXPECT_THAT(lines[2], HasSubstr("\"id\":\"no-text\",\"line\":3"));
    EXPECT_THAT(lines[3], HasSubstr("\"id\":\"bad-utf8\",\"line\":4,\"error\":\"invalid UTF-8"));
    EXPECT_THAT(lines[4], HasSubstr("\"line\":5,\"error\":\"empty line\""));
    EXPECT_THAT(lines[5], HasSubstr("\"id\":\"huge\",\"quotes\""));
    EXPECT_THAT(lines[6], HasSubstr("\"id\":\"last\""));
  }
}

TEST(CliTest, MaxLineBytesRejectsLongLines) {
  std::string path = ::dipx::testing::WriteTempFile("long.jsonl", "{\"id\":\"x\",\"text\":\"" + std::string(5000, 'b') +
                                                "\"}\n{\"id\":\"y\",\"text\":\"Short.\"}\n");
  CliRun r = RunCli("extract --jsonl --max-line-bytes 1000 " + path);
  EXPECT_EQ(r.status, 1);
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("exceeds --max-line-bytes"));
  EXPECT_THAT(lines[1], HasSubstr("\"id\":\"y\""));
}

TEST(CliTest, StdinAndInputOrderWithThreads) {
  std::string content;
  for (int i = 0; i < 3000; ++i) {
    content += "{\"id\":\"a" + std::to_string(i) + "\",\"text\":\"The envoy met officials.\"}\n";
  }
  std::string path = ::dipx::testing::WriteTempFile("many.jsonl", content);
  CliRun r = RunCli("extract --jsonl --threads 2 < " + path);
  EXPECT_EQ(r.status, 0);
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3000u);
  for (int i = 0; i < 3000; i += 499) {
    EXPECT_THAT(lines[i], HasSubstr("\"id\":\"a" + std::to_string(i) + "\""));
  }
}

TEST(CliTest, BadDataFileIsAUsageError) {
  std::string path = ::dipx::testing::WriteTempFile("bad_titles.tsv", "no_such_column\n");
  EXPECT_EQ(RunCli("extract --data titles=" + path + " " + path).status, 2);
}

// Every line of every shared corpus yields exactly one output line.
TEST(CliCorpusTest, OneOutputLinePerCorpusLine) {
  DIPX_REQUIRE_SHARED();
  std::string path = testing::SharedDir() + "/corpora/voa.jsonl";
  std::optional<std::string> content = testing::ReadFile(path);
  if (!content) GTEST_SKIP() << "no voa.jsonl";
  size_t in = 0;
  for (char c : *content) in += c == '\n';
  CliRun r = RunCli("extract --jsonl --threads 2 " + path);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(Lines(r.out).size(), in);
}

}  // namespace
}  // namespace dipx
