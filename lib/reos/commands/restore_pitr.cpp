// `reos-backup restore-pitr`: point-in-time restore with a plan, safety checks and the
// recoverable window checked before anything is written.
#include <sys/statvfs.h>

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/commands/counted.hpp"
#include "reos/commands/progress.hpp"
#include "reos/commands/restore_support.hpp"
#include "reos/observe/state.hpp"
#include "reos/pgbackrest/config_reader.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/pgbackrest/progress.hpp"
#include "reos/pgbackrest/restore.hpp"
#include "reos/postgres/bindir.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/human.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace {

// pgBackRest reports a full target disk only as "unable to write '<file>'" (FileWriteError,
// without the errno text): when the target's filesystem has (almost) nothing left, say so.
std::optional<std::string> full_filesystem(const std::string& path, std::uint64_t needed) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) return std::nullopt;
  const std::uint64_t avail = static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
  const std::uint64_t total = static_cast<std::uint64_t>(st.f_blocks) * st.f_frsize;
  if (avail >= std::max<std::uint64_t>(1 << 20, total / 100)) return std::nullopt;
  return fmt::format("the filesystem of {} is full ({} bytes free of {}; the backup needs {})", path, avail, total, needed);
}

struct RestorePitrOptions {
  pgbackrest::Target target;
  pgbackrest::RestoreRequest request;
  bool plan_only = false;
  bool start = false;
  int port = 0;
  std::optional<std::string> bindir;  // --pg-bin-dir; else chosen by version (postgres::choose_bindir)
  postgres::ConnectTarget source;
  std::optional<util::ProgressStyle> progress;  // progress_style(): shown, and how
};

RestorePitrOptions restore_pitr_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  RestorePitrOptions o;
  o.target = pgbackrest::make_target(s, ctx.env, ctx.redactor);
  auto& r = o.request;
  r.stanza = s.text("stanza");
  r.target = recovery_target_from(s, /*required=*/true);
  r.target_action = s.text("target-action");
  r.target_exclusive = s.flag("target-exclusive");  // only with time/lsn/xid: the option table's rule
  r.set = s.optional("set");
  if (s.has("repo")) r.repo = s.integer("repo");
  r.delta = s.flag("delta");
  r.force = s.flag("force");
  const auto pgbr = pgbackrest::read_config(s, ctx.env);
  // The default target is pg1-path as pgBackRest's restore reads it ([STANZA:restore] first);
  // production's directory is the one its backup reads.
  const auto loc = pgbackrest::stanza_location(pgbr, r.stanza, "restore");
  const auto production = pgbackrest::stanza_location(pgbr, r.stanza, "backup").pg_path;
  if (s.has("pg-path"))
    r.pg_path = s.text("pg-path");
  else if (loc.pg_path)
    r.pg_path = *loc.pg_path;
  else
    throw Error(ExitCode::Usage, fmt::format("no data directory to restore into for stanza '{}'", r.stanza),
                fmt::format("give --pg-path DIR (pg1-path of [{}] is not set in {})", r.stanza, pgbr.described()));
  // A copy in another directory must never archive into the production repository.
  r.archive_off = !production || *production != r.pg_path;
  o.plan_only = s.flag("plan");
  o.start = s.flag("start");
  if (o.start && !r.archive_off) {
    throw Error(ExitCode::Usage, "--start is for restores into another directory",
                "give --pg-path DIR; start a production cluster with its own service (systemctl start ...)");
  }
  if (o.start && !postgres::is_plain_path(r.pg_path)) {
    throw Error(
        ExitCode::Usage,
        fmt::format("--pg-path '{}' must be an absolute path of letters, digits, '/', '.', '_', '-' for --start", r.pg_path),
        "choose a plain directory name");
  }
  o.port = s.has("port") ? static_cast<int>(s.integer("port")) : postgres::find_free_port(55432);
  o.bindir = s.optional("pg-bin-dir");
  o.source = source_target(pgbr, s, r.stanza);
  o.progress = progress_style(ctx);
  return o;
}

postgres::StagingPaths started_paths(const RestorePitrOptions& o) { return {o.request.pg_path, o.request.pg_path + ".reos"}; }

