// Progress of backup and restore: pgBackRest 2.45's per-file detail lines (captured in
// tests/fixtures/pgbackrest/ok-*-detail), the feed that turns them into bytes done of a total,
// and the meter that draws them (util/human's units, rate, time left, rate-limited).
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "reos/pgbackrest/progress.hpp"
#include "reos/util/progress.hpp"
#include "reos/util/text.hpp"
#include "support/app.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using reos::pgbackrest::parse_file_progress;
using reos::pgbackrest::parse_size_text;
using reos::testing::App;
using reos::testing::pgbackrest_fixture;
using reos::util::ProgressMeter;
using reos::util::ProgressSample;
using reos::util::ProgressStyle;

namespace {

// A clock the test moves by hand.
struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  ProgressMeter::Clock fn() {
    return [this] { return now; };
  }
};

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  for (auto l : reos::util::split_lines(s)) v.emplace_back(l);
  return v;
}

}  // namespace

TEST_CASE("progress: pgBackRest's size text in bytes", "[progress]") {
  CHECK(parse_size_text("0B") == 0u);
  CHECK(parse_size_text("999B") == 999u);
  CHECK(parse_size_text("768KB") == 768u * 1024);
  CHECK(parse_size_text("1.6KB") == 1638u);  // 1.6 x 1024, rounded
  CHECK(parse_size_text("13MB") == 13u << 20);
  CHECK(parse_size_text("35.0MB") == 35u << 20);
  CHECK(parse_size_text("2.5GB") == 5ull << 29);
  CHECK(parse_size_text("1TB") == 1ull << 40);
  for (const char* bad : {"", "B", "MB", "13", "13 MB", "1.2.3KB", ".5KB", "5.KB", "-1KB", "13XB", "1e3KB"}) {
    INFO(bad);
    CHECK_FALSE(parse_size_text(bad));
  }
}

TEST_CASE("progress: the file lines of a real backup and restore (pgBackRest 2.45, detail)", "[progress]") {
  const auto f = parse_file_progress(
      "2026-12-01 22:49:22.253 P01 DETAIL: backup file $LAB/pg/base/5/16384 (13MB, 37.25%) checksum "
      "c7fe663bcf74b8d6875cf0a9bf7d32c4470789d0");
  REQUIRE(f);
  CHECK(f->size_bytes == 13u << 20);
  CHECK(f->percent == Approx(37.25));
  // A zero-length file has no checksum; a delta restore says the file matched.
  CHECK(parse_file_progress("2026-12-01 22:49:24.362 P01 DETAIL: backup file /pg/base/1/1418 (0B, 100.00%)")->percent ==
        Approx(100));
  const auto d = parse_file_progress(
      "2026-12-01 22:52:01.947 P01 DETAIL: restore file /r1/base/5/1255 - exists and matches backup (768KB, 39.40%) "
      "checksum 46f8ebeba7af0bf7bef0c6999b331eb386cc5eab");
  REQUIRE(d);
  CHECK(d->size_bytes == 768u * 1024);
  CHECK(d->percent == Approx(39.40));
  // A path with parentheses of its own, and a bundle prefix before the size.
  CHECK(parse_file_progress("P01 DETAIL: backup file /pg/odd (1KB, 2%) dir/f (8KB, 45.67%) checksum ab")->size_bytes == 8192);
  CHECK(parse_file_progress("P01 DETAIL: backup file /pg/f (bundle 1/0, 8KB, 45.67%) checksum ab")->size_bytes == 8192);
  // Everything else is not progress.
  for (const char* other :
       {"2026-12-01 22:49:20.737 P00   INFO: backup command begin 2.45: --log-level-console=detail",
        "2026-12-01 22:49:24.627 P00   INFO: full backup size = 35.0MB, file total = 967",
        "2026-12-01 22:52:11.245 P00 DETAIL: reference pg_data/base/1/112 to 20261201-224921F",
        "2026-12-01 22:51:05.386 P00 DETAIL: create path '$LAB/work/r1/base'", "P01 DETAIL: backup file /pg/f (8KB, 145%)",
        "P01 DETAIL: backup file /pg/f (8KB 45%)", "P01 DETAIL: backup file /pg/f", "backup file /pg/f (8KB, 45%)"}) {
    INFO(other);
    CHECK_FALSE(parse_file_progress(other));
  }

  // Every capture: the percentages only grow, and every file line is read.
  for (const std::string name :
       {"ok-backup-full-detail", "ok-backup-incr-detail", "ok-restore-detail", "ok-restore-delta-detail"}) {
    INFO(name);
    std::size_t file_lines = 0, read = 0;
    double last = 0;
    for (const auto& line : lines_of(pgbackrest_fixture(name))) {
      if (line.find(" file ") != std::string::npos && line.find("%)") != std::string::npos) ++file_lines;
      if (const auto p = parse_file_progress(line)) {
        ++read;
        CHECK(p->percent >= last);
        last = p->percent;
      }
    }
    CHECK(read == file_lines);
    CHECK(read >= 20);
    CHECK(last == Approx(100));
  }
}

