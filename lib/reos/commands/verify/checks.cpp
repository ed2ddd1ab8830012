// verify, phase 2: start the restored copy (archive_mode=off), run the validation queries
// through libpq (and pg_amcheck), and stop the copy whatever way the phase ends.
#include "reos/commands/verify/verify.hpp"
#include "reos/process/signals.hpp"
#include "reos/util/text.hpp"

namespace reos::commands::verify {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace {

// Stops the staging copy when the phase ends, whatever way it ends (pg_ctl stop survives
// an interrupt; a destructor must not throw).
class StagingGuard {
 public:
  StagingGuard(process::Executor& exec, const process::Invocation& stop) : exec_(exec), stop_(stop) {}
  ~StagingGuard() {
    if (!armed_) return;
    try {
      exec_.run(stop_);
    } catch (...) {
    }
  }
  void arm() { armed_ = true; }
  bool stop() {
    armed_ = false;
    return exec_.run(stop_).exit_code == 0;
  }

 private:
  process::Executor& exec_;
  const process::Invocation& stop_;
  bool armed_ = false;
};

}  // namespace

bool checks_phase(const VerifyOptions& o, const VerifyPlan& p, CommandContext& ctx, process::Executor& exec, Recency& recency,
                  json& report, const std::function<void()>& promoted) {
  json checks = json::array();
  bool checks_ok = true;
  auto& timings = report["timings"];
  {
    StagingGuard guard(exec, p.stop);
    guard.arm();
    auto started = start_restored_copy(exec, p.start, o.paths, o.port, "promote", o.timeout);
    timings["start_ms"] = started.start.count();
    timings["replay_ms"] = started.replay.count();
    promoted();

    const auto t0 = std::chrono::steady_clock::now();
    std::string err;
    auto db = postgres::connect({o.paths.socket_dir(), o.port, o.dbname}, &err, 10);
    if (!db) {
      checks.push_back({{"name", "connect"}, {"ok", false}, {"message", err}, {"sql", nullptr}, {"value", nullptr}});
      checks_ok = false;
    } else {
      // First, before any check or pg_amcheck (--install-missing commits) adds a commit of its own.
      if (recency.source) recency.copy = postgres::read_copy_newest(*db, *recency.source, p.recency);
      auto last = db->query("SELECT pg_last_xact_replay_timestamp()");
      report["restored_last_commit"] = last.ok && last.scalar() ? json(*last.scalar()) : json(nullptr);
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
    }
    if (p.amcheck) {
      auto am = exec.run(*p.amcheck);
      bool ok = am.exit_code == 0;
      checks_ok = checks_ok && ok;
      checks.push_back({{"name", "pg_amcheck (indexes and heap)"},
                        {"ok", ok},
                        {"sql", nullptr},
                        {"value", std::to_string(am.exit_code)},
                        {"message", ok ? "ok" : util::first_line(am.out.empty() ? am.err : am.out)}});
    }
    timings["checks_ms"] = since(t0).count();
    report["staging_stopped"] = guard.stop();
  }
  report["checks"] = checks;
  return checks_ok;
}

}  // namespace reos::commands::verify
