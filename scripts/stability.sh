#!/usr/bin/env bash
# The 20-seed stability table of the suite (issue: verdicts that are evidence, point 4).
#
# Runs the quick profile of `verify` with 20 seeds that were never used in development
# (700001 … 700020), and prints, per check, how often it found each status. A check is
# stable when it finds its expected status on at least 19 of the 20 seeds and never gives
# both CONFIRMED and REFUTED. Exit status 0 when every check is stable, 1 otherwise.
#
# Usage: scripts/stability.sh [--profile quick|full] [--first N] [--count K] [--checks "IDS"]
# (--checks runs only those checks, e.g. --checks "10" for 10a–10c, via `verify check`).
# Needs a release build (`swift build -c release`) and python3 (for the table only).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=quick first=700001 count=20 checks=""
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --first) first="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --checks) checks="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
verify=.build/release/verify
[ -x "$verify" ] || { echo "build first: swift build -c release" >&2; exit 2; }
out=$(mktemp -d)
for ((k = 0; k < count; k++)); do
  seed=$((first + k))
  echo "[$((k + 1))/$count] seed $seed" >&2
  if [ -n "$checks" ]; then
    # shellcheck disable=SC2086  # the ids are words
    "$verify" check $checks --profile "$profile" --seed "$seed" --json --quiet > "$out/$seed.json" || true
  else
    "$verify" --profile "$profile" --seed "$seed" --json --quiet > "$out/$seed.json" || true
  fi
done
python3 - "$out" <<'PY'
import json, os, sys
folder = sys.argv[1]
runs = [json.load(open(os.path.join(folder, f))) for f in sorted(os.listdir(folder))]
order, counts, expected = [], {}, {}
for run in runs:
    for c in run["checks"]:
        if c["id"] not in counts:
            order.append(c["id"]); counts[c["id"]] = {}
        expected[c["id"]] = c["expected"]
        counts[c["id"]][c["status"]] = counts[c["id"]].get(c["status"], 0) + 1
n = len(runs)
print(f"| check | expected | found expected | other statuses | stable |")
print(f"|---|---|---|---|---|")
ok = True
for i in order:
    hit = counts[i].get(expected[i], 0)
    others = ", ".join(f"{s} {k}" for s, k in sorted(counts[i].items()) if s != expected[i]) or "–"
    swap = "CONFIRMED" in counts[i] and "REFUTED" in counts[i]
    stable = hit >= n - n // 20 and not swap
    ok = ok and stable
    print(f"| {i} | {expected[i]} | {hit}/{n} | {others} | {'yes' if stable else 'NO' + (' (swap)' if swap else '')} |")
print(f"\n{n} seeds; every check stable: {'yes' if ok else 'no'}")
sys.exit(0 if ok else 1)
PY
