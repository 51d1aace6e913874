#!/usr/bin/env python3
"""Side-by-side benchmark of Holdfast, restic and borg. Run it through bench/run.sh, which installs the tools first.

Standard library only (matplotlib, if importable, draws the chart). See bench/README.md for what it measures and how.
"""

import argparse
import csv
import datetime
import hashlib
import json
import os
import platform
import random
import re
import shutil
import stat
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
MANIFEST = BENCH / "datasets.json"
# the release's launcher in the image the build makes (run.sh builds it first through ./holdfast): what a user who
# installed the archive runs, AOT cache included
HOLDFAST = ROOT / "holdfast-cli" / "target" / "image" / "bin" / "holdfast"
CLI_JAR = ROOT / "holdfast-cli" / "target" / "holdfast-cli.jar"
JMH_JAR = ROOT / "holdfast-bench" / "target" / "benchmarks.jar"
PASSWORD = "holdfast-bench-password"
TOOLS = ["holdfast", "restic", "borg"]
TOOL_NAMES = {"holdfast": "Holdfast", "restic": "restic", "borg": "borg"}
DATASETS = ["smallfiles", "models", "checkpoints", "promptlogs"]
MIB = 1024 * 1024

CSV_FIELDS = [
    "run_id", "mode", "rep", "position", "tool", "dataset", "step", "version", "wall_s", "user_s", "sys_s", "cpu_s",
    "max_rss_kib", "repo_bytes", "repo_growth_bytes", "cache_bytes", "input_files", "input_bytes", "exit_code",
    "verified", "page_cache_dropped", "started_at", "data_growth_bytes", "atimes_changed",
]
STARTUP_FIELDS = [
    "run_id", "mode", "rep", "position", "tool", "command", "snapshots", "wall_s", "user_s", "sys_s", "cpu_s",
    "max_rss_kib", "exit_code", "started_at",
]


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def die(msg):
    print(f"bench: {msg}", file=sys.stderr)
    sys.exit(1)


def sh(argv, **kw):
    """Runs a command that must succeed (not timed)."""
    r = subprocess.run([str(a) for a in argv], **kw)
    if r.returncode != 0:
        die(f"command failed ({r.returncode}): {' '.join(str(a) for a in argv)}")
    return r


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def du_bytes(path):
    if not path.exists():
        return 0
    r = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True)
    return int(r.stdout.split()[0]) if r.returncode == 0 and r.stdout else 0


def tree_size(path):
    """(regular files, their bytes) under path, symbolic links not followed."""
    files = size = 0
    for dirpath, _dirs, names in os.walk(path):
        for n in names:
            st = os.lstat(os.path.join(dirpath, n))
            if not os.path.islink(os.path.join(dirpath, n)):
                files += 1
                size += st.st_size
    return files, size


def age_atimes(path):
    """Sets every non-symlink's atime one second before its mtime, so that any later read through a relatime mount
    updates it. Done once, right after the first version is staged: the ctime this changes only matters to
    incremental backups, and none has run on that tree yet."""
    for p in [path] + [Path(d) / n for d, dirs, names in os.walk(path) for n in dirs + names]:
        st = os.lstat(p)
        if not stat.S_ISLNK(st.st_mode):
            os.utime(p, ns=(st.st_mtime_ns - 1_000_000_000, st.st_mtime_ns), follow_symlinks=False)


def atimes(path):
    """Access times of every file and directory below path (symlinks left out: readlink(2) always sets theirs)."""
    out = {}
    for p in [path] + [Path(d) / n for d, dirs, names in os.walk(path) for n in dirs + names]:
        st = os.lstat(p)
        if not stat.S_ISLNK(st.st_mode):
            out[p] = st.st_atime_ns
    return out


def rmtree(path):
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


# ---------------------------------------------------------------------------------------------------------------------
# Sources: pinned packages, fetched into the cache and checked against the sha256 in the manifest


class Sources:
    def __init__(self, manifest, work, record_hashes):
        self.sources = manifest["sources"]
        self.cache = work / "cache"
        self.src = work / "src"
        self.record_hashes = record_hashes
        self.apt_updated = False

    def fetch(self, sid):
        s = self.sources[sid]
        self.cache.mkdir(parents=True, exist_ok=True)
        path = self.cache / s["file"]
        if not path.exists():
            log(f"fetching {s['package']} {s['version']} ({s['type']})")
            if s["type"] == "deb":
                r = subprocess.run(["apt-get", "download", "-q", f"{s['package']}={s['version']}"], cwd=self.cache)
                if r.returncode != 0 and not self.apt_updated:
                    self.apt_updated = True
                    subprocess.run(as_root(["apt-get", "update", "-qq"]))
                    r = subprocess.run(["apt-get", "download", "-q", f"{s['package']}={s['version']}"], cwd=self.cache)
            elif s["type"] == "npm":
                r = subprocess.run(["npm", "pack", "--silent", f"{s['package']}@{s['version']}",
                                    "--pack-destination", str(self.cache)], stdout=subprocess.DEVNULL)
            else:
                die(f"unknown source type {s['type']}")
            if r.returncode != 0 or not path.exists():
                die(f"could not fetch {s['package']} {s['version']} (expected {path})")
        digest = sha256_file(path)
        if not s.get("sha256"):
            if not self.record_hashes:
                die(f"{sid}: no sha256 in {MANIFEST.name}; run with --record-hashes to record {digest}")
            s["sha256"] = digest
            s["size"] = path.stat().st_size
            return path
        if digest != s["sha256"]:
            bad = path.with_name(path.name + ".bad")
            path.replace(bad)
            die(f"{path.name}: sha256 {digest}, the manifest pins {s['sha256']}; moved aside to {bad}")
        return path

    def unpacked(self, sid):
        """The directory holding the unpacked source, unpacking it on first use."""
        final = self.src / sid
        done = self.src / f"{sid}.complete"
        if done.exists() and final.is_dir():
            return final
        pkg = self.fetch(sid)
        s = self.sources[sid]
        log(f"unpacking {pkg.name}")
        tmp = self.src / f"{sid}.tmp"
        rmtree(tmp)
        rmtree(final)
        tmp.mkdir(parents=True)
        if s["type"] == "deb":
            sh(["dpkg-deb", "-x", pkg, tmp])
            if s.get("tarball"):
                inner = tmp / s["tarball"]
                tree = self.src / f"{sid}.tree"
                rmtree(tree)
                tree.mkdir()
                sh(["tar", "-xJf", inner, "-C", tree])
                rmtree(tmp)
                tmp = tree
        else:
            sh(["tar", "-xzf", pkg, "-C", tmp])
        tmp.rename(final)
        done.write_text(s["sha256"] + "\n")
        return final


