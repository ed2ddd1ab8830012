// `reos-backup verify`: the weekly restore drill. Restores into a staging directory, starts
// the copy (archive_mode=off), runs the validation queries through libpq, verifies the
// repository, measures RTO and RPO exposure against the objectives, and always stops the copy.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/commands/restore_support.hpp"
#include "reos/observe/state.hpp"
#include "reos/pgbackrest/config_reader.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/pgbackrest/restore.hpp"
#include "reos/postgres/checks.hpp"
#include "reos/process/signals.hpp"
#include "reos/util/atomic_file.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/text.hpp"
#include "reos/util/timestamp.hpp"

namespace reos::commands {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace {

struct VerifyOptions {
  pgbackrest::Target target;
  pgbackrest::RestoreRequest request;
  postgres::StagingPaths paths;
  std::string work;  // <work-dir>/<stanza>
  int port = 0;
  std::string bindir;
  std::string dbname;
  std::vector<postgres::Check> checks;
  bool amcheck = false;
  std::chrono::milliseconds rto{0}, rpo{0};
  std::optional<std::string> report;
  postgres::ConnectTarget source;
};

VerifyOptions verify_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  VerifyOptions o;
  o.target = pgbackrest::make_target(s, ctx.env, ctx.redactor);
  const std::string stanza = s.text("stanza");
  o.work = s.text("work-dir") + "/" + stanza;
  if (!postgres::is_plain_path(o.work)) {
    throw Error(ExitCode::Usage, fmt::format("--work-dir '{}' must be an absolute path of letters, digits, '/', '.', '_', '-'", s.text("work-dir")),
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
  r.target_action = "promote";
  r.archive_off = true;
  // Own lock (and, with async archiving, spool) paths: the drill's archive-get must never
  // wait on production's archive lock. pgBackRest refuses --spool-path without archive-async.
  r.lock_path = o.work + "/lock";
  auto loc = pgbackrest::read_stanza_location(pgbackrest::effective_config_path(s.optional("pgbackrest-config")), stanza);
  if (loc.archive_async.value_or(false)) r.spool_path = o.work + "/spool";
  struct stat st{};
  r.delta = ::stat((o.paths.data + "/PG_VERSION").c_str(), &st) == 0;  // later drills reuse the copy
  o.port = s.has("port") ? static_cast<int>(s.integer("port")) : postgres::find_free_port(55432);
  o.bindir = s.text("pg-bin-dir");
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
  o.report = s.optional("report");
  o.source = source_target(s, stanza);
  return o;
}

std::vector<process::Invocation> plan_verify(const VerifyOptions& o) {
  return {pgbackrest::info_call(o.target, "info", o.request.stanza, std::nullopt),
          pgbackrest::restore_call(o.target, o.request),
          postgres::pg_controldata_call(o.bindir, o.paths.data),
          postgres::pg_ctl_start_call(o.bindir, o.paths, std::chrono::seconds(3600)),
          postgres::pg_ctl_stop_call(o.bindir, o.paths.data),
          pgbackrest::verify_call(o.target, o.request.stanza)};
}

process::Invocation amcheck_call(const VerifyOptions& o) {
  process::Invocation inv;
  inv.purpose = "pg_amcheck";
  inv.program = o.bindir + "/pg_amcheck";
  inv.args = {"--host=" + o.paths.socket_dir(), "--port=" + std::to_string(o.port), "--install-missing",
              "--heapallindexed", "--no-dependent-toast", "--database=" + o.dbname};
  inv.timeout = std::chrono::hours(2);
  return inv;
}

// Stops the staging copy when the drill ends, whatever way it ends (pg_ctl stop survives
// an interrupt; a destructor must not throw).
class StagingGuard {
 public:
  StagingGuard(process::Executor& exec, std::string bindir, std::string data)
      : exec_(exec), bindir_(std::move(bindir)), data_(std::move(data)) {}
  ~StagingGuard() {
    if (!armed_) return;
    try {
      exec_.run(postgres::pg_ctl_stop_call(bindir_, data_));
    } catch (...) {
    }
  }
  void arm() { armed_ = true; }
  bool stop() {
    armed_ = false;
    return exec_.run(postgres::pg_ctl_stop_call(bindir_, data_)).exit_code == 0;
  }

 private:
  process::Executor& exec_;
  std::string bindir_, data_;
  bool armed_ = false;
};

void make_dirs(const std::vector<std::string>& dirs) {
  for (const auto& d : dirs) {
    std::string partial;  // mkdir -p; what we create is 0700
    for (std::size_t pos = 1; pos != std::string::npos;) {
      pos = d.find('/', pos + 1);
      partial = d.substr(0, pos);
      if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
        throw Error(ExitCode::Refused, fmt::format("cannot create '{}': {}", partial, std::strerror(errno)),
                    "give a --work-dir this user can write to");
      }
    }
  }
}

// The drill's result for `metrics` (last result, measured RTO). Every way out of the drill
// passes here, failures included; a state file that cannot be written is only a warning.
void record_drill(CommandContext& ctx, const VerifyOptions& o, const Outcome& res, const json& report) {
  try {
    observe::VerifyRecord rec;
    rec.ok = !res.error;
    rec.exit_code = res.error ? res.error->exit_code() : 0;
    if (report.contains("objectives")) rec.rto_ms = report["objectives"]["rto"]["measured_ms"].get<long long>();
    rec.rto_objective_ms = o.rto.count();
    rec.epoch = ctx.now_epoch;
    observe::record_verify(observe::state_file_path(ctx.settings, ctx.env), o.request.stanza, rec);
  } catch (const Error& e) {
    ctx.log.warn("state file not updated: " + e.message());
  }
}

Outcome run_verify(const VerifyOptions& options, CommandContext& ctx, process::Executor& exec) {
  VerifyOptions o = options;  // the run pins the backup set it chose (request.set)
  Outcome out;
  auto& r = o.request;
  json report = {{"stanza", r.stanza}, {"work_dir", o.work}, {"target", to_json(r.target)}, {"delta", r.delta},
                 {"port", o.port}};
  json timings = json::object();
  auto finish = [&](Outcome& res) {
    report["timings"] = timings;
    res.result = report;
    record_drill(ctx, o, res, report);
    if (o.report) util::write_file_atomically(*o.report, res.result.dump(2, ' ', false, json::error_handler_t::replace) + "\n", 0640);
    return res;
  };

  try {
  make_dirs({o.work, *r.lock_path, r.spool_path.value_or(*r.lock_path)});
  check_restore_destination(o.paths.data, /*delta_or_force=*/true);

  const auto plan = plan_verify(o);
  auto info = exec.run(plan[0]);
  if (info.exit_code != 0) {
    out.error = pgbackrest::upstream_error(plan[0], info, ctx.redactor);
    return finish(out);
  }
  const auto stanza = stanza_with_backups(pgbackrest::parse_info(info.out), r.stanza);
  std::string why;
  const auto archiver = source_archiver(o.source, &why);
  const auto window = check_window(stanza, r.target, archiver, why);
  if (r.target.kind == pgbackrest::RecoveryTarget::Kind::time) r.set = window.backup->label;
  report["backup"] = pgbackrest::to_json(*window.backup);
  report["window"] = window.window;

  // 1. restore
  const auto restore_inv = pgbackrest::restore_call(o.target, r);
  auto t0 = std::chrono::steady_clock::now();
  auto restored = exec.run(restore_inv);
  timings["restore_ms"] = since(t0).count();
  if (restored.exit_code != 0) {
    out.error = pgbackrest::upstream_error(restore_inv, restored, ctx.redactor);
    return finish(out);
  }

  // 2. start and replay, 3. checks — the copy is stopped however this block is left.
  json checks = json::array();
  bool checks_ok = true;
  {
    StagingGuard guard(exec, o.bindir, o.paths.data);
    guard.arm();
    auto started = start_restored_copy(exec, o.bindir, o.paths, o.port, "promote", ctx.settings.duration("timeout"));
    timings["start_ms"] = started.start.count();
    timings["replay_ms"] = started.replay.count();

    t0 = std::chrono::steady_clock::now();
    std::string err;
    auto db = postgres::connect({o.paths.socket_dir(), o.port, o.dbname}, &err, 10);
    if (!db) {
      checks.push_back({{"name", "connect"}, {"ok", false}, {"message", err}, {"sql", nullptr}, {"value", nullptr}});
      checks_ok = false;
    } else {
      for (const auto& c : o.checks) {
        auto res = postgres::run_check(*db, c, ctx.now_epoch);
        // A signal cancels the running query (the libpq seam sends the server a cancel
        // request); leaving this block stops the staging copy.
        if (process::interrupt_signal()) {
          throw Error(ExitCode::Interrupted, "interrupted during the validation checks",
                      "the staging copy was stopped; re-run the drill when ready");
        }
        checks_ok = checks_ok && res.ok;
        checks.push_back(postgres::to_json(res));
      }
      auto last = db->query("SELECT pg_last_xact_replay_timestamp()");
      report["restored_last_commit"] = last.ok && last.scalar() ? json(*last.scalar()) : json(nullptr);
    }
    if (o.amcheck) {
      auto am = exec.run(amcheck_call(o));
      bool ok = am.exit_code == 0;
      checks_ok = checks_ok && ok;
      checks.push_back({{"name", "pg_amcheck (indexes and heap)"}, {"ok", ok}, {"sql", nullptr},
                        {"value", std::to_string(am.exit_code)},
                        {"message", ok ? "ok" : util::first_line(am.out.empty() ? am.err : am.out)}});
    }
    timings["checks_ms"] = since(t0).count();
    report["staging_stopped"] = guard.stop();
  }
  report["checks"] = checks;

  // 4. the repository itself (verify's exit code can be 0 while it reports errors)
  t0 = std::chrono::steady_clock::now();
  auto ver = exec.run(plan[5]);
  timings["repo_verify_ms"] = since(t0).count();
  auto vr = pgbackrest::parse_verify_output(ver.out);
  bool repo_ok = ver.exit_code == 0 && vr.ok;
  report["repository"] = {{"ok", repo_ok}, {"status", vr.status}, {"exit_code", ver.exit_code}, {"problems", vr.problems},
                          {"backups", vr.backups}};

  // 5. objectives
  const long long rto_ms = timings["restore_ms"].get<long long>() + timings["start_ms"].get<long long>() +
                           timings["replay_ms"].get<long long>() + timings["checks_ms"].get<long long>();
  const bool rto_ok = rto_ms <= o.rto.count();
  json rpo = {{"objective", util::format_duration(o.rpo)}};
  std::optional<bool> rpo_ok;
  if (archiver) {
    rpo["archiver"] = postgres::to_json(*archiver);
    // Worst-case loss if the primary died now: while archiving works, up to archive_timeout
    // (+ ~0.5 s push latency, measured); while it fails, everything since the last success.
    double exposure_s;
    std::string basis;
    if (archiver->failing() || !archiver->last_archived_us) {
      exposure_s = archiver->last_archived_us ? (archiver->now_us - *archiver->last_archived_us) / 1e6 : -1;
      basis = "archiving is failing: time since the last archived WAL";
    } else if (archiver->archive_timeout_s == 0) {
      exposure_s = -1;
      basis = "archive_timeout = 0: WAL is archived only when a segment fills, so loss is unbounded on a quiet system";
    } else {
      exposure_s = archiver->archive_timeout_s + 0.5;
      basis = "archive_timeout + 0.5 s async push latency (worst case while archiving works)";
    }
    rpo["exposure_seconds"] = exposure_s < 0 ? json(nullptr) : json(exposure_s);
    rpo["basis"] = basis;
    rpo_ok = exposure_s >= 0 && exposure_s <= o.rpo.count() / 1000.0;
    rpo["ok"] = *rpo_ok;
  } else {
    rpo["ok"] = nullptr;
    rpo["basis"] = "not evaluated: " + why;
  }
  report["objectives"] = {{"rto", {{"objective", util::format_duration(o.rto)}, {"measured_ms", rto_ms}, {"ok", rto_ok}}},
                          {"rpo", rpo}};

  if (!checks_ok || !repo_ok) {
    std::vector<std::string> what;
    for (const auto& c : checks)
      if (!c["ok"].get<bool>()) what.push_back(fmt::format("{}: {}", c["name"].get<std::string>(), c["message"].get<std::string>()));
    for (const auto& p : vr.problems) what.push_back("repository: " + p);
    if (!repo_ok && vr.problems.empty()) what.push_back(fmt::format("repository: verify status '{}', exit {}", vr.status, ver.exit_code));
    out.error = Error(ExitCode::ProblemFound, "restore drill failed: " + util::join(what, "; "),
                      "see result.checks and result.repository; the staging copy was stopped");
  } else if (!rto_ok || (rpo_ok && !*rpo_ok)) {
    std::vector<std::string> what;
    if (!rto_ok) what.push_back(fmt::format("measured RTO {} exceeds {}", util::format_duration(std::chrono::milliseconds(rto_ms)), util::format_duration(o.rto)));
    if (rpo_ok && !*rpo_ok) what.push_back(fmt::format("RPO exposure exceeds {} ({})", util::format_duration(o.rpo), rpo["basis"].get<std::string>()));
    out.error = Error(ExitCode::ObjectiveBreached, util::join(what, "; "),
                      "restore throughput (process-max) drives RTO; archive_timeout and archiving health drive RPO");
  }
  return finish(out);
  } catch (const Error& e) {
    // Whatever stopped the drill, the report says how far it got (cron reads the file).
    out.error = e;
    return finish(out);
  }
}

std::string text_verify(const json& r) {
  std::string s = fmt::format("restore drill of stanza '{}' into {}\n", r["stanza"].get<std::string>(), r["work_dir"].get<std::string>());
  if (r.contains("backup")) s += fmt::format("  backup {} ({})\n", r["backup"]["label"].get<std::string>(), r["backup"]["type"].get<std::string>());
  const json timings = r.value("timings", json::object());  // named: items() must not outlive it
  for (const auto& [k, v] : timings.items()) s += fmt::format("  {}: {} ms\n", k, v.get<long long>());
  for (const auto& c : r.value("checks", json::array())) {
    s += fmt::format("  [{}] {} = {} {}\n", c["ok"].get<bool>() ? "ok" : "FAIL", c["name"].get<std::string>(),
                     c["value"].is_null() ? "NULL" : c["value"].get<std::string>(), c["ok"].get<bool>() ? "" : c["message"].get<std::string>());
  }
  if (r.contains("repository")) s += fmt::format("  repository verify: {}\n", r["repository"]["ok"].get<bool>() ? "ok" : "FAILED");
  if (r.contains("objectives")) {
    const auto& o = r["objectives"];
    s += fmt::format("  RTO: measured {} ms vs objective {}: {}\n", o["rto"]["measured_ms"].get<long long>(),
                     o["rto"]["objective"].get<std::string>(), o["rto"]["ok"].get<bool>() ? "ok" : "BREACHED");
    s += fmt::format("  RPO: {}\n", o["rpo"]["ok"].is_null() ? o["rpo"]["basis"].get<std::string>()
                                                            : fmt::format("exposure {} s vs objective {}: {}",
                                                                          o["rpo"]["exposure_seconds"].dump(), o["rpo"]["objective"].get<std::string>(),
                                                                          o["rpo"]["ok"].get<bool>() ? "ok" : "BREACHED"));
  }
  return s;
}

}  // namespace

CommandHandler verify_handler() {
  return make_handler<VerifyOptions>("verify", verify_options, plan_verify, run_verify, text_verify);
}

}  // namespace reos::commands
