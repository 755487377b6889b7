#!/usr/bin/env python3
"""Check a float32 NumPy implementation of the homotopy network against the golden vectors.

    python3 vectors/check_numpy.py [vectors/*.json]

For every file: (1) each stored float32 value is the exact rational rounded to the
nearest float32 (ties to even); (2) a plain float32 NumPy implementation (below)
agrees with each stored float32 value q32 within

    tol = gamma_K * M + spacing(q32) / 2,      gamma_K = K u / (1 - K u),  u = 2^-24,

where M is the same quantity evaluated in float64 on absolute values (the sum of the
absolute values of its monomials, Higham's bound |fl(expr) - expr| <= gamma_K * M for
an expression of +, -, * with at most K roundings on the path of any monomial) and
spacing(q32)/2 covers |exact - q32|. K = 2d + 2m + n + m*d + 10 bounds the roundings of
every quantity computed below in any summation order (see vectors/README.md). The
margin between the bound and the observed error is printed as the largest ratio.

NumPy is only needed for this script; it is never a dependency of the Swift build.
Exit status 0 when every check passes, 1 otherwise.
"""
import glob
import json
import os
import sys
from fractions import Fraction

import numpy as np

U = 2.0 ** -24


def parse(text):
    return Fraction(text)


def round_f32(q):
    """The float32 nearest to the rational q, ties to even (exact, no double rounding)."""
    if q == 0:
        return np.float32(0.0)
    sign = -1 if q < 0 else 1
    a = abs(q)
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** e > a:
        e -= 1
    e = max(e, -126)                      # subnormals: fixed exponent
    scaled = a / Fraction(2) ** (e - 23)  # significand in [2^23, 2^24) for normals
    n = scaled.numerator // scaled.denominator
    rest = scaled - n
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and n % 2 == 1):
        n += 1
    return np.float32(sign * float(Fraction(n) * Fraction(2) ** (e - 23)))


def exact_array(value):
    return np.array(value, dtype=object)


def forward(x, y, a, W, s, c, kappa=None):
    """Float32 port and float64 magnitudes: z, sigma, slope, f, r, L (values, magnitudes)."""
    f32 = np.float32
    z = x @ W.T                                   # n x m, dot products of length d
    negative = z < 0
    one_minus_s = f32(1) - s                       # exact for the dyadic s of the vectors
    slope = np.where(negative, one_minus_s, f32(1)).astype(np.float32)
    if kappa is not None:                          # a named kink convention: sigma'(0) := kappa
        slope = np.where(z == 0, f32(kappa), slope).astype(np.float32)
    sigma = np.where(negative, one_minus_s * z, z).astype(np.float32)
    f = c * (sigma @ a)
    r = f - y
    n = x.shape[0]
    loss = (r * r).sum(dtype=np.float32) / f32(2 * n)
    # magnitudes, float64
    ax, aW, aa, ay = (np.abs(v.astype(np.float64)) for v in (x, W, a, y))
    aslope = np.abs(slope.astype(np.float64))
    Mz = ax @ aW.T
    Msigma = aslope * Mz
    Mf = abs(float(c)) * (Msigma @ aa)
    Mr = Mf + ay
    ML = (Mr * Mr).sum() / (2 * n)
    return dict(z=z, slope=slope, sigma=sigma, f=f, r=r, loss=loss,
                Msigma=Msigma, aslope=aslope, Mf=Mf, Mr=Mr, ML=ML)


def derivatives(x, a, W, c, fw):
    """Float32 Jacobian-based gradient, Gauss-Newton, Hessian, Gram matrices, with magnitudes."""
    n, d = x.shape
    m = a.shape[0]
    f32 = np.float32
    slope, sigma, r = fw["slope"], fw["sigma"], fw["r"]
    # J[i, :m] = c sigma_ik ; J[i, m + k d + j] = c a_k slope_ik x_ij
    Ja = c * sigma
    Jw = ((c * a)[None, :, None] * slope[:, :, None] * x[:, None, :]).reshape(n, m * d)
    J = np.concatenate([Ja, Jw], axis=1).astype(np.float32)
    grad = (J.T @ r) / f32(n)
    G = (J.T @ J) / f32(n)
    R = np.zeros_like(G)
    for k in range(m):
        for j in range(d):
            value = (r * (c * slope[:, k] * x[:, j])).sum(dtype=np.float32) / f32(n)
            R[k, m + k * d + j] = value
            R[m + k * d + j, k] = value
    H = G + R
    gram_outer = Ja @ Ja.T
    gram_inner = Jw @ Jw.T
    gram_full = gram_outer + gram_inner
    # magnitudes
    ax, aa = np.abs(x.astype(np.float64)), np.abs(a.astype(np.float64))
    MJa = abs(float(c)) * fw["Msigma"]
    MJw = (abs(float(c)) * aa[None, :, None] * fw["aslope"][:, :, None] * ax[:, None, :]).reshape(n, m * d)
    MJ = np.concatenate([MJa, MJw], axis=1)
    Mgrad = (MJ.T @ fw["Mr"]) / n
    MG = (MJ.T @ MJ) / n
    MR = np.zeros_like(MG)
    for k in range(m):
        for j in range(d):
            value = (fw["Mr"] * abs(float(c)) * fw["aslope"][:, k] * ax[:, j]).sum() / n
            MR[k, m + k * d + j] = value
            MR[m + k * d + j, k] = value
    return dict(gradient=(grad, Mgrad), gauss_newton=(G, MG), hessian=(H, MG + MR),
                gram_outer=(gram_outer, MJa @ MJa.T), gram_inner=(gram_inner, MJw @ MJw.T),
                gram_full=(gram_full, MJa @ MJa.T + MJw @ MJw.T))


