#!/usr/bin/env python3
"""Time to a target loss for gd, adam, newton-cg and gauss-newton (issue 10, point 6), under
the protocol of proofs-notes/wall-clock.md (fixed there before the first run).

    python3 scripts/wall-clock.py [--verify .build/release/verify] [--json OUT] [--quick]

Runs `verify train --json --quiet --record-every 1` for every (problem, s, method, seed):
first the learning-rate tuning of gd and adam on seed 1001, then seeds 1-5 for all four
methods. Prints, per (problem, s), each method's seeds reaching the target, median time and
gradient evaluations to it, median final loss, and the protocol's statement. `--quick` runs
one problem, one s and seeds 1-2 (a smoke test; its statements are not results).
Needs only the standard library and a release build of verify.
"""
import argparse
import json
import statistics
import subprocess
import sys

PROBLEMS = [("circle", 256, None), ("gaussian", 256, 16), ("bias1d", 64, None)]
S_VALUES = ["1", "1.5"]
WIDTH = 256
GRID = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001]
FIRST_ORDER = {"gd": 3000, "adam": 3000}
SECOND_ORDER = {"newton-cg": 150, "gauss-newton": 150}
TUNING_SEED = 1001
SEEDS = [1, 2, 3, 4, 5]
TARGET_FRACTION = 1e-2
PAYS, NOT_PAYS = 0.8, 1.25


def train(verify, problem, s, method, steps, seed, lr=None):
    name, n, d = problem
    command = [verify, "train", "--dataset", name, "--n", str(n), "--width", str(WIDTH),
               "--schedule", f"{s}:{steps}", "--optimizer", method, "--seed", str(seed),
               "--threads", "2", "--record-every", "1", "--json", "--quiet"]
    if d is not None:
        command += ["--d", str(d)]
    if lr is not None:
        command += ["--lr", str(lr)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def to_target(run):
    curve = run["loss_curve"]
    target = TARGET_FRACTION * curve[0]["loss"]
    for point in curve:
        if point["loss"] <= target:
            return point["seconds"], point["gradient_evaluations"]
    return None


def statement(rows, key):
    """The protocol's statement from {method: (reached, median)} by `key` (time or evaluations)."""
    def best(methods):
        full = [(rows[m][key], m) for m in methods if rows[m]["reached"] == len(rows[m]["seeds"])]
        return min(full) if full else None
    def some(methods):
        return any(rows[m]["reached"] >= 3 for m in methods)
    f, b = best(FIRST_ORDER), best(SECOND_ORDER)
    if f and b:
        ratio = b[0] / f[0] if f[0] > 0 else float("inf")
        verdict = ("pays off" if ratio < PAYS else "does not pay off" if ratio > NOT_PAYS else "comparable")
        return f"{verdict} ({b[1]} / {f[1]} = {ratio:.2f})"
    if b and not f and some(SECOND_ORDER):
        return f"pays off (no first-order method reaches the target on every seed; {b[1]} does)"
    if f and not b and some(FIRST_ORDER):
        return f"does not pay off (no second-order method reaches the target on every seed; {f[1]} does)"
    if not some(FIRST_ORDER) and not some(SECOND_ORDER):
        return "neither reaches the target"
    return "undecided by the rule (partial reach on both sides)"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verify", default=".build/release/verify")
    parser.add_argument("--json", dest="out")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    problems = PROBLEMS[:1] if args.quick else PROBLEMS
    s_values = S_VALUES[:1] if args.quick else S_VALUES
    seeds = SEEDS[:2] if args.quick else SEEDS
    results = []
    for problem in problems:
        for s in s_values:
            tuned = {}
            for method, steps in FIRST_ORDER.items():
                best = None
                for lr in GRID:
                    run = train(args.verify, problem, s, method, steps, TUNING_SEED, lr)
                    if run["diverged"]:
                        continue
                    if best is None or run["final_loss"] < best[0]:
                        best = (run["final_loss"], lr)
                tuned[method] = best[1] if best else GRID[-1]
                print(f"tuned {problem[0]} s={s} {method}: lr = {tuned[method]}", file=sys.stderr)
            rows = {}
            for method, steps in {**FIRST_ORDER, **SECOND_ORDER}.items():
                times, evaluations, finals, per_seed = [], [], [], []
                for seed in seeds:
                    run = train(args.verify, problem, s, method, steps, seed, tuned.get(method))
                    hit = to_target(run)
                    finals.append(run["final_loss"])
                    per_seed.append({"seed": seed, "to_target": hit, "final_loss": run["final_loss"],
                                     "seconds_in_steps": run["seconds_in_steps"], "steps": run["steps"]})
                    if hit:
                        times.append(hit[0])
                        evaluations.append(hit[1])
                rows[method] = {
                    "lr": tuned.get(method), "steps": steps, "seeds": seeds, "reached": len(times),
                    "time": statistics.median(times) if times else None,
                    "evaluations": statistics.median(evaluations) if evaluations else None,
                    "final_loss": statistics.median(finals), "per_seed": per_seed}
            entry = {"problem": problem[0], "n": problem[1], "d": problem[2] or 2, "s": s, "methods": rows,
                     "statement_time": statement(rows, "time"),
                     "statement_evaluations": statement(rows, "evaluations")}
            results.append(entry)
            print(f"\n{problem[0]} (n = {problem[1]}, d = {entry['d']}), s = {s}, m = {WIDTH}, target 1e-2 L0")
            print(f"  {'method':13} {'lr':>6} {'reached':>8} {'time to target':>15} {'grad evals':>11} {'final loss':>11}")
            for method, row in rows.items():
                t = f"{row['time']:.4f} s" if row["time"] is not None else "—"
                e = f"{row['evaluations']:.0f}" if row["evaluations"] is not None else "—"
                lr = f"{row['lr']}" if row["lr"] is not None else "—"
                print(f"  {method:13} {lr:>6} {row['reached']:>5}/{len(seeds)} {t:>15} {e:>11} {row['final_loss']:11.3e}")
            print(f"  by wall time: second-order {entry['statement_time']}")
            print(f"  by gradient evaluations: second-order {entry['statement_evaluations']}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"protocol": "proofs-notes/wall-clock.md", "width": WIDTH, "grid": GRID,
                       "target_fraction": TARGET_FRACTION, "quick": args.quick, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
