#!/usr/bin/env bash
# Fuzzes one target for SECONDS from its seeds, as scripts/fuzz (real runs) and the suite's
# smoke test (a few seconds) both do: the seeds are copied into WORKDIR (never the other way:
# the committed corpus stays small), libFuzzer first runs every seed, then mutates; new inputs
# stay in WORKDIR; crashes, leaks, timeouts and sanitizer reports go to FINDINGS/ and fail.
# Prints one line: executions, coverage (edges), features, corpus size, findings.
#   run_one.sh FUZZ_BINARY SEEDS_LIST WORKDIR FINDINGS SECONDS
set -euo pipefail
bin=$1 seeds=$2 work=$3 findings=$4 seconds=$5
name=$(basename "$bin")
name=${name#fuzz_}
mkdir -p "$work" "$findings"
# Findings of earlier runs stay (they are the reproducers to fix); only this run's count.
start=$work.started
touch "$start"
while read -r seed; do
  [ -n "$seed" ] && cp -f "$seed" "$work/seed-$(basename "$(dirname "$seed")")-$(basename "$seed")"
done <"$seeds"
log=$work.log
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
rc=0
# 128 KiB inputs reach the long-line cases (the 100k-character mc tag); -timeout: a parser
# that takes 10 s on one input is a finding too.
"$bin" -max_total_time="$seconds" -print_final_stats=1 -max_len=131072 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$findings/" "$work" >"$log" 2>&1 || rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
n=$(find "$findings" -type f -newer "$start" | wc -l)
printf '%-22s %4ss execs %-9s cov %-5s ft %-5s corpus %-5s findings %s%s\n' "$name" "$seconds" "${execs:-?}" \
  "${cov:-?}" "${ft:-?}" "${corp:-?}" "$n" "$([ "$rc" -ne 0 ] && echo " (exit $rc, see $log)")"
if [ "$rc" -ne 0 ] || [ "$n" -ne 0 ]; then
  grep -E -m5 'ERROR|runtime error|SUMMARY|Test unit written' "$log" >&2 || true
  exit 1
fi
