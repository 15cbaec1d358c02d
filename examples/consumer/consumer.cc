// Links the installed dipx and runs it on one article; exits non-zero
// unless the output is a JSON object carrying the article id.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "dipx/dipx.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer ARTICLE.txt\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  auto extractor = dipx::Extractor::Create();
  if (!extractor.ok()) return 1;
  auto x = (*extractor)->Extract(text);
  if (!x.ok()) return 1;
  std::string json;
  dipx::AppendJson("consumer", text, *x, &json);
  std::printf("dipx %s: %s\n", dipx::kVersion, json.c_str());
  return json.rfind("{\"id\":\"consumer\"", 0) == 0 ? 0 : 1;
}