def as_root(argv):
    if os.geteuid() == 0:
        return argv
    return ["sudo", "-n"] + argv


# ---------------------------------------------------------------------------------------------------------------------
# Datasets: each is a list of versions; a version maps paths in the staging directory to what goes there


class Datasets:
    def __init__(self, manifest, sources, work, mode, java):
        self.defs = manifest["datasets"]
        self.sources = sources
        self.gen = work / "gen" / mode
        self.mode = mode
        self.java = java
        self.generated = {}

    def describe(self, name):
        return self.defs[name]["description"]

    def versions(self, name):
        """A list of versions; each a dict: staging path -> ("path", Path) or ("prefix", Path, length)."""
        d = self.defs[name]
        if "generator" in d:
            return getattr(self, "_gen_" + d["generator"])(d[self.mode])
        out = []
        for version in d[self.mode]:
            m = {}
            for rel, spec in version.items():
                sid, _, sub = spec.partition(":")
                p = self.sources.unpacked(sid) / sub
                if not p.exists() and not p.is_symlink():
                    die(f"dataset {name}: {spec} does not exist ({p})")
                m[rel] = ("path", p)
            out.append(m)
        return out

    def _gen_checkpoints(self, params):
        out = self.gen / "checkpoints"
        names = ["base", "ft-partial-1", "ft-partial-2", "ft-full-1", "ft-full-2"]
        stamp = out / f"complete-{params['bytes']}-{params['seed']}"
        if not stamp.exists():
            log(f"generating checkpoints ({params['bytes']} bytes each, seed {params['seed']})")
            rmtree(out)
            sh([self.java, BENCH / "GenCheckpoints.java", out, "--bytes", params["bytes"], "--seed", params["seed"]])
            stamp.write_text("")
        self.generated["checkpoints"] = {n: sha256_file(out / f"{n}.safetensors") for n in names}
        files = [(f"{n}.safetensors", ("path", out / f"{n}.safetensors")) for n in names]
        return [dict(files[: k + 1]) for k in range(len(files))]

    def _gen_promptlogs(self, params):
        out = self.gen / "promptlogs"
        log_file = out / "prompts.jsonl"
        meta = out / "days.json"
        key = json.dumps(params, sort_keys=True)
        if not (meta.exists() and json.loads(meta.read_text()).get("params") == key):
            src_id, _, sub = params["prose"].partition(":")
            prose = self.sources.unpacked(src_id) / sub
            log(f"generating prompt logs from {prose}")
            rmtree(out)
            out.mkdir(parents=True)
            ends = generate_prompt_log(prose, log_file, params["day1_bytes"], params["day_bytes"], params["days"],
                                       params["seed"])
            meta.write_text(json.dumps({"params": key, "ends": ends}))
        ends = json.loads(meta.read_text())["ends"]
        self.generated["promptlogs"] = {"prompts.jsonl": sha256_file(log_file), "day_ends": ends}
        return [{"prompts.jsonl": ("prefix", log_file, end)} for end in ends]


def prose_paragraphs(root):
    """Paragraphs of plain prose from reStructuredText files (markup, tables and code left out), in path order."""
    paras = []
    for path in sorted(root.rglob("*.rst"), key=lambda p: str(p).encode()):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for block in re.split(r"\n\s*\n", text):
            lines = [ln.strip() for ln in block.splitlines()]
            if not lines or any(ln.startswith(("..", "::", "|", "+-", "===", "---", "***", "~~~", "^^^", "*", "-"))
                                for ln in lines):
                continue
            para = " ".join(lines)
            if len(para) >= 80 and para.count(" ") >= 10 and "::" not in para[-3:]:
                paras.append(para)
    if not paras:
        die(f"no prose found under {root}")
    return paras


