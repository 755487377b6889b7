#!/usr/bin/env bash
# Issue 13, "Sanitizers and leaks": runs every hardening check and prints one summary.
#
#   scripts/hardening.sh            everything (about an hour on 2 cores):
#     gmp       GMP block counts of the value types and the workspaces (LeakTests,
#               WorkspaceLeakTests), debug build
#     asan      swift test under AddressSanitizer (LeakSanitizer on), .build-asan/
#     tsan      swift test under ThreadSanitizer, .build-tsan/
#     valgrind  memcheck on every subcommand of the release `verify` and on a run of
#               suite checks: no definite or indirect leak, no memory error
#     fuzz      scripts/fuzz.sh, every target for FUZZ_TIME seconds (default 120)
#   scripts/hardening.sh --quick    gmp + valgrind on the commands only (what CI runs)
#   scripts/hardening.sh asan tsan  only the named parts
#
# Builds use -j 1 (HARDENING_JOBS to change). Logs go to .build/hardening/. Exit status 1
# when any part failed.
set -uo pipefail
cd "$(dirname "$0")/.."
JOBS="${HARDENING_JOBS:-1}"
LOGS=.build/hardening
mkdir -p "$LOGS"
quick=0; parts=()
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    gmp|asan|tsan|valgrind|fuzz) parts+=("$a") ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "hardening.sh: unknown argument $a" >&2; exit 2 ;;
  esac
