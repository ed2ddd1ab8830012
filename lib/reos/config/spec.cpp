#include "reos/config/spec.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace reos::config {

const std::vector<OptionSpec>& options() {
  using K = ValueKind;
  using C = Completion;
  using S = Sources;
  // one row per option, its fields grouped by hand (not reflowed):
  // clang-format off
  static const std::vector<OptionSpec> table = {
      // ---- global ---------------------------------------------------------------------------
      {.name = "config", .kind = K::path, .value_name = "PATH",
       .help = "reos-backup's own settings file (INI: [global], [stanza:NAME]); default "
               "/etc/reos-backup/reos-backup.conf when it exists",
       .sources = S::command_line_and_env, .completion = C::file},
      {.name = "output", .kind = K::choice, .value_name = "FORMAT",
       .help = "text for people, json for machines: exactly one JSON document on stdout, also on failure",
       .choices = {"text", "json"}, .default_value = "text", .completion = C::choices},
      {.name = "dry-run", .kind = K::flag,
       .help = "print the (redacted) plan of child programs and run nothing"},
      {.name = "timeout", .kind = K::duration, .value_name = "DURATION",
       .help = "limit for each child program (90s, 5m, 2h, 1h30m); on expiry it gets SIGTERM, then SIGKILL"},
      {.name = "log-level", .kind = K::choice, .value_name = "LEVEL",
       .help = "how much goes to stderr; debug also shows where each setting came from",
       .choices = {"error", "warn", "info", "debug"}, .default_value = "warn", .completion = C::choices},
      {.name = "pgbackrest-bin", .kind = K::path, .value_name = "PATH",
       .help = "the pgbackrest program to run (default: pgbackrest on PATH)",
       .default_value = "pgbackrest", .completion = C::file},
      {.name = "pgbackrest-config", .kind = K::path, .value_name = "PATH",
       .help = "pgBackRest configuration file, passed through as --config (default: pgBackRest's own default)",
       .completion = C::file},
      // Secrets: environment or config file only, handed to pgBackRest via its PGBACKREST_*
      // environment variables, never argv.
      {.name = "repo1-cipher-pass", .kind = K::text, .value_name = "PASS",
       .help = "repository 1 cipher passphrase (secret; environment, systemd credential or config file only)",
       .sources = S::secret},
      {.name = "repo2-cipher-pass", .kind = K::text, .value_name = "PASS",
       .help = "repository 2 cipher passphrase (secret; environment, systemd credential or config file only)",
       .sources = S::secret},
      {.name = "repo2-s3-key", .kind = K::text, .value_name = "KEY",
       .help = "repository 2 S3 access key (secret; environment, systemd credential or config file only)",
       .sources = S::secret},
      {.name = "repo2-s3-key-secret", .kind = K::text, .value_name = "SECRET",
       .help = "repository 2 S3 secret key (secret; environment, systemd credential or config file only)",
       .sources = S::secret},
      // ---- per command ----------------------------------------------------------------------
      {.name = "stanza", .kind = K::identifier, .value_name = "NAME",
       .help = "pgBackRest stanza: letters, digits, '-', '_', '.'; must not start with '-'",
       .completion = C::stanza},
      {.name = "type", .kind = K::choice, .value_name = "TYPE",
       .help = "backup type; incr becomes full when no prior backup exists (pgBackRest rule)",
       .choices = {"full", "diff", "incr"}, .default_value = "incr", .sources = S::command_line, .completion = C::choices},
      {.name = "repo", .kind = K::integer, .value_name = "N",
       .help = "repository number to use (pgBackRest --repo); default: all/first as pgBackRest does",
       .sources = S::command_line_and_config, .min = 1, .max = 256},
      // ---- restore-pitr and verify -------------------------------------------------------
      {.name = "target-time", .kind = K::text, .value_name = "TIME",
       .help = "recover to this instant; it must carry a zone (2026-11-24T10:15:00Z or +05:30) and is converted to UTC",
       .sources = S::command_line},
      {.name = "target-lsn", .kind = K::text, .value_name = "LSN",
       .help = "recover to this WAL position (e.g. 0/3000028)",
       .sources = S::command_line},
      {.name = "target-xid", .kind = K::text, .value_name = "XID",
       .help = "recover to this transaction id",
       .sources = S::command_line},
      {.name = "target-name", .kind = K::text, .value_name = "NAME",
       .help = "recover to this restore point (made with pg_create_restore_point)",
       .sources = S::command_line},
      {.name = "target-immediate", .kind = K::flag,
       .help = "recover only until the backup is consistent (its end)",
       .sources = S::command_line},
      {.name = "target-action", .kind = K::choice, .value_name = "ACTION",
       .help = "what the server does at the target; pause (pgBackRest's default) lets you inspect before promoting",
       .choices = {"promote", "pause", "shutdown"}, .default_value = "pause", .sources = S::command_line, .completion = C::choices},
      {.name = "target-exclusive", .kind = K::flag,
       .help = "stop just before the target instead of just after it",
       .sources = S::command_line, .only_with = {.options = {"target-time", "target-lsn", "target-xid"}}},
      {.name = "set", .kind = K::identifier, .value_name = "LABEL",
       .help = "backup set to restore (default: the newest that ends before the target)",
       .sources = S::command_line},
      {.name = "pg-path", .kind = K::directory, .value_name = "DIR",
       .help = "data directory to restore into (default: pg1-path of the stanza); another directory gets archive_mode=off",
       .sources = S::command_line, .completion = C::directory},
      {.name = "delta", .kind = K::flag,
       .help = "reuse files that already match in a non-empty target directory (fast re-restores)",
       .sources = S::command_line},
      {.name = "force", .kind = K::flag,
       .help = "overwrite a non-empty target directory",
       .sources = S::command_line},
      {.name = "plan", .kind = K::flag,
       .help = "read info and the source's archiver state, pick the backup set, check the recoverable window, print the exact "
               "pgBackRest call and the predicted duration (bytes, WAL segments, the drill history), and write nothing",
       .sources = S::command_line},
      {.name = "start", .kind = K::flag,
       .help = "start the restored copy (needs --pg-path) and wait until recovery reached the target",
       .sources = S::command_line},
      {.name = "port", .kind = K::integer, .value_name = "PORT",
       .help = "port of the started copy (default: a free one from 55432); it listens on its own socket only",
       .min = 1, .max = 65535},
      {.name = "pg-bin-dir", .kind = K::directory, .value_name = "DIR",
       .help = "PostgreSQL programs (pg_ctl, pg_controldata, pg_amcheck) (default: /usr/lib/postgresql/MAJOR/bin "
               "of the backup's PostgreSQL version, else of the directory's PG_VERSION)",
       .completion = C::directory},
      {.name = "source-host", .kind = K::text, .value_name = "HOST",
       .help = "the production cluster for window and RPO checks: socket directory or host (default: pg1-socket-path)"},
      {.name = "source-port", .kind = K::integer, .value_name = "PORT",
       .help = "port of the production cluster (default: pg1-port, else 5432)",
       .min = 1, .max = 65535},
      {.name = "work-dir", .kind = K::directory, .value_name = "DIR",
       .help = "where verify keeps its staging copy (<dir>/<stanza>, reused with --delta by later drills)",
       .default_value = "/var/tmp/reos-backup", .completion = C::directory},
      {.name = "dbname", .kind = K::text, .value_name = "NAME",
       .help = "database the validation checks run in",
       .default_value = "postgres"},
      {.name = "checks", .kind = K::path, .value_name = "FILE",
       .help = "extra checks: a JSON array of {name, sql, min | max_age | equals}; a missing table fails its check",
       .completion = C::file},
      {.name = "no-default-checks", .kind = K::flag,
       .help = "skip the seed's checks (row counts of properties, pipeline_state, ...)"},
      {.name = "amcheck", .kind = K::flag,
       .help = "also run pg_amcheck on the restored copy (the seed's 'indexes are intact')"},
      {.name = "objective-rto", .kind = K::duration, .value_name = "DURATION",
       .help = "recovery time objective the measured drill is held to",
       .default_value = "30m"},
      {.name = "objective-rpo", .kind = K::duration, .value_name = "DURATION",
       .help = "recovery point objective the archiving exposure (and, for minio-replicate status, the replication lag) is "
               "held to",
       .default_value = "5m"},
      {.name = "report", .kind = K::path, .value_name = "PATH",
       .help = "also write the drill's report as JSON to PATH (atomically)",
       .completion = C::file},
      {.name = "report-upload", .kind = K::text, .value_name = "ALIAS/BUCKET/PREFIX",
       .help = "also upload the drill's report through mc to this MinIO/S3 location (<stanza>-<UTC time>.json); a failed "
               "upload is a warning, never a failed drill"},
      {.name = "fresh", .kind = K::flag,
       .help = "empty the staging copy and restore all of it, as after a disaster (the first drill of each repository is "
               "fresh anyway); later drills re-check the copy with --delta and estimate the fresh RTO from the newest fresh one",
       .sources = S::command_line},
      // ---- MinIO (mc) -------------------------------------------------------------------------
      // Alias credentials are not options: [minio:ALIAS] url=, access-key=, secret-key= in the
      // config file, or REOS_MINIO_<ALIAS>_URL/_ACCESS_KEY/_SECRET_KEY; they reach mc only as
      // MC_HOST_<alias> in its environment.
      {.name = "mc-bin", .kind = K::path, .value_name = "PATH",
       .help = "the MinIO client to run (default: mc on PATH); Midnight Commander, Debian's mc, is detected and refused",
       .default_value = "mc", .completion = C::file},
      {.name = "mc-config-dir", .kind = K::directory, .value_name = "DIR",
       .help = "mc's --config-dir (default: a private temporary directory per run, removed afterwards)",
       .completion = C::directory},
      {.name = "alias", .kind = K::text, .value_name = "ALIAS",
       .help = "MinIO alias, configured as [minio:ALIAS] in the config file or by REOS_MINIO_<ALIAS>_URL, _ACCESS_KEY and "
               "_SECRET_KEY"},
      {.name = "bucket", .kind = K::text, .value_name = "BUCKET",
       .help = "bucket name; minio-version and metrics take several (repeat --bucket)",
       .sources = S::command_line, .repeatable = true},
      {.name = "remote-alias", .kind = K::text, .value_name = "ALIAS",
       .help = "configured alias of the replication target deployment",
       .sources = S::command_line, .only_with = {.actions = {"add"}}},
      {.name = "remote-url", .kind = K::text, .value_name = "URL",
       .help = "endpoint https://host[:port] of the replication target; must be the url of a configured alias (its keys are used)",
       .sources = S::command_line, .only_with = {.actions = {"add"}}},
      {.name = "remote-bucket", .kind = K::text, .value_name = "BUCKET",
       .help = "bucket on the replication target",
       .sources = S::command_line, .only_with = {.actions = {"add"}}},
      {.name = "rule-id", .kind = K::text, .value_name = "ID",
       .help = "replication rule ID (add: default reos-BUCKET-to-REMOTEALIAS-REMOTEBUCKET; rm: the rule to remove)",
       .sources = S::command_line, .only_with = {.actions = {"add", "rm"}}},
      {.name = "priority", .kind = K::integer, .value_name = "N",
       .help = "replication rule priority; must differ from the bucket's other rules",
       .sources = S::command_line, .min = 0, .max = 2147483647, .only_with = {.actions = {"add"}}},
      {.name = "replicate", .kind = K::text, .value_name = "WHAT",
       .help = "what to replicate: comma-separated subset of delete-marker,delete,existing-objects,metadata-sync (default: all)",
       .sources = S::command_line, .only_with = {.actions = {"add"}}},
      {.name = "bandwidth", .kind = K::text, .value_name = "RATE",
       .help = "replication bandwidth limit in bytes/s, e.g. 100M (server minimum 100 MB/s)",
       .sources = S::command_line, .only_with = {.actions = {"add"}}},
      {.name = "all", .kind = K::flag,
       .help = "minio-replicate rm: remove every rule (mc keeps the remote targets)",
       .sources = S::command_line, .only_with = {.actions = {"rm"}}},
      {.name = "file", .kind = K::path, .value_name = "PATH",
       .help = "lifecycle import: policy JSON to import; lifecycle/config export: file to write (mode 0600, atomically)",
       .sources = S::command_line, .completion = C::file},
      {.name = "source", .kind = K::text, .value_name = "SOURCE",
       .help = "mirror source: ALIAS/BUCKET[/PREFIX] or an absolute local directory",
       .sources = S::command_line},
      {.name = "target", .kind = K::text, .value_name = "TARGET",
       .help = "mirror target: ALIAS/BUCKET[/PREFIX] or an absolute local directory",
       .sources = S::command_line},
      {.name = "overwrite", .kind = K::flag,
       .help = "mirror: replace target objects that differ from the source",
       .sources = S::command_line},
      {.name = "remove", .kind = K::flag,
       .help = "mirror: delete target objects that are not in the source",
       .sources = S::command_line},
      {.name = "print", .kind = K::flag,
       .help = "minio-config-export: print the configuration on stdout (text output only) instead of writing --file",
       .sources = S::command_line},
      // ---- schedule -----------------------------------------------------------------------------
      // Per run, not per host: neither environment nor config file, so a stray REOS_USER or a
      // [global] user= cannot silently change what cron runs.
      {.name = "format", .kind = K::choice, .value_name = "FORMAT",
       .help = "schedule: a file for /etc/cron.d, or systemd .service and .timer units",
       .choices = {"cron", "systemd"}, .default_value = "cron", .sources = S::command_line, .completion = C::choices},
      {.name = "user", .kind = K::text, .value_name = "USER",
       .help = "schedule: the user the jobs run as, the cluster owner (pgBackRest must not run as root)",
       .default_value = "postgres", .sources = S::command_line},
      {.name = "full-at", .kind = K::text, .value_name = "WHEN",
       .help = "schedule: full backups, DAYS HH:MM in UTC (e.g. 'Sun 02:00'), or off",
       .default_value = "Sun 02:00", .sources = S::command_line},
      {.name = "diff-at", .kind = K::text, .value_name = "WHEN",
       .help = "schedule: differential backups, DAYS HH:MM in UTC (e.g. 'Mon-Sat 02:00'), or off",
       .default_value = "Mon-Sat 02:00", .sources = S::command_line},
      {.name = "incr-every", .kind = K::text, .value_name = "HOURS",
       .help = "schedule: incremental backups every N hours at minute 0 UTC, N dividing 24 (e.g. 6h), or off",
       .default_value = "6h", .sources = S::command_line},
      {.name = "verify-at", .kind = K::text, .value_name = "WHEN",
       .help = "schedule: verification, DAYS HH:MM in UTC, or off (scheduled only when this build has a verify command)",
       .default_value = "Sun 04:00", .sources = S::command_line},
      {.name = "mirror", .kind = K::text, .value_name = "SOURCE=TARGET",
       .help = "schedule: also a service running mc mirror --watch from SOURCE to TARGET (ALIAS/BUCKET each); metrics: report "
               "whether it runs (repeat for several pairs)",
       .sources = S::command_line, .repeatable = true},
      {.name = "credentials", .kind = K::text, .value_name = "NAME",
       .help = "schedule: the units load this secret (an option name, e.g. repo1-cipher-pass) as a systemd credential from "
               "/etc/reos-backup/credentials/NAME (repeat for several)",
       .sources = S::command_line, .repeatable = true},
      {.name = "bin", .kind = K::path, .value_name = "PATH",
       .help = "schedule: where reos-backup is installed on the host the jobs run on",
       .default_value = "/usr/bin/reos-backup", .sources = S::command_line, .completion = C::file},
      {.name = "write", .kind = K::directory, .value_name = "DIR",
       .help = "schedule: write the files into DIR (atomically, mode 0644), e.g. /etc/cron.d or /etc/systemd/system, instead "
               "of printing them",
       .sources = S::command_line, .completion = C::directory},
      // ---- observability: state file, audit log, metrics, check ----------------------------
      {.name = "audit-log", .kind = K::path, .value_name = "PATH",
       .help = "append-only, hash-chained log of every changing run (default: /var/log/reos-backup/audit.jsonl when that "
               "directory is writable, else ~/.local/state/reos-backup/audit.jsonl)",
       .completion = C::file},
      {.name = "progress", .kind = K::flag,
       .help = "show progress on stderr also when it is not a terminal, and with --output json as one JSON object per "
               "line (PROGRESS in the man page lists its fields); by default it shows only on a terminal with text output"},
      {.name = "no-progress", .kind = K::flag,
       .help = "show no progress on stderr, also on a terminal"},
      {.name = "audit-syslog", .kind = K::flag,
       .help = "also send each audit record as one line to the system log (the local socket /dev/log), so the host's log "
               "shipping carries it off the machine; the audit log file is written as before, and a record the system log "
               "does not take is a warning, not a failure"},
      {.name = "audit-syslog-facility", .kind = K::choice, .value_name = "FACILITY",
       .help = "syslog facility of the --audit-syslog records (authpriv: readable by root only on Debian's rsyslog)",
       .choices = {"authpriv", "auth", "daemon", "user", "local0", "local1", "local2", "local3", "local4", "local5", "local6",
                   "local7"},
       .default_value = "authpriv", .completion = C::choices},
      {.name = "state-file", .kind = K::path, .value_name = "PATH",
       .help = "backup/verify counters and last results, read by metrics (default: ~/.local/state/reos-backup/state.json)",
       .completion = C::file},
      {.name = "textfile", .kind = K::path, .value_name = "PATH",
       .help = "metrics: write to PATH atomically (node_exporter textfile collector, name it *.prom) instead of stdout; "
               "schedule: add a job that does so every minute",
       .sources = S::command_line, .completion = C::file},
      {.name = "max-full-age", .kind = K::duration, .value_name = "DURATION",
       .help = "check: newest full backup older than this is a failure (weekly + 1 day)",
       .default_value = "8d"},
      {.name = "max-diff-age", .kind = K::duration, .value_name = "DURATION",
       .help = "check: newest differential older than this is a warning (daily + 2 h)",
       .default_value = "26h"},
      {.name = "max-incr-age", .kind = K::duration, .value_name = "DURATION",
       .help = "check: newest incremental older than this is a warning (6 h + 1 h)",
       .default_value = "7h"},
  };
  // clang-format on
  return table;
}