def check_file(path):
    with open(path) as handle:
        doc = json.load(handle)
    problems = []
    worst = 0.0

    def stored(entry):
        return np.array(entry["float32"], dtype=np.float64).astype(np.float32)

    # (1) every float32 value is the rounding of its exact value
    def check_rounding(name, entry):
        if entry is None:
            return
        exact = exact_array(entry["exact"])
        floats = np.array(entry["float32"], dtype=np.float64)
        for index in np.ndindex(exact.shape):
            want = round_f32(parse(exact[index]))
            if np.float32(floats[index]) != want or floats[index] != float(want):
                problems.append(f"{name}{[int(i) for i in index]}: float32 {float(floats[index])!r} is not the rounding of {exact[index]}")

    for key in ["s", "scale", "x", "y", "a", "W", "parameters", "preactivations", "outputs", "residuals", "loss",
                "gradient", "hessian", "gauss_newton", "gram_outer", "gram_inner", "gram_full"]:
        check_rounding(key, doc[key])
    for name, entry in (doc.get("conventions") or {}).items():
        for key in ("kappa", "gradient", "hessian", "gauss_newton"):
            check_rounding(f"conventions.{name}.{key}", entry[key])
    if doc["gd_step"] is not None:
        check_rounding("gd_step.parameters", doc["gd_step"]["parameters"])
        check_rounding("gd_step.loss", doc["gd_step"]["loss"])

    # (2) the float32 port against the stored float32 values
    n, d, m = doc["n"], doc["d"], doc["m"]
    K = 2 * d + 2 * m + n + m * d + 10
    gamma = K * U / (1 - K * U)
    x, y, a, W = (stored(doc[k]) for k in ("x", "y", "a", "W"))
    s, c = stored(doc["s"]), stored(doc["scale"])
    fw = forward(x, y, a, W, s, c)

    def compare(name, value, magnitude, entry):
        nonlocal worst
        want = stored(entry).astype(np.float64)
        got = np.asarray(value, dtype=np.float64)
        tol = gamma * np.asarray(magnitude, dtype=np.float64) * (1 + 1e-9) + np.spacing(np.abs(want).astype(np.float32)).astype(np.float64) / 2
        error = np.abs(got - want)
        bad = error > tol
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            problems.append(f"{name}{list(index)}: port {float(got[index])!r}, stored {float(want[index])!r}, tolerance {float(tol[index]):.3e}")
        ratio = np.max(error / tol) if error.size else 0.0
        worst = max(worst, float(ratio))

    # kinks: the port must see w_k . x_i == 0 exactly where the file lists a kink
    kinks = {(i - 1, k - 1) for i, k in doc["kinks"]}
    zeros = {(int(i), int(k)) for i, k in np.argwhere(fw["z"] == 0)} if float(s) != 0 else set()
    if kinks != zeros:
        problems.append(f"kinks: file lists {sorted(kinks)}, the port finds {sorted(zeros)}")

    compare("outputs", fw["f"], fw["Mf"], doc["outputs"])
    compare("residuals", fw["r"], fw["Mr"], doc["residuals"])
    compare("loss", fw["loss"], fw["ML"], doc["loss"])
    if not kinks:
        ders = derivatives(x, a, W, c, fw)
        for key, (value, magnitude) in ders.items():
            compare(key, value, magnitude, doc[key])
        # one gradient-descent step: theta - eta * gradient
        eta = stored(doc["gd_step"]["learning_rate"])
        theta = stored(doc["parameters"])
        grad, Mgrad = ders["gradient"]
        compare("gd_step.parameters", theta - eta * grad,
                np.abs(theta.astype(np.float64)) + abs(float(eta)) * Mgrad, doc["gd_step"]["parameters"])
    else:
        for key in doc["undefined"]:
            if doc[key] is not None:
                problems.append(f"{key} should be null at a kink")
        # the values under each named kink convention (left 1 - s, right 1, midpoint 1 - s/2)
        for name, entry in doc["conventions"].items():
            kappa = stored(entry["kappa"])
            ders = derivatives(x, a, W, c, forward(x, y, a, W, s, c, kappa=kappa))
            for key in ("gradient", "hessian", "gauss_newton"):
                value, magnitude = ders[key]
                compare(f"conventions.{name}.{key}", value, magnitude, entry[key])
    return problems, worst, K, gamma


def main(paths):
    if not paths:
        here = os.path.dirname(os.path.abspath(__file__))
        paths = sorted(glob.glob(os.path.join(here, "*.json")))
    if not paths:
        print("no vector files found")
        return 1
    failed = 0
    for path in paths:
        problems, worst, K, gamma = check_file(path)
        status = "ok" if not problems else "FAILED"
        print(f"{os.path.basename(path)}: {status}  (K = {K}, gamma_K = {gamma:.3e}, largest error/tolerance = {worst:.3f})")
        for problem in problems[:10]:
            print("   ", problem)
        failed += bool(problems)
    print(f"{len(paths) - failed} of {len(paths)} files pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
