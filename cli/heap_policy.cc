#include "cli/heap_policy.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <climits>

namespace dipx::cli {

bool KeepFreedHeap(size_t bytes) {
#ifdef __GLIBC__
  const int value = bytes > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(bytes);
  // Both settings also turn off glibc's dynamic threshold adjustment.
  return mallopt(M_MMAP_THRESHOLD, value) == 1 && mallopt(M_TRIM_THRESHOLD, value) == 1;
#else
  (void)bytes;
  return false;
#endif
}

}  // namespace dipx::cli
