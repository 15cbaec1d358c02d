// Throughput of each pipeline stage on the real corpora in
// ${DIPX_SHARED_DIR}/corpora (bytes/s of article text).
//
//   build/bench/dipx_benchmark --benchmark_filter=Document
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "cli/jsonl_reader.h"
#include "dipx/dipx.h"

namespace {

std::string SharedDir() {
  const char* env = std::getenv("DIPX_SHARED_DIR");
  return env != nullptr && *env != '\0' ? env : DIPX_SHARED_DIR;
}

// All article texts of the shared corpora (read once).
const std::vector<std::string>& Corpus() {
  static const std::vector<std::string>* const kCorpus = [] {
    auto* texts = new std::vector<std::string>;
    for (const char* name : {"bbc.jsonl", "reuters21578.jsonl", "voa.jsonl"}) {
      absl::Status s = dipx::cli::ForEachJsonlRecord(
          SharedDir() + "/corpora/" + name, [&](const dipx::cli::JsonlRecord& r) {
            if (r.error.empty()) texts->emplace_back(r.text);
          });
      (void)s;
    }
    return texts;
  }();
  return *kCorpus;
}

size_t CorpusBytes() {
  size_t n = 0;
  for (const std::string& t : Corpus()) n += t.size();
  return n;
}

void BM_Document(benchmark::State& state) {
  const auto& corpus = Corpus();
  if (corpus.empty()) {
    state.SkipWithError("corpora not found (set DIPX_SHARED_DIR)");
    return;
  }
  for (auto _ : state) {
    for (const std::string& t : corpus) {
      auto doc = dipx::Document::Create(t);
      benchmark::DoNotOptimize(doc);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
}
BENCHMARK(BM_Document)->Unit(benchmark::kMillisecond);

// One extractor stage enabled at a time, plus the full pipeline with JSON.
void RunPipeline(benchmark::State& state, dipx::ExtractorOptions options, bool json) {
  const auto& corpus = Corpus();
  if (corpus.empty()) {
    state.SkipWithError("corpora not found (set DIPX_SHARED_DIR)");
    return;
  }
  static std::unique_ptr<dipx::Extractor> shared;  // for ThreadRange runs
  auto extractor = dipx::Extractor::Create(options);
  if (!extractor.ok()) {
    state.SkipWithError("Extractor::Create failed");
    return;
  }
  std::string out;
  for (auto _ : state) {
    for (size_t i = state.thread_index(); i < corpus.size();
         i += static_cast<size_t>(state.threads())) {
      auto x = (*extractor)->Extract(corpus[i]);
      if (json && x.ok()) {
        out.clear();
        dipx::AppendJson("id", corpus[i], *x, &out);
      }
      benchmark::DoNotOptimize(x);
    }
  }
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * CorpusBytes() / state.threads()));
}

dipx::ExtractorOptions Only(bool quotes, bool lists, bool partnerships, bool events) {
  dipx::ExtractorOptions o;
  o.quotes = quotes;
  o.lists = lists;
  o.partnerships = partnerships;
  o.events = events;
  return o;
}

void BM_Entities(benchmark::State& state) {
  RunPipeline(state, Only(false, false, false, false), false);
}
void BM_Quotes(benchmark::State& state) {
  RunPipeline(state, Only(true, false, false, false), false);
}
void BM_Lists(benchmark::State& state) {
  RunPipeline(state, Only(false, true, false, false), false);
}
void BM_Partnerships(benchmark::State& state) {
  RunPipeline(state, Only(false, false, true, false), false);
}
void BM_Events(benchmark::State& state) {
  RunPipeline(state, Only(false, false, false, true), false);
}
void BM_FullPipelineJson(benchmark::State& state) {
  RunPipeline(state, dipx::ExtractorOptions(), true);
}
BENCHMARK(BM_Entities)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Quotes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Lists)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Partnerships)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Events)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FullPipelineJson)->Unit(benchmark::kMillisecond)->ThreadRange(1, 2)->UseRealTime();

}  // namespace
