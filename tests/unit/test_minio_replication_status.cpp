// Reading `mc replicate status --json` and estimating the replication lag (mc gives none).
#include <catch2/catch.hpp>

#include "reos/minio/replication_status.hpp"
#include "reos/util/timestamp.hpp"
#include "support/helpers.hpp"

using nlohmann::json;
using reos::minio::parse_replication_status;

namespace {

json status_fixture() { return json::parse(reos::testing::mc_fixture("replicate-status.success.json")); }

// 2025-06-01T10:00:00Z: the fixture's lastOnline, without its nanoseconds.
std::int64_t fixture_last_online() { return reos::util::parse_zoned_time("2025-06-01T10:00:00Z")->epoch_us / 1000000; }

void set_queue(json& d, long long count, long long bytes) {
  d["replicationstats"]["currStats"]["queued"]["curr"] = {{"count", count}, {"bytes", bytes}};
}

}  // namespace

TEST_CASE("replication status: the captured document, online with an empty queue", "[minio][replication]") {
  const auto s = parse_replication_status(status_fixture(), fixture_last_online() + 60);
  CHECK(s.replicated_count == 42);
  CHECK(s.replicated_bytes == 1048576);
  CHECK(s.failed_count == 0);
  CHECK(s.queued_count == 0);
  REQUIRE(s.targets.size() == 1);
  const auto& t = s.targets[0];
  CHECK(t.name() == "minio-dr.example.net:9000/data-backup");
  CHECK(t.online);
  CHECK(t.last_online_epoch == fixture_last_online());
  CHECK(t.latency_seconds == Approx(0.002));
  CHECK(t.avg_rate_bytes == Approx(1024));
  REQUIRE(t.lag_seconds);
  CHECK(*t.lag_seconds == Approx(0.002));  // nothing queued: just the round trip
  const json j = reos::minio::to_json(t);
  CHECK(j["lag_seconds"].get<double>() == Approx(0.002));
  CHECK(j.dump().find("repl-user") == std::string::npos);  // no credentials in our output
}

TEST_CASE("replication status: a queue drains at the target's average rate", "[minio][replication]") {
  auto d = status_fixture();
  set_queue(d, 3, 3072);
  auto s = parse_replication_status(d, 0);
  CHECK(s.queued_count == 3);
  CHECK(s.queued_bytes == 3072);
  REQUIRE(s.targets[0].lag_seconds);
  CHECK(*s.targets[0].lag_seconds == Approx(0.002 + 3072.0 / 1024));

  // Two nodes transfer for the target: their rates add up.
  auto& nodes = d["replicationstats"]["queueStats"]["nodes"];
  nodes.push_back(nodes[0]);
  s = parse_replication_status(d, 0);
  CHECK(s.targets[0].avg_rate_bytes == Approx(2048));
  CHECK(*s.targets[0].lag_seconds == Approx(0.002 + 1.5));

  // Nothing has moved yet: no rate, so no honest estimate.
  for (auto& n : nodes) n["tgtTransferStats"] = json::object();
  s = parse_replication_status(d, 0);
  CHECK_FALSE(s.targets[0].lag_seconds);
}

TEST_CASE("replication status: an offline target lags by the time since it was last online", "[minio][replication]") {
  auto d = status_fixture();
  d["remoteTargets"][0]["isOnline"] = false;
  auto s = parse_replication_status(d, fixture_last_online() + 600);
  CHECK_FALSE(s.targets[0].online);
  REQUIRE(s.targets[0].lag_seconds);
  CHECK(*s.targets[0].lag_seconds == Approx(600));

  d["remoteTargets"][0]["lastOnline"] = "0001-01-01T00:00:00Z";  // Go's zero time: never online
  s = parse_replication_status(d, fixture_last_online() + 600);
  CHECK_FALSE(s.targets[0].last_online_epoch);
  CHECK_FALSE(s.targets[0].lag_seconds);
}

TEST_CASE("replication status: not configured, failures, and missing fields", "[minio][replication]") {
  const auto none = parse_replication_status(json::parse(reos::testing::mc_fixture("replicate-status.not-configured.json")), 0);
  CHECK(none.targets.empty());
  CHECK(none.queued_count == 0);

  auto d = status_fixture();
  d["replicationstats"]["currStats"]["failed"]["totals"] = {{"count", 5.0}, {"bytes", 10}};  // mc prints float counts
  CHECK(parse_replication_status(d, 0).failed_count == 5);

  // mc omits zero counters; a bare document is all zeros, not an exception.
  const auto bare = parse_replication_status(json{{"op", "status"}, {"status", "success"}}, 0);
  CHECK(bare.targets.empty());
  CHECK(bare.replicated_count == 0);
}
