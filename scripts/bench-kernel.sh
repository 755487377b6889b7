#!/usr/bin/env bash
# Timing of `verify kernel` on Gaussian points (d = 3, s = 3/2, full block), issue 12:
# the verified float64 engine at n = 1024 and n = 10000 (targets: ≤ 5 s and ≤ 120 s, under
# 8 GiB), the exact engine at small n, and NumPy's (uncertified) `eigvalsh` on the same
# matrices when a python3 with numpy is available (never installed by this script; a peer
# belongs in a private venv, not in the build).
#
# Prints, per run: wall time and peak resident size (`/usr/bin/time -v`), the split
# entries / factorisations / refinement, the number of factorisations and the bracket
# widths of λ_min and λ_max.
#
# Usage: scripts/bench-kernel.sh [--skip-10k] [--exact-sizes "64 128 256"]
# Needs a release build: swift build -c release --product verify
set -euo pipefail
cd "$(dirname "$0")/.."
skip10k=0 exact_sizes="64 128 256"
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-10k) skip10k=1; shift ;;
    --exact-sizes) exact_sizes="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
verify=.build/release/verify
[ -x "$verify" ] || { echo "build first: swift build -c release --product verify" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time) for the peak memory" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Gaussian points, seeded (Python's Mersenne Twister via the standard library only).
points() {
  python3 - "$1" "$2" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
r = random.Random(12)
with open(path, "w") as f:
    f.write("x1,x2,x3,y\n")
    for _ in range(n):
        f.write(",".join(repr(r.gauss(0, 1)) for _ in range(3)) + ",0\n")
PY
}

# One run: engine, n; prints a table row from the JSON and GNU time's report.
run() {
  local engine=$1 n=$2 csv="$out/g$2.csv"
  [ -f "$csv" ] || points "$n" "$csv"
  /usr/bin/time -v "$verify" kernel --data "$csv" --s 3/2 --engine "$engine" --json --quiet \
    > "$out/$engine-$n.json" 2> "$out/$engine-$n.time"
  python3 - "$engine" "$n" "$out/$engine-$n.json" "$out/$engine-$n.time" <<'PY'
import json, sys
from fractions import Fraction
engine, n, jpath, tpath = sys.argv[1:]
j = json.load(open(jpath))
t = open(tpath).read()
def field(name):
    for line in t.splitlines():
        if name in line:
            return line.split(": ", 1)[1].strip()
    return "?"
wall = field("Elapsed (wall clock)")
rss = int(field("Maximum resident set size")) / 1024
def width(key):
    b = j[key]
    return float(Fraction(b["hi"]) - Fraction(b["lo"]))
lo = float(Fraction(j["lambda_min"]["lo"]))
tm = j.get("timings", {})
split = (f"entries {tm['entries_s']:.2f} s, factorisations {tm['factorisations_s']:.2f} s "
         f"({j['certificate']['lambda_min']['factorisations'] + j['certificate']['lambda_max']['factorisations']}), "
         f"refinement {tm['refinement_s']:.2f} s") if tm else "-"
print(f"{engine:5} n={n:>5}  wall {wall:>8}  peak {rss:7.0f} MiB  λ_min ≥ {lo:.6g}  "
      f"width λ_min {width('lambda_min'):.3g}, λ_max {width('lambda_max'):.3g}  "
      f"{j['definiteness']}  [{split}]")
PY
}

echo "verify kernel, d = 3, s = 3/2, full block, Gaussian points (seed 12); $(date -u +%FT%TZ), $(nproc) cores"
for n in $exact_sizes; do run exact "$n"; done
for n in $exact_sizes 1024; do run float "$n"; done
[ "$skip10k" = 1 ] || run float 10000

# NumPy eigvalsh (uncertified) on the float engine's centre would need the matrix; instead
# the same closed form is evaluated in NumPy float64 and timed (entries + eigvalsh).
if python3 -c "import numpy" 2>/dev/null; then
  for n in $exact_sizes 1024; do
    python3 - "$n" "$out/g$n.csv" <<'PY'
import sys, time
import numpy as np
n, path = int(sys.argv[1]), sys.argv[2]
x = np.loadtxt(path, delimiter=",", skiprows=1)[:, :3]
t0 = time.perf_counter()
g = x @ x.T
nx = np.sqrt(np.einsum("ij,ij->i", x, x))
p = np.outer(nx, nx)
c = np.clip(g / p, -1, 1)
th = np.arccos(c)
hw = g * (np.pi - th) / (2 * np.pi)
ha = hw + p * np.sin(th) / (2 * np.pi)
s = 1.5
k = 2 * (1 - s) * g + s * s * (hw + ha)
t1 = time.perf_counter()
w = np.linalg.eigvalsh(k)
t2 = time.perf_counter()
print(f"numpy n={n:>5}  entries {t1 - t0:.3f} s, eigvalsh {t2 - t1:.3f} s (uncertified)  "
      f"λ_min ≈ {w[0]:.6g}, λ_max ≈ {w[-1]:.6g}  numpy {np.__version__}")
PY
  done
else
  echo "numpy: not available (python3 -c 'import numpy' failed); skipped"
fi
