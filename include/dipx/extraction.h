// dipx/extraction.h — everything dipx found in one article.
//
// Thread-safety: plain value type.
#ifndef DIPX_EXTRACTION_H_
#define DIPX_EXTRACTION_H_

#include <string>
#include <vector>

#include "dipx/event.h"
#include "dipx/partnership.h"
#include "dipx/priority_list.h"
#include "dipx/quote.h"
#include "dipx/span.h"

namespace dipx {

struct Extraction {
  std::vector<Quote> quotes;              // in text order
  std::vector<PriorityList> lists;        // in text order
  std::vector<Partnership> partnerships;  // in text order
  std::vector<PartnershipSummary> partnership_summaries;
  std::vector<Event> events;              // in order of first mention
  Span dateline;                          // empty when the article has none
  Span dateline_place;
  Span dateline_date;
  size_t repaired_sequences = 0;          // invalid UTF-8 replaced (repair on)
  // When repaired_sequences > 0 and the Extraction came from
  // Extractor::Extract(string_view): the repaired text all spans index into.
  std::string repaired_text;
  std::vector<Span> boilerplate;          // paragraphs marked as page furniture
  // Limits that were hit ("max_quote_bytes", "max_list_items",
  // "max_event_hits", "max_events"); never silent.
  std::vector<std::string> warnings;
};

}  // namespace dipx

#endif  // DIPX_EXTRACTION_H_
