// Internal: the event extractor (fills Extraction::events).
//
// Screens each article paragraph for the keys of the trigger patterns of
// data/event_triggers.tsv (a word-start scan, 16 bytes at a time), runs
// only the patterns with a key, only at or near their keys, and reads
// participants (EntityIndex), place, venue, date and status from a bounded
// window around each trigger. Mentions of one real-world event
// (headline, lead, body, "the meeting", "their talks") merge into one
// Event. Cost: linear in the article length.
//
// Thread-safety: immutable after Create(); Extract() is const and
// thread-safe.
#ifndef DIPX_SRC_EXTRACTORS_EVENT_H_
#define DIPX_SRC_EXTRACTORS_EVENT_H_

#include <memory>

#include "absl/status/statusor.h"
#include "data/gazetteer.h"
#include "data/tables.h"
#include "dipx/document.h"
#include "dipx/extraction.h"
#include "dipx/extractor.h"
#include "extractors/entities.h"

namespace dipx::internal {

class EventExtractor {
 public:
  static absl::StatusOr<std::unique_ptr<EventExtractor>> Create(
      const Tables& tables, const Gazetteer& gazetteer,
      const ExtractorOptions& options);
  ~EventExtractor();

  // Appends to out->events; reads earlier results in `out`.
  void Extract(const Document& doc, const EntityIndex& entities,
               const ArticleContext& context, Extraction* out) const;

  struct Rules;  // compiled patterns (event.cc)

 private:
  EventExtractor(const Gazetteer& gazetteer, const ExtractorOptions& options)
      : gazetteer_(gazetteer), options_(options) {}
  const Gazetteer& gazetteer_;
  const ExtractorOptions& options_;
  std::shared_ptr<const Rules> rules_;
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_EXTRACTORS_EVENT_H_
