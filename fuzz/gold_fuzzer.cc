// libFuzzer harness: the gold reader of `dipx eval` (cli::ParseGoldLine) and the scorer.
// Invariants are checked by fuzz/harness.h (shared with
// tests/fuzz_regression_test.cc). Run: fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dipx::fuzz::AbortOnViolation(dipx::fuzz::RunGoldInput(
      std::string_view(reinterpret_cast<const char*>(data), size)));
  return 0;
}
