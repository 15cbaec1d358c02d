// dipx/priority_list.h — enumerations of priorities, areas, sectors,
// platforms and topics ("three priority areas — A, B, and C", bullet lists
// under a heading, "platforms such as A, B and C").
//
// Thread-safety: plain value types.
#ifndef DIPX_PRIORITY_LIST_H_
#define DIPX_PRIORITY_LIST_H_

#include <vector>

#include "dipx/span.h"

namespace dipx {

struct ListItem {
  Span span;
  // Lists nested in this item ("how to address energy, health, and maritime
  // security" holds energy / health / maritime security) are reported as
  // separate PriorityList entries whose `parent` names this list.
};

struct PriorityList {
  Span span;                  // from the head (or first item) to the last item
  Span head;                  // the introducing phrase; empty → "head": null
  int declared_count = -1;    // "three priority areas" → 3; -1 → null
  bool count_matches = true;  // items.size() == declared_count (or no count)
  std::vector<ListItem> items;
  int parent = -1;            // index of the enclosing list, -1 if top level
};

}  // namespace dipx

#endif  // DIPX_PRIORITY_LIST_H_
