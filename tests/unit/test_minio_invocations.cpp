// mc argv builders, checked through the whole program with a scripted runner: exact argv in
// strict order, credentials only in the environment, nothing spawned.
#include <catch2/catch.hpp>

#include <algorithm>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "reos/minio/invocations.hpp"
#include "support/app.hpp"

using reos::testing::ScriptedRunner;

namespace {

const std::string kMc = REOS_FAKE_MC;  // any existing executable: nothing is spawned here
const std::string kDir = "/tmp/reos-unit-mc-config";
const std::string kSecret = "unit-secret-key-1";

const std::string kVersion =
    "mc version RELEASE.2025-08-13T08-35-41Z (commit-id=7394ce0dd2a80935aded936b09fa12cbb3cb8096)\n"
    "Runtime: go1.24.6 linux/amd64\nCopyright (c) 2015-2025 MinIO, Inc.\n";

struct AppRun {
  int exit_code;
  std::string out, err;
};

AppRun run(ScriptedRunner& runner, std::vector<std::string> args) {
  reos::testing::App app;
  app.now = 1700000000;
  app.env = {{"PATH", "/usr/bin:/bin"},
             {"REOS_MINIO_MYMINIO_URL", "http://127.0.0.1:9000"},
             {"REOS_MINIO_MYMINIO_ACCESS_KEY", "minioadmin"},
             {"REOS_MINIO_MYMINIO_SECRET_KEY", kSecret},
             {"REOS_MINIO_DR_URL", "https://dr.example.net"},
             {"REOS_MINIO_DR_ACCESS_KEY", "repl-user"},
             {"REOS_MINIO_DR_SECRET_KEY", "unit-dr-secret-2"}};
  if (std::find(args.begin(), args.end(), "--mc-bin") == args.end()) args.push_back("--mc-bin=" + kMc);
  args.push_back("--mc-config-dir=" + kDir);
  int rc = app.run_with(runner, args);
  ::rmdir(kDir.c_str());  // a configured dir is created by the run and kept; nothing ran in it
  return {rc, app.out.str(), app.err.str()};
}

std::vector<std::string> mc(std::vector<std::string> words) {
  std::vector<std::string> v{kMc, "--json", "--config-dir=" + kDir};
  v.insert(v.end(), words.begin(), words.end());
  return v;
}

}  // namespace

TEST_CASE("mc argv: version enable per bucket, info first", "[minio]") {
  ScriptedRunner runner;
  runner.expect({kMc, "--version"}, 0, kVersion)
      .expect(mc({"version", "info", "myminio/data"}), 0,
              R"({"Op":"info","status":"success","url":"myminio/data","versioning":{"status":"","MFADelete":""}})"
              "\n")
      .expect(mc({"version", "enable", "myminio/data"}), 0,
              R"({"Op":"enable","status":"success","url":"myminio/data","versioning":{"status":"","MFADelete":""}})"
              "\n")
      .expect(mc({"version", "info", "myminio/logs"}), 0,
              R"({"Op":"info","status":"success","url":"myminio/logs","versioning":{"status":"Enabled","MFADelete":""}})"
              "\n");
  auto r = run(runner, {"minio-version", "enable", "--alias", "myminio", "--bucket", "data", "--bucket", "logs"});
  CHECK(r.exit_code == 0);
  CHECK(runner.all_consumed());
  const auto& seen = runner.seen();
  REQUIRE(seen.size() == 4);
  CHECK(seen[0].env_overrides.at("LC_ALL") == "C");
  CHECK_FALSE(seen[0].stdin_data.has_value());
  CHECK(seen[0].timeout.count() > 0);
  CHECK(seen[0].env_overrides.count("MC_HOST_myminio") == 0);  // --version needs no credentials
  CHECK(seen[1].env_overrides.at("MC_HOST_myminio") == "http://minioadmin:" + kSecret + "@127.0.0.1:9000");
  for (const auto& inv : seen)
    for (const auto& a : inv.argv()) CHECK(a.find(kSecret) == std::string::npos);
}

