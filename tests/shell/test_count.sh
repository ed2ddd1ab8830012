#!/usr/bin/env bash
# ctest runs each Catch2 case as its own test, by name (catch_discover_tests). A name that
# CMake cannot carry (a ';' splits it into a list) becomes ctest entries that match no case,
# print "No test cases matched" and pass: such a case never runs. This checks that the names
# ctest knows are exactly Catch2's cases, for the unit and the integration binary.
# Usage: test_count.sh BUILD_DIR UNIT_TESTS_BIN INTEGRATION_TESTS_BIN
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=$1
listed=$(cd "$build" && ctest -N)
for pair in "unit:$2" "integration:$3"; do
  prefix=${pair%%:*} bin=${pair#*:}
  [ -x "$bin" ] || { not_ok "$prefix: $bin is built" ""; continue; }
  # Catch2 2.x exits with the number of cases it listed: the status says nothing here.
  catch_names=$("$bin" --list-test-names-only | sed '/^$/d' || true)
  # "  Test  #12: unit: name" -> "name"; the lab cleanup fixture is a plain ctest test.
  ctest_names=$(sed -n "s/^ *Test *#[0-9]*: $prefix: *//p" <<<"$listed" | grep -vxF 'cleanup leftover labs' || true)
  expect_lines "$prefix: ctest's $(grep -c . <<<"$ctest_names") tests are Catch2's $(grep -c . <<<"$catch_names") cases" \
    "$catch_names" "$ctest_names"
done
finish
