#!/usr/bin/env python3
"""S3 throughput, Holdfast and restic side by side (issue 17's targets; docs/benchmarks.md "S3 throughput").

    java bench/GenCheckpoints.java CKDIR --bytes 1073741824 --seed 1
    python3 bench/s3-throughput.py CKDIR OUTDIR [--reps 3] [--modes warm,cold]

Starts S3Proxy (holdfast-s3/target/s3proxy/s3proxy.jar, built by ./mvnw install) on a loopback port, objects kept
in OUTDIR/s3store on disk, and times, for Holdfast and restic each on a local directory and on the S3 server, in one
run with the tools' order rotated every repetition: the initial backup of the checkpoints dataset's first version
(base.safetensors), the backup of its second (ft-partial-1 added) and the full restore of the second. In the cold
mode the page cache is dropped before each step (root only); in both, dirty pages are written back first. Prints medians and the ratios the issue sets:
Holdfast on S3 / Holdfast local (target <= 1.3) and Holdfast on S3 / restic on S3 (target <= 0.8).
"""
import argparse
import filecmp
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ["holdfast-local", "holdfast-s3", "restic-local", "restic-s3"]
STEPS = ["backup-v1", "backup-v2", "restore"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_s3proxy(work, java):
    jar = ROOT / "holdfast-s3/target/s3proxy/s3proxy.jar"
    if not jar.is_file():
        sys.exit(f"{jar} is missing: run ./mvnw -DskipTests install first")
    port = free_port()
    store = work / "s3store"
    store.mkdir(parents=True, exist_ok=True)
    conf = work / "s3proxy.conf"
    conf.write_text("\n".join([
        f"s3proxy.endpoint=http://127.0.0.1:{port}",
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=bench", "s3proxy.credential=bench-secret",
        "jclouds.provider=filesystem-nio2", f"jclouds.filesystem.basedir={store}",
        "jclouds.identity=bench", "jclouds.credential=bench-secret", ""]))
    log = open(work / "s3proxy.log", "ab")
    p = subprocess.Popen([java, "-Xmx1g", "-jar", str(jar), "--properties", str(conf)], stdout=log, stderr=log)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return p, port
        except OSError:
            time.sleep(0.1)
    p.kill()
    sys.exit("S3Proxy did not start; see " + str(work / "s3proxy.log"))


def drop_caches():
    subprocess.run(["sync"])
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ckdir", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--modes", default="warm,cold")
    ap.add_argument("--java", default=os.environ.get("HOLDFAST_BENCH_JAVA", "java"))
    a = ap.parse_args()
    work = a.out.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    hf = os.environ.get("HF", str(ROOT / "holdfast"))
    proxy, port = start_s3proxy(work, a.java)
    env = dict(os.environ, HOLDFAST_PASSWORD="bench", RESTIC_PASSWORD="bench", HOLDFAST_NO_BUILD="1",
               AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench-secret", AWS_DEFAULT_REGION="us-east-1")
    src = work / "src"
    rows = []
    try:
        modes = [m for m in a.modes.split(",") if m]
        for mode in modes:
            if mode == "cold" and not drop_caches():
                print("cold mode needs root (writes /proc/sys/vm/drop_caches); skipped", file=sys.stderr)
                continue
            for rep in range(a.reps):
                order = TOOLS[rep % len(TOOLS):] + TOOLS[:rep % len(TOOLS)]
                for tool in order:
                    name = f"{mode}-{rep}-{tool}"
                    repo = (f"s3:http://127.0.0.1:{port}/bench-{name}".lower() if tool.endswith("-s3")
                            else str(work / "repos" / name))
                    restic = tool.startswith("restic")
                    base = ["restic", "-q", "-r", repo] if restic else [hf, "-q", "-r", repo]
                    subprocess.run(base + ["init"], env=env, check=True, stdout=subprocess.DEVNULL)
                    shutil.rmtree(src, ignore_errors=True)
                    src.mkdir()
                    for step in STEPS:
                        if step == "backup-v1":
                            shutil.copy(a.ckdir / "base.safetensors", src)
                        elif step == "backup-v2":
                            shutil.copy(a.ckdir / "ft-partial-1.safetensors", src)
                        target = work / "restore"
                        shutil.rmtree(target, ignore_errors=True)
                        argv = base + (["backup", str(src)] if step.startswith("backup")
                                       else ["restore", "latest", "--target", str(target)])
                        if mode == "cold":
                            drop_caches()
                        else:
                            subprocess.run(["sync"])  # no step pays for the write-back of the one before
                        t = time.monotonic()
                        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
                        seconds = time.monotonic() - t
                        rows.append((mode, rep, tool, step, seconds))
                        print(f"{mode} rep {rep} {tool:15} {step:10} {seconds:7.2f} s", flush=True)
                        if step == "restore" and rep == 0:
                            restored = target / str(src).lstrip("/")
                            for f in ("base.safetensors", "ft-partial-1.safetensors"):
                                if not filecmp.cmp(src / f, restored / f, shallow=False):
                                    sys.exit(f"{tool}: restored {f} differs")
                    shutil.rmtree(work / "restore", ignore_errors=True)
                    if not tool.endswith("-s3"):
                        shutil.rmtree(repo, ignore_errors=True)
    finally:
        proxy.kill()
    med = {}
    for (mode, tool, step) in {(r[0], r[2], r[3]) for r in rows}:
        med[mode, tool, step] = statistics.median(r[4] for r in rows if r[:1] == (mode,) and r[2] == tool and r[3] == step)
    lines = ["| mode | step | " + " | ".join(TOOLS) + " | Holdfast S3 ÷ local (≤ 1.3) | Holdfast S3 ÷ restic S3 (≤ 0.8) |",
             "|---|---|" + "---:|" * (len(TOOLS) + 2)]
    for mode in sorted({k[0] for k in med}, key=lambda m: ["warm", "cold"].index(m)):
        for step in STEPS:
            v = [med.get((mode, t, step)) for t in TOOLS]
            r1 = med[mode, "holdfast-s3", step] / med[mode, "holdfast-local", step]
            r2 = med[mode, "holdfast-s3", step] / med[mode, "restic-s3", step]
            lines.append(f"| {mode} | {step} | " + " | ".join(f"{x:.2f} s" for x in v) + f" | {r1:.2f} | {r2:.2f} |")
    table = "\n".join(lines)
    (work / "results.md").write_text(table + "\n")
    with open(work / "results.csv", "w") as f:
        f.write("mode,rep,tool,step,seconds\n")
        for r in rows:
            f.write(",".join(str(x) for x in r[:4]) + f",{r[4]:.3f}\n")
    print(table)


if __name__ == "__main__":
    main()
