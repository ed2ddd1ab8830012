#!/usr/bin/env bash
# man/reos-backup.1 (generated from the option table) is clean roff: mandoc's linter reports
# nothing above style level, and man(1) renders it with every section.
# usage: manpage.sh SOURCE_DIR
set -uo pipefail
src=$1
. "$(dirname "$0")/lib.sh"
need mandoc man
page=$src/man/reos-backup.1

# -W warning: report warnings, errors and unsupported input; style hints are allowed.
if out=$(mandoc -T lint -W warning "$page" 2>&1) && [ -z "$out" ]; then
  ok "mandoc -T lint reports nothing above style level"
else
  not_ok "mandoc -T lint reports nothing above style level" "$out"
fi

if rendered=$(MANPAGER=cat MANWIDTH=100 man -l "$page" 2>&1); then
  ok "man -l renders the page"
else
  not_ok "man -l renders the page" "$rendered"
fi
for section in NAME SYNOPSIS DESCRIPTION COMMANDS "GLOBAL OPTIONS" "CONFIG FILE" ENVIRONMENT FILES "EXIT STATUS" \
               EXAMPLES "SEE ALSO"; do
  expect_contains "section $section" "$section" "$rendered"
done
# Options must copy-paste: a rendered '--type' is two ASCII hyphens, not a dash or a minus sign.
if grep -q -- '--type TYPE' <<<"$rendered"; then ok "options render with ASCII hyphens"; else
  not_ok "options render with ASCII hyphens" "$(printf '%s\n' "$rendered" | grep -m3 'type')"; fi
finish
