// dipx — command-line tool.
//
//   dipx extract [--jsonl] [--threads N] [--repair-utf8] [--stats] [FILE...]
//   dipx eval --articles A.jsonl --gold G.jsonl [--errors]
//   dipx --help | --version
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/eval.h"
#include "cli/heap_policy.h"
#include "cli/jsonl_reader.h"
#include "dipx/dipx.h"

namespace dipx::cli {
namespace {

constexpr char kUsage[] =
    "Usage:\n"
    "  dipx extract [options] [FILE...]   extract from articles to JSON Lines on stdout\n"
    "  dipx eval --gold G [--articles A] [--errors] [--json] [--floor F --dataset D]\n"
    "                                     score against hand annotations (see dipx eval --help)\n"
    "  dipx --help | --version\n"
    "\n"
    "extract reads plain-text articles (id = file name without extension), or\n"
    "with --jsonl, JSON Lines records {\"id\", \"text\", \"date\"?} from the files or\n"
    "from stdin when no file (or \"-\") is given. Output keeps input order: one\n"
    "line per article or input line; a bad input line yields\n"
    "{\"id\", \"line\", \"error\"} on stdout and a message on stderr, and the exit\n"
    "status is 1 when any article failed.\n"
    "\n"
    "extract options:\n"
    "  --jsonl              read JSON Lines instead of plain-text files\n"
    "  --threads N          worker threads (default: hardware threads)\n"
    "  --repair-utf8        replace invalid UTF-8 with U+FFFD instead of failing\n"
    "  --max-line-bytes N   longest accepted JSONL line (default 1 GiB)\n"
    "  --data TABLE=FILE    add rows from FILE to the built-in table TABLE\n"
    "                       (repeatable; see data/*.tsv for the tables)\n"
    "  --stats              print totals to stderr at the end\n"
    "  --no-progress        no progress line on a terminal\n";

struct ExtractFlags {
  bool jsonl = false;
  int threads = 0;
  bool repair_utf8 = false;
  bool stats = false;
  bool progress = true;
  size_t max_line_bytes = kDefaultMaxLineBytes;
  std::vector<std::string> data;
  std::vector<std::string> files;
};

// One unit of input: a JSONL line or a plain-text file.
struct Item {
  std::string payload;   // the raw line, or the file's text
  std::string id;        // for plain-text files
  std::string error;     // set when the item could not be read at all
  size_t line = 0;       // JSONL line number (0 for plain-text)
  bool jsonl = false;
};

struct Batch {
  std::vector<Item> items;
  std::string output;
  size_t failures = 0;
  size_t bytes = 0;
  std::string errors;    // stderr text
  bool done = false;

  // Empties the batch for reuse; the output buffer keeps its capacity, so a
  // long run does not allocate (and page-fault in) megabytes per batch.
  void Reset() {
    items.clear();
    output.clear();
    errors.clear();
    failures = 0;
    bytes = 0;
    done = false;
  }
};

class Runner {
 public:
  explicit Runner(const Extractor& extractor) : extractor_(extractor) {}

  // Processes one batch in a worker.
  void Process(Batch* batch, RecordParser* parser) {
    JsonlRecord record;
    for (Item& item : batch->items) {
      batch->bytes += item.payload.size();
      if (!item.error.empty()) {
        Fail(item.id, item.line, item.error, batch);
        continue;
      }
      std::string_view text;
      std::string_view id = item.id;
      ArticleContext context;
      if (item.jsonl) {
        parser->Parse(&item.payload, item.line, &record);
        id = record.id;
        if (!record.error.empty()) {
          Fail(id, item.line, record.error, batch);
          continue;
        }
        text = record.text;
        context.publication_date = record.date;
      } else {
        text = item.payload;
      }
      absl::StatusOr<Extraction> x = extractor_.Extract(text, context);
      if (!x.ok()) {
        Fail(id, item.line, std::string(x.status().message()), batch);
        continue;
      }
      AppendJson(id, text, *x, &batch->output);
      batch->output.push_back('\n');
    }
  }

 private:
  void Fail(std::string_view id, size_t line, std::string_view error, Batch* batch) {
    AppendJsonError(id, line, error, &batch->output);
    batch->output.push_back('\n');
    ++batch->failures;
    absl::StrAppend(&batch->errors, "dipx: ",
                    line > 0 ? absl::StrCat("line ", line, ": ") : std::string(),
                    id.empty() ? std::string() : absl::StrCat(std::string(id), ": "),
                    std::string(error), "\n");
  }

  const Extractor& extractor_;
};

// Produces batches in input order.
class Source {
 public:
  explicit Source(const ExtractFlags& flags) : flags_(flags) {
    if (flags_.files.empty()) files_.push_back("-");
    for (const std::string& f : flags_.files) files_.push_back(f);
  }

