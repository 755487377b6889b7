"""Time FLINT's exact rational determinant on a matrix exported by gram-tool.

    python3 time_flint.py MATRIX.txt [REPS]

Prints `flint_det_seconds=...` (best of REPS) and the determinant's bit size.
python-flint (PyPI) is used only here, to compare; it is never a dependency
of the Swift build or of CI.
"""
import sys
import time

import flint


def read_matrix(path):
    with open(path) as f:
        lines = f.read().split("\n")
    n = int(lines[0])
    rows = [[flint.fmpq(*map(int, t.split("/"))) if "/" in t else flint.fmpq(int(t)) for t in line.split()]
            for line in lines[1:1 + n]]
    return flint.fmpq_mat(rows)


def main():
    path = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    m = read_matrix(path)
    best = float("inf")
    det = None
    for _ in range(reps):
        t0 = time.perf_counter()
        det = m.det()
        best = min(best, time.perf_counter() - t0)
    bits = int(det.p).bit_length() + int(det.q).bit_length()
    print(f"flint_det_seconds={best} det_bits={bits}")
    if len(sys.argv) > 3:
        print(det)


if __name__ == "__main__":
    main()
