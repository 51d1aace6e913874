#!/bin/bash
# Repository growth over a checkpoint series: Holdfast (tensor-aligned chunking, the default), Holdfast
# --no-model-chunking, and restic --compression auto (design.md §15.5).
#   java bench/GenCheckpoints.java CKPT_DIR --bytes 1073741824 --seed 1
#   bench/model-chunking.sh CKPT_DIR OUT_DIR      (needs holdfast-cli/target/holdfast-cli.jar, restic, python3)
set -euo pipefail
CK=$1; OUT=$2; ROOT=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$OUT"; mkdir -p "$OUT/src"
JAVA=${JAVA:-java}
HF="$JAVA --enable-native-access=ALL-UNNAMED -cp $ROOT/holdfast-cli/target/holdfast-cli.jar io.holdfast.cli.Main"
export HOLDFAST_PASSWORD=bench RESTIC_PASSWORD=bench
$HF -r "$OUT/hf" init -q >/dev/null; $HF -r "$OUT/hfplain" init -q >/dev/null; restic -r "$OUT/rs" init -q >/dev/null
size() { du -sb "$1" | cut -f1; }
# bytes of the tensors whose content differs between two safetensors files
changed() {
  python3 - "$1" "$2" <<'PY'
import hashlib, json, struct, sys
def tensors(p):
    f = open(p, 'rb'); n = struct.unpack('<Q', f.read(8))[0]; h = json.loads(f.read(n)); out = {}
    for k, v in h.items():
        if k != '__metadata__':
            b, e = v['data_offsets']; f.seek(8 + n + b); out[k] = (e - b, hashlib.sha256(f.read(e - b)).digest())
    return out
a, b = tensors(sys.argv[1]), tensors(sys.argv[2])
print(sum(l for k, (l, d) in b.items() if a.get(k, (0, None))[1] != d))
PY
}
prev=""
printf "%-14s %14s %14s %14s %14s %8s\n" variant changed_bytes holdfast hf_no_model restic hf/chg
for v in base ft-partial-1 ft-partial-2 ft-full-1 ft-full-2; do
  cp "$CK/$v.safetensors" "$OUT/src/model.safetensors"
  if [ -n "$prev" ]; then ch=$(changed "$CK/$prev.safetensors" "$CK/$v.safetensors"); else ch=$(stat -c %s "$CK/$v.safetensors"); fi
  a0=$(size "$OUT/hf"); b0=$(size "$OUT/hfplain"); c0=$(size "$OUT/rs")
  $HF -r "$OUT/hf" backup -q "$OUT/src" >/dev/null
  $HF -r "$OUT/hfplain" backup -q --no-model-chunking "$OUT/src" >/dev/null
  restic -r "$OUT/rs" backup -q --compression auto "$OUT/src" >/dev/null
  a=$(( $(size "$OUT/hf") - a0 )); b=$(( $(size "$OUT/hfplain") - b0 )); c=$(( $(size "$OUT/rs") - c0 ))
  printf "%-14s %14d %14d %14d %14d %8.4f\n" "$v" "$ch" "$a" "$b" "$c" "$(echo "$a/$ch" | bc -l)"
  prev=$v
done
