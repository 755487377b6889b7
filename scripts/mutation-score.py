#!/usr/bin/env python3
"""Mutation score of the test suite (issue 13).

Applies each single-line mutation of a fixed, committed list (scripts/mutations.txt) to
Sources/, rebuilds, runs the tests named by the mutation's filter and records whether the
tests notice:

  killed      the build succeeded and the filtered tests failed (or crashed, or timed out)
  survived    the build succeeded and the filtered tests passed
  no-compile  the mutated package does not build (reported apart, not counted)
  no-tests    the filter ran no test at all (a broken entry, not counted)

Score = killed / (killed + survived). The source file is restored after every mutation,
also on an error, Ctrl-C or SIGTERM (try/finally), and the script checks at the end that
`git diff --quiet -- Sources` holds.

Usage (from the package root or anywhere inside it):

  scripts/mutation-score.py                       # every mutation
  scripts/mutation-score.py --only EX-round-up,FP-tile-acc
  scripts/mutation-score.py --list                # print the list and check each fragment
  scripts/mutation-score.py --json /tmp/mutation-score.json
Options:
  --no-fail-fast     run every filtered test to the end (by default a test run is stopped at the
                     first failed expectation, which already decides "killed"; the test binary's
                     output is line-buffered with stdbuf so that it shows at once)
  --mutations FILE   the list (default scripts/mutations.txt)
  --jobs N           swift build -j N (default 1)
  --build-timeout S  default 1800; a build that times out counts as no-compile
  --test-timeout S   default 600; a test run that times out counts as killed (a hang)
  --log-dir DIR      build and test output per mutation (default a new temporary directory)

All 43 mutations take about 7 minutes on a 2-core machine (incremental builds of 2-10 s each).
After a run, .build holds the last mutant's products until the next `swift build` (the restored
file is newer, so that build recompiles it).

Format of the list, one mutation a line, fields separated by " ||| ":
  id ||| file ||| original fragment ||| replacement ||| swift test --filter regex ||| description
The original fragment must occur exactly once in the file (checked before applying).
Lines starting with # and blank lines are ignored.

The tests run with `swift test --skip-build --filter <regex>` after
`swift build --build-tests -j N`. Exit status: 0 when every selected mutation was applied and
the tree is clean afterwards, 1 otherwise (whatever the score).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEPARATOR = " ||| "


class Mutation:
    def __init__(self, line_number, fields):
        (self.id, self.path, self.original, self.replacement, self.filter, self.description) = fields
        self.line_number = line_number

    @property
    def module(self):
        parts = Path(self.path).parts
        return parts[1] if len(parts) > 1 and parts[0] == "Sources" else "?"


def parse(list_file):
    mutations = []
    for number, raw in enumerate(list_file.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split(SEPARATOR)]
        if len(fields) != 6 or not all(fields[:5]):
            sys.exit(f"{list_file}:{number}: expected 6 fields separated by '{SEPARATOR}', got {len(fields)}")
        mutations.append(Mutation(number, fields))
    ids = [m.id for m in mutations]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        sys.exit(f"{list_file}: duplicate ids {', '.join(duplicates)}")
    return mutations


def check_fragment(root, mutation):
    """None when the fragment occurs exactly once on one line, else the reason."""
    path = root / mutation.path
    if not path.is_file():
        return f"{mutation.path} does not exist"
    text = path.read_text(encoding="utf-8")
    count = text.count(mutation.original)
    if count != 1:
        return f"the fragment occurs {count} times in {mutation.path}"
    if "\n" in mutation.original or "\n" in mutation.replacement:
        return "the fragment must be a part of one line"
    if mutation.original == mutation.replacement:
        return "the replacement equals the original"
    return None


STDBUF = ["stdbuf", "-oL", "-eL"] if shutil.which("stdbuf") else []
FAILURE_MARK = "recorded an issue"   # Swift Testing's line for a failed expectation


def descendants(pid):
    """The processes started by pid, recursively (from /proc; swift-test runs the test binary
    in a process group of its own, so killing the group of swift-test is not enough)."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    found.append(int(child))
                    found += descendants(int(child))
    except OSError:
        pass
    return found


