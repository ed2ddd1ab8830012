#pragma once
// The restore drills of a stanza, as the state file keeps them: the last one, and a history of
// the last 52 (a year of weekly drills) so the RTO's trend is visible and a delta drill can be
// judged by the fresh restore a disaster would need (estimated from the newest fresh drill of
// the same repository: restore throughput differs between a local disk and S3).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace reos::observe {

inline constexpr std::size_t kDrillHistoryKeep = 52;

struct VerifyRecord {
  bool ok = false;
  int exit_code = 0;
  std::optional<long long> rto_ms;  // the judged RTO; not known when the drill stopped early
  std::string rto_kind;             // "measured" (a fresh drill) or "fresh_estimate" (a delta drill)
  long long rto_objective_ms = 0;
  long long rpo_objective_ms = 0;
  std::int64_t epoch = 0;
  int repo = 0;               // repository that served the restore (0: unknown)
  std::optional<bool> fresh;  // restored into an empty directory; nullopt: no restore ran
  std::string backup_label;
  std::uint64_t bytes = 0;  // database size of the restored set
  std::optional<long long> restore_ms, start_ms, replay_ms, checks_ms;
  std::optional<double> loss_seconds;     // the measured RPO
  std::optional<long long> wal_segments;  // from the set's end to the newest archived WAL
};

nlohmann::json to_json(const VerifyRecord& r);
/// Tolerant of older or hand-edited entries: a missing or mistyped field stays unset.
VerifyRecord verify_record_from_json(const nlohmann::json& j);

/// The stanza's drills from the state document, oldest first.
std::vector<VerifyRecord> drill_history(const nlohmann::json& state, const std::string& stanza);

/// The newest fresh drill of `repo` whose restore finished (it has a throughput).
std::optional<VerifyRecord> last_fresh_drill(const std::vector<VerifyRecord>& history, int repo);

/// A fresh restore of `bytes` at the throughput of `fresh` (bytes / restore_ms), in ms.
long long estimated_restore_ms(const VerifyRecord& fresh, std::uint64_t bytes);

/// How long a restore of `bytes` that replays `wal_segments` (nullopt: unknown) would take,
/// predicted from the newest fresh drill of `repo`: its restore throughput, its start time,
/// and its replay time per WAL segment. nullopt: no such drill yet.
struct RestorePrediction {
  long long total_ms = 0, restore_ms = 0, start_ms = 0, replay_ms = 0;
  std::string basis;
  VerifyRecord from;
};
std::optional<RestorePrediction> predict_restore(const std::vector<VerifyRecord>& history, int repo, std::uint64_t bytes,
                                                 std::optional<long long> wal_segments);

}  // namespace reos::observe
