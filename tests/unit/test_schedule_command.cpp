// commands/schedule through the whole program: options from the table, no child program, files
// written atomically with --write, values handed on to the scheduled runs.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "support/app.hpp"
#include "support/helpers.hpp"

using nlohmann::json;
using Argv = std::vector<std::string>;

namespace {

// Root, as schedule may run (it writes /etc/cron.d and runs no pgBackRest), without HOME; the
// runner has nothing scripted: any child program fails the test.
struct RootApp : reos::testing::App {
  RootApp() {
    euid = 0;
    now = kIncrStop;
    env.erase("HOME");
  }
};

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("schedule command: the seed's cron file on stdout, as root, running nothing", "[schedule]") {
  RootApp app;
  REQUIRE(app.run({"schedule", "--stanza", "realestate-db"}) == 0);
  const std::string out = app.out.str();
  CHECK(has(out,
            "\n0 2 * * 0 postgres /usr/bin/flock -n /run/lock/reos-backup-realestate-db.lock "
            "/usr/bin/reos-backup backup --stanza realestate-db --type full\n"));
  CHECK(has(out, "\n0 2 * * 1-6 postgres "));
  CHECK(has(out, "\n0 */6 * * * postgres "));
  CHECK(app.runner.seen().empty());
}

TEST_CASE("schedule command: options change user, times, binary, paths are handed on", "[schedule]") {
  RootApp app;
  app.env["REOS_PGBACKREST_CONFIG"] = "/etc/pgbackrest/other.conf";  // cron would not have it
  REQUIRE(app.run({"schedule", "--stanza", "main", "--user", "pgbackup", "--full-at", "Sat 03:15", "--diff-at", "off",
                   "--incr-every", "12h", "--verify-at", "off", "--bin", "/opt/reos/bin/reos-backup", "--output", "json"}) == 0);
  const json doc = json::parse(app.out.str());
  const auto& jobs = doc["result"]["jobs"];
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0]["cron"] == "15 3 * * 6");
  CHECK(jobs[0]["on_calendar"] == "Sat *-*-* 03:15:00 UTC");
  CHECK(jobs[1]["cron"] == "0 */12 * * *");
  CHECK(jobs[0]["argv"] ==
        json::array({"/usr/bin/flock", "-n", "/run/lock/reos-backup-main.lock", "/opt/reos/bin/reos-backup", "backup", "--stanza",
                     "main", "--type", "full", "--pgbackrest-config", "/etc/pgbackrest/other.conf"}));
  CHECK(has(doc["result"]["files"][0]["content"].get<std::string>(), "15 3 * * 6 pgbackup /usr/bin/flock"));
}

