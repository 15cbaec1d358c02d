// dipx/event.h — diplomatic events: meetings, visits, dialogues, summits,
// calls, agreements and statements, with participants, place, venue, date.
//
// One Event per real-world event per article: mentions of the same meeting
// in headline, lead and body are merged and listed in `mentions`.
//
// Thread-safety: plain value types.
#ifndef DIPX_EVENT_H_
#define DIPX_EVENT_H_

#include <string>
#include <vector>

#include "dipx/export.h"
#include "dipx/span.h"

namespace dipx {

enum class EventType : uint8_t {
  kMeeting, kVisit, kDialogue, kSummit, kCall, kAgreement, kStatement
};

// "meeting", "visit", "dialogue", "summit", "call", "agreement", "statement".
DIPX_EXPORT const char* EventTypeName(EventType type);

enum class EventStatus : uint8_t { kHeld, kPlanned, kProposed };
DIPX_EXPORT const char* EventStatusName(EventStatus status);

struct Participant {
  std::string name;     // person (fullest name), country or organisation
  std::string role;     // empty → null
  std::string country;  // empty → null
  Span mention;         // one mention of the participant, empty if inferred
};

struct Event {
  Span span;                 // the first (most informative) mention
  EventType type = EventType::kMeeting;
  std::vector<Participant> participants;
  Span trigger;              // "met", "visit", "held talks"
  Span location;             // empty → null
  Span venue;                // "sidelines of the ASEAN Summit"; empty → null
  Span date_text;            // "Monday"; empty → null
  std::string date;          // ISO 8601 ("2025-10-27", "2025-10"); empty → null
  EventStatus status = EventStatus::kHeld;
  std::vector<Span> mentions;  // every sentence span that reports the event
};

}  // namespace dipx

#endif  // DIPX_EVENT_H_
