#!/usr/bin/env bash
# The dashboard tour: a catalog with real backups plus 1,000 copies and 10,000 jobs; every page's load time in a real
# browser (Debian's headless Chromium), and screenshots of every page into docs/dashboard/.
#   bench/dashboard-tour.sh [OUT_DIR]      (default: docs/dashboard)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=$(realpath -m "${1:-docs/dashboard}")
mkdir -p "$out"
./mvnw -B -ntp -q install -DskipTests -Djacoco.skip=true -pl holdfast-server -am
./mvnw -B -ntp -pl holdfast-server verify -Ptour -Dtest=DashboardTourTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Djacoco.skip=true -Dholdfast.tour.out="$out" | grep -v '^WARNING' | sed -n '/DASHBOARD TOUR/,/catalog:/p'
echo "screenshots and load-times.md in $out"
