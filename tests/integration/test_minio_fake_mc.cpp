// The stand-in mc itself: it must answer like the real one, byte for byte where fixtures
// exist, or the MinIO tests prove nothing. Runs tests/fakes/fake_mc directly.
#include <algorithm>
#include <optional>

#include <catch2/catch.hpp>

#include "support/fake_minio.hpp"

using reos::testing::MinioLab;

namespace {

struct McRun {
  int exit_code;
  std::string out, err;
};

McRun fake_mc(const MinioLab& lab, const std::vector<std::string>& args, std::map<std::string, std::string> env = {},
              std::optional<std::string> stdin_data = std::nullopt) {
  auto runner = reos::process::make_system_runner();
  reos::process::Invocation inv;
  inv.purpose = "fake mc";
  inv.program = REOS_FAKE_MC;
  inv.args = args;
  env["FAKE_MC_STATE"] = lab.state_dir();
  env["MC_HOST_myminio"] = std::string("http://minioadmin:") + reos::testing::kMyminioSecret + "@127.0.0.1:9000";
  inv.env_overrides = env;
  inv.stdin_data = stdin_data;
  inv.timeout = std::chrono::milliseconds(20000);
  auto r = runner->run(inv);
  return {r.exit_code, r.out, r.err};
}

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(REOS_FIXTURES_DIR) + "/mc/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream b;
  b << in.rdbuf();
  return b.str();
}

std::vector<std::string> json_args(const MinioLab& lab, std::vector<std::string> words) {
  std::vector<std::string> a{"--json", "--config-dir=" + lab.dir() + "/mcconfig"};
  a.insert(a.end(), words.begin(), words.end());
  return a;
}

}  // namespace