// Everything the run will do, decided before it writes anything. The backup set comes from
// `pgbackrest info` (read-only) and the source's pg_stat_archiver, read here rather than in
// the run so that --dry-run and --plan show the restore call the run makes, --set included.
struct RestorePitrPlan {
  process::Invocation info;                       // already ran while planning: it chose `backup`
  std::vector<process::Invocation> window_reads;  // ran while planning too: repo-ls for --repo's window end
  pgbackrest::BackupSet backup;
  json window;
  json restored_from;               // which repository serves the restore, and its WAL
  process::Invocation restore;      // with --set=<label> of `backup` for time and LSN targets
  std::optional<StartSteps> start;  // --start
  postgres::BinDir bindir;          // the programs that start it
  json prediction;                  // how long it will take, from the drill history (restore_prediction)

  std::vector<process::Invocation> steps() const {
    std::vector<process::Invocation> v{info};
    v.insert(v.end(), window_reads.begin(), window_reads.end());
    v.push_back(restore);
    if (start) v.insert(v.end(), {start->controldata, start->start});
    return v;
  }
};

RestorePitrPlan plan_restore_pitr(const RestorePitrOptions& o, CommandContext& ctx, process::Executor& exec) {
  auto r = o.request;
  // The destination first: a running or non-empty directory is refused before any child runs.
  check_restore_destination(r.pg_path, r.delta || r.force);
  RestorePitrPlan p;
  // With --repo the set and the window come from that repository's own backups and WAL.
  p.info = pgbackrest::info_call(o.target, "info", r.stanza, r.repo);
  const auto info = pgbackrest::run_step(exec, p.info);
  const auto stanza = stanza_with_backups(pgbackrest::parse_info(info.out), r.stanza);
  std::string why;
  const auto archiver = source_archiver(o.source, &why);
  const auto window = check_window(stanza, r.target, window_end(exec, o.target, stanza, r.repo, archiver, why, p.window_reads));
  const pgbackrest::BackupSet* chosen = window.backup;
  if (r.set) {
    chosen = nullptr;
    for (const auto& b : stanza.backups)
      if (b.label == *r.set) chosen = &b;
    if (!chosen)
      throw Error(ExitCode::Usage, fmt::format("--set '{}' is not a backup of stanza '{}'", *r.set, r.stanza),
                  "list the backup sets with reos-backup info");
  } else if (r.target.kind == pgbackrest::RecoveryTarget::Kind::time || r.target.kind == pgbackrest::RecoveryTarget::Kind::lsn) {
    r.set = chosen->label;  // pin what we report; pgBackRest would pick the same set
  }
  p.backup = *chosen;
  p.window = window.window;
  const auto state = state_path_or_none(ctx);
  if (!state) ctx.log.warn("no drill history to predict from: no state file (set HOME, or pass --state-file)");
  p.prediction =
      restore_prediction(drill_history_or_none(ctx, state, r.stanza), p.backup, wal_to_replay(stanza, p.backup), r.stanza);
  check_repo_wal(stanza, r, p.backup, p.window);
  p.restored_from = restored_from(r, p.backup);
  p.restore = pgbackrest::restore_call(o.target, r);
  if (o.progress) pgbackrest::with_file_progress(p.restore);
  p.bindir = postgres::choose_bindir(o.bindir, pgbackrest::db_version(stanza, p.backup), r.pg_path, postgres::kFallbackBindir);
  if (o.start) {
    // Before anything is written: a copy that cannot be started is not worth restoring here.
    postgres::require_programs(p.bindir, {"pg_controldata", "pg_ctl"});
    p.start = start_steps(p.bindir.dir, started_paths(o), ctx.settings.duration("timeout"), o.target.secret_env);
  }
  return p;
}

