// `reos-backup verify`: the weekly restore drill. Restores into a staging directory, starts
// the copy (archive_mode=off), runs the validation queries through libpq, verifies the
// repository, measures RTO and RPO exposure against the objectives, and always stops the copy.
// The phases live beside this file (see verify.hpp); this file runs them in order and judges.
#include <optional>

#include <fmt/format.h>

#include "reos/commands/verify/verify.hpp"
#include "reos/observe/state.hpp"
#include "reos/output/envelope.hpp"
#include "reos/util/atomic_file.hpp"
#include "reos/util/human.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace verify {
namespace {

// The report's head: which backup, the window, and how the restore is made.
void describe_restore(const VerifyPlan& p, json& report) {
  report["backup"] = pgbackrest::to_json(p.backup);
  report["window"] = p.window;
  report["restore"] = {{"kind", p.fresh ? "fresh" : "delta"},
                       {"why", p.fresh_why},
                       {"repo", p.backup.repo_key},
                       {"wal_segments", p.wal_segments ? json(*p.wal_segments) : json(nullptr)}};
  report["restored_from"] = p.restored_from;
  report["pg_bin_dir"] = {{"path", p.bindir.dir}, {"from", p.bindir.from}};
  report["delta"] = !p.fresh;
}

// The verdict: a failed check or repository problem first (exit 10), else a breached
// objective (exit 11).
std::optional<Error> drill_verdict(const json& report, bool checks_ok, const RepositoryVerdict& repository,
                                   const std::vector<std::string>& breaches) {
  if (!checks_ok || !repository.ok) {
    std::vector<std::string> what;
    for (const auto& c : report["checks"])
      if (!c["ok"].get<bool>())
        what.push_back(fmt::format("{}: {}", c["name"].get<std::string>(), c["message"].get<std::string>()));
    what.insert(what.end(), repository.problems.begin(), repository.problems.end());
    return Error(ExitCode::ProblemFound, "restore drill failed: " + util::join(what, "; "),
                 "see result.checks and result.repository; the staging copy was stopped");
  }
  if (!breaches.empty()) {
    return Error(ExitCode::ObjectiveBreached, util::join(breaches, "; "),
                 "restore throughput (process-max) drives RTO; archive_timeout and archiving health drive RPO");
  }
  return std::nullopt;
}

// The phases in order (verify.hpp; the repository verify runs beside the start and checks),
// then the verdict.
void run_verify(const VerifyOptions& o, const VerifyPlan& p, CommandContext& ctx, process::Executor& exec, Outcome& out) {
  json& report = out.result;
  describe_restore(p, report);
  Recency recency;
  const auto t0 = std::chrono::steady_clock::now();
  restore_phase(o, p, ctx, exec, recency, report);
  // Beside the start, replay and checks, or only beside the checks (verify_after_replay).
  std::optional<process::Executor::Started> repo_verify;
  auto start_verify = [&] {
    if (!repo_verify) repo_verify.emplace(exec.start(p.repo_verify));
  };
  if (!p.verify_after_replay) start_verify();
  const bool checks_ok = checks_phase(o, p, ctx, exec, recency, report, start_verify);
  start_verify();  // a no-op: checks_phase returns only after the copy was promoted
  const auto repository = repository_phase(exec, *repo_verify, p.verify_scope, report);
  report["repository"]["beside"] = p.verify_overlap;
  // Each phase keeps its own timing; this is the drill's, with the two overlapped.
  report["timings"]["drill_ms"] = since(t0).count();
  const auto breaches = objectives_phase(o, p, recency, report);
  if (auto e = drill_verdict(report, checks_ok, repository, breaches)) out.error = std::move(*e);
}

// The drill's result for `metrics` and its history entry. Every way out of the drill passes
// here, failures included; a state file that cannot be written is only a warning.
void record_drill(CommandContext& ctx, const VerifyOptions& o, const Outcome& res) {
  if (!o.state_path) {
    ctx.log.warn("drill not recorded: no state file (set HOME, or pass --state-file)");
    return;
  }
  try {
    const json& r = res.result;
    observe::VerifyRecord rec;
    rec.ok = !res.error;
    rec.exit_code = res.error ? res.error->exit_code() : 0;
    rec.rto_objective_ms = o.rto.count();
    rec.rpo_objective_ms = o.rpo.count();
    rec.epoch = ctx.now_epoch;
    if (r.contains("objectives")) {
      const json& rto = r["objectives"]["rto"];
      rec.rto_ms = rto["judged_ms"].get<long long>();
      rec.rto_kind = rto["kind"].get<std::string>();
      const json& loss = r["objectives"]["rpo"]["measured_loss_seconds"];
      if (loss.is_number()) rec.loss_seconds = loss.get<double>();
    }
    if (r.contains("restore")) {
      rec.repo = r["restore"]["repo"].get<int>();
      rec.fresh = r["restore"]["kind"] == "fresh";
      if (r["restore"]["wal_segments"].is_number()) rec.wal_segments = r["restore"]["wal_segments"].get<long long>();
    }
    if (r.contains("backup")) {
      rec.backup_label = r["backup"]["label"].get<std::string>();
      rec.bytes = r["backup"]["size_bytes"].get<std::uint64_t>();
    }
    const json& t = r.value("timings", json::object());
    auto timing = [&](const char* k) { return t.contains(k) ? std::optional<long long>(t[k].get<long long>()) : std::nullopt; };
    rec.restore_ms = timing("restore_ms");
    rec.start_ms = timing("start_ms");
    rec.replay_ms = timing("replay_ms");
    rec.checks_ms = timing("checks_ms");
    observe::record_verify(*o.state_path, o.request.stanza, rec);
  } catch (const Error& e) {
    ctx.log.warn("state file not updated: " + e.message());
  }
}

// Whatever stopped the drill, planning included, the report says how far it got (cron reads
// the file, --report-upload keeps it off the host) and the state file records the attempt.
Outcome around_verify(const VerifyOptions& o, CommandContext& ctx, process::Executor& exec,
                      const std::function<Outcome()>& body) {
  const auto& r = o.request;
  const json head = {
      {"stanza", r.stanza}, {"work_dir", o.work}, {"target", to_json(r.target)}, {"port", o.port}, {"timings", json::object()}};
  Outcome res = with_head(head, body());
  record_drill(ctx, o, res);
  // Redacted like stdout: the report leaves the host (--report-upload) and is read by cron mail.
  const std::string report = ctx.redactor.text(output::dump(res.result));
  if (o.report) util::write_file_atomically(*o.report, report, 0640);
  if (o.upload) upload_report(*o.upload, report, ctx, exec, res.result);
  return res;
}

std::string text_verify(const json& r) {
  std::string s =
      fmt::format("restore drill of stanza '{}' into {}\n", r["stanza"].get<std::string>(), r["work_dir"].get<std::string>());
  if (r.contains("backup"))
    s += fmt::format("  backup {} ({})\n", r["backup"]["label"].get<std::string>(), r["backup"]["type"].get<std::string>());
  const json timings = r.value("timings", json::object());  // named: items() must not outlive it
  for (const auto& [k, v] : timings.items())
    s += fmt::format("  {}: {}\n", k, util::human_duration(std::chrono::milliseconds(v.get<long long>())));
  for (const auto& c : r.value("checks", json::array())) {
    s += fmt::format("  [{}] {} = {} {}\n", c["ok"].get<bool>() ? "ok" : "FAIL", c["name"].get<std::string>(),
                     c["value"].is_null() ? "NULL" : c["value"].get<std::string>(),
                     c["ok"].get<bool>() ? "" : c["message"].get<std::string>());
  }
  if (r.contains("repository"))
    s += fmt::format("  repository verify: {}\n", r["repository"]["ok"].get<bool>() ? "ok" : "FAILED");
  if (r.contains("restore")) {
    s += fmt::format("  restore: {} from repo{} ({})\n", r["restore"]["kind"].get<std::string>(), r["restore"]["repo"].get<int>(),
                     r["restore"]["why"].get<std::string>());
  }
  if (r.contains("objectives")) s += objectives_text(r["objectives"]);
  return s;
}

}  // namespace
}  // namespace verify

CommandHandler verify_handler() {
  using namespace verify;
  return make_handler(
      CommandParts<VerifyOptions, VerifyPlan>{"verify", verify_options, plan_verify, run_verify, text_verify, around_verify});
}

}  // namespace reos::commands
