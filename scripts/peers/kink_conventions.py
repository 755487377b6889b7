#!/usr/bin/env python3
"""What PyTorch and JAX autodiff return at the kink of sigma_s(z) = (1 - s) z + s max(0, z).

    python3 scripts/peers/kink_conventions.py [--json FILE]

Run it in a private environment with torch and/or jax installed (never in the build or CI):

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install numpy jax torch
    /tmp/peers/bin/python scripts/peers/kink_conventions.py --json /tmp/kinks.json

For each framework found, each common way of writing sigma_s, and s in {0, 1/2, 1, 3/2, 2},
it measures by autodiff at z = 0 exactly (float64):
  - the first derivative sigma_s'(0) and the second derivative sigma_s''(0);
  - the gradient and the Hessian of the loss of the golden-vector case `kink`
    (vectors/kink_s*.json, whose sample 1 lies on neuron 2's kink), and which kink slope
    kappa they correspond to: the script solves for the kappa that reproduces them with
    the exact formulas (gradient and Hessian are polynomials in kappa), so a port can be
    named by its convention.
The exact one-sided values are 1 - s (left) and 1 (right); the Clarke subdifferential of
sigma_s at 0 is the interval between them. Prints a table; --json writes the measurements.
"""
import json
import os
import sys
from fractions import Fraction

S_VALUES = [Fraction(0), Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(2)]
HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "..", "vectors")


def forms(lib):
    """The ways of writing sigma_s, as functions (s, z) -> value, for lib 'torch' or 'jax'."""
    if lib == "torch":
        import torch
        F = torch.nn.functional
        return {
            "(1-s)z + s*relu(z)": lambda s, z: (1 - s) * z + s * torch.relu(z),
            "(1-s)z + s*maximum(z, 0)": lambda s, z: (1 - s) * z + s * torch.maximum(z, torch.zeros_like(z)),
            "(1-s)z + s*clamp(z, min=0)": lambda s, z: (1 - s) * z + s * torch.clamp(z, min=0),
            "where(z > 0, z, (1-s)z)": lambda s, z: torch.where(z > 0, z, (1 - s) * z),
            "leaky_relu(z, 1-s)": lambda s, z: F.leaky_relu(z, negative_slope=float(1 - s)),
            "(1-s/2)z + (s/2)|z|": lambda s, z: (1 - s / 2) * z + (s / 2) * torch.abs(z),
        }
    import jax.numpy as jnp
    import jax
    return {
        "(1-s)z + s*relu(z)": lambda s, z: (1 - s) * z + s * jax.nn.relu(z),
        "(1-s)z + s*maximum(z, 0)": lambda s, z: (1 - s) * z + s * jnp.maximum(z, 0.0),
        "(1-s)z + s*clip(z, 0)": lambda s, z: (1 - s) * z + s * jnp.clip(z, 0.0, None),
        "where(z > 0, z, (1-s)z)": lambda s, z: jnp.where(z > 0, z, (1 - s) * z),
        "leaky_relu(z, 1-s)": lambda s, z: jax.nn.leaky_relu(z, negative_slope=float(1 - s)),
        "(1-s/2)z + (s/2)|z|": lambda s, z: (1 - s / 2) * z + (s / 2) * jnp.abs(z),
    }


def load_case(s):
    name = {Fraction(0): "0", Fraction(1, 2): "0.5", Fraction(1): "1", Fraction(3, 2): "1.5", Fraction(2): "2"}[s]
    with open(os.path.join(VECTORS, f"kink_s{name}.json")) as f:
        return json.load(f)


def exact_derivatives(case, s, kappa):
    """Gradient and Hessian of L = (1/2n) sum r_i^2 with sigma'(0) := kappa, sigma'' := 0 (Fractions)."""
    fr = lambda v: Fraction(v)
    X = [[fr(v) for v in row] for row in case["x"]["exact"]]
    y = [fr(v) for v in case["y"]["exact"]]
    a = [fr(v) for v in case["a"]["exact"]]
    W = [[fr(v) for v in row] for row in case["W"]["exact"]]
    c = fr(case["scale"]["exact"])
    n, d, m = len(X), len(X[0]), len(a)
    P = m + m * d

    def sig(z):
        return z if z > 0 else (1 - s) * z

    def slope(z):
        return Fraction(1) if z > 0 else (1 - s) if z < 0 else kappa

    grad = [Fraction(0)] * P
    hess = [[Fraction(0)] * P for _ in range(P)]
    for i in range(n):
        z = [sum(W[k][j] * X[i][j] for j in range(d)) for k in range(m)]
        f = c * sum(a[k] * sig(z[k]) for k in range(m))
        r = f - y[i]
        J = [Fraction(0)] * P
        for k in range(m):
            J[k] = c * sig(z[k])
            for j in range(d):
                J[m + k * d + j] = c * a[k] * slope(z[k]) * X[i][j]
        for p in range(P):
            grad[p] += r * J[p] / n
            for q in range(P):
                hess[p][q] += J[p] * J[q] / n
        for k in range(m):  # residual term: d2 f / da_k dw_kj = c sigma'(z) x_j
            for j in range(d):
                v = r * c * slope(z[k]) * X[i][j] / n
                hess[k][m + k * d + j] += v
                hess[m + k * d + j][k] += v
    return grad, hess


