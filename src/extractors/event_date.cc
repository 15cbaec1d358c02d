#include "extractors/event_date.h"

#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "re2/re2.h"
#include "util/strings.h"

namespace dipx::internal {
namespace {

constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char* kWeekdays[] = {"monday", "tuesday", "wednesday",
                                     "thursday", "friday", "saturday",
                                     "sunday"};

#define DIPX_MONTH                                                          \
  "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"    \
  "Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
#define DIPX_WEEKDAY \
  "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

// A date expression, or "in"/"since" and a bare year.
constexpr const char kDatePattern[] =
    "(?i:\\b(?:"
    "(?:(?:early|late|mid|earlier|later)[ -])?(?:this|next|last|that) "
    "(?:week|month|year|morning|afternoon|evening|weekend)"
    "|later (?:that|in the|this) day|earlier (?:that|in the|this) day"
    "|the same day|that day|today|yesterday|tomorrow|tonight"
    "|(?-i:" DIPX_WEEKDAY ")(?: (?:morning|afternoon|evening|night))?"
    "|(?-i:" DIPX_MONTH ")\\.? \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})?"
    "(?: and \\d{1,2})?"
    "|\\d{1,2} (?-i:" DIPX_MONTH ")(?:,? \\d{4})?"
    "|(?:(?:last|early|late|mid|next|this) )?(?-i:" DIPX_MONTH
    ")(?: \\d{4})?"
    "|the \\d{1,2}(?:st|nd|rd|th)"
    ")\\b|\\b(?:in|since) (?:19|20)\\d\\d\\b)";

int MonthIndex(std::string_view word) {  // 1..12 or 0
  if (word.size() < 3) return 0;
  const absl::string_view head(word.data(), 3);
  for (int i = 0; i < 12; ++i) {
    if (absl::EqualsIgnoreCase(head, kMonths[i])) return i + 1;
  }
  return 0;
}

int WeekdayIndex(std::string_view word) {  // 0 = Monday .. 6, or -1
  for (int i = 0; i < 7; ++i) {
    if (absl::EqualsIgnoreCase(Absl(word), kWeekdays[i])) return i;
  }
  return -1;
}

// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  CivilDate c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2));
  return c;
}

std::string Iso(const CivilDate& d) {
  if (d.day > 0) return absl::StrFormat("%04d-%02d-%02d", d.year, d.month, d.day);
  if (d.month > 0) return absl::StrFormat("%04d-%02d", d.year, d.month);
  return absl::StrFormat("%04d", d.year);
}

bool IsWordSeparator(char c) {
  return c == ' ' || c == ',' || c == '.' || c == '-';
}

// The next word of `s` at or after `*i` (words are split on spaces, commas,
// periods and hyphens), advancing `*i` past it; empty at the end.
std::string_view NextWord(std::string_view s, size_t* i) {
  while (*i < s.size() && IsWordSeparator(s[*i])) ++*i;
  const size_t begin = *i;
  while (*i < s.size() && !IsWordSeparator(s[*i])) ++*i;
  return std::string_view(s.data() + begin, *i - begin);
}

int LeadingInt(std::string_view w) {
  int v = 0;
  size_t i = 0;
  for (; i < w.size() && i < 4 && w[i] >= '0' && w[i] <= '9'; ++i) {
    v = v * 10 + (w[i] - '0');
  }
  return i == 0 ? -1 : v;
}

}  // namespace

bool ParseIsoDate(std::string_view t, CivilDate* out) {
  if (t.size() < 10 || t[4] != '-' || t[7] != '-') return false;
  int y = LeadingInt(t.substr(0, 4)), m = LeadingInt(t.substr(5, 2)),
      d = LeadingInt(t.substr(8, 2));
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  *out = CivilDate{y, m, d};
  return true;
}

