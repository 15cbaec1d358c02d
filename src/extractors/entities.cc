#include "extractors/entities.h"

#include <algorithm>

namespace dipx::internal {

size_t EntityIndex::FirstMentionAtOrAfter(uint32_t offset) const {
  return std::lower_bound(mentions.begin(), mentions.end(), offset,
                          [](const Mention& m, uint32_t o) {
                            return m.span.begin < o;
                          }) -
         mentions.begin();
}

absl::StatusOr<std::unique_ptr<EntityRecognizer>> EntityRecognizer::Create(
    const Tables& tables, const Gazetteer& gazetteer) {
  (void)tables;
  return std::unique_ptr<EntityRecognizer>(new EntityRecognizer(gazetteer));
}

void EntityRecognizer::Recognize(const Document& doc, EntityIndex* out) const {
  (void)doc;
  out->Clear();
}

}  // namespace dipx::internal
