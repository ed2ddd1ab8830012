// Secrets and several repositories, against the real pgBackRest.
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"

using reos::testing::Lab;
using reos::testing::Run;
using reos::testing::slurp;

TEST_CASE("an encrypted repository works with the cipher pass only in the environment", "[pg][secret]") {
  if (!reos::testing::lab_programs_available()) return;
  const std::string pass = "s3cr3t-Pass-7f1d9c";
  Lab lab({"--cipher"}, {{"LAB_CIPHER_PASS", pass}});
  // A spy in front of pgbackrest records the argv it was given (/proc/self/cmdline), then
  // execs the real program: what every user on the host could read.
  const std::string spy = lab.pgbackrest_spy();
  const std::map<std::string, std::string> env{{"REOS_REPO1_CIPHER_PASS", pass}};

  Run create = lab.reos({"stanza-create", "--stanza", "demo", "--pgbackrest-bin", spy, "--output=json"}, env);
  REQUIRE(create.exit_code == 0);
  Run full = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--pgbackrest-bin", spy, "--output=json"}, env);
  REQUIRE(full.exit_code == 0);
  auto j = full.json();
  CHECK(j["result"]["type"] == "full");
  CHECK(j["invocations"][1]["env"]["PGBACKREST_REPO1_CIPHER_PASS"] == "<redacted>");
  Run info = lab.reos({"info", "--stanza", "demo", "--pgbackrest-bin", spy, "--output=json"}, env);
  REQUIRE(info.exit_code == 0);
  CHECK(info.json()["result"]["stanzas"][0]["cipher"] == "aes-256-cbc");
  Run dry = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--dry-run"}, env);
  REQUIRE(dry.exit_code == 0);
  CHECK(dry.out.find("PGBACKREST_REPO1_CIPHER_PASS='<redacted>'") != std::string::npos);

  const std::string cmdlines = slurp(lab.dir() + "/work/spy-cmdline.txt");
  CHECK(cmdlines.find("backup") != std::string::npos);  // the spy did see the calls
  for (const Run* r : {&create, &full, &info, &dry}) {
    CHECK(r->out.find(pass) == std::string::npos);
    CHECK(r->err.find(pass) == std::string::npos);
  }
  CHECK(cmdlines.find(pass) == std::string::npos);

  // Without the pass pgBackRest cannot read the repository: a clean upstream error.
  Run nopass = lab.reos({"backup", "--stanza", "demo", "--type", "incr", "--output=json"});
  CHECK(nopass.exit_code == 5);
  CHECK(nopass.json()["error"]["code"] == "upstream_failed");

  // The same pass only as a systemd credential: a file named after the option in
  // $CREDENTIALS_DIRECTORY, mode 0400 and owned by the job's user, as LoadCredential= leaves it.
  const std::string creds = lab.dir() + "/work/credentials";
  REQUIRE(lab.as_postgres({"mkdir", "-m", "0700", creds}).exit_code == 0);
  std::ofstream(creds + "/repo1-cipher-pass") << pass << "\n";
  const struct passwd* pg = ::getpwnam("postgres");
  REQUIRE(pg != nullptr);
  REQUIRE(::chown((creds + "/repo1-cipher-pass").c_str(), pg->pw_uid, pg->pw_gid) == 0);
  REQUIRE(::chmod((creds + "/repo1-cipher-pass").c_str(), 0400) == 0);
  const std::map<std::string, std::string> cred_env{{"CREDENTIALS_DIRECTORY", creds}};
  Run incr = lab.reos(
      {"backup", "--stanza", "demo", "--type", "incr", "--pgbackrest-bin", spy, "--output=json", "--log-level=debug"}, cred_env);
  REQUIRE(incr.exit_code == 0);
  CHECK(incr.json()["result"]["type"] == "incr");
  CHECK(incr.json()["invocations"][1]["env"]["PGBACKREST_REPO1_CIPHER_PASS"] == "<redacted>");
  CHECK(incr.err.find("setting repo1-cipher-pass = <redacted> (from credential: " + creds + "/repo1-cipher-pass)") !=
        std::string::npos);
  Run cred_info = lab.reos({"info", "--stanza", "demo", "--pgbackrest-bin", spy, "--output=json"}, cred_env);
  REQUIRE(cred_info.exit_code == 0);
  CHECK(cred_info.json()["result"]["stanzas"][0]["backups"].size() == 2);
  for (const Run* r : {&incr, &cred_info}) {
    CHECK(r->out.find(pass) == std::string::npos);
    CHECK(r->err.find(pass) == std::string::npos);
  }
  const std::string cred_cmdlines = slurp(lab.dir() + "/work/spy-cmdline.txt");
  CHECK(cred_cmdlines.find("--type=incr") != std::string::npos);  // the spy saw the credential run
  CHECK(cred_cmdlines.find(pass) == std::string::npos);
}

TEST_CASE("two repositories: backup --repo selects one and info shows where each backup lives", "[pg][repos]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab({"--repos", "2"});
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  Run r1 = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--repo", "1", "--output=json"});
  REQUIRE(r1.exit_code == 0);
  CHECK(r1.json()["result"]["backup"]["repo"] == 1);
  Run r2 = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--repo", "2", "--output=json"});
  REQUIRE(r2.exit_code == 0);
  CHECK(r2.json()["result"]["backup"]["repo"] == 2);
  CHECK(r2.json()["invocations"][1]["argv"].dump().find("--repo=2") != std::string::npos);

  Run info = lab.reos({"info", "--stanza", "demo", "--output=json"});
  REQUIRE(info.exit_code == 0);
  auto s = info.json()["result"]["stanzas"][0];
  REQUIRE(s["repos"].size() == 2);
  CHECK(s["repos"][0]["key"] == 1);
  CHECK(s["repos"][1]["key"] == 2);
  CHECK(s["repos"][0]["status"]["code"] == 0);
  CHECK(s["repos"][1]["status"]["code"] == 0);
  REQUIRE(s["backups"].size() == 2);
  std::set<int> repos{s["backups"][0]["repo"].get<int>(), s["backups"][1]["repo"].get<int>()};
  CHECK(repos == std::set<int>{1, 2});

  Run only2 = lab.reos({"info", "--stanza", "demo", "--repo", "2", "--output=json"});
  REQUIRE(only2.exit_code == 0);
  auto s2 = only2.json()["result"]["stanzas"][0];
  REQUIRE(s2["backups"].size() == 1);
  CHECK(s2["backups"][0]["repo"] == 2);
}