  // Fills `batch` with up to a few MB of input; false when input is done.
  bool Next(Batch* batch) {
    constexpr size_t kBatchBytes = size_t{2} << 20;
    constexpr size_t kBatchItems = 512;
    size_t bytes = 0;
    while (batch->items.size() < kBatchItems && bytes < kBatchBytes) {
      Item item;
      if (!NextItem(&item)) break;
      bytes += item.payload.size();
      batch->items.push_back(std::move(item));
    }
    return !batch->items.empty();
  }

  bool read_error() const { return read_error_; }

 private:
  bool NextItem(Item* item) {
    while (true) {
      if (flags_.jsonl) {
        if (reader_ != nullptr) {
          bool too_long;
          size_t length;
          if (reader_->Next(&item->payload, &too_long, &length)) {
            item->jsonl = true;
            item->line = reader_->line_number();
            if (too_long) {
              item->error = absl::StrCat("line of ", length,
                                         " bytes exceeds --max-line-bytes");
            }
            return true;
          }
          if (!reader_->status().ok()) {
            std::fprintf(stderr, "dipx: %s: %s\n", files_[next_file_ - 1].c_str(),
                         std::string(reader_->status().message()).c_str());
            read_error_ = true;
          }
          CloseFile();
        }
        if (next_file_ >= files_.size()) return false;
        const std::string& path = files_[next_file_++];
        file_ = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
        if (file_ == nullptr) {
          std::fprintf(stderr, "dipx: cannot open %s: %s\n", path.c_str(),
                       std::strerror(errno));
          read_error_ = true;
          continue;
        }
        reader_ = std::make_unique<LineReader>(file_, flags_.max_line_bytes);
        continue;
      }
      if (next_file_ >= files_.size()) return false;
      const std::string& path = files_[next_file_++];
      item->id = Stem(path);
      std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
      if (f == nullptr) {
        item->error = absl::StrCat("cannot open ", path, ": ", std::strerror(errno));
        return true;
      }
      if (!ReadAll(f, &item->payload)) {
        item->error = absl::StrCat("cannot read ", path, ": ", std::strerror(errno));
      }
      if (f != stdin) std::fclose(f);
      return true;
    }
  }

  // Reads the rest of `f` into *out (replacing it, reusing its buffer);
  // a regular file's size is known up front, so it is read without
  // regrowing. False on a read error (errno tells).
  static bool ReadAll(std::FILE* f, std::string* out) {
    out->clear();
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      out->reserve(static_cast<size_t>(st.st_size) + 1);
    }
    size_t have = 0;
    for (;;) {
      if (out->capacity() == have) out->reserve(2 * have + 65536);
      out->resize(out->capacity());
      const size_t want = out->size() - have;
      const size_t got = std::fread(out->data() + have, 1, want, f);
      have += got;
      if (got < want) break;  // end of file or an error
    }
    out->resize(have);
    return !std::ferror(f);
  }

  static std::string Stem(const std::string& path) {
    size_t slash = path.find_last_of('/');
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    size_t dot = base.rfind('.');
    return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
  }

  void CloseFile() {
    reader_.reset();
    if (file_ != nullptr && file_ != stdin) std::fclose(file_);
    file_ = nullptr;
  }

