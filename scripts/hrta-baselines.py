#!/usr/bin/env python3
"""HRTA (gd on the homotopy 0.5 -> 1) against gd, momentum, nesterov, rmsprop and adam at
s = 1, at an equal budget of 1000 steps, every method tuned by the same learning-rate grid
on tuning seeds, decided on 10 fresh seeds by the rule of proofs-notes/hrta-baselines.md
(fixed there before the first run).

    python3 scripts/hrta-baselines.py [--verify .build/release/verify] [--json OUT] [--quick]

`--quick` runs one problem with 3 verdict seeds and 1 tuning seed (a smoke test; its
verdicts are not results). Needs only the standard library and a release build of verify.
"""
import argparse
import json
import math
import random
import statistics
import subprocess
import sys

PROBLEMS = [("circle", 256, None), ("gaussian", 256, 16)]
WIDTH = 1024
T = 1000
GRID = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001]
TUNING_SEEDS = [2001, 2002, 2003]
SEEDS = list(range(1, 11))
BASELINES = ["gd", "momentum", "nesterov", "rmsprop", "adam"]
ALPHA = 0.01 / len(BASELINES)
DELTA = math.log(1.1)


def student_t_cdf(t, nu):
    """P(T <= t) for Student's t with nu degrees of freedom (regularised incomplete beta by
    a continued fraction, Numerical Recipes' betacf)."""
    x = nu / (nu + t * t)
    a, b = nu / 2, 0.5
    def betacf(a, b, x):
        qab, qap, qam = a + b, a + 1, a - 1
        c, d = 1.0, 1 - qab * x / qap
        d = 1 / d if abs(d) > 1e-300 else 1e300
        h = d
        for m in range(1, 300):
            m2 = 2 * m
            aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; c = 1 + aa / c
            d = 1 / d if abs(d) > 1e-300 else 1e300
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; c = 1 + aa / c
            d = 1 / d if abs(d) > 1e-300 else 1e300
            delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15:
                break
        return h
    lbeta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    front = math.exp(a * math.log(x) + b * math.log(1 - x) - lbeta) if 0 < x < 1 else 0.0
    ibeta = front * betacf(a, b, x) / a if x < (a + 1) / (a + b + 2) else 1 - front * betacf(b, a, 1 - x) / b
    return 1 - 0.5 * ibeta if t > 0 else 0.5 * ibeta


def student_t_quantile(p, nu):
    lo, hi = -100.0, 100.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if student_t_cdf(mid, nu) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def decide(ds, q):
    mean = statistics.fmean(ds)
    se = statistics.stdev(ds) / math.sqrt(len(ds))
    lo, hi = mean - q * se, mean + q * se
    verdict = "CONFIRMED" if lo > DELTA else "REFUTED" if hi < DELTA else "INCONCLUSIVE"
    return verdict, mean, lo, hi


