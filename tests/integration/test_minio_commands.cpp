// reos-backup's minio-* commands end to end: the built binary, the real process runner, and
// the stand-in mc (tests/fakes/fake_mc.cpp) keeping bucket state like a server.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "support/fake_minio.hpp"

using reos::testing::CliRun;
using reos::testing::kDrSecret;
using reos::testing::kMyminioSecret;
using reos::testing::MinioLab;
using reos::testing::run_reos;

namespace {

const char* kPrimary = "127.0.0.1:9000";
const char* kDr = "127.0.0.1:9100";

// Runs reos-backup with the lab's environment plus `extra`; checks the invariants every run
// must keep: no secret anywhere we print or on mc's argv.
CliRun reos_run(const MinioLab& lab, std::vector<std::string> args, std::map<std::string, std::string> extra = {}) {
  auto env = lab.env();
  for (auto& [k, v] : extra) env[k] = v;
  CliRun r = run_reos(args, env);
  for (const char* secret : {kMyminioSecret, kDrSecret}) {
    INFO("secret leaked; stdout: " << r.out << "\nstderr: " << r.err);
    CHECK_FALSE(r.shows(secret));
    CHECK(lab.cmdlines().find(secret) == std::string::npos);
  }
  return r;
}

std::size_t mc_runs(const MinioLab& lab) {
  const std::string c = lab.cmdlines();
  return static_cast<std::size_t>(std::count(c.begin(), c.end(), '\n'));
}

const std::string kSeedMemoPolicy = R"({
  "Rules": [
    {
      "ID": "DeleteOldVersions",
      "Status": "Enabled",
      "Expiration": {
        "Days": 90
      },
      "NoncurrentVersionExpiration": {
        "NoncurrentDays": 30
      }
    }
  ]
})";

}  // namespace

