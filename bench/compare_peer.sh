#!/usr/bin/env bash
# Runs dipx and a peer (wink-nlp: quote pairing + proper nouns) on the same
# corpus in one run and prints both throughputs and their ratio.
# Not part of CI. Installs wink-nlp with npm into BUILD/peer when asked.
#
#   bench/compare_peer.sh [--install] [BUILD_DIR] [CORPUS.jsonl]
set -euo pipefail
install=0
if [ "${1:-}" = "--install" ]; then install=1; shift; fi
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
corpus=${2:-$root/../shared/corpora/bbc.jsonl}
peer=$build/peer
if [ $install = 1 ]; then
  mkdir -p "$peer"
  (cd "$peer" && npm init -y >/dev/null && npm install --no-audit --no-fund wink-nlp wink-eng-lite-web-model >/dev/null)
fi
if [ ! -d "$peer/node_modules/wink-nlp" ]; then
  echo "wink-nlp is not installed; run: $0 --install $build $corpus" >&2
  exit 2
fi
cp "$root/bench/peer/wink_quotes.js" "$peer/"
bytes=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1]) if l.strip()))' "$corpus")
start=$(date +%s.%N)
"$build/dipx" extract --jsonl --threads 1 --no-progress "$corpus" > /dev/null
end=$(date +%s.%N)
dipx_s=$(echo "$end - $start" | bc -l)
read -r n peer_bytes peer_s quotes propn < <(node "$peer/wink_quotes.js" "$corpus")
dipx_mbs=$(echo "$bytes / $dipx_s / 1000000" | bc -l)
peer_mbs=$(echo "$peer_bytes / $peer_s / 1000000" | bc -l)
printf 'corpus: %s (%d articles, %.1f MB of text)\n' "$(basename "$corpus")" "$n" "$(echo "$bytes/1000000" | bc -l)"
printf 'dipx (full pipeline + JSON, 1 thread, incl. parsing JSONL): %8.2f MB/s\n' "$dipx_mbs"
printf 'wink-nlp (tokenise + quotes + POS, 1 thread, text only):   %8.2f MB/s  (%d quote pairs, %d proper nouns)\n' "$peer_mbs" "$quotes" "$propn"
printf 'ratio dipx / wink-nlp: %.1fx\n' "$(echo "$dipx_mbs / $peer_mbs" | bc -l)"
