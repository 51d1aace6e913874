#!/bin/bash
# The model codec on the checkpoint series (docs/design.md section 16.5):
#   java bench/GenCheckpoints.java CKDIR --bytes 268435456 --seed 1
#   bench/model-codec.sh CKDIR OUTDIR
# backs up base, ft-partial-1, ft-partial-2, ft-full-1 and ft-full-2 in turn as the same path into a Holdfast
# repository with --model-codec, one without, and a restic one (--compression auto), printing the repository sizes
# after each backup; then restores the last snapshot of each (page cache dropped when root) and checks the codec
# repository with holdfast and restic check --read-data. Needs a built ./holdfast and restic.
set -u
CK=$1; W=$2
rm -rf $W; mkdir -p $W/src
export HOLDFAST_PASSWORD=bench RESTIC_PASSWORD=bench
HF="${HF:-$(cd "$(dirname "$0")/.." && pwd)/holdfast}"   # HF=/path/to/launcher to use another build
export HOLDFAST_NO_BUILD=1
size() { du -sb $1 | cut -f1; }
$HF -q -r $W/codec init --model-codec > $W/init-codec.txt
$HF -q -r $W/plain init > /dev/null
restic -q -r $W/restic init > /dev/null
for v in base ft-partial-1 ft-partial-2 ft-full-1 ft-full-2; do
  cp $CK/$v.safetensors $W/src/model.safetensors
  for r in codec plain restic; do
    s=$(date +%s.%N)
    if [ $r = restic ]; then restic -q -r $W/restic --compression auto backup $W/src > /dev/null
    else $HF -q -r $W/$r backup $W/src > /dev/null; fi
    e=$(date +%s.%N)
    echo "$v $r size=$(size $W/$r) backup_s=$(echo "$e - $s" | bc)"
  done
done
for r in codec plain; do
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null
  s=$(date +%s.%N)
  $HF -q -r $W/$r restore latest --target $W/restore-$r > /dev/null
  e=$(date +%s.%N)
  cmp $W/restore-$r$W/src/model.safetensors $CK/ft-full-2.safetensors && echo "restore $r identical restore_s=$(echo "$e - $s" | bc)"
  rm -rf $W/restore-$r
done
s=$(date +%s.%N); restic -q -r $W/restic restore latest --target $W/restore-restic >/dev/null; e=$(date +%s.%N)
echo "restore restic restore_s=$(echo "$e - $s" | bc)"; rm -rf $W/restore-restic
$HF -q -r $W/codec check --read-data && echo "holdfast check --read-data codec: ok"
restic -q -r $W/codec check --read-data && echo "restic check --read-data codec: ok"
