#!/usr/bin/env python3
"""Time one full-batch gradient-descent step of the two-layer homotopy network in
NumPy, PyTorch (eager and torch.compile) and JAX (jit), on the problem FastPath's
benchmark uses.

    f(x) = c * sum_k a_k sigma_s(w_k . x),  sigma_s(z) = (1 - s) z + s max(0, z),
    c = float32(1/sqrt(m)),  L = (1/2n) sum_i (f(x_i) - y_i)^2,
    one step: both layers, theta <- theta - lr * grad L,  float32 throughout.

The data and the initial network are FastPath's, bit for bit: SyntheticDataset
.gaussian(count: n, dimension: d, seed: SEED) and HomotopyNetwork.seeded(width: m,
dimension: d, s: s, seed: SEED + 1), regenerated here with the same SplitMix64 and
Box-Muller recipe (so `verify train --dataset gaussian --seed SEED` trains the same
problem). Each peer's loss before its first step is printed, so one can check
that all of them and FastPath compute the same thing.

Usage:
    time_peers.py [--d 2 16] [--n 1024] [--m 8192] [--s 1.5] [--seed 1]
                  [--repeats 20] [--peers numpy torch torch-compile jax] [--json]

Peers that are not installed are skipped with a note. Timings are wall-clock
medians after warm-up (compilation excluded), on all cores the library uses.
"""
import argparse
import json
import math
import statistics
import sys
import time

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def normal_double(self):
        u1 = ((self.next() >> 11) + 0.5) / 9007199254740992.0
        u2 = (self.next() >> 11) / 9007199254740992.0
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)

    def sign(self):
        return 1.0 if self.next() >> 63 == 0 else -1.0


def fastpath_problem(n, d, m, seed):
    """FastPath's gaussian dataset and seeded (non-symmetric) network, as float32 arrays."""
    import numpy as np
    rng = SplitMix64(seed)
    beta = [rng.normal_double() for _ in range(d)]
    norm = math.sqrt(sum(b * b for b in beta))
    beta = [b / norm if norm > 0 else 1 / math.sqrt(d) for b in beta]
    X = np.empty((n, d), dtype=np.float32)
    y = np.empty(n, dtype=np.float32)
    for i in range(n):
        row = np.array([rng.normal_double() for _ in range(d)], dtype=np.float32)
        X[i] = row
        projection = sum(beta[j] * float(row[j]) for j in range(d))
        y[i] = np.float32(math.sin(2 * projection))
    rng = SplitMix64(seed + 1)
    a = np.empty(m, dtype=np.float32)
    W = np.empty((m, d), dtype=np.float32)
    for k in range(m):
        a[k] = rng.sign()
        W[k] = np.array([rng.normal_double() for _ in range(d)], dtype=np.float32)
    c = np.float32(1 / math.sqrt(m))
    return X, y, a, W, c


def time_it(step, repeats):
    for _ in range(3):
        step()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        samples.append(time.perf_counter() - start)
    return 1000 * statistics.median(samples)


def numpy_peer(X, y, a, W, c, s, lr, repeats):
    import numpy as np
    X, y, a, W = X.copy(), y.copy(), a.copy(), W.copy()
    n = np.float32(X.shape[0])
    one_minus_s, lr, half = np.float32(1 - s), np.float32(lr), np.float32(0.5)
    state = {"a": a, "W": W, "first": None}

    def step():
        a, W = state["a"], state["W"]
        Z = X @ W.T
        S = np.where(Z > 0, Z, one_minus_s * Z)
        r = c * (S @ a) - y
        loss = half * np.mean(r * r)
        ga = (c / n) * (S.T @ r)
        G = np.where(Z > 0, np.float32(1), one_minus_s) * r[:, None]
        gW = (c / n) * a[:, None] * (G.T @ X)
        state["a"], state["W"] = a - lr * ga, W - lr * gW
        if state["first"] is None:
            state["first"] = float(loss)

    ms = time_it(step, repeats)
    return ms, state["first"]


