#!/usr/bin/env bash
# Erasure of one subject in a one-million-record prompt log (issue: "completes in under 1 second").
#
#   bench/erase-scale.sh WORK_DIR [RECORDS] [SUBJECTS]
#
# Generates a JSONL log of RECORDS short records (default 1,000,000) spread over SUBJECTS subjects (default 10,000)
# with a fixed seed, backs it up with --prompt-log, erases one subject, and prints the time of the erasure itself
# (as `holdfast erase` reports it) and of the whole command (JVM start, key store and repository opening included).
# Then restores the snapshot and checks that exactly the erased subject's records are gone.
set -euo pipefail
WORK=$1
RECORDS=${2:-1000000}
SUBJECTS=${3:-10000}
HERE=$(cd "$(dirname "$0")" && pwd)
HOLDFAST="$HERE/../holdfast"
rm -rf "$WORK"
mkdir -p "$WORK/src" "$WORK/ks"
python3 - "$WORK/src/prompts.jsonl" "$RECORDS" "$SUBJECTS" <<'PY'
import json, random, sys
out, records, subjects = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
words = "the model answered a question about training data backup restore tensor shard epoch prompt".split()
with open(out, "w") as f:
    for n in range(records):
        rec = {"id": n, "user": f"user-{rng.randrange(subjects):06d}", "ts": f"2026-01-01T00:00:{n % 60:02d}Z",
               "prompt": " ".join(rng.choice(words) for _ in range(8)),
               "response": " ".join(rng.choice(words) for _ in range(12))}
        f.write(json.dumps(rec, separators=(",", ":")) + "\n")
PY
export HOLDFAST_PASSWORD=bench HOLDFAST_KEYSTORE="$WORK/ks/keystore"
"$HOLDFAST" -r "$WORK/repo" -q init >/dev/null
/usr/bin/time -f "backup of $RECORDS records: %e s wall, %M KiB peak RSS" \
    "$HOLDFAST" -r "$WORK/repo" -q backup --prompt-log --subject /user --timestamp /ts "$WORK/src/prompts.jsonl"
victim=user-000042
expected=$(grep -c "\"user\":\"$victim\"" "$WORK/src/prompts.jsonl" || true)
start=$(date +%s.%N)
report=$("$HOLDFAST" -r "$WORK/repo" erase "$victim" --reason "bench erase-scale" --operator bench)
end=$(date +%s.%N)
echo "$report" | head -n 1
echo "erase command wall time: $(python3 -c "print(round($end - $start, 3))") s (JVM start, key store and repository opening included)"
"$HOLDFAST" -r "$WORK/repo" -q restore latest --target "$WORK/restored"
restored=$(find "$WORK/restored" -name prompts.jsonl)
lines_in=$(wc -l <"$WORK/src/prompts.jsonl")
lines_out=$(wc -l <"$restored")
left=$(grep -c "\"user\":\"$victim\"" "$restored" || true)
echo "records: $lines_in backed up, $expected of $victim, $lines_out restored after erasure, $left of $victim left"
grep -v "\"user\":\"$victim\"" "$WORK/src/prompts.jsonl" | cmp -s - "$restored" \
    && echo "every other record restored byte-identical" \
    || { echo "restored log differs from the source without $victim" >&2; exit 1; }