done
if [ ${#parts[@]} -eq 0 ]; then
  if [ "$quick" = 1 ]; then parts=(gmp valgrind); else parts=(gmp asan tsan valgrind fuzz); fi
fi
summary=(); failed=0
note() { summary+=("$1"); echo "hardening: $1"; }
fail() { failed=1; note "$1"; }

# Swift Testing output: the "Test run with N tests in M suites passed/failed" line.
test_result() { grep -E 'Test run with [0-9]+ tests' "$1" | tail -1 | sed 's/^.*Test run/Test run/'; }

run_gmp() {
  local log="$LOGS/gmp.log"
  if swift build --build-tests -j "$JOBS" >"$log.build" 2>&1 &&
     swift test --skip-build --filter 'LeakTests|WorkspaceLeakTests' >"$log" 2>&1; then
    note "gmp: ok — $(test_result "$log")"
  else
    fail "gmp: FAILED (see $log)"
  fi
  grep -E '^GMP blocks' "$log" | sort -u | sed 's/^/  /' || true
}

run_sanitizer() {   # $1 = address | thread
  local name="$1" dir=".build-${1:0:1}san" log="$LOGS/$1.log"
  [ "$name" = address ] && dir=.build-asan || dir=.build-tsan
  echo "hardening: $name sanitizer build ($dir)"
  if ! swift build --build-tests -j "$JOBS" --sanitize="$name" --scratch-path "$dir" >"$log.build" 2>&1; then
    fail "$name: build FAILED (see $log.build)"; return
  fi
  # halt_on_error keeps the first report readable; the suite must produce none.
  ASAN_OPTIONS="detect_leaks=1:halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
  LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=1${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
  TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan.supp${TSAN_OPTIONS:+:$TSAN_OPTIONS}" \
    swift test --skip-build --sanitize="$name" --scratch-path "$dir" >"$log" 2>&1
  local status=$?
  local reports
  reports=$(grep -cE '^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|Leak)Sanitizer)' "$log")
  if [ $status -eq 0 ] && [ "$reports" = 0 ]; then
    note "$name: ok, no sanitizer report — $(test_result "$log")"
  else
    fail "$name: FAILED (exit $status, $reports sanitizer reports; see $log)"
  fi
}

run_valgrind() {
  local log="$LOGS/valgrind.log" tmp
  tmp=$(mktemp -d)
  local config="${VERIFY_CONFIG:-release}"   # VERIFY_CONFIG=debug: the binary swift test builds
  echo "hardening: building $config verify"
  if ! swift build -c "$config" -j "$JOBS" --product verify >"$LOGS/valgrind-build.log" 2>&1; then
    fail "valgrind: build FAILED"; return
  fi
  local bin
  bin="$(swift build -c "$config" --show-bin-path)/verify"
  printf 'x1,x2,y\n1,0,1/2\n0.25,-3e-2,1\n-1,2,0\n1/3,1/7,2\n' >"$tmp/d.csv"
  printf 'x1,x2,y\n1,oops,2\n' >"$tmp/bad.csv"
  printf '{"s":"3/2","a":["1","-1","1/2","2"],"W":[["1","0"],["0","1"],["1/3","-1"],["-2","1/5"]]}' >"$tmp/p.json"
  # name | expected exit status | arguments
  local runs=(
    "list|0|list"
    "protocols|0|protocols"
    "kernel-finite|0|kernel --data $tmp/d.csv --s 3/2 --width 16 --seed 3 --json"
    "kernel-inf|0|kernel --data $tmp/d.csv --s 1/2 --width inf --bits 64"
    "derivatives|0|derivatives --data $tmp/d.csv --params $tmp/p.json --json"
    "train|0|train --dataset circle --n 32 --width 16 --schedule 0.5:5,1:5 --threads 2 --quiet"
    "train-newton|0|train --dataset gaussian --n 16 --d 3 --width 8 --schedule 1:3 --optimizer newton-cg --threads 2 --quiet"
    "vectors|0|vectors --out $tmp/vectors"
    "bad-s|2|kernel --data $tmp/d.csv --s 5/0"
    "bad-file|2|kernel --data $tmp/bad.csv --s 1"
    "bad-width|2|train --dataset circle --width 100000000000 --schedule 1:10"
    "bad-schedule|2|train --dataset circle --width 8 --schedule 1:9223372036854775807,1:1"
  )
  if [ "$quick" = 0 ]; then
    runs+=("suite-checks|0|check ${VALGRIND_CHECKS:-E1 E2 E3 1 4a 4b} --quiet")
    # More than 10 minutes under valgrind (debug): only when asked for, VALGRIND_CALIBRATE=7a.
    [ -n "${VALGRIND_CALIBRATE:-}" ] && runs+=("calibrate|0|calibrate $VALGRIND_CALIBRATE --replicates 10 --quiet")
  fi
  : >"$log"
  local ok=1
  for entry in "${runs[@]}"; do
    local name="${entry%%|*}" rest="${entry#*|}"
    local expected="${rest%%|*}" args="${rest#*|}"
    local vlog="$LOGS/valgrind-$name.log" start status
    start=$(date +%s)
    # shellcheck disable=SC2086
    valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
      --suppressions="$PWD/scripts/valgrind.supp" \
      --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --log-file="$vlog" \
      "$bin" $args >"$tmp/out" 2>"$tmp/err"
    status=$?
    local secs=$(( $(date +%s) - start ))
    local errors definite indirect possible
    errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$vlog" | tail -1)
    definite=$(sed -n 's/.*definitely lost: \([0-9,]* bytes in [0-9,]* blocks\).*/\1/p' "$vlog" | tail -1)
    indirect=$(sed -n 's/.*indirectly lost: \([0-9,]* bytes in [0-9,]* blocks\).*/\1/p' "$vlog" | tail -1)
    possible=$(sed -n 's/.*possibly lost: \([0-9,]* bytes in [0-9,]* blocks\).*/\1/p' "$vlog" | tail -1)
    local line
    line=$(printf '%-13s exit=%s (expected %s) %3ss errors=%s definite=%s indirect=%s possible=%s' \
      "$name" "$status" "$expected" "$secs" "${errors:-?}" "${definite:-0 bytes in 0 blocks}" \
      "${indirect:-0 bytes in 0 blocks}" "${possible:-0 bytes in 0 blocks}")
    echo "$line" | tee -a "$log"
    if [ "$status" != "$expected" ]; then ok=0; fi
  done
  rm -rf "$tmp"
  if [ $ok = 1 ]; then note "valgrind: ok (${#runs[@]} runs, see $log)"; else fail "valgrind: FAILED (see $log)"; fi
  sed 's/^/  /' "$log"
}

run_fuzz() {
  if scripts/fuzz.sh --time "${FUZZ_TIME:-120}" >"$LOGS/fuzz.log" 2>&1; then
    note "fuzz: ok"
  else
    fail "fuzz: FAILED (see $LOGS/fuzz.log)"
  fi
  sed -n '/^fuzz.sh: summary/,$p' "$LOGS/fuzz.log" | sed 's/^/  /'
}

for part in "${parts[@]}"; do
  case "$part" in
    gmp) run_gmp ;;
    asan) run_sanitizer address ;;
    tsan) run_sanitizer thread ;;
    valgrind) run_valgrind ;;
    fuzz) run_fuzz ;;
  esac
done
echo "hardening: summary"
printf '  %s\n' "${summary[@]}"
exit $failed
