// repo2 on S3 for real: the seed's layout (repo1 posix + repo2 on a local s3rver over verified
// TLS, both encrypted), against the real pgBackRest.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"

using reos::testing::Lab;
using reos::testing::Run;
using reos::testing::S3Server;
using reos::testing::SeedSecrets;

namespace {
// The repo2 directory of a lab as s3rver stores it on disk: bucket `reos`, path /<lab name>.
std::string s3_backup_dir(const Lab& lab, const std::string& label) {
  return S3Server::shared().dir() + "/data/reos/" + std::filesystem::path(lab.dir()).filename().string() +
         "/backup/demo/" + label;
}
}  // namespace

TEST_CASE("repo2 on S3: backups to both repositories, and expire really removes an expired backup from S3",
          "[pg][s3]") {
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
