#pragma once
// What `mc replicate status --json` says about one bucket, reduced to what operators act on,
// including an estimate of the replication lag (mc reports no lag figure; see lag_seconds).
// Shared by `minio-replicate status` and `metrics`, so both read the document the same way.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace reos::minio {

struct ReplicationTarget {
  std::string endpoint, target_bucket, arn;
  bool secure = false, online = false;
  std::string last_online;                        // as mc printed it
  std::optional<std::int64_t> last_online_epoch;  // nullopt: never online (Go's zero time) or unreadable
  double latency_seconds = 0;                     // remoteTargets[].latency.curr (mc gives nanoseconds)
  double avg_rate_bytes = 0;                      // tgtTransferStats[arn].Total.avgRate, summed over nodes
  /// How far this target is behind, in seconds:
  ///  - offline: time since it was last online (nothing reached it since); nullopt if never;
  ///  - online with an empty queue: the current round-trip latency;
  ///  - online with a queue: latency + queued bytes / the target's average transfer rate
  ///    (the time the newest queued object waits); nullopt when nothing has moved yet (rate 0).
  /// The queue is per bucket, not per target: with several targets each estimate is an upper bound.
  std::optional<double> lag_seconds;
  /// "endpoint/targetbucket": the label metrics and messages use (no credentials in it).
  std::string name() const { return endpoint + "/" + target_bucket; }
};

struct ReplicationStatus {
  std::vector<ReplicationTarget> targets;  // empty: replication is not configured
  long long replicated_count = 0, replicated_bytes = 0;
  long long failed_count = 0;  // currStats.failed.totals (since the server started)
  long long queued_count = 0, queued_bytes = 0;
};

/// Reads the one success document of `mc replicate status ALIAS/BUCKET --json`; fields that
/// are missing count as zero (mc omits zero counters). `now_epoch` dates the offline lag.
ReplicationStatus parse_replication_status(const nlohmann::json& doc, std::int64_t now_epoch);

/// The JSON form used in `minio-replicate status` results (lag_seconds null when unknown).
nlohmann::json to_json(const ReplicationTarget& t);

}  // namespace reos::minio
