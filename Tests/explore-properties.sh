#!/usr/bin/env bash
# Explore the property tests with fresh seeds (CI always uses the fixed base seed 0).
#
#   Tests/explore-properties.sh [RUNS] [FILTER]      e.g.  Tests/explore-properties.sh 5 ExactTests
#
# Each run draws a new base seed, prints it, and runs `swift test --filter FILTER` with
# PROPERTY_SEED set to it (see Tests/TestSupport/SeededPropertyCheck.swift). A failing case
# prints the line that reproduces it, e.g.
#   reproduce: PROPERTY_SEED=0x28cdc214f87582df PROPERTY_CASE=2 swift test --filter someProperty
# which can be pasted back into a shell as it is. Stops at the first failing run (exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
filter="${2:-ExactTests|ReferenceTests|FastPathTests}"
swift build --build-tests -j 1
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for run in $(seq 1 "$runs"); do
  seed="0x$(od -An -N8 -tx8 /dev/urandom | tr -d ' \n')"
  echo "explore run $run of $runs: PROPERTY_SEED=$seed swift test --filter '$filter'"
  status=0
  PROPERTY_SEED="$seed" swift test --skip-build -j 1 --filter "$filter" >"$log" 2>&1 || status=$?
  grep -E "✘|reproduce:|Test run with" "$log" || true
  if [ "$status" != 0 ]; then
    echo "explore: run $run failed with PROPERTY_SEED=$seed (paste a reproduce: line above to rerun its case)"
    exit 1
  fi
done
echo "explore: $runs runs with fresh seeds passed"
