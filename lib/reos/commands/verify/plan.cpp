// verify: options and the plan of the drill.
#include <sys/stat.h>

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "reos/commands/verify/verify.hpp"
#include "reos/observe/state.hpp"
#include "reos/pgbackrest/config_reader.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/progress.hpp"

namespace reos::commands::verify {

using error::Error;
using error::ExitCode;

VerifyOptions verify_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  VerifyOptions o;
  o.target = pgbackrest::make_target(s, ctx.env, ctx.redactor);
  const std::string stanza = s.text("stanza");
  o.work = s.text("work-dir") + "/" + stanza;
  if (!postgres::is_plain_path(o.work)) {
    throw Error(
        ExitCode::Usage,
        fmt::format("--work-dir '{}' must be an absolute path of letters, digits, '/', '.', '_', '-'", s.text("work-dir")),
        "choose a plain directory such as /var/tmp/reos-backup");
  }
  o.paths = {o.work + "/data", o.work + "/control"};
  auto& r = o.request;
  r.stanza = stanza;
  r.pg_path = o.paths.data;
  r.target = recovery_target_from(s, /*required=*/false);
  if (r.target.kind != pgbackrest::RecoveryTarget::Kind::latest && r.target.kind != pgbackrest::RecoveryTarget::Kind::time) {
    throw Error(ExitCode::Usage, "verify restores the latest backup or a --target-time only", "drop the other --target-* option");
  }
  if (s.has("repo")) r.repo = s.integer("repo");
  r.target_action = "promote";
  r.archive_off = true;
  // Own lock (and, with async archiving, spool) paths: the drill's archive-get must never
  // wait on production's archive lock. pgBackRest refuses --spool-path without archive-async.
  r.lock_path = o.work + "/lock";
  const auto pgbr = pgbackrest::read_config(s, ctx.env);
  auto loc = pgbackrest::stanza_location(pgbr, stanza, "restore");  // the drill's restore
  if (loc.archive_async.value_or(false)) r.spool_path = o.work + "/spool";
  // The restore is what the RTO measures: without a process-max of the stanza's own, as many
  // processes as cores, up to 4 (pgBackRest's default is 1).
  if (!loc.process_max) r.process_max = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
  o.port = s.has("port") ? static_cast<int>(s.integer("port")) : postgres::find_free_port(55432);
  o.bindir = s.optional("pg-bin-dir");
  o.dbname = s.text("dbname");
  if (!s.flag("no-default-checks")) o.checks = postgres::seed_checks();
  if (auto f = s.optional("checks")) {
    auto more = postgres::read_checks_file(*f);
    o.checks.insert(o.checks.end(), more.begin(), more.end());
  }
  if (o.checks.empty()) {
    throw Error(ExitCode::Usage, "--no-default-checks leaves no check to run", "add --checks FILE");
  }
  o.amcheck = s.flag("amcheck");
  o.rto = s.duration("objective-rto");
  o.rpo = s.duration("objective-rpo");
  o.timeout = s.duration("timeout");
  o.report = s.optional("report");
  o.source = source_target(pgbr, s, stanza);
  o.source.dbname = o.dbname;
  o.fresh = s.flag("fresh");
  if (s.has("report-upload")) o.upload = report_upload(s, ctx, stanza, o.work);
  o.state_path = state_path_or_none(ctx);  // none: no history to judge by; record_drill says so
  o.progress = progress_style(ctx);
  const auto verify_settings = pgbackrest::stanza_options(pgbr, stanza, "verify");
  for (int n : pgbackrest::configured_repos(verify_settings))
    if (!pgbackrest::repo_on_local_disk(verify_settings, n)) o.network_repos.push_back(n);
  return o;
}

namespace {

process::Invocation amcheck_call(const VerifyOptions& o, const std::string& bindir) {
  process::Invocation inv;
  inv.purpose = "pg_amcheck";
  inv.program = bindir + "/pg_amcheck";
  inv.args = {"--host=" + o.paths.socket_dir(),
              "--port=" + std::to_string(o.port),
              "--install-missing",
              "--heapallindexed",
              "--no-dependent-toast",
              "--database=" + o.dbname};
  inv.timeout = std::chrono::hours(2);
  return inv;
}

// Fresh or delta, and why (the result says it: the RTO of a delta drill is not a disaster's).
void choose_fresh(const VerifyOptions& o, CommandContext& ctx, VerifyPlan& p) {
  struct stat st {};
  const bool copy_exists = ::stat((o.paths.data + "/PG_VERSION").c_str(), &st) == 0;
  // No history (an unreadable state file included): the drill runs fresh, always a valid measurement.
  p.fresh_reference = observe::last_fresh_drill(drill_history_or_none(ctx, o.state_path, o.request.stanza), p.backup.repo_key);
  p.fresh = true;
  if (!copy_exists) {
    p.fresh_why = "no staging copy yet";
  } else if (o.fresh) {
    p.fresh_why = "--fresh";
  } else if (!p.fresh_reference) {
    p.fresh_why = fmt::format("no fresh drill of repo{} in the history to estimate a fresh restore from", p.backup.repo_key);
  } else {
    p.fresh = false;
    p.fresh_why = "the staging copy of an earlier drill is re-checked (--delta); --fresh restores all of it";
  }
  p.empty_staging = p.fresh && copy_exists;
}

}  // namespace

