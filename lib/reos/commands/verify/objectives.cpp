// verify, phase 4: the recovery objectives. RTO is what this drill took (restore, start,
// replay, checks); RPO is the worst-case loss if the primary died now, from the source's
// pg_stat_archiver read while planning.
#include <fmt/format.h>

#include "reos/commands/verify/verify.hpp"
#include "reos/util/duration.hpp"

namespace reos::commands::verify {

using nlohmann::json;

std::vector<std::string> objectives_phase(const VerifyOptions& o, const VerifyPlan& p, json& report) {
  const auto& timings = report["timings"];
  const long long rto_ms = timings["restore_ms"].get<long long>() + timings["start_ms"].get<long long>() +
                           timings["replay_ms"].get<long long>() + timings["checks_ms"].get<long long>();
  const bool rto_ok = rto_ms <= o.rto.count();
  json rpo = {{"objective", util::format_duration(o.rpo)}};
  std::optional<bool> rpo_ok;
  if (const auto& archiver = p.archiver) {
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
    rpo["basis"] = "not evaluated: " + p.archiver_why;
  }
  report["objectives"] = {{"rto", {{"objective", util::format_duration(o.rto)}, {"measured_ms", rto_ms}, {"ok", rto_ok}}},
                          {"rpo", rpo}};

  std::vector<std::string> breaches;
  if (!rto_ok)
    breaches.push_back(fmt::format("measured RTO {} exceeds {}", util::format_duration(std::chrono::milliseconds(rto_ms)),
                                   util::format_duration(o.rto)));
  if (rpo_ok && !*rpo_ok)
    breaches.push_back(fmt::format("RPO exposure exceeds {} ({})", util::format_duration(o.rpo), rpo["basis"].get<std::string>()));
  return breaches;
}

}  // namespace reos::commands::verify
