#pragma once
// The jobs of a backup schedule for one stanza (weekly full, daily diff, incr every few
// hours, weekly verify), each with its time and the exact reos-backup command line. The cron
// and systemd renderers only format these; nothing else decides what runs when.
#include <string>
#include <vector>

#include "reos/schedule/calendar.hpp"

namespace reos::schedule {

/// A directory a job writes to, and why (written beside ReadWritePaths= in the unit).
struct Writable {
  std::string path;
  std::string why;  // "pgBackRest repo1-path", "flock(1) locks"
};

/// What the operator asked for. The defaults live in the option table (schedule's options):
/// the caller fills them in (commands::seed_schedule_request is the seed's schedule).
struct ScheduleRequest {
  std::string stanza;
  std::string user;
  std::string bin;                      // absolute path of reos-backup on the target host
  std::string full_at;                  // "Sun 02:00" or "off"
  std::string diff_at;                  // "Mon-Sat 02:00" or "off"
  std::string incr_every;               // "6h" or "off"
  std::string verify_at;                // "Sun 04:00" or "off"
  bool verify_required = false;         // --verify-at was given: no verify command is an error then
  std::string metrics_textfile;         // --textfile: a metrics job every minute writes it; "" none
  std::vector<std::string> extra_args;  // passed to every job, e.g. --pgbackrest-config PATH
  // For the systemd sandbox (ProtectSystem=strict): where the jobs write on the target host.
  std::vector<Writable> pgbackrest_writes;         // repository, log, spool, lock paths of the stanza's backup
  std::vector<Writable> drill_pgbackrest_writes;   // the same as the drill's restore, archive-get and verify see them
  std::string home;                                // the user's home: the default state file lives below it; "" unknown
  std::string audit_dir = "/var/log/reos-backup";  // default audit log directory (used only when it exists)
  std::string work_dir;                            // verify's --work-dir (its staging copy)
  std::vector<std::string> credentials;            // secrets (option names) the units load with LoadCredential=
  std::vector<std::string> mirrors;                // "SOURCE=TARGET" of the mirror services: the metrics job watches them
  bool verify_command = true;                      // this reos-backup has a verify command to schedule
};

struct Job {
  std::string kind;         // "full", "diff", "incr", "verify", "metrics"
  std::string description;  // "full backup of stanza realestate-db"
  Calendar when;
  std::string lock_file;             // flock(1) lock shared by the jobs that must not overlap
  std::vector<std::string> argv;     // flock -n LOCK BIN COMMAND --stanza S ...
  std::string unit;                  // systemd unit base name, "reos-backup-realestate-db-full"
  std::vector<Writable> writes;      // every directory the job writes (the systemd sandbox opens only these)
  std::vector<std::string> creates;  // of those, the ones reos-backup itself owns and may have to create
  bool runs_postgres = false;        // starts a PostgreSQL server (the drill): no MemoryDenyWriteExecute (JIT)
};

/// flock(1) from util-linux: it holds a lock for the duration of one command, so a job that
/// finds the previous one still running gives up at once (-n) instead of queueing behind it.
inline constexpr const char* kFlock = "/usr/bin/flock";
/// /run/lock is a world-writable sticky tmpfs on Debian: the postgres user can create its lock
/// there, and stale locks vanish at boot.
inline constexpr const char* kLockDir = "/run/lock";
/// Where `--credentials NAME` units load NAME from (root's directory, mode 0700): systemd
/// copies it into the unit's private $CREDENTIALS_DIRECTORY, readable by the job's user only.
inline constexpr const char* kCredentialStore = "/etc/reos-backup/credentials";

/// Validates the request (names and paths that end up in a cron line or a unit file must be
/// plain: no blanks, no shell or systemd specials) and builds the jobs in time order of the
/// seed (full, diff, incr, verify, then metrics when asked for); jobs set to "off" are left
/// out. The verify job exists only when `verify_command` is set. Throws
/// error::Error(Usage).
std::vector<Job> plan_jobs(const ScheduleRequest& request);

}  // namespace reos::schedule
