#include "reos/config/spec.hpp"

#include <cctype>
#include <string>

namespace reos::config {

const std::vector<OptionSpec>& options() {
  using K = ValueKind;
  using C = Completion;
  static const std::vector<OptionSpec> table = {
      // ---- global ---------------------------------------------------------------------------
      {"config", K::path, "PATH",
       "reos-backup's own settings file (INI: [global], [stanza:NAME]); default "
       "/etc/reos-backup/reos-backup.conf when it exists",
       {}, {}, true, false, false, C::file},
      {"output", K::choice, "FORMAT",
       "text for people, json for machines: exactly one JSON document on stdout, also on failure",
       {"text", "json"}, "text", true, true, false, C::choices},
      {"dry-run", K::flag, "", "print the (redacted) plan of child programs and run nothing", {}, {}, true,
       true},
      {"timeout", K::duration, "DURATION",
       "limit for each child program (90s, 5m, 2h, 1h30m); on expiry it gets SIGTERM, then SIGKILL",
       {}, {}, true, true},
      {"log-level", K::choice, "LEVEL",
       "how much goes to stderr; debug also shows where each setting came from",
       {"error", "warn", "info", "debug"}, "warn", true, true, false, C::choices},
      {"pgbackrest-bin", K::path, "PATH", "the pgbackrest program to run (default: pgbackrest on PATH)", {},
       "pgbackrest", true, true, false, C::file},
      {"pgbackrest-config", K::path, "PATH",
       "pgBackRest configuration file, passed through as --config (default: pgBackRest's own default)",
       {}, {}, true, true, false, C::file},
      // Secrets: environment or config file only, handed to pgBackRest via its PGBACKREST_*
      // environment variables, never argv.
      {"repo1-cipher-pass", K::text, "PASS", "repository 1 cipher passphrase (secret; env or config file only)",
       {}, {}, true, true, true},
      {"repo2-cipher-pass", K::text, "PASS", "repository 2 cipher passphrase (secret; env or config file only)",
       {}, {}, true, true, true},
      {"repo2-s3-key", K::text, "KEY", "repository 2 S3 access key (secret; env or config file only)", {}, {},
       true, true, true},
      {"repo2-s3-key-secret", K::text, "SECRET",
       "repository 2 S3 secret key (secret; env or config file only)", {}, {}, true, true, true},
      // ---- per command ----------------------------------------------------------------------
      {"stanza", K::identifier, "NAME",
       "pgBackRest stanza: letters, digits, '-', '_', '.'; must not start with '-'", {}, {}, true, true,
       false, C::stanza},
      {"type", K::choice, "TYPE",
       "backup type; incr becomes full when no prior backup exists (pgBackRest rule)",
       {"full", "diff", "incr"}, "incr", false, false, false, C::choices},
      {"repo", K::integer, "N", "repository number to use (pgBackRest --repo); default: all/first as pgBackRest does",
       {}, {}, false, true, false, C::none, 1, 256},
      // ---- restore-pitr and verify -------------------------------------------------------
      {"target-time", K::text, "TIME",
       "recover to this instant; it must carry a zone (2026-11-24T10:15:00Z or +05:30) and is converted to UTC",
       {}, {}, false, false},
      {"target-lsn", K::text, "LSN", "recover to this WAL position (e.g. 0/3000028)", {}, {}, false, false},
      {"target-xid", K::text, "XID", "recover to this transaction id", {}, {}, false, false},
      {"target-name", K::text, "NAME", "recover to this restore point (made with pg_create_restore_point)", {}, {},
       false, false},
      {"target-immediate", K::flag, "", "recover only until the backup is consistent (its end)", {}, {}, false, false},
      {"target-action", K::choice, "ACTION",
       "what the server does at the target; pause (pgBackRest's default) lets you inspect before promoting",
       {"promote", "pause", "shutdown"}, "pause", false, false, false, C::choices},
      {"target-exclusive", K::flag, "", "stop just before the target instead of just after it", {}, {}, false, false},
      {"set", K::identifier, "LABEL", "backup set to restore (default: the newest that ends before the target)", {},
       {}, false, false},
      {"pg-path", K::directory, "DIR",
       "data directory to restore into (default: pg1-path of the stanza); another directory gets archive_mode=off",
       {}, {}, false, false, false, C::directory},
      {"delta", K::flag, "", "reuse files that already match in a non-empty target directory (fast re-restores)", {},
       {}, false, false},
      {"force", K::flag, "", "overwrite a non-empty target directory", {}, {}, false, false},
      {"plan", K::flag, "",
       "read info and the source's archiver state, pick the backup set, check the recoverable window, print the exact "
       "pgBackRest call and the predicted duration (bytes, WAL segments, the drill history), and write nothing",
       {}, {}, false, false},
      {"start", K::flag, "", "start the restored copy (needs --pg-path) and wait until recovery reached the target", {},
       {}, false, false},
      {"port", K::integer, "PORT", "port of the started copy (default: a free one from 55432); it listens on its own socket only",
       {}, {}, true, true, false, C::none, 1, 65535},
      {"pg-bin-dir", K::directory, "DIR", "PostgreSQL programs (pg_ctl, pg_controldata, pg_amcheck)", {},
       "/usr/lib/postgresql/15/bin", true, true, false, C::directory},
      {"source-host", K::text, "HOST",
       "the production cluster for window and RPO checks: socket directory or host (default: pg1-socket-path)", {}, {},
       true, true},
      {"source-port", K::integer, "PORT", "port of the production cluster (default: pg1-port, else 5432)", {}, {}, true,
       true, false, C::none, 1, 65535},
      {"work-dir", K::directory, "DIR",
       "where verify keeps its staging copy (<dir>/<stanza>, reused with --delta by later drills)", {},
       "/var/tmp/reos-backup", true, true, false, C::directory},
      {"dbname", K::text, "NAME", "database the validation checks run in", {}, "postgres", true, true},
      {"checks", K::path, "FILE",
       "extra checks: a JSON array of {name, sql, min | max_age | equals}; a missing table fails its check", {}, {},
       true, true, false, C::file},
      {"no-default-checks", K::flag, "", "skip the seed's checks (row counts of properties, pipeline_state, ...)", {},
       {}, true, true},
      {"amcheck", K::flag, "", "also run pg_amcheck on the restored copy (the seed's 'indexes are intact')", {}, {},
       true, true},
      {"objective-rto", K::duration, "DURATION", "recovery time objective the measured drill is held to", {}, "30m",
       true, true},
      {"objective-rpo", K::duration, "DURATION",
       "recovery point objective the archiving exposure (and, for minio-replicate status, the replication lag) is "
       "held to",
       {},
       "5m", true, true},
      {"report", K::path, "PATH", "also write the drill's report as JSON to PATH (atomically)", {}, {}, true, true,
       false, C::file},
      {"report-upload", K::text, "ALIAS/BUCKET/PREFIX",
       "also upload the drill's report through mc to this MinIO/S3 location (<stanza>-<UTC time>.json); a failed "
       "upload is a warning, never a failed drill",
       {}, {}, true, true},
      {"fresh", K::flag, "",
       "empty the staging copy and restore all of it, as after a disaster (the first drill of each repository is "
       "fresh anyway); later drills re-check the copy with --delta and estimate the fresh RTO from the newest fresh one",
       {}, {}, false, false},
      // ---- MinIO (mc) -------------------------------------------------------------------------
      // Alias credentials are not options: [minio:ALIAS] url=, access-key=, secret-key= in the
      // config file, or REOS_MINIO_<ALIAS>_URL/_ACCESS_KEY/_SECRET_KEY; they reach mc only as
      // MC_HOST_<alias> in its environment.
      {"mc-bin", K::path, "PATH",
       "the MinIO client to run (default: mc on PATH); Midnight Commander, Debian's mc, is detected and refused",
       {}, "mc", true, true, false, C::file},
      {"mc-config-dir", K::directory, "DIR",
       "mc's --config-dir (default: a private temporary directory per run, removed afterwards)", {}, {}, true, true,
       false, C::directory},
      {"alias", K::text, "ALIAS",
       "MinIO alias, configured as [minio:ALIAS] in the config file or by REOS_MINIO_<ALIAS>_URL, _ACCESS_KEY and "
       "_SECRET_KEY",
       {}, {}, true, true},
      {"bucket", K::text, "BUCKET", "bucket name; minio-version and metrics take several (repeat --bucket)", {}, {}, false, false,
       false, C::none, 0, 0, true},
      {"remote-alias", K::text, "ALIAS", "configured alias of the replication target deployment", {}, {}, false,
       false},
      {"remote-url", K::text, "URL",
       "endpoint https://host[:port] of the replication target; must be the url of a configured alias (its keys are used)",
       {}, {}, false, false},
      {"remote-bucket", K::text, "BUCKET", "bucket on the replication target", {}, {}, false, false},
      {"rule-id", K::text, "ID",
       "replication rule ID (add: default reos-BUCKET-to-REMOTEALIAS-REMOTEBUCKET; rm: the rule to remove)", {}, {},
       false, false},
      {"priority", K::integer, "N", "replication rule priority; must differ from the bucket's other rules", {}, {},
       false, false, false, C::none, 0, 2147483647},
      {"replicate", K::text, "WHAT",
       "what to replicate: comma-separated subset of delete-marker,delete,existing-objects,metadata-sync (default: all)",
       {}, {}, false, false},
      {"bandwidth", K::text, "RATE", "replication bandwidth limit in bytes/s, e.g. 100M (server minimum 100 MB/s)", {},
       {}, false, false},
      {"all", K::flag, "", "minio-replicate rm: remove every rule (mc keeps the remote targets)", {}, {}, false, false},
      {"file", K::path, "PATH",
       "lifecycle import: policy JSON to import; lifecycle/config export: file to write (mode 0600, atomically)", {}, {},
       false, false, false, C::file},
      {"source", K::text, "SOURCE", "mirror source: ALIAS/BUCKET[/PREFIX] or an absolute local directory", {}, {},
       false, false},
      {"target", K::text, "TARGET", "mirror target: ALIAS/BUCKET[/PREFIX] or an absolute local directory", {}, {},
       false, false},
      {"overwrite", K::flag, "", "mirror: replace target objects that differ from the source", {}, {}, false, false},
      {"remove", K::flag, "", "mirror: delete target objects that are not in the source", {}, {}, false, false},
      {"print", K::flag, "",
       "minio-config-export: print the configuration on stdout (text output only) instead of writing --file", {}, {},
       false, false},
      // ---- schedule -----------------------------------------------------------------------------
      // Per run, not per host: neither environment nor config file, so a stray REOS_USER or a
      // [global] user= cannot silently change what cron runs.
      {"format", K::choice, "FORMAT", "schedule: a file for /etc/cron.d, or systemd .service and .timer units",
       {"cron", "systemd"}, "cron", false, false, false, C::choices},
      {"user", K::text, "USER", "schedule: the user the jobs run as, the cluster owner (pgBackRest must not run as root)",
       {}, "postgres", false, false},
      {"full-at", K::text, "WHEN", "schedule: full backups, DAYS HH:MM in UTC (e.g. 'Sun 02:00'), or off", {},
       "Sun 02:00", false, false},
      {"diff-at", K::text, "WHEN", "schedule: differential backups, DAYS HH:MM in UTC (e.g. 'Mon-Sat 02:00'), or off",
       {}, "Mon-Sat 02:00", false, false},
      {"incr-every", K::text, "HOURS",
       "schedule: incremental backups every N hours at minute 0 UTC, N dividing 24 (e.g. 6h), or off", {}, "6h", false,
       false},
      {"verify-at", K::text, "WHEN",
       "schedule: verification, DAYS HH:MM in UTC, or off (scheduled only when this build has a verify command)", {},
       "Sun 04:00", false, false},
      {"mirror", K::text, "SOURCE=TARGET",
       "schedule: also a service running mc mirror --watch from SOURCE to TARGET (ALIAS/BUCKET each); metrics: report "
       "whether it runs (repeat for several pairs)",
       {}, {}, false, false, false, C::none, 0, 0, true},
      {"bin", K::path, "PATH", "schedule: where reos-backup is installed on the host the jobs run on", {},
       "/usr/bin/reos-backup", false, false, false, C::file},
      {"write", K::directory, "DIR",
       "schedule: write the files into DIR (atomically, mode 0644), e.g. /etc/cron.d or /etc/systemd/system, instead "
       "of printing them",
       {}, {}, false, false, false, C::directory},
      // ---- observability: state file, audit log, metrics, check ----------------------------
      {"audit-log", K::path, "PATH",
       "append-only, hash-chained log of every changing run (default: /var/log/reos-backup/audit.jsonl when that "
       "directory is writable, else ~/.local/state/reos-backup/audit.jsonl)",
       {}, {}, true, true, false, C::file},
      {"state-file", K::path, "PATH",
       "backup/verify counters and last results, read by metrics (default: ~/.local/state/reos-backup/state.json)", {},
       {}, true, true, false, C::file},
      {"textfile", K::path, "PATH",
       "metrics: write to PATH atomically (node_exporter textfile collector, name it *.prom) instead of stdout; "
       "schedule: add a job that does so every minute",
       {}, {},
       false, false, false, C::file},
      {"max-full-age", K::duration, "DURATION", "check: newest full backup older than this is a failure (weekly + 1 day)",
       {}, "8d", true, true},
      {"max-diff-age", K::duration, "DURATION", "check: newest differential older than this is a warning (daily + 2 h)",
       {}, "26h", true, true},
      {"max-incr-age", K::duration, "DURATION", "check: newest incremental older than this is a warning (6 h + 1 h)",
       {}, "7h", true, true},
  };
  return table;
}

const std::vector<std::string_view>& global_options() {
  static const std::vector<std::string_view> names = {
      "config", "output", "dry-run", "timeout", "log-level", "pgbackrest-bin", "pgbackrest-config",
      "repo1-cipher-pass", "repo2-cipher-pass", "repo2-s3-key", "repo2-s3-key-secret", "audit-log"};
  return names;
}

const std::vector<CommandSpec>& commands() {
  static const std::vector<CommandSpec> table = {
      {"stanza-create", "create the pgBackRest stanza (idempotent)",
       "Creates the stanza in every configured repository. Running it again on a valid stanza is "
       "not an error: the result says it already existed.",
       {"stanza"},
       {"stanza"},
       {{"create the seed's stanza", "sudo -u postgres reos-backup stanza-create --stanza realestate-db"}},
       true, "10m"},
      {"backup", "take a full, differential or incremental backup",
       "Runs pgbackrest backup and reads the new backup back from info: label, type, start and "
       "stop time, sizes and duration. Warnings pgBackRest prints (resumed backup, incr promoted "
       "to full) are carried in the result.",
       {"stanza", "type", "repo", "state-file"},
       {"stanza"},
       {{"weekly full (Sunday 02:00 UTC in the seed)",
         "sudo -u postgres reos-backup backup --stanza realestate-db --type full"},
        {"every 6 hours, machine-readable", "reos-backup backup --stanza realestate-db --type incr --output json"}},
       true, "12h"},
      {"info", "show backups, WAL archive range and backup ages per stanza",
       "Parses pgbackrest info --output=json into a normalized result: per stanza its status, each "
       "repository's status, every backup (label, type, prior, times in UTC, sizes, WAL range, "
       "repository), the archive range, the age of the newest full/diff/incr backup and whether a "
       "backup holds the lock. Exits 10 when a stanza is not healthy (missing, no backups, "
       "unreadable repository).",
       {"stanza", "repo"},
       {},
       {{"all stanzas, for a person", "reos-backup info"},
        {"one stanza, for a script", "reos-backup info --stanza realestate-db --output json"}},
       false, "5m"},
      {"restore-pitr", "restore to a point in time, with a plan and safety checks first",
       "Restores a stanza to a time (with an explicit zone, converted to UTC), an LSN, a transaction id, a named "
       "restore point, or the end of a backup. Before writing anything it refuses a data directory whose PostgreSQL "
       "runs or that is not empty (unless --delta or --force), picks the backup set, and checks that the target lies "
       "in the recoverable window (oldest backup's end .. the source's last archived WAL). --plan stops there and "
       "prints the pgBackRest call. --start brings the restored copy up on its own port and socket.",
       {"stanza", "target-time", "target-lsn", "target-xid", "target-name", "target-immediate", "target-action",
        "target-exclusive", "set", "repo", "pg-path", "delta", "force", "plan", "start", "port", "pg-bin-dir", "source-host",
        "source-port", "state-file"},
       {"stanza"},
       {{"what would a restore to 10:15 IST use?",
         "sudo -u postgres reos-backup restore-pitr --stanza realestate-db --target-time 2026-11-24T10:15:00+05:30 "
         "--pg-path /var/lib/postgresql/pitr --plan"},
        {"restore beside production and look at it",
         "sudo -u postgres reos-backup restore-pitr --stanza realestate-db --target-time 2026-11-24T04:45:00Z "
         "--pg-path /var/lib/postgresql/pitr --target-action promote --start"}},
       true, "6h"},
      {"verify", "the restore drill: restore to staging, start, run checks, verify the repository, measure RTO/RPO",
       "Restores the latest backup (or --target-time) into <work-dir>/<stanza>/data (reused with --delta on later "
       "runs), starts it on its own socket with archive_mode=off, runs the seed's checks and those of --checks "
       "through libpq, runs pgbackrest verify and reads its findings (its exit code can be 0 on errors), and always "
       "stops the copy. RTO is judged on a fresh restore: measured by a fresh drill, estimated for a delta drill from "
       "the newest fresh drill's throughput. RPO is measured: the source's newest commit just before the restore "
       "minus the copy's (pg_last_committed_xact with track_commit_timestamp, else the recency columns). Each drill "
       "joins a history of 52 in the state file. Exit 0: all good; 10: a check or the repository failed; 11: RTO or "
       "RPO objective breached.",
       {"stanza", "target-time", "repo", "work-dir", "port", "dbname", "checks", "no-default-checks", "amcheck", "fresh",
        "objective-rto", "objective-rpo", "report", "report-upload", "mc-bin", "mc-config-dir", "pg-bin-dir",
        "source-host", "source-port", "state-file"},
       {"stanza"},
       {{"the weekly drill (Sunday 04:00 UTC in the seed)",
         "sudo -u postgres reos-backup verify --stanza realestate-db --dbname realestate --report /var/log/reos-verify.json"}},
       true, "6h"},
      {"minio-version", "enable, suspend or check versioning of MinIO buckets",
       "Runs mc version info (and enable/suspend) per bucket, one result per bucket. Enabling an enabled bucket "
       "changes nothing and is ok. status exits 10 when a bucket is not versioned. Aliases come from [minio:ALIAS] "
       "(url, access-key, secret-key) in the config file or REOS_MINIO_<ALIAS>_URL/_ACCESS_KEY/_SECRET_KEY and reach "
       "mc only as MC_HOST_<alias> in its environment.",
       {"alias", "bucket", "mc-bin", "mc-config-dir"},
       {"alias", "bucket"},
       {{"the seed's buckets", "reos-backup minio-version enable --alias myminio --bucket realestate-memos "
                               "--bucket realestate-documents --bucket realestate-exports"},
        {"check, for monitoring", "reos-backup minio-version status --alias myminio --bucket realestate-memos --output json"}},
       false, "5m", {{"action", "what to do", {"enable", "suspend", "status"}}}},
      {"minio-replicate", "add, check, list or remove MinIO bucket replication",
       "add checks that both buckets are versioned, then runs mc replicate add with --remote-bucket REMOTEALIAS/BUCKET "
       "(needs mc RELEASE.2024-03-03T00-13-08Z or later) so the remote's keys travel in MC_HOST_<alias>, never on a "
       "command line; it always passes a rule ID. status exits 10 when nothing is configured, a target is offline or "
       "replications failed, and 11 when a target's estimated lag (see metrics) exceeds --objective-rpo. rm --all "
       "leaves mc's remote targets behind (the result says which).",
       {"alias", "bucket", "remote-alias", "remote-url", "remote-bucket", "rule-id", "priority", "replicate",
        "bandwidth", "all", "objective-rpo", "mc-bin", "mc-config-dir"},
       {"alias", "bucket"},
       {{"replicate the memos to the DR site", "reos-backup minio-replicate add --alias myminio --bucket realestate-memos "
                                               "--remote-url https://backup-minio.example.com --remote-bucket realestate-memos --priority 1"},
        {"health of replication", "reos-backup minio-replicate status --alias myminio --bucket realestate-memos"}},
       false, "10m", {{"action", "what to do", {"add", "status", "ls", "rm"}}}},
      {"minio-lifecycle", "import or export a MinIO bucket's lifecycle rules",
       "import validates the policy (Rules with ID, Status Enabled|Disabled, positive Days, known keys only) before "
       "mc runs, then feeds it to mc ilm rule import on stdin; it replaces the bucket's whole lifecycle. export "
       "prints the rules, or writes them to --file (mode 0600) in the form import reads.",
       {"alias", "bucket", "file", "mc-bin", "mc-config-dir"},
       {"alias", "bucket"},
       {{"the seed's memo policy", "reos-backup minio-lifecycle import --alias myminio --bucket realestate-memos "
                                   "--file memo-lifecycle.json"}},
       false, "5m", {{"action", "what to do", {"import", "export"}}}},
      {"minio-mirror", "copy a bucket (or directory) once with mc mirror, counting copies and errors",
       "One-shot mc mirror. Counts objects copied and removed and every error line; exits non-zero when any error "
       "was reported, also when mc itself exited 0 (it does so e.g. for 'Overwrite not allowed').",
       {"source", "target", "overwrite", "remove", "mc-bin", "mc-config-dir"},
       {"source", "target"},
       {{"memos to the secondary site", "reos-backup minio-mirror --source myminio/realestate-memos --target "
                                        "s3backup/realestate-memos"}},
       false, "12h"},
      {"minio-config-export", "save the MinIO server configuration to a 0600 file",
       "Runs mc admin config export (needs admin rights), decodes it and writes it atomically with mode 0600: the "
       "configuration can hold secrets, so it goes to stdout only with --print.",
       {"alias", "file", "print", "mc-bin", "mc-config-dir"},
       {"alias"},
       {{"nightly export", "reos-backup minio-config-export --alias myminio --file /var/backups/minio-config.txt"}},
       false, "5m"},
      {"schedule", "print or install the backup schedule as a cron file or systemd timers",
       "Renders the seed's schedule (full Sunday 02:00 UTC, differential Monday to Saturday 02:00, incremental every "
       "6 hours, verification Sunday 04:00), or the one given by the options, for one stanza: as a file for "
       "/etc/cron.d (--format cron) or as a oneshot .service and a .timer with OnCalendar= in UTC and Persistent=true "
       "per job (--format systemd). Each job runs reos-backup as --user under flock -n on a lock per stanza, so a "
       "backup that is still running makes the next one give up instead of overlapping. With --textfile PATH a "
       "metrics job writes the Prometheus file every minute. With --mirror SOURCE=TARGET (systemd only, repeatable) a "
       "service per pair runs mc mirror --watch under its own dynamic user with Restart=always, its aliases' MC_HOST_* "
       "read from /etc/reos-backup/mirror.env (mode 0600), never from argv. Runs no other program.",
       {"stanza", "format", "user", "full-at", "diff-at", "incr-every", "verify-at", "textfile", "bin", "write", "mirror",
        "mc-bin"},
       {"stanza"},
       {{"the seed's schedule as a cron file", "reos-backup schedule --stanza realestate-db --write /etc/cron.d"},
        {"as systemd timers", "reos-backup schedule --stanza realestate-db --format systemd --write /etc/systemd/system"},
        {"with metrics for node_exporter every minute",
         "reos-backup schedule --stanza realestate-db --textfile /var/lib/prometheus/node-exporter/reos-backup.prom "
         "--write /etc/cron.d"},
        {"the seed's continuous mirror of the memos to the secondary site",
         "reos-backup schedule --stanza realestate-db --format systemd --mirror "
         "myminio/realestate-memos=s3backup/realestate-memos --write /etc/systemd/system"},
        {"nightly full backups, no differentials",
         "reos-backup schedule --stanza realestate-db --full-at 'daily 01:30' --diff-at off"}},
       false, "1m"},
      {"metrics", "print Prometheus metrics: backup ages, counters, archiving health, verify results",
       "Writes Prometheus text exposition (for node_exporter's textfile collector with --textfile, atomically) "
       "labelled by stanza: ages of the newest full/diff/incr backup from pgbackrest info, backup and restore "
       "success/failure counters and the last verify result and RTO from the state file, pg_stat_archiver "
       "failures and last success (when the cluster is reachable), the .ready backlog in pg1-path/pg_wal/archive_status, versions, and with "
       "--alias and --bucket (repeatable) each bucket's versioning and replication from mc: targets online, queued "
       "objects and bytes, failed replications, and minio_bucket_replication_lag_seconds, an estimate (mc reports no "
       "lag): for an offline target the time since it was last online, for an online one the current latency plus "
       "the queued bytes divided by the target's average transfer rate (absent when unknown). A bucket mc cannot "
       "answer for shows as reos_minio_up 0, never as versioning disabled. Exit 0 even when a value is missing: the "
       "alert rules judge.",
       {"stanza", "repo", "state-file", "textfile", "source-host", "source-port", "alias", "bucket", "mc-bin", "mc-config-dir",
        "mirror"},
       {},
       {{"every minute from cron, for node_exporter",
         "sudo -u postgres reos-backup metrics --textfile /var/lib/prometheus/node-exporter/reos-backup.prom"}},
       true, "2m"},
      {"check", "preflight and health report: archiving, settings, retention, backup ages",
       "Checks the programs, archive_mode, that archive_command calls pgBackRest with this stanza, archive_timeout "
       "against --objective-rpo (worst-case loss is about archive_timeout + 0.5 s), wal_level, the repository cipher, "
       "pgbackrest check, pg_stat_archiver failures, the .ready backlog, the newest backups' ages, and per repository "
       "the retention in days: what its pgBackRest settings keep given the schedule (retention-full count x the full "
       "interval or retention-full-type=time, retention-diff, retention-archive) and what it holds now, against the "
       "[policy] section of the config file (default: the seed's full 28 days, differential, incremental and WAL 7 "
       "days, repo2 90 days), each contradiction with the setting that fixes it; and archive-push-queue-max, past "
       "which pgBackRest drops WAL. Each finding has an id, a severity (ok, warning, failure), a message and a hint. Exit 0: all ok; "
       "12: warnings only; 10: at least one failure.",
       {"stanza", "repo", "objective-rpo", "max-full-age", "max-diff-age", "max-incr-age", "source-host",
        "source-port"},
       {"stanza"},
       {{"before go-live and after every change", "sudo -u postgres reos-backup check --stanza realestate-db"}},
       true, "5m"},
      {"audit", "verify the audit log's hash chain",
       "audit verify reads the audit log (--audit-log) and checks every line's own SHA-256, its sequence number and "
       "the previous line's SHA-256 it carries. Exit 10 names the first line that was edited, deleted or moved.",
       {},
       {},
       {{"after an incident", "reos-backup audit verify --audit-log /var/log/reos-backup/audit.jsonl"}},
       false, "1m", {{"action", "what to do", {"verify"}}}},
  };
  return table;
}

// Which runs change something and are audit-logged (after they ran; never --dry-run). Every
// command has a row (a unit test checks it) so a new command cannot be forgotten: an empty
// list means "never", {"*"} "always", else the positional actions that change something.
// restore-pitr --plan only reads (info, pg_stat_archiver) and prints: not audited.
const std::vector<AuditRule>& audit_rules() {
  static const std::vector<AuditRule> rules = {
      {"stanza-create", {"*"}},      {"backup", {"*"}},
      {"info", {}},                  {"restore-pitr", {"*"}, "plan"},
      {"verify", {"*"}},             {"minio-version", {"enable", "suspend"}},
      {"minio-replicate", {"add", "rm"}}, {"minio-lifecycle", {"import"}},
      {"minio-mirror", {"*"}},       {"minio-config-export", {"*"}},
      {"schedule", {}},              {"metrics", {}},
      {"check", {}},                 {"audit", {}},
  };
  return rules;
}

bool audited(std::string_view command, const std::vector<std::string>& positionals,
             const std::function<bool(std::string_view)>& flag_given) {
  for (const auto& r : audit_rules()) {
    if (r.command != command) continue;
    if (!r.read_only_flag.empty() && flag_given(r.read_only_flag)) return false;
    for (auto a : r.actions)
      if (a == "*" || (!positionals.empty() && positionals[0] == a)) return true;
  }
  return false;
}

const OptionSpec* find_option(std::string_view name) {
  for (const auto& o : options())
    if (o.name == name) return &o;
  return nullptr;
}

const CommandSpec* find_command(std::string_view name) {
  for (const auto& c : commands())
    if (c.name == name) return &c;
  return nullptr;
}

std::string env_name(std::string_view option_name) {
  std::string out = "REOS_";
  for (char c : option_name) out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace reos::config
