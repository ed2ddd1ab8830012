// verify, the weekly restore drill, against a real PostgreSQL 15 + pgBackRest.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"
#include "reos/process/runner.hpp"
#include "reos/util/text.hpp"

using reos::testing::Lab;
using reos::testing::Run;

TEST_CASE("verify: a healthy drill, a delta re-run, an RTO breach and a corrupted repository", "[pg][verify]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  lab.create_seed_tables();
  lab.sql(
      "INSERT INTO properties SELECT FROM generate_series(1, 120);"
      "INSERT INTO pipeline_state SELECT FROM generate_series(1, 30);"
      "INSERT INTO timeline_entries SELECT FROM generate_series(1, 7);");
  REQUIRE(lab.reos({"backup", "--stanza", "demo", "--type", "full"}).exit_code == 0);
  const std::string work = lab.dir() + "/work/drill";
  const std::string report = lab.dir() + "/work/report.json";
  const std::string staging_pid = work + "/demo/data/postmaster.pid";

  Run ok = lab.reos({"verify", "--stanza", "demo", "--work-dir", work, "--report", report, "--output=json"});
  REQUIRE(ok.exit_code == 0);
  auto j = ok.json()["result"];
  std::map<std::string, std::string> values;
  for (const auto& c : j["checks"]) {
    CHECK(c["ok"] == true);
    values[c["name"]] = c["value"].is_null() ? "NULL" : c["value"].get<std::string>();
  }
  // The counts equal the source's at backup time.
  CHECK(values["rows in properties"] == lab.sql("SELECT count(*) FROM properties"));
  CHECK(values["rows in pipeline_state"] == "30");
  CHECK(values["rows in timeline_entries"] == "7");
  CHECK(values["rows in action_packets"] == "0");
  CHECK(j["repository"]["ok"] == true);
  CHECK(j["repository"]["status"] == "ok");
  CHECK(j["objectives"]["rto"]["ok"] == true);
  CHECK(j["objectives"]["rpo"]["archiver"]["archive_timeout_seconds"] == 60);
  CHECK(j["delta"] == false);
  // No --pg-bin-dir: the programs of the backup's PostgreSQL version (issue 12 item 3).
  CHECK(j["pg_bin_dir"]["path"] == "/usr/lib/postgresql/15/bin");
  CHECK(j["pg_bin_dir"]["from"] == "the backup's version in pgBackRest's info");
  CHECK(j["staging_stopped"] == true);
  CHECK(lab.as_postgres({"test", "-e", staging_pid}).exit_code != 0);
  std::ifstream rep(report);
  REQUIRE(rep);
  CHECK(nlohmann::json::parse(rep)["stanza"] == "demo");

  // The second drill reuses the staging copy with --delta, with the stanza defined only in a
  // conf.d file (issue 12 item 4): PGBACKREST_CONFIG names a [global]-only file and
  // PGBACKREST_CONFIG_INCLUDE_PATH its conf.d, no --pgbackrest-config. The RPO is measured at the
  // source's pg1-port and socket, which only conf.d names.
  const std::string split = lab.split_config();
  Run again = lab.reos_without_config_flag(
      {"verify", "--stanza", "demo", "--work-dir", work, "--output=json"},
      {{"PGBACKREST_CONFIG", split + "/pgbackrest.conf"}, {"PGBACKREST_CONFIG_INCLUDE_PATH", split + "/conf.d"}});
  REQUIRE(again.exit_code == 0);
  CHECK(again.json()["result"]["delta"] == true);
  CHECK(again.json()["result"]["objectives"]["rpo"]["measured_loss_seconds"].is_number());

  // An impossible RTO objective: "objective breached" (11), not "failed" (10).
  Run rto = lab.reos({"verify", "--stanza", "demo", "--work-dir", work, "--objective-rto=1ms", "--output=json"});
  CHECK(rto.exit_code == 11);
  CHECK(rto.json()["error"]["code"] == "objective_breached");
  CHECK(lab.as_postgres({"test", "-e", staging_pid}).exit_code != 0);

  // A missing table is a failed check, not a crash.
  const std::string checks = lab.dir() + "/work/checks.json";
  {
    std::ofstream f(checks);
    f << R"([{"name": "memos exist", "sql": "SELECT count(*) FROM memos", "min": 1},
             {"name": "enough properties", "sql": "SELECT count(*) FROM properties", "min": 100}])";
  }
  Run missing =
      lab.reos({"verify", "--stanza", "demo", "--work-dir", work, "--checks", checks, "--no-default-checks", "--output=json"});
  CHECK(missing.exit_code == 10);
  auto mc = missing.json()["result"]["checks"];
  REQUIRE(mc.size() == 2);
  CHECK(mc[0]["ok"] == false);
  CHECK(mc[0]["message"].get<std::string>().find("memos") != std::string::npos);
  CHECK(mc[1]["ok"] == true);

  // Corrupt one backup file in the repository: the drill fails (10) and names it.
  Run find =
      lab.as_postgres({"find", lab.dir() + "/repo/backup/demo", "-path", "*pg_data/base/*", "-name", "*.lz4", "-size", "+1k"});
  REQUIRE(find.exit_code == 0);
  const std::string victim = reos::util::first_line(find.out);
  REQUIRE_FALSE(victim.empty());
  REQUIRE(lab.as_postgres({"dd", "if=/dev/urandom", "of=" + victim, "bs=1", "count=16", "seek=24", "conv=notrunc"}).exit_code ==
          0);
  Run bad = lab.reos({"verify", "--stanza", "demo", "--work-dir", work, "--output=json"});
  CHECK(bad.exit_code == 10);
  const std::string file = victim.substr(victim.find("/backup/demo/") + 13);
  CHECK(bad.json()["error"]["message"].get<std::string>().find(file) != std::string::npos);
  CHECK(bad.json()["result"]["repository"]["ok"] == false);
  CHECK(lab.as_postgres({"test", "-e", staging_pid}).exit_code != 0);
}

