// dipx/quote.h — quotes and the people who said them.
//
// A Quote is a span of reported speech: `direct` (a clause or more inside
// quotation marks), `partial` (a quoted fragment inside the reporter's own
// sentence) or `indirect` (the content clause of "X said (that) …").
// Its Speaker is resolved within the article: the mention that attributes
// the quote ("he", "Halvorsen", "the EAM") and the entity's fullest name.
//
// Thread-safety: plain value types.
#ifndef DIPX_QUOTE_H_
#define DIPX_QUOTE_H_

#include <string>

#include "dipx/export.h"
#include "dipx/span.h"

namespace dipx {

enum class QuoteKind : uint8_t { kDirect, kPartial, kIndirect };

// "direct", "partial" or "indirect".
DIPX_EXPORT const char* QuoteKindName(QuoteKind kind);

struct Speaker {
  std::string name;         // fullest form in the article ("Ingrid Halvorsen")
  Span mention;             // the attributing mention ("he", "Halvorsen")
  std::string role;         // "spokesperson", "Foreign Minister"; empty if unknown
  std::string affiliation;  // country or organisation; empty if unknown
};

struct Quote {
  Span span;                    // the quoted content, quotation marks excluded
  QuoteKind kind = QuoteKind::kDirect;
  bool has_speaker = false;     // false → "speaker": null
  Speaker speaker;
  Span cue;                     // the cue as written ("said"); empty if none
  std::string attribution;      // which rule fired: "cue_verb", "according_to", …
  float confidence = 0.0f;      // 0 … 1
  int paragraphs = 1;           // >1 for a quote that runs over several paragraphs
};

}  // namespace dipx

#endif  // DIPX_QUOTE_H_
