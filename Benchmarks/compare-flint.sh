#!/usr/bin/env bash
# Exact determinant + inertia of the issue-2 Gram matrix against FLINT, in one run.
#
#   Benchmarks/compare-flint.sh [N ...]        (default: 64 128)
#
# Builds gram-tool in release, exports each matrix as exact text, times
# Exact (best of 5) and python-flint's fmpq_mat.det (best of 5) on the same
# matrix, checks that both determinants are identical, and prints the ratios.
# python-flint is installed into a private virtual environment on first use; it
# is never a dependency of the Swift build or of CI.
#
# Figures are wall-clock and depend on the machine's load: compare ratios from
# one run, never figures from different runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sizes=("${@:-64 128}")
[ $# -eq 0 ] && sizes=(64 128)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

venv="$here/.build-flint-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "python-flint==0.9.*"
fi

# BENCH_SCRATCH=DIR builds in another scratch folder (e.g. to keep two checkouts apart).
scratch=(); [ -n "${BENCH_SCRATCH:-}" ] && scratch=(--scratch-path "$BENCH_SCRATCH")
swift build -c release --package-path "$here" "${scratch[@]}" --product gram-tool >&2
tool="$(swift build -c release --package-path "$here" "${scratch[@]}" --show-bin-path)/gram-tool"

printf '%-6s %-14s %-14s %-14s %-10s %s\n' n exact_det_s exact_inertia_s flint_det_s det/flint same_det
for n in "${sizes[@]}"; do
  "$tool" export "$n" "$work/g$n.txt"
  ours="$("$tool" time "$n" 5)"
  det_s="$(sed -n 's/.*det_seconds=\([^ ]*\).*/\1/p' <<<"$ours")"
  inertia_s="$(sed -n 's/.*inertia_seconds=\([^ ]*\).*/\1/p' <<<"$ours")"
  flint_out="$("$venv/bin/python" "$here/flint/time_flint.py" "$work/g$n.txt" 5 print)"
  flint_s="$(sed -n 's/.*flint_det_seconds=\([^ ]*\).*/\1/p' <<<"$flint_out")"
  flint_det="$(sed -n '2p' <<<"$flint_out")"
  exact_det="$("$tool" det "$n")"
  same=no; [ "$flint_det" = "$exact_det" ] && same=yes
  ratio="$(python3 -c "print(f'{$det_s/$flint_s:.2f}')")"
  printf '%-6s %-14.4f %-14.4f %-14.4f %-10s %s\n' "$n" "$det_s" "$inertia_s" "$flint_s" "$ratio" "$same"
done