def measure(lib):
    import numpy as np
    if lib == "torch":
        import torch
        torch.set_default_dtype(torch.float64)
    else:
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
    results = []
    for form, sigma in forms(lib).items():
        for s in S_VALUES:
            sf = float(s)
            case = load_case(s)
            X = np.array(case["x"]["float32"], dtype=np.float64)
            y = np.array(case["y"]["float32"], dtype=np.float64)
            theta0 = np.array(case["parameters"]["float32"], dtype=np.float64)
            c = float(Fraction(case["scale"]["exact"]))
            m, d, n = case["m"], case["d"], case["n"]

            if lib == "torch":
                def act(z): return sigma(sf, z)
                z0 = torch.tensor(0.0, requires_grad=True)
                (g1,) = torch.autograd.grad(act(z0), z0, create_graph=True)
                try:
                    (g2,) = torch.autograd.grad(g1, z0, allow_unused=False)
                    second = float(g2)
                except RuntimeError:
                    second = 0.0  # g1 does not depend on z0: the graph has no second derivative
                first = float(g1)

                def loss(theta):
                    a, Wm = theta[:m], theta[m:].reshape(m, d)
                    f = c * (act(torch.tensor(X) @ Wm.T) @ a)
                    return ((f - torch.tensor(y)) ** 2).sum() / (2 * n)
                t = torch.tensor(theta0, requires_grad=True)
                grad = torch.autograd.grad(loss(t), t)[0].numpy()
                hess = torch.autograd.functional.hessian(loss, torch.tensor(theta0)).numpy()
            else:
                def act(z): return sigma(sf, z)
                first = float(jax.grad(act)(0.0))
                second = float(jax.grad(jax.grad(act))(0.0))

                def loss(theta):
                    a, Wm = theta[:m], theta[m:].reshape(m, d)
                    f = c * (act(jnp.asarray(X) @ Wm.T) @ a)
                    return ((f - jnp.asarray(y)) ** 2).sum() / (2 * n)
                grad = np.asarray(jax.grad(loss)(jnp.asarray(theta0)))
                hess = np.asarray(jax.hessian(loss)(jnp.asarray(theta0)))
            # Which kink slope reproduces the framework's gradient and Hessian exactly?
            kappa = Fraction(first).limit_denominator(1 << 20)
            g_exact, h_exact = exact_derivatives(case, s, kappa)
            g_err = max(abs(float(g) - e) for g, e in zip(g_exact, grad))
            h_err = max(abs(float(h_exact[p][q]) - hess[p][q]) for p in range(len(grad)) for q in range(len(grad)))
            left, right = 1 - s, Fraction(1)
            lo, hi = min(left, right), max(left, right)
            results.append({
                "framework": lib, "form": form, "s": str(s), "sigma_prime_0": first, "sigma_second_0": second,
                "kappa": str(kappa), "matches_kappa": bool(g_err < 1e-12 and h_err < 1e-12),
                "gradient_error": g_err, "hessian_error": h_err,
                "subgradient": bool(lo <= kappa <= hi),
                "one_sided": "no kink" if left == right else "left" if kappa == left else "right" if kappa == right else "neither",
            })
    return results


def main():
    out = None
    if "--json" in sys.argv:
        out = sys.argv[sys.argv.index("--json") + 1]
    libs = []
    for lib in ("torch", "jax"):
        try:
            __import__(lib)
            libs.append(lib)
        except ImportError:
            print(f"{lib}: not installed, skipped", file=sys.stderr)
    if not libs:
        print("neither torch nor jax is installed", file=sys.stderr)
        return 2
    versions = {}
    rows = []
    for lib in libs:
        versions[lib] = __import__(lib).__version__
        rows += measure(lib)
    print(f"{'framework':9} {'form':28} {'s':>4} {'σ′(0)':>7} {'σ″(0)':>6} {'κ':>5} {'grad/Hess = κ':>13} {'in Clarke':>9} {'side':>7}")
    for r in rows:
        print(f"{r['framework']:9} {r['form']:28} {r['s']:>4} {r['sigma_prime_0']:7.3g} {r['sigma_second_0']:6.3g} "
              f"{r['kappa']:>5} {str(r['matches_kappa']):>13} {str(r['subgradient']):>9} {r['one_sided']:>7}")
    if out:
        with open(out, "w") as f:
            json.dump({"versions": versions, "results": rows}, f, indent=1)
    return 0 if all(r["matches_kappa"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
