#!/usr/bin/env bash
# Compares two builds' Google Benchmark throughput on a noisy machine: runs
# every benchmark of REF and NEW alternately, ROUNDS times each, so both see
# the same neighbours, and prints the best and median MiB/s of each and the
# ratio of the bests. Not part of CI.
#
#   bench/ab_benchmark.sh REF_BUILD_DIR NEW_BUILD_DIR [FILTER_REGEX] [ROUNDS]
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,7p' "$0" >&2
  exit 2
fi
ref=$1
new=$2
filter=${3:-.}
rounds=${4:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

names=$("$new/bench/dipx_benchmark" --benchmark_list_tests --benchmark_filter="$filter")
for name in $names; do
  exact="^$(printf '%s' "$name" | sed 's/[][\.*^$+?(){}|]/\\&/g')\$"
  for r in $(seq "$rounds"); do
    for side in ref new; do
      dir=$ref
      [ $side = new ] && dir=$new
      "$dir/bench/dipx_benchmark" --benchmark_filter="$exact" --benchmark_format=json \
        2>/dev/null > "$work/$side.$r.json"
      python3 - "$work/$side.$r.json" "$name" "$side" >> "$work/all.tsv" <<'EOF'
import json, sys
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("run_type", "iteration") == "iteration":
        print(f"{sys.argv[2]}\t{sys.argv[3]}\t{b.get('bytes_per_second', 0) / 2**20:.2f}")
EOF
    done
  done
done
python3 - "$work/all.tsv" <<'EOF'
import sys
runs = {}
for line in open(sys.argv[1]):
    name, side, v = line.rstrip("\n").split("\t")
    runs.setdefault(name, {}).setdefault(side, []).append(float(v))
print(f"{'benchmark (MiB/s)':44s} {'ref best':>9s} {'new best':>9s} {'ref med':>8s} {'new med':>8s} {'new/ref':>8s}")
for name, sides in runs.items():
    a, b = sorted(sides.get("ref", [0])), sorted(sides.get("new", [0]))
    ratio = b[-1] / a[-1] if a[-1] else 0
    print(f"{name:44s} {a[-1]:9.1f} {b[-1]:9.1f} {a[len(a)//2]:8.1f} {b[len(b)//2]:8.1f} {ratio:7.2f}x")
EOF
