// The recovery objectives as the drill measures them, on a real PostgreSQL 15 + pgBackRest:
// the RPO as the data a restore lost (source's newest commit minus the copy's), the RTO judged
// on a fresh restore (measured, or estimated for a delta drill from the last fresh one), and
// the drill history in the state file.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"
#include "reos/process/runner.hpp"
#include "reos/util/text.hpp"
#include "support/fake_minio.hpp"

using nlohmann::json;
using reos::testing::Lab;
using reos::testing::Run;

namespace {

// Waits until the segment the source is writing now has been archived (pg_switch_wal first).
void archive_everything(Lab& lab) {
  const std::string seg = lab.sql("SELECT pg_walfile_name(pg_switch_wal())");
  for (int i = 0; i < 100; ++i) {
    if (lab.sql("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver") >= seg) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  FAIL("segment " << seg << " was not archived within 20 s");
}

}  // namespace

TEST_CASE("verify: the measured RPO under writes, idle and with archiving broken, and the fresh RTO behind a delta drill",
          "[pg][verify][objectives]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  lab.create_seed_tables("clock_timestamp()");
  lab.sql(
      "INSERT INTO properties SELECT FROM generate_series(1, 5000);"
      "INSERT INTO pipeline_state SELECT FROM generate_series(1, 30);");
  lab.sql("ALTER SYSTEM SET archive_timeout = 10");
  lab.sql("SELECT pg_reload_conf()");
  REQUIRE(lab.reos({"backup", "--stanza", "demo", "--type", "full"}).exit_code == 0);
  const std::string work = lab.dir() + "/work/drill";
  const std::vector<std::string> drill{"verify", "--stanza", "demo", "--work-dir", work, "--output=json"};
  const std::vector<std::string> pitr_plan{
      "restore-pitr", "--stanza", "demo", "--target-immediate", "--pg-path", lab.dir() + "/work/pitr", "--plan", "--output=json"};
  // No drill yet: the plan has nothing to predict from, and says so.
  Run none = lab.reos(pitr_plan);
  REQUIRE(none.exit_code == 0);
  CHECK(none.json()["result"]["prediction"]["predicted_ms"].is_null());
  CHECK(none.json()["result"]["prediction"]["basis"].get<std::string>().find("no fresh drill of repo1") == 0);

  // 1. Writes continue during the drill (a row every 200 ms for 25 s, each committed): what a
  // restore loses is what was not yet archived, at most archive_timeout (10 s) + the push.
  reos::process::ProcessResult writer;
  std::thread writes([&] {
    reos::process::Invocation inv;
    inv.program = std::string(REOS_SOURCE_DIR) + "/scripts/lab";
    inv.args = {"sql", lab.dir(),
                "DO $$ BEGIN FOR i IN 1..125 LOOP INSERT INTO properties DEFAULT VALUES; COMMIT; PERFORM pg_sleep(0.2); "
                "END LOOP; END $$"};
    inv.timeout = std::chrono::seconds(90);
    writer = reos::process::make_system_runner()->run(inv);
  });
  std::this_thread::sleep_for(std::chrono::seconds(3));
  Run busy = lab.reos(drill);
  writes.join();
  REQUIRE(writer.exit_code == 0);
  REQUIRE(busy.exit_code == 0);
  const json a = busy.json()["result"];
  const json& a_rpo = a["objectives"]["rpo"];
  INFO("busy drill: " << a.dump());
  REQUIRE(a_rpo["measured_loss_seconds"].is_number());
  CHECK(a_rpo["measured_loss_seconds"].get<double>() >= 0.0);
  // archive_timeout (10 s) + the async push; the margin is for a loaded 2-core machine (12.03 s seen).
  CHECK(a_rpo["measured_loss_seconds"].get<double>() <= 15.0);
  CHECK(a_rpo["basis"].get<std::string>().find("recency columns") != std::string::npos);  // track_commit_timestamp is off
  CHECK(a_rpo["worst_case_exposure_seconds"] == 10.5);
  CHECK(a["restore"]["kind"] == "fresh");  // the first drill: no copy yet
  CHECK(a["objectives"]["rto"]["kind"] == "measured");
  CHECK(a["objectives"]["rto"]["judged_ms"] == a["objectives"]["rto"]["measured_ms"]);

  // 2. An idle source whose WAL is all archived loses nothing, whatever archive_timeout says.
  // This drill re-checks the copy (delta); its RTO is a fresh restore estimated from drill 1.
  archive_everything(lab);
  Run idle = lab.reos(drill);
  REQUIRE(idle.exit_code == 0);
  const json b = idle.json()["result"];
  INFO("idle drill: " << b.dump());
  CHECK(b["objectives"]["rpo"]["measured_loss_seconds"].get<double>() <= 1.0);
  CHECK(b["restore"]["kind"] == "delta");
  const json& rto = b["objectives"]["rto"];
  REQUIRE(rto["kind"] == "fresh_estimate");
  const double per_byte = a["timings"]["restore_ms"].get<double>() / a["backup"]["size_bytes"].get<double>();
  CHECK(rto["estimated_restore_ms"] == std::llround(per_byte * b["backup"]["size_bytes"].get<double>()));
  CHECK(rto["judged_ms"] == rto["estimated_restore_ms"].get<long long>() + b["timings"]["start_ms"].get<long long>() +
                                b["timings"]["replay_ms"].get<long long>() + b["timings"]["checks_ms"].get<long long>());
  CHECK(rto["judged_ms"] != rto["measured_ms"]);  // not its own delta time
  CHECK(rto["estimated_from"]["restore_ms"] == a["timings"]["restore_ms"]);

  // 3. Archiving broken, rows committed: everything after the last archived row is lost, from
  // that row to the newest (exactly: the two rows' own timestamps), and an RPO objective below
  // it is breached (11). --fresh empties the old copy first (a file left in it is gone).
  auto insert = [&] {
    return std::stod(lab.sql("INSERT INTO properties DEFAULT VALUES RETURNING extract(epoch FROM created_at)"));
  };
  const double kept = insert();
  archive_everything(lab);
  lab.sql("ALTER SYSTEM SET archive_command = '/bin/false'");
  lab.sql("SELECT pg_reload_conf()");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  insert();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const double newest = insert();
  REQUIRE(lab.as_postgres({"touch", work + "/demo/data/left-by-an-old-drill"}).exit_code == 0);
  std::vector<std::string> broken_drill = drill;
  broken_drill.insert(broken_drill.end(), {"--fresh", "--objective-rpo=2s"});
  Run broken = lab.reos(broken_drill);
  lab.sql("ALTER SYSTEM RESET archive_command");
  lab.sql("SELECT pg_reload_conf()");
  CHECK(broken.exit_code == 11);
  const json c = broken.json();
  INFO("broken drill: " << c.dump());
  CHECK(c["error"]["code"] == "objective_breached");
  CHECK(c["error"]["message"].get<std::string>().find("a restore now loses") != std::string::npos);
  const double loss = c["result"]["objectives"]["rpo"]["measured_loss_seconds"].get<double>();
  CHECK(loss == Approx(newest - kept).margin(0.001));
  CHECK(loss > 4.0);
  CHECK(c["result"]["restore"]["kind"] == "fresh");
  CHECK(c["result"]["restore"]["why"] == "--fresh");
  CHECK(lab.as_postgres({"test", "-e", work + "/demo/data/left-by-an-old-drill"}).exit_code != 0);

  // The history holds the three drills in order; metrics reads repo1's newest (the fresh one).
  const json state = json::parse(lab.as_postgres({"cat", lab.dir() + "/work/state.json"}).out);
  const json& h = state["stanzas"]["demo"]["verify"]["history"];
  REQUIRE(h.size() == 3);
  CHECK(h[0]["restore"] == "fresh");
  CHECK(h[1]["restore"] == "delta");
  CHECK(h[1]["rto_kind"] == "fresh_estimate");
  CHECK(h[2]["restore"] == "fresh");
  CHECK(h[2]["exit_code"] == 11);
  CHECK(h[2]["measured_loss_seconds"] == loss);
  CHECK(h[2]["repo"] == 1);
  Run metrics = lab.reos({"metrics", "--stanza", "demo"});
  CHECK(metrics.out.find("reos_verify_rto_seconds{kind=\"measured\",repo=\"1\",stanza=\"demo\"} ") != std::string::npos);
  CHECK(metrics.out.find("reos_verify_rpo_loss_seconds{repo=\"1\",stanza=\"demo\"} ") != std::string::npos);
  CHECK(metrics.out.find("reos_verify_rpo_objective_seconds{stanza=\"demo\"} 2\n") != std::string::npos);

  // With a history, restore-pitr --plan predicts from the newest fresh drill (drill 3).
  Run plan = lab.reos(pitr_plan);
  REQUIRE(plan.exit_code == 0);
  const json p = plan.json()["result"]["prediction"];
  INFO("prediction: " << p.dump());
  REQUIRE(p["predicted_ms"].is_number());
  CHECK(p["predicted_ms"] == p["restore_ms"].get<long long>() + p["start_ms"].get<long long>() + p["replay_ms"].get<long long>());
  CHECK(p["from_drill"]["epoch"] == h[2]["last_epoch"]);
  CHECK(p["wal_segments_at_most"].get<long long>() >= 1);  // the rows written since the backup
  CHECK(p["bytes_to_restore"] == plan.json()["result"]["backup"]["size_bytes"]);
  CHECK(h[2]["wal_segments"].get<long long>() >= 1);
  Run text =
      lab.reos({"restore-pitr", "--stanza", "demo", "--target-immediate", "--pg-path", lab.dir() + "/work/pitr", "--plan"});
  CHECK(text.out.find("predicted duration: ") != std::string::npos);
}

TEST_CASE("verify --report-upload: the report lands in the bucket through mc (stand-in), and a failed upload keeps the verdict",
          "[pg][verify][minio]") {
  if (!reos::testing::lab_programs_available()) return;
  namespace fs = std::filesystem;
  Lab lab;
  reos::testing::MinioLab minio;
  auto env = minio.env();
  // The drill runs as postgres, which may not enter the build tree: the stand-in and its state
  // go where it can read and write them.
  const std::string mc = minio.dir() + "/mc";
  fs::copy_file(REOS_FAKE_MC, mc);
  fs::permissions(minio.dir(), fs::perms::all);
  for (const auto& e : fs::recursive_directory_iterator(minio.dir())) fs::permissions(e.path(), fs::perms::all);
  env["REOS_MC_BIN"] = mc;
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}, env).exit_code == 0);
  REQUIRE(lab.reos({"backup", "--stanza", "demo", "--type", "full"}, env).exit_code == 0);
  const std::string report = lab.dir() + "/work/report.json";
  const std::vector<std::string> drill{"verify",
                                       "--stanza",
                                       "demo",
                                       "--work-dir",
                                       lab.dir() + "/work/drill",
                                       "--report",
                                       report,
                                       "--report-upload",
                                       "myminio/backup/backup-verification",
                                       "--no-default-checks",
                                       "--checks",
                                       lab.dir() + "/work/checks.json",
                                       "--output=json"};
  REQUIRE(lab.as_postgres(
                 {"sh", "-c", "printf '%s' '[{\"name\": \"one\", \"sql\": \"SELECT 1\", \"equals\": \"1\"}]' > work/checks.json"})
              .exit_code == 0);

  Run ok = lab.reos(drill, env);
  REQUIRE(ok.exit_code == 0);
  const json up = ok.json()["result"]["report_upload"];
  REQUIRE(up["ok"] == true);
  const std::string object = up["object"].get<std::string>();
  const std::string key = object.substr(std::string("myminio/backup/").size());
  CHECK(key.rfind("backup-verification/demo-", 0) == 0);
  const json objects = minio.server("127.0.0.1:9000")["buckets"]["backup"]["objects"];
  REQUIRE(objects.contains(key));
  CHECK(objects[key].get<long long>() == static_cast<long long>(fs::file_size(report)));  // the report, whole
  for (const auto& text : {ok.out, ok.err, minio.cmdlines()})
    CHECK(text.find(reos::testing::kMyminioSecret) == std::string::npos);

  // The bucket is full: the drill still passes (its verdict is the restore's), with a warning.
  env["FAKE_MC_FAULT"] = "storage-full";
  env["FAKE_MC_FAULT_OP"] = "mirror";
  std::this_thread::sleep_for(std::chrono::seconds(1));  // a new drill time, a new object name
  Run full = lab.reos(drill, env);
  CHECK(full.exit_code == 0);
  const json r = full.json()["result"];
  CHECK(r["report_upload"]["ok"] == false);
  CHECK(r["report_upload"]["error"].get<std::string>().find("minimum free drive threshold") != std::string::npos);
  REQUIRE(r["warnings"].size() == 1);
  CHECK(r["warnings"][0].get<std::string>().find("drill report not uploaded to myminio/backup/backup-verification/demo-") == 0);
  CHECK(full.err.find("drill report not uploaded") != std::string::npos);
}
