// verify, phase 4: the recovery objectives.
// RTO: what a restore after a disaster would take. A fresh drill (empty directory) measures it;
// a delta drill re-checks an old copy, which is faster than any disaster restore, so its RTO
// is estimated: the restored set's size at the restore throughput of the newest fresh drill of
// the same repository, plus this drill's own start, replay and checks.
// RPO: the data a restore at this moment lost, measured as the source's newest commit (read
// just before the restore) minus the copy's (read just after it). Beside it the worst case
// while archiving works, from pg_stat_archiver, named as what it is.
#include <fmt/format.h>

#include "reos/commands/verify/verify.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/human.hpp"
#include "reos/util/timestamp.hpp"

namespace reos::commands::verify {

using nlohmann::json;

namespace {

struct Exposure {
  std::optional<double> seconds;  // nullopt: unbounded or unknown
  std::string basis;
};

// Worst-case loss if the primary died now: while archiving works, up to archive_timeout
// (+ ~0.5 s push latency, measured); while it fails, everything since the last success.
Exposure worst_case(const postgres::ArchiverStatus& a) {
  if (a.failing() || !a.last_archived_us) {
    if (!a.last_archived_us) return {std::nullopt, "archiving is failing and nothing was ever archived"};
    return {(a.now_us - *a.last_archived_us) / 1e6, "archiving is failing: time since the last archived WAL"};
  }
  if (a.archive_timeout_s == 0)
    return {std::nullopt,
            "archive_timeout = 0: WAL is archived only when a segment fills, so loss is unbounded on a quiet system"};
  return {a.archive_timeout_s + 0.5, "archive_timeout + 0.5 s async push latency (worst case while archiving works)"};
}

json rto_report(const VerifyOptions& o, const VerifyPlan& p, const json& timings, long long* judged_ms) {
  auto ms = [&](const char* k) { return timings.value(k, 0LL); };
  const long long after_restore = ms("start_ms") + ms("replay_ms") + ms("checks_ms");
  const long long measured = ms("restore_ms") + after_restore;
  json rto = {{"objective", util::format_duration(o.rto)}, {"measured_ms", measured}, {"restore", p.fresh ? "fresh" : "delta"}};
  if (p.fresh) {
    *judged_ms = measured;
    rto["kind"] = "measured";
    rto["basis"] = "this drill restored into an empty directory, as after a disaster";
  } else {
    const auto& ref = *p.fresh_reference;
    const long long restore_ms = observe::estimated_restore_ms(ref, p.backup.size);
    *judged_ms = restore_ms + after_restore;
    rto["kind"] = "fresh_estimate";
    rto["basis"] = fmt::format(
        "estimated: {} bytes of set {} at the restore throughput of the fresh drill of {} (repo{}, {} bytes in {} ms), "
        "plus this drill's start, replay and checks; this delta drill's own {} ms re-checked an existing copy",
        p.backup.size, p.backup.label, util::format_epoch_s(ref.epoch), ref.repo, ref.bytes, *ref.restore_ms, measured);
    rto["estimated_from"] = {
        {"epoch", ref.epoch}, {"backup_label", ref.backup_label}, {"bytes", ref.bytes}, {"restore_ms", *ref.restore_ms}};
    rto["estimated_restore_ms"] = restore_ms;
  }
  rto["judged_ms"] = *judged_ms;
  rto["ok"] = *judged_ms <= o.rto.count();
  return rto;
}

json rpo_report(const VerifyOptions& o, const VerifyPlan& p, const Recency& recency, std::optional<bool>* ok) {
  json rpo = {{"objective", util::format_duration(o.rpo)}};
  if (p.archiver) {
    rpo["archiver"] = postgres::to_json(*p.archiver);
    const auto e = worst_case(*p.archiver);
    rpo["worst_case_exposure_seconds"] = e.seconds ? json(*e.seconds) : json(nullptr);
    rpo["worst_case_basis"] = e.basis;
  }
  std::optional<double> loss;
  if (recency.source && recency.copy) {
    const auto m = postgres::measured_loss(*recency.source, *recency.copy, p.backup.stop_epoch);
    loss = m.seconds;
    rpo["basis"] = m.basis;
    rpo["detail"] = m.detail;
  } else {
    rpo["basis"] = "not measured: " + (recency.source ? std::string("the restored copy could not be read") : recency.why);
  }
  rpo["measured_loss_seconds"] = loss ? json(*loss) : json(nullptr);
  // Judged by the measurement; without one, by the worst case (an unbounded one fails).
  if (loss) {
    *ok = *loss <= o.rpo.count() / 1000.0;
  } else if (p.archiver) {
    const auto e = worst_case(*p.archiver);
    *ok = e.seconds && *e.seconds <= o.rpo.count() / 1000.0;
    rpo["judged_by"] = "worst_case_exposure_seconds";
  }
  rpo["ok"] = *ok ? json(**ok) : json(nullptr);
  return rpo;
}

}  // namespace

std::vector<std::string> objectives_phase(const VerifyOptions& o, const VerifyPlan& p, const Recency& recency, json& report) {
  long long judged_ms = 0;
  json rto = rto_report(o, p, report["timings"], &judged_ms);
  std::optional<bool> rpo_ok;
  json rpo = rpo_report(o, p, recency, &rpo_ok);
  report["objectives"] = {{"rto", rto}, {"rpo", rpo}};

  std::vector<std::string> breaches;
  if (!rto["ok"].get<bool>())
    breaches.push_back(fmt::format("{} RTO {} exceeds {}", rto["kind"] == "measured" ? "measured" : "estimated fresh",
                                   util::format_duration(std::chrono::milliseconds(judged_ms)), util::format_duration(o.rto)));
  if (rpo_ok && !*rpo_ok) {
    if (rpo["measured_loss_seconds"].is_number())
      breaches.push_back(fmt::format("a restore now loses {} of data, more than the RPO {} ({})",
                                     util::human_seconds(rpo["measured_loss_seconds"].get<double>()),
                                     util::format_duration(o.rpo), rpo["basis"].get<std::string>()));
    else
      breaches.push_back(
          fmt::format("RPO exposure exceeds {} ({})", util::format_duration(o.rpo), rpo["worst_case_basis"].get<std::string>()));
  }
  return breaches;
}

std::string objectives_text(const json& o) {
  const auto& rto = o["rto"];
  std::string s = fmt::format("  RTO: {} {} vs objective {}: {}\n", rto["kind"] == "measured" ? "measured" : "estimated fresh",
                              util::human_duration(std::chrono::milliseconds(rto["judged_ms"].get<long long>())),
                              rto["objective"].get<std::string>(), rto["ok"].get<bool>() ? "ok" : "BREACHED");
  if (rto["kind"] != "measured") s += fmt::format("       {}\n", rto["basis"].get<std::string>());
  const auto& rpo = o["rpo"];
  const std::string verdict = rpo["ok"].is_null() ? "not judged" : rpo["ok"].get<bool>() ? "ok" : "BREACHED";
  if (rpo["measured_loss_seconds"].is_number())
    s += fmt::format("  RPO: a restore now loses {} of data vs objective {}: {}\n",
                     util::human_seconds(rpo["measured_loss_seconds"].get<double>()), rpo["objective"].get<std::string>(),
                     verdict);
  else
    s += fmt::format("  RPO: {} ({})\n", rpo["basis"].get<std::string>(), verdict);
  // archive_timeout + 0.5 s written as such (check says it so too): "5m00s" alone would hide
  // the half second that makes the seed's 300 s miss a 5 min objective.
  if (rpo.contains("worst_case_exposure_seconds") && rpo["worst_case_exposure_seconds"].is_number())
    s += fmt::format("       worst case while archiving works: {} + 0.5s\n",
                     util::human_seconds(rpo["worst_case_exposure_seconds"].get<double>() - 0.5));
  return s;
}

}  // namespace reos::commands::verify
