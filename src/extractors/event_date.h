// Internal: finding and resolving the date expressions events carry
// ("on Monday", "January 16", "in November 2017", "last year", "later that
// day") against an article's reference date (the dateline's date or the
// publication date).
//
// Thread-safety: EventDateFinder is immutable after Create(); all methods
// are const and thread-safe.
#ifndef DIPX_SRC_EXTRACTORS_EVENT_DATE_H_
#define DIPX_SRC_EXTRACTORS_EVENT_DATE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "dipx/span.h"

namespace re2 {
class RE2;
}

namespace dipx::internal {

// A calendar date; 0 marks an unknown part (year 0 = unknown year).
struct CivilDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  bool known() const { return year > 0 && month > 0 && day > 0; }
};

// "2025-01-16" → date; false when `text` is not an ISO date.
bool ParseIsoDate(std::string_view text, CivilDate* out);

// A dateline's date ("January 16", "28 August 2018", "July 18, 2014");
// the year is taken from `fallback_year` when the text has none.
bool ParseDatelineDate(std::string_view text, int fallback_year,
                       CivilDate* out);

// What Conflict() reads of one date text alone, computed once per text.
struct DateTraits {
  int kind = 0;          // 1 weekday, 2 month, 3 year, 0 other
  bool future = false;   // "next", "later this", "tomorrow", "upcoming"
  bool deictic = false;  // "today", "yesterday", "this morning", "tonight"
};

class EventDateFinder {
 public:
  static absl::StatusOr<std::unique_ptr<EventDateFinder>> Create();
  ~EventDateFinder();

  // The date expression in `text` (a clause) nearest to `anchor` (an
  // offset into `text`), without a leading "on"/"in"; empty when none.
  // Bounded: looks at most `reach` bytes either side of the anchor.
  Span Find(std::string_view text, size_t anchor, size_t reach) const;

  // ISO 8601 ("2025-10-27", "2025-10", "2025") for `date_text` resolved
  // against `base`; "" when unresolvable. `future` prefers a later
  // weekday/month (planned events).
  std::string Resolve(std::string_view date_text, const CivilDate& base,
                      bool future) const;

  // True when two date texts cannot name the same day (both explicit and
  // different: "Monday" vs "Tuesday", "May 13" vs "June 2").
  bool Conflict(std::string_view a, std::string_view b) const;
  // The same, with the traits of `a` and `b` (Traits()) computed before.
  bool Conflict(std::string_view a, const DateTraits& ta, std::string_view b,
                const DateTraits& tb) const;
  static DateTraits Traits(std::string_view date_text);

 private:
  EventDateFinder() = default;
  std::unique_ptr<re2::RE2> date_;
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_EXTRACTORS_EVENT_DATE_H_
