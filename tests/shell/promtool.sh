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
# Copies: the unprivileged user below may not enter the build tree (a clone inside /root).
cp "$1" "$tmp/reos-backup"
cp "$3" "$tmp/mc"
cp "$src/tests/fixtures/pgbackrest/info-json-c-full-diff-incr/stdout" "$tmp/info.json"
bin=$tmp/reos-backup
mkdir "$tmp/minio"
cat >"$tmp/minio/127.0.0.1_9000.json" <<'STATE'
{"access_key":"minioadmin","secret_key":"promtool-test-secret","deployment_id":"7f8c3c1e-5d2b-4c61-9a0e-2b6f1a9e4d10",
 "buckets":{"realestate-memos":{"versioning":"Enabled","queued_count":2,"queued_bytes":4096,"avg_rate":1024,
  "targets":[{"endpoint":"127.0.0.1:9100","accessKey":"repl-user","targetbucket":"memos-dr",
              "arn":"arn:minio:replication::7f8c3c1e-5d2b-4c61-9a0e-2b6f1a9e4d10:memos-dr"}]}}}
STATE
echo '{"access_key":"repl-user","secret_key":"x","buckets":{"memos-dr":{"versioning":"Enabled"}}}' >"$tmp/minio/127.0.0.1_9100.json"
cat >"$tmp/pgbackrest" <<FAKE
#!/bin/sh
for a; do last=\$a; done
case \$last in
  version) echo "pgBackRest 2.45" ;;
  info) cat "$tmp/info.json" ;;
  *) exit 1 ;;
esac
FAKE
chmod +x "$tmp/pgbackrest"
# A stand-in systemctl: the memos mirror is active, the exports mirror has failed, and one
# systemd cannot answer for is left out (no sample), never reported as down.
mkdir "$tmp/bin"
cat >"$tmp/bin/systemctl" <<'FAKE'
#!/bin/sh
[ "$1" = is-active ] || exit 1
case $2 in
  reos-backup-mirror-myminio-realestate-memos-to-s3backup-realestate-memos.service) echo active ;;
  reos-backup-mirror-myminio-realestate-exports-to-s3backup-realestate-exports.service) echo failed; exit 3 ;;
  *) echo "Failed to connect to bus: No such file or directory" >&2; exit 1 ;;
esac
FAKE
chmod +x "$tmp/bin/systemctl"
printf '{"stanzas":{"lab":{"backup":{"full":{"success_total":3,"failure_total":1}}}}}\n' >"$tmp/state.json"
# --source-host points at a directory without a server: pg_stat_archiver is then absent,
# which the exposition must also express validly (reos_postgres_up 0).
# metrics refuses root like every pgBackRest-running command: as root, run it as nobody.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  need setpriv
  chmod -R a+rwX "$tmp"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
if "${as_user[@]}" env PATH="$tmp/bin:$PATH" REOS_MC_BIN="$tmp/mc" FAKE_MC_STATE="$tmp/minio" TMPDIR="$tmp" \
     REOS_MINIO_MYMINIO_URL=http://127.0.0.1:9000 REOS_MINIO_MYMINIO_ACCESS_KEY=minioadmin \
     REOS_MINIO_MYMINIO_SECRET_KEY=promtool-test-secret \
     "$bin" metrics --pgbackrest-bin "$tmp/pgbackrest" --pgbackrest-config "$tmp/none.conf" --state-file "$tmp/state.json" \
     --source-host "$tmp" --alias myminio --bucket realestate-memos \
     --mirror myminio/realestate-memos=s3backup/realestate-memos --mirror myminio/realestate-exports=s3backup/realestate-exports \
     --mirror myminio/realestate-documents=s3backup/realestate-documents \
     --textfile "$tmp/reos.prom" >"$tmp/stdout" 2>"$tmp/stderr"; then
  ok "metrics --textfile exits 0"
else
  not_ok "metrics --textfile exits 0" "$(cat "$tmp/stderr")"
fi
if out=$(promtool check metrics <"$tmp/reos.prom" 2>&1); then ok "promtool check metrics accepts the exposition"; else not_ok "promtool check metrics accepts the exposition" "$out"; fi
body=$(cat "$tmp/reos.prom")
expect_contains "success counter from the state file" 'pgbackrest_backup_success_total{stanza="lab",type="full"} 3' "$body"
expect_contains "postgres not reachable is a 0, not a gap" 'reos_postgres_up{stanza="lab"} 0' "$body"
expect_contains "versioning from mc" 'minio_bucket_versioning_enabled{alias="myminio",bucket="realestate-memos"} 1' "$body"
expect_contains "replication lag: 2 ms latency + 4096 queued bytes at 1024 B/s" \
  'minio_bucket_replication_lag_seconds{alias="myminio",bucket="realestate-memos",target="127.0.0.1:9100/memos-dr"} 4.002' "$body"
expect_contains "versions" 'reos_backup_info{pgbackrest_version="2.45",version="'"$("$bin" --version | awk '{print $2}')"'"} 1' "$body"
expect_contains "an active mirror service" \
  'reos_minio_mirror_up{source="myminio/realestate-memos",target="s3backup/realestate-memos"} 1' "$body"
expect_contains "a failed mirror service" \
  'reos_minio_mirror_up{source="myminio/realestate-exports",target="s3backup/realestate-exports"} 0' "$body"
expect_lines "no sample for a mirror systemd could not answer for" "" "$(grep -F realestate-documents <<<"$body")"
finish
