#!/usr/bin/env bash
# End-to-end `strata ingest` throughput and peak memory on generated text/Markdown/HTML corpora of
# growing size (DESIGN §5; issue 3): peak RSS must stay flat as the corpus grows.
#
# Usage: bench/ingest_corpus.sh [BUILD_DIR]     Env: SIZES_MB ("100 250 500"), OUT (/tmp/strata-ingest-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SIZES=${SIZES_MB:-100 250 500}
OUT=${OUT:-/tmp/strata-ingest-bench}
mkdir -p "$OUT"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GB RAM"

# Deterministic corpus: files of ~64 KiB, a third each Markdown, HTML and text, with varied words
# (so that documents are not near-duplicates of each other).
make_corpus() {  # DIR MB
  python3 - "$1" "$2" <<'PY'
import os, random, sys
out, mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
words = [''.join(rng.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rng.randint(2, 11)))
         for _ in range(20000)]
def para(n):
    return ' '.join(rng.choice(words) for _ in range(n)).capitalize() + '.'
os.makedirs(out, exist_ok=True)
total, i = 0, 0
while total < mb << 20:
    kind = i % 3
    parts = []
    for s in range(8):
        body = '\n\n'.join(para(rng.randint(40, 120)) for _ in range(6))
        if kind == 0: parts.append(f'## Section {s}\n\n{body}')
        elif kind == 1: parts.append(f'<h2>Section {s}</h2>' + ''.join(f'<p>{p}</p>' for p in body.split('\n\n')))
        else: parts.append(body)
    text = '\n\n'.join(parts)
    name = ['md', 'html', 'txt'][kind]
    if kind == 1: text = f'<html><head><title>Doc {i}</title></head><body><nav>menu</nav>{text}<footer>c</footer></body></html>'
    if kind == 0: text = f'# Doc {i}\n\n' + text
    sub = os.path.join(out, f'{i // 500:04d}')
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f'doc{i}.{name}'), 'w') as f: f.write(text)
    total += len(text); i += 1
print(i, total)
PY
}

printf '%-8s %-8s %-10s %-10s %-10s %-12s\n' size_mb files seconds MB_per_s peak_rss_mb chunks
for mb in $SIZES; do
  corpus="$OUT/corpus-$mb"
  [ -d "$corpus" ] || make_corpus "$corpus" "$mb" >/dev/null
  rm -rf "$OUT/ws-$mb"
  /usr/bin/time -f '%M %e' -o "$OUT/time-$mb" "$BUILD/strata" ingest "$corpus" -w "$OUT/ws-$mb" \
    --json > "$OUT/summary-$mb.json"
  read -r rss secs < "$OUT/time-$mb"
  python3 - "$OUT/summary-$mb.json" "$mb" "$rss" "$secs" "$(find "$corpus" -type f | wc -l)" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); mb = int(sys.argv[2]); rss = int(sys.argv[3]) / 1024; secs = float(sys.argv[4])
print(f'{mb:<8} {sys.argv[5]:<8} {secs:<10.1f} {s["bytes"] / 2**20 / secs:<10.1f} {rss:<10.0f} {s["chunks"]:<12}')
PY
done
