#!/usr/bin/env bash
# Builds the ahead-of-time cache of a Holdfast image (the unpacked release, holdfast-cli/target/image):
# lib/classpath (the class path in a fixed order, which the launcher reads) and lib/holdfast.aot with
# lib/holdfast.aot.jdk (the JDK it was made for: its stamp, then its home).
#
#   src/build/aot-cache.sh IMAGE
#
# JDK 25's AOT cache (JEP 483/514/515) holds the classes a training run loaded and linked, and its method profiles; a
# JVM started with -XX:AOTCache= maps them instead of reading, verifying and linking them from the jars again. The cache
# is only valid for the exact JDK build and JVM options of the training run, so this script trains with the JDK the
# launcher would choose on this machine and the launcher's own options (holdfast_set_java_opts); the launcher uses the
# cache only when lib/holdfast.aot.jdk matches the JDK it runs and no jar is newer than the cache (design.md §22).
set -euo pipefail
image=$(cd -P "$1" && pwd)
lib=$image/lib
# shellcheck source=../dist/bin/holdfast
source "$image/bin/holdfast"

if ! jdk=$(holdfast_find_jdk); then
  echo "aot-cache: no JDK $holdfast_min_java or newer found" >&2
  exit 1
fi

# Holdfast's jars first: a resource lookup (the version, a codec table) opens the jars in class path order until it
# finds one
(cd "$lib" && { echo holdfast-cli.jar; find . -maxdepth 1 -name 'holdfast-*.jar' ! -name holdfast-cli.jar \
  -printf '%f\n' | LC_ALL=C sort; find . -maxdepth 1 -name '*.jar' ! -name 'holdfast-*.jar' -printf '%f\n' \
  | LC_ALL=C sort; }) >"$lib/classpath"
rm -f "$lib/holdfast.aot" "$lib/holdfast.aot.jdk"

unset HOLDFAST_JAVA_OPTS
holdfast_set_java_opts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the cache leaves out what it cannot hold (proxy classes, for one) with a warning each: not errors of this build
"$jdk/bin/java" "${holdfast_java_opts[@]}" -Xlog:aot*=error,cds*=error:stderr -XX:AOTCacheOutput="$lib/holdfast.aot" \
  -cp "$(holdfast_classpath "$image")" io.holdfast.cli.StartupTraining "$work/training"
if [ ! -f "$work/training.ok" ]; then
  rm -f "$lib/holdfast.aot"
  echo "aot-cache: the training run failed (above); no cache" >&2
  exit 1
fi
# the stamp, then the JDK's home: the launcher takes that JDK first when JAVA_HOME is unset (holdfast_locate_jdk)
{ holdfast_aot_stamp "$jdk"; printf '%s\n' "$jdk"; } >"$lib/holdfast.aot.jdk"
echo "aot-cache: $lib/holdfast.aot ($(du -h "$lib/holdfast.aot" | cut -f1)) for $(head -n 1 "$lib/holdfast.aot.jdk")"
