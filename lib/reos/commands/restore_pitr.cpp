// `reos-backup restore-pitr`: point-in-time restore with a plan, safety checks and the
// recoverable window checked before anything is written.
#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/commands/counted.hpp"
#include "reos/observe/state.hpp"
#include "reos/commands/restore_support.hpp"
#include "reos/pgbackrest/config_reader.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/pgbackrest/restore.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace {

struct RestorePitrOptions {
  pgbackrest::Target target;
  pgbackrest::RestoreRequest request;
  bool plan_only = false;
  bool start = false;
  int port = 0;
  std::string bindir;
  postgres::ConnectTarget source;
};

RestorePitrOptions restore_pitr_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  RestorePitrOptions o;
  o.target = pgbackrest::make_target(s, ctx.env, ctx.redactor);
  auto& r = o.request;
  r.stanza = s.text("stanza");
  r.target = recovery_target_from(s, /*required=*/true);
  r.target_action = s.text("target-action");
  r.target_exclusive = s.flag("target-exclusive");
  if (r.target_exclusive && (r.target.kind == pgbackrest::RecoveryTarget::Kind::name ||
                             r.target.kind == pgbackrest::RecoveryTarget::Kind::immediate)) {
    throw Error(ExitCode::Usage, "--target-exclusive applies to --target-time, --target-lsn and --target-xid only",
                "drop --target-exclusive");
  }
  r.set = s.optional("set");
  r.delta = s.flag("delta");
  r.force = s.flag("force");
  auto loc = pgbackrest::read_stanza_location(pgbackrest::effective_config_path(s.optional("pgbackrest-config")), r.stanza);
  if (s.has("pg-path")) r.pg_path = s.text("pg-path");
  else if (loc.pg_path) r.pg_path = *loc.pg_path;
  else throw Error(ExitCode::Usage, fmt::format("no data directory to restore into for stanza '{}'", r.stanza),
                   "give --pg-path DIR (pg1-path is not set in the pgBackRest config)");
  // A copy in another directory must never archive into the production repository.
  r.archive_off = !loc.pg_path || *loc.pg_path != r.pg_path;
  o.plan_only = s.flag("plan");
  o.start = s.flag("start");
  if (o.start && !r.archive_off) {
    throw Error(ExitCode::Usage, "--start is for restores into another directory",
                "give --pg-path DIR; start a production cluster with its own service (systemctl start ...)");
  }
  if (o.start && !postgres::is_plain_path(r.pg_path)) {
    throw Error(ExitCode::Usage, fmt::format("--pg-path '{}' must be an absolute path of letters, digits, '/', '.', '_', '-' for --start", r.pg_path),
                "choose a plain directory name");
  }
  o.port = s.has("port") ? static_cast<int>(s.integer("port")) : postgres::find_free_port(55432);
  o.bindir = s.text("pg-bin-dir");
  o.source = source_target(s, r.stanza);
  return o;
}

std::vector<process::Invocation> plan_restore_pitr(const RestorePitrOptions& o) {
  return {pgbackrest::info_call(o.target, "info", o.request.stanza, std::nullopt),
          pgbackrest::restore_call(o.target, o.request)};
}