TEST_CASE("schedule command: --write puts the units in place with mode 0644", "[schedule]") {
  reos::testing::TempDir dir;
  RootApp app;
  REQUIRE(app.run({"schedule", "--stanza", "main", "--format", "systemd", "--write", dir.path()}) == 0);
  struct stat st {};
  REQUIRE(::stat((dir.path() + "/reos-backup-main-full.timer").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);
  CHECK(has(reos::testing::read_file(dir.path() + "/reos-backup-main-incr.service"), "Type=oneshot\nUser=postgres\n"));
  CHECK(has(app.out.str(), "systemctl daemon-reload"));
}

TEST_CASE("schedule command: bad times and --dry-run", "[schedule]") {
  RootApp app;
  CHECK(app.run({"schedule", "--stanza", "main", "--full-at", "Sunday"}) == 2);
  CHECK(has(app.err.str(), "--full-at"));
  RootApp none;
  CHECK(none.run({"schedule", "--stanza", "main", "--format", "yaml"}) == 2);
  // --dry-run with --write writes nothing: the plan of a command that runs no program is empty.
  reos::testing::TempDir dir;
  RootApp dry;
  REQUIRE(dry.run({"schedule", "--stanza", "main", "--write", dir.path(), "--dry-run"}) == 0);
  struct stat st {};
  CHECK(::stat((dir.path() + "/reos-backup-main").c_str(), &st) != 0);
}

TEST_CASE("schedule command: --mirror renders an mc mirror --watch service, its keys never in the unit", "[schedule][minio]") {
  RootApp app;
  app.env["REOS_MINIO_MYMINIO_URL"] = "https://minio.example.com";
  app.env["REOS_MINIO_MYMINIO_ACCESS_KEY"] = "primary-key";
  app.env["REOS_MINIO_MYMINIO_SECRET_KEY"] = "primary-secret-value";
  app.env["REOS_MINIO_S3BACKUP_URL"] = "https://backup.example.com:9000";
  app.env["REOS_MINIO_S3BACKUP_ACCESS_KEY"] = "backup-key";
  app.env["REOS_MINIO_S3BACKUP_SECRET_KEY"] = "backup-secret-value";
  const Argv args{"schedule",
                  "--stanza",
                  "main",
                  "--format",
                  "systemd",
                  "--mirror",
                  "myminio/realestate-memos=s3backup/realestate-memos",
                  "--mc-bin",
                  "/usr/bin/true",
                  "--textfile",
                  "/var/lib/prometheus/node-exporter/reos.prom",
                  "--output",
                  "json"};
  REQUIRE(app.run(args) == 0);
  const std::string out = app.out.str();
  CHECK_FALSE(has(out, "primary-secret-value"));
  CHECK_FALSE(has(out, "backup-secret-value"));
  CHECK_FALSE(has(out, "primary-key"));
  const json doc = json::parse(out);
  const std::string unit = "reos-backup-mirror-myminio-realestate-memos-to-s3backup-realestate-memos";
  REQUIRE(doc["result"]["mirrors"].size() == 1);
  CHECK(doc["result"]["mirrors"][0]["credential_variables"] == json::array({"MC_HOST_myminio", "MC_HOST_s3backup"}));
  std::map<std::string, std::string> files;
  for (const auto& f : doc["result"]["files"]) files[f["name"]] = f["content"];
  const std::string& svc = files.at(unit + ".service");
  CHECK(has(svc, "\nExecStart=/usr/bin/true --json --config-dir=/run/" + unit +
                     " mirror --watch myminio/realestate-memos s3backup/realestate-memos\n"));
  CHECK(has(svc, "\nRestart=always\n"));
  CHECK(has(svc, "\nEnvironmentFile=/etc/reos-backup/mirror.env\n"));
  CHECK(has(svc, "\nRuntimeDirectory=" + unit + "\n"));
  CHECK(has(svc, "\nDynamicUser=yes\n"));
  // The metrics job watches the mirror it was scheduled with.
  CHECK(has(files.at("reos-backup-main-metrics.service"), " --mirror myminio/realestate-memos=s3backup/realestate-memos\n"));

  // A mirror is a service: cron cannot run one; a pair needs both ends; aliases must exist.
  RootApp cron;
  cron.env = app.env;
  CHECK(cron.run({"schedule", "--stanza", "main", "--mirror", "myminio/a1b=s3backup/a1b", "--mc-bin", "/usr/bin/true"}) == 2);
  CHECK(has(cron.err.str(), "--mirror needs --format systemd"));
  RootApp half;
  half.env = app.env;
  CHECK(half.run({"schedule", "--stanza", "main", "--format", "systemd", "--mirror", "myminio/realestate-memos", "--mc-bin",
                  "/usr/bin/true"}) == 2);
  CHECK(has(half.err.str(), "SOURCE=TARGET"));
  RootApp unknown;
  unknown.env = app.env;
  CHECK(unknown.run({"schedule", "--stanza", "main", "--format", "systemd", "--mirror", "myminio/memos=dr/memos", "--mc-bin",
                     "/usr/bin/true"}) == 3);
}

TEST_CASE("schedule command: --credentials makes every job load the secret with LoadCredential=", "[schedule][secret]") {
  RootApp app;
  REQUIRE(app.run({"schedule", "--stanza", "main", "--format", "systemd", "--credentials", "repo1-cipher-pass", "--output",
                   "json"}) == 0);
  const json doc = json::parse(app.out.str());
  int services = 0;
  for (const auto& f : doc["result"]["files"]) {
    const std::string name = f["name"];
    if (name.find(".service") == std::string::npos) continue;
    ++services;
    CHECK(has(f["content"].get<std::string>(),
              "\nLoadCredential=repo1-cipher-pass:/etc/reos-backup/credentials/repo1-cipher-pass\n"));
  }
  CHECK(services == 4);
  RootApp bad;
  CHECK(bad.run({"schedule", "--stanza", "main", "--format", "systemd", "--credentials", "stanza"}) == 2);
  CHECK(has(bad.err.str(), "'stanza' is not a secret"));
  RootApp cron;
  CHECK(cron.run({"schedule", "--stanza", "main", "--credentials", "repo1-cipher-pass"}) == 2);
}
