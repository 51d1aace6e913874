#!/usr/bin/env bash
# Backs up one large random file (default 4 GiB) with Holdfast and with restic and reports wall time, CPU use and
# peak RSS of each: a multi-GB checkpoint must keep more than one core busy (target: > 150% CPU on 2 cores).
#
#   bench/big-file-cpu.sh [SIZE_GIB] [WORK_DIR]
#
# Exits 1 if Holdfast used 150% CPU or less.
set -euo pipefail
size_gib=${1:-4}
work=${2:-$(cd "$(dirname "$0")" && pwd)/work/big-file}
root=$(cd "$(dirname "$0")/.." && pwd)
command -v restic >/dev/null || { echo "restic missing: apt-get install restic" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time" >&2; exit 1; }
mkdir -p "$work/src"
file="$work/src/checkpoint.bin"
if [ ! -f "$file" ] || [ "$(stat -c %s "$file")" -ne $((size_gib << 30)) ]; then
  echo "generating $size_gib GiB of random data in $file" >&2
  head -c "$((size_gib << 30))" /dev/urandom > "$file"
fi
export HOLDFAST_PASSWORD=bench RESTIC_PASSWORD=bench
rm -rf "$work/holdfast-repo" "$work/restic-repo"
"$root/holdfast" -r "$work/holdfast-repo" init >/dev/null
restic -r "$work/restic-repo" init -q
cat "$file" > /dev/null # same page-cache state for both
measure() { /usr/bin/time -f "%e %P %M" "$@" 2>&1 >/dev/null | tail -n 1; }
hf=$(measure "$root/holdfast" -r "$work/holdfast-repo" backup -q "$work/src")
rs=$(measure restic -r "$work/restic-repo" backup -q "$work/src")
printf '%-9s %8s %6s %12s\n' tool wall_s cpu peak_rss_kb
printf '%-9s %8s %6s %12s\n' holdfast $hf
printf '%-9s %8s %6s %12s\n' restic $rs
cpu=$(echo "$hf" | awk '{print $2}' | tr -d '%')
if [ "$cpu" -le 150 ]; then
  echo "FAIL: Holdfast used ${cpu}% CPU, target > 150%" >&2
  exit 1
fi
echo "ok: Holdfast used ${cpu}% CPU"
