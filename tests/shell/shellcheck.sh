#!/usr/bin/env bash
# ShellCheck finds nothing in scripts/, tests/shell/, the fake programs of tests/fakes/ and the fuzz runner: a warning that is
# intended carries a "# shellcheck disable=SCnnnn  # why" directive where it occurs.
# usage: shellcheck.sh SOURCE_DIR
set -uo pipefail
src=$1
. "$(dirname "$0")/lib.sh"
need shellcheck
cd "$src" || exit 1
files=(scripts/* tests/shell/*.sh tests/fakes/*.sh tests/fakes/hang-forever tests/fuzz/run_one.sh)
for f in "${files[@]}"; do
  if out=$(shellcheck -x -P "$(dirname "$f")" "$f" 2>&1); then ok "shellcheck $f"; else not_ok "shellcheck $f" "$out"; fi
done
finish
