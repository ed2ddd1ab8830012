#include "reos/commands/restore_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "reos/commands/repo_archive.hpp"
#include "reos/observe/state.hpp"
#include "reos/pgbackrest/config_reader.hpp"
#include "reos/process/signals.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/text.hpp"
#include "reos/util/time.hpp"

namespace reos::commands {

using error::Error;
using error::ExitCode;
using nlohmann::json;
using pgbackrest::RecoveryTarget;

std::chrono::milliseconds since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
}

Outcome with_head(json head, Outcome out) {
  head.update(out.result);
  out.result = std::move(head);
  return out;
}

RecoveryTarget recovery_target_from(const config::Settings& s, bool required) {
  const char* names[] = {"target-time", "target-lsn", "target-xid", "target-name", "target-immediate"};
  std::vector<std::string> given;
  for (const char* n : names) {
    if (s.has(n) && !(std::string(n) == "target-immediate" && !s.flag(n))) given.push_back(std::string("--") + n);
  }
  if (given.size() > 1) {
    throw Error(ExitCode::Usage, fmt::format("give one recovery target, not {}", util::join(given, " and ")),
                "choose one of --target-time, --target-lsn, --target-xid, --target-name, --target-immediate");
  }
  RecoveryTarget t;
  if (given.empty()) {
    if (required) {
      throw Error(ExitCode::Usage, "no recovery target given",
                  "give one of --target-time T (with zone), --target-lsn L, --target-xid X, --target-name N, --target-immediate");
    }
    return t;
  }
  if (auto v = s.optional("target-time")) {
    std::string why;
    auto zt = util::parse_zoned_time(*v, &why);
    if (!zt)
      throw Error(ExitCode::Usage, fmt::format("--target-time '{}' {}", *v, why), "e.g. --target-time 2026-11-24T10:15:00Z");
    t.kind = RecoveryTarget::Kind::time;
    t.time = *zt;
  } else if (auto lsn = s.optional("target-lsn")) {
    if (!pgbackrest::parse_lsn(*lsn)) {
      throw Error(ExitCode::Usage, fmt::format("--target-lsn '{}' is not an LSN", *lsn), "an LSN looks like 0/3000028");
    }
    t.kind = RecoveryTarget::Kind::lsn;
    t.value = *lsn;
  } else if (auto xid = s.optional("target-xid")) {
    if (xid->empty() || xid->size() > 20 || xid->find_first_not_of("0123456789") != std::string::npos) {
      throw Error(ExitCode::Usage, fmt::format("--target-xid '{}' is not a transaction id", *xid),
                  "give the decimal xid, e.g. 56341");
    }
    t.kind = RecoveryTarget::Kind::xid;
    t.value = *xid;
  } else if (auto name = s.optional("target-name")) {
    t.kind = RecoveryTarget::Kind::name;
    t.value = *name;
  } else {
    t.kind = RecoveryTarget::Kind::immediate;
  }
  return t;
}

json to_json(const RecoveryTarget& t) {
  using K = RecoveryTarget::Kind;
  switch (t.kind) {
    case K::latest: return {{"type", "latest"}};
    case K::time:
      return {{"type", "time"}, {"input", t.time->input}, {"utc", t.time->utc_rfc3339}, {"pgbackrest", t.time->utc_postgres}};
    case K::lsn: return {{"type", "lsn"}, {"value", t.value}};
    case K::xid: return {{"type", "xid"}, {"value", t.value}};
    case K::name: return {{"type", "name"}, {"value", t.value}};
    case K::immediate: return {{"type", "immediate"}};
  }
  return nullptr;
}

void check_restore_destination(const std::string& pg_path, bool delta_or_force) {
  long pid = 0;
  switch (postgres::postmaster_state(pg_path, &pid)) {
    case postgres::PostmasterState::running:
      throw Error(ExitCode::Refused,
                  fmt::format("refusing to restore into '{}': its PostgreSQL is running (postmaster pid {})", pg_path, pid),
                  "stop that cluster first, or restore into another directory with --pg-path DIR");
    case postgres::PostmasterState::stale_pid_file:
      throw Error(
          ExitCode::Refused,
          fmt::format("refusing to restore into '{}': it has a postmaster.pid (pid {}) but no such process runs", pg_path, pid),
          "make sure no PostgreSQL uses that directory, then remove the stale postmaster.pid");
    case postgres::PostmasterState::none: break;
  }
  if (!delta_or_force && postgres::directory_has_entries(pg_path)) {
    throw Error(ExitCode::Refused, fmt::format("refusing to restore into '{}': the directory is not empty", pg_path),
                "add --delta to reuse matching files (fast), or --force to overwrite, or choose an empty --pg-path");
  }
}

