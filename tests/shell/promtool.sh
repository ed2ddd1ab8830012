#!/usr/bin/env bash
# promtool accepts what reos-backup ships and prints: the alert rules (check rules), their
# unit test (test rules: the full-backup-age alert fires after 8 days), and the `metrics`
# exposition (check metrics), produced here against a stand-in pgbackrest that answers
# `version` and `info` from a recorded fixture (no cluster needed).
# usage: promtool.sh REOS_BACKUP_BINARY SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
. "$(dirname "$0")/lib.sh"
need promtool

rules=$src/packaging/prometheus
if out=$(promtool check rules "$rules/reos-backup-rules.yml" 2>&1); then ok "promtool check rules"; else not_ok "promtool check rules" "$out"; fi
if out=$(cd "$rules" && promtool test rules reos-backup-rules.test.yml 2>&1); then ok "promtool test rules"; else not_ok "promtool test rules" "$out"; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/pgbackrest" <<FAKE
#!/bin/sh
for a; do last=\$a; done
case \$last in
  version) echo "pgBackRest 2.45" ;;
  info) cat "$src/tests/fixtures/pgbackrest/info-json-c-full-diff-incr/stdout" ;;
  *) exit 1 ;;
esac
FAKE
chmod +x "$tmp/pgbackrest"
printf '{"stanzas":{"lab":{"backup":{"full":{"success_total":3,"failure_total":1}}}}}\n' >"$tmp/state.json"
# --source-host points at a directory without a server: pg_stat_archiver is then absent,
# which the exposition must also express validly (reos_postgres_up 0).
# metrics refuses root like every pgBackRest-running command: as root, run it as nobody.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  need setpriv
  chmod 0777 "$tmp"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
if "${as_user[@]}" "$bin" metrics --pgbackrest-bin "$tmp/pgbackrest" --pgbackrest-config "$tmp/none.conf" --state-file "$tmp/state.json" \
     --source-host "$tmp" --textfile "$tmp/reos.prom" >"$tmp/stdout" 2>"$tmp/stderr"; then
  ok "metrics --textfile exits 0"
else
  not_ok "metrics --textfile exits 0" "$(cat "$tmp/stderr")"
fi
if out=$(promtool check metrics <"$tmp/reos.prom" 2>&1); then ok "promtool check metrics accepts the exposition"; else not_ok "promtool check metrics accepts the exposition" "$out"; fi
body=$(cat "$tmp/reos.prom")
expect_contains "success counter from the state file" 'pgbackrest_backup_success_total{stanza="lab",type="full"} 3' "$body"
expect_contains "postgres not reachable is a 0, not a gap" 'reos_postgres_up{stanza="lab"} 0' "$body"
expect_contains "versions" 'reos_backup_info{pgbackrest_version="2.45",version="'"$("$bin" --version | awk '{print $2}')"'"} 1' "$body"
finish
