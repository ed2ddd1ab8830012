#include "reos/schedule/jobs.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/text.hpp"

namespace reos::schedule {

using error::Error;
using error::ExitCode;

namespace {

// A cron command goes through /bin/sh and ExecStart= expands '%' and quotes: every word we
// write is limited to characters that mean nothing to either, so no quoting is ever needed.
bool plain_word(const std::string& w) {
  if (w.empty()) return false;
  return std::all_of(w.begin(), w.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("/._+-=:,@").find(c) != std::string_view::npos;
  });
}

void check_user(const std::string& user) {
  // Debian's useradd rule (NAME_REGEX), without the trailing '$' of machine accounts.
  bool ok = !user.empty() && user.size() <= 32 && (std::islower(static_cast<unsigned char>(user[0])) || user[0] == '_');
  for (char c : user)
    ok = ok &&
         (std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-');
  if (!ok) {
    throw Error(ExitCode::Usage, fmt::format("--user: '{}' is not a user name", user),
                "give the cluster owner's login, e.g. --user postgres");
  }
}

void check_bin(const std::string& bin) {
  if (bin.empty() || bin[0] != '/' || !plain_word(bin)) {
    throw Error(ExitCode::Usage, fmt::format("--bin: '{}' is not a plain absolute path", bin),
                "give where reos-backup is installed on the host, e.g. --bin /usr/bin/reos-backup (letters, digits "
                "and / . _ + - only)");
  }
}

std::string parent(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

// What each job writes, for the systemd sandbox: everything else is read-only to it.
void sandbox(const ScheduleRequest& r, Job& j) {
  auto add = [&](const std::string& path, std::string why) {
    if (path.empty() || path[0] != '/' || !plain_word(path)) {
      throw Error(ExitCode::Config, fmt::format("{} '{}' cannot be written into a systemd unit", why, path),
                  "use an absolute path of letters, digits and / . _ + - only");
    }
    for (const auto& w : j.writes)
      if (w.path == path) return;
    j.writes.push_back({path, std::move(why)});
  };
  add(kLockDir, "flock(1) locks of the schedule");
  const bool backup = j.kind == "full" || j.kind == "diff" || j.kind == "incr";
  // [STANZA:COMMAND] sections may give the drill's pgBackRest commands paths of their own.
  for (const auto& w : j.kind == "verify" ? r.drill_pgbackrest_writes : r.pgbackrest_writes) {
    // Only a backup writes the repository, and only it takes pgBackRest's locks and spool
    // (the drill restores with its own lock and spool paths below its work directory); every
    // pgBackRest command writes its log file.
    const bool log = w.why.find("log-path") != std::string::npos;
    if (backup || log) add(w.path, "pgBackRest " + w.why);
  }
  if (j.kind == "metrics") {
    add(parent(r.metrics_textfile), "the --textfile directory (written atomically beside the file)");
    return;  // metrics only reads the state file
  }
  // Changing runs keep counters in the state file and append to the audit log.
  if (!r.home.empty()) {
    const std::string state = r.home + "/.local/state/reos-backup";
    add(state, "the default state file and fallback audit log");
    j.creates.push_back(state);
  }
  add(r.audit_dir, "the default audit log (used only when the directory exists)");
  if (j.kind == "verify" && !r.work_dir.empty()) {
    add(r.work_dir, "verify's staging copy, lock and spool paths (--work-dir)");
    j.creates.push_back(r.work_dir);
    j.runs_postgres = true;
  }
}

}  // namespace

std::vector<Job> plan_jobs(const ScheduleRequest& r) {
  check_user(r.user);
  check_bin(r.bin);
  if (!plain_word(r.stanza)) {
    throw Error(ExitCode::Usage, fmt::format("--stanza: '{}' cannot be written into a schedule", r.stanza),
                "use letters, digits, '-', '_' and '.'");
  }
  for (const auto& a : r.mirrors) {
    if (!plain_word(a)) {
      throw Error(ExitCode::Usage, fmt::format("--mirror: '{}' cannot be written into a unit unquoted", a),
                  "use prefixes made of letters, digits and / . _ + - only");
    }
  }
  for (const auto& a : r.extra_args) {
    if (!plain_word(a)) {
      throw Error(ExitCode::Usage, fmt::format("'{}' cannot be written into a schedule unquoted", a),
                  "use paths made of letters, digits and / . _ + - only");
    }
  }

  // Backups of one stanza share one lock (a long full must not overlap the next incr); the
  // verify job has its own, as it only reads the repository.
  const std::string backup_lock = fmt::format("{}/reos-backup-{}.lock", kLockDir, r.stanza);
  const std::string verify_lock = fmt::format("{}/reos-backup-{}-verify.lock", kLockDir, r.stanza);
  std::vector<Job> jobs;
  auto add = [&](std::string kind, std::string description, std::optional<Calendar> when, const std::string& lock,
                 std::vector<std::string> command) {
    if (!when) return;
    Job j;
    j.kind = std::move(kind);
    j.description = std::move(description);
    j.when = std::move(*when);
    j.lock_file = lock;
    j.argv = {kFlock, "-n", lock, r.bin};
    for (auto& c : command) j.argv.push_back(std::move(c));
    for (const auto& a : r.extra_args) j.argv.push_back(a);
    j.unit = fmt::format("reos-backup-{}-{}", r.stanza, j.kind);
    sandbox(r, j);
    jobs.push_back(std::move(j));
  };
  add("full", fmt::format("full backup of stanza {}", r.stanza), parse_weekly(r.full_at, "--full-at"), backup_lock,
      {"backup", "--stanza", r.stanza, "--type", "full"});
  add("diff", fmt::format("differential backup of stanza {}", r.stanza), parse_weekly(r.diff_at, "--diff-at"), backup_lock,
      {"backup", "--stanza", r.stanza, "--type", "diff"});
  add("incr", fmt::format("incremental backup of stanza {}", r.stanza), parse_every(r.incr_every, "--incr-every"), backup_lock,
      {"backup", "--stanza", r.stanza, "--type", "incr"});
  auto verify_when = parse_weekly(r.verify_at, "--verify-at");
  if (r.verify_command) {
    add("verify", fmt::format("verification of stanza {}", r.stanza), verify_when, verify_lock, {"verify", "--stanza", r.stanza});
  } else if (verify_when && r.verify_required) {
    throw Error(ExitCode::Usage, "--verify-at: this reos-backup has no verify command to schedule",
                "leave --verify-at out (or set it to off)");
  }
  if (!r.metrics_textfile.empty()) {
    if (r.metrics_textfile[0] != '/' || !plain_word(r.metrics_textfile)) {
      throw Error(ExitCode::Usage, fmt::format("--textfile: '{}' is not a plain absolute path", r.metrics_textfile),
                  "give node_exporter's textfile directory and a *.prom name, e.g. "
                  "--textfile /var/lib/prometheus/node-exporter/reos-backup.prom");
    }
    // Every minute, so the alert rules see fresh values; its own lock, as it only reads.
    std::vector<std::string> command{"metrics", "--stanza", r.stanza, "--textfile", r.metrics_textfile};
    for (const auto& m : r.mirrors) {
      command.push_back("--mirror");
      command.push_back(m);
    }
    add("metrics", fmt::format("metrics of stanza {} for node_exporter", r.stanza),
        Calendar{"* * * * *", "*-*-* *:*:00 UTC", "every minute"},
        fmt::format("{}/reos-backup-{}-metrics.lock", kLockDir, r.stanza), std::move(command));
  }
  if (jobs.empty()) {
    throw Error(ExitCode::Usage, "every job of the schedule is off",
                "schedule at least one of --full-at, --diff-at, "
                "--incr-every, --verify-at");
  }
  return jobs;
}

}  // namespace reos::schedule
