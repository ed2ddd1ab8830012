#!/usr/bin/env bash
# Shell completions (completions/, generated from the option table) work in the real shells:
# bash and zsh (interactive, TAB on a pseudo-terminal) complete commands, options, enum values
# and stanza names from a pgBackRest config; fish completes --type's values and stanzas.
# usage: completions.sh SOURCE_DIR
set -uo pipefail
src=$1
. "$(dirname "$0")/lib.sh"
need bash zsh fish

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/pgbackrest.conf" <<'CONF'
[global]
repo1-path=/var/lib/pgbackrest

[global:archive-push]
compress-level=3

[main]
pg1-path=/var/lib/postgresql/15/main

[main:archive-push]
process-max=2

[realestate-db]
pg1-path=/var/lib/postgresql/15/realestate
CONF

# expect_backup_options SHELL OFFERED: what `reos-backup backup --<TAB>` offered in SHELL.
expect_backup_options() {
  expect_contains "$1: backup options include its own --type" "--type" "$2"
  expect_contains "$1: backup options include the global --dry-run" "--dry-run" "$2"
  if grep -qx -- '--alias\|--repo1-cipher-pass' <<<"$2"; then
    not_ok "$1: backup offers no other command's option and no secret" "$2"
  else
    ok "$1: backup offers no other command's option and no secret"
  fi
}

# --- bash: call the completion function as bash would, with COMP_WORDS/COMP_CWORD ----------
bash_complete() {
  bash --norc --noprofile -c '
    . "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _reos_backup
    printf "%s\n" "${COMPREPLY[@]}"' bash "$src/completions/reos-backup.bash" "$@"
}

expect_lines "bash: reos-backup ba<TAB>" "backup" "$(bash_complete reos-backup ba)"
expect_lines "bash: reos-backup backup --ty<TAB>" "--type" "$(bash_complete reos-backup backup --ty)"
expect_lines "bash: reos-backup backup --type <TAB>" "full
diff
incr" "$(bash_complete reos-backup backup --type '')"
expect_lines "bash: reos-backup backup --type=<TAB> (split at '=')" "full
diff
incr" "$(bash_complete reos-backup backup --type = '')"
expect_lines "bash: reos-backup info --output=j<TAB>" "json" "$(bash_complete reos-backup info --output = j)"
expect_lines "bash: reos-backup --output <TAB> (global, before the command)" "text
json" "$(bash_complete reos-backup --output '')"
expect_lines "bash: reos-backup --output json in<TAB> (value is not the command)" "info" \
  "$(bash_complete reos-backup --output json in)"
expect_lines "bash: stanza names from --pgbackrest-config" "main
realestate-db" "$(bash_complete reos-backup backup --pgbackrest-config "$tmp/pgbackrest.conf" --stanza '')"
expect_lines "bash: stanza names, config given before the command and as --opt=value" "realestate-db" \
  "$(bash_complete reos-backup --pgbackrest-config = "$tmp/pgbackrest.conf" backup --stanza re)"
expect_lines "bash: stanza names from REOS_PGBACKREST_CONFIG" "main" \
  "$(REOS_PGBACKREST_CONFIG=$tmp/pgbackrest.conf bash_complete reos-backup info --stanza m)"
expect_lines "bash: files for a path option" "$tmp/pgbackrest.conf" \
  "$(bash_complete reos-backup info --pgbackrest-config "$tmp/pgb")"
expect_lines "bash: positional action words" "enable
suspend
status" "$(bash_complete reos-backup minio-version '')"
expect_lines "bash: schedule --format <TAB>" "cron
systemd" "$(bash_complete reos-backup schedule --format '')"
expect_backup_options "bash" "$(bash_complete reos-backup backup --stanza main --)"

# --- zsh: a real interactive zsh on a pseudo-terminal, TAB pressed (zsh-complete.zsh) -------
if out=$(zsh -n "$src/completions/_reos-backup" 2>&1); then ok "zsh -n parses _reos-backup"; else not_ok "zsh -n parses _reos-backup" "$out"; fi
zsh_complete() { zsh "$(dirname "$0")/zsh-complete.zsh" "$src/completions" "$1"; }
expect_lines "zsh: reos-backup ba<TAB>" "backup" "$(zsh_complete 'reos-backup ba')"
expect_lines "zsh: reos-backup backup --type <TAB>" "full
diff
incr" "$(zsh_complete 'reos-backup backup --type ')"
expect_lines "zsh: reos-backup --output <TAB> (global, before the command)" "text
json" "$(zsh_complete 'reos-backup --output ')"
expect_lines "zsh: reos-backup --output json in<TAB> (value is not the command)" "info" \
  "$(zsh_complete 'reos-backup --output json in')"
expect_lines "zsh: stanza names from --pgbackrest-config after the command" "main
realestate-db" "$(zsh_complete "reos-backup backup --pgbackrest-config $tmp/pgbackrest.conf --stanza ")"
expect_lines "zsh: stanza names, config before the command" "realestate-db" \
  "$(zsh_complete "reos-backup --pgbackrest-config=$tmp/pgbackrest.conf backup --stanza re")"
expect_lines "zsh: a global option after the command keeps the command's options" "--type" \
  "$(zsh_complete 'reos-backup backup --output json --ty')"
expect_lines "zsh: positional action words" "enable
suspend
status" "$(zsh_complete 'reos-backup minio-version ')"
expect_backup_options "zsh" "$(zsh_complete 'reos-backup backup --stanza main --')"

# --- fish ------------------------------------------------------------------------------------
if out=$(fish -n "$src/completions/reos-backup.fish" 2>&1); then ok "fish -n parses reos-backup.fish"; else not_ok "fish -n parses reos-backup.fish" "$out"; fi
fish_complete() {
  # shellcheck disable=SC2016  # $argv is fish's, expanded by fish
  fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$src/completions/reos-backup.fish" "$1" | cut -f1
}
expect_lines "fish: complete -C 'reos-backup backup --type '" "full
diff
incr" "$(fish_complete 'reos-backup backup --type ')"
expect_contains "fish: reos-backup ba<TAB>" "backup" "$(fish_complete 'reos-backup ba')"
expect_lines "fish: stanza names from --pgbackrest-config" "main
realestate-db" "$(fish_complete "reos-backup backup --pgbackrest-config $tmp/pgbackrest.conf --stanza ")"

finish
