#include "test_util.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "absl/container/flat_hash_map.h"
#include "cli/jsonl_reader.h"
#include "gtest/gtest.h"
#include "simdjson.h"

namespace dipx::testing {

std::string SharedDir() {
  const char* env = std::getenv("DIPX_SHARED_DIR");
  std::string dir = env != nullptr && *env != '\0' ? env : DIPX_SHARED_DIR;
  struct stat st;
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return "";
  return dir;
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string WriteTempFile(const std::string& name, const std::string& content) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string dir = ::testing::TempDir();
  if (test != nullptr) {
    dir += std::string(test->test_suite_name()) + "." + test->name() + "/";
    mkdir(dir.c_str(), 0700);
  }
  std::string path = dir + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::vector<Article> ReadArticles(const std::string& path) {
  std::vector<Article> out;
  absl::Status status = cli::ForEachJsonlRecord(
      path, [&](const cli::JsonlRecord& r) {
        if (r.error.empty()) out.push_back({r.id, std::string(r.text)});
      });
  (void)status;
  return out;
}

std::vector<GoldBoilerplate> ReadGoldBoilerplate() {
  std::vector<GoldBoilerplate> out;
  std::string dir = SharedDir();
  if (dir.empty()) return out;
  struct Set {
    std::string gold;
    std::string articles;  // JSONL, or "" for seeds/<id>.txt
  };
  for (const Set& set : {Set{dir + "/seeds/gold.jsonl", ""},
                         Set{dir + "/devset/gold.jsonl", dir + "/devset/articles.jsonl"}}) {
    absl::flat_hash_map<std::string, std::string> texts;
    if (!set.articles.empty()) {
      for (Article& a : ReadArticles(set.articles)) texts[a.id] = std::move(a.text);
    }
    std::optional<std::string> gold = ReadFile(set.gold);
    if (!gold) continue;
    simdjson::dom::parser parser;
    size_t pos = 0;
    while (pos < gold->size()) {
      size_t nl = gold->find('\n', pos);
      if (nl == std::string::npos) nl = gold->size();
      std::string line = gold->substr(pos, nl - pos);
      pos = nl + 1;
      if (line.empty()) continue;
      simdjson::dom::element root;
      if (parser.parse(line).get(root) != simdjson::SUCCESS) continue;
      GoldBoilerplate g;
      std::string_view id;
      if (root["id"].get_string().get(id) != simdjson::SUCCESS) continue;
      g.id = std::string(id);
      if (set.articles.empty()) {
        std::optional<std::string> t = ReadFile(dir + "/seeds/" + g.id + ".txt");
        if (!t) continue;
        g.text = *t;
      } else {
        auto it = texts.find(g.id);
        if (it == texts.end()) continue;
        g.text = it->second;
      }
      simdjson::dom::array arr;
      if (root["must_ignore"].get_array().get(arr) == simdjson::SUCCESS) {
        for (simdjson::dom::element e : arr) {
          std::string_view s;
          if (e.get_string().get(s) == simdjson::SUCCESS) g.must_ignore.emplace_back(s);
        }
      }
      if (root["quotes"].get_array().get(arr) == simdjson::SUCCESS) {
        for (simdjson::dom::element e : arr) {
          std::string_view s;
          if (e["text"].get_string().get(s) == simdjson::SUCCESS) g.quotes.emplace_back(s);
        }
      }
      out.push_back(std::move(g));
    }
  }
  return out;
}

const Extractor& DefaultExtractor() {
  static const Extractor* const kExtractor = [] {
    auto e = Extractor::Create();
    if (!e.ok()) std::abort();
    return e->release();
  }();
  return *kExtractor;
}

}  // namespace dipx::testing