pgbackrest::StanzaInfo stanza_with_backups(const std::vector<pgbackrest::StanzaInfo>& all, const std::string& stanza) {
  for (const auto& s : all) {
    if (s.name != stanza) continue;
    if (s.backups.empty()) {
      throw Error(
          ExitCode::Refused,
          fmt::format("stanza '{}' has no backup to restore ({})", stanza,
                      s.status_message.empty() ? pgbackrest::status_meaning(s.status_code) : s.status_message),
          pgbackrest::status_hint(s).empty() ? "run reos-backup info to see the repository state" : pgbackrest::status_hint(s));
    }
    return s;
  }
  throw Error(ExitCode::Refused, fmt::format("pgbackrest info does not list stanza '{}'", stanza),
              "check --stanza and --pgbackrest-config");
}

WindowEnd window_end(process::Executor& exec, const pgbackrest::Target& t, const pgbackrest::StanzaInfo& s,
                     std::optional<long long> repo, const std::optional<postgres::ArchiverStatus>& archiver,
                     const std::string& archiver_why, std::vector<process::Invocation>& ran) {
  const std::string archived = "pg_stat_archiver.last_archived_time of the source";
  if (!archiver || !archiver->last_archived_us)
    return {std::nullopt, archiver ? std::string("the source has archived no WAL yet") : archiver_why};
  if (!repo) return {archiver->last_archived_us, archived};
  const int key = static_cast<int>(*repo);
  const auto* a = pgbackrest::archive_of_repo(s, key);
  if (!a || !a->max) return {std::nullopt, fmt::format("repo{} holds no WAL", key)};
  const auto behind =
      archiver->last_archived_wal ? pgbackrest::segments_between(*a->max, *archiver->last_archived_wal) : std::nullopt;
  if (behind && *behind <= 0)
    return {archiver->last_archived_us,
            fmt::format("{}: repo{} holds its last archived segment {}", archived, key, *archiver->last_archived_wal)};
  // Behind the source (or not comparable): only what repo N holds counts.
  std::string why;
  const auto written = newest_segment_written(exec, t, s.name, key, *a, std::nullopt, ran, &why);
  if (!written) return {std::nullopt, why};
  return {*written * 1'000'000,
          fmt::format("when repo{}'s newest WAL segment {} was written there (repo-ls); the source has archived up to {}", key,
                      *a->max, archiver->last_archived_wal.value_or("(unknown)"))};
}

WindowCheck check_window(const pgbackrest::StanzaInfo& s, const RecoveryTarget& t, const WindowEnd& end) {
  WindowCheck w;
  std::int64_t oldest_stop = s.backups.front().stop_epoch;
  for (const auto& b : s.backups) oldest_stop = std::min(oldest_stop, b.stop_epoch);
  const bool end_known = end.us.has_value();
  std::string start_text = util::rfc3339_utc(oldest_stop);
  std::string end_text = end_known ? util::format_epoch_us(*end.us) : "unknown";
  w.window = {{"start", start_text},
              {"end", end_known ? json(end_text) : json(nullptr)},
              {"end_known", end_known},
              {"end_source", end.source}};
  const std::string window_text = fmt::format("the recoverable window is {} .. {}", start_text, end_text);

  if (t.kind == RecoveryTarget::Kind::time) {
    if (t.time->epoch_us <= oldest_stop * 1'000'000) {
      throw Error(
          ExitCode::Refused,
          fmt::format("target {} ({}) lies before the oldest backup's end: {}", t.time->input, t.time->utc_rfc3339, window_text),
          "choose a later --target-time; older points cannot be recovered from this repository");
    }
    if (end_known && t.time->epoch_us > *end.us) {
      throw Error(
          ExitCode::Refused,
          fmt::format("target {} ({}) lies after the end of archived WAL: {}", t.time->input, t.time->utc_rfc3339, window_text),
          "WAL for that time is not in the archive yet: wait for archiving (or force a switch with "
          "SELECT pg_switch_wal()), or choose an earlier time");
    }
  }
  w.backup = pgbackrest::backup_for_target(s, t);
  if (!w.backup) {
    throw Error(ExitCode::Refused, fmt::format("no backup ends before the target: {}", window_text),
                "choose a later target or restore --target-immediate from the oldest backup");
  }
  return w;
}

