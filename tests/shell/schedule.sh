#!/usr/bin/env bash
# `reos-backup schedule --format systemd` writes units that systemd itself accepts:
# systemd-analyze verify parses every .service and .timer (no running systemd is needed).
# usage: schedule.sh REOS_BACKUP_BINARY SOURCE_DIR MC_STAND_IN
set -uo pipefail
bin=$1
src=$2
mc=$3
. "$(dirname "$0")/lib.sh"
need systemd-analyze flock

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The seed's continuous mirror of the memos too; its aliases' keys must never reach a unit.
export REOS_MINIO_MYMINIO_URL=https://minio.example.com REOS_MINIO_MYMINIO_ACCESS_KEY=memo-key \
  REOS_MINIO_MYMINIO_SECRET_KEY=schedule-test-secret-1 REOS_MINIO_S3BACKUP_URL=https://backup.example.com:9000 \
  REOS_MINIO_S3BACKUP_ACCESS_KEY=backup-key REOS_MINIO_S3BACKUP_SECRET_KEY=schedule-test-secret-2
if out=$("$bin" schedule --stanza realestate-db --format systemd --textfile /var/lib/prometheus/node-exporter/reos-backup.prom \
            --mirror myminio/realestate-memos=s3backup/realestate-memos --mc-bin "$mc" --credentials repo1-cipher-pass \
            --write "$tmp" 2>&1); then
  ok "schedule --format systemd --write DIR"
else
  not_ok "schedule --format systemd --write DIR" "$out"
  finish
fi
# shellcheck disable=SC2012  # our own file names, no blanks
units=$(cd "$tmp" && ls ./*.service ./*.timer | sed 's|^\./||')
# shellcheck disable=SC2086,SC2116  # the names on one line
echo "# wrote: $(echo $units)"
expect_contains "a service for the mirror" "reos-backup-mirror-myminio-realestate-memos-to-s3backup-realestate-memos.service" "$units"
expect_lines "no secret in any unit" "" "$(grep -l 'schedule-test-secret' "$tmp"/*.service "$tmp"/*.timer)"
# Every job (pgBackRest reads the encrypted repository in each) loads the cipher pass as a
# systemd credential; the mirror service runs mc, which has no use for it.
for svc in "$tmp"/reos-backup-realestate-db-*.service; do
  expect_contains "${svc##*/} loads the cipher pass as a credential" \
    "LoadCredential=repo1-cipher-pass:/etc/reos-backup/credentials/repo1-cipher-pass" "$(cat "$svc")"
done
expect_lines "the mirror service loads no credential" "" \
  "$(grep -h '^LoadCredential' "$tmp"/reos-backup-mirror-*.service)"
for u in full diff incr metrics; do
  expect_contains "a timer for $u" "reos-backup-realestate-db-$u.timer" "$units"
  expect_contains "a service for $u" "reos-backup-realestate-db-$u.service" "$units"
done
# verify also runs man for Documentation=man:reos-backup(1): point MANPATH at the repo's page.
mkdir -p "$tmp/manpath/man1" && cp "$src/man/reos-backup.1" "$tmp/manpath/man1/"
if out=$(cd "$tmp" && MANPATH="$tmp/manpath:" systemd-analyze verify ./*.service ./*.timer 2>&1) && [ -z "$out" ]; then
  ok "systemd-analyze verify accepts every unit"
else
  not_ok "systemd-analyze verify accepts every unit" "$out"
fi
# Every generated service is sandboxed: systemd's own rating, without a running systemd, is at
# most 5.0 (systemd calls up to 4.9 "OK", from 5.0 "MEDIUM").
for svc in $(cd "$tmp" && ls ./*.service); do
  out=$(cd "$tmp" && systemd-analyze security --offline=yes "$svc" 2>&1)
  level=$(sed -n 's/^→ Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p' <<<"$out")
  if [ -n "$level" ] && awk -v l="$level" 'BEGIN { exit !(l <= 5.0) }'; then
    ok "${svc#./}: exposure $level <= 5.0"
  else
    not_ok "${svc#./}: exposure '${level}' <= 5.0" "$out"
  fi
done
# The sandbox opens the paths pgBackRest writes for this stanza, read from its config.
pgconf="$tmp/pgbackrest.conf"
printf '[global]\nrepo1-path=/srv/backup/repo1\nlog-path=/srv/log/pgbackrest\nrepo2-type=s3\nrepo2-path=/remote\n[realestate-db]\npg1-path=/srv/pg\nlock-path=/run/pgbackrest\n[realestate-db:restore]\nlog-path=/srv/log/restore\n' >"$pgconf"
out=$("$bin" schedule --stanza realestate-db --format systemd --pgbackrest-config "$pgconf" 2>&1)
rw=$(sed -n '/^### reos-backup-realestate-db-full.service/,/^###/p' <<<"$out" | sed -n 's/^ReadWritePaths=//p')
expect_contains "the full backup may write repo1, log, spool and lock paths (not the s3 repo)" \
  "-/run/lock -/srv/backup/repo1 -/srv/log/pgbackrest -/var/spool/pgbackrest -/run/pgbackrest -$(getent passwd postgres | cut -d: -f6)/.local/state/reos-backup -/var/log/reos-backup" \
  "$rw"
# [STANZA:restore] is the drill's restore's alone (pgBackRest's own section order).
rw=$(sed -n '/^### reos-backup-realestate-db-verify.service/,/^###/p' <<<"$out" | sed -n 's/^ReadWritePaths=//p')
expect_contains "the drill may write its restore's log-path ([realestate-db:restore]) and the verify's" \
  "-/run/lock -/srv/log/restore -/srv/log/pgbackrest -$(getent passwd postgres | cut -d: -f6)/.local/state/reos-backup -/var/log/reos-backup -/var/tmp/reos-backup" \
  "$rw"
# The calendar expressions, normalized by systemd itself, are the seed's times in UTC.
specs=("full:Sun *-*-* 02:00:00 UTC" "diff:Mon..Sat *-*-* 02:00:00 UTC" "incr:*-*-* 00/6:00:00 UTC"
       "metrics:*-*-* *:*:00 UTC")
# The seed's weekly verification, once this build has a verify command.
[ -f "$tmp/reos-backup-realestate-db-verify.timer" ] && specs+=("verify:Sun *-*-* 04:00:00 UTC")
for spec in "${specs[@]}"; do
  job=${spec%%:*}
  want=${spec#*:}
  got=$(sed -n 's/^OnCalendar=//p' "$tmp/reos-backup-realestate-db-$job.timer")
  norm=$(systemd-analyze calendar "$got" 2>&1 | sed -n 's/^ *Normalized form: //p')
  if [ "$got" = "$want" ] && [ "$norm" = "$want" ]; then ok "$job timer OnCalendar=$want"; else
    not_ok "$job timer OnCalendar=$want" "got '$got', systemd normalizes it to '$norm'"; fi
done
finish