def stop(process):
    """Kill process, its group and every descendant; wait for it."""
    for pid in [process.pid] + descendants(process.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.wait()


def run(command, cwd, timeout, log_path, fail_fast=False):
    """(returncode or None on timeout, seconds, output). With fail_fast, the process group is
    stopped as soon as the log shows a failed expectation, and the return code is then -1."""
    start = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        log.write("$ " + " ".join(command) + "\n")
        log.flush()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            code = None
            while True:
                try:
                    code = process.wait(timeout=2)
                    break
                except subprocess.TimeoutExpired:
                    if time.monotonic() - start > timeout:
                        stop(process)
                        code = None
                        break
                    if fail_fast and FAILURE_MARK in Path(log_path).read_text(encoding="utf-8", errors="replace"):
                        stop(process)
                        code = -1
                        break
        except BaseException:
            stop(process)
            raise
    output = Path(log_path).read_text(encoding="utf-8", errors="replace")
    return code, time.monotonic() - start, output


def tests_ran(output):
    """The number of tests Swift Testing and XCTest report, or None when unknown."""
    counts = [int(n) for n in re.findall(r"Test run with (\d+) tests?", output)]
    counts += [int(n) for n in re.findall(r"Executed (\d+) tests?", output)]
    return sum(counts) if counts else None


def evaluate(root, mutation, args, log_dir):
    reason = check_fragment(root, mutation)
    if reason:
        return {"result": "invalid", "detail": reason}
    path = root / mutation.path
    original_bytes = path.read_bytes()
    text = original_bytes.decode("utf-8")
    mutated = text.replace(mutation.original, mutation.replacement, 1)
    record = {}
    try:
        path.write_bytes(mutated.encode("utf-8"))
        build_log = log_dir / f"{mutation.id}.build.log"
        code, seconds, output = run(["swift", "build", "--build-tests", "-j", str(args.jobs)], root,
                                    args.build_timeout, build_log)
        record["build_seconds"] = round(seconds, 1)
        if code is None:
            record.update(result="no-compile", detail=f"build timed out after {args.build_timeout} s")
            return record
        if code != 0:
            errors = [l for l in output.splitlines() if "error:" in l][:3]
            record.update(result="no-compile", detail="does not compile: " + " | ".join(errors))
            return record
        test_log = log_dir / f"{mutation.id}.test.log"
        # stdbuf: line-buffered output of the test binary, so that a failed expectation shows at once.
        code, seconds, output = run(STDBUF + ["swift", "test", "--skip-build", "--filter", mutation.filter], root,
                                    args.test_timeout, test_log, fail_fast=not args.no_fail_fast)
        record["test_seconds"] = round(seconds, 1)
        if code is None:
            record.update(result="killed", detail=f"tests timed out after {args.test_timeout} s")
        elif code != 0:
            failed = re.findall(r"✘ Test (\S+)", output)
            trap = re.search(r"(Fatal error|Assertion failed|Precondition failed): ?(.*)", output)
            if failed:
                detail = "tests fail: " + ", ".join(sorted(set(failed))[:4])
            elif trap:
                detail = f"a test traps ({trap.group(1)}: {trap.group(2)[:80]})"
            else:
                detail = f"tests fail (exit {code})"
            record.update(result="killed", detail=detail)
        elif tests_ran(output) == 0:
            record.update(result="no-tests", detail=f"the filter {mutation.filter!r} ran no test")
        else:
            record.update(result="survived", detail=f"{tests_ran(output)} tests pass")
        return record
    finally:
        path.write_bytes(original_bytes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mutations", default=None, help="the list (default scripts/mutations.txt)")
    parser.add_argument("--only", default=None, help="comma-separated ids")
    parser.add_argument("--list", action="store_true", help="print the mutations, check the fragments, exit")
    parser.add_argument("--json", default=None, help="write the results as JSON to this file")
    parser.add_argument("--jobs", type=int, default=1, help="swift build -j (default 1)")
    parser.add_argument("--build-timeout", type=int, default=1800)
    parser.add_argument("--test-timeout", type=int, default=600)
    parser.add_argument("--log-dir", default=None)
    parser.add_argument("--no-fail-fast", action="store_true",
                        help="run the filtered tests to the end (default: stop at the first failed expectation)")
    args = parser.parse_args()

    root = Path(subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                               cwd=Path(__file__).resolve().parent, check=True).stdout.strip())
    list_file = Path(args.mutations) if args.mutations else root / "scripts" / "mutations.txt"
    mutations = parse(list_file)
    if args.only:
        wanted = [i.strip() for i in args.only.split(",") if i.strip()]
        unknown = [i for i in wanted if i not in {m.id for m in mutations}]
        if unknown:
            sys.exit(f"unknown mutation ids: {', '.join(unknown)}")
        mutations = [m for m in mutations if m.id in wanted]

    if args.list:
        bad = 0
        for m in mutations:
            reason = check_fragment(root, m)
            bad += reason is not None
            print(f"{m.id:<22} {m.module:<15} {m.description}" + (f"   [INVALID: {reason}]" if reason else ""))
            print(f"{'':<22} {m.path}: {m.original!r} -> {m.replacement!r}   filter {m.filter}")
        modules = sorted({m.module for m in mutations})
        print(f"\n{len(mutations)} mutations over {len(modules)} modules ({', '.join(modules)}); {bad} invalid")
        return 1 if bad else 0

    if subprocess.run(["git", "diff", "--quiet", "--", "Sources"], cwd=root).returncode != 0:
        sys.exit("Sources/ has uncommitted changes; commit or stash them first (the script restores files byte for byte)")

    # SIGTERM as KeyboardInterrupt, so that the finally clauses restore the file.
    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)

    log_dir = Path(args.log_dir) if args.log_dir else Path(tempfile.mkdtemp(prefix="mutation-score."))
    log_dir.mkdir(parents=True, exist_ok=True)
    print(f"{len(mutations)} mutations; logs in {log_dir}", flush=True)
    results = []
    start = time.monotonic()
    interrupted = False
    try:
        for index, m in enumerate(mutations, start=1):
            record = evaluate(root, m, args, log_dir)
            record.update(id=m.id, module=m.module, file=m.path, description=m.description, filter=m.filter)
            results.append(record)
            print(f"[{index}/{len(mutations)}] {m.id:<22} {record['result']:<10} {record.get('detail', '')}"
                  f"  (build {record.get('build_seconds', '-')} s, tests {record.get('test_seconds', '-')} s)",
                  flush=True)
    except KeyboardInterrupt:
        interrupted = True
        print("\ninterrupted; the mutated file was restored", flush=True)
    elapsed = time.monotonic() - start

    killed = sum(r["result"] == "killed" for r in results)
    survived = sum(r["result"] == "survived" for r in results)
    other = [r for r in results if r["result"] not in ("killed", "survived")]
    print()
    print(f"| {'id':<22} | {'module':<15} | {'result':<10} | description")
    print(f"|{'-' * 24}|{'-' * 17}|{'-' * 12}|{'-' * 40}")
    for r in results:
        print(f"| {r['id']:<22} | {r['module']:<15} | {r['result']:<10} | {r['description']}")
    print()
    survivors = [r["id"] for r in results if r["result"] == "survived"]
    print("survivors: " + (", ".join(survivors) if survivors else "none"))
    if other:
        print("not counted: " + ", ".join(f"{r['id']} ({r['result']}: {r.get('detail', '')})" for r in other))
    score = killed / (killed + survived) if killed + survived else float("nan")
    print(f"score: {killed}/{killed + survived} killed = {100 * score:.1f} %   ({elapsed / 60:.1f} min)")

    clean = subprocess.run(["git", "diff", "--quiet", "--", "Sources"], cwd=root).returncode == 0
    print("working tree restored (git diff --quiet -- Sources)" if clean else "ERROR: Sources/ differs from HEAD")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "killed": killed, "survived": survived, "score": score, "seconds": round(elapsed, 1),
            "interrupted": interrupted, "clean": clean, "results": results}, indent=2) + "\n", encoding="utf-8")
    return 0 if clean and not interrupted and not any(r["result"] == "invalid" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