def torch_peer(X, y, a, W, c, s, lr, repeats, compiled):
    import torch
    torch.set_num_threads(max(1, torch.get_num_threads()))
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    at = torch.from_numpy(a.copy()).requires_grad_(True)
    Wt = torch.from_numpy(W.copy()).requires_grad_(True)
    cf = float(c)

    def loss_fn(a, W):
        Z = Xt @ W.T
        S = (1 - s) * Z + s * torch.relu(Z)
        r = cf * (S @ a) - yt
        return 0.5 * torch.mean(r * r)

    fn = torch.compile(loss_fn) if compiled else loss_fn
    first = {}

    def step():
        loss = fn(at, Wt)
        loss.backward()
        with torch.no_grad():
            at.sub_(lr * at.grad)
            Wt.sub_(lr * Wt.grad)
        at.grad = None
        Wt.grad = None
        first.setdefault("loss", float(loss.detach()))

    ms = time_it(step, repeats)
    return ms, first["loss"]


def jax_peer(X, y, a, W, c, s, lr, repeats):
    import jax
    import jax.numpy as jnp
    Xj, yj = jnp.asarray(X), jnp.asarray(y)
    cf = jnp.float32(c)

    def loss_fn(params):
        a, W = params
        Z = Xj @ W.T
        S = (1 - s) * Z + s * jnp.maximum(Z, 0)
        r = cf * (S @ a) - yj
        return 0.5 * jnp.mean(r * r)

    @jax.jit
    def update(params):
        loss, grads = jax.value_and_grad(loss_fn)(params)
        return loss, tuple(p - lr * g for p, g in zip(params, grads))

    state = {"params": (jnp.asarray(a), jnp.asarray(W))}
    first = {}

    def step():
        loss, state["params"] = update(state["params"])
        jax.block_until_ready(state["params"])
        first.setdefault("loss", float(loss))

    ms = time_it(step, repeats)
    return ms, first["loss"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--d", type=int, nargs="+", default=[2, 16])
    parser.add_argument("--n", type=int, default=1024)
    parser.add_argument("--m", type=int, default=8192)
    parser.add_argument("--s", type=float, default=1.5)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--peers", nargs="+", default=["numpy", "torch", "torch-compile", "jax"])
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args()

    results = []
    for d in args.d:
        X, y, a, W, c = fastpath_problem(args.n, d, args.m, args.seed)
        for peer in args.peers:
            try:
                if peer == "numpy":
                    ms, loss = numpy_peer(X, y, a, W, c, args.s, args.lr, args.repeats)
                elif peer == "torch":
                    ms, loss = torch_peer(X, y, a, W, c, args.s, args.lr, args.repeats, compiled=False)
                elif peer == "torch-compile":
                    ms, loss = torch_peer(X, y, a, W, c, args.s, args.lr, args.repeats, compiled=True)
                elif peer == "jax":
                    ms, loss = jax_peer(X, y, a, W, c, args.s, args.lr, args.repeats)
                else:
                    raise ValueError(f"unknown peer {peer}")
            except ImportError as error:
                print(f"note: {peer} skipped ({error})", file=sys.stderr)
                continue
            except Exception as error:  # a peer that fails to run is reported, not fatal
                print(f"note: {peer} failed: {type(error).__name__}: {error}", file=sys.stderr)
                continue
            record = {"peer": peer, "d": d, "n": args.n, "m": args.m, "ms_per_step": ms,
                      "pairs_per_second": args.n * args.m / (ms / 1000), "first_loss": loss}
            results.append(record)
            if args.json:
                print(json.dumps(record), flush=True)
            else:
                print(f"{peer:14s} d={d:<3d} {ms:9.3f} ms/step  {record['pairs_per_second']:.3e} pairs/s  "
                      f"loss before the first step {loss:.7g}", flush=True)


if __name__ == "__main__":
    main()