TEST_CASE("progress: a backup's total is estimated from its percentages, a restore's is the set's size", "[progress]") {
  FakeClock clock;
  std::ostringstream err;
  SECTION("the real full backup: 966 file lines, then 'full backup size = 35.0MB, file total = 967'") {
    ProgressMeter meter(err, ProgressStyle::json, "backup", clock.fn(), 0ms);
    reos::pgbackrest::FileProgressFeed feed(meter, std::nullopt);
    for (const auto& line : lines_of(pgbackrest_fixture("ok-backup-full-detail"))) {
      clock.now += 10ms;
      feed.line(line);
    }
    meter.finish();
    const auto drawn = lines_of(err.str());
    REQUIRE(drawn.size() == 966);  // one draw per file line (interval 0)
    const json first = json::parse(drawn.front()), last = json::parse(drawn.back());
    // The first line alone (13MB at 37.25 %) already puts the total within 1 % of pgBackRest's own.
    CHECK(first["bytes_total"].get<double>() == Approx(35.0 * 1048576).epsilon(0.01));
    CHECK(first["bytes_total_estimated"] == true);
    CHECK(last["percent"] == 100.0);
    CHECK(last["bytes_done"].get<double>() == Approx(35.0 * 1048576).epsilon(0.02));
    CHECK(last["bytes_total"] == last["bytes_done"]);
    CHECK(last["remaining_ms"] == 0);
  }
  SECTION("a restore: done is pgBackRest's percentage of the set's size") {
    ProgressMeter meter(err, ProgressStyle::json, "restore", clock.fn(), 0ms);
    reos::pgbackrest::FileProgressFeed feed(meter, 36700160);
    feed.line("2026-12-01 22:51:05.386 P00 DETAIL: create path '/r1/base'");
    CHECK(meter.drawn() == 0);
    feed.line("P01 DETAIL: restore file /r1/base/5/16384 (13MB, 37.25%) checksum c7");
    clock.now += 1s;
    feed.line("P01 DETAIL: restore file /r1/base/5/1255 (768KB, 39.40%) checksum 46");
    const auto drawn = lines_of(err.str());
    REQUIRE(drawn.size() == 2);
    const json j = json::parse(drawn[1]);
    CHECK(j["bytes_total"] == 36700160);
    CHECK(j["bytes_total_estimated"] == false);
    CHECK(j["bytes_done"] == 14459863);  // 39.40 % of 36700160
    CHECK(j["percent"] == 39.4);
  }
}

