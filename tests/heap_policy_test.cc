// Tests of the tool's allocator policy (cli/heap_policy.h).
#include "cli/heap_policy.h"

#include <memory>

#include "gtest/gtest.h"

namespace dipx::cli {
namespace {

// Whether a sanitizer replaces malloc (its allocator ignores mallopt).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitizedMalloc = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitizedMalloc = true;
#else
constexpr bool kSanitizedMalloc = false;
#endif
#else
constexpr bool kSanitizedMalloc = false;
#endif

TEST(HeapPolicyTest, GlibcAcceptsTheKeptHeapSettings) {
  const bool accepted = KeepFreedHeap();
#ifdef __GLIBC__
  if (!kSanitizedMalloc) {
    EXPECT_TRUE(accepted);
  }
#else
  EXPECT_FALSE(accepted);
#endif
  // Allocation still works below and above the old thresholds.
  auto big = std::make_unique<char[]>(64 << 20);
  big[0] = 1;
  big[(64 << 20) - 1] = 1;
  EXPECT_EQ(big[0] + big[(64 << 20) - 1], 2);
}

}  // namespace
}  // namespace dipx::cli
