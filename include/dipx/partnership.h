// dipx/partnership.h — partnership levels and descriptors between countries.
//
// "elevated to a ‘Global Partnership’ in 2000, … ‘Special Strategic and
// Global Partnership’ in 2014" → one Partnership per distinct level, ranked
// on the ladder in data/partnership_ladder.tsv; descriptors such as
// "natural partner" have level "descriptor:<id>" and no rank.
//
// Thread-safety: plain value types.
#ifndef DIPX_PARTNERSHIP_H_
#define DIPX_PARTNERSHIP_H_

#include <string>
#include <vector>

#include "dipx/export.h"
#include "dipx/span.h"

namespace dipx {

enum class PartnershipStatus : uint8_t { kCurrent, kPast, kProposed };

// "current", "past" or "proposed".
DIPX_EXPORT const char* PartnershipStatusName(PartnershipStatus status);

struct Partnership {
  Span span;                         // the level as written
  std::string level;                 // canonical id, or "descriptor:<id>"
  int rank = -1;                     // ladder rank; -1 → null (descriptors)
  std::vector<std::string> parties;  // canonical country names, sorted
  int year = 0;                      // 0 → null
  PartnershipStatus status = PartnershipStatus::kCurrent;
};

// Per pair of parties: the current level and the ordered history.
struct PartnershipSummary {
  std::vector<std::string> parties;
  std::string current_level;         // empty when only descriptors were seen
  std::vector<int> history;          // indices into Extraction::partnerships,
                                     // oldest first
};

}  // namespace dipx

#endif  // DIPX_PARTNERSHIP_H_