  const ExtractFlags& flags_;
  std::vector<std::string> files_;
  size_t next_file_ = 0;
  std::FILE* file_ = nullptr;
  std::unique_ptr<LineReader> reader_;
  bool read_error_ = false;
};

int RunExtract(const ExtractFlags& flags) {
  ExtractorOptions options;
  options.repair_utf8 = flags.repair_utf8;
  for (const std::string& spec : flags.data) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "dipx: --data expects TABLE=FILE, got '%s'\n", spec.c_str());
      return 2;
    }
    absl::StatusOr<DataFile> file = ReadDataFile(spec.substr(eq + 1), spec.substr(0, eq));
    if (!file.ok()) {
      std::fprintf(stderr, "dipx: %s\n", std::string(file.status().message()).c_str());
      return 2;
    }
    options.data_files.push_back(*std::move(file));
  }
  absl::StatusOr<std::unique_ptr<Extractor>> extractor = Extractor::Create(options);
  if (!extractor.ok()) {
    std::fprintf(stderr, "dipx: %s\n", extractor.status().ToString().c_str());
    return 2;
  }
  int threads = flags.threads > 0
                    ? flags.threads
                    : std::max(1u, std::thread::hardware_concurrency());
  Runner runner(**extractor);
  Source source(flags);
  const bool progress = flags.progress && isatty(STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  size_t articles = 0, failures = 0, bytes = 0;

  auto emit = [&](Batch& batch) {
    std::fwrite(batch.output.data(), 1, batch.output.size(), stdout);
    if (!batch.errors.empty()) std::fputs(batch.errors.c_str(), stderr);
    articles += batch.items.size();
    failures += batch.failures;
    bytes += batch.bytes;
    if (progress) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "\r%zu articles, %.1f MB, %.1f MB/s   ", articles,
                   bytes / 1e6, s > 0 ? bytes / 1e6 / s : 0.0);
    }
  };

  if (threads == 1) {
    RecordParser parser(flags.repair_utf8);
    Batch batch;
    while (true) {
      batch.Reset();
      if (!source.Next(&batch)) break;
      runner.Process(&batch, &parser);
      emit(batch);
    }
  } else {
    // Bounded in-order pipeline: the main thread reads batches into a
    // window of at most 2×threads; workers process any unclaimed batch;
    // the main thread writes finished batches in order.
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::unique_ptr<Batch>> window;  // in input order
    std::vector<std::unique_ptr<Batch>> spare;  // written batches, for reuse
    size_t next_claim = 0;                      // index into window
    bool input_done = false;
    const size_t max_window = static_cast<size_t>(threads) * 2;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        RecordParser parser(flags.repair_utf8);
        std::unique_lock<std::mutex> lock(mu);
        while (true) {
          cv.wait(lock, [&] { return next_claim < window.size() || input_done; });
          if (next_claim >= window.size()) {
            if (input_done) return;
            continue;
          }
          Batch* batch = window[next_claim++].get();
          lock.unlock();
          runner.Process(batch, &parser);
          lock.lock();
          batch->done = true;
          cv.notify_all();
        }
      });
    }
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      // Write finished batches at the front.
      while (!window.empty() && window.front()->done) {
        std::unique_ptr<Batch> b = std::move(window.front());
        window.pop_front();
        --next_claim;
        lock.unlock();
        emit(*b);
        b->Reset();
        lock.lock();
        spare.push_back(std::move(b));
      }
      if (input_done) {
        if (window.empty()) break;
        cv.wait(lock, [&] { return window.front()->done; });
        continue;
      }
      if (window.size() >= max_window) {
        cv.wait(lock, [&] { return window.front()->done; });
        continue;
      }
      std::unique_ptr<Batch> batch;
      if (spare.empty()) {
        batch = std::make_unique<Batch>();
      } else {
        batch = std::move(spare.back());
        spare.pop_back();
      }
      lock.unlock();
      bool more = source.Next(batch.get());
      lock.lock();
      if (more) {
        window.push_back(std::move(batch));
      } else {
        input_done = true;
      }
      cv.notify_all();
    }
    lock.unlock();
    for (std::thread& w : workers) w.join();
  }
  std::fflush(stdout);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (progress) std::fputc('\n', stderr);
  if (flags.stats) {
    std::fprintf(stderr,
                 "dipx: %zu articles (%zu failed), %.1f MB in %.2f s, %.1f MB/s, %d threads\n",
                 articles, failures, bytes / 1e6, seconds,
                 seconds > 0 ? bytes / 1e6 / seconds : 0.0, threads);
  }
  if (std::ferror(stdout)) {
    std::fprintf(stderr, "dipx: error writing output\n");
    return 1;
  }
  return failures > 0 || source.read_error() ? 1 : 0;
}

int ParseExtract(int argc, char** argv) {
  ExtractFlags flags;
  for (int i = 2; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "dipx: %s needs a value\n", name);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--jsonl") {
      flags.jsonl = true;
    } else if (a == "--threads") {
      if (!absl::SimpleAtoi(value("--threads"), &flags.threads) || flags.threads < 1 ||
          flags.threads > 1024) {
        std::fprintf(stderr, "dipx: --threads expects a number from 1 to 1024\n");
        return 2;
      }
    } else if (a == "--repair-utf8") {
      flags.repair_utf8 = true;
    } else if (a == "--stats") {
      flags.stats = true;
    } else if (a == "--no-progress") {
      flags.progress = false;
    } else if (a == "--max-line-bytes") {
      if (!absl::SimpleAtoi(value("--max-line-bytes"), &flags.max_line_bytes) ||
          flags.max_line_bytes == 0) {
        std::fprintf(stderr, "dipx: --max-line-bytes expects a positive number\n");
        return 2;
      }
    } else if (a == "--data") {
      flags.data.emplace_back(value("--data"));
    } else if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      std::fprintf(stderr, "dipx: unknown option %s\n%s", argv[i], kUsage);
      return 2;
    } else {
      flags.files.emplace_back(a);
    }
  }
  if (!flags.jsonl && flags.files.empty()) {
    std::fprintf(stderr, "dipx: extract needs FILE arguments (or --jsonl to read stdin)\n");
    return 2;
  }
  return RunExtract(flags);
}

}  // namespace
}  // namespace dipx::cli

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(dipx::cli::kUsage, stderr);
    return 2;
  }
  std::string_view command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(dipx::cli::kUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::printf("dipx %s\n", dipx::kVersion);
    return 0;
  }
  if (command == "extract") {
    // Multi-MB articles reuse freed heap instead of faulting it in anew.
    dipx::cli::KeepFreedHeap();
    return dipx::cli::ParseExtract(argc, argv);
  }
  if (command == "eval") return dipx::cli::RunEval(argc - 1, argv + 1, stdout, stderr);
  std::fprintf(stderr, "dipx: unknown command '%s'\n%s", argv[1], dipx::cli::kUsage);
  return 2;
}
