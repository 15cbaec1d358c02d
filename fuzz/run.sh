#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) and runs each for
# SECONDS (default 60) over its seed corpus, one after another.
#
#   fuzz/run.sh [SECONDS]
#
# Environment: BUILD_DIR (default build-fuzz next to the source tree),
# JOBS (build parallelism, default nproc), FUZZERS (default
# "extract jsonl gold"), FUZZ_FLAGS (extra libFuzzer flags), RUNS (when set,
# each harness runs exactly RUNS inputs from SEED, default 1, instead of for
# SECONDS: a reproducible run, which is what CI uses; RUNS_<harness>, e.g.
# RUNS_jsonl, overrides it for one harness).
# New corpus entries go to $BUILD_DIR/corpus/<harness> (the checked-in seeds
# in fuzz/corpus are never modified); a crash leaves its input in
# $BUILD_DIR/artifacts/ and fails the script — copy it to
# fuzz/regressions/<harness>/ so tests/fuzz_regression_test.cc keeps it.
set -euo pipefail
SECONDS_EACH=${1:-60}
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$SRC/build-fuzz}
JOBS=${JOBS:-$(nproc)}
FUZZERS=${FUZZERS:-"extract jsonl gold"}
CXX_CLANG=${CXX_CLANG:-$(command -v clang++ || command -v clang++-14)}

cmake -S "$SRC" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$CXX_CLANG" -DDIPX_BUILD_FUZZERS=ON \
  -DDIPX_BUILD_TESTS=OFF -DDIPX_BUILD_BENCHMARKS=OFF -DDIPX_BUILD_EXAMPLES=OFF \
  -DDIPX_BUILD_CLI=OFF -DDIPX_INSTALL=OFF >/dev/null
targets=()
for f in $FUZZERS; do targets+=("${f}_fuzzer"); done
cmake --build "$BUILD_DIR" -j"$JOBS" --target "${targets[@]}"

mkdir -p "$BUILD_DIR/artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for f in $FUZZERS; do
  corpus="$BUILD_DIR/corpus/$f"
  mkdir -p "$corpus"
  # Replay the kept crashers first, then fuzz.
  if compgen -G "$SRC/fuzz/regressions/$f/*" >/dev/null; then
    "$BUILD_DIR/fuzz/${f}_fuzzer" -runs=0 "$SRC/fuzz/regressions/$f"/*
  fi
  runs_var="RUNS_$f"
  runs=${!runs_var:-${RUNS:-}}
  if [ -n "$runs" ]; then
    budget=(-runs="$runs" -seed="${SEED:-1}")
    echo "=== ${f}_fuzzer: $runs inputs from seed ${SEED:-1} ==="
  else
    budget=(-max_total_time="$SECONDS_EACH")
    echo "=== ${f}_fuzzer: ${SECONDS_EACH}s ==="
  fi
  "$BUILD_DIR/fuzz/${f}_fuzzer" "${budget[@]}" -timeout=25 \
    -rss_limit_mb=4096 -max_len=16384 -print_final_stats=1 \
    -artifact_prefix="$BUILD_DIR/artifacts/${f}-" ${FUZZ_FLAGS:-} \
    "$corpus" "$SRC/fuzz/corpus/$f"
done
if [ -n "${RUNS:-}" ]; then budget_text="their fixed inputs"; else budget_text="${SECONDS_EACH}s"; fi
echo "fuzz: all harnesses ran $budget_text without findings"
