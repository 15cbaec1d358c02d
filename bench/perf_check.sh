#!/usr/bin/env bash
# Checks a performance change: the new build's output must be byte-identical
# to a reference build's over the shared corpora, devset, PolNeAR texts and
# seeds, and callgrind counts the instructions both spend on a fixed sample
# (every 12th corpus line; instruction counts are repeatable on noisy
# machines, timings are not). Not part of CI (valgrind takes a minute).
#
#   bench/perf_check.sh REF_BUILD_DIR NEW_BUILD_DIR
#
# Build REF from the commit before the change (e.g. in a git worktree) with
# -DCMAKE_BUILD_TYPE=Release, NEW from the change. Exit status 1 when any
# output differs.
set -euo pipefail
if [ $# -ne 2 ]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${DIPX_SHARED_DIR:-$root/../shared}
ref=$1
new=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat "$shared"/corpora/*.jsonl > "$work/corpora.jsonl"
awk 'NR % 12 == 0' "$work/corpora.jsonl" > "$work/sample.jsonl"
python3 - "$shared/polnear/gold_dev.jsonl" "$work/polnear.jsonl" <<'EOF'
import json, sys
with open(sys.argv[2], "w") as out:
    for n, line in enumerate(open(sys.argv[1])):
        d = json.loads(line)
        if "text" in d:
            out.write(json.dumps({"id": d.get("id", str(n)), "text": d["text"]}) + "\n")
EOF

same=1
run() {  # run BUILD NAME ARGS...
  local build=$1 name=$2
  shift 2
  "$build/dipx" extract --threads 1 --no-progress "$@" > "$work/$name" 2>/dev/null || true
}
for b in ref new; do
  dir=$ref
  [ $b = new ] && dir=$new
  run "$dir" "$b.corpora" --jsonl "$work/corpora.jsonl"
  run "$dir" "$b.devset" --jsonl "$shared/devset/articles.jsonl"
  run "$dir" "$b.polnear" --jsonl "$work/polnear.jsonl"
  run "$dir" "$b.seeds" "$shared"/seeds/*.txt
done
for set in corpora devset polnear seeds; do
  if cmp -s "$work/ref.$set" "$work/new.$set"; then
    echo "output $set: identical ($(wc -l < "$work/new.$set") lines)"
  else
    echo "output $set: DIFFERENT (first difference: $(cmp "$work/ref.$set" "$work/new.$set" | head -1))"
    same=0
  fi
done

bytes=$(stat -c %s "$work/sample.jsonl")
for b in ref new; do
  dir=$ref
  [ $b = new ] && dir=$new
  valgrind --tool=callgrind --callgrind-out-file="$work/$b.cg" \
    "$dir/dipx" extract --threads 1 --no-progress --jsonl "$work/sample.jsonl" \
    > /dev/null 2> "$work/$b.cg.err"
  ir=$(grep -o 'Collected : [0-9]*' "$work/$b.cg.err" | grep -o '[0-9]*')
  echo "callgrind $b: $ir instructions, $((ir / bytes)) per byte of the $bytes-byte sample"
done
[ $same = 1 ]