TEST_CASE("progress: text in util/human's units, rate and time left", "[progress][human]") {
  ProgressSample s{"backup", 0.4567, 16u << 20, 35u << 20, true, 2000ms, {}, {}};
  // 8 MiB copied in the second since the first update: 8 MiB/s, 19 MiB left: 2.3 s.
  reos::util::estimate(s, 1000ms, 8u << 20, 0.2);
  REQUIRE(s.bytes_per_second);
  CHECK(*s.bytes_per_second == Approx(8.0 * 1048576));
  CHECK(s.remaining == std::chrono::milliseconds(2375));
  CHECK(reos::util::progress_text(s) == "backup  45.7%  16.0 MiB of ~35.0 MiB  8.0 MiB/s  elapsed 2.0s  left 2.3s");
  s.total_estimated = false;
  s.elapsed = 133s;
  CHECK(reos::util::progress_text(s) == "backup  45.7%  16.0 MiB of 35.0 MiB  8.0 MiB/s  elapsed 2m13s  left 2.3s");

  // Without a total, the fraction's own pace: 0.25 in 1 s, 0.5 left.
  ProgressSample u{"backup", 0.5, 16u << 20, std::nullopt, true, 2000ms, {}, {}};
  reos::util::estimate(u, 1000ms, 8u << 20, 0.25);
  CHECK(u.remaining == std::chrono::milliseconds(2000));
  // The first update has no rate and no time left yet.
  ProgressSample first{"restore", 0.05, 1u << 20, 20u << 20, false, 300ms, {}, {}};
  reos::util::estimate(first, 0ms, 0, 0);
  CHECK_FALSE(first.bytes_per_second);
  CHECK_FALSE(first.remaining);
  CHECK(reos::util::progress_text(first) == "restore  5.0%  1.0 MiB of 20.0 MiB  elapsed 300ms  left ?");
  const json j = reos::util::progress_json(first);
  CHECK(j == json{{"event", "progress"},
                  {"operation", "restore"},
                  {"percent", 5.0},
                  {"bytes_done", 1048576},
                  {"bytes_total", 20971520},
                  {"bytes_total_estimated", false},
                  {"bytes_per_second", nullptr},
                  {"elapsed_ms", 300},
                  {"remaining_ms", nullptr}});
}

TEST_CASE("progress: redrawn in place on a terminal, at most one draw per interval, the last state kept", "[progress]") {
  FakeClock clock;
  std::ostringstream err;
  {
    ProgressMeter meter(err, ProgressStyle::terminal, "backup", clock.fn(), 100ms);
    for (int i = 1; i <= 100; ++i) {  // 100 updates in 500 ms: 5 draws
      clock.now += 5ms;
      meter.update(i / 100.0, static_cast<std::uint64_t>(i) << 20, 100u << 20, false);
    }
    CHECK(meter.drawn() == 5);
  }  // finish: the line is cleared for what follows
  const std::string s = err.str();
  CHECK(s.rfind("\r", 0) == 0);
  CHECK(s.find('\n') == std::string::npos);
  CHECK(s.size() > 5 * std::string("\r\033[K").size());
  CHECK(s.substr(s.size() - 4) == "\r\033[K");
  std::size_t redraws = 0;
  for (auto pos = s.find("%  "); pos != std::string::npos; pos = s.find("%  ", pos + 1)) ++redraws;
  CHECK(redraws == 5);

  // lines: one line per draw, and the held-back 100 % is drawn at the end.
  std::ostringstream plain;
  {
    ProgressMeter meter(plain, ProgressStyle::lines, "restore", clock.fn(), 100ms);
    meter.update(0.5, 50, 100, false);
    clock.now += 10ms;
    meter.update(1.0, 100, 100, false);
  }
  const auto drawn = lines_of(plain.str());
  REQUIRE(drawn.size() == 2);
  CHECK(drawn[1].rfind("restore  100.0%  100 B of 100 B", 0) == 0);
}

