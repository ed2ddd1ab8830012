// repo2 on S3 for real: the seed's layout (repo1 posix + repo2 on a local s3rver over verified
// TLS, both encrypted), against the real pgBackRest.
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"

using reos::testing::Lab;
using reos::testing::Run;
using reos::testing::S3Server;
using reos::testing::SeedSecrets;
using reos::testing::Stopwatch;

namespace {
// The repo2 directory of a lab as s3rver stores it on disk: bucket `reos`, path /<lab name>.
std::string s3_backup_dir(const Lab& lab, const std::string& label) {
  return S3Server::shared().dir() + "/data/reos/" + std::filesystem::path(lab.dir()).filename().string() + "/backup/demo/" +
         label;
}
}  // namespace

TEST_CASE("repo2 on S3: backups to both repositories, and expire really removes an expired backup from S3", "[pg][s3]") {
  if (!reos::testing::s3_programs_available()) return;
  const SeedSecrets secrets;
  Lab lab(reos::testing::seed_layout_args(), secrets.lab_env());
  const auto env = secrets.reos_env();
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo", "--output=json"}, env).exit_code == 0);

  Run r1 = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--repo", "1", "--output=json"}, env);
  REQUIRE(r1.exit_code == 0);
  CHECK(r1.json()["result"]["backup"]["repo"] == 1);
  std::vector<std::string> labels;
  for (int i = 0; i < 3; ++i) {
    lab.sql("CREATE TABLE IF NOT EXISTS t(i int); INSERT INTO t VALUES (" + std::to_string(i) + ")");
    Run r2 = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--repo", "2", "--output=json"}, env);
    REQUIRE(r2.exit_code == 0);
    CHECK(r2.json()["result"]["backup"]["repo"] == 2);
    labels.push_back(r2.json()["result"]["backup"]["label"].get<std::string>());
  }

  Run info = lab.reos({"info", "--stanza", "demo", "--output=json"}, env);
  REQUIRE(info.exit_code == 0);
  auto s = info.json()["result"]["stanzas"][0];
  REQUIRE(s["repos"].size() == 2);
  for (const auto& r : s["repos"]) {
    CHECK(r["status"]["code"] == 0);
    CHECK(r["cipher"] == "aes-256-cbc");
  }
  // repo2-retention-full=2: the third full expired the first, and pgBackRest removed it from S3
  // (s3rver without the listing fix logs "expire full backup" but removes nothing).
  std::vector<std::string> in_repo2;
  for (const auto& b : s["backups"])
    if (b["repo"] == 2) in_repo2.push_back(b["label"]);
  CHECK(in_repo2 == std::vector<std::string>{labels[1], labels[2]});
  CHECK_FALSE(std::filesystem::exists(s3_backup_dir(lab, labels[0])));
  CHECK(std::filesystem::exists(s3_backup_dir(lab, labels[2])));
  // ... and the WAL older than the oldest kept backup went with it.
  std::string repo1_min, repo2_min;
  for (const auto& a : s["archive"]) (a["repo"] == 1 ? repo1_min : repo2_min) = a["min"].get<std::string>();
  CHECK(repo1_min == "000000010000000000000001");
  CHECK(repo2_min > repo1_min);

  // What S3 holds is encrypted: the manifest (plain INI text unencrypted) is OpenSSL's
  // "Salted__" cipher format.
  std::ifstream manifest(s3_backup_dir(lab, labels[2]) + "/backup.manifest._S3rver_object", std::ios::binary);
  std::string head(8, '\0');
  manifest.read(head.data(), 8);
  CHECK(head == "Salted__");
}

namespace {
std::string severity(const nlohmann::json& check, const std::string& id) {
  for (const auto& f : check["result"]["findings"])
    if (f["id"] == id) return f["severity"];
  return "missing";
}
}  // namespace

namespace {
// While S3 is down the lab runs with pgBackRest's shortest io-timeout (the lab writes 1 s) and
// no pause between the retries of a failed local job (job-retry-interval, 15 s by default:
// two of them made half of this test's time); the retries themselves still happen, and the
// io-timeout each assertion names is the one in force.
constexpr const char* kDownIoTimeout = "0.1";

// Sets pgBackRest option `key` of the lab's [global] section to `value` (nullopt: removes it).
void set_global(const Lab& lab, const std::string& key, const std::optional<std::string>& value) {
  std::string conf = reos::testing::slurp(lab.pgbackrest_conf());
  const auto global = conf.find("[global]\n");
  REQUIRE(global != std::string::npos);
  auto pos = conf.find("\n" + key + "=", global);
  if (pos != std::string::npos) conf.erase(pos + 1, conf.find('\n', pos + 1) - pos);
  if (value) conf.insert(global + 9, key + "=" + *value + "\n");
  std::ofstream(lab.pgbackrest_conf(), std::ios::trunc) << conf;  // rewritten in place: owner and mode kept
}

void set_s3_down_timing(const Lab& lab, bool down) {
  set_global(lab, "io-timeout", down ? kDownIoTimeout : "1");
  set_global(lab, "job-retry-interval", down ? std::optional<std::string>("0") : std::nullopt);
}

// The labels of the backups in `dir` (a repository's backup/<stanza> directory, posix or
// s3rver's store): its entries named like a backup label.
std::set<std::string> labels_in(const std::string& dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() >= 16 && std::isdigit(static_cast<unsigned char>(name[0])) && e.is_directory()) out.insert(name);
  }
  return out;
}

