#!/usr/bin/env bash
# Side-by-side benchmark of Holdfast, restic and borg: the one command. See bench/README.md.
#
#   bench/run.sh [--quick] [--reps N] [--datasets a,b] [--tools holdfast,restic,borg] [--no-startup] ...
#   bench/run.sh --jmh [--quick] [--jmh-args '-p data=text']
#   bench/run.sh --help
#
# Installs what is missing (restic, borg, GNU time, rsync, npm, matplotlib: pinned Debian packages), builds Holdfast
# (and, for --jmh, the JMH benchmarks jar), then runs bench/harness.py with the remaining arguments.
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# Debian bookworm versions; override to pin others on another release.
RESTIC_DEB=${BENCH_RESTIC_DEB:-restic=0.14.0-1+b5}
BORG_DEB=${BENCH_BORG_DEB:-borgbackup=1.2.4-1}
TIME_DEB=${BENCH_TIME_DEB:-time=1.9-0.2}
RSYNC_DEB=${BENCH_RSYNC_DEB:-rsync=3.5.0+ds1-0+deb12u1}
NPM_DEB=${BENCH_NPM_DEB:-npm=9.2.0~ds1-1}
MATPLOTLIB_DEB=${BENCH_MATPLOTLIB_DEB:-python3-matplotlib=3.6.3-1+b1}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    echo "bench: cannot run '$*': not root and no sudo" >&2
    return 1
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  echo "bench: installing $*" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

jmh=0
help=0
for arg in "$@"; do
  case $arg in
    --jmh) jmh=1 ;;
    -h | --help) help=1 ;;
  esac
done

python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3 || true)
if [ -z "$python" ]; then
  apt_install python3
  python=/usr/bin/python3
fi
if [ "$help" = 1 ]; then
  exec "$python" "$root/bench/harness.py" --help
fi

# a JDK >= 25, found as the launcher finds it
# shellcheck source-path=SCRIPTDIR source=../holdfast
source "$root/holdfast"
if ! jdk=$(holdfast_find_jdk); then
  echo "bench: no JDK 25 or newer found (set JAVA_HOME)" >&2
  exit 1
fi
export HOLDFAST_BENCH_JAVA=$jdk/bin/java

if [ "$jmh" = 0 ]; then
  command -v restic >/dev/null 2>&1 || apt_install "$RESTIC_DEB"
  command -v borg >/dev/null 2>&1 || apt_install "$BORG_DEB"
  [ -x /usr/bin/time ] || apt_install "$TIME_DEB"
  command -v rsync >/dev/null 2>&1 || apt_install "$RSYNC_DEB"
  command -v npm >/dev/null 2>&1 || apt_install "$NPM_DEB"
  command -v dpkg-deb >/dev/null 2>&1 || { echo "bench: dpkg-deb is needed (a Debian system)" >&2; exit 1; }
  if [ "$python" = /usr/bin/python3 ] && ! "$python" -c 'import matplotlib' 2>/dev/null; then
    apt_install "$MATPLOTLIB_DEB" || echo "bench: no matplotlib; the chart is left out" >&2
  fi
  # build Holdfast now, not inside the first timed step
  "$root/holdfast" version >/dev/null
else
  jar=$root/holdfast-bench/target/benchmarks.jar
  if [ ! -f "$jar" ] || [ -n "$(find "$root/holdfast-bench/src" "$root/holdfast-format/src/main" \
      "$root/holdfast-bench/pom.xml" -newer "$jar" -type f -print -quit)" ]; then
    echo "bench: building the JMH benchmarks jar..." >&2
    JAVA_HOME=$jdk ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true \
      -pl holdfast-bench -am package
  fi
fi

exec "$python" "$root/bench/harness.py" --java "$HOLDFAST_BENCH_JAVA" "$@"