TEST_CASE("progress: backup --output json is the same document with and without --progress, and progress goes to stderr",
          "[progress][app]") {
  const auto answer = [](bool detail) {
    return [detail](const reos::process::Invocation& inv) {
      reos::process::ProcessResult r;
      r.exit_code = 0;
      if (inv.purpose == "info (before backup)") r.out = pgbackrest_fixture("info-json-a4-stanza-no-backups");
      if (inv.purpose == "info (after backup)") r.out = pgbackrest_fixture("info-json-b-one-full");
      // pgBackRest prints its file lines only when asked to (--log-level-console=detail).
      if (inv.purpose == "backup" && detail) r.out = pgbackrest_fixture("ok-backup-full-detail");
      return r;
    };
  };
  App plain, progress;
  plain.runner.answer_with(answer(false));
  progress.runner.answer_with(answer(true));
  const std::vector<std::string> args{"backup", "--stanza=lab", "--type=full", "--output=json", "--pgbackrest-bin=/bin/true"};
  REQUIRE(plain.run(args) == 0);
  auto with = args;
  with.push_back("--progress");
  REQUIRE(progress.run(with) == 0);
  const json a = plain.doc(), b = progress.doc();  // each exactly one document
  CHECK(reos::testing::json_shape(a) == reos::testing::json_shape(b));
  CHECK(a["result"] == b["result"]);
  // The one difference: the backup call asks pgBackRest for its file lines, as --dry-run shows.
  const auto argv = b["invocations"][1]["argv"];
  CHECK(std::find(argv.begin(), argv.end(), "--log-level-console=detail") != argv.end());
  CHECK(std::find(a["invocations"][1]["argv"].begin(), a["invocations"][1]["argv"].end(), "--log-level-console=off") !=
        a["invocations"][1]["argv"].end());
  CHECK(plain.err.str() == "");
  CHECK(progress.out.str().find("\"event\"") == std::string::npos);
  // stderr: JSON lines, the last one at 100 %.
  const auto drawn = lines_of(progress.err.str());
  REQUIRE(!drawn.empty());
  for (const auto& l : drawn) CHECK(json::parse(l)["event"] == "progress");
  CHECK(json::parse(drawn.back())["percent"] == 100.0);
}

TEST_CASE("progress: on a terminal by default, never with --no-progress or in JSON without --progress", "[progress][app]") {
  const std::vector<std::string> base{"backup", "--stanza=lab", "--type=full", "--pgbackrest-bin=/bin/true", "--dry-run"};
  auto backup_argv = [&](App& app, std::vector<std::string> extra) {
    auto args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("--output=json");
    const int rc = app.run(args);
    INFO(app.err.str());
    REQUIRE(rc == 0);
    return app.doc()["result"]["plan"][1]["argv"].dump();
  };
  auto asks_detail = [](const std::string& argv) { return argv.find("--log-level-console=detail") != std::string::npos; };
  {
    App app;  // JSON, a terminal: off unless asked
    app.err_is_terminal = true;
    CHECK_FALSE(asks_detail(backup_argv(app, {})));
  }
  {
    App app;
    app.err_is_terminal = true;
    CHECK(asks_detail(backup_argv(app, {"--progress"})));
  }
  {
    App app;  // text on a terminal: on by default
    app.err_is_terminal = true;
    auto args = base;
    REQUIRE(app.run(args) == 0);
    CHECK(app.out.str().find("--log-level-console=detail") != std::string::npos);
  }
  {
    App app;
    app.err_is_terminal = true;
    auto args = base;
    args.push_back("--no-progress");
    REQUIRE(app.run(args) == 0);
    CHECK(app.out.str().find("--log-level-console=detail") == std::string::npos);
  }
  {
    App app;  // text, not a terminal (cron): off
    REQUIRE(app.run(base) == 0);
    CHECK(app.out.str().find("--log-level-console=detail") == std::string::npos);
  }
  {
    App app;
    auto args = base;
    args.insert(args.end(), {"--progress", "--no-progress", "--output=json"});
    CHECK(app.run(args) == 2);
    CHECK(app.err.str().find("--progress and --no-progress") != std::string::npos);
    CHECK(app.doc()["exit_code"] == 2);
  }
}
