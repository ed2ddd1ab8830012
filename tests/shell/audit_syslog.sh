#!/usr/bin/env bash
# --audit-syslog against a real receiver: Debian's rsyslogd listening on /dev/log and writing
# to a file, in a private mount namespace (a fresh /dev, so the host's /dev/log, if any, is not
# touched), with the real reos-backup running a changing command (minio-config-export against
# the mc stand-in). Then the undeliverable cases: no socket at /dev/log, and a socket file that
# nobody reads; each must be a warning on stderr and in the JSON, never the run's failure.
# usage: audit_syslog.sh REOS_BACKUP_BINARY MC_STAND_IN        (as root: unshare -m, mount)
set -uo pipefail
bin=$1
mc=$2
. "$(dirname "$0")/lib.sh"
need unshare mount rsyslogd jq
if [ "$(id -u)" -ne 0 ]; then
  if [ "${CI:-}" = true ]; then
    echo "FAIL: needs root (unshare -m, mount) and CI=true, so this test may not skip" >&2
    exit 1
  fi
  echo "SKIP: needs root (unshare -m, mount)"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/state" "$tmp/olddev" "$tmp/home"
echo '{}' >"$tmp/state/127.0.0.1_9000.json"
cat >"$tmp/rsyslog.conf" <<CONF
global(workDirectory="$tmp")
module(load="imuxsock" SysSock.Name="/dev/log")
template(name="record" type="string" string="%syslogfacility-text%.%syslogseverity-text% %programname%[%procid%]:%msg%\n")
*.* action(type="omfile" file="$tmp/received.log" template="record")
CONF
sed 's/SysSock.Name="\/dev\/log"/SysSock.Name="\/dev\/log" SysSock.Unlink="off"/' "$tmp/rsyslog.conf" >"$tmp/rsyslog-stale.conf"

# In the namespace: a tmpfs over /dev with the few devices programs need, then MODE decides what
# sits at /dev/log: rsyslogd (deliver), nothing (missing), or a bound socket nobody reads (stale).
cat >"$tmp/inside.sh" <<'INSIDE'
set -eu
tmp=$1 mode=$2
shift 2
mount --make-rprivate /
mount --bind /dev "$tmp/olddev"
mount -t tmpfs -o mode=0755 tmpfs /dev
for d in null zero full random urandom; do
  touch "/dev/$d"
  mount --bind "$tmp/olddev/$d" "/dev/$d"
done
case $mode in
  deliver)
    rsyslogd -f "$tmp/rsyslog.conf" -i "$tmp/rsyslogd.pid" -n >>"$tmp/rsyslogd.out" 2>&1 &
    for _ in $(seq 100); do [ -S /dev/log ] && break; sleep 0.05; done ;;
  stale)
    # A socket file whose reader is gone (rsyslogd told not to remove it): connect(2) says
    # ECONNREFUSED.
    rsyslogd -f "$tmp/rsyslog-stale.conf" -i "$tmp/rsyslogd.pid" -n >>"$tmp/rsyslogd.out" 2>&1 &
    for _ in $(seq 100); do [ -S /dev/log ] && break; sleep 0.05; done
    kill $!
    wait || true
    [ -S /dev/log ] ;;
esac
rc=0
HOME=$tmp/home "$@" || rc=$?
if [ "$mode" = deliver ]; then
  sleep 0.5  # rsyslogd writes asynchronously
  kill "$(cat "$tmp/rsyslogd.pid")" 2>/dev/null || true
  wait || true
fi
exit "$rc"
INSIDE

export FAKE_MC_STATE=$tmp/state REOS_MINIO_MYMINIO_URL=http://127.0.0.1:9000 REOS_MINIO_MYMINIO_ACCESS_KEY=syslog-key \
  REOS_MINIO_MYMINIO_SECRET_KEY=syslog-test-secret-5
run() {  # run MODE ARGS...: reos-backup minio-config-export in the namespace; sets out, err, rc
  local mode=$1
  shift
  rc=0
  out=$(unshare -m bash "$tmp/inside.sh" "$tmp" "$mode" "$bin" minio-config-export --alias myminio --file "$tmp/cfg.txt" \
    --mc-bin "$mc" --audit-log "$tmp/audit.jsonl" --output json "$@" 2>"$tmp/err") || rc=$?
  err=$(cat "$tmp/err")
}

run deliver --audit-syslog
if [ "$rc" -eq 0 ]; then ok "with a receiver: exit 0"; else not_ok "with a receiver: exit 0" "rc=$rc $out $err"; fi
received=$(grep 'reos-backup' "$tmp/received.log" 2>/dev/null)
last_file_line=$(tail -n 1 "$tmp/audit.jsonl" 2>/dev/null)
# shellcheck disable=SC2001  # a regular expression (the pid's digits), not a fixed string
expect_lines "one record, facility authpriv, severity notice, the audit file's own line" \
  "authpriv.notice reos-backup[PID]: $last_file_line" "$(sed 's/^\([^[]*\)\[[0-9][0-9]*\]/\1[PID]/' <<<"$received")"
expect_lines "the record is the minio-config-export run, ok" "minio-config-export true" \
  "$(jq -r '"\(.command) \(.ok)"' <<<"${received#*]: }" 2>&1)"
expect_lines "no warning" "" "$err"
expect_lines "no secret in the system log" "" "$(grep -c syslog-test-secret "$tmp/received.log" | grep -v '^0$')"

rm -f "$tmp/received.log"
run deliver --audit-syslog --audit-syslog-facility local3
expect_lines "--audit-syslog-facility local3" "local3.notice" "$(grep -o '^[a-z0-9]*\.[a-z]* reos-backup' "$tmp/received.log" | cut -d' ' -f1)"

rm -f "$tmp/received.log"
run deliver
expect_lines "without --audit-syslog nothing is sent" "" "$(grep reos-backup "$tmp/received.log" 2>/dev/null)"

# The config key, as the other options have theirs.
printf '[global]\naudit-syslog = true\naudit-syslog-facility = daemon\n' >"$tmp/reos.conf"
rm -f "$tmp/received.log"
run deliver --config "$tmp/reos.conf"
expect_lines "audit-syslog= in the config file" "daemon.notice" "$(grep -o '^[a-z0-9]*\.[a-z]* reos-backup' "$tmp/received.log" | cut -d' ' -f1)"

lines_before=$(wc -l <"$tmp/audit.jsonl")
run missing --audit-syslog
if [ "$rc" -eq 0 ]; then ok "no /dev/log: still exit 0"; else not_ok "no /dev/log: still exit 0" "rc=$rc $err"; fi
expect_lines "no /dev/log: a warning on stderr" \
  "reos-backup: warn: audit record not sent to the system log: connect to /dev/log: No such file or directory" "$err"
expect_lines "no /dev/log: the warning in the JSON too" \
  "audit record not sent to the system log: connect to /dev/log: No such file or directory" "$(jq -r '.warnings[]' <<<"$out")"
expect_lines "no /dev/log: the audit file still got its line" "$((lines_before + 1))" "$(wc -l <"$tmp/audit.jsonl")"

run stale --audit-syslog
if [ "$rc" -eq 0 ]; then ok "a socket nobody reads: still exit 0"; else not_ok "a socket nobody reads: still exit 0" "rc=$rc $err"; fi
expect_lines "a socket nobody reads: a warning on stderr" \
  "reos-backup: warn: audit record not sent to the system log: connect to /dev/log: Connection refused" "$err"

finish
