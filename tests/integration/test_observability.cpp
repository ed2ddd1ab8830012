// Observability on a real PostgreSQL 15 + pgBackRest 2.45: the state file's counters, the
// metrics exposition (ages, archive failures), check's findings, and the audit log under
// concurrent runs.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "integration/lab.hpp"
#include "reos/util/time.hpp"
#include "support/fake_minio.hpp"
#include "support/helpers.hpp"

using nlohmann::json;
using reos::testing::Lab;
using reos::testing::read_file;
using reos::testing::Run;

namespace {

// The value of the one sample `series` (name{labels}) in an exposition; -1 when absent.
double sample(const std::string& exposition, const std::string& series) {
  std::istringstream in(exposition);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  return -1;
}

std::string severity(const json& findings, const std::string& id) {
  for (const auto& f : findings)
    if (f["id"] == id) return f["severity"];
  return "missing";
}

}  // namespace

TEST_CASE("metrics: counters rise with backups, ages match info, archive failures are counted", "[pg][metrics]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;
  const std::string state = lab.dir() + "/work/state.json";
  const std::string audit = lab.dir() + "/work/audit.jsonl";
  // Through the environment: only the commands that have the option read it.
  const std::map<std::string, std::string> obs{{"REOS_STATE_FILE", state}, {"REOS_AUDIT_LOG", audit}};
  auto reos = [&](std::vector<std::string> args) { return lab.reos(args, obs); };
  auto metrics = [&] {
    Run m = reos({"metrics", "--stanza", "demo"});
    REQUIRE(m.exit_code == 0);
    return m.out;
  };
  REQUIRE(reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  const auto before = metrics();
  CHECK(sample(before, "pgbackrest_backup_success_total{stanza=\"demo\",type=\"full\"}") == 0);

  REQUIRE(reos({"backup", "--stanza", "demo", "--type", "full"}).exit_code == 0);
  const auto after = metrics();
  CHECK(sample(after, "pgbackrest_backup_success_total{stanza=\"demo\",type=\"full\"}") == 1);
  CHECK(sample(after, "pgbackrest_backup_failure_total{stanza=\"demo\",type=\"full\"}") == 0);
  CHECK(sample(after, "reos_postgres_up{stanza=\"demo\"}") == 1);
  CHECK(sample(after, "pgbackrest_archive_ready_files{stanza=\"demo\"}") >= 0);
  CHECK(sample(after, "reos_backup_info{pgbackrest_version=\"2.45\",version=\"" REOS_VERSION_FOR_TESTS "\"}") == 1);

  // The age in metrics is info's age (same formula, a few seconds apart).
  Run info = reos({"info", "--stanza", "demo", "--output=json"});
  REQUIRE(info.exit_code == 0);
  const double info_age = info.json()["result"]["stanzas"][0]["newest"]["full"]["age_seconds"].get<double>();
  const double metric_age = sample(metrics(), "pgbackrest_last_full_backup_age_seconds{repo=\"1\",stanza=\"demo\"}");
  CHECK(metric_age >= info_age);
  CHECK(metric_age <= info_age + 10);

  // A forced failure: PostgreSQL stopped, the backup fails, the failure counter rises.
  lab.stop_postgres();
  CHECK(reos({"backup", "--stanza", "demo", "--type", "incr"}).exit_code == 5);
  const auto down = metrics();
  CHECK(sample(down, "pgbackrest_backup_failure_total{stanza=\"demo\",type=\"incr\"}") == 1);
  CHECK(sample(down, "pgbackrest_backup_success_total{stanza=\"demo\",type=\"full\"}") == 1);
  CHECK(sample(down, "reos_postgres_up{stanza=\"demo\"}") == 0);
  lab.start_postgres();

  // archive_command fails: pg_stat_archiver.failed_count reaches the metric.
  lab.sql("ALTER SYSTEM SET archive_command = 'false'");
  lab.sql("SELECT pg_reload_conf()");
  lab.sql("CREATE TABLE t AS SELECT generate_series(1, 1000) AS i");
  lab.sql("SELECT pg_switch_wal()");
  double failures = 0;
  std::string failing;
  for (int i = 0; i < 30 && failures < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    failing = metrics();
    failures = sample(failing, "pgbackrest_archive_push_failure_total{stanza=\"demo\"}");
  }
  CHECK(failures >= 1);
  CHECK(sample(failing, "pgbackrest_archive_failing{stanza=\"demo\"}") == 1);
  CHECK(sample(failing, "pgbackrest_archive_ready_files{stanza=\"demo\"}") >= 1);

  // The changing runs were audited (stanza-create, two backups), the read-only ones not.
  Run verify = reos({"audit", "verify", "--output=json"});
  CHECK(verify.exit_code == 0);
  CHECK(verify.json()["result"]["lines"] == 3);
  const auto first = json::parse(read_file(audit).substr(0, read_file(audit).find('\n')));
  CHECK(first["command"] == "stanza-create");
  CHECK(first["target"]["stanza"] == "demo");
  CHECK(first["ok"] == true);
  CHECK(first["who"]["user"] == "postgres");
}

TEST_CASE("metrics: MinIO versioning, replication lag, an offline target and an unreachable deployment via the mc stand-in",
          "[pg][metrics][minio]") {
  if (!reos::testing::lab_programs_available()) return;
  using reos::testing::MinioLab;
  Lab lab;
  MinioLab minio;
  auto env = minio.env();
  // Replication set up the way operators do it (as root here: the mc commands allow it).
  REQUIRE(reos::testing::run_reos({"minio-version", "enable", "--alias", "myminio", "--bucket", "data"}, env).exit_code == 0);
  REQUIRE(reos::testing::run_reos({"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr",
                                   "--remote-bucket", "data-backup"},
                                  env)
              .exit_code == 0);
  // 3 objects (6 KiB) queued, draining at 2 KiB/s: lag = 2 ms latency + 3 s.
  auto data = minio.server("127.0.0.1:9000")["buckets"]["data"];
  data["queued_count"] = 3;
  data["queued_bytes"] = 6144;
  data["avg_rate"] = 2048;
  minio.bucket("127.0.0.1:9000", "data", data);
  // metrics runs as postgres, which may not enter the build tree: the stand-in and its state
  // go where it can read and write them.
  const std::string mc = minio.dir() + "/mc";
  std::filesystem::copy_file(REOS_FAKE_MC, mc);
  namespace fs = std::filesystem;
  fs::permissions(minio.dir(), fs::perms::all);
  for (const auto& e : fs::recursive_directory_iterator(minio.dir())) fs::permissions(e.path(), fs::perms::all);
  env["REOS_MC_BIN"] = mc;
  env["REOS_STATE_FILE"] = lab.dir() + "/work/state.json";
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}, env).exit_code == 0);
  auto metrics = [&] {
    Run m = lab.reos({"metrics", "--stanza", "demo", "--alias", "myminio", "--bucket", "data", "--bucket", "backup", "--bucket",
                      "nosuch", "--log-level", "info"},
                     env);
    REQUIRE(m.exit_code == 0);
    return m;
  };
  const std::string data_l = "alias=\"myminio\",bucket=\"data\"";
  const std::string target_l = data_l + ",target=\"127.0.0.1:9100/data-backup\"";

  Run m = metrics();
  CHECK(sample(m.out, "minio_bucket_versioning_enabled{" + data_l + "}") == 1);
  CHECK(sample(m.out, "minio_bucket_replication_configured{" + data_l + "}") == 1);
  CHECK(sample(m.out, "minio_bucket_replication_target_online{" + target_l + "}") == 1);
  CHECK(sample(m.out, "minio_bucket_replication_lag_seconds{" + target_l + "}") == Approx(3.002));
  CHECK(sample(m.out, "minio_bucket_replication_queued_objects{" + data_l + "}") == 3);
  CHECK(sample(m.out, "reos_minio_up{" + data_l + "}") == 1);
  // A versioned bucket without replication; a bucket the server does not have.
  CHECK(sample(m.out, "minio_bucket_versioning_enabled{alias=\"myminio\",bucket=\"backup\"}") == 1);
  CHECK(sample(m.out, "minio_bucket_replication_configured{alias=\"myminio\",bucket=\"backup\"}") == 0);
  CHECK(sample(m.out, "reos_minio_up{alias=\"myminio\",bucket=\"nosuch\"}") == 0);
  CHECK(m.out.find("minio_bucket_versioning_enabled{alias=\"myminio\",bucket=\"nosuch\"}") == std::string::npos);
  CHECK(m.err.find("not measured: myminio/nosuch: versioning") != std::string::npos);
  CHECK(m.out.find(reos::testing::kMyminioSecret) == std::string::npos);
  CHECK(m.err.find(reos::testing::kMyminioSecret) == std::string::npos);
  // The PostgreSQL side is unaffected by the MinIO part.
  CHECK(sample(m.out, "pgbackrest_backup_success_total{stanza=\"demo\",type=\"full\"}") == 0);

  // The DR site goes away; MinIO last saw it ten minutes ago: the lag is those ten minutes.
  std::filesystem::remove(minio.state_dir() + "/" + MinioLab::state_file_name("127.0.0.1:9100"));
  data = minio.server("127.0.0.1:9000")["buckets"]["data"];
  const std::int64_t ten_minutes_ago =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() - 600;
  data["targets"][0]["last_online"] = reos::util::rfc3339_utc(ten_minutes_ago);
  minio.bucket("127.0.0.1:9000", "data", data);
  m = metrics();
  CHECK(sample(m.out, "minio_bucket_replication_target_online{" + target_l + "}") == 0);
  const double lag = sample(m.out, "minio_bucket_replication_lag_seconds{" + target_l + "}");
  CHECK(lag >= 600);
  CHECK(lag <= 630);

  // The whole deployment unreachable: every bucket is "up 0", none claims versioning is off,
  // and the file is still written for PostgreSQL.
  std::filesystem::remove(minio.state_dir() + "/" + MinioLab::state_file_name("127.0.0.1:9000"));
  m = metrics();
  CHECK(sample(m.out, "reos_minio_up{" + data_l + "}") == 0);
  CHECK(m.out.find("minio_bucket_versioning_enabled{") == std::string::npos);
  CHECK(sample(m.out, "reos_postgres_up{stanza=\"demo\"}") == 1);
}

