#!/usr/bin/env bash
# Repository growth of prompt-log backups (docs/design.md §15.7): Holdfast's envelope backups against restic's
# backups of the same growing JSONL log.
#
#   bench/promptlog-growth.sh PROSE_DIR WORK_DIR [DAY1_BYTES] [DAY_BYTES] [DAYS]
#
# PROSE_DIR holds *.rst prose (e.g. linux-source-6.1/Documentation); the log comes from generate_prompt_log of
# bench/harness.py (seed 1). Prints, per day, the size of both repositories and each backup's seconds. Needs restic
# on the PATH. HOLDFAST_BIN picks the holdfast launcher; HOLDFAST_PROMPTLOG_ARGS adds flags (--no-resume: every day
# envelopes the whole log, as before checkpoints). The log is synced to disk before each day's backups, and the tools
# take turns going first.
set -euo pipefail
PROSE=$1
WORK=$2
DAY1=${3:-50000000}
DAY=${4:-5000000}
DAYS=${5:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
HOLDFAST="${HOLDFAST_BIN:-$HERE/../holdfast}"
rm -rf "$WORK"
mkdir -p "$WORK/src" "$WORK/ks"
python3 - "$HERE" "$PROSE" "$WORK" "$DAY1" "$DAY" "$DAYS" <<'PY'
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import harness
ends = harness.generate_prompt_log(Path(sys.argv[2]), Path(sys.argv[3]) / "full.jsonl", int(sys.argv[4]),
                                   int(sys.argv[5]), int(sys.argv[6]), 1)
(Path(sys.argv[3]) / "ends.json").write_text(json.dumps(ends))
PY
export HOLDFAST_PASSWORD=bench RESTIC_PASSWORD=bench HOLDFAST_KEYSTORE="$WORK/ks/keystore"
"$HOLDFAST" -r "$WORK/hf" init >/dev/null
restic -r "$WORK/rs" init >/dev/null
prev_hf=0
prev_rs=0
holdfast_backup() {
    local t0 t1
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086 # HOLDFAST_PROMPTLOG_ARGS is a list of flags, e.g. --no-resume
    "$HOLDFAST" -r "$WORK/hf" -q backup --prompt-log --subject /user --timestamp /ts ${HOLDFAST_PROMPTLOG_ARGS:-} \
        "$WORK/src/prompts.jsonl"
    t1=$(date +%s.%N)
    hf_s=$(python3 -c "print(round($t1 - $t0, 1))")
}
restic_backup() {
    local t0 t1
    t0=$(date +%s.%N)
    restic -r "$WORK/rs" -q --compression auto backup "$WORK/src/prompts.jsonl"
    t1=$(date +%s.%N)
    rs_s=$(python3 -c "print(round($t1 - $t0, 1))")
}
day=0
for end in $(python3 -c "import json,sys; print(' '.join(map(str, json.load(open(sys.argv[1])))))" "$WORK/ends.json"); do
    head -c "$end" "$WORK/full.jsonl" >"$WORK/src/prompts.jsonl"
    # the new log written back first, so neither tool pays for the other's dirty pages; the tools take turns first
    sync
    day=$((day + 1))
    if [ $((day % 2)) -eq 1 ]; then
        holdfast_backup
        restic_backup
    else
        restic_backup
        holdfast_backup
    fi
    hf=$(du -sb "$WORK/hf" | cut -f1)
    rs=$(du -sb "$WORK/rs" | cut -f1)
    echo "log $end bytes: holdfast $hf (+$((hf - prev_hf))), restic $rs (+$((rs - prev_rs))), growth ratio" \
        "$(python3 -c "print(round(($hf - $prev_hf) / max(1, $rs - $prev_rs), 2))")," \
        "backup seconds $hf_s $rs_s"
    prev_hf=$hf
    prev_rs=$rs
done
