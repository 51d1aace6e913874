#!/bin/bash
# Restore speed with the model codec against without it (docs/design.md section 16.5):
#   bench/model-codec.sh CKDIR OUTDIR      # makes OUTDIR/codec and OUTDIR/plain
#   bench/codec-restore.sh OUTDIR [RUNS]   # RUNS alternating cold restores of the latest snapshot of each
# Drops the page cache before each restore (needs root), prints each run's wall time and user/system CPU, then the
# medians and their ratio (speed with the codec / speed without). Needs a built ./holdfast (or HF=/path/to/launcher).
set -eu
W=$1; N=${2:-7}
HF="${HF:-$(cd "$(dirname "$0")/.." && pwd)/holdfast}"
export HOLDFAST_PASSWORD=bench HOLDFAST_NO_BUILD=1
out=$(mktemp)
for i in $(seq "$N"); do
  for r in codec plain; do
    rm -rf "$W/restore-$r"; sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
    s=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$out.cpu" "$HF" -q -r "$W/$r" restore latest --target "$W/restore-$r" > /dev/null
    e=$(date +%s.%N)
    echo "$r $(echo "$e - $s" | bc) user_sys=$(cat "$out.cpu")" | tee -a "$out"
  done
done
rm -rf "$W"/restore-*
python3 - "$out" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, secs = line.split()[:2]
    runs.setdefault(name, []).append(float(secs))
c, p = statistics.median(runs["codec"]), statistics.median(runs["plain"])
print(f"median codec {c:.2f} s, plain {p:.2f} s: codec restore speed = {p / c:.2f} x plain")
PY
rm -f "$out" "$out.cpu"
