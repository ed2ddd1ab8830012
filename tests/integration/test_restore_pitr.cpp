// restore-pitr against a real PostgreSQL 15 + pgBackRest: every target kind restores exactly
// what it should, zones are honoured, and the safety rules hold.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"
#include "reos/util/timestamp.hpp"

using reos::testing::Lab;
using reos::testing::Run;

namespace {

void insert_properties(Lab& lab, int n) {
  lab.sql("INSERT INTO properties SELECT FROM generate_series(1, " + std::to_string(n) + ")");
}

// Closes the current WAL segment and waits until the archiver has it: a PITR target needs a
// commit after it in the archive.
void archive_now(Lab& lab) {
  std::string seg = lab.sql("SELECT pg_walfile_name(pg_switch_wal())");
  for (int i = 0; i < 100; ++i) {
    if (lab.sql("SELECT coalesce(last_archived_wal, '') >= '" + seg + "' FROM pg_stat_archiver") == "t") return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("WAL segment " << seg << " was not archived within 10 s");
}

std::string now_utc(Lab& lab) {
  return lab.sql("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
}

// Restores with `target_args` into a fresh directory, starts the copy, returns its row count.
long long restored_rows(Lab& lab, const std::string& name, std::vector<std::string> target_args) {
  const std::string dir = lab.dir() + "/work/" + name;
  std::vector<std::string> args{"restore-pitr",    "--stanza", "demo",    "--pg-path",    dir,
                                "--target-action", "promote",  "--start", "--output=json"};
  args.insert(args.end(), target_args.begin(), target_args.end());
  Run r = lab.reos(args);
  REQUIRE(r.exit_code == 0);
  auto j = r.json()["result"];
  CHECK(j["archive_mode_off"] == true);
  CHECK(j["started"]["state"] == "promoted");
  CHECK(j["pg_bin_dir"]["path"] == "/usr/lib/postgresql/15/bin");  // the backup's version: no --pg-bin-dir
  const int port = j["started"]["port"];
  Run count = lab.as_postgres({"/usr/lib/postgresql/15/bin/psql", "-X", "-At", "-h", dir + ".reos/run", "-p",
                               std::to_string(port), "-d", "postgres", "-c", "SELECT count(*) FROM properties"});
  lab.as_postgres({"/usr/lib/postgresql/15/bin/pg_ctl", "stop", "-D", dir, "-m", "immediate", "-w"});
  REQUIRE(count.exit_code == 0);
  return std::stoll(count.out);
}

}  // namespace

TEST_CASE("restore-pitr: time (Z and +05:30), LSN, xid, name and immediate targets restore exactly what they should",
          "[pg][pitr]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  lab.create_seed_tables();
  insert_properties(lab, 100);
  REQUIRE(lab.reos({"backup", "--stanza", "demo", "--type", "full"}).exit_code == 0);

  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const std::string t = now_utc(lab);
  const std::string lsn = lab.sql("SELECT pg_current_wal_lsn()");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  // batch 2: after T, in one transaction whose id --target-xid uses
  const std::string xid = lab.sql(
      "WITH ins AS (INSERT INTO properties SELECT FROM generate_series(1, 50) RETURNING 1) "
      "SELECT pg_current_xact_id() FROM (SELECT count(*) FROM ins) c");
  lab.sql("SELECT pg_create_restore_point('before_batch3')");
  insert_properties(lab, 25);  // batch 3: after the restore point
  archive_now(lab);

  SECTION("the same instant as Z and as +05:30 restores the rows committed before it") {
    CHECK(restored_rows(lab, "t_utc", {"--target-time", t}) == 100);
    auto zt = reos::util::parse_zoned_time(t);
    REQUIRE(zt);
    std::string ist = reos::util::format_epoch_us(zt->epoch_us + 19800LL * 1'000'000);
    ist.back() == 'Z' ? ist.pop_back() : void();
    ist += "+05:30";
    Run plan = lab.reos({"restore-pitr", "--stanza", "demo", "--pg-path", lab.dir() + "/work/t_ist", "--target-time", ist,
                         "--plan", "--output=json"});
    REQUIRE(plan.exit_code == 0);
    CHECK(plan.json()["result"]["target"]["utc"] == zt->utc_rfc3339);
    CHECK(plan.json()["result"]["target"]["input"] == ist);
    CHECK(restored_rows(lab, "t_ist", {"--target-time", ist}) == 100);
  }
  SECTION("a naive time is refused with a hint and nothing is written") {
    std::string naive = t.substr(0, 19);  // "2026-11-24T10:15:00"
    Run r = lab.reos(
        {"restore-pitr", "--stanza", "demo", "--pg-path", lab.dir() + "/work/naive", "--target-time", naive, "--output=json"});
    CHECK(r.exit_code == 2);
    CHECK(r.json()["error"]["message"].get<std::string>().find("has no time zone") != std::string::npos);
    struct stat st {};
    CHECK(::stat((lab.dir() + "/work/naive").c_str(), &st) != 0);
  }
  SECTION("--target-lsn") { CHECK(restored_rows(lab, "lsn", {"--target-lsn", lsn}) == 100); }
  SECTION("--target-name of a restore point") { CHECK(restored_rows(lab, "name", {"--target-name", "before_batch3"}) == 150); }
  SECTION("--target-xid includes that transaction; with --target-exclusive it stops just before it") {
    CHECK(restored_rows(lab, "xid", {"--target-xid", xid}) == 150);
    CHECK(restored_rows(lab, "xid_exclusive", {"--target-xid", xid, "--target-exclusive"}) == 100);
  }
  SECTION("--target-immediate stops at the end of the backup") {
    CHECK(restored_rows(lab, "immediate", {"--target-immediate"}) == 100);
  }
}

TEST_CASE("restore-pitr refuses the running primary's directory, and --plan writes nothing", "[pg][pitr]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;
  // Every run below is audited and counted or not by the same rules: a refused restore is,
  // --plan is not. (scripts/lab run keeps the audit log and the state file in the lab.)
  auto audit_lines = [&] {
    const std::string text = lab.as_postgres({"cat", lab.dir() + "/work/audit.jsonl"}).out;
    return std::count(text.begin(), text.end(), '\n');
  };
  auto restores = [&] {
    return nlohmann::json::parse(lab.as_postgres({"cat", lab.dir() + "/work/state.json"}).out)["stanzas"]["demo"]["restore"];
  };
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  REQUIRE(lab.reos({"backup", "--stanza", "demo", "--type", "full"}).exit_code == 0);
  const auto audited_before = audit_lines();  // stanza-create and backup

  // Into the running primary (pg1-path): refused before pgBackRest runs; the primary lives on.
  Run r = lab.reos({"restore-pitr", "--stanza", "demo", "--target-immediate", "--delta", "--output=json"});
  CHECK(r.exit_code == 8);
  CHECK(audit_lines() == audited_before + 1);
  CHECK(restores()["failure_total"] == 1);
  CHECK(restores()["last_error"] == "refused");
  CHECK(r.json()["error"]["message"].get<std::string>().find("is running") != std::string::npos);
  CHECK(r.json()["invocations"].empty());
  CHECK(lab.sql("SELECT 1") == "1");

  // --plan: an empty target directory stays empty, and the plan names the set and the call.
  const std::string empty = lab.dir() + "/work/empty";
  REQUIRE(lab.as_postgres({"mkdir", empty}).exit_code == 0);
  Run plan = lab.reos({"restore-pitr", "--stanza", "demo", "--pg-path", empty, "--target-immediate", "--plan", "--output=json"});
  REQUIRE(plan.exit_code == 0);
  CHECK(audit_lines() == audited_before + 1);
  CHECK(restores()["failure_total"] == 1);
  CHECK_FALSE(restores().contains("success_total"));
  auto p = plan.json()["result"];
  CHECK(p["planned_only"] == true);
  CHECK(p["bytes_to_restore"].get<std::uint64_t>() > 1'000'000);
  CHECK(p["restore_argv"].dump().find("--type=immediate") != std::string::npos);
  CHECK(lab.as_postgres({"find", empty, "-mindepth", "1"}).out.empty());

  // Outside the window: before the oldest backup's end, and after the end of archived WAL.
  Run early = lab.reos({"restore-pitr", "--stanza", "demo", "--pg-path", empty, "--target-time", "2001-01-01T00:00:00Z", "--plan",
                        "--output=json"});
  CHECK(early.exit_code == 8);
  CHECK(early.json()["error"]["message"].get<std::string>().find("recoverable window") != std::string::npos);
  Run late = lab.reos({"restore-pitr", "--stanza", "demo", "--pg-path", empty, "--target-time", "2099-01-01T00:00:00+02:00",
                       "--plan", "--output=json"});
  CHECK(late.exit_code == 8);
  CHECK(late.json()["error"]["message"].get<std::string>().find("after the end of archived WAL") != std::string::npos);

  // A non-empty directory needs --delta or --force.
  REQUIRE(lab.as_postgres({"touch", empty + "/stray"}).exit_code == 0);
  Run nonempty = lab.reos({"restore-pitr", "--stanza", "demo", "--pg-path", empty, "--target-immediate", "--output=json"});
  CHECK(nonempty.exit_code == 8);
  CHECK(nonempty.json()["error"]["hint"].get<std::string>().find("--delta") != std::string::npos);

  // pgBackRest's configuration as a host keeps it (issue 12 item 4): PGBACKREST_CONFIG_PATH names
  // a directory whose pgbackrest.conf holds [global] only; the stanza is defined in its conf.d,
  // with a [demo:restore] section. No --pgbackrest-config: reos-backup and pgBackRest find the
  // same files by themselves.
  const std::string copy = lab.dir() + "/work/from-conf-d";
  const std::map<std::string, std::string> env{
      {"PGBACKREST_CONFIG_PATH", lab.split_config("\n[demo:restore]\npg1-path=" + copy + "\n")}};
  // The backup does not see [demo:restore]: pgBackRest backs up the running cluster.
  Run incr = lab.reos_without_config_flag({"backup", "--stanza", "demo", "--type", "incr", "--output=json"}, env);
  CHECK(incr.exit_code == 0);
  CHECK(incr.json()["invocations"].dump().find("--config") == std::string::npos);
  // The restore does: no --pg-path, and it restores into that section's pg1-path; the window's
  // end is read from the source at the stanza's pg1-port and socket, which only conf.d names.
  Run restored = lab.reos_without_config_flag({"restore-pitr", "--stanza", "demo", "--target-immediate", "--output=json"}, env);
  REQUIRE(restored.exit_code == 0);
  CHECK(restored.json()["result"]["pg_path"] == copy);
  CHECK(restored.json()["result"]["archive_mode_off"] == true);
  CHECK(restored.json()["result"]["window"]["end_source"] == "pg_stat_archiver.last_archived_time of the source");
  CHECK(restored.json()["result"]["backup"]["label"] == incr.json()["result"]["label"]);
  CHECK(lab.as_postgres({"test", "-f", copy + "/PG_VERSION"}).exit_code == 0);
  CHECK(lab.sql("SELECT 1") == "1");  // production untouched
}