TEST_CASE("minio-version: enable, already enabled, status, per-bucket results", "[minio]") {
  MinioLab lab;
  auto r = reos_run(
      lab, {"minio-version", "status", "--alias", "myminio", "--bucket", "data", "--bucket", "backup", "--output", "json"});
  CHECK(r.exit_code == 10);  // a check that found an unversioned bucket
  auto j = r.json();
  CHECK(j["error"]["code"] == "problem_found");
  CHECK(j["result"]["buckets"][0]["status"] == "Unversioned");
  CHECK(j["result"]["buckets"][1]["status"] == "Enabled");
  CHECK(j["result"]["mc"]["release"] == "RELEASE.2025-08-13T08-35-41Z");

  r = reos_run(lab,
               {"minio-version", "enable", "--alias", "myminio", "--bucket", "data", "--bucket", "backup", "--output", "json"});
  CHECK(r.exit_code == 0);
  j = r.json();
  CHECK(j["result"]["buckets"][0]["changed"] == true);
  CHECK(j["result"]["buckets"][1]["changed"] == false);  // already enabled: ok, nothing done
  CHECK(lab.server(kPrimary)["buckets"]["data"]["versioning"] == "Enabled");

  r = reos_run(lab, {"minio-version", "status", "--alias", "myminio", "--bucket", "data"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "myminio/data: versioning Enabled\n");

  r = reos_run(lab, {"minio-version", "suspend", "--alias", "myminio", "--bucket", "data"});
  CHECK(r.exit_code == 0);
  CHECK(lab.server(kPrimary)["buckets"]["data"]["versioning"] == "Suspended");
}

TEST_CASE("minio-version: bucket not found, access denied, unreachable, multi-line JSON", "[minio]") {
  MinioLab lab;
  auto r = reos_run(lab, {"minio-version", "enable", "--alias", "myminio", "--bucket", "nosuchbucket", "--output", "json"});
  CHECK(r.exit_code == 5);
  auto j = r.json();
  CHECK(j["error"]["code"] == "upstream_failed");
  CHECK(j["error"]["upstream"]["error_name"] == "NoSuchBucket");
  CHECK(j["error"]["message"].get<std::string>().find("The specified bucket does not exist") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // one line on stderr

  r = reos_run(lab, {"minio-version", "enable", "--alias", "myminio", "--bucket", "data"}, {{"FAKE_MC_FAULT", "access-denied"}});
  CHECK(r.exit_code == 5);
  CHECK(r.err.find("Access Denied.") != std::string::npos);
  CHECK(r.err.find("permission") != std::string::npos);  // the hint

  r = reos_run(lab, {"minio-version", "status", "--alias", "myminio", "--bucket", "data"},
               {{"FAKE_MC_FAULT", "connection-refused"}});
  CHECK(r.exit_code == 5);
  CHECK(r.err.find("cannot be reached") != std::string::npos);

  // As on a terminal: each document spread over several lines.
  r = reos_run(lab, {"minio-version", "status", "--alias", "myminio", "--bucket", "nosuchbucket", "--output", "json"},
               {{"FAKE_MC_PRETTY", "1"}});
  CHECK(r.exit_code == 5);
  CHECK(r.json()["error"]["upstream"]["error_name"] == "NoSuchBucket");
}

TEST_CASE("minio: an alias that is not configured fails before mc runs", "[minio]") {
  MinioLab lab;
  auto r = reos_run(lab, {"minio-version", "enable", "--alias", "nosuch", "--bucket", "data", "--output", "json"});
  CHECK(r.exit_code == 3);
  auto j = r.json();
  CHECK(j["error"]["message"].get<std::string>().find("'nosuch' is not configured") != std::string::npos);
  CHECK(j["error"]["hint"].get<std::string>().find("REOS_MINIO_NOSUCH_URL") != std::string::npos);
  CHECK(lab.cmdlines().empty());

  r = reos_run(lab, {"minio-mirror", "--source", "myminio/backup", "--target", "typo/backup"});
  CHECK(r.exit_code == 3);
  CHECK(lab.cmdlines().empty());
}

TEST_CASE("minio: Midnight Commander and unknown programs are refused", "[minio]") {
  MinioLab lab;
  auto r = reos_run(lab, {"minio-version", "status", "--alias", "myminio", "--bucket", "data", "--output", "json"},
                    {{"FAKE_MC_MODE", "midnight"}});
  CHECK(r.exit_code == 4);
  auto j = r.json();
  CHECK(j["error"]["code"] == "program_missing");
  CHECK(j["error"]["message"].get<std::string>().find("Midnight Commander") != std::string::npos);
  CHECK(j["error"]["hint"].get<std::string>().find("--mc-bin") != std::string::npos);
  CHECK(mc_runs(lab) == 1);  // only --version ran
  CHECK(lab.cmdlines().find("--version") != std::string::npos);

  r = reos_run(lab, {"minio-version", "status", "--alias", "myminio", "--bucket", "data"}, {{"FAKE_MC_MODE", "unknown"}});
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("is not the MinIO client") != std::string::npos);

  r = reos_run(lab, {"minio-version", "status", "--alias", "myminio", "--bucket", "data", "--mc-bin", "/nonexistent/mc"});
  CHECK(r.exit_code == 4);

  // A program that never answers --version: stopped after the (short) limit, then refused.
  r = reos_run(lab, {"minio-version", "status", "--alias", "myminio", "--bucket", "data", "--timeout", "1s"},
               {{"FAKE_MC_MODE", "hang"}});
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("did not answer within 1000 ms") != std::string::npos);
}

