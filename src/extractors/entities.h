// Internal: people, countries and organisations mentioned in an article,
// with within-article coreference (full name → surname → role alias).
// Quotes, partnerships and events all read this index.
//
// Thread-safety: EntityRecognizer is immutable after Create(); Recognize()
// is const and thread-safe. EntityIndex is a per-article value.
#ifndef DIPX_SRC_EXTRACTORS_ENTITIES_H_
#define DIPX_SRC_EXTRACTORS_ENTITIES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "data/gazetteer.h"
#include "data/tables.h"
#include "dipx/document.h"
#include "dipx/span.h"

namespace dipx::internal {

enum class EntityKind : uint8_t { kPerson, kCountry, kOrganization };
enum class Gender : uint8_t { kUnknown, kMale, kFemale };

struct Entity {
  EntityKind kind = EntityKind::kPerson;
  std::string name;         // fullest form in the article
  std::string role;         // canonical role, "" if unknown
  std::string affiliation;  // country or organisation, "" if unknown
  Gender gender = Gender::kUnknown;
  std::vector<int> mentions;  // indices into EntityIndex::mentions
  // Gazetteer links: the country (kCountry; for people and bodies, the
  // affiliated country) and organisation (kOrganization from the
  // gazetteer), or -1.
  int country = -1;
  int organization = -1;
  // Role family of `role` ("leader", "minister", "ministry", …), "" if none.
  std::string category;
};

enum class MentionKind : uint8_t {
  kName,       // "R. Mehta", "Mehta", "Japan", "ASEAN"
  kPronoun,    // he / she / they / it (entity == -1: resolved by the caller)
  kRoleAlias,  // "the EAM", "the minister", "the Chinese president"
  kGroup,      // "the two leaders", "officials from both nations"
};

struct Mention {
  Span span;              // the whole mention ("External Affairs Minister R Mehta")
  Span name;              // the name part ("R Mehta"); = span for others
  MentionKind kind = MentionKind::kName;
  int entity = -1;        // index into EntityIndex::entities, -1 unresolved
  Gender gender = Gender::kUnknown;  // for pronouns
  // For kRoleAlias (and titled names): the title's index in
  // Gazetteer::titles(), else -1. For kPronoun: true for "they".
  int title = -1;
  bool plural = false;
};

struct EntityIndex {
  std::vector<Entity> entities;
  std::vector<Mention> mentions;  // sorted by span.begin, non-overlapping

  void Clear() { entities.clear(); mentions.clear(); }
  // Index of the first mention with span.begin >= offset.
  size_t FirstMentionAtOrAfter(uint32_t offset) const;
  // The mention whose span contains `offset`, or nullptr. O(log n).
  const Mention* MentionAt(uint32_t offset) const;
};

struct EntityLexicon;  // data/person_words.tsv, compiled (entities.cc)

class EntityRecognizer {
 public:
  static absl::StatusOr<std::unique_ptr<EntityRecognizer>> Create(
      const Tables& tables, const Gazetteer& gazetteer);

  // Fills `out` (cleared first) for `doc`, skipping boilerplate paragraphs.
  // Linear in the text length.
  void Recognize(const Document& doc, EntityIndex* out) const;

 private:
  explicit EntityRecognizer(const Gazetteer& gazetteer) : gazetteer_(gazetteer) {}
  const Gazetteer& gazetteer_;
  std::shared_ptr<const EntityLexicon> lexicon_;
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_EXTRACTORS_ENTITIES_H_
