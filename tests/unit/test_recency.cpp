// The measured RPO's two readings: the source's newest commit (read-only) and the copy's.
#include <catch2/catch.hpp>

#include "reos/postgres/recency.hpp"
#include "support/scripted_database.hpp"

namespace pg = reos::postgres;

namespace {

using reos::testing::query_rows;
using reos::testing::query_value;
using reos::testing::ScriptedDatabase;

constexpr std::int64_t kStop = 1'795'000'000;  // the restored backup's stop (epoch s)

}  // namespace

TEST_CASE("recency: sources are the seed's two columns and every max_age check, once", "[recency]") {
  std::vector<pg::Check> checks = pg::seed_checks();
  checks.push_back({"newest memo", "SELECT max(at) FROM memos", {}, std::chrono::hours(26), {}});
  checks.push_back({"rows", "SELECT count(*) FROM memos", 1, {}, {}});
  checks.push_back({"again", "SELECT max(created_at) FROM properties", {}, std::chrono::hours(1), {}});
  auto s = pg::recency_sources(checks);
  REQUIRE(s.size() == 3);
  CHECK(s[0].name == "properties.created_at");
  CHECK(s[1].name == "pipeline_state.state_changed_at");
  CHECK(s[2].name == "newest memo");
}

TEST_CASE("recency: with track_commit_timestamp on, pg_last_committed_xact against the copy's replay timestamp", "[recency]") {
  ScriptedDatabase src;
  src.answers = {{"default_transaction_read_only", query_rows({})},
                 {"track_commit_timestamp", query_value("on")},
                 {"pg_last_committed_xact", query_value("2026-11-19 10:00:12.5+00")}};
  const auto sources = pg::recency_sources(pg::seed_checks());
  auto s = pg::read_source_newest(src, sources);
  CHECK(s.commit_timestamps);
  // Read-only and bounded before anything else; no column is read.
  CHECK(src.seen.front() == pg::kSourceSessionGuard);
  CHECK(src.seen.size() == 3);

  ScriptedDatabase copy;
  copy.answers = {{"pg_last_xact_replay_timestamp", query_value("2026-11-19 10:00:02+00")},
                  {"pg_last_committed_xact", query_value(std::nullopt)}};
  auto c = pg::read_copy_newest(copy, s, sources);
  auto m = pg::measured_loss(s, c, kStop);
  REQUIRE(m.seconds);
  CHECK(*m.seconds == Approx(10.5));
  CHECK(m.basis.find("pg_last_committed_xact() on the source") == 0);
  CHECK(m.detail["copy_newest_commit"] == "2026-11-19T10:00:02Z");

  // An idle source: the copy has its newest commit: 0, not archive_timeout.
  copy.answers[0].second = query_value("2026-11-19 10:00:12.5+00");
  CHECK(*pg::measured_loss(s, pg::read_copy_newest(copy, s, sources), kStop).seconds == 0.0);
  // The copy replayed WAL archived after the source was read: never below 0.
  copy.answers[0].second = query_value("2026-11-19 10:00:20+00");
  CHECK(*pg::measured_loss(s, pg::read_copy_newest(copy, s, sources), kStop).seconds == 0.0);
}

TEST_CASE("recency: without commit timestamps, the largest difference of one recency column", "[recency]") {
  ScriptedDatabase src;
  src.answers = {{"default_transaction_read_only", query_rows({})},
                 {"track_commit_timestamp", query_value("off")},
                 {"FROM properties", query_value("2026-11-19 10:05:00+00")},
                 {"FROM pipeline_state", query_value("2026-11-19 10:01:00+00")}};
  std::vector<pg::Check> checks = {{"newest memo", "SELECT max(at) FROM memos", {}, std::chrono::hours(1), {}}};
  const auto sources = pg::recency_sources(checks);
  auto s = pg::read_source_newest(src, sources);
  CHECK_FALSE(s.commit_timestamps);
  CHECK(s.columns.size() == 2);  // memos does not exist on the source: not a source then

  ScriptedDatabase copy;
  copy.answers = {{"FROM properties", query_value("2026-11-19 10:04:30+00")},
                  {"FROM pipeline_state", query_value("2026-11-19 10:01:00+00")}};
  auto m = pg::measured_loss(s, pg::read_copy_newest(copy, s, sources), kStop);
  REQUIRE(m.seconds);
  CHECK(*m.seconds == Approx(30));
  CHECK(m.detail["columns"]["properties.created_at"]["loss_seconds"] == Approx(30));
  CHECK(m.detail["columns"]["pipeline_state.state_changed_at"]["loss_seconds"] == 0.0);
  // The copy asked only what the source answered.
  for (const auto& q : copy.seen) CHECK(q.find("memos") == std::string::npos);

  // A column empty on the copy: everything after the backup's stop is lost.
  copy.answers[0].second = query_value(std::nullopt);
  const std::int64_t stop = 1'795'000'000;  // 2026-11-18T...; the source's value is later
  m = pg::measured_loss(s, pg::read_copy_newest(copy, s, sources), stop);
  CHECK(*m.seconds > 0);

  // Nothing answers: not measured, and the basis says how to make it measurable.
  ScriptedDatabase none;
  none.answers = {{"default_transaction_read_only", query_rows({})}, {"track_commit_timestamp", query_value("off")}};
  auto n = pg::read_source_newest(none, sources);
  auto nm = pg::measured_loss(n, n, kStop);
  CHECK_FALSE(nm.seconds);
  CHECK(nm.basis.find("not measured: track_commit_timestamp is off and no recency column answered") == 0);
}