TEST_CASE("minio-replicate add: alias form, versioning checks, conflicts, stale targets", "[minio]") {
  MinioLab lab;
  lab.bucket(kPrimary, "data", {{"versioning", "Enabled"}});

  SECTION("success: the remote's keys travel in MC_HOST_dr, the rule ID is always passed") {
    auto r = reos_run(lab, {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-url",
                            "http://127.0.0.1:9100", "--remote-bucket", "data-backup", "--priority", "1", "--output", "json"});
    CHECK(r.exit_code == 0);
    auto j = r.json();
    CHECK(j["result"]["rule_id"] == "reos-data-to-dr-data-backup");
    CHECK(j["result"]["remote_alias"] == "dr");
    CHECK(lab.cmdlines().find("replicate add myminio/data --remote-bucket=dr/data-backup --id=reos-data-to-dr-data-backup "
                              "--priority=1") != std::string::npos);
    auto rules = lab.server(kPrimary)["buckets"]["data"]["rules"];
    REQUIRE(rules.size() == 1);
    CHECK(rules[0]["ID"] == "reos-data-to-dr-data-backup");
    const std::string dump = j.dump();
    CHECK(dump.find("MC_HOST_dr") != std::string::npos);
    CHECK(dump.find("<redacted>") != std::string::npos);

    r = reos_run(lab, {"minio-replicate", "ls", "--alias", "myminio", "--bucket", "data", "--output", "json"});
    CHECK(r.exit_code == 0);
    CHECK(r.json()["result"]["rules"][0]["priority"] == 1);

    r = reos_run(lab, {"minio-replicate", "status", "--alias", "myminio", "--bucket", "data", "--output", "json"});
    CHECK(r.exit_code == 0);
    CHECK(r.json()["result"]["targets"][0]["online"] == true);
    CHECK(r.json()["result"]["targets"][0]["target_bucket"] == "data-backup");

    SECTION("priority conflict") {
      lab.bucket(kDr, "data-archive", {{"versioning", "Enabled"}});
      r = reos_run(lab, {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr",
                         "--remote-bucket", "data-archive", "--priority", "1"});
      CHECK(r.exit_code == 5);
      CHECK(r.err.find("priority must be unique") != std::string::npos);
      CHECK(r.err.find("distinct --priority") != std::string::npos);
    }
    SECTION("rm --all leaves the target behind; the next add says it already exists") {
      r = reos_run(lab, {"minio-replicate", "rm", "--alias", "myminio", "--bucket", "data", "--all", "--output", "json"});
      CHECK(r.exit_code == 0);
      j = r.json();
      CHECK(j["result"]["remote_targets_left_behind"] == true);
      CHECK(j["result"]["removed_rules"][0]["id"] == "reos-data-to-dr-data-backup");
      CHECK(j["result"]["note"].get<std::string>().find("leaves the remote targets behind") != std::string::npos);
      r = reos_run(lab, {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr",
                         "--remote-bucket", "data-backup", "--output", "json"});
      CHECK(r.exit_code == 5);
      CHECK(r.json()["error"]["upstream"]["error_name"] == "XMinioAdminBucketRemoteAlreadyExists");
      CHECK(r.json()["error"]["hint"].get<std::string>().find("mc admin bucket remote rm") != std::string::npos);
    }
    SECTION("rm by rule ID") {
      r = reos_run(
          lab, {"minio-replicate", "rm", "--alias", "myminio", "--bucket", "data", "--rule-id", "reos-data-to-dr-data-backup"});
      CHECK(r.exit_code == 0);
      CHECK(lab.server(kPrimary)["buckets"]["data"]["rules"].empty());
      r = reos_run(lab, {"minio-replicate", "ls", "--alias", "myminio", "--bucket", "data", "--output", "json"});
      CHECK(r.exit_code == 0);
      CHECK(r.json()["result"]["rules"].empty());
    }
  }
  SECTION("source not versioned: says which side, changes nothing") {
    lab.bucket(kPrimary, "data", {{"versioning", "Suspended"}});
    auto r = reos_run(lab, {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr",
                            "--remote-bucket", "data-backup"});
    CHECK(r.exit_code == 10);
    CHECK(r.err.find("source myminio/data is Suspended") != std::string::npos);
    CHECK(lab.cmdlines().find("replicate add") == std::string::npos);
  }
  SECTION("remote not versioned") {
    auto r = reos_run(lab, {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr",
                            "--remote-bucket", "memos-dr"});
    CHECK(r.exit_code == 10);
    CHECK(r.err.find("remote dr/memos-dr is Unversioned") != std::string::npos);
  }
  SECTION("an mc too old for the alias form is refused, naming the release needed") {
    auto r = reos_run(lab,
                      {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr",
                       "--remote-bucket", "data-backup"},
                      {{"FAKE_MC_RELEASE", "RELEASE.2023-10-24T21-42-22Z"}});
    CHECK(r.exit_code == 4);
    CHECK(r.err.find("RELEASE.2024-03-03T00-13-08Z") != std::string::npos);
    CHECK(mc_runs(lab) == 1);
  }
  SECTION("a remote url no alias has") {
    auto r = reos_run(lab, {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-url",
                            "https://elsewhere.example.net", "--remote-bucket", "data-backup"});
    CHECK(r.exit_code == 3);
    CHECK(lab.cmdlines().empty());
  }
  SECTION("access denied") {
    auto r = reos_run(lab,
                      {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr",
                       "--remote-bucket", "data-backup"},
                      {{"FAKE_MC_FAULT", "access-denied"}, {"FAKE_MC_FAULT_OP", "add"}});
    CHECK(r.exit_code == 5);
    CHECK(r.err.find("Access Denied.") != std::string::npos);
  }
  SECTION("status with the remote site down is a finding") {
    auto r = reos_run(lab, {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr",
                            "--remote-bucket", "data-backup"});
    REQUIRE(r.exit_code == 0);
    r = reos_run(lab, {"minio-replicate", "status", "--alias", "myminio", "--bucket", "data", "--output", "json"});
    CHECK(r.exit_code == 0);
    CHECK(r.json()["result"]["targets"][0]["online"] == true);
    CHECK(r.json()["result"]["targets"][0]["lag_seconds"].get<double>() == Approx(0.002));  // empty queue: latency
    // 600 MiB queued at 1 MiB/s: ten minutes behind, beyond the 5-minute RPO.
    auto data = lab.server(kPrimary)["buckets"]["data"];
    data["queued_count"] = 600;
    data["queued_bytes"] = 600LL << 20;
    data["avg_rate"] = 1LL << 20;
    lab.bucket(kPrimary, "data", data);
    r = reos_run(lab, {"minio-replicate", "status", "--alias", "myminio", "--bucket", "data", "--output", "json"});
    CHECK(r.exit_code == 11);
    CHECK(r.json()["result"]["targets"][0]["lag_seconds"].get<double>() == Approx(600.002));
    CHECK(r.json()["error"]["message"].get<std::string>().find("127.0.0.1:9100/data-backup is 600 s behind") !=
          std::string::npos);
    r = reos_run(lab, {"minio-replicate", "status", "--alias", "myminio", "--bucket", "data", "--objective-rpo", "15m"});
    CHECK(r.exit_code == 0);
    std::filesystem::remove(lab.state_dir() + "/" + MinioLab::state_file_name(kDr));
    r = reos_run(lab, {"minio-replicate", "status", "--alias", "myminio", "--bucket", "data", "--output", "json"});
    CHECK(r.exit_code == 10);
    CHECK(r.json()["result"]["targets"][0]["online"] == false);
    CHECK(r.json()["result"]["targets"][0]["lag_seconds"].is_null());  // never seen online: unknown
    CHECK(r.json()["error"]["message"].get<std::string>().find("offline") != std::string::npos);
  }
  SECTION("status without replication is a finding") {
    auto r = reos_run(lab, {"minio-replicate", "status", "--alias", "myminio", "--bucket", "backup"});
    CHECK(r.exit_code == 10);
    CHECK(r.err.find("no replication is configured") != std::string::npos);
  }
  SECTION("rm needs --rule-id or --all") {
    auto r = reos_run(lab, {"minio-replicate", "rm", "--alias", "myminio", "--bucket", "data"});
    CHECK(r.exit_code == 2);
    CHECK(lab.cmdlines().empty());
  }
}

