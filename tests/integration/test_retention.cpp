// check's retention policy in days per repository, on a pgBackRest configuration equal to the
// seed's (../shared/seed/backup-restore-strategy.md, read at test time) with the lab's paths,
// endpoint and credentials: repo1 posix + repo2 on the local S3 server, both encrypted, with the
// seed's retention settings and archive-push-queue-max; then on one that matches the policy.
#include <fstream>
#include <optional>
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"
#include "reos/util/text.hpp"
#include "support/helpers.hpp"

using reos::testing::Lab;
using reos::testing::Run;
using reos::testing::SeedSecrets;

namespace {

using Lines = std::vector<std::pair<std::string, std::string>>;  // (section, "key=value")

Lines ini_lines(const std::string& text) {
  Lines out;
  std::string section;
  for (const auto& raw : reos::util::split_lines(text)) {
    const std::string line = reos::util::trim(raw);
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[')
      section = line;
    else
      out.push_back({section, line});
  }
  return out;
}

std::string key_of(const std::string& line) { return reos::util::trim(line.substr(0, line.find('='))); }

// The seed's settings where they are policy (retention, archive-push-queue-max, ...), the lab's
// where they say where things are (paths, endpoint, bucket, port, logs); secrets only in the
// environment.
std::string seed_config_for(const Lab& lab) {
  const std::string doc = reos::testing::read_file(std::string(REOS_SOURCE_DIR) + "/../shared/seed/backup-restore-strategy.md");
  const auto start = doc.find("```ini\n[global]");
  REQUIRE(start != std::string::npos);
  const Lines seed = ini_lines(doc.substr(start + 7, doc.find("```", start + 7) - start - 7));
  const Lines labs = ini_lines(reos::testing::read_file(lab.pgbackrest_conf()));
  static const std::regex policy_key("repo[0-9]+-retention-.*|archive-push-queue-max|archive-async");
  static const std::regex secret_key(".*-cipher-pass|.*-s3-key|.*-s3-key-secret");
  auto lab_value = [&](const std::string& key) -> std::optional<std::string> {
    for (const auto& [sec, line] : labs)
      if (sec == "[global]" && key_of(line) == key) return line;
    return std::nullopt;
  };
  std::string global = "[global]\n", stanza = "[realestate-db]\n";
  std::set<std::string> seen;
  for (const auto& [sec, line] : seed) {
    const std::string key = key_of(line);
    if (std::regex_match(key, secret_key)) continue;
    if (sec == "[realestate-db]") continue;  // the lab's own [realestate-db] (its pg1-*) is used
    seen.insert(key);
    if (std::regex_match(key, policy_key))
      global += line + "\n";
    else if (auto l = lab_value(key))
      global += *l + "\n";
    else if (key.rfind("pg1-", 0) != 0)
      global += line + "\n";
  }
  for (const auto& [sec, line] : labs) {
    if (sec == "[global]" && !seen.count(key_of(line)) && !std::regex_match(key_of(line), policy_key)) global += line + "\n";
    if (sec == "[realestate-db]") stanza += line + "\n";
  }
  return global + "\n" + stanza;
}

const nlohmann::json& finding(const nlohmann::json& findings, const std::string& id) {
  for (const auto& f : findings)
    if (f["id"] == id) return f;
  FAIL("no finding " << id);
  return findings;
}

std::string text_of(const nlohmann::json& findings, const std::string& id, const char* field = "message") {
  return finding(findings, id)[field].get<std::string>();
}

}  // namespace

TEST_CASE(
    "check on the seed's configuration (repo2 on S3) names its two retention contradictions with their fixes, a "
    "matching one none",
    "[pg][s3][check][retention]") {
  if (!reos::testing::s3_programs_available()) return;
  const SeedSecrets secrets;
  auto args = reos::testing::seed_layout_args();
  args.insert(args.end(), {"--stanza", "realestate-db"});
  Lab lab(args, secrets.lab_env());
  const auto env = secrets.reos_env();
  REQUIRE(lab.reos({"stanza-create", "--stanza", "realestate-db"}, env).exit_code == 0);
  REQUIRE(lab.reos({"backup", "--stanza", "realestate-db", "--type", "full", "--repo", "1"}, env).exit_code == 0);
  REQUIRE(lab.reos({"backup", "--stanza", "realestate-db", "--type", "full", "--repo", "2"}, env).exit_code == 0);

  std::string conf = seed_config_for(lab);
  INFO("pgBackRest config:\n" << conf);
  CHECK(conf.find("repo2-type=s3\n") != std::string::npos);
  CHECK(conf.find("repo2-retention-full=8\n") != std::string::npos);
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
  CHECK(finding(fs, "retention.repo2.full")["severity"] == "failure");
  CHECK(text_of(fs, "retention.repo2.full")
            .find("repo2 (s3): repo2-retention-full=8 with a full backup every 7d keeps each "
                  "full 56 days") == 0);
  CHECK(text_of(fs, "retention.repo2.full", "hint").find("set repo2-retention-full-type=time and repo2-retention-full=90") == 0);
  // repo1: 2 daily differentials keep 2 days, not 7.
  CHECK(finding(fs, "retention.repo1.diff")["severity"] == "failure");
  CHECK(text_of(fs, "retention.repo1.diff").find("keeps each differential 2 days, not the 7 days") != std::string::npos);
  CHECK(text_of(fs, "retention.repo1.diff", "hint") == "set repo1-retention-diff=7");
  CHECK(finding(fs, "retention.repo1.full")["severity"] == "ok");
  // What each repository holds now, read through the seed's config: one full each.
  for (const char* id : {"retention.repo1.held", "retention.repo2.held"}) {
    CHECK(finding(fs, id)["severity"] == "ok");
    CHECK(text_of(fs, id).find("holds backups back to") != std::string::npos);
  }
  // archive-push-queue-max=1GB drops WAL; the source is reachable, so its WAL rate is given.
  CHECK(finding(fs, "archive.push_queue_max")["severity"] == "warning");
  CHECK(text_of(fs, "archive.push_queue_max").find("MiB/min") != std::string::npos);

  // The settings that keep the policy: no contradiction, nothing else wrong either.
  conf = std::regex_replace(conf, std::regex("repo1-retention-diff=2"), "repo1-retention-diff=8");
  conf =
      std::regex_replace(conf, std::regex("repo2-retention-full=8"), "repo2-retention-full-type=time\nrepo2-retention-full=90");
  conf = std::regex_replace(conf, std::regex("archive-push-queue-max=1GB\n"), "");
  const std::string matching_path = lab.dir() + "/work/matching-pgbackrest.conf";
  std::ofstream(matching_path) << conf;
  Run matching = check(matching_path);
  INFO(matching.out << matching.err);
  CHECK(matching.exit_code == 0);
  for (const auto& f : matching.json()["result"]["findings"]) {
    INFO(f.dump());
    CHECK(f["severity"] == "ok");
  }
}
