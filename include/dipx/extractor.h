// dipx/extractor.h — the compiled extraction pipeline.
//
//   absl::StatusOr<std::unique_ptr<dipx::Extractor>> ex =
//       dipx::Extractor::Create(dipx::ExtractorOptions{});
//   if (!ex.ok()) return ex.status();
//   absl::StatusOr<dipx::Extraction> result = (*ex)->Extract(article_text);
//
// Create() compiles every rule and word list once (RE2 patterns, tables from
// data/*.tsv plus the user's DataFiles). Extract() runs text → Document →
// entities → quotes and speakers → lists → partnerships → events.
//
// Text assumptions: UTF-8; all spans are half-open byte ranges into the
// text passed to Extract() (into the repaired text when repair_utf8 is on
// and bytes were replaced; Extraction::repaired_sequences says so).
// Cost: linear in the article length; every rule's reach is bounded.
//
// Thread-safety: an Extractor is immutable after Create(); any number of
// threads may call Extract() on one shared instance concurrently.
#ifndef DIPX_EXTRACTOR_H_
#define DIPX_EXTRACTOR_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dipx/data_file.h"
#include "dipx/document.h"
#include "dipx/export.h"
#include "dipx/extraction.h"

namespace dipx {

// Named defaults for the limits below.
inline constexpr size_t kDefaultMaxArticleBytes = size_t{256} << 20;
inline constexpr size_t kDefaultMaxQuoteBytes = size_t{64} << 10;
inline constexpr size_t kDefaultMaxListItems = 64;

struct ExtractorOptions {
  // Replace invalid UTF-8 with U+FFFD instead of failing.
  bool repair_utf8 = false;
  // Larger articles fail with ResourceExhausted.
  size_t max_article_bytes = kDefaultMaxArticleBytes;
  // A quote longer than this (an unclosed mark in a huge paragraph) is cut
  // at the paragraph end and a warning is added.
  size_t max_quote_bytes = kDefaultMaxQuoteBytes;
  // Lists with more items are truncated, with a warning.
  size_t max_list_items = kDefaultMaxListItems;
  // Which extractors run.
  bool quotes = true;
  bool lists = true;
  bool partnerships = true;
  bool events = true;
  // Publication date "YYYY-MM-DD" used to resolve relative dates when the
  // article has no dated dateline; may also be passed per call.
  std::string publication_date;
  // Extra or replacement rows for the built-in tables.
  std::vector<DataFile> data_files;
};

// Per-call inputs beyond the text.
struct ArticleContext {
  std::string_view publication_date;  // "YYYY-MM-DD" or empty
};

namespace internal {
struct Pipeline;
}  // namespace internal

class DIPX_EXPORT Extractor {
 public:
  // Compiles all rules and tables. Errors: InvalidArgument for bad options
  // or a bad user DataFile (naming file and line); Internal when a built-in
  // rule fails to compile.
  static absl::StatusOr<std::unique_ptr<Extractor>> Create(
      const ExtractorOptions& options = {});

  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // Extracts from one article. Errors: InvalidArgument for invalid UTF-8
  // (with repair off), ResourceExhausted above max_article_bytes.
  absl::StatusOr<Extraction> Extract(std::string_view text,
                                     const ArticleContext& context = {}) const;

  // As above for a Document built by the caller (its text is used).
  Extraction Extract(const Document& document,
                     const ArticleContext& context = {}) const;

  const ExtractorOptions& options() const;

 private:
  explicit Extractor(std::unique_ptr<internal::Pipeline> pipeline);
  std::unique_ptr<internal::Pipeline> pipeline_;
};

}  // namespace dipx

#endif  // DIPX_EXTRACTOR_H_
