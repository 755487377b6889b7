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
                  [--isolate] [--cache DIR]
    time_peers.py --gemm [--gemm-size 2048] [--gemm-repeats 10] [--d ...] [--n] [--m] [--json]

Peers that are not installed are skipped with a note. Timings are wall-clock
medians after warm-up (compilation excluded), on all cores the library uses.
Each record carries gflops, counted as 4 n m d per step (the two GEMM-shaped
products X W^T and G^T X, 2 n m d each; the O(n m) elementwise work is not
counted), and peak_rss_mb, the process's maximum resident set size
(getrusage(RUSAGE_SELF).ru_maxrss when the peer has finished). With --isolate
each (d, peer) runs in its own child process, so that peak belongs to that peer
and d alone (without it, it is the running maximum of the whole process);
peak_rss_children_mb is the largest of that child's own children (torch.compile's
compile workers, say). --cache DIR keeps the generated problem in DIR, so the
children do not regenerate it in pure Python.

--gemm times NumPy's float32 GEMM instead (C = A @ B, contiguous float32 A and B,
median of --gemm-repeats after 2 warm-ups, GFLOP/s = 2 M N K / time): the square
--gemm-size^3 product ("square"), and for each --d the step's own shapes,
(n x d)(d x m) ("step-forward", X W^T) and (m x n)(n x d) ("step-backward",
G^T X). Each record says which OPENBLAS_* variables that process saw.
"""
import argparse
import json
import math
import os
import resource
import statistics
import subprocess
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


def cached_problem(n, d, m, seed, cache):
    """fastpath_problem, kept in CACHE (a folder) when given, so child processes share it."""
    import numpy as np
    if not cache:
        return fastpath_problem(n, d, m, seed)
    path = os.path.join(cache, f"problem-n{n}-d{d}-m{m}-seed{seed}.npz")
    if not os.path.exists(path):
        X, y, a, W, c = fastpath_problem(n, d, m, seed)
        os.makedirs(cache, exist_ok=True)
        tmp = path + f".{os.getpid()}.tmp.npz"
        np.savez(tmp, X=X, y=y, a=a, W=W, c=np.array(c, dtype=np.float32))
        os.replace(tmp, path)
    with np.load(path) as z:
        return z["X"], z["y"], z["a"], z["W"], np.float32(z["c"])


def peak_rss_mb(who=resource.RUSAGE_SELF):
    """Maximum resident set size so far, in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    kb = resource.getrusage(who).ru_maxrss
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024


def openblas_env():
    return {k: v for k, v in sorted(os.environ.items()) if k.startswith("OPENBLAS")}


def gemm_rate(M, N, K, repeats):
    """Median wall-clock of NumPy's float32 C = A @ B, A (M x K), B (K x N); GFLOP/s = 2 M N K / time."""
    import numpy as np
    rng = np.random.default_rng(0)
    A = rng.standard_normal((M, K), dtype=np.float32)
    B = rng.standard_normal((K, N), dtype=np.float32)
    C = np.empty((M, N), dtype=np.float32)
    for _ in range(2):
        np.matmul(A, B, out=C)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        np.matmul(A, B, out=C)
        samples.append(time.perf_counter() - start)
    seconds = statistics.median(samples)
    return 1000 * seconds, 2 * M * N * K / seconds / 1e9


def gemm_main(args):
    import numpy as np
    shapes = [("square", None, args.gemm_size, args.gemm_size, args.gemm_size)]
    for d in args.d:
        shapes.append(("step-forward", d, args.n, args.m, d))    # X W^T: (n x d)(d x m)
        shapes.append(("step-backward", d, args.m, d, args.n))   # G^T X: (m x n)(n x d)
    for name, d, M, N, K in shapes:
        ms, gflops = gemm_rate(M, N, K, args.gemm_repeats)
        record = {"gemm": name, "d": d, "M": M, "N": N, "K": K, "ms": ms, "gflops": gflops,
                  "repeats": args.gemm_repeats, "numpy": np.__version__, "openblas_env": openblas_env()}
        if args.json:
            print(json.dumps(record), flush=True)
        else:
            print(f"numpy sgemm {name:13s} {M}x{K} @ {K}x{N}: {ms:9.3f} ms  {gflops:8.2f} GFLOP/s", flush=True)


def isolate_main(args):
    """Run each (d, peer) in a child process of its own; pass its records through."""
    cache = args.cache
    if cache is None:
        import tempfile
        cache = tempfile.mkdtemp(prefix="time-peers-")
    for d in args.d:
        for peer in args.peers:
            command = [sys.executable, os.path.abspath(__file__), "--d", str(d), "--n", str(args.n),
                       "--m", str(args.m), "--s", repr(args.s), "--lr", repr(args.lr),
                       "--seed", str(args.seed), "--repeats", str(args.repeats), "--peers", peer,
                       "--cache", cache, "--json", "--isolated-child"]
            child = subprocess.run(command, stdout=subprocess.PIPE, text=True)
            if child.returncode != 0:
                print(f"note: {peer} d={d} child exited with {child.returncode}", file=sys.stderr)
            for line in child.stdout.splitlines():
                if not line.strip():
                    continue
                record = json.loads(line)
                if args.json:
                    print(json.dumps(record), flush=True)
                else:
                    print_record(record)


def print_record(record):
    print(f"{record['peer']:14s} d={record['d']:<3d} {record['ms_per_step']:9.3f} ms/step  "
          f"{record['gflops']:8.2f} GFLOP/s  {record['peak_rss_mb']:8.1f} MB peak  "
          f"loss before the first step {record['first_loss']:.7g}", flush=True)


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
    parser.add_argument("--isolate", action="store_true",
                        help="run each (d, peer) in its own child process (peak RSS per peer)")
    parser.add_argument("--isolated-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help="folder that keeps the generated problems (npz)")
    parser.add_argument("--gemm", action="store_true", help="time NumPy float32 GEMM instead of the peers")
    parser.add_argument("--gemm-size", type=int, default=2048)
    parser.add_argument("--gemm-repeats", type=int, default=10)
    args = parser.parse_args()

    if args.gemm:
        return gemm_main(args)
    if args.isolate:
        return isolate_main(args)

    results = []
    for d in args.d:
        X, y, a, W, c = cached_problem(args.n, d, args.m, args.seed, args.cache)
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
            record = {"peer": peer, "d": d, "n": args.n, "m": args.m, "repeats": args.repeats,
                      "ms_per_step": ms, "pairs_per_second": args.n * args.m / (ms / 1000),
                      "gflops": 4 * args.n * args.m * d / (ms / 1000) / 1e9, "first_loss": loss,
                      "peak_rss_mb": peak_rss_mb(),
                      "peak_rss_children_mb": peak_rss_mb(resource.RUSAGE_CHILDREN),
                      "isolated": args.isolated_child, "openblas_env": openblas_env()}
            results.append(record)
            if args.json:
                print(json.dumps(record), flush=True)
            else:
                print_record(record)


if __name__ == "__main__":
    main()
