// The disaster of the seed's plan, end to end: the primary and repo1 (its local disk) are gone,
// repo2 on S3 is all there is. restore-pitr --repo 2 must bring back exactly the rows at T and
// verify --repo 2 must pass (secrets from REOS_*, and again with only PGBACKREST_*), with no secret in any argv,
// output, audit log or state file.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"
#include "reos/util/text.hpp"

using reos::testing::CmdlineSampler;
using reos::testing::Lab;
using reos::testing::Run;
using reos::testing::SeedSecrets;
using reos::testing::slurp;
using reos::testing::Stopwatch;

namespace {

// The archive-get calls naming repo2 that the pgbackrest spy recorded (the copies' replay).
std::size_t repo2_archive_gets(const Lab& lab) {
  std::size_t n = 0;
  for (const auto& line : reos::util::split_lines(slurp(lab.dir() + "/work/spy-cmdline.txt")))
    if (line.find(" archive-get ") != std::string::npos && line.find("--repo=2") != std::string::npos) ++n;
  return n;
}

const char* kCounts =
    "SELECT (SELECT count(*) FROM properties) || ' ' || (SELECT count(*) FROM pipeline_state) || ' ' || "
    "(SELECT count(*) FROM timeline_entries) || ' ' || (SELECT count(*) FROM action_packets)";

}  // namespace

