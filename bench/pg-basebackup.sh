#!/usr/bin/env bash
# PostgreSQL base backups (docs/sources.md), side by side with restic, page cache warm:
#   1. `holdfast pg backup` of a running ~1 GB pgbench database against `restic backup` of the same data directory
#      with the server stopped (issue 20's target: <= 1.0x), three alternating repetitions, each into a new repository;
#      pg_wal's recycled segments are left out of restic's backup too (`pg backup` stores only the WAL the backup
#      needs), so both read the same relation files;
#   2. a second base backup after 5 % of the rows (a contiguous range of pgbench_accounts) changed: bytes it stored
#      against the changed relation bytes (8 KiB pages that differ between the two data directories; target <= 1.2x).
#
#   bench/pg-basebackup.sh WORK_DIR [SCALE]     (SCALE 70 is about 1 GB; runs as root, the cluster as postgres)
set -euo pipefail
WORK=$1
SCALE=${2:-70}
HERE=$(cd "$(dirname "$0")" && pwd)
HOLDFAST=${HOLDFAST_BIN:-$HERE/../holdfast}
BIN=${HOLDFAST_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=55432
DSN="postgresql://holdfast@127.0.0.1:$PORT/postgres"
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
pgctl() { as_pg "$BIN/pg_ctl" -D "$WORK/data" -o "-p $PORT -h 127.0.0.1 -k $WORK" -l "$WORK/pg.log" -w "$@" >/dev/null; }
rm -rf "$WORK" && mkdir -p "$WORK" && chown postgres "$WORK"
as_pg "$BIN/initdb" -D "$WORK/data" -U holdfast --auth=trust --no-sync >/dev/null
pgctl start
pgbench -i -q -s "$SCALE" "$DSN" 2>/dev/null
psql -qAt "$DSN" -c CHECKPOINT
echo "data directory: $(du -sb "$WORK/data" | cut -f1) bytes, without pg_wal: $(du -sb --exclude=pg_wal "$WORK/data" | cut -f1)"
export HOLDFAST_PASSWORD=bench RESTIC_PASSWORD=bench
secs() { python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))" "$@"; }
hf_times=()
rs_times=()
for rep in 1 2 3; do
    rm -rf "$WORK/hf" "$WORK/rs"
    "$HOLDFAST" -r "$WORK/hf" init >/dev/null
    restic -r "$WORK/rs" init >/dev/null
    t0=$(date +%s.%N)
    "$HOLDFAST" -r "$WORK/hf" -q pg backup --dsn "$DSN" --checkpoint fast >/dev/null
    t1=$(date +%s.%N)
    pgctl stop
    t2=$(date +%s.%N)
    restic -r "$WORK/rs" -q --compression auto backup --exclude "$WORK/data/pg_wal/*" "$WORK/data" >/dev/null
    t3=$(date +%s.%N)
    pgctl start
    hf_times+=("$(secs "$t0" "$t1")")
    rs_times+=("$(secs "$t2" "$t3")")
    echo "rep $rep: holdfast pg backup ${hf_times[-1]} s (running server), restic backup ${rs_times[-1]} s (stopped)"
done
python3 - "${hf_times[*]}" "${rs_times[*]}" <<'PY'
import statistics, sys
h = [float(x) for x in sys.argv[1].split()]
r = [float(x) for x in sys.argv[2].split()]
print(f"base backup medians: holdfast {statistics.median(h)} s, restic {statistics.median(r)} s,"
      f" ratio {statistics.median(h) / statistics.median(r):.2f}")
PY

# second base backup after 5 % of rows changed
pgctl stop
rm -rf "$WORK/before" && cp -a "$WORK/data" "$WORK/before"
pgctl start
rows=$((SCALE * 100000))
psql -qAt "$DSN" -c "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid <= $((rows / 20))" -c CHECKPOINT
added=$("$HOLDFAST" -r "$WORK/hf" --json pg backup --dsn "$DSN" --checkpoint fast | tail -1 |
    python3 -c "import json,sys; d=json.load(sys.stdin); print(d['data_added_packed'], d['data_added'], d['total_bytes_processed'])")
pgctl stop
changed=$(python3 - "$WORK/before" "$WORK/data" <<'PY'
import os, sys
before, after = sys.argv[1], sys.argv[2]
changed = 0
for d in ("base", "global"):
    for root, _, files in os.walk(os.path.join(after, d)):
        for f in files:
            a = os.path.join(root, f)
            b = os.path.join(before, os.path.relpath(a, after))
            with open(a, "rb") as fa:
                pa = fa.read()
            pb = open(b, "rb").read() if os.path.exists(b) else b""
            for off in range(0, len(pa), 8192):
                if pa[off:off + 8192] != pb[off:off + 8192]:
                    changed += 8192
print(changed)
PY
)
read -r packed plain processed <<<"$added"
echo "second base backup after 5 % of rows changed: changed relation bytes $changed, stored $packed" \
    "(uncompressed $plain, read $processed), ratio $(python3 -c "print(round($packed / $changed, 2))")" \
    "(uncompressed $(python3 -c "print(round($plain / $changed, 2))"))"
