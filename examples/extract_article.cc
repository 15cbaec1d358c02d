// Example: extract quotes and events from one article and print them.
//
//   dipx_example_extract samples/example.txt
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "dipx/dipx.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s ARTICLE.txt\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  absl::StatusOr<std::unique_ptr<dipx::Extractor>> extractor =
      dipx::Extractor::Create();
  if (!extractor.ok()) {
    std::fprintf(stderr, "%s\n", extractor.status().ToString().c_str());
    return 1;
  }
  absl::StatusOr<dipx::Extraction> x = (*extractor)->Extract(text);
  if (!x.ok()) {
    std::fprintf(stderr, "%s\n", x.status().ToString().c_str());
    return 1;
  }
  for (const dipx::Quote& q : x->quotes) {
    std::printf("%-8s %-24s %.*s\n", dipx::QuoteKindName(q.kind),
                q.has_speaker ? q.speaker.name.c_str() : "(unknown)",
                static_cast<int>(q.span.size()), text.data() + q.span.begin);
  }
  for (const dipx::Event& e : x->events) {
    std::printf("event %-9s %.*s\n", dipx::EventTypeName(e.type),
                static_cast<int>(e.span.size()), text.data() + e.span.begin);
  }
  return 0;
}
