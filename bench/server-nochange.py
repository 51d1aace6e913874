#!/usr/bin/env python3
"""No-change backup of a dataset three ways, side by side: restic, the Holdfast command line, and a job run by
`holdfast server` (in-process, warm JVM). Page cache warm (each tool backs the dataset up once first).

Usage: bench/server-nochange.py DATASET_DIR WORK_DIR [--reps 3]
Prints a table (seconds, medians) and writes WORK_DIR/result.json. Needs restic on PATH and a built ./holdfast.
"""
import argparse, json, os, re, shutil, statistics, subprocess, sys, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOLDFAST = os.path.join(ROOT, "holdfast")


def timed(cmd, env):
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def api(base, token, method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        data = r.read()
        return json.loads(data) if data else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("work")
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    data = os.path.abspath(a.dataset)
    work = os.path.abspath(a.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = dict(os.environ, RESTIC_PASSWORD="pw", HOLDFAST_PASSWORD="pw", HOLDFAST_NO_BUILD="1")
    results = {"restic": [], "holdfast-cli": [], "holdfast-server-job": [], "holdfast-server-api": []}

    env["RESTIC_REPOSITORY"] = os.path.join(work, "restic")
    subprocess.run(["restic", "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["restic", "backup", "-q", data], env=env, check=True, stdout=subprocess.DEVNULL)
    env["HOLDFAST_REPOSITORY"] = os.path.join(work, "holdfast-cli")
    subprocess.run([HOLDFAST, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([HOLDFAST, "backup", "-q", data], env=env, check=True, stdout=subprocess.DEVNULL)

    server_log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([HOLDFAST, "server", "--data-dir", os.path.join(work, "server"), "--listen",
                               "127.0.0.1:0"], env=env, stdout=server_log, stderr=subprocess.STDOUT)
    try:
        base = None
        for _ in range(600):
            m = re.search(r"listening on (http://127\.0\.0\.1:\d+)", open(os.path.join(work, "server.log")).read())
            if m:
                base = m.group(1)
                break
            time.sleep(0.1)
        token = open(os.path.join(work, "server", "admin.token")).read().strip()
        api(base, token, "POST", "/api/v1/targets", {"name": "t", "location": os.path.join(work, "holdfast-server"),
                                                     "password": "pw", "init": True})
        api(base, token, "POST", "/api/v1/assets", {"name": "smallfiles", "paths": [data]})
        p = api(base, token, "POST", "/api/v1/policies", {"name": "p", "assets": ["smallfiles"], "target": "t",
                                                          "stages": [{"type": "backup", "cron": "0 3 * * *"}]})

        def run_job():
            t0 = time.perf_counter()
            job = api(base, token, "POST", "/api/v1/policies/%s/run" % p["id"])[0]
            while True:
                j = api(base, token, "GET", "/api/v1/jobs/" + job["id"])
                if j["state"] not in ("queued", "running"):
                    break
                time.sleep(0.02)
            wall = time.perf_counter() - t0
            assert j["state"] == "succeeded", j
            # wait for the index job the backup queued, so it does not overlap the next timed run
            while api(base, token, "GET", "/api/v1/jobs?state=running") or api(base, token, "GET", "/api/v1/jobs?state=queued"):
                time.sleep(0.1)
            return (j["finishedAt"] - j["startedAt"]) / 1000.0, wall

        run_job()  # first backup
        for _ in range(a.reps):
            results["restic"].append(timed(["restic", "backup", "-q", data], env))
            results["holdfast-cli"].append(timed([HOLDFAST, "backup", "-q", data], env))
            job, wall = run_job()
            results["holdfast-server-job"].append(job)
            results["holdfast-server-api"].append(wall)
    finally:
        server.terminate()
        server.wait()
    med = {k: statistics.median(v) for k, v in results.items()}
    print("no-change backup of %s (%s), medians of %d, seconds:" % (data, "warm page cache", a.reps))
    for k, v in results.items():
        print("  %-22s %7.2f   (%s)" % (k, med[k], ", ".join("%.2f" % x for x in v)))
    print("  server job / restic  %7.2f" % (med["holdfast-server-job"] / med["restic"]))
    print("  server job / CLI     %7.2f" % (med["holdfast-server-job"] / med["holdfast-cli"]))
    json.dump({"runs": results, "medians": med}, open(os.path.join(work, "result.json"), "w"), indent=1)


if __name__ == "__main__":
    sys.exit(main())