TEST_CASE("check: a healthy lab is clean, while archive_mode off, a wrong stanza and archive_timeout 3600 are failures",
          "[pg][check]") {
  if (!reos::testing::lab_programs_available()) return;
  const std::string pass = "check-Pass-91ab";
  Lab lab({"--cipher"}, {{"LAB_CIPHER_PASS", pass}});
  const std::map<std::string, std::string> env{{"REOS_REPO1_CIPHER_PASS", pass},
                                               {"REOS_STATE_FILE", lab.dir() + "/work/state.json"},
                                               {"REOS_AUDIT_LOG", lab.dir() + "/work/audit.jsonl"}};
  auto reos = [&](std::vector<std::string> args) { return lab.reos(args, env); };
  REQUIRE(reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  REQUIRE(reos({"backup", "--stanza", "demo", "--type", "full"}).exit_code == 0);

  // The lab keeps 2 full backups (repo1-retention-full=2): with weekly fulls that is 14 days,
  // so a policy of 14 days matches it.
  const std::string policy14 = lab.dir() + "/work/reos-policy.conf";
  {
    std::ofstream out(policy14);
    out << "[policy]\nfull-days = 14\n";
  }
  Run healthy = reos({"check", "--stanza", "demo", "--config", policy14, "--output=json"});
  CHECK(healthy.exit_code == 0);
  for (const auto& f : healthy.json()["result"]["findings"]) {
    INFO(f.dump());
    CHECK(f["severity"] == "ok");
  }
  // With the seed's policy (28 days) the lab's 2 fulls are a contradiction: exit 10.
  Run policy = reos({"check", "--stanza", "demo", "--output=json"});
  CHECK(policy.exit_code == 10);
  CHECK(severity(policy.json()["result"]["findings"], "retention.repo1.full") == "failure");

  lab.sql("ALTER SYSTEM SET archive_mode = off");
  lab.sql("ALTER SYSTEM SET archive_command = 'pgbackrest --config=" + lab.pgbackrest_conf() +
          " --stanza=other archive-push %p'");
  lab.sql("ALTER SYSTEM SET archive_timeout = 3600");
  lab.stop_postgres();
  lab.start_postgres();
  Run broken = reos({"check", "--stanza", "demo", "--config", policy14, "--output=json"});
  CHECK(broken.exit_code == 10);
  const auto findings = broken.json()["result"]["findings"];
  CHECK(severity(findings, "postgres.archive_mode") == "failure");
  CHECK(severity(findings, "postgres.archive_command") == "failure");
  CHECK(severity(findings, "postgres.archive_timeout") == "failure");
  CHECK(severity(findings, "pgbackrest.check") == "failure");
  CHECK(severity(findings, "postgres.wal_level") == "ok");
  CHECK(broken.err.find("check found failures") != std::string::npos);
}

TEST_CASE("audit: 20 concurrent stanza-create runs leave 20 intact lines, and an edit is named", "[pg][audit]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;
  const std::string audit = lab.dir() + "/work/audit.jsonl";
  const std::string bin = lab.dir() + "/bin/reos-backup";
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo", "--audit-log", audit}).exit_code == 0);
  // 20 at once (stanza-create is idempotent), and 5 dry runs, which are not audited.
  const std::string common = " --stanza demo --pgbackrest-config " + lab.pgbackrest_conf() + " --audit-log " + audit;
  // Whether pgBackRest lets each concurrent stanza-create through does not matter: every run,
  // ok or not, is one line.
  std::string script = "for i in $(seq 20); do " + bin + " stanza-create" + common + " >/dev/null 2>&1 & done; " +
                       "for i in $(seq 5); do " + bin + " backup --dry-run" + common + " >/dev/null 2>&1 & done; wait";
  Run many = lab.as_postgres({"bash", "-c", script});
  CHECK(many.exit_code == 0);

  Run ok = lab.reos({"audit", "verify", "--audit-log", audit, "--output=json"});
  CHECK(ok.exit_code == 0);
  CHECK(ok.json()["result"]["lines"] == 21);

  // One byte of line 7 changed (as root: the test owns the machine, not the log).
  std::string text = read_file(audit);
  std::size_t pos = 0;
  for (int i = 0; i < 6; ++i) pos = text.find('\n', pos) + 1;
  pos = text.find("stanza-create", pos);
  REQUIRE(pos != std::string::npos);
  text[pos + 7] = 'C';
  {
    std::ofstream out(audit, std::ios::trunc);
    out << text;
  }
  Run bad = lab.reos({"audit", "verify", "--audit-log", audit, "--output=json"});
  CHECK(bad.exit_code == 10);
  CHECK(bad.json()["result"]["line"] == 7);
  CHECK(bad.err.find("line 7") != std::string::npos);
}
