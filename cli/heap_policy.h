// The dipx tool's allocator policy for corpus runs (glibc only).
//
// glibc hands freed blocks back to the kernel: mappings above a dynamic
// threshold (at most 32 MB) and a heap top above twice that. The buffers
// of a multi-MB article are then page-faulted in afresh for every such
// article, which on small VMs costs more than the extraction itself
// (10 MB articles ran at half the speed of 1 MB ones). KeepFreedHeap()
// raises both thresholds so that up to `bytes` of freed memory stays in
// the process for the next article. A stream of news-sized articles is
// unaffected: its heap never frees that much at once, so peak RSS stays
// the same. Elsewhere than glibc it does nothing.
//
// Thread-safety: call once at start-up, before other threads allocate.
#ifndef DIPX_CLI_HEAP_POLICY_H_
#define DIPX_CLI_HEAP_POLICY_H_

#include <cstddef>

namespace dipx::cli {

inline constexpr size_t kKeptHeapBytes = size_t{256} << 20;

// Returns false when the C library refused (or has no such setting).
bool KeepFreedHeap(size_t bytes = kKeptHeapBytes);

}  // namespace dipx::cli

#endif  // DIPX_CLI_HEAP_POLICY_H_