const std::vector<std::string_view>& global_options() {
  static const std::vector<std::string_view> names = {"config",
                                                      "output",
                                                      "dry-run",
                                                      "timeout",
                                                      "log-level",
                                                      "pgbackrest-bin",
                                                      "pgbackrest-config",
                                                      "repo1-cipher-pass",
                                                      "repo2-cipher-pass",
                                                      "repo2-s3-key",
                                                      "repo2-s3-key-secret",
                                                      "audit-log",
                                                      "audit-syslog",
                                                      "audit-syslog-facility"};
  return names;
}

const std::vector<CommandSpec>& commands() {
  using A = AuditRule::When;
  // one row per command, its fields grouped by hand (not reflowed):
  // clang-format off
  static const std::vector<CommandSpec> table = {
      {.name = "stanza-create",
       .summary = "create the pgBackRest stanza (idempotent)",
       .description = "Creates the stanza in every configured repository. Running it again on a valid stanza is "
                      "not an error: the result says it already existed.",
       .options = {"stanza"},
       .required = {"stanza"},
       .examples = {{"create the seed's stanza", "sudo -u postgres reos-backup stanza-create --stanza realestate-db"}},
       .default_timeout = "10m", .audit = {.when = A::always}},
      {.name = "backup",
       .summary = "take a full, differential or incremental backup",
       .description = "Runs pgbackrest backup and reads the new backup back from info: label, type, start and "
                      "stop time, sizes and duration. Warnings pgBackRest prints (resumed backup, incr promoted "
                      "to full) are carried in the result.",
       .options = {"stanza", "type", "repo", "state-file", "progress", "no-progress"},
       .required = {"stanza"},
       .examples = {{"weekly full (Sunday 02:00 UTC in the seed)",
                    "sudo -u postgres reos-backup backup --stanza realestate-db --type full"},
                    {"every 6 hours, machine-readable", "reos-backup backup --stanza realestate-db --type incr --output json"}},
       .default_timeout = "12h", .audit = {.when = A::always}},
      {.name = "info",
       .summary = "show backups, WAL archive range and backup ages per stanza",
       .description = "Parses pgbackrest info --output=json into a normalized result: per stanza its status, each "
                      "repository's status, every backup (label, type, prior, times in UTC, sizes, WAL range, "
                      "repository), the archive range, the age of the newest full/diff/incr backup and whether a "
                      "backup holds the lock. Exits 10 when a stanza is not healthy (missing, no backups, "
                      "unreadable repository).",
       .options = {"stanza", "repo"},
       .required = {},
       .examples = {{"all stanzas, for a person", "reos-backup info"},
                    {"one stanza, for a script", "reos-backup info --stanza realestate-db --output json"}},
       .refuses_root = false, .default_timeout = "5m", .audit = {.when = A::never}},
      {.name = "restore-pitr",
       .summary = "restore to a point in time, with a plan and safety checks first",
       .description = "Restores a stanza to a time (with an explicit zone, converted to UTC), an LSN, a transaction id, a named "
                      "restore point, or the end of a backup. Before writing anything it refuses a data directory whose PostgreSQL "
                      "runs or that is not empty (unless --delta or --force), picks the backup set, and checks that the target lies "
                      "in the recoverable window (oldest backup's end .. the source's last archived WAL). --plan stops there and "
                      "prints the pgBackRest call. --start brings the restored copy up on its own port and socket.",
       .options = {"stanza", "target-time", "target-lsn", "target-xid", "target-name", "target-immediate", "target-action",
                   "target-exclusive", "set", "repo", "pg-path", "delta", "force", "plan", "start", "port", "pg-bin-dir", "source-host",
                   "source-port", "state-file", "progress", "no-progress"},
       .required = {"stanza"},
       .examples = {{"what would a restore to 10:15 IST use?",
                    "sudo -u postgres reos-backup restore-pitr --stanza realestate-db --target-time 2026-11-24T10:15:00+05:30 "
                    "--pg-path /var/lib/postgresql/pitr --plan"},
                    {"restore beside production and look at it",
                    "sudo -u postgres reos-backup restore-pitr --stanza realestate-db --target-time 2026-11-24T04:45:00Z "
                    "--pg-path /var/lib/postgresql/pitr --target-action promote --start"}},
       .default_timeout = "6h", .audit = {.when = A::always, .read_only_flag = "plan"}},
      {.name = "verify",
       .summary = "the restore drill: restore to staging, start, run checks, verify the repository, measure RTO/RPO",
       .description = "Restores the latest backup (or --target-time) into <work-dir>/<stanza>/data (reused with --delta on later "
                      "runs), starts it on its own socket with archive_mode=off, runs the seed's checks and those of --checks "
                      "through libpq, runs pgbackrest verify and reads its findings (its exit code can be 0 on errors), and always "
                      "stops the copy. RTO is judged on a fresh restore: measured by a fresh drill, estimated for a delta drill from "
                      "the newest fresh drill's throughput. RPO is measured: the source's newest commit just before the restore "
                      "minus the copy's (pg_last_committed_xact with track_commit_timestamp, else the recency columns). Each drill "
                      "joins a history of 52 in the state file. Exit 0: all good; 10: a check or the repository failed; 11: RTO or "
                      "RPO objective breached.",
       .options = {"stanza", "target-time", "repo", "work-dir", "port", "dbname", "checks", "no-default-checks", "amcheck", "fresh",
                   "objective-rto", "objective-rpo", "report", "report-upload", "mc-bin", "mc-config-dir", "pg-bin-dir",
                   "source-host", "source-port", "state-file", "progress", "no-progress"},
       .required = {"stanza"},
       .examples = {{"the weekly drill (Sunday 04:00 UTC in the seed)",
                    "sudo -u postgres reos-backup verify --stanza realestate-db --dbname realestate --report /var/log/reos-verify.json"}},
       .default_timeout = "6h", .audit = {.when = A::always}},
      {.name = "minio-version",
       .summary = "enable, suspend or check versioning of MinIO buckets",
       .description = "Runs mc version info (and enable/suspend) per bucket, one result per bucket. Enabling an enabled bucket "
                      "changes nothing and is ok. status exits 10 when a bucket is not versioned. Aliases come from [minio:ALIAS] "
                      "(url, access-key, secret-key) in the config file or REOS_MINIO_<ALIAS>_URL/_ACCESS_KEY/_SECRET_KEY and reach "
                      "mc only as MC_HOST_<alias> in its environment.",
       .options = {"alias", "bucket", "mc-bin", "mc-config-dir"},
       .required = {"alias", "bucket"},
       .examples = {{"the seed's buckets", "reos-backup minio-version enable --alias myminio --bucket realestate-memos "
                    "--bucket realestate-documents --bucket realestate-exports"},
                    {"check, for monitoring", "reos-backup minio-version status --alias myminio --bucket realestate-memos --output json"}},
       .refuses_root = false, .default_timeout = "5m",
       .positionals = {{.name = "action", .help = "what to do", .choices = {"enable", "suspend", "status"}}},
       .audit = {.when = A::actions, .actions = {"enable", "suspend"}}},
      {.name = "minio-replicate",
       .summary = "add, check, list or remove MinIO bucket replication",
       .description = "add checks that both buckets are versioned, then runs mc replicate add with --remote-bucket REMOTEALIAS/BUCKET "
                      "(needs mc RELEASE.2024-03-03T00-13-08Z or later) so the remote's keys travel in MC_HOST_<alias>, never on a "
                      "command line; it always passes a rule ID. status exits 10 when nothing is configured, a target is offline or "
                      "replications failed, and 11 when a target's estimated lag (see metrics) exceeds --objective-rpo. rm --all "
                      "leaves mc's remote targets behind (the result says which).",
       .options = {"alias", "bucket", "remote-alias", "remote-url", "remote-bucket", "rule-id", "priority", "replicate",
                   "bandwidth", "all", "objective-rpo", "mc-bin", "mc-config-dir"},
       .required = {"alias", "bucket"},
       .examples = {{"replicate the memos to the DR site", "reos-backup minio-replicate add --alias myminio --bucket realestate-memos "
                    "--remote-url https://backup-minio.example.com --remote-bucket realestate-memos --priority 1"},
                    {"health of replication", "reos-backup minio-replicate status --alias myminio --bucket realestate-memos"}},
       .refuses_root = false, .default_timeout = "10m",
       .positionals = {{.name = "action", .help = "what to do", .choices = {"add", "status", "ls", "rm"}}},
       .audit = {.when = A::actions, .actions = {"add", "rm"}}},
      {.name = "minio-lifecycle",
       .summary = "import or export a MinIO bucket's lifecycle rules",
       .description = "import validates the policy (Rules with ID, Status Enabled|Disabled, positive Days, known keys only) before "
                      "mc runs, then feeds it to mc ilm rule import on stdin; it replaces the bucket's whole lifecycle. export "
                      "prints the rules, or writes them to --file (mode 0600) in the form import reads.",
       .options = {"alias", "bucket", "file", "mc-bin", "mc-config-dir"},
       .required = {"alias", "bucket"},
       .examples = {{"the seed's memo policy", "reos-backup minio-lifecycle import --alias myminio --bucket realestate-memos "
                    "--file memo-lifecycle.json"}},
       .refuses_root = false, .default_timeout = "5m",
       .positionals = {{.name = "action", .help = "what to do", .choices = {"import", "export"}}},
       .audit = {.when = A::actions, .actions = {"import"}}},
      {.name = "minio-mirror",
       .summary = "copy a bucket (or directory) once with mc mirror, counting copies and errors",
       .description = "One-shot mc mirror. Counts objects copied and removed and every error line; exits non-zero when any error "
                      "was reported, also when mc itself exited 0 (it does so e.g. for 'Overwrite not allowed').",
       .options = {"source", "target", "overwrite", "remove", "mc-bin", "mc-config-dir"},
       .required = {"source", "target"},
       .examples = {{"memos to the secondary site", "reos-backup minio-mirror --source myminio/realestate-memos --target "
                    "s3backup/realestate-memos"}},
       .refuses_root = false, .default_timeout = "12h", .audit = {.when = A::always}},
      {.name = "minio-config-export",
       .summary = "save the MinIO server configuration to a 0600 file",
       .description = "Runs mc admin config export (needs admin rights), decodes it and writes it atomically with mode 0600: the "
                      "configuration can hold secrets, so it goes to stdout only with --print.",
       .options = {"alias", "file", "print", "mc-bin", "mc-config-dir"},
       .required = {"alias"},
       .examples = {{"nightly export", "reos-backup minio-config-export --alias myminio --file /var/backups/minio-config.txt"}},
       .refuses_root = false, .default_timeout = "5m", .audit = {.when = A::always}},
      {.name = "schedule",
       .summary = "print or install the backup schedule as a cron file or systemd timers",
       .description = "Renders the seed's schedule (full Sunday 02:00 UTC, differential Monday to Saturday 02:00, incremental every "
                      "6 hours, verification Sunday 04:00), or the one given by the options, for one stanza: as a file for "
                      "/etc/cron.d (--format cron) or as a oneshot .service and a .timer with OnCalendar= in UTC and Persistent=true "
                      "per job (--format systemd). Each job runs reos-backup as --user under flock -n on a lock per stanza, so a "
                      "backup that is still running makes the next one give up instead of overlapping. With --textfile PATH a "
                      "metrics job writes the Prometheus file every minute. With --mirror SOURCE=TARGET (systemd only, repeatable) a "
                      "service per pair runs mc mirror --watch under its own dynamic user with Restart=always, its aliases' MC_HOST_* "
                      "read from /etc/reos-backup/mirror.env (mode 0600), never from argv. Runs no other program.",
       .options = {"stanza", "format", "user", "full-at", "diff-at", "incr-every", "verify-at", "textfile", "bin", "write", "mirror",
                   "mc-bin", "credentials"},
       .required = {"stanza"},
       .examples = {{"the seed's schedule as a cron file", "reos-backup schedule --stanza realestate-db --write /etc/cron.d"},
                    {"as systemd timers", "reos-backup schedule --stanza realestate-db --format systemd --write /etc/systemd/system"},
                    {"with metrics for node_exporter every minute",
                    "reos-backup schedule --stanza realestate-db --textfile /var/lib/prometheus/node-exporter/reos-backup.prom "
                    "--write /etc/cron.d"},
                    {"the seed's continuous mirror of the memos to the secondary site",
                    "reos-backup schedule --stanza realestate-db --format systemd --mirror "
                    "myminio/realestate-memos=s3backup/realestate-memos --write /etc/systemd/system"},
                    {"the cipher passphrase as a systemd credential, not in a file postgres can read",
                    "reos-backup schedule --stanza realestate-db --format systemd --credentials repo1-cipher-pass --write "
                    "/etc/systemd/system"},
                    {"nightly full backups, no differentials",
                    "reos-backup schedule --stanza realestate-db --full-at 'daily 01:30' --diff-at off"}},
       .refuses_root = false, .default_timeout = "1m", .audit = {.when = A::never}},
      {.name = "metrics",
       .summary = "print Prometheus metrics: backup ages, counters, archiving health, verify results",
       .description = "Writes Prometheus text exposition (for node_exporter's textfile collector with --textfile, atomically) "
                      "labelled by stanza: ages of the newest full/diff/incr backup from pgbackrest info, backup and restore "
                      "success/failure counters and the last verify result and RTO from the state file, pg_stat_archiver "
                      "failures and last success (when the cluster is reachable), the .ready backlog in pg1-path/pg_wal/archive_status, versions, and with "
                      "--alias and --bucket (repeatable) each bucket's versioning and replication from mc: targets online, queued "
                      "objects and bytes, failed replications, and minio_bucket_replication_lag_seconds, an estimate (mc reports no "
                      "lag): for an offline target the time since it was last online, for an online one the current latency plus "
                      "the queued bytes divided by the target's average transfer rate (absent when unknown). A bucket mc cannot "
                      "answer for shows as reos_minio_up 0, never as versioning disabled. Exit 0 even when a value is missing: the "
                      "alert rules judge.",
       .options = {"stanza", "repo", "state-file", "textfile", "source-host", "source-port", "alias", "bucket", "mc-bin", "mc-config-dir",
                   "mirror"},
       .required = {},
       .examples = {{"every minute from cron, for node_exporter",
                    "sudo -u postgres reos-backup metrics --textfile /var/lib/prometheus/node-exporter/reos-backup.prom"}},
       .default_timeout = "2m", .audit = {.when = A::never}},
      {.name = "check",
       .summary = "preflight and health report: archiving, settings, retention, backup ages",
       .description = "Checks the programs, archive_mode, that archive_command calls pgBackRest with this stanza, archive_timeout "
                      "against --objective-rpo (worst-case loss is about archive_timeout + 0.5 s), wal_level, the repository cipher, "
                      "pgbackrest check, pg_stat_archiver failures, the .ready backlog, the newest backups' ages, and per repository "
                      "the retention in days: what its pgBackRest settings keep given the schedule (retention-full count x the full "
                      "interval or retention-full-type=time, retention-diff, retention-archive) and what it holds now, against the "
                      "[policy] section of the config file (default: the seed's full 28 days, differential, incremental and WAL 7 "
                      "days, repo2 90 days), each contradiction with the setting that fixes it; and archive-push-queue-max, past "
                      "which pgBackRest drops WAL. Each finding has an id, a severity (ok, warning, failure), a message and a hint. Exit 0: all ok; "
                      "12: warnings only; 10: at least one failure.",
       .options = {"stanza", "repo", "objective-rpo", "max-full-age", "max-diff-age", "max-incr-age", "source-host",
                   "source-port"},
       .required = {"stanza"},
       .examples = {{"before go-live and after every change", "sudo -u postgres reos-backup check --stanza realestate-db"}},
       .default_timeout = "5m", .audit = {.when = A::never}},
      {.name = "audit",
       .summary = "verify the audit log's hash chain",
       .description = "audit verify reads the audit log (--audit-log) and checks every line's own SHA-256, its sequence number and "
                      "the previous line's SHA-256 it carries. Exit 10 names the first line that was edited, deleted or moved.",
       .options = {},
       .required = {},
       .examples = {{"after an incident", "reos-backup audit verify --audit-log /var/log/reos-backup/audit.jsonl"}},
       .refuses_root = false, .default_timeout = "1m",
       .positionals = {{.name = "action", .help = "what to do", .choices = {"verify"}}},
       .audit = {.when = A::never}},
  };
  // clang-format on
  return table;
}

bool audited(std::string_view command, const std::vector<std::string>& positionals,
             const std::function<bool(std::string_view)>& flag_given) {
  const CommandSpec* c = find_command(command);
  if (!c) return false;
  const AuditRule& r = c->audit;
  if (!r.read_only_flag.empty() && flag_given(r.read_only_flag)) return false;
  switch (r.when) {
    case AuditRule::When::always: return true;
    case AuditRule::When::actions:
      return !positionals.empty() && std::find(r.actions.begin(), r.actions.end(), positionals[0]) != r.actions.end();
    case AuditRule::When::unstated:
    case AuditRule::When::never: break;
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