std::vector<process::Invocation> VerifyPlan::steps() const {
  // The repository verify starts once the restore is done, or once the copy is promoted
  // (verify_after_replay), and runs beside the rest (run_verify).
  std::vector<process::Invocation> v{info, version};
  v.insert(v.end(), window_reads.begin(), window_reads.end());
  v.push_back(restore);
  if (!verify_after_replay) v.push_back(repo_verify);
  v.insert(v.end(), {start.controldata, start.start});
  if (verify_after_replay) v.push_back(repo_verify);
  if (amcheck) v.push_back(*amcheck);
  v.push_back(stop);
  v.insert(v.end(), upload.begin(), upload.end());
  return v;
}

VerifyPlan plan_verify(const VerifyOptions& o, CommandContext& ctx, process::Executor& exec) {
  auto r = o.request;
  // A staging copy left running by someone is refused before any child runs.
  check_restore_destination(o.paths.data, /*delta_or_force=*/true);
  VerifyPlan p;
  // With --repo the drill proves that repository alone: its backups, its WAL, its verify.
  p.info = pgbackrest::info_call(o.target, "info", r.stanza, r.repo);
  const auto info = pgbackrest::run_step(exec, p.info);
  const auto stanza = stanza_with_backups(pgbackrest::parse_info(info.out), r.stanza);
  // Whether this pgBackRest's verify takes --set (read-only; a failure only means "no").
  p.version = pgbackrest::version_call(o.target);
  const auto version = exec.run(p.version);
  const std::string v = version.exit_code == 0 ? pgbackrest::parse_pgbackrest_version(version.out) : "";
  const bool one_set = pgbackrest::verify_has_set(v);
  p.archiver = source_archiver(o.source, &p.archiver_why);
  const auto window =
      check_window(stanza, r.target, window_end(exec, o.target, stanza, r.repo, p.archiver, p.archiver_why, p.window_reads));
  if (r.target.kind == pgbackrest::RecoveryTarget::Kind::time) r.set = window.backup->label;
  p.backup = *window.backup;
  p.window = window.window;
  check_repo_wal(stanza, r, p.backup, p.window);
  p.restored_from = restored_from(r, p.backup);
  choose_fresh(o, ctx, p);
  p.wal_segments = wal_to_replay(stanza, p.backup);
  r.delta = !p.fresh;
  p.recency = postgres::recency_sources(o.checks);
  p.restore = pgbackrest::restore_call(o.target, r);
  if (o.progress) pgbackrest::with_file_progress(p.restore);
  if (p.empty_staging) p.restore.purpose += fmt::format(" (fresh: {} is emptied first)", o.paths.data);
  // The backup's PostgreSQL version names the programs (the restore rewrites PG_VERSION); they
  // must be there before the restore starts.
  p.bindir = postgres::choose_bindir(o.bindir, pgbackrest::db_version(stanza, p.backup), o.paths.data, postgres::kFallbackBindir);
  std::vector<std::string> programs{"pg_controldata", "pg_ctl"};
  if (o.amcheck) programs.push_back("pg_amcheck");
  postgres::require_programs(p.bindir, programs);
  p.start = start_steps(p.bindir.dir, o.paths, o.timeout, o.target.secret_env);
  if (o.amcheck) p.amcheck = amcheck_call(o, p.bindir.dir);
  p.stop = postgres::pg_ctl_stop_call(p.bindir.dir, o.paths.data);
  // The repository that served the restore (pgBackRest's verify alone would check repo1);
  // where verify takes --set, only the restored set and the WAL it needs.
  p.repo_verify = pgbackrest::verify_call(o.target, r.stanza, r.repo.value_or(p.backup.repo_key),
                                          one_set ? std::optional<std::string>(p.backup.label) : std::nullopt);
  p.verify_scope = one_set ? fmt::format("backup set {} and the WAL it needs (verify --set, pgBackRest {})", p.backup.label, v)
                           : fmt::format(
                                 "the whole repository: every backup and WAL file (pgBackRest {}'s verify has no --set; "
                                 "2.49 and later verify only the restored set)",
                                 v.empty() ? "unknown" : v);
  // It reads only the repository, never the copy: it runs beside the copy's start, replay and
  // checks, at idle priority, so that the phases the RTO measures keep the machine. Idle
  // priority governs this host's CPU and disk only: a repository over the network (S3) also
  // serves the replay's archive-get, and a verify beside it slowed the start and replay by
  // 1.5-1.8x (bench/verify off-site). There it starts once the copy is promoted.
  p.repo_verify.idle_priority = true;
  const int verified_repo = r.repo.value_or(p.backup.repo_key);
  p.verify_after_replay = std::find(o.network_repos.begin(), o.network_repos.end(), verified_repo) != o.network_repos.end();
  p.verify_overlap = p.verify_after_replay ? fmt::format(
                                                 "the checks only: repo{} is reached over the network and also serves the "
                                                 "replay's WAL, so it starts once the copy is promoted",
                                                 verified_repo)
                                           : "the copy's start, replay and checks";
  if (o.upload) p.upload = upload_steps(*o.upload);
  return p;
}

}  // namespace reos::commands::verify
