// Internal: the list extractor (fills Extraction::lists).
//
// Thread-safety: immutable after Create(); Extract() is const and
// thread-safe.
#ifndef DIPX_SRC_EXTRACTORS_LIST_H_
#define DIPX_SRC_EXTRACTORS_LIST_H_

#include <memory>

#include "absl/status/statusor.h"
#include "data/gazetteer.h"
#include "data/tables.h"
#include "dipx/document.h"
#include "dipx/extraction.h"
#include "dipx/extractor.h"
#include "extractors/entities.h"

namespace dipx::internal {

class ListExtractor {
 public:
  static absl::StatusOr<std::unique_ptr<ListExtractor>> Create(
      const Tables& tables, const Gazetteer& gazetteer,
      const ExtractorOptions& options);

  // Appends to out->lists; reads earlier results in `out`.
  void Extract(const Document& doc, const EntityIndex& entities,
               const ArticleContext& context, Extraction* out) const;

 private:
  ListExtractor(const Gazetteer& gazetteer, const ExtractorOptions& options)
      : gazetteer_(gazetteer), options_(options) {}
  const Gazetteer& gazetteer_;
  const ExtractorOptions& options_;
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_EXTRACTORS_LIST_H_