TEST_CASE("fake mc: --version answers like the MinIO client and like Midnight Commander", "[minio][fake]") {
  MinioLab lab;
  auto r = fake_mc(lab, {"--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.out ==
        "fake-mc version RELEASE.2025-08-13T08-35-41Z (commit-id=7394ce0dd2a80935aded936b09fa12cbb3cb8096)\n"
        "Runtime: go1.24.6 linux/amd64\nCopyright (c) 2015-2025 MinIO, Inc.\n"
        "License GNU AGPLv3 <https://www.gnu.org/licenses/agpl-3.0.html>\n");
  r = fake_mc(lab, {"--version"}, {{"FAKE_MC_RELEASE", "RELEASE.2022-01-29T01-03-27Z"}});
  CHECK(r.out == "fake-mc version RELEASE.2022-01-29T01-03-27Z\n");
  r = fake_mc(lab, {"--version"}, {{"FAKE_MC_MODE", "midnight"}});
  CHECK(r.exit_code == 0);
  CHECK(r.out == fixture("mc-version.midnight-commander-4.8.29.txt"));
}

TEST_CASE("fake mc: documents are byte-identical to the fixtures", "[minio][fake]") {
  MinioLab lab;
  SECTION("version enable, info, bucket not found, alias not found") {
    lab.bucket("127.0.0.1:9000", "data", {{"versioning", ""}});
    auto r = fake_mc(lab, json_args(lab, {"version", "info", "myminio/data"}));
    CHECK(r.out == fixture("version-info.unversioned.json"));
    r = fake_mc(lab, json_args(lab, {"version", "enable", "myminio/data"}));
    CHECK(r.exit_code == 0);
    CHECK(r.out == fixture("version-enable.success.json"));
    r = fake_mc(lab, json_args(lab, {"version", "info", "myminio/data"}));
    CHECK(r.out == fixture("version-info.enabled.json"));
    r = fake_mc(lab, json_args(lab, {"version", "enable", "myminio/nosuchbucket"}));
    CHECK(r.exit_code == 1);
    CHECK(r.out == fixture("version-enable.bucket-not-found.json"));
    CHECK(r.err.empty());
    r = fake_mc(lab, json_args(lab, {"version", "enable", "nosuch/data"}));
    CHECK(r.out == fixture("version-enable.alias-not-found.json"));
    r = fake_mc(lab, json_args(lab, {"version", "enable", "myminio/data"}), {{"FAKE_MC_FAULT", "access-denied"}});
    CHECK(r.out == fixture("version-enable.access-denied.json"));
    r = fake_mc(lab, json_args(lab, {"version", "enable", "myminio/data"}), {{"FAKE_MC_FAULT", "connection-refused"}});
    CHECK(r.out == fixture("version-enable.connection-refused.json"));
    r = fake_mc(lab, json_args(lab, {"version", "enable", "myminio/data"}), {{"FAKE_MC_FAULT", "not-implemented"}});
    CHECK(r.out == fixture("version-enable.single-drive-not-implemented.json"));
  }
  SECTION("replicate and lifecycle errors") {
    auto r = fake_mc(lab, json_args(lab, {"replicate", "ls", "myminio/data"}));
    CHECK(r.out == fixture("replicate-ls.not-configured.json"));
    r = fake_mc(lab, json_args(lab, {"replicate", "add", "myminio/data"}));
    CHECK(r.out == fixture("replicate-add.missing-remote-bucket-flag.json"));
    r = fake_mc(lab, json_args(lab, {"replicate", "rm", "myminio/data"}));
    CHECK(r.out == fixture("replicate-rm.missing-id.json"));
    r = fake_mc(lab, json_args(lab, {"replicate", "rm", "--force", "myminio/data"}));
    CHECK(r.out == fixture("replicate-rm.missing-all-with-force.json"));
    r = fake_mc(lab, json_args(lab, {"replicate", "add", "myminio/data", "--remote-bucket", "nosuch/data-backup"}));
    CHECK(r.out == fixture("replicate-add.remote-alias-not-found.json"));
    r = fake_mc(lab,
                json_args(lab, {"replicate", "add", "myminio/data", "--remote-bucket",
                                std::string("http://repl-user:") + reos::testing::kDrSecret + "@127.0.0.1:9100/data-backup"}));
    CHECK(r.out == fixture("replicate-add.source-not-versioned.json"));
    r = fake_mc(lab, json_args(lab, {"ilm", "rule", "import", "myminio/data"}), {}, std::string("{\"Rules\":[]}"));
    CHECK(r.out == fixture("ilm-import.no-rules.json"));
    r = fake_mc(lab, json_args(lab, {"ilm", "rule", "import", "myminio/data"}), {}, std::string(""));
    CHECK(r.out == fixture("ilm-import.empty-stdin.json"));
    r = fake_mc(lab, json_args(lab, {"ilm", "rule", "import", "myminio/data"}), {}, std::string("<LifecycleConfiguration>"));
    CHECK(r.out == fixture("ilm-import.invalid-json.json"));
    r = fake_mc(lab, json_args(lab, {"ilm", "rule", "import", "myminio/data"}), {}, std::string("{\"Rules\":["));
    CHECK(r.out == fixture("ilm-import.truncated-json.json"));
    r = fake_mc(lab, json_args(lab, {"ilm", "rule", "import", "myminio/data"}), {}, std::string("{\"Rules\":{\"ID\":\"x\"}}"));
    CHECK(r.out == fixture("ilm-import.wrong-type.json"));
    r = fake_mc(lab, json_args(lab, {"ilm", "rule", "import", "nosuch/data"}), {}, fixture("input.lifecycle.json"));
    CHECK(r.out == fixture("ilm-import.alias-not-found.json"));
    r = fake_mc(lab, json_args(lab, {"ilm", "rule", "export", "myminio/data"}));
    CHECK(r.out == fixture("ilm-export.not-set.json"));
    r = fake_mc(lab, json_args(lab, {"ilm", "rule", "import", "myminio/data"}), {}, fixture("input.lifecycle.json"));
    CHECK(r.out == fixture("ilm-import.success.json"));
    r = fake_mc(lab, json_args(lab, {"ilm", "rule", "export", "myminio/data"}));
    CHECK(r.out == fixture("ilm-export.success.json"));
  }
  SECTION("admin commands") {
    auto r = fake_mc(lab, json_args(lab, {"admin", "config", "export", "myminio"}));
    CHECK(r.out == fixture("admin-config-export.success.json"));
    r = fake_mc(lab, json_args(lab, {"admin", "config", "export", "nosuch"}));
    CHECK(r.out == fixture("admin-config-export.alias-not-found.json"));
    r = fake_mc(lab, json_args(lab, {"admin", "config", "export", "myminio"}), {{"FAKE_MC_FAULT", "access-denied"}});
    CHECK(r.out == fixture("admin-config-export.access-denied.json"));
    r = fake_mc(lab, json_args(lab, {"admin", "bucket", "remote", "add", "myminio/data", "https://u:p@h:9000/b"}));
    CHECK(r.exit_code == 1);
    CHECK(r.out == fixture("admin-bucket-remote-add.deprecated.json"));
  }
}

TEST_CASE("fake mc: argv is checked the way mc checks it", "[minio][fake]") {
  MinioLab lab;
  // Unknown flag: text on stderr, never JSON, exit 1.
  auto r = fake_mc(lab, json_args(lab, {"admin", "bucket", "remote", "add", "myminio/data", "https://u:p@h:9000/b", "--service",
                                        "replication"}));
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  // mc prints the basename of argv[0] first: "fake-mc" here.
  CHECK(r.err.rfind("fake-" + fixture("usage-error.unknown-flag.head.stderr.txt"), 0) == 0);
  // Wrong number of arguments: help text on stdout, exit 1.
  r = fake_mc(lab, json_args(lab, {"version", "enable"}));
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind("NAME:", 0) == 0);
  // Unknown sub-command: the envelope.
  r = fake_mc(lab, json_args(lab, {"version", "enabel", "myminio/data"}));
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("`enabel` is not a recognized command.") != std::string::npos);
  // A terminal gets indented, multi-line documents.
  r = fake_mc(lab, json_args(lab, {"version", "info", "myminio/nosuchbucket"}), {{"FAKE_MC_PRETTY", "1"}});
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') > 5);
}