TEST_CASE("mc argv: replicate add uses the alias form and always an --id", "[minio]") {
  ScriptedRunner runner;
  const std::string enabled = R"({"Op":"info","status":"success","url":"x","versioning":{"status":"Enabled","MFADelete":""}})"
                              "\n";
  runner.expect({kMc, "--version"}, 0, kVersion)
      .expect(mc({"version", "info", "myminio/data"}), 0, enabled)
      .expect(mc({"version", "info", "dr/data-backup"}), 0, enabled)
      .expect(mc({"replicate", "add", "myminio/data", "--remote-bucket=dr/data-backup", "--id=reos-data-to-dr-data-backup",
                  "--priority=2", "--replicate=delete-marker,delete", "--bandwidth=100M"}),
              0,
              R"({"op":"add","status":"success","url":"myminio/data","id":"reos-data-to-dr-data-backup"})"
              "\n");
  auto r = run(runner, {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-url",
                        "https://dr.example.net/", "--remote-bucket", "data-backup", "--priority", "2", "--replicate",
                        "delete-marker,delete", "--bandwidth", "100M"});
  CHECK(r.exit_code == 0);
  CHECK(runner.all_consumed());
  const auto& add = runner.seen().back();
  CHECK(add.env_overrides.count("MC_HOST_myminio") == 1);
  CHECK(add.env_overrides.at("MC_HOST_dr") == "https://repl-user:unit-dr-secret-2@dr.example.net");
  CHECK(std::find(add.secret_env.begin(), add.secret_env.end(), "MC_HOST_dr") != add.secret_env.end());
}

TEST_CASE("mc argv: replicate status, ls, rm, lifecycle, mirror, config export", "[minio]") {
  ScriptedRunner runner;
  SECTION("rm --all lists first") {
    runner.expect({kMc, "--version"}, 0, kVersion)
        .expect(
            mc({"replicate", "ls", "myminio/data"}), 1,
            R"({"status":"error","error":{"message":"Unable to list replication configuration","cause":{"message":"replication configuration not set","error":{}},"type":"fatal"}})"
            "\n")
        .expect(mc({"replicate", "rm", "--all", "--force", "myminio/data"}), 0,
                R"({"op":"remove","status":"success","url":"myminio/data","id":""})"
                "\n");
    CHECK(run(runner, {"minio-replicate", "rm", "--alias", "myminio", "--bucket", "data", "--all"}).exit_code == 0);
  }
  SECTION("rm by id") {
    runner.expect({kMc, "--version"}, 0, kVersion)
        .expect(mc({"replicate", "rm", "--id=r1", "myminio/data"}), 0,
                R"({"op":"remove","status":"success","url":"myminio/data","id":"r1"})"
                "\n");
    CHECK(run(runner, {"minio-replicate", "rm", "--alias", "myminio", "--bucket", "data", "--rule-id", "r1"}).exit_code == 0);
  }
  SECTION("lifecycle import feeds the policy on stdin") {
    char tmpl[] = "/tmp/reos-unit-policy-XXXXXX";
    int fd = ::mkstemp(tmpl);
    const std::string policy = R"({"Rules":[{"ID":"a","Status":"Enabled","Expiration":{"Days":90}}]})";
    REQUIRE(::write(fd, policy.data(), policy.size()) == static_cast<ssize_t>(policy.size()));
    ::close(fd);
    runner.expect({kMc, "--version"}, 0, kVersion)
        .expect(mc({"ilm", "rule", "import", "myminio/data"}), 0,
                R"({"status":"success","target":"myminio/data"})"
                "\n");
    CHECK(run(runner, {"minio-lifecycle", "import", "--alias", "myminio", "--bucket", "data", "--file", tmpl}).exit_code == 0);
    REQUIRE(runner.seen().size() == 2);
    REQUIRE(runner.seen()[1].stdin_data.has_value());
    CHECK(nlohmann::json::parse(*runner.seen()[1].stdin_data) == nlohmann::json::parse(policy));
    ::unlink(tmpl);
  }
  SECTION("mirror: an error line with exit 0 is a failure") {
    runner.expect({kMc, "--version"}, 0, kVersion)
        .expect(
            mc({"mirror", "--overwrite", "myminio/data", "dr/data-backup"}), 0,
            R"j({"status":"error","error":{"message":"Failed to perform mirroring, with error condition (size)","cause":{"message":"Overwrite not allowed","error":{}},"type":"error"}})j"
            "\n"
            R"({"status":"success","total":0,"transferred":0,"duration":0,"speed":0})"
            "\n");
    auto r = run(runner, {"minio-mirror", "--source", "myminio/data", "--target", "dr/data-backup", "--overwrite"});
    CHECK(r.exit_code == 5);
  }
  SECTION("config export; the alias alone is the argument") {
    runner.expect({kMc, "--version"}, 0, kVersion)
        .expect(mc({"admin", "config", "export", "myminio"}), 0,
                R"({"status":"success","value":"YQo="})"
                "\n");
    char tmpl[] = "/tmp/reos-unit-cfgexp-XXXXXX";
    REQUIRE(::mkdtemp(tmpl));
    const std::string file = std::string(tmpl) + "/c.txt";
    CHECK(run(runner, {"minio-config-export", "--alias", "myminio", "--file", file}).exit_code == 0);
    ::unlink(file.c_str());
    ::rmdir(tmpl);
  }
  CHECK(runner.all_consumed());
}