void check_repo_wal(const pgbackrest::StanzaInfo& s, const pgbackrest::RestoreRequest& r, const pgbackrest::BackupSet& b,
                    json& window) {
  if (!r.repo) return;
  const auto* a = pgbackrest::archive_of_repo(s, static_cast<int>(*r.repo));
  window["repo"] = *r.repo;
  window["wal_min"] = a && a->min ? json(*a->min) : json(nullptr);
  window["wal_max"] = a && a->max ? json(*a->max) : json(nullptr);
  if (!b.wal_stop) return;
  const auto missing = !a || !a->max ? std::optional<long long>(1) : pgbackrest::segments_between(*a->max, *b.wal_stop);
  if (missing && *missing > 0) {
    throw Error(ExitCode::Refused,
                fmt::format("repo{} does not hold the WAL backup {} needs to be consistent: it ends at {}, the archive of "
                            "repo{} at {}",
                            *r.repo, b.label, *b.wal_stop, *r.repo, a && a->max ? *a->max : std::string("(none)")),
                fmt::format("archiving has not reached repo{} yet: wait for it (reos-backup info --repo {}), or restore "
                            "from another repository",
                            *r.repo, *r.repo));
  }
}

json restored_from(const pgbackrest::RestoreRequest& r, const pgbackrest::BackupSet& b) {
  if (r.repo)
    return {{"repo", *r.repo},
            {"chosen_by", "--repo"},
            {"wal_from", fmt::format("repo{} only (the restore_command names it)", *r.repo)}};
  return {{"repo", b.repo_key},
          {"chosen_by", "the repository holding the backup set (pgBackRest searches them in key order)"},
          {"wal_from", "each segment from the first repository that holds it (pgBackRest's restore_command has no --repo)"}};
}

namespace {

std::string log_tail(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return util::tail_lines(buf.str(), 5);
}

// The line that explains a failed start or recovery: the server's last FATAL/PANIC.
std::string server_failure(const std::string& log_path) {
  std::ifstream in(log_path);
  std::string line, found;
  while (std::getline(in, line)) {
    auto pos = line.find("FATAL:  ");
    if (pos == std::string::npos) pos = line.find("PANIC:  ");
    if (pos != std::string::npos) found = util::trim(line.substr(pos + 8));
  }
  return found.empty() ? util::first_line(log_tail(log_path)) : found;
}

}  // namespace

StartSteps start_steps(const std::string& bindir, const postgres::StagingPaths& paths, std::chrono::milliseconds limit,
                       const std::map<std::string, std::string>& secret_env) {
  const auto wait_s = std::chrono::duration_cast<std::chrono::seconds>(limit.count() > 0 ? limit : std::chrono::hours(1));
  return {postgres::pg_controldata_call(bindir, paths.data), postgres::pg_ctl_start_call(bindir, paths, wait_s, secret_env)};
}

