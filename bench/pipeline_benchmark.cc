// Throughput of each pipeline stage on the real corpora in
// ${DIPX_SHARED_DIR}/corpora (bytes/s of article text).
//
//   build/bench/dipx_benchmark --benchmark_filter=Document
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "cli/heap_policy.h"
#include "cli/jsonl_reader.h"
#include "dipx/dipx.h"

namespace {

// The benchmarks time what `dipx extract` does, with its allocator policy
// (cli/heap_policy.h: freed heap is kept for the next article);
// DIPX_BENCH_MALLOC=default times the C library's defaults instead.
const bool kKeepFreedHeap = [] {
  const char* env = std::getenv("DIPX_BENCH_MALLOC");
  bool keep = env == nullptr || std::string(env) != "default";
  keep = keep && dipx::cli::KeepFreedHeap();
  benchmark::AddCustomContext(
      "heap", keep ? "freed heap kept (dipx extract policy)" : "C library defaults");
  return keep;
}();

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

namespace {

// The same 10 MB of corpus text (the corpora concatenated), cut into
// articles of a given size: every size sees the same content, so bytes/s
// across sizes shows the cost of article length alone (it should stay flat
// from 1 KB to 10 MB: linear cost).
constexpr size_t kSizeSweepBytes = 10 << 20;

std::vector<std::string> CorpusCutInto(size_t piece) {
  std::string all;
  const auto& corpus = Corpus();
  for (size_t i = 0; all.size() < kSizeSweepBytes && !corpus.empty(); i = (i + 1) % corpus.size()) {
    all += corpus[i];
    all += "\n\n";
  }
  all.resize(std::min(all.size(), kSizeSweepBytes));
  std::vector<std::string> pieces;
  size_t begin = 0;
  while (begin < all.size()) {
    // Cut at a UTF-8 boundary.
    size_t end = std::min(all.size(), begin + piece);
    while (end < all.size() && (static_cast<unsigned char>(all[end]) & 0xC0) == 0x80) ++end;
    pieces.emplace_back(all, begin, end - begin);
    begin = end;
  }
  return pieces;
}

const dipx::Extractor& SharedExtractor() {
  static const dipx::Extractor* const kExtractor = [] {
    auto e = dipx::Extractor::Create();
    if (!e.ok()) std::abort();
    return e->release();
  }();
  return *kExtractor;
}

// Times the steady state of a long corpus run: one untimed run first puts
// the per-thread buffers in place (a cold first run of a 1 MB article is
// dominated by first-touch page faults, and Google Benchmark would time it
// alone whenever it takes over its minimum time).
void RunAll(benchmark::State& state, const std::vector<std::string>& texts) {
  const dipx::Extractor& extractor = SharedExtractor();
  std::string out;
  size_t bytes = 0;
  for (const std::string& text : texts) {
    bytes += text.size();
    auto warm = extractor.Extract(text);
    benchmark::DoNotOptimize(warm);
  }
  for (auto _ : state) {
    for (const std::string& text : texts) {
      auto x = extractor.Extract(text);
      if (x.ok()) {
        out.clear();
        dipx::AppendJson("id", text, *x, &out);
      }
      benchmark::DoNotOptimize(out);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

void RunOne(benchmark::State& state, const std::string& text) {
  RunAll(state, std::vector<std::string>{text});
}

void BM_ArticleSize(benchmark::State& state) {
  if (Corpus().empty()) {
    state.SkipWithError("corpora not found (set DIPX_SHARED_DIR)");
    return;
  }
  RunAll(state, CorpusCutInto(static_cast<size_t>(state.range(0))));
}
BENCHMARK(BM_ArticleSize)->RangeMultiplier(10)->Range(1 << 10, 10 << 20)->Unit(benchmark::kMillisecond);

// Adversarial inputs must cost no more per byte than news.
void BM_AdversarialQuotes(benchmark::State& state) {
  RunOne(state, std::string(static_cast<size_t>(state.range(0)), '"'));
}
void BM_AdversarialUnbalanced(benchmark::State& state) {
  std::string s;
  while (s.size() < static_cast<size_t>(state.range(0))) s += "He said \xE2\x80\x9Cwe agree and ";
  RunOne(state, s);
}
void BM_AdversarialNoPunctuation(benchmark::State& state) {
  std::string s;
  while (s.size() < static_cast<size_t>(state.range(0))) s += "minister met envoy in capital ";
  RunOne(state, s);
}
void BM_AdversarialCapitalised(benchmark::State& state) {
  std::string s;
  while (s.size() < static_cast<size_t>(state.range(0))) s += "Minister President Said Kumar ";
  RunOne(state, s);
}
BENCHMARK(BM_AdversarialQuotes)->Arg(1 << 20)->Arg(10 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AdversarialUnbalanced)->Arg(1 << 20)->Arg(10 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AdversarialNoPunctuation)->Arg(1 << 20)->Arg(10 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AdversarialCapitalised)->Arg(1 << 20)->Arg(10 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
