#!/usr/bin/env bash
# FastPath's full-batch GD step against NumPy, PyTorch (eager, torch.compile) and
# JAX (jit), on the same problem, in one run:
#   two-layer homotopy network, both layers trained, s = 1.5, float32, n = 1024,
#   m = 8192, d = 2 and d = 16; data and initial network generated identically
#   (FastPath's gaussian dataset and seeded initialisation, seed 1).
#
#   Benchmarks/peers/compare-peers.sh            (STEPS=100 REPEATS=20 by default)
#
# FastPath is timed by `verify train --json` (ms_per_step, pairs_per_second); the
# peers by time_peers.py (median wall-clock per step after warm-up). The table
# prints each peer's ms per step, FastPath's speed-up over it, and the loss before
# the first step, which must agree (same problem). The peers go into a private
# virtual environment (Benchmarks/.build-peers-venv) on first use: never a
# dependency of the build or of CI. Compare ratios from one run, not figures from
# different runs: wall-clock times depend on the machine's load.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/../.build-peers-venv"
steps="${STEPS:-100}"
repeats="${REPEATS:-20}"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet numpy
  "$venv/bin/pip" install --quiet "jax[cpu]" || echo "note: JAX did not install; skipped" >&2
  "$venv/bin/pip" install --quiet torch || echo "note: PyTorch did not install; skipped" >&2
fi

# BENCH_SCRATCH=DIR builds verify in another scratch folder.
scratch="${BENCH_SCRATCH:-$root/.build-peers-release}"
swift build -c release --package-path "$root" --scratch-path "$scratch" --product verify >&2
verify="$(swift build -c release --package-path "$root" --scratch-path "$scratch" --show-bin-path)/verify"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for d in 2 16; do
  "$verify" train --dataset gaussian --n 1024 --d "$d" --width 8192 --schedule "1.5:$steps" --lr 0.0001 \
    --seed 1 --json --quiet > "$work/fastpath-$d.json"
done
"$venv/bin/python" "$here/time_peers.py" --d 2 16 --n 1024 --m 8192 --s 1.5 --lr 0.0001 --seed 1 \
  --repeats "$repeats" --json > "$work/peers.jsonl"

python3 - "$work" <<'PY'
import json, sys, pathlib
work = pathlib.Path(sys.argv[1])
peers = [json.loads(line) for line in (work / "peers.jsonl").read_text().splitlines() if line.strip()]
print(f"{'d':>3}  {'implementation':15} {'ms/step':>10} {'pairs/s':>11} {'FastPath speed-up':>18}  loss before step 1")
for d in (2, 16):
    fast = json.loads((work / f"fastpath-{d}.json").read_text())
    ms = fast["ms_per_step"]
    print(f"{d:>3}  {'FastPath (' + str(fast['threads']) + ' thr)':15} {ms:10.3f} {fast['pairs_per_second']:11.3e} {'':>18}  {fast['loss_curve'][0]['loss']:.7g}")
    for p in [p for p in peers if p["d"] == d]:
        print(f"{d:>3}  {p['peer']:15} {p['ms_per_step']:10.3f} {p['pairs_per_second']:11.3e} {p['ms_per_step'] / ms:17.1f}x  {p['first_loss']:.7g}")
PY