StartedCopy start_restored_copy(process::Executor& exec, const StartSteps& steps, const postgres::StagingPaths& paths, int port,
                                const std::string& target_action, std::chrono::milliseconds limit) {
  StartedCopy out;
  auto cd = exec.run(steps.controldata);
  if (cd.exit_code != 0) {
    throw Error(ExitCode::UpstreamFailed, fmt::format("pg_controldata failed: {}", util::first_line(cd.err)),
                "the restored directory has no valid global/pg_control: the restore did not complete");
  }
  postgres::write_staging_files(paths, port, postgres::parse_controldata(cd.out));

  const auto t0 = std::chrono::steady_clock::now();
  auto start = exec.run(steps.start);
  out.start = since(t0);
  if (start.exit_code != 0) {
    // shutdown as target action: the server stops by itself once the target is reached.
    if (target_action == "shutdown" && log_tail(paths.log()).find("shutting down") != std::string::npos) {
      out.state = "shut down";
      return out;
    }
    throw Error(ExitCode::UpstreamFailed, fmt::format("the restored copy did not start: {}", server_failure(paths.log())),
                fmt::format("see the server log {}", paths.log()));
  }

  std::string err;
  auto db = postgres::connect({paths.socket_dir(), port, "postgres"}, &err, 10);
  if (!db) throw Error(ExitCode::UpstreamFailed, "cannot connect to the restored copy: " + err, "see " + paths.log());
  const auto deadline = std::chrono::steady_clock::now() + (limit.count() > 0 ? limit : std::chrono::hours(1));
  const std::string probe = target_action == "pause"
                                ? "SELECT CASE WHEN pg_is_in_recovery() THEN pg_get_wal_replay_pause_state() ELSE 'promoted' END"
                                : "SELECT CASE WHEN pg_is_in_recovery() THEN 'recovering' ELSE 'promoted' END";
  std::chrono::milliseconds poll(5);
  while (true) {
    auto q = db->query(probe);
    std::string state = q.ok ? q.scalar().value_or("") : "";
    if (state == "promoted" || state == "paused") {
      out.state = state;
      break;
    }
    if (!q.ok && target_action == "shutdown") {  // the server went away: target reached, shut down
      out.state = "shut down";
      break;
    }
    if (!q.ok) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the server finish its log
      throw Error(ExitCode::UpstreamFailed, "the restored copy stopped during recovery: " + server_failure(paths.log()),
                  "see " + paths.log() + "; a time target needs a commit after it in the archived WAL");
    }
    if (process::interrupt_signal()) throw Error(ExitCode::Interrupted, "interrupted while waiting for recovery", "");
    if (std::chrono::steady_clock::now() > deadline) {
      throw Error(ExitCode::Timeout, "recovery did not finish within the time limit", "raise --timeout; see " + paths.log());
    }
    // The replay phase is timed by this poll: short at first (a drill's replay often ends within
    // a few hundred ms, and a 100 ms step alone made it 1.5x the hand drill's), then no more
    // often than 20 times a second on a long replay.
    std::this_thread::sleep_for(poll);
    poll = std::min(poll * 2, std::chrono::milliseconds(50));
  }
  out.replay = since(t0) - out.start;
  return out;
}

std::optional<long long> wal_to_replay(const pgbackrest::StanzaInfo& s, const pgbackrest::BackupSet& backup) {
  const auto* archive = pgbackrest::archive_of_repo(s, backup.repo_key);
  if (!backup.wal_stop || !archive || !archive->max) return std::nullopt;
  auto n = pgbackrest::segments_between(*backup.wal_stop, *archive->max);
  if (n && *n < 0) return std::nullopt;
  return n;
}

std::optional<std::string> state_path_or_none(CommandContext& ctx) {
  try {
    return observe::state_file_path(ctx.settings, ctx.env);
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::vector<observe::VerifyRecord> drill_history_or_none(CommandContext& ctx, const std::optional<std::string>& state_path,
                                                         const std::string& stanza) {
  if (!state_path) return {};
  try {
    return observe::drill_history(observe::read_state(*state_path), stanza);
  } catch (const Error& e) {
    ctx.log.warn("no drill history: " + e.message());
    return {};
  }
}

json restore_prediction(const std::vector<observe::VerifyRecord>& history, const pgbackrest::BackupSet& backup,
                        std::optional<long long> wal_segments, const std::string& stanza) {
  json j = {{"bytes_to_restore", backup.size},
            {"wal_segments_at_most", wal_segments ? json(*wal_segments) : json(nullptr)},
            {"repo", backup.repo_key}};
  const auto p = observe::predict_restore(history, backup.repo_key, backup.size, wal_segments);
  if (!p) {
    j["predicted_ms"] = nullptr;
    j["basis"] = fmt::format("no fresh drill of repo{} in the drill history yet: run reos-backup verify --stanza {} --fresh",
                             backup.repo_key, stanza);
    return j;
  }
  j["predicted_ms"] = p->total_ms;
  j["predicted"] = util::format_duration(std::chrono::milliseconds(p->total_ms));
  j["restore_ms"] = p->restore_ms;
  j["start_ms"] = p->start_ms;
  j["replay_ms"] = p->replay_ms;
  j["basis"] = p->basis;
  j["from_drill"] = {{"epoch", p->from.epoch}, {"backup_label", p->from.backup_label}};
  return j;
}

}  // namespace reos::commands