TEST_CASE("mc argv: bad input is refused before any program runs", "[minio]") {
  ScriptedRunner runner;  // nothing scripted: any call fails the test
  CHECK(run(runner, {"minio-version", "enable", "--alias", "myminio"}).exit_code == 2);  // no bucket
  CHECK(run(runner, {"minio-version", "enbale", "--alias", "myminio", "--bucket", "b1b"}).exit_code == 2);
  CHECK(run(runner, {"minio-version", "enable", "--alias", "myminio", "--bucket", "B_ad"}).exit_code == 2);
  CHECK(run(runner, {"minio-version", "enable", "--alias", "nosuch", "--bucket", "data"}).exit_code == 3);
  CHECK(run(runner, {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr"}).exit_code == 2);
  CHECK(run(runner, {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr",
                     "--remote-bucket", "b1b", "--replicate", "everything"})
            .exit_code == 2);
  CHECK(run(runner, {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr", "--remote-url",
                     "https://other.example.net", "--remote-bucket", "b1b"})
            .exit_code == 2);
  CHECK(run(runner, {"minio-replicate", "ls", "--alias", "myminio", "--bucket", "data", "--all"}).exit_code == 2);
  CHECK(run(runner, {"minio-replicate", "ls", "--alias", "myminio", "--bucket", "data", "--bucket", "other"}).exit_code == 2);
  CHECK(run(runner, {"minio-lifecycle", "import", "--alias", "myminio", "--bucket", "data"}).exit_code == 2);
  CHECK(
      run(runner, {"minio-lifecycle", "import", "--alias", "myminio", "--bucket", "data", "--file", "/nonexistent"}).exit_code ==
      2);
  CHECK(run(runner, {"minio-mirror", "--source", "/a", "--target", "/b"}).exit_code == 2);
  CHECK(run(runner, {"minio-config-export", "--alias", "myminio"}).exit_code == 2);
  auto r = run(runner, {"minio-version", "enable", "--alias", "myminio", "--bucket", "data", "--output", "json", "--mc-bin",
                        "/nonexistent/mc"});
  CHECK(r.exit_code == 4);
  CHECK(nlohmann::json::parse(r.out)["error"]["code"] == "program_missing");
  CHECK(runner.seen().empty());
}