TEST_CASE("verify: SIGINT during a long check cancels the query, stops the staging copy and exits 7", "[pg][verify]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  REQUIRE(lab.reos({"backup", "--stanza", "demo", "--type", "full"}).exit_code == 0);
  const std::string work = lab.dir() + "/work/int";
  const std::string checks = lab.dir() + "/work/slow.json";
  {
    std::ofstream f(checks);
    // Ten minutes each: only a cancelled query lets the drill end before the 120 s timeout below.
    f << R"json([{"name": "slow 1", "sql": "SELECT pg_sleep(600)"}, {"name": "slow 2", "sql": "SELECT pg_sleep(600)"}])json";
  }
  // The drill runs in a thread (no Catch2 assertions there); this thread interrupts it.
  reos::process::ProcessResult result;
  std::thread drill([&] {
    auto runner = reos::process::make_system_runner();
    reos::process::Invocation inv;
    inv.program = std::string(REOS_SOURCE_DIR) + "/scripts/lab";
    inv.args = {"run",
                lab.dir(),
                lab.dir() + "/bin/reos-backup",
                "verify",
                "--stanza",
                "demo",
                "--work-dir",
                work,
                "--no-default-checks",
                "--checks",
                checks,
                "--output=json",
                "--pgbackrest-config=" + lab.pgbackrest_conf()};
    inv.timeout = std::chrono::seconds(120);
    result = runner->run(inv);
  });
  const std::string pidfile = work + "/demo/data/postmaster.pid";
  bool started = false;
  for (int i = 0; i < 600 && !started; ++i) {
    started = ::access(pidfile.c_str(), F_OK) == 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // inside the first slow check
  const int pid = reos::testing::find_process("reos-backup", {"verify", work});
  if (pid > 0) ::kill(pid, SIGINT);
  drill.join();
  REQUIRE(started);
  REQUIRE(pid > 0);
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 7);
  auto j = nlohmann::json::parse(result.out);
  CHECK(j["error"]["code"] == "interrupted");
  CHECK(j["result"]["checks"].is_null());       // interrupted before the checks were reported
  CHECK(::access(pidfile.c_str(), F_OK) != 0);  // the staging copy was stopped
}