def generate_prompt_log(prose_root, out, day1_bytes, day_bytes, days, seed):
    """Writes a JSONL prompt/response log: day 1 of day1_bytes, then day_bytes more per day. Returns each day's end."""
    paras = prose_paragraphs(prose_root)
    rng = random.Random(seed)
    models = ["holdfast-chat-7b", "holdfast-chat-13b", "holdfast-instruct-70b", "holdfast-code-34b"]
    users = [f"user-{i:05d}" for i in range(2000)]
    ends = []
    n = 0
    with open(out, "wb") as f:
        size = 0
        for day in range(days):
            limit = day1_bytes + day * day_bytes
            t = datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(days=day)
            while True:
                t += datetime.timedelta(milliseconds=rng.randrange(50, 4000))
                i = rng.randrange(len(paras))
                prompt = " ".join(paras[i : i + rng.randint(1, 2)])
                j = rng.randrange(len(paras))
                response = " ".join(paras[j : j + rng.randint(1, 5)])
                rec = {
                    "id": f"req-{n:09d}",
                    "ts": t.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                    "user": rng.choice(users),
                    "session": f"{rng.getrandbits(64):016x}",
                    "model": rng.choice(models),
                    "temperature": rng.choice([0.0, 0.2, 0.7, 1.0]),
                    "prompt": prompt,
                    "response": response,
                    "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": len(response) // 4},
                    "latency_ms": rng.randrange(80, 20000),
                    "feedback": rng.choice([None, None, None, "up", "down"]),
                }
                line = (json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
                if size + len(line) > limit:
                    break
                f.write(line)
                size += len(line)
                n += 1
            ends.append(size)
    return ends


def stage(version, root):
    """Makes root hold exactly this version, changing files in place (inodes of unchanged files are kept)."""
    root.mkdir(parents=True, exist_ok=True)
    keep = set()
    for rel in version:
        parts = Path(rel).parts
        for i in range(1, len(parts)):
            keep.add(Path(*parts[:i]))
    # remove what this version does not have
    for dirpath, dirs, names in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        for n in list(dirs) + names:
            rel = rel_dir / n
            if str(rel) in version:
                if n in dirs:
                    dirs.remove(n)
            elif rel in keep:
                continue
            else:
                rmtree(root / rel)
                if n in dirs:
                    dirs.remove(n)
    for rel, spec in sorted(version.items()):
        dst = root / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if spec[0] == "path":
            src = spec[1]
            if src.is_dir() and not src.is_symlink():
                dst.mkdir(exist_ok=True)
                sh(["rsync", "-a", "--delete", "--inplace", "--checksum", f"{src}/", f"{dst}/"])
            else:
                sh(["rsync", "-a", "--inplace", "--checksum", src, dst])
        else:  # ("prefix", src, length): an append-only log, grown or cut in place
            _, src, length = spec
            stage_prefix(src, length, dst)


def stage_prefix(src, length, dst):
    have = dst.stat().st_size if dst.exists() else -1
    same_prefix = False
    if 0 <= have:
        n = min(have, length)
        with open(src, "rb") as a, open(dst, "rb") as b:
            same_prefix = hashlib.sha256(a.read(n)).digest() == hashlib.sha256(b.read(n)).digest()
    if same_prefix and have >= length:
        os.truncate(dst, length)
        return
    if not same_prefix:
        dst.write_bytes(b"")
        have = 0
    with open(src, "rb") as a, open(dst, "ab") as b:
        a.seek(have)
        left = length - have
        while left > 0:
            block = a.read(min(left, 1 << 20))
            b.write(block)
            left -= len(block)


# ---------------------------------------------------------------------------------------------------------------------
# Tools


class Tool:
    """How to run one tool's steps; one instance per (tool, dataset, repetition)."""

    def __init__(self, name, work, tag, rep=1):
        self.name = name
        base = work / "repos" / f"{name}-{tag}"
        self.repo = base / "repo"
        self.cache = base / "cache"
        # one restore target per repetition: a tree of many files is kept to the end of the run (see run_end_to_end)
        self.restore_target = work / "restore" / f"{name}-{tag}-r{rep}"
        self.archives = 0
        rmtree(base)
        base.mkdir(parents=True)

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("RESTIC_", "HOLDFAST_", "BORG_"))}
        if self.name == "holdfast":
            env["HOLDFAST_PASSWORD"] = PASSWORD
            env["HOLDFAST_NO_BUILD"] = "1"
        elif self.name == "restic":
            env["RESTIC_PASSWORD"] = PASSWORD
        else:
            env["BORG_PASSPHRASE"] = PASSWORD
            env["BORG_BASE_DIR"] = str(self.cache)
            env["BORG_RELOCATED_REPO_ACCESS_IS_OK"] = "yes"
            env["BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK"] = "no"
        return env

    def command(self, step, path=None):
        """(argv, cwd) of a step: init, backup PATH, restore, check, forget (all but the last snapshot), prune,
        snapshots, version."""
        repo = str(self.repo)
        if self.name == "holdfast":
            base = [str(HOLDFAST), "-r", repo, "-q"]
            return {
                "init": (base + ["init"], None),
                "backup": (base + ["backup", "--host", "bench", str(path)], None),
                "restore": (base + ["restore", "latest", "--target", str(self.restore_target)], None),
                "check": (base + ["check", "--read-data"], None),
                "forget": (base + ["forget", "--keep-last", "1"], None),
                "prune": (base + ["prune"], None),
                "snapshots": ([str(HOLDFAST), "-r", repo, "snapshots"], None),
                "version": ([str(HOLDFAST), "version"], None),
            }[step]
        if self.name == "restic":
            base = ["restic", "-r", repo, "--cache-dir", str(self.cache), "-q"]
            return {
                "init": (base + ["init", "--repository-version", "2"], None),
                "backup": (base + ["--compression", "auto", "backup", "--host", "bench", str(path)], None),
                "restore": (base + ["restore", "latest", "--target", str(self.restore_target)], None),
                "check": (base + ["check", "--read-data"], None),
                "forget": (base + ["forget", "--keep-last", "1"], None),
                "prune": (base + ["prune"], None),
                "snapshots": (["restic", "-r", repo, "--cache-dir", str(self.cache), "snapshots"], None),
                "version": (["restic", "version"], None),
            }[step]
        if step == "backup":
            self.archives += 1
        archive = f"{repo}::a{self.archives}"
        return {
            "init": (["borg", "init", "--encryption", "repokey", repo], None),
            "backup": (["borg", "create", "--compression", "zstd,3", archive, str(path)], None),
            "restore": (["borg", "extract", archive], str(self.restore_target)),
            "check": (["borg", "check", "--verify-data", repo], None),
            "forget": (["borg", "prune", "--keep-last", "1", repo], None),
            "prune": (["borg", "compact", repo], None),
            "snapshots": (["borg", "list", repo], None),
            "version": (["borg", "--version"], None),
        }[step]

    def restored_path(self, path):
        return self.restore_target / str(path).lstrip("/")

    def cleanup(self):
        rmtree(self.repo.parent)


def tool_version(name):
    if name == "holdfast":
        argv = [str(HOLDFAST), "version"]
    elif name == "restic":
        argv = ["restic", "version"]
    else:
        argv = ["borg", "--version"]
    r = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, "HOLDFAST_NO_BUILD": "1"})
    return (r.stdout.strip().splitlines() or ["?"])[0]


