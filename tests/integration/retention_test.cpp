// check's retention policy in days per repository, on a pgBackRest configuration equal to the
// seed's (../shared/seed/backup-restore-strategy.md, read at test time; paths adapted to the
// lab) and on one that matches the policy. repo1 is the lab's real encrypted repository;
// repo2 stays the seed's S3 repository with its endpoint pointed at a closed local port (no
// S3 service here), so repo2 is judged from its settings only.
#include <fstream>
#include <regex>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"
#include "unit/helpers.hpp"

using reos::testing::Lab;
using reos::testing::Run;

namespace {

// The value of `key` in an INI text (first occurrence).
std::string ini_value(const std::string& text, const std::string& key) {
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex("(^|\n)" + key + "=([^\n]*)")));
  return m[2].str();
}

// The seed's pgbackrest.conf block, adapted: the lab's paths and port, secrets removed (they
// come from the environment), repo2's endpoint on a closed port, pgBackRest's own files in the lab.
std::string seed_config_for(const Lab& lab) {
  const std::string doc = reos::testing::read_file(std::string(REOS_SOURCE_DIR) + "/../shared/seed/backup-restore-strategy.md");
  const auto start = doc.find("```ini\n[global]");
  REQUIRE(start != std::string::npos);
  const auto end = doc.find("```", start + 6);
  std::string conf = doc.substr(start + 7, end - start - 7);
  const std::string lab_conf = reos::testing::read_file(lab.pgbackrest_conf());
  auto set = [&](const std::string& key, const std::string& value) {
    const std::regex line("(^|\n)" + key + "=[^\n]*");
    REQUIRE(std::regex_search(conf, line));
    conf = std::regex_replace(conf, line, value.empty() ? std::string("$1") : "$1" + key + "=" + value);
  };
  set("repo1-path", ini_value(lab_conf, "repo1-path"));
  set("repo1-cipher-pass", "");
  set("repo2-s3-key", "");
  set("repo2-s3-key-secret", "");
  set("repo2-s3-endpoint", "127.0.0.1");
  set("pg1-path", ini_value(lab_conf, "pg1-path"));
  set("pg1-port", ini_value(lab_conf, "pg1-port"));
  set("pg1-socket-path", ini_value(lab_conf, "pg1-socket-path"));
  set("log-level-file", "off");
  conf = std::regex_replace(conf, std::regex("\\[global\\]\n"),
                            "[global]\nrepo2-storage-port=9\nrepo2-storage-verify-tls=n\nio-timeout=2\nlock-path=" +
                                ini_value(lab_conf, "lock-path") + "\nlog-path=" + ini_value(lab_conf, "log-path") +
                                "\nspool-path=" + ini_value(lab_conf, "spool-path") + "\n");
  return conf;
}

std::string severity(const nlohmann::json& findings, const std::string& id) {
  for (const auto& f : findings)
    if (f["id"] == id) return f["severity"];
  return "missing";
}

const nlohmann::json& finding(const nlohmann::json& findings, const std::string& id) {
  for (const auto& f : findings)
    if (f["id"] == id) return f;
  FAIL("no finding " << id);
  return findings;
}

}  // namespace

TEST_CASE("check on the seed's configuration names its two retention contradictions with their fixes, a matching one none",
          "[pg][check][retention]") {
  if (!reos::testing::lab_programs_available()) return;
  const std::string pass = "retention-Pass-4c2e";
  Lab lab({"--stanza", "realestate-db", "--cipher"}, {{"LAB_CIPHER_PASS", pass}});
  const std::map<std::string, std::string> env{{"REOS_REPO1_CIPHER_PASS", pass},
                                               {"REOS_REPO2_CIPHER_PASS", "not-used-repo2-pass"},
                                               {"REOS_REPO2_S3_KEY", "AKIAEXAMPLE"},
                                               {"REOS_REPO2_S3_KEY_SECRET", "example-secret"}};
  REQUIRE(lab.reos({"stanza-create", "--stanza", "realestate-db"}, env).exit_code == 0);
  REQUIRE(lab.reos({"backup", "--stanza", "realestate-db", "--type", "full"}, env).exit_code == 0);

  std::string conf = seed_config_for(lab);
  const std::string seed_path = lab.dir() + "/work/seed-pgbackrest.conf";
  std::ofstream(seed_path) << conf;
  auto check = [&](const std::string& pgbackrest_conf) {
    return lab.as_postgres({lab.dir() + "/bin/reos-backup", "check", "--stanza", "realestate-db",
                            "--pgbackrest-config=" + pgbackrest_conf, "--output=json"},
                           env);
  };

  Run seed = check(seed_path);
  INFO(seed.out << seed.err);
  CHECK(seed.exit_code == 10);
  const auto fs = seed.json()["result"]["findings"];
  // repo2: 8 weekly fulls keep 56 days, not 90.
  CHECK(severity(fs, "retention.repo2.full") == "failure");
  CHECK(finding(fs, "retention.repo2.full")["message"].get<std::string>().find("repo2-retention-full=8 with a full backup every "
                                                                               "7d keeps each full 56 days") != std::string::npos);
  CHECK(finding(fs, "retention.repo2.full")["hint"].get<std::string>().find(
            "set repo2-retention-full-type=time and repo2-retention-full=90") == 0);
  // repo1: 2 daily differentials keep 2 days, not 7.
  CHECK(severity(fs, "retention.repo1.diff") == "failure");
  CHECK(finding(fs, "retention.repo1.diff")["message"].get<std::string>().find("keeps each differential 2 days, not the 7 days") !=
        std::string::npos);
  CHECK(finding(fs, "retention.repo1.diff")["hint"] == "set repo1-retention-diff=7");
  CHECK(severity(fs, "retention.repo1.full") == "ok");
  // What repo1 holds now: the lab's one full backup, read through the seed's config.
  CHECK(finding(fs, "retention.repo1.held")["message"].get<std::string>().find("repo1 (posix) holds backups back to") == 0);
  // archive-push-queue-max=1GB drops WAL; the source is reachable, so its WAL rate is given.
  CHECK(severity(fs, "archive.push_queue_max") == "warning");
  CHECK(finding(fs, "archive.push_queue_max")["message"].get<std::string>().find("MiB/min") != std::string::npos);

  // The settings that keep the policy: no contradiction left.
  conf = std::regex_replace(conf, std::regex("repo1-retention-diff=2"), "repo1-retention-diff=8");
  conf = std::regex_replace(conf, std::regex("repo2-retention-full=8"), "repo2-retention-full-type=time\nrepo2-retention-full=90");
  conf = std::regex_replace(conf, std::regex("archive-push-queue-max=1GB\n"), "");
  const std::string matching_path = lab.dir() + "/work/matching-pgbackrest.conf";
  std::ofstream(matching_path) << conf;
  Run matching = check(matching_path);
  INFO(matching.out << matching.err);
  for (const auto& f : matching.json()["result"]["findings"]) {
    const std::string id = f["id"];
    if (id.rfind("retention.", 0) != 0 && id != "archive.push_queue_max") continue;
    INFO(f.dump());
    // repo2 (unreachable S3 here) holds nothing: that is what it holds, not a contradiction.
    CHECK(f["severity"] == (id == "retention.repo2.held" ? "warning" : "ok"));
  }
}
