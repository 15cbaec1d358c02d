#include "extractors/event.h"

namespace dipx::internal {

absl::StatusOr<std::unique_ptr<EventExtractor>> EventExtractor::Create(
    const Tables& tables, const Gazetteer& gazetteer,
    const ExtractorOptions& options) {
  (void)tables;
  return std::unique_ptr<EventExtractor>(new EventExtractor(gazetteer, options));
}

void EventExtractor::Extract(const Document& doc, const EntityIndex& entities,
                            const ArticleContext& context,
                            Extraction* out) const {
  (void)doc; (void)entities; (void)context; (void)out;
}

}  // namespace dipx::internal