void run_restore_pitr(const RestorePitrOptions& o, const RestorePitrPlan& p, CommandContext& ctx, process::Executor& exec,
                      Outcome& out) {
  const auto& r = o.request;
  out.result["window"] = p.window;
  out.result["backup"] = pgbackrest::to_json(p.backup);
  out.result["restored_from"] = p.restored_from;
  out.result["pg_bin_dir"] = {{"path", p.bindir.dir}, {"from", p.bindir.from}};
  out.result["bytes_to_restore"] = p.backup.size;
  out.result["prediction"] = p.prediction;
  out.result["restore_argv"] = ctx.redactor.argv(p.restore.argv());
  if (o.plan_only) {
    out.result["planned_only"] = true;
    return;
  }

  const auto t0 = std::chrono::steady_clock::now();
  // pgBackRest's restore percentage is of the set's manifest size, which info reports exactly.
  auto restored = run_with_progress(exec, p.restore, ctx, o.progress, "restore", p.backup.size);
  json timings = {{"restore_ms", since(t0).count()}};
  out.result["timings"] = timings;
  if (restored.exit_code != 0) {
    auto e = pgbackrest::upstream_error(p.restore, restored, ctx.redactor);
    if (const auto full = full_filesystem(r.pg_path, p.backup.size)) {
      Error disk(e.code(), e.message() + ": " + *full, "free space there, or restore into a larger filesystem with --pg-path");
      if (e.upstream()) disk.with_upstream(*e.upstream());
      throw disk;
    }
    throw e;
  }
  out.result["warnings"] = pgbackrest::parse_warnings(restored.err);
  if (p.start) {
    const auto paths = started_paths(o);
    auto started = start_restored_copy(exec, *p.start, paths, o.port, r.target_action, ctx.settings.duration("timeout"));
    timings["start_ms"] = started.start.count();
    timings["replay_ms"] = started.replay.count();
    out.result["timings"] = timings;
    out.result["started"] = {{"state", started.state},
                             {"port", o.port},
                             {"socket_dir", paths.socket_dir()},
                             {"log", paths.log()},
                             {"stop_with", fmt::format("{}/pg_ctl stop -D {}", p.bindir.dir, r.pg_path)}};
  }
}

std::string text_restore_pitr(const json& r) {
  std::string s;
  const auto& t = r["target"];
  if (t.value("type", "") == "time")
    s += fmt::format("target time {} = {} UTC\n", t["input"].get<std::string>(), t["utc"].get<std::string>());
  if (r.contains("window")) {
    s += fmt::format("recoverable window: {} .. {}\n", util::human_time(r["window"]["start"].get<std::string>()),
                     r["window"]["end_known"].get<bool>() ? util::human_time(r["window"]["end"].get<std::string>())
                                                          : "unknown (" + r["window"]["end_source"].get<std::string>() + ")");
  }
  if (r.contains("backup")) {
    s += fmt::format("backup set: {} ({}), {} to restore into {}\n", r["backup"]["label"].get<std::string>(),
                     r["backup"]["type"].get<std::string>(), util::human_bytes(r["bytes_to_restore"].get<std::uint64_t>()),
                     r["pg_path"].get<std::string>());
  }
  if (r.contains("prediction")) {
    const auto& p = r["prediction"];
    s += p["predicted_ms"].is_null()
             ? fmt::format("predicted duration: none ({})\n", p["basis"].get<std::string>())
             : fmt::format("predicted duration: {} ({})\n", p["predicted"].get<std::string>(), p["basis"].get<std::string>());
  }
  if (r.contains("restored_from"))
    s += fmt::format("from repo{} (WAL: {})\n", r["restored_from"]["repo"].get<long long>(),
                     r["restored_from"]["wal_from"].get<std::string>());
  if (r.contains("restore_argv")) {
    std::vector<std::string> argv = r["restore_argv"];
    s += std::string(r.value("planned_only", false) ? "would run: " : "ran: ") + util::join(argv, " ") + "\n";
  }
  if (r.contains("timings")) s += fmt::format("restore took {} ms\n", r["timings"]["restore_ms"].get<long long>());
  if (r.contains("started")) {
    s += fmt::format("restored copy {} on port {} (socket {}); replay took {} ms\n", r["started"]["state"].get<std::string>(),
                     r["started"]["port"].get<int>(), r["started"]["socket_dir"].get<std::string>(),
                     r["timings"]["replay_ms"].get<long long>());
  }
  return s;
}

// The result names the request also when planning failed; a restore counts in the state
// file (pgbackrest_restore_*_total), planning failures included; --plan restores nothing.
Outcome around_restore_pitr(const RestorePitrOptions& o, CommandContext& ctx, process::Executor&,
                            const std::function<Outcome()>& body) {
  const auto& r = o.request;
  const json head = {{"stanza", r.stanza},
                     {"pg_path", r.pg_path},
                     {"target", to_json(r.target)},
                     {"target_action", r.target_action},
                     {"archive_mode_off", r.archive_off}};
  if (o.plan_only) return with_head(head, body());
  return with_head(head, run_counted(ctx, body, [&](const std::string& state_file, bool ok, const std::string& err) {
                     observe::record_restore(state_file, r.stanza, ok, ctx.now_epoch, err);
                   }));
}

}  // namespace

CommandHandler restore_pitr_handler() {
  return make_handler(CommandParts<RestorePitrOptions, RestorePitrPlan>{
      "restore-pitr", restore_pitr_options, plan_restore_pitr, run_restore_pitr, text_restore_pitr, around_restore_pitr});
}

}  // namespace reos::commands
