#include "reos/observe/check.hpp"
#include "reos/util/human.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "reos/pgbackrest/errors.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/text.hpp"

namespace reos::observe {

namespace {

std::string age_text(std::int64_t s) { return util::human_seconds(s); }  // the text output's one formatter

// archive_command must run pgBackRest's archive-push for this stanza; a copy-pasted command
// of another stanza archives into the wrong repository without any error.
bool names_stanza(const std::string& cmd, const std::string& stanza) {
  for (const std::string& form : {"--stanza=" + stanza, "--stanza " + stanza}) {
    auto pos = cmd.find(form);
    if (pos == std::string::npos) continue;
    auto end = pos + form.size();
    if (end == cmd.size() || cmd[end] == ' ' || cmd[end] == '\'' || cmd[end] == '"') return true;
  }
  return false;
}

}  // namespace

void read_check_settings(postgres::Database& db, CheckFacts& facts) {
  auto q = db.query("SELECT current_setting('archive_command'), current_setting('wal_level')");
  if (!q.ok || q.rows.empty() || q.rows[0].size() < 2) return;
  facts.archive_command = q.rows[0][0];
  facts.wal_level = q.rows[0][1];
}

namespace {

using Findings = std::vector<Finding>;

void add(Findings& out, std::string id, Severity severity, std::string message, std::string hint = {}) {
  out.push_back({std::move(id), severity, std::move(message), std::move(hint)});
}

// The programs check runs: pgBackRest answers `version`.
void programs_findings(const CheckFacts& f, const CheckPolicy&, Findings& out) {
  if (f.pgbackrest_version.empty())
    add(out, "programs.pgbackrest", Severity::failure, "pgbackrest version did not answer",
        "install pgbackrest or pass --pgbackrest-bin");
  else
    add(out, "programs.pgbackrest", Severity::ok, "pgBackRest " + f.pgbackrest_version);
}

// The cluster's archiving: reachable, archive_mode, archive_command naming this stanza,
// archive_timeout against the RPO, wal_level, archiver failures.
void cluster_findings(const CheckFacts& f, const CheckPolicy& p, Findings& out) {
  if (!f.archiver) {
    add(out, "postgres.reachable", Severity::failure, "cannot read the cluster's archiver state: " + f.db_error,
        "start PostgreSQL, or pass --source-host/--source-port (default: pg1-socket-path/pg1-port)");
  } else {
    const auto& a = *f.archiver;
    add(out, "postgres.reachable", Severity::ok, "cluster answered");
    if (a.archive_mode == "on" || a.archive_mode == "always")
      add(out, "postgres.archive_mode", Severity::ok, "archive_mode = " + a.archive_mode);
    else
      add(out, "postgres.archive_mode", Severity::failure,
          fmt::format("archive_mode = {}: no WAL is archived, PITR is impossible", a.archive_mode),
          "ALTER SYSTEM SET archive_mode = on; then restart PostgreSQL");

    const std::string cmd = f.archive_command.value_or("");
    if (cmd.find("pgbackrest") == std::string::npos || cmd.find("archive-push") == std::string::npos)
      add(out, "postgres.archive_command", Severity::failure,
          fmt::format("archive_command '{}' does not call pgbackrest archive-push", cmd),
          fmt::format("ALTER SYSTEM SET archive_command = 'pgbackrest --stanza={} archive-push %p'; SELECT pg_reload_conf();",
                      p.stanza));
    else if (!names_stanza(cmd, p.stanza))
      add(out, "postgres.archive_command", Severity::failure,
          fmt::format("archive_command '{}' does not name --stanza={}: WAL goes to another stanza or fails", cmd, p.stanza),
          fmt::format("ALTER SYSTEM SET archive_command = 'pgbackrest --stanza={} archive-push %p'; SELECT pg_reload_conf();",
                      p.stanza));
    else
      add(out, "postgres.archive_command", Severity::ok, "archive_command calls pgbackrest archive-push for this stanza");

    // Measured: while archiving works the worst-case loss is archive_timeout + ~0.5 s of
    // archive-push latency, so archive_timeout = RPO (the seed's 300 s vs "< 5 min") misses.
    const double worst = a.archive_timeout_s + 0.5;
    const std::string fix = fmt::format("ALTER SYSTEM SET archive_timeout = '{}s'; SELECT pg_reload_conf();",
                                        std::max<long long>(1, static_cast<long long>(p.rpo_s) - 10));
    // Text in the message (util/human, as every command's text form); the numbers stay in the
    // archiver's JSON (archive_timeout_seconds) and the RPO option.
    const std::string timeout = util::human_seconds(a.archive_timeout_s), rpo = util::human_seconds(p.rpo_s);
    if (a.archive_timeout_s == 0)
      add(out, "postgres.archive_timeout", Severity::failure,
          "archive_timeout = 0: a quiet server archives nothing until a segment fills, loss is unbounded", fix);
    else if (a.archive_timeout_s > p.rpo_s)
      add(out, "postgres.archive_timeout", Severity::failure,
          fmt::format("archive_timeout = {} exceeds the RPO objective of {}", timeout, rpo), fix);
    else if (worst > p.rpo_s)
      add(out, "postgres.archive_timeout", Severity::warning,
          fmt::format("archive_timeout = {}: worst-case loss is about {} + 0.5s (archive_timeout + push latency), "
                      "which does not meet an RPO of under {}",
                      timeout, timeout, rpo),
          fix);
    else
      add(out, "postgres.archive_timeout", Severity::ok,
          fmt::format("archive_timeout = {}, worst-case loss about {} + 0.5s", timeout, timeout));

    const std::string wl = f.wal_level.value_or("");
    if (wl == "replica" || wl == "logical")
      add(out, "postgres.wal_level", Severity::ok, "wal_level = " + wl);
    else
      add(out, "postgres.wal_level", Severity::failure, fmt::format("wal_level = {}: too low for archiving and backups", wl),
          "ALTER SYSTEM SET wal_level = replica; then restart PostgreSQL");

    if (a.failing())
      add(out, "archive.failures", Severity::failure,
          fmt::format("WAL archiving is failing: last failure ({}) after the last success; {} failures since the stats reset",
                      a.last_failed_wal.value_or("?"), a.failed_count),
          "see the PostgreSQL log for archive_command errors; run reos-backup check after fixing");
    else
      add(out, "archive.failures", Severity::ok,
          fmt::format("no archive failure since the last success ({} failures since the stats reset)", a.failed_count));
  }
}

// WAL segments waiting for archive_command (.ready files).
void ready_backlog_findings(const CheckFacts& f, const CheckPolicy&, Findings& out) {
  if (f.ready_files) {
    if (*f.ready_files > kReadyBacklogWarn)
      add(out, "archive.ready_backlog", Severity::warning, fmt::format("{} WAL segments wait to be archived", *f.ready_files),
          "archiving is failing or too slow: check archive_command, consider archive-async with process-max");
    else
      add(out, "archive.ready_backlog", Severity::ok, fmt::format("{} WAL segments wait to be archived", *f.ready_files));
  } else {
    add(out, "archive.ready_backlog", Severity::warning, "pg1-path/pg_wal/archive_status could not be read",
        "run check as the cluster owner, with pg1-path set in the pgBackRest config");
  }
}

// `pgbackrest check`: WAL switched and archived end to end.
void pgbackrest_check_findings(const CheckFacts& f, const CheckPolicy&, Findings& out) {
  if (!f.check_skipped.empty())
    add(out, "pgbackrest.check", Severity::failure, "pgbackrest check " + f.check_skipped,
        "make every repository reachable (see the repoN.reachable findings), then run reos-backup check again");
  else if (f.check_exit_code == 0)
    add(out, "pgbackrest.check", Severity::ok, "pgbackrest check passed (WAL switched and archived)");
  else
    add(out, "pgbackrest.check", Severity::failure,
        fmt::format("pgbackrest check failed ({} {}): {}", f.check_exit_code, pgbackrest::error_name(f.check_exit_code),
                    f.check_error),
        pgbackrest::error_hint(f.check_exit_code).empty() ? "run pgbackrest check by hand to see the full log"
                                                          : pgbackrest::error_hint(f.check_exit_code));
}

// The repository as info shows it: encrypted, and backups no older than the schedule allows.
void repository_findings(const CheckFacts& f, const CheckPolicy& p, Findings& out) {
  if (!f.info) {
    add(out, "repository.info", Severity::failure, "pgbackrest info failed: " + f.info_error,
        "run reos-backup info --stanza " + p.stanza);
  } else {
    const auto& s = *f.info;
    if (s.cipher.empty() || s.cipher == "none")
      add(out, "repository.cipher", Severity::warning, "the repository is not encrypted (cipher none)",
          "set repo1-cipher-type=aes-256-cbc on a new repository; backups leave the host");
    else
      add(out, "repository.cipher", Severity::ok, "repository cipher " + s.cipher);

    // Newest backup that satisfies each schedule: a full also counts as a diff and an incr.
    auto newest_stop = [&](std::initializer_list<const char*> types) -> std::optional<std::int64_t> {
      std::optional<std::int64_t> best;
      for (const char* t : types)
        if (const auto* b = pgbackrest::newest_of_type(s, t)) best = std::max(best.value_or(b->stop_epoch), b->stop_epoch);
      return best;
    };
    struct Rule {
      const char* id;
      std::initializer_list<const char*> types;
      std::int64_t max;
      Severity sev;
      const char* what;
    };
    const Rule rules[] = {{"backup.full_age", {"full"}, p.max_full_s, Severity::failure, "full"},
                          {"backup.diff_age", {"full", "diff"}, p.max_diff_s, Severity::warning, "full or differential"},
                          {"backup.incr_age", {"full", "diff", "incr"}, p.max_incr_s, Severity::warning, "backup of any type"}};
    for (const auto& r : rules) {
      const auto stop = newest_stop(r.types);
      if (!stop)
        add(out, r.id, r.sev, fmt::format("no {} exists", r.what), "reos-backup backup --stanza " + p.stanza + " --type full");
      else if (f.now_epoch - *stop > r.max)
        add(out, r.id, r.sev,
            fmt::format("newest {} is {} old (schedule allows {})", r.what, age_text(f.now_epoch - *stop), age_text(r.max)),
            "check the schedule (reos-backup schedule) and the last backup's log");
      else
        add(out, r.id, Severity::ok, fmt::format("newest {} is {} old", r.what, age_text(f.now_epoch - *stop)));
    }
  }
}

// Per repository: the seed's off-site copy (repo2 on S3) can fail while repo1 is fine.
void repos_findings(const CheckFacts& f, const CheckPolicy& p, Findings& out) {
  if (!f.info) return;
  const auto& s = *f.info;
  const std::string cut = f.io_timeout_s > 0 ? fmt::format(" (pgBackRest gave up after io-timeout={:g} s)", f.io_timeout_s) : "";
  for (const auto& r : s.repos) {
    const std::string id = fmt::format("repo{}", r.key);
    if (r.code != 0) {
      add(out, id + ".reachable", Severity::failure,
          fmt::format("{} could not be read{}: {}", id, cut,
                      util::first_line(util::printable(r.message.empty() ? pgbackrest::status_meaning(r.code) : r.message))),
          pgbackrest::repo_error_name(r.message) == "HostConnectError"
              ? fmt::format("the store of {} does not answer: check that it is up and reachable (endpoint, port, "
                            "firewall); with archive-async=y WAL keeps reaching the other repositories and {} "
                            "catches up when it returns",
                            id, id)
              : fmt::format("check {}'s path or endpoint, its keys and its cipher pass", id));
      continue;
    }
    add(out, id + ".reachable", Severity::ok, id + " answers");
    if (r.cipher.empty() || r.cipher == "none")
      add(out, id + ".cipher", Severity::warning, id + " is not encrypted (cipher none)",
          fmt::format("the seed encrypts every copy: set {}-cipher-type=aes-256-cbc on a new repository", id));
    else
      add(out, id + ".cipher", Severity::ok, id + " cipher " + r.cipher);
    std::optional<std::int64_t> newest;
    for (const char* t : {"full", "diff", "incr"})
      if (const auto* b = pgbackrest::newest_of_type(s, t, r.key))
        newest = std::max(newest.value_or(b->stop_epoch), b->stop_epoch);
    if (!newest)
      add(out, id + ".newest_backup", Severity::warning, id + " holds no backup",
          fmt::format("reos-backup backup --stanza {} --type full --repo {}", p.stanza, r.key));
    else if (f.now_epoch - *newest > p.max_full_s)
      add(out, id + ".newest_backup", Severity::warning,
          fmt::format("{}'s newest backup is {} old", id, age_text(f.now_epoch - *newest)),
          fmt::format("reos-backup backup --stanza {} --type full --repo {}", p.stanza, r.key));
    else
      add(out, id + ".newest_backup", Severity::ok,
          fmt::format("{}'s newest backup is {} old", id, age_text(f.now_epoch - *newest)));
    const auto* a = pgbackrest::archive_of_repo(s, r.key);
    // Against the file being written: with one repository down archive-push fails, so
    // pg_stat_archiver's last_archived_wal stops too, while the current file moves on.
    const auto src = f.archiver ? f.archiver->current_wal : std::nullopt;
    if (a && a->max && src) {
      const auto behind = pgbackrest::segments_between(*a->max, *src);
      if (behind && *behind > kReadyBacklogWarn)
        add(out, id + ".archive", Severity::warning,
            fmt::format("{}'s newest WAL {} is {} segments behind the source's current WAL file {}", id, *a->max, *behind, *src),
            fmt::format("archive-push is not reaching {}: see the pgBackRest log (spool errors) and {}'s store", id, id));
      else
        add(out, id + ".archive", Severity::ok, fmt::format("{}'s newest WAL is {}", id, *a->max));
    }
  }
  if (s.repos.size() > 1 && !f.archive_async.value_or(false))
    add(out, "archive.async", Severity::failure,
        fmt::format("archive-async is off with {} repositories: while one is unreachable, archive-push fails every "
                    "segment and PostgreSQL retries it, so WAL stops reaching every repository",
                    s.repos.size()),
        "set archive-async=y (and spool-path) in the pgBackRest config");
}

// The groups, in report order. A new group of findings is one more function above and one
// more row here.
using Group = void (*)(const CheckFacts&, const CheckPolicy&, Findings&);
constexpr Group kGroups[] = {programs_findings,         cluster_findings,    ready_backlog_findings,
                             pgbackrest_check_findings, repository_findings, repos_findings};

}  // namespace

std::vector<Finding> evaluate_checks(const CheckFacts& f, const CheckPolicy& p) {
  Findings out;
  for (Group g : kGroups) g(f, p, out);
  return out;
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::ok: return "ok";
    case Severity::warning: return "warning";
    case Severity::failure: return "failure";
  }
  return "failure";
}

std::optional<long long> finding_repo(const std::string& id) {
  std::string_view v = id;
  if (v.rfind("retention.", 0) == 0) v.remove_prefix(10);
  if (v.rfind("repo", 0) != 0) return std::nullopt;
  v.remove_prefix(4);
  const auto dot = v.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot > 3) return std::nullopt;
  long long n = 0;
  for (char c : v.substr(0, dot)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

nlohmann::json to_json(const Finding& f) {
  return {{"id", f.id}, {"severity", severity_name(f.severity)}, {"message", f.message}, {"hint", f.hint}};
}

}  // namespace reos::observe