class Timer:
    """Runs commands under /usr/bin/time -v; drops the page cache first when asked and allowed."""

    def __init__(self, work, drop_caches):
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.drop_wanted = drop_caches
        self.drop_works = None
        self.count = 0

    def drop(self):
        if not self.drop_wanted:
            return "skipped"
        os.sync()
        try:
            with open("/proc/sys/vm/drop_caches", "w") as f:
                f.write("3\n")
            self.drop_works = True
            return "yes"
        except OSError:
            self.drop_works = False
            return "failed"

    def run(self, argv, env, cwd, label):
        self.count += 1
        logfile = self.logs / f"{self.count:05d}-{label}.log"
        timefile = self.logs / f"{self.count:05d}-{label}.time"
        os.sync()  # the previous step's dirty pages are not this step's work
        dropped = self.drop()
        started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        with open(logfile, "wb") as out:
            out.write((" ".join(argv) + "\n").encode())
            out.flush()
            t0 = time.perf_counter()
            r = subprocess.run(["/usr/bin/time", "-v", "-o", str(timefile)] + argv, env=env, cwd=cwd,
                               stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            wall = time.perf_counter() - t0
        stats = parse_time_v(timefile.read_text(errors="replace") if timefile.exists() else "")
        res = {
            "wall_s": round(wall, 4),
            "user_s": stats.get("user", 0.0),
            "sys_s": stats.get("sys", 0.0),
            "cpu_s": round(stats.get("user", 0.0) + stats.get("sys", 0.0), 3),
            "max_rss_kib": stats.get("rss", 0),
            "exit_code": r.returncode,
            "page_cache_dropped": dropped,
            "started_at": started,
        }
        if r.returncode != 0:
            tail = logfile.read_text(errors="replace").strip().splitlines()[-5:]
            log(f"  {label} failed with exit code {r.returncode}; log {logfile}:\n    " + "\n    ".join(tail))
        return res


def parse_time_v(text):
    out = {}
    for line in text.splitlines():
        key, _, value = line.strip().rpartition(": ")
        if key == "User time (seconds)":
            out["user"] = float(value)
        elif key == "System time (seconds)":
            out["sys"] = float(value)
        elif key == "Maximum resident set size (kbytes)":
            out["rss"] = int(value)
    return out


# ---------------------------------------------------------------------------------------------------------------------
# End-to-end runs


# A restored tree of this many files or more is kept until the end of the run (see run_end_to_end).
KEEP_RESTORED_FILES = 10_000


def run_end_to_end(args, work, datasets, timer, run_id, mode, out_csv):
    rows = []
    stage_root = work / "stage"
    with open(out_csv, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for rep in range(1, args.reps + 1):
            for ds in args.datasets:
                versions = datasets.versions(ds)
                order = args.tools[(rep - 1) % len(args.tools):] + args.tools[: (rep - 1) % len(args.tools)]
                log(f"rep {rep}/{args.reps}, {ds}: {len(versions)} versions, order {', '.join(order)}")
                src = stage_root / ds
                tools = {t: Tool(t, work, f"{ds}", rep) for t in order}
                alive = {t: True for t in order}
                last_bytes = {t: 0 for t in order}
                last_data = {t: 0 for t in order}
                steps = [("init", 0)] + [("backup", 1), ("backup-again", 1)]
                steps += [("backup", k) for k in range(2, len(versions) + 1)]
                steps += [("restore", len(versions)), ("check", len(versions))]
                steps += [("forget", len(versions)), ("prune", len(versions))]
                staged = 0
                for step, version in steps:
                    if version and version != staged:
                        stage(versions[version - 1], src)
                        if version == 1:
                            age_atimes(src)
                        staged = version
                    files, size = tree_size(src) if version else (0, 0)
                    label_step = {"backup": f"backup-v{version}", "backup-again": f"backup-v{version}-again"}.get(
                        step, step)
                    for pos, t in enumerate(order, 1):
                        if not alive[t]:
                            continue
                        tool = tools[t]
                        kind = "backup" if step.startswith("backup") else step
                        if step == "restore":
                            rmtree(tool.restore_target)
                            tool.restore_target.mkdir(parents=True)
                        argv, cwd = tool.command(kind, src)
                        before = atimes(src) if step.startswith("backup") else None
                        res = timer.run(argv, tool.env(), cwd, f"{t}-{ds}-r{rep}-{label_step}")
                        repo_bytes = du_bytes(tool.repo)
                        data_bytes = du_bytes(tool.repo / "data")
                        verified = ""
                        if step == "restore" and res["exit_code"] == 0:
                            verified = "yes" if verify_restore(src, tool.restored_path(src)) else "NO"
                        if step == "restore" and files < KEEP_RESTORED_FILES:
                            rmtree(tool.restore_target)
                        row = {
                            "run_id": run_id, "mode": mode, "rep": rep, "position": pos, "tool": t, "dataset": ds,
                            "step": label_step, "version": version or "", **res, "repo_bytes": repo_bytes,
                            "repo_growth_bytes": repo_bytes - last_bytes[t], "cache_bytes": du_bytes(tool.cache),
                            "input_files": files, "input_bytes": size, "verified": verified,
                            "data_growth_bytes": data_bytes - last_data[t],
                            "atimes_changed": "" if before is None else sum(
                                1 for p, a in atimes(src).items() if before.get(p) != a),
                        }
                        last_bytes[t] = repo_bytes
                        last_data[t] = data_bytes
                        writer.writerow(row)
                        f.flush()
                        rows.append(row)
                        log(f"  {t:8} {label_step:18} {res['wall_s']:8.2f}s wall {res['cpu_s']:8.2f}s cpu "
                            f"{res['max_rss_kib'] / 1024:7.0f} MiB rss  repo {repo_bytes / MIB:9.1f} MiB"
                            + (f"  restore verified: {verified}" if verified else ""))
                        if res["exit_code"] != 0 and step == "init":
                            alive[t] = False
                for tool in tools.values():
                    tool.cleanup()
    # Restored trees of KEEP_RESTORED_FILES files or more are deleted only now, not after their restore: ext4 without a
    # journal (this machine's root file system) skips, for every new inode, the free inodes of its group deleted in the
    # last 60 s (360 s while their inode table block is dirty, as it is again as soon as new inodes go into it), looking
    # each one up in the buffer cache. Round 9's warm restores of the 142,795 small files, each right after the other
    # tool's restored tree was deleted, spent 11-27 s of system time, most of it there (perf: find_get_block_common and
    # recently_deleted under __ext4_new_inode); a tree of 208,830 files restored with nothing deleted in the minutes
    # before, 5.3-5.4 s. Costs the disk space of those trees (the small files: 1.5 GB per tool and repetition, 12 GB).
    rmtree(work / "restore")
    return rows


def verify_restore(original, restored):
    if not restored.exists():
        log(f"  restored tree missing: {restored}")
        return False
    r = subprocess.run(["diff", "-r", "-q", "--no-dereference", str(original), str(restored)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        log("  restore differs:\n    " + "\n    ".join((r.stdout + r.stderr).splitlines()[:10]))
    return r.returncode == 0


# ---------------------------------------------------------------------------------------------------------------------
# Start-up: listing a repository with many snapshots, and printing the version


def run_startup(args, work, timer, run_id, mode, java, out_csv):
    n = 50 if args.quick else 1000
    base = work / "startup"
    repo = base / f"repo-{n}"
    tiny = base / "tiny"
    if not (base / f"complete-{n}").exists():
        log(f"start-up: making a repository with {n} snapshots")
        rmtree(repo)
        tiny.mkdir(parents=True, exist_ok=True)
        for i in range(3):
            (tiny / f"file{i}.txt").write_text(f"tiny file {i}\n")
        env = {**os.environ, "HOLDFAST_PASSWORD": PASSWORD, "HOLDFAST_NO_BUILD": "1"}
        sh([HOLDFAST, "-r", repo, "-q", "init"], env=env, stdout=subprocess.DEVNULL)
        sh([java, "--enable-native-access=ALL-UNNAMED", "-cp", CLI_JAR, BENCH / "ManySnapshots.java", repo, n, tiny],
           env=env, stdout=subprocess.DEVNULL)
        (base / f"complete-{n}").write_text("")
    holdfast = Tool("holdfast", work, "startup")
    restic = Tool("restic", work, "startup")
    holdfast.repo = restic.repo = repo
    cases = [("holdfast", "version", holdfast), ("restic", "version", restic),
             ("holdfast", "snapshots", holdfast), ("restic", "snapshots", restic)]
    cases = [c for c in cases if c[0] in args.tools]
    # one untimed round first: JIT-free JVM start either way, but page cache, CDS archive and restic's cache warm
    for t, cmd, tool in cases:
        argv, cwd = tool.command(cmd)
        subprocess.run(argv, env=tool.env(), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reps = args.reps if args.quick else max(args.reps, 5)
    rows = []
    with open(out_csv, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=STARTUP_FIELDS)
        writer.writeheader()
        for rep in range(1, reps + 1):
            k = (rep - 1) % len(cases)
            for pos, (t, cmd, tool) in enumerate(cases[k:] + cases[:k], 1):
                argv, cwd = tool.command(cmd)
                res = timer.run(argv, tool.env(), cwd, f"startup-{t}-{cmd}-r{rep}")
                res.pop("page_cache_dropped")
                row = {"run_id": run_id, "mode": mode, "rep": rep, "position": pos, "tool": t, "command": cmd,
                       "snapshots": n if cmd == "snapshots" else "", **res}
                writer.writerow(row)
                rows.append(row)
    for tool in (holdfast, restic):
        rmtree(tool.cache)
    log("start-up: " + ", ".join(
        f"{t} {c} {statistics.median(float(r['wall_s']) for r in rows if r['tool'] == t and r['command'] == c):.3f}s"
        for t, c, _ in cases))
    return rows, n


# ---------------------------------------------------------------------------------------------------------------------
# JMH


def run_jmh(args, java, out_dir, work):
    if not JMH_JAR.exists():
        die(f"{JMH_JAR} is missing; build it with ./mvnw -pl holdfast-bench -am package -DskipTests")
    result = out_dir / "jmh.json"
    argv = [java, "-jar", str(JMH_JAR), "-rf", "json", "-rff", str(result)]
    if args.quick:
        argv += ["-f", "1", "-wi", "1", "-i", "1", "-w", "1s", "-r", "1s", "-p", "size=1048576"]
    argv += args.jmh_args
    log("JMH: " + " ".join(argv))
    logfile = work / "logs" / "jmh.log"
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with open(logfile, "w") as f:
        r = subprocess.run(argv, stdout=f, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        die(f"JMH failed; see {logfile}")
    return json.loads(result.read_text())


# ---------------------------------------------------------------------------------------------------------------------
# Reports


def fmt(x, digits=2):
    if x is None:
        return "—"
    if isinstance(x, float) and x >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}"


def medians(rows, key_fields, value):
    groups = {}
    for r in rows:
        if str(r["exit_code"]) != "0":
            continue
        groups.setdefault(tuple(r[k] for k in key_fields), []).append(float(r[value]))
    return {k: statistics.median(v) for k, v in groups.items()}


def filesystem(path):
    """The file system `path` is on: its type, device and mount point, and for ext4 whether it has a journal (without
    one, a new inode skips the inodes of its group deleted in the last minute or more: see run_end_to_end)."""
    best = None
    try:
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            parts = line.split()
            sep = parts.index("-")
            mnt, fstype, src = parts[4], parts[sep + 1], parts[sep + 2]
            inside = str(path) == mnt or str(path).startswith(mnt.rstrip("/") + "/")
            if inside and (best is None or len(mnt) >= len(best[0])):
                best = (mnt, fstype, src)
    except (OSError, ValueError, IndexError):
        pass
    if best is None:
        return subprocess.run(["stat", "-f", "-c", "%T", str(path)], capture_output=True, text=True).stdout.strip()
    mnt, fstype, src = best
    desc = f"{fstype} ({src} on {mnt})"
    if fstype == "ext4" and os.path.isdir("/proc/fs/jbd2"):
        dev = os.path.basename(src)
        journal = any(n.startswith(dev + "-") for n in os.listdir("/proc/fs/jbd2"))
        desc += ", with a journal" if journal else ", without a journal"
    return desc


def environment(java, drop_state, args, run_id, mode):
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    fs = filesystem(args.work)
    jv = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()
    return {
        "run_id": run_id,
        "mode": mode,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "kernel": platform.release(),
        "filesystem": fs,
        "holdfast": f"{tool_version('holdfast')} (commit {commit}{', uncommitted changes' if dirty else ''})",
        "restic": tool_version("restic") if "restic" in args.tools else "not run",
        "borg": tool_version("borg") if "borg" in args.tools else "not run",
        "java": jv[0] if jv else "?",
        "repetitions": args.reps,
        "page_cache": drop_state,
    }


def render_results(env, rows, startup_rows, startup_n, datasets, ds_info, chart_rel, tools):
    out = []
    w = out.append
    label = "**Quick mode, tiny data, not a benchmark**: this output only shows what a run produces." \
        if env["mode"] == "quick" else ""
    if label:
        w(label + "\n")
    w(f"Run `{env['run_id']}` ({env['date']}), {env['mode']} mode; each value is the median of "
      f"{env['repetitions']} repetition{'s' if env['repetitions'] != 1 else ''}.\n")
    w("| | |\n|---|---|")
    for k in ["cpu", "cores", "memory", "kernel", "filesystem", "java", "holdfast", "restic", "borg", "page_cache"]:
        w(f"| {k.replace('_', ' ')} | {env[k]} |")
    w("")
    if rows:
        w("#### Datasets\n")
        w("| dataset | versions | files (first → last) | bytes (first → last) | contents |\n|---|---:|---:|---:|---|")
        for ds, info in ds_info.items():
            w(f"| {ds} | {info['versions']} | {info['files'][0]:,} → {info['files'][-1]:,} | "
              f"{info['bytes'][0] / MIB:,.1f} MiB → {info['bytes'][-1] / MIB:,.1f} MiB | {info['description']} |")
        w("")
        if env["mode"] == "quick":
            w("The contents are those of the full run; `--quick` takes a few MB of each (see bench/datasets.json).\n")
        order = []
        for r in rows:
            k = (r["dataset"], r["step"])
            if k not in order:
                order.append(k)
        names = [TOOL_NAMES[t] for t in tools]
        ratio_cols = [t for t in ("restic", "borg") if t in tools and "holdfast" in tools]
        header = "| dataset | step | " + " | ".join(names) + "".join(
            f" | Holdfast ÷ {t}" for t in ratio_cols) + " |"
        align = "|---|---|" + "---:|" * (len(names) + len(ratio_cols))

        def table(title, value, scale=1.0, digits=2, note="", steps=None):
            med = medians(rows, ("dataset", "step", "tool"), value)
            w(f"#### {title}\n")
            if note:
                w(note + "\n")
            w(header)
            w(align)
            for ds, step in order:
                if steps and not step.startswith(steps):
                    continue
                vals = {t: (med.get((ds, step, t)) / scale if (ds, step, t) in med else None) for t in tools}
                cells = [fmt(vals[t], digits) for t in tools]
                cells += [ratio(vals["holdfast"], vals[t]) for t in ratio_cols]
                w(f"| {ds} | {step} | " + " | ".join(cells) + " |")
            w("")

        table("Wall time (s)", "wall_s")
        table("CPU time, user + system (s)", "cpu_s")
        table("Peak resident memory (MiB)", "max_rss_kib", 1024, 0)
        table("Repository size after the step (MiB)", "repo_bytes", MIB, 1,
              "`du -sb` of the repository. The growth of a backup step is the difference to the row above: what "
              "the new version cost after deduplication and compression.", steps=("backup",))
        again = [r for r in rows if r["step"] == "backup-v1-again" and r.get("data_growth_bytes", "") != ""]
        if again:
            w("#### No-change backup, and the source's access times\n")
            w("*Pack bytes added*: growth of the repository's `data/` directory in the second backup of the unchanged "
              "first version (new blobs; the snapshot file is not counted). *Atimes changed*: files and directories of "
              "the source whose access time the first backup changed (the largest count over the repetitions); the "
              "staged tree's atimes are set just below their mtimes first, so any read without `O_NOATIME` shows. "
              "Symlinks are not counted: `readlink` always sets theirs.\n")
            w("| dataset | " + " | ".join(f"{n}: pack bytes added | {n}: atimes changed" for n in names) + " |")
            w("|---|" + "---:|---:|" * len(names))
            grow = medians(again, ("dataset", "tool"), "data_growth_bytes")
            touched = {}
            for r in rows:
                if r["step"] == "backup-v1" and str(r.get("atimes_changed", "")) != "":
                    k = (r["dataset"], r["tool"])
                    touched[k] = max(touched.get(k, 0), int(r["atimes_changed"]))
            for ds in ds_info:
                cells = []
                for t in tools:
                    cells.append(f"{grow[(ds, t)]:,.0f}" if (ds, t) in grow else "—")
                    cells.append(f"{touched[(ds, t)]:,}" if (ds, t) in touched else "—")
                w(f"| {ds} | " + " | ".join(cells) + " |")
            w("")
        thr = {}
        for r in rows:
            if r["step"] == "backup-v1" and str(r["exit_code"]) == "0":
                thr.setdefault((r["dataset"], r["tool"]), []).append(int(r["input_bytes"]) / 1e6 / float(r["wall_s"]))
        w("#### First backup throughput (MB/s of dataset read)\n")
        w("| dataset | " + " | ".join(names) + " |\n|---|" + "---:|" * len(names))
        for ds in ds_info:
            w(f"| {ds} | " + " | ".join(
                fmt(statistics.median(thr[(ds, t)]), 1) if (ds, t) in thr else "—" for t in tools) + " |")
        w("")
        bad = [r for r in rows if str(r["exit_code"]) != "0" or r["verified"] == "NO"]
        if bad:
            w("#### Failures\n")
            for r in bad:
                w(f"- {r['tool']} {r['dataset']} {r['step']} rep {r['rep']}: exit code {r['exit_code']}"
                  + (", restored tree differs" if r["verified"] == "NO" else ""))
            w("")
        else:
            w("Every restore was verified identical to the backed-up tree (`diff -r`, outside the timing).\n")
        if chart_rel:
            w(f"![Wall time per step]({chart_rel})\n")
    if startup_rows:
        w(f"#### Start-up: `snapshots` on a repository with {startup_n:,} snapshots\n")
        w("Both list the same repository (Holdfast writes restic's format). `version` is the bare process start-up.\n")
        w("| tool | command | wall (s) | CPU (s) | peak RSS (MiB) |\n|---|---|---:|---:|---:|")
        wall = medians(startup_rows, ("tool", "command"), "wall_s")
        cpu = medians(startup_rows, ("tool", "command"), "cpu_s")
        rss = medians(startup_rows, ("tool", "command"), "max_rss_kib")
        for (t, c) in wall:
            w(f"| {TOOL_NAMES[t]} | `{c}` | {wall[(t, c)]:.3f} | {cpu[(t, c)]:.3f} | {rss[(t, c)] / 1024:.0f} |")
        w("")
    return "\n".join(out)


def render_jmh(results, env_note):
    out = [env_note, "", "| benchmark | data | buffer | MB/s per core | ± (99.9%) |", "|---|---|---:|---:|---:|"]
    ceiling = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 2)
        bench = f"{name[-2].replace('Benchmark', '')}.{name[-1]}"
        size = int(r["params"]["size"])
        data = r["params"]["data"]
        score = r["primaryMetric"]["score"] * size / 1e6
        err = r["primaryMetric"].get("scoreError")
        err = err * size / 1e6 if isinstance(err, (int, float)) and err == err else None
        out.append(f"| {bench} | {data} | {size // 1024:,} KiB | {score:,.0f} | {fmt(err, 0)} |")
        if bench == "Pipeline.backupPipeline":
            ceiling[(data, size)] = score
    out.append("")
    if ceiling:
        cores = os.cpu_count() or 1
        out.append(f"Backup pipeline ceiling on this machine's {cores} cores (no I/O, no trees): " + ", ".join(
            f"{d} {s // 1024} KiB buffers {v * cores:,.0f} MB/s" for (d, s), v in sorted(ceiling.items())) + ".\n")
    return "\n".join(out)


def replace_section(doc, name, content):
    begin, end = f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"
    text = doc.read_text() if doc.exists() else f"# Benchmark results\n"
    if begin not in text or end not in text:
        text = text.rstrip("\n") + f"\n\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    doc.write_text(f"{head}{begin}\n{content.strip()}\n{end}{tail}")


QUICK_DOC = """# Example output of `bench/run.sh --quick`

**Quick mode, tiny data, not a benchmark.** These files show what the harness produces; they were made with every
dataset cut down to a few MB on a shared, busy machine, so the timings mean nothing. The real results are in
[docs/benchmarks.md](../../../docs/benchmarks.md), written by a full run (`bench/run.sh`) on a quiet machine.

Files: `results.csv` (one row per tool, dataset, step and repetition), `startup.csv`, `chart.png`, `jmh.json`,
`run.json` (machine, versions, dataset hashes).

## End-to-end

<!-- bench:results-warm:begin -->
<!-- bench:results-warm:end -->

## Per-core ceilings (JMH smoke run)

<!-- bench:jmh:begin -->
<!-- bench:jmh:end -->
"""


def draw_chart(rows, tools, path, title):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib is not available (apt-get install python3-matplotlib); no chart")
        return False
    med = medians(rows, ("dataset", "step", "tool"), "wall_s")
    datasets = []
    for r in rows:
        if r["dataset"] not in datasets:
            datasets.append(r["dataset"])
    fig, axes = plt.subplots(len(datasets), 1, figsize=(10, 3.2 * len(datasets)), squeeze=False)
    colors = {"holdfast": "#1f77b4", "restic": "#ff7f0e", "borg": "#2ca02c"}
    for ax, ds in zip(axes[:, 0], datasets):
        steps = []
        for r in rows:
            if r["dataset"] == ds and r["step"] not in steps:
                steps.append(r["step"])
        width = 0.8 / len(tools)
        for i, t in enumerate(tools):
            xs = [j + (i - (len(tools) - 1) / 2) * width for j in range(len(steps))]
            ys = [med.get((ds, s, t), 0) for s in steps]
            ax.bar(xs, ys, width, label=TOOL_NAMES[t], color=colors[t])
        ax.set_xticks(range(len(steps)))
        ax.set_xticklabels(steps, rotation=20, fontsize=8)
        ax.set_ylabel("wall time (s)")
        ax.set_title(ds, fontsize=10)
        ax.legend(fontsize=8)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


# ---------------------------------------------------------------------------------------------------------------------


def main():
    p = argparse.ArgumentParser(prog="bench/run.sh", description="Holdfast vs restic vs borg, end to end.")
    p.add_argument("--quick", action="store_true", help="every dataset cut down to a few MB: tests the harness")
    p.add_argument("--reps", type=int, help="repetitions (default: the smallest multiple of the number of tools that is "
                   "at least 3, so that each tool comes first equally often: 4 for two tools, 3 for three)")
    p.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated: " + ",".join(DATASETS))
    p.add_argument("--tools", default=",".join(TOOLS), help="comma-separated: " + ",".join(TOOLS))
    p.add_argument("--work", type=Path, default=Path(os.environ.get("HOLDFAST_BENCH_WORK", BENCH / "work")),
                   help="cache, data and repositories (default bench/work, or $HOLDFAST_BENCH_WORK)")
    p.add_argument("--out", type=Path, help="output directory (default docs/benchmarks, or bench/results/quick)")
    p.add_argument("--doc", type=Path, help="Markdown file to write the results into (default docs/benchmarks.md, "
                                            "or OUT/README.md in quick mode)")
    p.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    p.add_argument("--no-e2e", action="store_true", help="skip the end-to-end runs")
    p.add_argument("--jmh", action="store_true", help="run the JMH micro-benchmarks instead of the end-to-end runs")
    p.add_argument("--jmh-args", default="", help="extra arguments for JMH, e.g. '-p data=text'")
    p.add_argument("--cache", choices=["both", "cold", "warm"],
                   help="the page cache before each step: cold (dropped first), warm (left as it is: the data was "
                        "read recently, as for a nightly backup of hot data), or both, one whole run after the other "
                        "(default: both; warm with --quick)")
    p.add_argument("--drop-caches", choices=["auto", "yes", "no"], default="auto",
                   help="older spelling: yes is --cache cold, no is --cache warm")
    p.add_argument("--prepare", action="store_true", help="only fetch, verify and generate the datasets")
    p.add_argument("--record-hashes", action="store_true", help="write missing sha256s into the manifest")
    p.add_argument("--report", action="store_true",
                   help="only render the Markdown and chart again from OUT/results.csv, startup.csv and run.json")
    p.add_argument("--java", default=os.environ.get("HOLDFAST_BENCH_JAVA", "java"), help="a JDK 25 java")
    args = p.parse_args()
    args.datasets = [d for d in args.datasets.split(",") if d]
    args.tools = [t for t in args.tools.split(",") if t]
    args.jmh_args = args.jmh_args.split()
    for d in args.datasets:
        if d not in DATASETS:
            die(f"unknown dataset {d}; known: {', '.join(DATASETS)}")
    for t in args.tools:
        if t not in TOOLS:
            die(f"unknown tool {t}; known: {', '.join(TOOLS)}")
    if args.reps is None:
        args.reps = -(-3 // len(args.tools)) * len(args.tools)
    if args.reps < 1:
        die("--reps must be at least 1")
    if args.reps % len(args.tools) and not args.quick:
        # The order of the tools rotates each repetition; with a count that is not a multiple of the tools', some come
        # first more often. A step can depend on its position: round 10's restores of the checkpoints took 17-20 s of
        # system time warm for whichever tool restored first in a repetition, 6-8 s for the one that restored right
        # after the first one's 5.5 GB restored tree was deleted (this virtual machine is slow to touch memory it has
        # not touched recently), and Holdfast was first in two of three repetitions.
        log(f"warning: {args.reps} repetitions for {len(args.tools)} tools: not every tool comes first equally often")
    if args.reps < 3 and not args.quick and not (args.jmh or args.report or args.prepare):
        die("a full run takes at least 3 repetitions (medians); fewer are only for --quick")
    mode = "quick" if args.quick else "full"
    args.work = args.work.resolve()
    out_dir = (args.out or (BENCH / "results" / "quick" if args.quick else ROOT / "docs" / "benchmarks")).resolve()
    doc = (args.doc or (out_dir / "README.md" if args.quick else ROOT / "docs" / "benchmarks.md")).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.quick and not doc.exists():
        doc.write_text(QUICK_DOC)
    run_id = datetime.datetime.now().strftime("%Y%m%d-%H%M%S") + f"-{mode}"
    java = args.java
    if args.report:
        report_only(out_dir, doc)
        return

    if args.jmh:
        results = run_jmh(args, java, out_dir, args.work)
        note = (("**Quick mode: one 1-second iteration each, on a shared machine; not a measurement.** " if args.quick
                 else "") + f"JMH 1.37, one thread, {platform.processor() or platform.machine()}, run `{run_id}`; "
                f"MB/s = operations/s × buffer size.")
        replace_section(doc, "jmh", render_jmh(results, note))
        log(f"JMH results in {out_dir / 'jmh.json'} and {doc}")
        return

    manifest = json.loads(MANIFEST.read_text())
    sources = Sources(manifest, args.work, args.record_hashes)
    datasets = Datasets(manifest, sources, args.work, mode, java)
    ds_info = {}
    for ds in args.datasets:
        vs = datasets.versions(ds)
        ds_info[ds] = {"versions": len(vs), "description": datasets.describe(ds), "files": [], "bytes": []}
    if args.record_hashes:
        MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")
    if args.prepare:
        log("datasets ready")
        return

    cache = args.cache or {"yes": "cold", "no": "warm"}.get(args.drop_caches) or ("warm" if args.quick else "both")
    failed = []
    for cache_mode in (["cold", "warm"] if cache == "both" else [cache]):
        failed += run_cache_mode(args, cache_mode, datasets, ds_info, run_id, mode, java, out_dir, doc)
    if failed:
        die(f"{len(failed)} steps failed; see the logs in {args.work / 'logs'}")


def run_cache_mode(args, cache_mode, datasets, ds_info, run_id, mode, java, out_dir, doc):
    """One whole run with the page cache dropped before every step (cold) or left as it is (warm); returns the rows
    that failed. Its CSVs and run.json go to OUT/CACHE_MODE/, its tables to the results-CACHE_MODE section."""
    log(f"page cache {cache_mode}: {'dropped before every step' if cache_mode == 'cold' else 'left warm'}")
    timer = Timer(args.work, cache_mode == "cold")
    tmp_dir = args.work / "results" / run_id / cache_mode
    tmp_dir.mkdir(parents=True, exist_ok=True)
    rows, startup_rows, startup_n = [], [], 0
    if not args.no_e2e:
        rows = run_end_to_end(args, args.work, datasets, timer, run_id, mode, tmp_dir / "results.csv")
    if not args.no_startup and "holdfast" in args.tools:
        startup_rows, startup_n = run_startup(args, args.work, timer, run_id, mode, java, tmp_dir / "startup.csv")
    if cache_mode == "warm":
        drop_state = "warm: not dropped, so every step reads data read recently (by the step before or the last run)"
    elif timer.drop_works:
        drop_state = "cold: dropped before every step (echo 3 > /proc/sys/vm/drop_caches)"
    else:
        drop_state = "cold run, but the cache could not be dropped (no permission): files read from a warm page cache"
    env = environment(java, drop_state, args, run_id, mode)
    env.update(tools=args.tools, datasets=args.datasets, startup_snapshots=startup_n, cache=cache_mode,
               descriptions={ds: info["description"] for ds, info in ds_info.items()},
               versions={ds: info["versions"] for ds, info in ds_info.items()},
               generated_sha256=datasets.generated)
    mode_dir = out_dir / cache_mode
    mode_dir.mkdir(parents=True, exist_ok=True)
    for name in ("results.csv", "startup.csv"):
        if (tmp_dir / name).exists():
            shutil.copy(tmp_dir / name, mode_dir / name)
    (mode_dir / "run.json").write_text(json.dumps(env, indent=2) + "\n")
    publish(env, rows, startup_rows, mode_dir, doc)
    failed = [r for r in rows if str(r["exit_code"]) != "0" or r["verified"] == "NO"]
    failed += [r for r in startup_rows if str(r["exit_code"]) != "0"]
    return failed


def publish(env, rows, startup_rows, out_dir, doc):
    """Writes the chart and the results section of the document from the rows (fresh, or read back from CSV)."""
    tools = env["tools"]
    ds_info = {}
    for ds in env["datasets"]:
        ds_info[ds] = {"versions": env["versions"][ds], "description": env["descriptions"][ds], "files": [],
                       "bytes": []}
    for r in rows:
        if (int(r["rep"]) == 1 and r["tool"] == tools[0] and r["step"].startswith("backup-v")
                and not r["step"].endswith("-again") and r["dataset"] in ds_info):
            ds_info[r["dataset"]]["files"].append(int(r["input_files"]))
            ds_info[r["dataset"]]["bytes"].append(int(r["input_bytes"]))
    for info in ds_info.values():
        info["files"] = info["files"] or [0]
        info["bytes"] = info["bytes"] or [0]
    chart_rel = None
    title = f"Wall time per step, page cache {env.get('cache', 'cold')}, median of {env['repetitions']}"
    if env["mode"] == "quick":
        title += " (quick mode, tiny data, not a benchmark)"
    if rows and draw_chart(rows, tools, out_dir / "chart.png", title):
        chart_rel = os.path.relpath(out_dir / "chart.png", doc.parent)
    section = f"results-{env['cache']}" if "cache" in env else "results"
    replace_section(doc, section, render_results(env, rows, startup_rows, env.get("startup_snapshots", 0),
                                                 env["datasets"], ds_info, chart_rel, tools))
    log(f"results: {out_dir}/ and {doc}")


def report_only(out_dir, doc):
    """Renders the document again from OUT/{cold,warm}/results.csv, startup.csv and run.json (or, from a run before
    the two cache modes, OUT/results.csv ...), without running anything."""
    dirs = [d for d in (out_dir / "cold", out_dir / "warm") if (d / "run.json").exists()] or [out_dir]
    for d in dirs:
        report_one(d, doc)


def report_one(out_dir, doc):
    env = json.loads((out_dir / "run.json").read_text())

    def read(name):
        path = out_dir / name
        if not path.exists():
            return []
        with open(path, newline="") as f:
            return list(csv.DictReader(f))

    publish(env, read("results.csv"), read("startup.csv"), out_dir, doc)


if __name__ == "__main__":
    main()
