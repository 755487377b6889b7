"""Shared driver of check_torch.py and check_jax.py: a port computed by autodiff, checked
against the golden vectors with the tolerances of check_numpy.py.

A port is a function port(x, y, a, W, s, c) of float32 NumPy inputs that returns a dict of
float32 NumPy arrays: outputs, residuals, loss, gradient, hessian, gauss_newton, and kappa,
the value its activation's autodiff gives for sigma_s'(0). Away from kinks every quantity is
compared with the stored float32 value within gamma_K * M + spacing/2 (check_numpy.py and
README.md: K bounds the roundings on the path of every monomial, in any order of
evaluation, so it covers an autodiff evaluation of the same formulas). At a kink the
derivatives are compared with the stored values of the named convention whose kappa
(left 1 - s, right 1, midpoint 1 - s/2) equals the port's; a kappa that is none of them
is reported. The largest error/tolerance ratio is printed per file.
"""
import glob
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_numpy as base  # noqa: E402


def stored(entry):
    return np.array(entry["float32"], dtype=np.float64).astype(np.float32)


def check_file(path, port):
    with open(path) as handle:
        doc = json.load(handle)
    n, d, m = doc["n"], doc["d"], doc["m"]
    K = 2 * d + 2 * m + n + m * d + 10
    gamma = K * base.U / (1 - K * base.U)
    x, y, a, W = (stored(doc[k]) for k in ("x", "y", "a", "W"))
    s, c = stored(doc["s"]), stored(doc["scale"])
    got = port(x, y, a, W, s, c)
    problems, worst = [], 0.0
    kinks = bool(doc["kinks"])
    convention, kappa = None, None
    if kinks:
        kappa = np.float32(got["kappa"])
        for name, entry in doc["conventions"].items():
            if stored(entry["kappa"]) == kappa:
                convention = name
        if convention is None:
            problems.append(f"the port's sigma'(0) = {float(kappa)} is none of the named conventions")
    fw = base.forward(x, y, a, W, s, c, kappa=kappa)
    ders = base.derivatives(x, a, W, c, fw)

    def compare(name, value, magnitude, entry):
        nonlocal worst
        want = stored(entry).astype(np.float64)
        value = np.asarray(value, dtype=np.float64)
        tol = gamma * np.asarray(magnitude, dtype=np.float64) * (1 + 1e-9) \
            + np.spacing(np.abs(want).astype(np.float32)).astype(np.float64) / 2
        error = np.abs(value - want)
        if (error > tol).any():
            index = tuple(int(i) for i in np.argwhere(error > tol)[0])
            problems.append(f"{name}{list(index)}: port {float(value[index])!r}, stored {float(want[index])!r}, "
                            f"tolerance {float(tol[index]):.3e}")
        if error.size:
            worst = max(worst, float(np.max(error / tol)))

    compare("outputs", got["outputs"], fw["Mf"], doc["outputs"])
    compare("residuals", got["residuals"], fw["Mr"], doc["residuals"])
    compare("loss", got["loss"], fw["ML"], doc["loss"])
    source = doc if not kinks else (doc["conventions"][convention] if convention else None)
    if source is not None:
        for key in ("gradient", "hessian", "gauss_newton"):
            compare(key if not kinks else f"conventions.{convention}.{key}", got[key], ders[key][1], source[key])
    return problems, worst, convention


def main(port, name):
    paths = sys.argv[1:] or sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "*.json")))
    failed = 0
    for path in paths:
        problems, worst, convention = check_file(path, port)
        at = f", kink convention {convention}" if convention else ""
        print(f"{os.path.basename(path)}: {'ok' if not problems else 'FAILED'}  (largest error/tolerance = {worst:.3f}{at})")
        for problem in problems[:10]:
            print("   ", problem)
        failed += bool(problems)
    print(f"{name}: {len(paths) - failed} of {len(paths)} files pass")
    return 1 if failed else 0