// Starts `reos-backup ARGS` in the background, waits until its backup copies files into `dir`
// (a new label there with pg_data inside), stops S3 by PID, and returns the result.
reos::process::ProcessResult stop_s3_while_copying(Lab& lab, const std::vector<std::string>& args,
                                                   const std::map<std::string, std::string>& env, const std::string& dir) {
  const auto before = labels_in(dir);
  reos::testing::ReosInBackground run(lab, args, env);
  bool copying = false;
  for (int i = 0; i < 6000 && !copying; ++i) {
    for (const auto& l : labels_in(dir))
      copying = copying || (!before.count(l) && std::filesystem::exists(dir + "/" + l + "/pg_data"));
    if (!copying) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(copying);
  S3Server::shared().stop();
  return run.wait();
}
}  // namespace

TEST_CASE(
    "S3 down: info names repo2 and HostConnectError, metrics/check answer fast, a backup lands in repo1 with a "
    "warning, S3 stopping mid-backup (with --repo 2 and without) leaves no lock and repo1 untouched, and all is "
    "green once S3 is back",
    "[pg][s3][s3down][faults]") {
  if (!reos::testing::s3_programs_available()) return;
  const SeedSecrets secrets;
  Lab lab(reos::testing::seed_layout_args(), secrets.lab_env());
  const auto env = secrets.reos_env();
  const std::string repo1_dir = lab.dir() + "/repo/backup/demo";
  const std::string repo2_dir =
      S3Server::shared().dir() + "/data/reos/" + std::filesystem::path(lab.dir()).filename().string() + "/backup/demo";
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}, env).exit_code == 0);
  reos::testing::add_bulk(lab, 200000);  // about 25 MB: the copy lasts long enough to stop S3 inside it
  REQUIRE(lab.reos({"backup", "--stanza", "demo", "--type", "full", "--repo", "1"}, env).exit_code == 0);
  const auto repo1_before = labels_in(repo1_dir);
  REQUIRE(repo1_before.size() == 1);

  // Fault table: the S3 repository stops mid-backup (backup --repo 2, s3rver stopped by PID
  // while files are copied to it). pgBackRest fails on repo2 after its retries; reos-backup
  // says so.
  set_s3_down_timing(lab, true);
  Stopwatch sw;
  const auto mid2 = stop_s3_while_copying(lab, {"backup", "--stanza", "demo", "--type", "full", "--repo", "2"}, env, repo2_dir);
  std::cout << "[s3down] backup --repo 2 with S3 stopped mid-copy: " << sw.lap() << " s\n";
  {
    INFO("stdout: " << mid2.out << "\nstderr: " << mid2.err);
    CHECK(mid2.exit_code == 5);
    nlohmann::json j;
    REQUIRE_NOTHROW(j = nlohmann::json::parse(mid2.out));
    CHECK(j["error"]["code"] == "upstream_failed");
    const std::string msg = j["error"]["message"];
    CHECK(msg.find("repo2") != std::string::npos);
    CHECK(j["error"]["upstream"]["error_name"].get<std::string>().find("Error") != std::string::npos);
    CHECK(j["result"]["backup"].is_null());
    for (const auto& inv : j["invocations"])
      std::cout << "[s3down]   " << inv["purpose"].get<std::string>() << ": " << inv["duration_ms"] << " ms\n";
  }
  CHECK(reos::testing::no_pgbackrest_left(lab, "backup"));  // the command and its workers: the lock is free
  CHECK(labels_in(repo1_dir) == repo1_before);              // repo1 untouched

  // S3 stays down (the same short timing until it is back: see set_s3_down_timing).
  sw.lap();
  Run info = lab.reos({"info", "--stanza", "demo", "--output=json"}, env);
  std::cout << "[s3down] info while S3 is down: " << sw.lap() << " s\n";
  CHECK(info.exit_code == 10);
  auto j = info.json();
  const std::string msg = j["error"]["message"];
  CHECK(msg.find("repo2") != std::string::npos);
  CHECK(msg.find("HostConnectError") != std::string::npos);
  auto repos = j["result"]["stanzas"][0]["repos"];
  REQUIRE(repos.size() == 2);
  CHECK(repos[0]["status"]["ok"] == true);
  CHECK(repos[0]["newest"]["full"].is_object());
  CHECK(repos[1]["status"]["ok"] == false);
  CHECK(repos[1]["status"]["error_name"] == "HostConnectError");
  CHECK(repos[1]["archive_behind"]["segments"].is_null());  // an unreadable repository has no lag figure
  std::set<std::string> repo1_listed;
  for (const auto& b : j["result"]["stanzas"][0]["backups"])
    if (b["repo"] == 1) repo1_listed.insert(b["label"].get<std::string>());
  CHECK(repo1_listed == repo1_before);

  sw.lap();
  Run metrics = lab.reos({"metrics", "--stanza", "demo", "--output=json"}, env);
  std::cout << "[s3down] metrics while S3 is down: " << sw.lap() << " s (io-timeout=" << kDownIoTimeout << " s)\n";
  CHECK(metrics.exit_code == 0);
  const std::string expo = metrics.json()["result"]["exposition"];
  CHECK(expo.find("reos_repo_up{repo=\"1\",stanza=\"demo\"} 1\n") != std::string::npos);
  CHECK(expo.find("reos_repo_up{repo=\"2\",stanza=\"demo\"} 0\n") != std::string::npos);
  CHECK(expo.find("pgbackrest_last_full_backup_age_seconds{repo=\"1\",stanza=\"demo\"}") != std::string::npos);
  CHECK(expo.find("pgbackrest_last_full_backup_age_seconds{repo=\"2\"") == std::string::npos);
  CHECK(expo.find("reos_repo_archive_behind_seconds{repo=\"1\",stanza=\"demo\"} ") != std::string::npos);
  CHECK(expo.find("reos_repo_archive_behind_seconds{repo=\"2\"") == std::string::npos);
  // ... and it says what the short io-timeout cut off.
  CHECK(metrics.json()["result"]["not_measured"].dump().find(std::string("repo2: not readable within io-timeout=") +
                                                             kDownIoTimeout + " s") != std::string::npos);
  CHECK(metrics.json()["invocations"].dump().find(std::string("--io-timeout=") + kDownIoTimeout) != std::string::npos);

  sw.lap();
  Run check = lab.reos({"check", "--stanza", "demo", "--output=json"}, env);
  std::cout << "[s3down] check while S3 is down: " << sw.lap() << " s\n";
  CHECK(check.exit_code == 10);
  auto cj = check.json();
  CHECK(severity(cj, "repo1.reachable") == "ok");
  CHECK(severity(cj, "repo2.reachable") == "failure");
  CHECK(severity(cj, "archive.async") == "missing");  // the seed's archive-async=y
  for (const auto& f : cj["result"]["findings"]) {
    if (f["id"] == "repo2.reachable") {
      CHECK(f["message"].get<std::string>().find(std::string("io-timeout=") + kDownIoTimeout + " s") != std::string::npos);
      CHECK(f["hint"].get<std::string>().find("does not answer") != std::string::npos);
    }
    if (f["id"] == "pgbackrest.check") CHECK(f["message"].get<std::string>().find("not run") != std::string::npos);
  }

  // The backup lands in repo1; the expire that follows fails on repo2 (pgBackRest exits
  // non-zero): done, with a warning that names it.
  lab.sql("CREATE TABLE t(i int); INSERT INTO t VALUES (1)");
  sw.lap();
  Run incr = lab.reos({"backup", "--stanza", "demo", "--type", "incr", "--output=json"}, env);
  std::cout << "[s3down] backup (default repo) while S3 is down: " << sw.lap() << " s\n";
  REQUIRE(incr.exit_code == 0);
  auto bj = incr.json();
  CHECK(bj["result"]["backup"]["repo"] == 1);
  CHECK(bj["result"]["type"] == "incr");
  auto warned_of_repo2 = [](const nlohmann::json& doc) {
    bool warned = false;
    for (const auto& w : doc["result"]["warnings"])
      warned = warned || w.get<std::string>().find("completed in repo1, but pgbackrest exited") != std::string::npos;
    return warned;
  };
  CHECK(warned_of_repo2(bj));

  // Fault table: S3 stops mid-backup without --repo (the backup copies into repo1): done in
  // repo1, the failed expire on repo2 a warning, as above.
  S3Server::shared().resume();
  sw.lap();
  const auto mid1 = stop_s3_while_copying(lab, {"backup", "--stanza", "demo", "--type", "full"}, env, repo1_dir);
  std::cout << "[s3down] backup (default repo) with S3 stopped mid-copy: " << sw.lap() << " s\n";
  {
    INFO("stdout: " << mid1.out << "\nstderr: " << mid1.err);
    CHECK(mid1.exit_code == 0);
    nlohmann::json j1;
    REQUIRE_NOTHROW(j1 = nlohmann::json::parse(mid1.out));
    CHECK(j1["result"]["backup"]["repo"] == 1);
    CHECK(warned_of_repo2(j1));
  }
  CHECK(reos::testing::no_pgbackrest_left(lab, "backup"));

  // S3 returns: the next backup to repo2 works (no lock left behind), WAL catches up in repo2
  // and everything is green again.
  set_s3_down_timing(lab, false);
  S3Server::shared().resume();
  sw.lap();
  Run again = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--repo", "2", "--output=json"}, env);
  std::cout << "[s3down] backup --repo 2 after S3 returned: " << sw.lap() << " s\n";
  REQUIRE(again.exit_code == 0);
  CHECK(again.json()["result"]["backup"]["repo"] == 2);
  lab.sql("SELECT pg_switch_wal()");
  bool caught_up = false;
  for (int i = 0; i < 60 && !caught_up; ++i) {
    Run m = lab.reos({"metrics", "--stanza", "demo"}, env);
    caught_up = m.out.find("reos_repo_up{repo=\"2\",stanza=\"demo\"} 1\n") != std::string::npos &&
                m.out.find("reos_repo_archive_behind_segments{repo=\"2\",stanza=\"demo\"} 1\n") != std::string::npos &&
                m.out.find("reos_repo_archive_behind_seconds{repo=\"2\",stanza=\"demo\"} 0\n") != std::string::npos;
    if (!caught_up) std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  std::cout << "[s3down] repo2 caught up after S3 returned: " << sw.lap() << " s\n";
  CHECK(caught_up);
  Run info2 = lab.reos({"info", "--stanza", "demo", "--output=json"}, env);
  CHECK(info2.exit_code == 0);
  // repo2 lists the one backup that completed, not the one S3 stopped.
  std::vector<std::string> in_repo2;
  const auto ij2 = info2.json();  // named: a range-for over a temporary's member would dangle
  for (const auto& b : ij2["result"]["stanzas"][0]["backups"])
    if (b["repo"] == 2) in_repo2.push_back(b["label"]);
  CHECK(in_repo2 == std::vector<std::string>{again.json()["result"]["backup"]["label"].get<std::string>()});
  // A [policy] matching the lab's retention (2 weekly fulls: 14 days in each repository), so
  // that only the repositories' health decides.
  const std::string policy = lab.dir() + "/work/policy.conf";
  std::ofstream(policy) << "[policy]\nfull-days = 14\nrepo2-full-days = 14\n";
  Run check2 = lab.reos({"check", "--stanza", "demo", "--config", policy, "--output=json"}, env);
  CHECK(check2.exit_code != 10);
  CHECK(severity(check2.json(), "repo2.reachable") == "ok");
  CHECK(severity(check2.json(), "repo2.archive") == "ok");
  CHECK(severity(check2.json(), "pgbackrest.check") == "ok");
  // check --repo 2: repo2's own findings only; pgBackRest's check (no --repo in 2.45) says it
  // covered every repository.
  Run check_repo2 = lab.reos({"check", "--stanza", "demo", "--repo", "2", "--config", policy, "--output=json"}, env);
  CHECK(check_repo2.exit_code != 10);
  const auto c2 = check_repo2.json();
  CHECK(c2["result"]["repo"] == 2);
  CHECK(c2["result"]["pgbackrest_check_covers"].get<std::string>().find("every repository") != std::string::npos);
  CHECK(severity(c2, "repo2.reachable") == "ok");
  for (const auto& f : c2["result"]["findings"]) {
    INFO(f.dump());
    CHECK(f["id"].get<std::string>().rfind("repo1", 0) != 0);
    if (f["id"] == "pgbackrest.check")
      CHECK(f["message"].get<std::string>().find("covers every repository, not only repo2") != std::string::npos);
  }
  CHECK(c2["invocations"].dump().find("--repo=2") != std::string::npos);  // info of repo2 alone
}

TEST_CASE("check fails outright with archive-async off and more than one repository", "[pg][repos]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab({"--repos", "2"});
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  Run check = lab.reos({"check", "--stanza", "demo", "--output=json"});
  CHECK(check.exit_code == 10);
  CHECK(severity(check.json(), "archive.async") == "failure");
}
