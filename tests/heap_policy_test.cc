// Tests of the tool's allocator policy (cli/heap_policy.h).
#include "cli/heap_policy.h"

#include <memory>

#include "gtest/gtest.h"

namespace dipx::cli {
namespace {

TEST(HeapPolicyTest, GlibcAcceptsTheKeptHeapSettings) {
#ifdef __GLIBC__
  EXPECT_TRUE(KeepFreedHeap());
  // Allocation still works both below and above the old thresholds.
  auto big = std::make_unique<char[]>(64 << 20);
  big[0] = 1;
  big[(64 << 20) - 1] = 1;
  EXPECT_EQ(big[0] + big[(64 << 20) - 1], 2);
#else
  EXPECT_FALSE(KeepFreedHeap());
#endif
}

}  // namespace
}  // namespace dipx::cli