def train(verify, problem, method, lr, seed):
    name, n, d = problem
    schedule = f"0.5:{T // 2},1:{T - T // 2}" if method == "hrta" else f"1:{T}"
    optimizer = "gd" if method == "hrta" else method
    command = [verify, "train", "--dataset", name, "--n", str(n), "--width", str(WIDTH), "--schedule", schedule,
               "--optimizer", optimizer, "--lr", str(lr), "--seed", str(seed), "--threads", "2", "--json", "--quiet"]
    if d is not None:
        command += ["--d", str(d)]
    run = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    loss = run["final_loss"]
    ok = not run["diverged"] and loss is not None and math.isfinite(loss) and loss > 0
    return (math.log(loss) if ok else math.inf), run


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verify", default=".build/release/verify")
    parser.add_argument("--json", dest="out")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    problems = PROBLEMS[:1] if args.quick else PROBLEMS
    seeds = SEEDS[:3] if args.quick else SEEDS
    tuning = TUNING_SEEDS[:1] if args.quick else TUNING_SEEDS
    q = student_t_quantile(1 - ALPHA, len(seeds) - 1)
    results = []
    for problem in problems:
        tuned = {}
        for method in ["hrta"] + BASELINES:
            scores = []
            for lr in GRID:
                logs = [train(args.verify, problem, method, lr, s)[0] for s in tuning]
                scores.append((statistics.fmean(logs) if all(math.isfinite(v) for v in logs) else math.inf, lr))
            best = min(scores)
            tuned[method] = best[1] if math.isfinite(best[0]) else None
            print(f"tuned {problem[0]} {method}: lr = {tuned[method]}", file=sys.stderr)
        logs, ms = {}, {}
        for method in ["hrta"] + BASELINES:
            if tuned[method] is None:
                logs[method] = None
                continue
            runs = [train(args.verify, problem, method, tuned[method], s) for s in seeds]
            logs[method] = [r[0] for r in runs]
            ms[method] = statistics.median(r[1]["ms_per_step"] for r in runs)
        rows = []
        for b in BASELINES:
            if logs[b] is None or logs["hrta"] is None or not all(map(math.isfinite, logs[b] + logs["hrta"])):
                rows.append({"baseline": b, "verdict": "INCONCLUSIVE (a method diverged on a verdict seed)"})
                continue
            ds = [lb - lh for lb, lh in zip(logs[b], logs["hrta"])]
            verdict, mean, lo, hi = decide(ds, q)
            sd = statistics.stdev(ds)
            rng = random.Random(12345)
            def rate(mu, want, reps=20000):
                hits = 0
                for _ in range(reps):
                    sample = [rng.gauss(mu, sd) for _ in ds]
                    if decide(sample, q)[0] == want:
                        hits += 1
                return hits / reps
            rows.append({"baseline": b, "verdict": verdict, "mean_log_ratio": mean, "interval": [lo, hi],
                         "ratio": math.exp(mean), "ratio_interval": [math.exp(lo), math.exp(hi)], "sd": sd,
                         "false_confirmed_at_margin": rate(DELTA, "CONFIRMED"),
                         "false_refuted_at_margin": rate(DELTA, "REFUTED"),
                         "power_at_margin_plus_4se": rate(DELTA + 4 * sd / math.sqrt(len(ds)), "CONFIRMED")})
        entry = {"problem": problem[0], "n": problem[1], "d": problem[2] or 2, "tuned_lr": tuned,
                 "median_final_loss": {m: (math.exp(statistics.median(v)) if v else None) for m, v in logs.items()},
                 "ms_per_step": ms, "t_quantile": q, "rows": rows}
        results.append(entry)
        print(f"\n{problem[0]} (n = {problem[1]}, d = {entry['d']}), m = {WIDTH}, T = {T} steps, {len(seeds)} seeds,"
              f" t = {q:.3f} (α' = {ALPHA})")
        for m in ["hrta"] + BASELINES:
            fl = entry["median_final_loss"][m]
            print(f"  {m:9} lr {str(tuned[m]):>6}  median final L_1 {fl:.4e}  {ms.get(m, float('nan')):.3f} ms/step"
                  if fl is not None else f"  {m:9} no rate of the grid converged")
        for r in rows:
            if "ratio" in r:
                print(f"  HRTA vs {r['baseline']:9} L_B/L_HRTA = {r['ratio']:.3f} [{r['ratio_interval'][0]:.3f},"
                      f" {r['ratio_interval'][1]:.3f}]  {r['verdict']:12}  (calibration: false CONFIRMED"
                      f" {r['false_confirmed_at_margin']:.4f}, false REFUTED {r['false_refuted_at_margin']:.4f} at the"
                      f" margin; power {r['power_at_margin_plus_4se']:.3f})")
            else:
                print(f"  HRTA vs {r['baseline']:9} {r['verdict']}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"protocol": "proofs-notes/hrta-baselines.md", "quick": args.quick, "width": WIDTH, "steps": T,
                       "grid": GRID, "delta": DELTA, "alpha_per_direction": ALPHA, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
