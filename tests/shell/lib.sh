# shellcheck shell=bash
# Shared by the shell-level tests (sourced). A test that lacks a tool skips (exit 77, which
# ctest reports as skipped) on a developer's machine, but fails when CI=true: CI must run
# every test, and scripts/bootstrap installs every tool they need.

failures=0

ok() { printf 'ok - %s\n' "$1"; }
not_ok() {
  printf 'not ok - %s\n' "$1"
  [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /'
  failures=$((failures + 1))
}

# need TOOL...: every tool must be on PATH.
need() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 && continue
    if [ "${CI:-}" = true ]; then
      echo "FAIL: '$t' is missing and CI=true, so this test may not skip (scripts/bootstrap installs it)" >&2
      exit 1
    fi
    echo "SKIP: '$t' is not installed (scripts/bootstrap installs it)"
    exit 77
  done
}

# expect_lines NAME EXPECTED ACTUAL: both are newline-separated lists, compared sorted.
expect_lines() {
  local want got
  want=$(printf '%s\n' "$2" | sed '/^$/d' | sort)
  got=$(printf '%s\n' "$3" | sed '/^$/d' | sort)
  if [ "$want" = "$got" ]; then ok "$1"; else not_ok "$1" "expected:
$want
got:
$got"; fi
}

# expect_contains NAME NEEDLE HAYSTACK (a whole line). Here-strings, never `printf | grep -q`:
# grep -q exits at the first match, and under pipefail the writer's SIGPIPE fails the test at
# random once the haystack outgrows the pipe buffer.
expect_contains() {
  if grep -qxF -- "$2" <<<"$3"; then ok "$1"; else not_ok "$1" "'$2' not among:
$3"; fi
}

finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "all checks passed"
}