bool ParseDatelineDate(std::string_view text, int fallback_year,
                       CivilDate* out) {
  CivilDate d;
  size_t i = 0;
  for (std::string_view w = NextWord(text, &i); !w.empty();
       w = NextWord(text, &i)) {
    int month = MonthIndex(w);
    if (month > 0 && d.month == 0 && !(w[0] >= '0' && w[0] <= '9')) {
      d.month = month;
      continue;
    }
    int v = LeadingInt(w);
    if (v >= 1000) {
      d.year = v;
    } else if (v >= 1 && v <= 31 && d.day == 0) {
      d.day = v;
    }
  }
  if (d.year == 0) d.year = fallback_year;
  if (d.month == 0 || d.day == 0 || d.year == 0) return false;
  *out = d;
  return true;
}

EventDateFinder::~EventDateFinder() = default;

absl::StatusOr<std::unique_ptr<EventDateFinder>> EventDateFinder::Create() {
  std::unique_ptr<EventDateFinder> f(new EventDateFinder());
  RE2::Options options;
  options.set_log_errors(false);
  f->date_ = std::make_unique<RE2>(kDatePattern, options);
  if (!f->date_->ok()) {
    return absl::InternalError("event date pattern: " + f->date_->error());
  }
  return f;
}

Span EventDateFinder::Find(std::string_view text, size_t anchor,
                           size_t reach) const {
  size_t begin = anchor > reach ? anchor - reach : 0;
  size_t end = std::min(text.size(), anchor + reach);
  Span best;
  size_t best_distance = ~size_t{0};
  re2::StringPiece input(text.data(), end);
  re2::StringPiece whole;
  size_t pos = begin;
  // The date of "in 2017" / "since 2017" is the match's last four bytes; no
  // other date expression starts with "in " or "since ".
  while (pos < end &&
         date_->Match(input, pos, end, RE2::UNANCHORED, &whole, 1)) {
    const size_t whole_begin = whole.data() - text.data();
    const size_t whole_end = whole_begin + whole.size();
    const std::string_view w(whole.data(), whole.size());
    const bool year = absl::StartsWithIgnoreCase(Absl(w), "in ") ||
                      absl::StartsWithIgnoreCase(Absl(w), "since ");
    size_t b = year ? whole_end - 4 : whole_begin;
    size_t e = whole_end;
    const std::string_view g(text.data() + b, e - b);
    // "the 18th India-Japan Strategic Dialogue" is an ordinal, not a date.
    if (g.size() > 4 && g.substr(0, 4) == "the " && e + 1 < text.size() &&
        text[e] == ' ' && text[e + 1] >= 'A' && text[e + 1] <= 'Z') {
      pos = whole_end > pos ? whole_end : pos + 1;
      continue;
    }
    size_t distance = e <= anchor ? anchor - e : (b >= anchor ? b - anchor : 0);
    // Bare month names that are also words ("may", "march") count only
    // when capitalised, which the pattern already enforces.
    if (distance < best_distance) {
      best_distance = distance;
      best = Span{static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
    }
    // Later matches start at or after `e`: none is nearer once `e` reaches
    // the anchor.
    if (e >= anchor) break;
    pos = whole_end > pos ? whole_end : pos + 1;
  }
  return best;
}

std::string EventDateFinder::Resolve(std::string_view date_text,
                                     const CivilDate& base,
                                     bool future) const {
  if (base.year == 0) return "";
  size_t cursor = 0;
  const std::string_view first_word = NextWord(date_text, &cursor);
  if (first_word.empty()) return "";
  // `date_text` equal to / containing a lower-case word, ignoring case.
  auto is = [&](const char* w) {
    return absl::EqualsIgnoreCase(Absl(date_text), w);
  };
  auto has = [&](std::string_view w) {
    return ContainsIgnoreCase(date_text, w);
  };
  const bool base_day = base.known();
  // Relative expressions.
  if (is("today") || is("tonight") || is("this morning") ||
      is("this afternoon") || is("this evening") || is("the same day") ||
      is("that day") || (has("day") && (has("later") || has("earlier")))) {
    return base_day ? Iso(base) : "";
  }
  if (is("yesterday") || is("tomorrow")) {
    if (!base_day) return "";
    long days = DaysFromCivil(base.year, base.month, base.day) +
                (is("yesterday") ? -1 : 1);
    return Iso(CivilFromDays(days));
  }
  if (has("year")) {
    int delta = has("last") ? -1 : has("next") ? 1 : 0;
    return Iso(CivilDate{base.year + delta, 0, 0});
  }
  if (has("month")) {
    if (base.month == 0) return "";
    int delta = has("last") ? -1 : has("next") ? 1 : 0;
    int m = base.month + delta, y = base.year;
    if (m == 0) { m = 12; --y; }
    if (m == 13) { m = 1; ++y; }
    return Iso(CivilDate{y, m, 0});
  }
  if (has("week")) return "";
  // Weekday.
  int weekday = WeekdayIndex(first_word);
  if (weekday >= 0) {
    if (!base_day) return "";
    long today = DaysFromCivil(base.year, base.month, base.day);
    int base_weekday = static_cast<int>(((today % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
    int delta = weekday - base_weekday;
    if (future) {
      if (delta < 0) delta += 7;
    } else if (delta > 0) {
      delta -= 7;
    }
    return Iso(CivilFromDays(today + delta));
  }
  // Month [day] [year] / day Month [year] / [last|next] Month.
  int month = 0, day = 0, year = 0, words = 0;
  cursor = 0;
  for (std::string_view w = NextWord(date_text, &cursor); !w.empty();
       w = NextWord(date_text, &cursor)) {
    ++words;
    int m = (w[0] >= 'A' && w[0] <= 'Z') ? MonthIndex(w) : 0;
    if (m > 0 && month == 0) {
      month = m;
      continue;
    }
    int v = LeadingInt(w);
    if (v >= 1000) year = v;
    else if (v >= 1 && v <= 31 && day == 0) day = v;
  }
  if (month == 0) {
    if (year > 0 && words == 1) return Iso(CivilDate{year, 0, 0});
    return "";
  }
  if (year == 0) {
    year = base.year;
    if (base.month > 0) {
      if (has("last") || (!future && month > base.month &&
                          !has("next"))) {
        --year;
      } else if (has("next") || (future && month < base.month)) {
        ++year;
      }
    }
  }
  return Iso(CivilDate{year, month, day});
}

DateTraits EventDateFinder::Traits(std::string_view s) {
  DateTraits t;
  if (s.empty()) return t;
  size_t cursor = 0;
  const std::string_view w = NextWord(s, &cursor);
  if (w.empty()) {
    t.kind = 0;
  } else if (WeekdayIndex(w) >= 0) {
    t.kind = 1;
  } else if ((w[0] >= 'A' && w[0] <= 'Z') && MonthIndex(w) > 0) {
    t.kind = 2;
  } else if (LeadingInt(w) >= 1000) {
    t.kind = 3;
  }
  // A future expression never names the same day as a past or neutral one
  // ("early next month" vs "Tuesday").
  t.future = ContainsIgnoreCase(s, "next") ||
             ContainsIgnoreCase(s, "later this") ||
             ContainsIgnoreCase(s, "tomorrow") ||
             ContainsIgnoreCase(s, "upcoming");
  // "today" against a month ("December"): different occasions.
  const absl::string_view a = Absl(s);
  t.deictic = absl::EqualsIgnoreCase(a, "today") ||
              absl::EqualsIgnoreCase(a, "yesterday") ||
              absl::EqualsIgnoreCase(a, "this morning") ||
              absl::EqualsIgnoreCase(a, "tonight");
  return t;
}

bool EventDateFinder::Conflict(std::string_view a, std::string_view b) const {
  return Conflict(a, Traits(a), b, Traits(b));
}

bool EventDateFinder::Conflict(std::string_view a, const DateTraits& ta,
                               std::string_view b,
                               const DateTraits& tb) const {
  if (a.empty() || b.empty()) return false;
  if (ContainsIgnoreCase(a, b) || ContainsIgnoreCase(b, a)) return false;
  if (ta.future != tb.future) return true;
  if ((ta.deictic && tb.kind == 2) || (tb.deictic && ta.kind == 2)) return true;
  const int ka = ta.kind, kb = tb.kind;
  if (ka == 0 || kb == 0) return false;
  if (ka == 1 && kb == 1) return true;  // different weekdays
  if (ka == 2 && kb == 2) return true;  // different month dates
  if (ka == 3 && kb == 3) return true;  // different years
  return false;
}

}  // namespace dipx::internal