TEST_CASE(
    "disaster: primary and repo1 gone, restore-pitr --repo 2 --target-time T brings back exactly the rows at T, "
    "verify --repo 2 passes with secrets from REOS_* and with secrets only from PGBACKREST_*, and no secret shows "
    "anywhere",
    "[pg][s3][disaster]") {
  if (!reos::testing::s3_programs_available()) return;
  const SeedSecrets secrets;
  Lab lab(reos::testing::seed_layout_args(), secrets.lab_env());
  const std::string spy = lab.pgbackrest_spy();  // records every pgBackRest argv, archive-get of the copies included
  CmdlineSampler sampler;                        // every process's /proc/<pid>/cmdline while the test runs
  std::vector<Run> runs;
  Stopwatch sw, total;
  auto step = [&](const std::string& name, std::vector<std::string> args, const std::map<std::string, std::string>& env) {
    args.push_back("--pgbackrest-bin=" + spy);
    args.push_back("--output=json");
    sw.lap();
    Run r = lab.reos(args, env);
    std::cout << "[disaster] " << name << ": " << sw.lap() << " s, exit " << r.exit_code << "\n";
    CHECK_NOTHROW(r.json());  // exactly one JSON document, also on failure
    runs.push_back(r);
    return r;
  };
  // Secrets only as REOS_* (as README documents) for most steps; the restore takes them from a
  // 0600 reos-backup config file instead (item 6: either way they reach the copy's archive-get).
  const auto env = secrets.reos_env();
  const std::string conf = lab.dir() + "/work/reos-secrets.conf";
  {
    std::ofstream f(conf);
    f << "[global]\nrepo1-cipher-pass = " << secrets.repo1_pass << "\nrepo2-cipher-pass = " << secrets.repo2_pass
      << "\nrepo2-s3-key = " << secrets.s3_key << "\nrepo2-s3-key-secret = " << secrets.s3_secret << "\n";
  }
  REQUIRE(reos::testing::run_program("/bin/chown", {"postgres:postgres", conf}).exit_code == 0);
  REQUIRE(::chmod(conf.c_str(), 0600) == 0);

  REQUIRE(step("stanza-create", {"stanza-create", "--stanza", "demo"}, env).exit_code == 0);
  lab.create_seed_tables();
  lab.sql(
      "INSERT INTO properties SELECT FROM generate_series(1, 120);"
      "INSERT INTO pipeline_state SELECT FROM generate_series(1, 30);"
      "INSERT INTO timeline_entries SELECT FROM generate_series(1, 7);");
  REQUIRE(step("full backup to repo1", {"backup", "--stanza", "demo", "--type", "full", "--repo", "1"}, env).exit_code == 0);
  REQUIRE(step("full backup to repo2", {"backup", "--stanza", "demo", "--type", "full", "--repo", "2"}, env).exit_code == 0);

  // Rows written, T noted (a whole second after their commit), more rows a second later.
  lab.sql(
      "INSERT INTO properties SELECT FROM generate_series(1, 40); INSERT INTO action_packets SELECT FROM generate_series(1, 5)");
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  const std::string T =
      lab.sql("SELECT to_char(date_trunc('second', now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
  const std::string at_T = lab.sql(kCounts);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  lab.sql(
      "INSERT INTO properties SELECT FROM generate_series(1, 500); INSERT INTO pipeline_state SELECT FROM generate_series(1, 9)");
  const std::string after_T = lab.sql(kCounts);
  REQUIRE(at_T != after_T);
  const std::string last_wal = lab.sql("SELECT pg_walfile_name(pg_current_wal_lsn())");
  lab.sql("SELECT pg_switch_wal()");
  // WAL archived: PostgreSQL's archiver is past the segment with the rows after T, and repo2
  // holds it.
  sw.lap();
  std::string archiver;
  for (int i = 0; i < 120; ++i) {
    archiver =
        lab.sql("SELECT coalesce(last_archived_wal, '') || ' failed ' || coalesce(last_failed_wal, '-') FROM pg_stat_archiver");
    if (archiver.substr(0, 24) >= last_wal) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  Run info = lab.reos({"info", "--stanza", "demo", "--repo", "2", "--output=json"}, env);
  std::string repo2_max;
  const auto ij = info.json();  // named: a range-for over a temporary's member would dangle
  for (const auto& r : ij["result"]["stanzas"][0]["repos"])
    if (r["key"] == 2 && r["wal_archive"].is_object() && r["wal_archive"]["max"].is_string())
      repo2_max = r["wal_archive"]["max"].get<std::string>();
  std::cout << "[disaster] WAL up to " << last_wal << " archived (repo2 holds up to " << repo2_max << "): " << sw.lap() << " s\n";
  INFO("pg_stat_archiver: " << archiver);
  REQUIRE(repo2_max >= last_wal);

  // The disaster: the primary stops, repo1 (the host's disk) is deleted.
  lab.stop_postgres();
  REQUIRE(lab.as_postgres({"rm", "-rf", lab.dir() + "/repo"}).exit_code == 0);
  REQUIRE_FALSE(std::filesystem::exists(lab.dir() + "/repo"));

  const std::string target = lab.dir() + "/work/restored";
  Run pitr = step("restore-pitr --repo 2 --target-time " + T + " --start",
                  {"restore-pitr", "--stanza", "demo", "--repo", "2", "--target-time", T, "--pg-path", target, "--target-action",
                   "promote", "--start", "--config", conf},
                  {});
  REQUIRE(pitr.exit_code == 0);
  const auto pj = pitr.json()["result"];
  CHECK(pj["restored_from"]["repo"] == 2);
  CHECK(pj["backup"]["repo"] == 2);
  CHECK(pj["started"]["state"] == "promoted");
  const std::string psql = "/usr/lib/postgresql/15/bin/psql";
  Run rows = lab.as_postgres({psql, "-X", "-At", "-h", pj["started"]["socket_dir"].get<std::string>(), "-p",
                              std::to_string(pj["started"]["port"].get<int>()), "-d", "postgres", "-c", kCounts});
  REQUIRE(rows.exit_code == 0);
  CHECK(reos::util::trim(rows.out) == at_T);  // exactly the rows at T: not those before, not those after
  const std::string auto_conf = slurp(target + "/postgresql.auto.conf");
  CHECK(auto_conf.find("--repo=2") != std::string::npos);  // WAL replay named repo2 too
  REQUIRE(lab.as_postgres({"/usr/lib/postgresql/15/bin/pg_ctl", "stop", "-D", target, "-m", "fast", "-w"}).exit_code == 0);

  // A passing drill from repo2 alone, whose copy fetched WAL with archive-get from repo2.
  auto drill_repo2 = [&](const std::string& name, const std::map<std::string, std::string>& secrets_env) {
    const std::size_t gets_before = repo2_archive_gets(lab);
    Run drill = step(name, {"verify", "--stanza", "demo", "--repo", "2", "--work-dir", lab.dir() + "/work/drill"}, secrets_env);
    CHECK(drill.exit_code == 0);
    const auto dj = drill.json()["result"];
    CHECK(dj["restored_from"]["repo"] == 2);
    CHECK(dj["repository"]["ok"] == true);
    CHECK(dj["staging_stopped"] == true);
    for (const auto& c : dj["checks"]) CHECK(c["ok"] == true);
    CHECK(repo2_archive_gets(lab) > gets_before);
  };
  drill_repo2("verify --repo 2", env);
  // Item 6 with the secrets ONLY as pgBackRest's own PGBACKREST_* variables (no REOS_*, no
  // config file): inherited, they reach the copy's postmaster and so its archive-get too. A
  // delta drill on the same copy: the restore and the replay run again all the same.
  drill_repo2("verify --repo 2, secrets only PGBACKREST_*", secrets.pgbackrest_env());
  std::cout << "[disaster] whole scenario: " << total.lap() << " s\n";

  // Where a secret could show: every argv seen (the spy's log of pgBackRest calls, the /proc
  // sampler's of every process), every output, the audit log, the state file, the copy's
  // configuration.
  sampler.stop();
  const std::string spied = slurp(lab.dir() + "/work/spy-cmdline.txt");
  CHECK(spied.find("archive-get") != std::string::npos);  // the copies' archive-get did go through the spy
  CHECK(spied.find("--repo=2") != std::string::npos);
  std::string everything = spied + auto_conf + slurp(lab.dir() + "/work/audit.jsonl") + slurp(lab.dir() + "/work/state.json");
  // This lab's processes (their argv names its directory): other tests may run beside this one.
  std::size_t mine = 0;
  for (const auto& c : sampler.seen())
    if (c.find(lab.dir()) != std::string::npos) everything += c + "\n", ++mine;
  for (const auto& r : runs) everything += r.out + r.err;
  CHECK(mine > 20);
  CHECK(slurp(lab.dir() + "/work/audit.jsonl").find("restore-pitr") != std::string::npos);
  for (const auto& s : secrets.all()) {
    INFO("secret " << s.substr(0, 3) << "...");
    CHECK(everything.find(s) == std::string::npos);
  }
}
