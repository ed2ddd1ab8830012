#include "reos/observe/check.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "reos/pgbackrest/errors.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/text.hpp"

namespace reos::observe {

namespace {

std::string age_text(std::int64_t s) {
  return util::format_duration(std::chrono::milliseconds(s * 1000));
}

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

std::vector<Finding> evaluate_checks(const CheckFacts& f, const CheckPolicy& p) {
  std::vector<Finding> out;
  auto add = [&](std::string id, std::string sev, std::string msg, std::string hint = {}) {
    out.push_back({std::move(id), std::move(sev), std::move(msg), std::move(hint)});
  };

  if (f.pgbackrest_version.empty())
    add("programs.pgbackrest", "failure", "pgbackrest version did not answer", "install pgbackrest or pass --pgbackrest-bin");
  else
    add("programs.pgbackrest", "ok", "pgBackRest " + f.pgbackrest_version);

  if (!f.archiver) {
    add("postgres.reachable", "failure", "cannot read the cluster's archiver state: " + f.db_error,
        "start PostgreSQL, or pass --source-host/--source-port (default: pg1-socket-path/pg1-port)");
  } else {
    const auto& a = *f.archiver;
    add("postgres.reachable", "ok", "cluster answered");
    if (a.archive_mode == "on" || a.archive_mode == "always")
      add("postgres.archive_mode", "ok", "archive_mode = " + a.archive_mode);
    else
      add("postgres.archive_mode", "failure", fmt::format("archive_mode = {}: no WAL is archived, PITR is impossible", a.archive_mode),
          "ALTER SYSTEM SET archive_mode = on; then restart PostgreSQL");

    const std::string cmd = f.archive_command.value_or("");
    if (cmd.find("pgbackrest") == std::string::npos || cmd.find("archive-push") == std::string::npos)
      add("postgres.archive_command", "failure", fmt::format("archive_command '{}' does not call pgbackrest archive-push", cmd),
          fmt::format("ALTER SYSTEM SET archive_command = 'pgbackrest --stanza={} archive-push %p'; SELECT pg_reload_conf();", p.stanza));
    else if (!names_stanza(cmd, p.stanza))
      add("postgres.archive_command", "failure",
          fmt::format("archive_command '{}' does not name --stanza={}: WAL goes to another stanza or fails", cmd, p.stanza),
          fmt::format("ALTER SYSTEM SET archive_command = 'pgbackrest --stanza={} archive-push %p'; SELECT pg_reload_conf();", p.stanza));
    else
      add("postgres.archive_command", "ok", "archive_command calls pgbackrest archive-push for this stanza");

    // Measured: while archiving works the worst-case loss is archive_timeout + ~0.5 s of
    // archive-push latency, so archive_timeout = RPO (the seed's 300 s vs "< 5 min") misses.
    const double worst = a.archive_timeout_s + 0.5;
    const std::string fix = fmt::format("ALTER SYSTEM SET archive_timeout = '{}s'; SELECT pg_reload_conf();",
                                        std::max<long long>(1, static_cast<long long>(p.rpo_s) - 10));
    if (a.archive_timeout_s == 0)
      add("postgres.archive_timeout", "failure", "archive_timeout = 0: a quiet server archives nothing until a segment fills, loss is unbounded", fix);
    else if (a.archive_timeout_s > p.rpo_s)
      add("postgres.archive_timeout", "failure",
          fmt::format("archive_timeout = {} s exceeds the RPO objective of {} s", a.archive_timeout_s, p.rpo_s), fix);
    else if (worst > p.rpo_s)
      add("postgres.archive_timeout", "warning",
          fmt::format("archive_timeout = {} s: worst-case loss is about {} s (archive_timeout + 0.5 s push latency), "
                      "which does not meet an RPO of under {} s", a.archive_timeout_s, worst, p.rpo_s), fix);
    else
      add("postgres.archive_timeout", "ok", fmt::format("archive_timeout = {} s, worst-case loss about {} s", a.archive_timeout_s, worst));

    const std::string wl = f.wal_level.value_or("");
    if (wl == "replica" || wl == "logical") add("postgres.wal_level", "ok", "wal_level = " + wl);
    else add("postgres.wal_level", "failure", fmt::format("wal_level = {}: too low for archiving and backups", wl),
             "ALTER SYSTEM SET wal_level = replica; then restart PostgreSQL");

    if (a.failing())
      add("archive.failures", "failure",
          fmt::format("WAL archiving is failing: last failure ({}) after the last success; {} failures since the stats reset",
                      a.last_failed_wal.value_or("?"), a.failed_count),
          "see the PostgreSQL log for archive_command errors; run reos-backup check after fixing");
    else
      add("archive.failures", "ok", fmt::format("no archive failure since the last success ({} failures since the stats reset)", a.failed_count));
  }

  if (f.ready_files) {
    if (*f.ready_files > kReadyBacklogWarn)
      add("archive.ready_backlog", "warning", fmt::format("{} WAL segments wait to be archived", *f.ready_files),
          "archiving is failing or too slow: check archive_command, consider archive-async with process-max");
    else
      add("archive.ready_backlog", "ok", fmt::format("{} WAL segments wait to be archived", *f.ready_files));
  } else {
    add("archive.ready_backlog", "warning", "pg1-path/pg_wal/archive_status could not be read",
        "run check as the cluster owner, with pg1-path set in the pgBackRest config");
  }

  if (!f.check_skipped.empty())
    add("pgbackrest.check", "failure", "pgbackrest check " + f.check_skipped,
        "make every repository reachable (see the repoN.reachable findings), then run reos-backup check again");
  else if (f.check_exit_code == 0)
    add("pgbackrest.check", "ok", "pgbackrest check passed (WAL switched and archived)");
  else
    add("pgbackrest.check", "failure", fmt::format("pgbackrest check failed ({} {}): {}", f.check_exit_code,
                                                  pgbackrest::error_name(f.check_exit_code), f.check_error),
        pgbackrest::error_hint(f.check_exit_code).empty() ? "run pgbackrest check by hand to see the full log"
                                                          : pgbackrest::error_hint(f.check_exit_code));

  if (!f.info) {
    add("repository.info", "failure", "pgbackrest info failed: " + f.info_error, "run reos-backup info --stanza " + p.stanza);
  } else {
    const auto& s = *f.info;
    if (s.cipher.empty() || s.cipher == "none")
      add("repository.cipher", "warning", "the repository is not encrypted (cipher none)",
          "set repo1-cipher-type=aes-256-cbc on a new repository; backups leave the host");
    else
      add("repository.cipher", "ok", "repository cipher " + s.cipher);

    const auto corrupt = pgbackrest::backups_with_checksum_errors(s);
    if (corrupt.empty()) add("backup.checksum_errors", "ok", "no backup is recorded with page checksum errors");
    for (const auto* b : corrupt)
      add("backup.checksum_errors", "warning", pgbackrest::checksum_error_warning(s, *b),
          fmt::format("run reos-backup verify --stanza {}, and check the primary's disks before the next full backup", p.stanza));

    // Newest backup that satisfies each schedule: a full also counts as a diff and an incr.
    auto newest_stop = [&](std::initializer_list<const char*> types) -> std::optional<std::int64_t> {
      std::optional<std::int64_t> best;
      for (const char* t : types)
        if (const auto* b = pgbackrest::newest_of_type(s, t)) best = std::max(best.value_or(b->stop_epoch), b->stop_epoch);
      return best;
    };
    struct Rule { const char* id; std::initializer_list<const char*> types; std::int64_t max; const char* sev; const char* what; };
    const Rule rules[] = {{"backup.full_age", {"full"}, p.max_full_s, "failure", "full"},
                          {"backup.diff_age", {"full", "diff"}, p.max_diff_s, "warning", "full or differential"},
                          {"backup.incr_age", {"full", "diff", "incr"}, p.max_incr_s, "warning", "backup of any type"}};
    for (const auto& r : rules) {
      const auto stop = newest_stop(r.types);
      if (!stop)
        add(r.id, r.sev, fmt::format("no {} exists", r.what), "reos-backup backup --stanza " + p.stanza + " --type full");
      else if (f.now_epoch - *stop > r.max)
        add(r.id, r.sev, fmt::format("newest {} is {} old (schedule allows {})", r.what, age_text(f.now_epoch - *stop), age_text(r.max)),
            "check the schedule (reos-backup schedule) and the last backup's log");
      else
        add(r.id, "ok", fmt::format("newest {} is {} old", r.what, age_text(f.now_epoch - *stop)));
    }
  }

  if (f.info) {
    // Per repository: the seed's off-site copy (repo2 on S3) can fail while repo1 is fine.
    const auto& s = *f.info;
    const std::string cut = f.io_timeout_s > 0 ? fmt::format(" (pgBackRest gave up after io-timeout={:g} s)", f.io_timeout_s) : "";
    for (const auto& r : s.repos) {
      const std::string id = fmt::format("repo{}", r.key);
      if (r.code != 0) {
        add(id + ".reachable", "failure",
            fmt::format("{} could not be read{}: {}", id, cut,
                        util::first_line(util::printable(r.message.empty() ? pgbackrest::status_meaning(r.code) : r.message))),
            pgbackrest::repo_error_name(r.message) == "HostConnectError"
                ? fmt::format("the store of {} does not answer: check that it is up and reachable (endpoint, port, "
                              "firewall); with archive-async=y WAL keeps reaching the other repositories and {} "
                              "catches up when it returns", id, id)
                : fmt::format("check {}'s path or endpoint, its keys and its cipher pass", id));
        continue;
      }
      add(id + ".reachable", "ok", id + " answers");
      if (r.cipher.empty() || r.cipher == "none")
        add(id + ".cipher", "warning", id + " is not encrypted (cipher none)",
            fmt::format("the seed encrypts every copy: set {}-cipher-type=aes-256-cbc on a new repository", id));
      else
        add(id + ".cipher", "ok", id + " cipher " + r.cipher);
      std::optional<std::int64_t> newest;
      for (const char* t : {"full", "diff", "incr"})
        if (const auto* b = pgbackrest::newest_of_type(s, t, r.key)) newest = std::max(newest.value_or(b->stop_epoch), b->stop_epoch);
      if (!newest)
        add(id + ".newest_backup", "warning", id + " holds no backup",
            fmt::format("reos-backup backup --stanza {} --type full --repo {}", p.stanza, r.key));
      else if (f.now_epoch - *newest > p.max_full_s)
        add(id + ".newest_backup", "warning", fmt::format("{}'s newest backup is {} old", id, age_text(f.now_epoch - *newest)),
            fmt::format("reos-backup backup --stanza {} --type full --repo {}", p.stanza, r.key));
      else
        add(id + ".newest_backup", "ok", fmt::format("{}'s newest backup is {} old", id, age_text(f.now_epoch - *newest)));
      const auto* a = pgbackrest::archive_of_repo(s, r.key);
      // Against the file being written: with one repository down archive-push fails, so
      // pg_stat_archiver's last_archived_wal stops too, while the current file moves on.
      const auto src = f.archiver ? f.archiver->current_wal : std::nullopt;
      if (a && a->max && src) {
        const auto behind = pgbackrest::segments_between(*a->max, *src);
        if (behind && *behind > kReadyBacklogWarn)
          add(id + ".archive", "warning",
              fmt::format("{}'s newest WAL {} is {} segments behind the source's current WAL file {}", id, *a->max, *behind, *src),
              fmt::format("archive-push is not reaching {}: see the pgBackRest log (spool errors) and {}'s store", id, id));
        else
          add(id + ".archive", "ok", fmt::format("{}'s newest WAL is {}", id, *a->max));
      }
    }
    if (s.repos.size() > 1 && !f.archive_async.value_or(false))
      add("archive.async", "failure",
          fmt::format("archive-async is off with {} repositories: while one is unreachable, archive-push fails every "
                      "segment and PostgreSQL retries it, so WAL stops reaching every repository", s.repos.size()),
          "set archive-async=y (and spool-path) in the pgBackRest config");
  }

  return out;
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
  return {{"id", f.id}, {"severity", f.severity}, {"message", f.message}, {"hint", f.hint}};
}

}  // namespace reos::observe