TEST_CASE("minio-lifecycle: the seed's memo policy, invalid policies, export", "[minio]") {
  MinioLab lab;
  const std::string policy = lab.write("memo-lifecycle.json", kSeedMemoPolicy);
  auto r = reos_run(lab, {"minio-lifecycle", "import", "--alias", "myminio", "--bucket", "realestate-memos", "--file", policy,
                          "--output", "json"});
  CHECK(r.exit_code == 0);
  CHECK(r.json()["result"]["rule_ids"] == nlohmann::json::array({"DeleteOldVersions"}));
  CHECK(lab.server(kPrimary)["buckets"]["realestate-memos"]["lifecycle"]["Rules"][0]["Expiration"]["Days"] == 90);

  const std::string out_file = lab.dir() + "/exported.json";
  r = reos_run(lab, {"minio-lifecycle", "export", "--alias", "myminio", "--bucket", "realestate-memos", "--file", out_file,
                     "--output", "json"});
  CHECK(r.exit_code == 0);
  CHECK(r.json()["result"]["rules"][0]["ID"] == "DeleteOldVersions");
  struct stat st {};
  REQUIRE(::stat(out_file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(nlohmann::json::parse(lab.read(out_file)) == nlohmann::json::parse(kSeedMemoPolicy));

  SECTION("invalid policies are rejected before mc runs") {
    const std::pair<const char*, const char*> cases[] = {
        {"{\"Rules\":[{\"ID\":\"x\",\"Status\":\"Enabled\",\"Expiration\":{\"Days\":0}}]}", "Rules[0].Expiration.Days"},
        {"{\"Rules\":[{\"ID\":\"x\",\"Status\":\"enabled\",\"Expiration\":{\"Days\":3}}]}", "Rules[0].Status"},
        {"{\"Rules\":[{\"ID\":\"x\",\"Status\":\"Enabled\",\"Expiraton\":{\"Days\":3}}]}", "Rules[0].Expiraton"},
        {"{\"Rules\":[", "not valid JSON"},
        {"<LifecycleConfiguration/>", "is XML"},
        {"{\"Rules\":[]}", "Rules is empty"},
    };
    for (const auto& [text, expected] : cases) {
      const std::string f = lab.write("bad.json", text);
      auto bad = reos_run(lab, {"minio-lifecycle", "import", "--alias", "myminio", "--bucket", "data", "--file", f});
      INFO(text);
      CHECK(bad.exit_code == 2);
      CHECK(bad.err.find(expected) != std::string::npos);
      auto dry = reos_run(lab, {"minio-lifecycle", "import", "--alias", "myminio", "--bucket", "data", "--file", f, "--dry-run"});
      CHECK(dry.exit_code == 2);
    }
    CHECK(mc_runs(lab) == 4);  // only the good import and export above: version + call, twice
  }
  SECTION("export of a bucket without lifecycle") {
    r = reos_run(lab, {"minio-lifecycle", "export", "--alias", "myminio", "--bucket", "backup", "--output", "json"});
    CHECK(r.exit_code == 0);
    CHECK(r.json()["result"]["configured"] == false);
  }
  SECTION("bucket not found") {
    r = reos_run(lab, {"minio-lifecycle", "import", "--alias", "myminio", "--bucket", "nosuchbucket", "--file", policy});
    CHECK(r.exit_code == 5);
    CHECK(r.err.find("The specified bucket does not exist") != std::string::npos);
  }
}

TEST_CASE("minio-mirror: counts, error lines with mc exit 0, copy failures", "[minio]") {
  MinioLab lab;
  lab.bucket(kPrimary, "realestate-memos", {{"versioning", "Enabled"}, {"objects", {{"a.txt", 10}, {"dir/b.txt", 20}}}});
  lab.bucket(kDr, "data-backup", {{"versioning", "Enabled"}, {"objects", {{"a.txt", 99}, {"stale.txt", 5}}}});

  SECTION("overwrite not allowed: mc exits 0, we do not") {
    auto r =
        reos_run(lab, {"minio-mirror", "--source", "myminio/realestate-memos", "--target", "dr/data-backup", "--output", "json"});
    CHECK(r.exit_code == 5);
    auto j = r.json();
    CHECK(j["result"]["mc_exit_code"] == 0);
    CHECK(j["result"]["objects_copied"] == 1);
    CHECK(j["result"]["error_count"] == 1);
    CHECK(j["error"]["message"].get<std::string>().find("(mc exited 0)") != std::string::npos);
    CHECK(j["error"]["hint"].get<std::string>().find("--overwrite") != std::string::npos);
  }
  SECTION("with --overwrite --remove: success and counts") {
    auto r = reos_run(lab, {"minio-mirror", "--source", "myminio/realestate-memos", "--target", "dr/data-backup", "--overwrite",
                            "--remove", "--output", "json"});
    CHECK(r.exit_code == 0);
    auto j = r.json();
    CHECK(j["result"]["objects_copied"] == 2);
    CHECK(j["result"]["objects_removed"] == 1);
    CHECK(j["result"]["bytes_transferred"] == 30);
    auto objects = lab.server(kDr)["buckets"]["data-backup"]["objects"];
    CHECK(objects.size() == 2);
    CHECK(objects["a.txt"] == 10);
  }
  SECTION("a failed copy is not counted as copied") {
    auto r = reos_run(
        lab,
        {"minio-mirror", "--source", "myminio/realestate-memos", "--target", "dr/data-backup", "--overwrite", "--output", "json"},
        {{"FAKE_MC_FAULT", "storage-full"}, {"FAKE_MC_FAULT_OP", "mirror"}});
    CHECK(r.exit_code == 5);
    auto j = r.json();
    CHECK(j["result"]["objects_copied"] == 0);
    CHECK(j["result"]["objects_failed"] == 1);
    CHECK(j["error"]["upstream"]["error_name"] == "XMinioStorageFull");
  }
  SECTION("a local directory as source") {
    const std::string src = lab.dir() + "/srv";
    std::filesystem::create_directories(src + "/etc");
    lab.write("srv/db.sql", std::string(100, 'x'));
    lab.write("srv/etc/app.conf", "k=v\n");
    auto r = reos_run(lab, {"minio-mirror", "--source", src, "--target", "myminio/backup", "--output", "json"});
    CHECK(r.exit_code == 0);
    CHECK(r.json()["result"]["objects_copied"] == 2);
    CHECK(lab.server(kPrimary)["buckets"]["backup"]["objects"]["etc/app.conf"] == 4);
  }
  SECTION("source bucket missing") {
    auto r = reos_run(lab, {"minio-mirror", "--source", "myminio/nosuchbucket", "--target", "dr/data-backup"});
    CHECK(r.exit_code == 5);
    CHECK(r.err.find("does not exist") != std::string::npos);
  }
}

TEST_CASE("minio-config-export: 0600 file, never stdout unless asked", "[minio]") {
  MinioLab lab;
  const std::string file = lab.dir() + "/minio-config.txt";
  auto r = reos_run(lab, {"minio-config-export", "--alias", "myminio", "--file", file, "--output", "json"});
  CHECK(r.exit_code == 0);
  std::ifstream plain(std::string(REOS_FIXTURES_DIR) + "/mc/admin-config-export.plain.txt");
  std::ostringstream expected;
  expected << plain.rdbuf();
  CHECK(lab.read(file) == expected.str());
  CHECK(r.out.find("replication_max_workers") == std::string::npos);
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  r = reos_run(lab, {"minio-config-export", "--alias", "myminio", "--print"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == expected.str());
  r = reos_run(lab, {"minio-config-export", "--alias", "myminio", "--print", "--output", "json"});
  CHECK(r.exit_code == 2);
  r = reos_run(lab, {"minio-config-export", "--alias", "myminio", "--file", file}, {{"FAKE_MC_FAULT", "access-denied"}});
  CHECK(r.exit_code == 5);
}

TEST_CASE("minio: text where JSON was expected is an upstream error with its first line", "[minio]") {
  MinioLab lab;
  auto r = reos_run(lab, {"minio-version", "status", "--alias", "myminio", "--bucket", "backup", "--output", "json"},
                    {{"FAKE_MC_NOTICE", "1"}});
  CHECK(r.exit_code == 5);
  CHECK(r.json()["error"]["message"].get<std::string>().find("printed text where JSON was expected") != std::string::npos);
  CHECK(r.json()["error"]["message"].get<std::string>().find("Configuration written to") != std::string::npos);
}

TEST_CASE("minio: --dry-run of every mutating command prints the redacted plan and runs nothing", "[minio]") {
  MinioLab lab;
  const std::string policy = lab.write("p.json", kSeedMemoPolicy);
  const auto before = lab.server(kPrimary);
  const std::vector<std::vector<std::string>> commands = {
      {"minio-version", "enable", "--alias", "myminio", "--bucket", "data"},
      {"minio-version", "suspend", "--alias", "myminio", "--bucket", "data"},
      {"minio-replicate", "add", "--alias", "myminio", "--bucket", "data", "--remote-alias", "dr", "--remote-bucket",
       "data-backup"},
      {"minio-replicate", "rm", "--alias", "myminio", "--bucket", "data", "--all"},
      {"minio-lifecycle", "import", "--alias", "myminio", "--bucket", "data", "--file", policy},
      {"minio-mirror", "--source", "myminio/backup", "--target", "dr/data-backup", "--remove"},
      {"minio-config-export", "--alias", "myminio", "--file", lab.dir() + "/never-written.txt"},
  };
  for (auto args : commands) {
    args.push_back("--dry-run");
    auto r = reos_run(lab, args);
    INFO(args[0] << " " << args[1]);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("# dry run: nothing was executed") == 0);
    CHECK(r.out.find("MC_HOST_myminio='<redacted>'") != std::string::npos);
    CHECK(r.out.find("--json") != std::string::npos);
    args.push_back("--output=json");
    r = reos_run(lab, args);
    CHECK(r.exit_code == 0);
    CHECK(r.json()["result"]["dry_run"] == true);
  }
  CHECK(lab.cmdlines().empty());
  CHECK(lab.server(kPrimary) == before);
  CHECK_FALSE(std::filesystem::exists(lab.dir() + "/never-written.txt"));
}

TEST_CASE("minio: aliases from a minio:ALIAS section config section", "[minio]") {
  MinioLab lab;
  const std::string cfg =
      lab.write("reos.conf", std::string("[minio:site1]\nurl = http://127.0.0.1:9000/\naccess-key = minioadmin\n"
                                         "secret-key = ") +
                                 kMyminioSecret + "\n");
  ::chmod(cfg.c_str(), 0600);
  auto r = reos_run(lab, {"minio-version", "status", "--alias", "site1", "--bucket", "backup", "--config", cfg});
  CHECK(r.exit_code == 0);
  CHECK(lab.cmdlines().find("site1/backup") != std::string::npos);

  ::chmod(cfg.c_str(), 0644);  // a secret in a file others can read
  r = reos_run(lab, {"minio-version", "status", "--alias", "site1", "--bucket", "backup", "--config", cfg});
  CHECK(r.exit_code == 3);
}
