#include "reos/minio/replication_status.hpp"

#include <algorithm>

#include "reos/util/timestamp.hpp"

namespace reos::minio {

using nlohmann::json;

namespace {

// mc omits zero counters and prints some counts as floats: a missing or non-numeric field is 0.
double number_at(const json& j, std::initializer_list<const char*> path) {
  const json* p = &j;
  for (const char* k : path) {
    if (!p->is_object() || !p->contains(k)) return 0;
    p = &(*p)[k];
  }
  return p->is_number() ? p->get<double>() : 0;
}

// A counter that is no whole number from 0 to 2^63 (1e300, -1, NaN) is unreadable and counts as
// 0 like a missing one: converting it to long long would be undefined behaviour.
long long count_at(const json& j, std::initializer_list<const char*> path) {
  const double d = number_at(j, path);
  return d >= 0 && d < 9223372036854775808.0 ? static_cast<long long>(d) : 0;
}

bool bool_at(const json& j, const char* k) { return j.is_object() && j.contains(k) && j[k].is_boolean() && j[k].get<bool>(); }

std::string string_at(const json& j, const char* k) {
  return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
}

// mc prints Go's RFC 3339 with nanoseconds; Go's zero time (year 1) means "never".
std::optional<std::int64_t> epoch_of(std::string t) {
  if (auto dot = t.find('.'); dot != std::string::npos) {
    auto end = t.find_first_not_of("0123456789", dot + 1);
    t.erase(dot, end == std::string::npos ? std::string::npos : end - dot);
  }
  const auto zt = util::parse_zoned_time(t);
  if (!zt || zt->epoch_us <= 0) return std::nullopt;
  return zt->epoch_us / 1000000;
}

}  // namespace

ReplicationStatus parse_replication_status(const json& doc, std::int64_t now_epoch) {
  ReplicationStatus s;
  const json stats = doc.is_object() ? doc.value("replicationstats", json::object()) : json::object();
  const json cs = stats.is_object() ? stats.value("currStats", json::object()) : json::object();
  s.replicated_count = count_at(cs, {"replicationCount"});
  s.replicated_bytes = count_at(cs, {"completedReplicationSize"});
  s.failed_count = count_at(cs, {"failed", "totals", "count"});
  s.queued_count = count_at(cs, {"queued", "curr", "count"});
  s.queued_bytes = count_at(cs, {"queued", "curr", "bytes"});

  json nodes = json::array();
  if (stats.is_object() && stats.contains("queueStats") && stats["queueStats"].is_object())
    nodes = stats["queueStats"].value("nodes", json::array());
  if (!doc.is_object() || !doc.contains("remoteTargets") || !doc["remoteTargets"].is_array()) return s;
  for (const auto& t : doc["remoteTargets"]) {
    if (!t.is_object()) continue;  // not a target: nothing to report about it
    ReplicationTarget r;
    r.endpoint = string_at(t, "endpoint");
    r.target_bucket = string_at(t, "targetbucket");
    r.arn = string_at(t, "arn");
    r.secure = bool_at(t, "secure");
    r.online = bool_at(t, "isOnline");
    r.last_online = string_at(t, "lastOnline");
    r.last_online_epoch = epoch_of(r.last_online);
    r.latency_seconds = number_at(t, {"latency", "curr"}) / 1e9;
    if (nodes.is_array())
      for (const auto& n : nodes) r.avg_rate_bytes += number_at(n, {"tgtTransferStats", r.arn.c_str(), "Total", "avgRate"});
    if (!r.online) {
      if (r.last_online_epoch) r.lag_seconds = static_cast<double>(std::max<std::int64_t>(0, now_epoch - *r.last_online_epoch));
    } else if (s.queued_bytes == 0) {
      r.lag_seconds = r.latency_seconds;
    } else if (r.avg_rate_bytes > 0) {
      r.lag_seconds = r.latency_seconds + static_cast<double>(s.queued_bytes) / r.avg_rate_bytes;
    }
    s.targets.push_back(std::move(r));
  }
  return s;
}

json to_json(const ReplicationTarget& t) {
  return {{"endpoint", t.endpoint},
          {"target_bucket", t.target_bucket},
          {"arn", t.arn},
          {"secure", t.secure},
          {"online", t.online},
          {"last_online", t.last_online},
          {"latency_seconds", t.latency_seconds},
          {"lag_seconds", t.lag_seconds ? json(*t.lag_seconds) : json(nullptr)}};
}

}  // namespace reos::minio
