#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (AddressSanitizer + libFuzzer, leak detection on)
# and runs them, one worker each, from their committed seed corpus Fuzz/corpus/<target>/.
#
#   scripts/fuzz.sh                       every target, 60 s each
#   scripts/fuzz.sh rational --runs 1000000
#   scripts/fuzz.sh csv params --time 300
#   scripts/fuzz.sh --build-only          only build
#   scripts/fuzz.sh --seeds-only          run each target once over its seeds (a smoke test)
#
# New inputs that libFuzzer finds go to Fuzz/.build/corpus/<target>/ (not committed), crashes,
# leaks and timeouts to Fuzz/.build/artifacts/<target>/. The exit status is 1 when any target
# failed. A summary line per target (executions, seconds, exec/s, peak RSS) ends the output.
set -euo pipefail
cd "$(dirname "$0")/.."
ALL=(rational bigint polynomial csv params schedule floatdata arguments cli)
targets=(); runs=""; time_s=""; build_only=0; seeds_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --time) time_s="$2"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --seeds-only) seeds_only=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) [[ " ${ALL[*]} " == *" $1 "* ]] || { echo "fuzz.sh: unknown target $1 (one of: ${ALL[*]})" >&2; exit 2; }
       targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL[@]}")
[ -n "$runs" ] || [ -n "$time_s" ] || time_s=60

config="${FUZZ_CONFIG:-release}"   # release: ~10x the executions per second of debug
echo "fuzz.sh: building ($config, -sanitize=fuzzer,address)"
swift build --package-path Fuzz -c "$config" -j 1 -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing >&2
bin="$(swift build --package-path Fuzz -c "$config" -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing --show-bin-path)"
[ "$build_only" = 0 ] || exit 0

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
status=0; summary=()
for t in "${targets[@]}"; do
  work="Fuzz/.build/corpus/$t"; artifacts="Fuzz/.build/artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  if [ "$seeds_only" = 1 ]; then
    args=(-runs=0 "Fuzz/corpus/$t")
  else
    args=("$work" "Fuzz/corpus/$t")
    [ -n "$runs" ] && args+=(-runs="$runs")
    [ -n "$time_s" ] && args+=(-max_total_time="$time_s")
  fi
  log="Fuzz/.build/fuzz-$t.log"
  echo "fuzz.sh: $t"
  start=$(date +%s)
  # One process, one worker: libFuzzer's default (no -jobs/-workers, which would fork
  # children that log to ./fuzz-N.log).
  if "$bin/fuzz-$t" "${args[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
       -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$artifacts" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED; status=1
    grep -E 'ERROR|fuzz property failed|Fatal error|SUMMARY|Test unit written' "$log" | head -20 >&2 || true
  fi
  secs=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  summary+=("$(printf '%-11s %-6s execs=%s seconds=%s exec/s=%s peak_rss_mb=%s' "$t" "$result" "${execs:-?}" "$secs" "${rate:-?}" "${rss:-?}")")
done
printf '%s\n' "fuzz.sh: summary" "${summary[@]}"
exit $status
