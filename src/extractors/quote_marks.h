// Internal: quotation-mark classification and pairing for one paragraph.
//
// Marks: “…” ‘…’ "…" '…' «…» „…“ ``…'' (and mixed curly/straight pairs such
// as “…" that real copy contains). Marks pair by allowed open/close pairs,
// never by parity; straight marks open or close by their neighbours;
// apostrophes (Japan's, '90s, Jones', rock 'n' roll) are never marks.
// A quote still open at the paragraph end ends there (closed == false).
//
// Cost: linear in the paragraph length; the nesting stack is bounded.
// Thread-safety: free functions on caller-owned buffers.
#ifndef DIPX_SRC_EXTRACTORS_QUOTE_MARKS_H_
#define DIPX_SRC_EXTRACTORS_QUOTE_MARKS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "dipx/span.h"

namespace dipx::internal {

// Families decide which closers an opener accepts.
enum class MarkFamily : uint8_t { kDouble, kSingle, kGuillemet, kLatex };

struct QuoteMark {
  Span span;             // the mark's bytes
  MarkFamily family = MarkFamily::kDouble;
  bool can_open = false;
  bool can_close = false;
};

struct QuoteRegion {
  Span open;        // opening mark; empty for a closer-only region
  Span close;       // closing mark; empty when unclosed
  Span content;     // between the marks (to the paragraph end if unclosed)
  int depth = 0;    // 0 = outermost
  bool closed() const { return !close.empty(); }
  bool has_open() const { return !open.empty(); }
};

// Finds the quotation marks of `text[para)` (absolute offsets) and their
// roles. Appends to `marks` (not cleared).
void FindQuoteMarks(std::string_view text, Span para,
                    std::vector<QuoteMark>* marks);

// Pairs `marks` (all inside `para`, in order) into regions, appended to
// `regions` in order of their opening. A double-family quote left open at
// the paragraph end runs to the paragraph end. When `closer_only` is true
// and the paragraph's first mark is a double-family closer with nothing
// open, it yields a region from the paragraph start (a continuation
// paragraph that lost its opening mark).
void PairQuoteMarks(std::string_view text, Span para,
                    const std::vector<QuoteMark>& marks, bool closer_only,
                    std::vector<QuoteRegion>* regions);

}  // namespace dipx::internal

#endif  // DIPX_SRC_EXTRACTORS_QUOTE_MARKS_H_
