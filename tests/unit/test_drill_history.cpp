// The drill history in the state file: kept to 52 entries, tolerant of hand edits, the newest
// fresh drill per repository as the reference for a delta drill's RTO, and per-repository
// metrics from it.
#include <catch2/catch.hpp>

#include "reos/observe/drill_history.hpp"
#include "reos/observe/metrics.hpp"
#include "reos/observe/state.hpp"
#include "support/helpers.hpp"

namespace observe = reos::observe;
using nlohmann::json;
using reos::testing::TempDir;

namespace {

observe::VerifyRecord drill(std::int64_t epoch, int repo, bool fresh, std::uint64_t bytes, long long restore_ms) {
  observe::VerifyRecord r;
  r.ok = true;
  r.epoch = epoch;
  r.repo = repo;
  r.fresh = fresh;
  r.bytes = bytes;
  r.restore_ms = restore_ms;
  r.rto_ms = restore_ms + 1000;
  r.rto_kind = fresh ? "measured" : "fresh_estimate";
  r.loss_seconds = 0.25 * repo;
  return r;
}

}  // namespace

TEST_CASE("drill history: the newest 52 are kept, oldest first, and the last drill stays readable", "[state][history]") {
  TempDir dir;
  const std::string path = dir.path() + "/state.json";
  for (int i = 1; i <= 60; ++i) observe::record_verify(path, "main", drill(i, 1, i % 10 == 1, 1000, 100));
  const json st = observe::read_state(path);
  const auto h = observe::drill_history(st, "main");
  REQUIRE(h.size() == observe::kDrillHistoryKeep);
  CHECK(h.front().epoch == 9);
  CHECK(h.back().epoch == 60);
  CHECK(st["stanzas"]["main"]["verify"]["last_epoch"] == 60);
  CHECK(st["stanzas"]["main"]["verify"]["restore"] == "delta");
  CHECK(observe::drill_history(st, "other").empty());
}

TEST_CASE("drill history: the newest fresh drill of the same repository with a finished restore is the reference",
          "[state][history]") {
  std::vector<observe::VerifyRecord> h = {drill(1, 1, true, 1000, 100), drill(2, 2, true, 5000, 900),
                                          drill(3, 1, false, 1000, 10),
                                          drill(4, 1, true, 2000, 0)};  // restore_ms 0: it did not finish
  auto ref = observe::last_fresh_drill(h, 1);
  REQUIRE(ref);
  CHECK(ref->epoch == 1);
  CHECK(observe::last_fresh_drill(h, 2)->epoch == 2);
  CHECK_FALSE(observe::last_fresh_drill(h, 3));
  // 1000 bytes in 100 ms: 50 000 bytes take 5 s.
  CHECK(observe::estimated_restore_ms(*ref, 50'000) == 5000);
}

TEST_CASE("drill history: hand-edited entries keep what is well-typed and drop the rest", "[state][history]") {
  const json st = {{"stanzas",
                    {{"main",
                      {{"verify",
                        {{"history", json::array({json{{"last_epoch", 5},
                                                       {"restore", "fresh"},
                                                       {"bytes", -3},
                                                       {"restore_ms", 1e300},
                                                       {"repo", "two"},
                                                       {"measured_loss_seconds", 1.5}},
                                                  json("not an entry")})}}}}}}}};
  const auto h = observe::drill_history(st, "main");
  REQUIRE(h.size() == 2);
  CHECK(h[0].epoch == 5);
  CHECK(h[0].fresh == true);
  CHECK(h[0].bytes == 0);
  CHECK_FALSE(h[0].restore_ms);
  CHECK(h[0].repo == 0);
  CHECK(*h[0].loss_seconds == 1.5);
  CHECK_FALSE(observe::last_fresh_drill(h, 0));  // no throughput to estimate from
  CHECK(h[1].epoch == 0);
}

TEST_CASE("metrics: RTO per repository and kind, and the measured RPO loss, from each repository's newest drill",
          "[metrics][history]") {
  TempDir dir;
  const std::string path = dir.path() + "/state.json";
  observe::record_verify(path, "main", drill(1, 1, true, 1000, 100000));
  observe::record_verify(path, "main", drill(2, 2, true, 1000, 400000));
  observe::record_verify(path, "main", drill(3, 1, false, 1000, 5000));
  observe::MetricsInput in;
  in.now_epoch = 10;
  in.state = observe::read_state(path);
  in.stanzas.push_back({"main", std::nullopt, std::nullopt, std::nullopt});
  const std::string text = observe::render_exposition(observe::build_metrics(in));
  INFO(text);
  CHECK(text.find("reos_verify_rto_seconds{kind=\"fresh_estimate\",repo=\"1\",stanza=\"main\"} 6\n") != std::string::npos);
  CHECK(text.find("reos_verify_rto_seconds{kind=\"measured\",repo=\"2\",stanza=\"main\"} 401\n") != std::string::npos);
  CHECK(text.find("kind=\"measured\",repo=\"1\"") == std::string::npos);  // repo1's newest drill is the delta one
  CHECK(text.find("reos_verify_rpo_loss_seconds{repo=\"1\",stanza=\"main\"} 0.25\n") != std::string::npos);
  CHECK(text.find("reos_verify_rpo_loss_seconds{repo=\"2\",stanza=\"main\"} 0.5\n") != std::string::npos);
}

TEST_CASE("drill history: a restore is predicted from the newest fresh drill's throughput, start and replay per segment",
          "[state][history]") {
  auto fresh = drill(100, 1, true, 1'000'000, 2000);  // 1 MB in 2 s
  fresh.start_ms = 300;
  fresh.replay_ms = 800;
  fresh.wal_segments = 4;  // 200 ms a segment
  const std::vector<observe::VerifyRecord> h = {fresh, drill(200, 1, false, 1'000'000, 50)};
  auto p = observe::predict_restore(h, 1, 3'000'000, 10);
  REQUIRE(p);
  CHECK(p->restore_ms == 6000);
  CHECK(p->start_ms == 300);
  CHECK(p->replay_ms == 2000);
  CHECK(p->total_ms == 8300);
  CHECK(p->from.epoch == 100);
  CHECK(p->basis.find("10 WAL segment(s) at 200 ms each") != std::string::npos);
  // WAL to replay unknown: that drill's replay time as it was, and the basis says so.
  auto q = observe::predict_restore(h, 1, 3'000'000, std::nullopt);
  REQUIRE(q);
  CHECK(q->replay_ms == 800);
  CHECK(q->basis.find("unknown here") != std::string::npos);
  // No fresh drill of that repository: no prediction.
  CHECK_FALSE(observe::predict_restore(h, 2, 3'000'000, 10));
}