Outcome run_restore_pitr(const RestorePitrOptions& options, CommandContext& ctx, process::Executor& exec) {
  RestorePitrOptions o = options;  // the run pins the backup set it chose (request.set)
  Outcome out;
  auto& r = o.request;
  out.result = {{"stanza", r.stanza}, {"pg_path", r.pg_path}, {"target", to_json(r.target)},
                {"target_action", r.target_action}, {"archive_mode_off", r.archive_off}};

  check_restore_destination(r.pg_path, r.delta || r.force);

  auto plan = plan_restore_pitr(o);
  auto info = exec.run(plan[0]);
  if (info.exit_code != 0) {
    out.error = pgbackrest::upstream_error(plan[0], info, ctx.redactor);
    return out;
  }
  const auto stanza = stanza_with_backups(pgbackrest::parse_info(info.out), r.stanza);
  std::string why;
  const auto archiver = source_archiver(o.source, &why);
  const auto window = check_window(stanza, r.target, archiver, why);
  const pgbackrest::BackupSet* chosen = window.backup;
  if (r.set) {
    chosen = nullptr;
    for (const auto& b : stanza.backups)
      if (b.label == *r.set) chosen = &b;
    if (!chosen) throw Error(ExitCode::Usage, fmt::format("--set '{}' is not a backup of stanza '{}'", *r.set, r.stanza),
                             "list the backup sets with reos-backup info");
  } else if (r.target.kind == pgbackrest::RecoveryTarget::Kind::time || r.target.kind == pgbackrest::RecoveryTarget::Kind::lsn) {
    r.set = chosen->label;  // pin what we report; pgBackRest would pick the same set
  }
  const auto restore_inv = pgbackrest::restore_call(o.target, r);
  out.result["window"] = window.window;
  out.result["backup"] = pgbackrest::to_json(*chosen);
  out.result["bytes_to_restore"] = chosen->size;
  out.result["restore_argv"] = ctx.redactor.argv(restore_inv.argv());
  if (o.plan_only) {
    out.result["planned_only"] = true;
    return out;
  }

  const auto t0 = std::chrono::steady_clock::now();
  auto restored = exec.run(restore_inv);
  json timings = {{"restore_ms", since(t0).count()}};
  out.result["timings"] = timings;
  if (restored.exit_code != 0) {
    out.error = pgbackrest::upstream_error(restore_inv, restored, ctx.redactor);
    return out;
  }
  out.result["warnings"] = pgbackrest::parse_warnings(restored.err);
  if (o.start) {
    postgres::StagingPaths paths{r.pg_path, r.pg_path + ".reos"};
    auto started = start_restored_copy(exec, o.bindir, paths, o.port, r.target_action, ctx.settings.duration("timeout"));
    timings["start_ms"] = started.start.count();
    timings["replay_ms"] = started.replay.count();
    out.result["timings"] = timings;
    out.result["started"] = {{"state", started.state}, {"port", o.port}, {"socket_dir", paths.socket_dir()},
                             {"log", paths.log()},
                             {"stop_with", fmt::format("{}/pg_ctl stop -D {}", o.bindir, r.pg_path)}};
  }
  return out;
}

std::string text_restore_pitr(const json& r) {
  std::string s;
  const auto& t = r["target"];
  if (t.value("type", "") == "time") s += fmt::format("target time {} = {} UTC\n", t["input"].get<std::string>(), t["utc"].get<std::string>());
  if (r.contains("window")) {
    s += fmt::format("recoverable window: {} .. {}\n", r["window"]["start"].get<std::string>(),
                     r["window"]["end_known"].get<bool>() ? r["window"]["end"].get<std::string>() : "unknown (" + r["window"]["end_source"].get<std::string>() + ")");
  }
  if (r.contains("backup")) {
    s += fmt::format("backup set: {} ({}), {} bytes to restore into {}\n", r["backup"]["label"].get<std::string>(),
                     r["backup"]["type"].get<std::string>(), r["bytes_to_restore"].get<std::uint64_t>(), r["pg_path"].get<std::string>());
  }
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

// A restore counts in the state file (pgbackrest_restore_*_total); --plan restores nothing.
Outcome run_restore_pitr_counted(const RestorePitrOptions& o, CommandContext& ctx, process::Executor& exec) {
  if (o.plan_only) return run_restore_pitr(o, ctx, exec);
  return run_counted(ctx, [&] { return run_restore_pitr(o, ctx, exec); },
                     [&](const std::string& state_file, bool ok, const std::string& err) {
                       observe::record_restore(state_file, o.request.stanza, ok, ctx.now_epoch, err);
                     });
}

}  // namespace

CommandHandler restore_pitr_handler() {
  return make_handler<RestorePitrOptions>("restore-pitr", restore_pitr_options, plan_restore_pitr,
                                          run_restore_pitr_counted, text_restore_pitr);
}

}  // namespace reos::commands
