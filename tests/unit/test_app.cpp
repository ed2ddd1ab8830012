// reos/cli/app: the whole program with a scripted runner, a fixed clock and euid.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include "reos/cli/app.hpp"
#include "reos/process/signals.hpp"
#include "reos/util/text.hpp"
#include "support/app.hpp"
#include "support/helpers.hpp"
#include "support/scripted_runner.hpp"

using nlohmann::json;
using reos::testing::App;
using reos::testing::pgbackrest_fixture;
using reos::testing::ScriptedRunner;
using Argv = std::vector<std::string>;

namespace {

const std::string kBinOpt = "--pgbackrest-bin=/bin/true";  // exists, so locating succeeds
const std::string kBin = "/bin/true";                      // what locate_program returns for it
const std::string kFull = "20261124-011354F";
const std::string kDiff = "20261124-011354F_20261124-011404D";
const std::string kIncr = "20261124-011354F_20261124-011438I";

Argv info_argv(const std::string& stanza = "lab") {
  Argv a{kBin};
  if (!stanza.empty()) a.push_back("--stanza=" + stanza);
  a.insert(a.end(), {"--log-level-console=off", "--output=json", "info"});
  return a;
}
Argv backup_argv(const std::string& type, const std::string& stanza = "lab") {
  return {kBin, "--stanza=" + stanza, "--log-level-console=off", "--type=" + type, "backup"};
}
Argv stanza_create_argv(const std::string& stanza = "lab") {
  return {kBin, "--stanza=" + stanza, "--log-level-console=off", "stanza-create"};
}

void check_one_error_line(const std::string& err) {
  INFO("stderr: " << err);
  REQUIRE_FALSE(err.empty());
  CHECK(std::count(err.begin(), err.end(), '\n') == 1);
  CHECK(err.back() == '\n');
  CHECK(err.rfind("reos-backup: error: ", 0) == 0);
}

std::vector<std::string> purposes(const json& doc) {
  std::vector<std::string> out;
  for (const auto& inv : doc["invocations"]) out.push_back(inv["purpose"].get<std::string>());
  return out;
}

// Clears a pretend signal even when a check fails.
struct InterruptGuard {
  explicit InterruptGuard(int sig) { reos::process::set_interrupt_for_testing(sig); }
  ~InterruptGuard() { reos::process::set_interrupt_for_testing(0); }
};

}  // namespace

TEST_CASE("app: a full backup (info before, backup, info after) reports the new backup", "[app][backup]") {
  App app;
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-a4-stanza-no-backups"))
      .expect(backup_argv("full"), 0)
      .expect(info_argv(), 0, pgbackrest_fixture("info-json-b-one-full"));
  const int rc = app.run({"backup", "--stanza=lab", "--type=full", "--output=json", kBinOpt});
  INFO(app.out.str() << app.err.str());
  CHECK(rc == 0);
  CHECK(app.runner.all_consumed());
  CHECK(app.err.str() == "");
  const json j = app.doc();
  CHECK(j["ok"] == true);
  CHECK(j["exit_code"] == 0);
  CHECK(j["command"] == "backup");
  CHECK(j["error"].is_null());
  const json& r = j["result"];
  CHECK(r["stanza"] == "lab");
  CHECK(r["requested_type"] == "full");
  CHECK(r["label"] == kFull);
  CHECK(r["type"] == "full");
  CHECK(r["warnings"] == json::array());
  CHECK(r["backup"]["size_bytes"] == 23213947);
  CHECK(r["backup"]["repo_size_bytes"] == 2861248);
  CHECK(r["backup"]["start"] == "2026-11-24T01:13:54Z");
  CHECK(r["backup"]["stop"] == "2026-11-24T01:13:57Z");
  CHECK(r["backup"]["wal_start"] == "000000010000000000000003");
  CHECK(purposes(j) == std::vector<std::string>{"info (before backup)", "backup", "info (after backup)"});
  CHECK(j["invocations"][1]["argv"] == backup_argv("full"));
  CHECK(j["invocations"][1]["exit_code"] == 0);
}

TEST_CASE("app: backup in text mode, default type incr, new label among several", "[app][backup]") {
  App app;
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-b-one-full"))
      .expect(backup_argv("incr"), 0, "", "WARN: a warning from pgBackRest\n")
      .expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"));
  CHECK(app.run({"backup", "--stanza", "lab", kBinOpt}) == 0);
  CHECK(app.runner.all_consumed());
  // Of the two labels that appeared, the one that stopped last is the new backup.
  CHECK(app.out.str() == "incr backup " + kIncr +
                             " of stanza 'lab' done: 2026-11-24 01:14:38 UTC .. 2026-11-24 01:14:41 UTC, 476.1 MiB (25.9 MiB in "
                             "repo1), took 0ms\n"
                             "  warning: a warning from pgBackRest\n");
  CHECK(app.err.str() == "");
}

TEST_CASE("app: backup --repo passes the repository to info and backup", "[app][backup]") {
  App app;
  const Argv info1 = {kBin, "--stanza=lab", "--log-level-console=off", "--output=json", "--repo=1", "info"};
  app.runner.expect(info1, 0, pgbackrest_fixture("info-json-a4-stanza-no-backups"))
      .expect({kBin, "--stanza=lab", "--log-level-console=off", "--type=full", "--repo=1", "backup"}, 0)
      .expect(info1, 0, pgbackrest_fixture("info-json-b-one-full"));
  CHECK(app.run({"backup", "--stanza=lab", "--type=full", "--repo=1", "--output=json", kBinOpt}) == 0);
  CHECK(app.runner.all_consumed());
  CHECK(app.doc()["result"]["label"] == kFull);
}

TEST_CASE("app: backup exit 0 without a new backup in info is an upstream failure", "[app][backup]") {
  App app;
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-b-one-full"))
      .expect(backup_argv("incr"), 0)
      .expect(info_argv(), 0, pgbackrest_fixture("info-json-b-one-full"));
  CHECK(app.run({"backup", "--stanza=lab", "--output=json", kBinOpt}) == 5);
  const json j = app.doc();
  CHECK(j["error"]["code"] == "upstream_failed");
  CHECK(j["error"]["message"] == "pgbackrest backup exited 0 but info lists no new backup");
  check_one_error_line(app.err.str());
}

TEST_CASE("app: a backup that completed before pgBackRest failed (expire on an unreachable repo) is done, with a warning",
          "[app][backup]") {
  App app;
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-b-one-full"))
      .expect(backup_argv("incr"), 104, "",
              "ERROR: [104]: expire command encountered 1 error(s), check the log file for details\n")
      .expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"));
  CHECK(app.run({"backup", "--stanza=lab", "--output=json", kBinOpt}) == 0);
  const json j = app.doc();
  CHECK(j["ok"] == true);
  CHECK(j["result"]["label"] != nullptr);
  const std::string w = j["result"]["warnings"].back();
  CHECK(w.find("completed in repo1, but pgbackrest exited 104 after it") != std::string::npos);
  CHECK(w.find("expire") != std::string::npos);
}

TEST_CASE("app: backup with PostgreSQL down exits 5 with pgBackRest's error name", "[app][backup]") {
  App app;
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"))
      .expect(backup_argv("incr"), 56, "", pgbackrest_fixture("err-backup-pg-down", "stderr"))
      // info after a failure too: the backup may have completed before pgBackRest failed (expire)
      .expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"));
  const int rc = app.run({"backup", "--stanza=lab", "--output=json", kBinOpt});
  CHECK(rc == 5);
  CHECK(app.runner.all_consumed());
  const json j = app.doc();
  CHECK(j["ok"] == false);
  CHECK(j["exit_code"] == 5);
  CHECK(j["error"]["code"] == "upstream_failed");
  CHECK(j["error"]["exit_code"] == 5);
  CHECK(j["error"]["upstream"]["program"] == "pgbackrest");
  CHECK(j["error"]["upstream"]["error_name"] == "DbConnectError");
  CHECK(j["error"]["upstream"]["exit_code"] == 56);
  CHECK(j["error"]["upstream"]["argv"] == backup_argv("incr"));
  CHECK(j["error"]["message"] ==
        "pgbackrest backup failed: [56] DbConnectError: unable to find primary cluster - cannot proceed HINT: are "
        "all available clusters in recovery?");
  CHECK(j["result"]["warnings"].size() == 1);
  CHECK(purposes(j) == std::vector<std::string>{"info (before backup)", "backup", "info (after backup)"});
  CHECK(j["invocations"][1]["exit_code"] == 56);
  check_one_error_line(app.err.str());
  CHECK(app.err.str().rfind("reos-backup: error: pgbackrest backup failed: [56] DbConnectError:", 0) == 0);
}

TEST_CASE("app: a failed backup --repo 2 names the repository (pgBackRest's message does not)", "[app][backup][repo]") {
  App app;
  app.runner.answer_with([](const reos::process::Invocation& inv) {
    reos::process::ProcessResult r;
    if (inv.args.back() == "backup") {
      r.exit_code = 49;
      r.err = "ERROR: [049]: unable to connect to 'localhost:55470': [111] Connection refused\n";
    } else {
      r.out = pgbackrest_fixture("info-json-c-full-diff-incr");
    }
    return r;
  });
  CHECK(app.run({"backup", "--stanza=lab", "--repo=2", "--output=json", kBinOpt}) == 5);
  const json j = app.doc();
  CHECK(j["error"]["message"].get<std::string>().rfind("backup to repo2: pgbackrest backup failed: [49] HostConnectError: "
                                                       "unable to connect to 'localhost:55470'",
                                                       0) == 0);
  CHECK(j["error"]["upstream"]["error_name"] == "HostConnectError");
}

TEST_CASE("app: other pgBackRest failures keep their names", "[app][backup]") {
  const std::vector<std::tuple<std::string, int, std::string>> cases = {
      {"err-backup-lock-held", 50, "LockAcquireError"},
      {"err-backup-before-stanza-create", 55, "FileMissingError"},
      {"err-wrong-cipher-pass-backup", 29, "FormatError"},
  };
  for (const auto& [fixture, code, name] : cases) {
    INFO(fixture);
    App app;
    app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"))
        .expect(backup_argv("incr"), code, "", pgbackrest_fixture(fixture, "stderr"))
        .expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"));  // no new backup
    CHECK(app.run({"backup", "--stanza=lab", "--output=json", kBinOpt}) == 5);
    const json j = app.doc();
    CHECK(j["error"]["upstream"]["error_name"] == name);
    CHECK(j["error"]["upstream"]["exit_code"] == code);
    check_one_error_line(app.err.str());
  }
}

TEST_CASE("app: a child timeout exits 6, a spawn failure 4", "[app][backup]") {
  SECTION("timeout") {
    App app;
    reos::process::ProcessResult timed_out;
    timed_out.timed_out = true;
    timed_out.term_signal = SIGTERM;
    app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"))
        .expect_result(backup_argv("incr"), timed_out);
    CHECK(app.run({"backup", "--stanza=lab", "--timeout=90s", "--output=json", kBinOpt}) == 6);
    const json j = app.doc();
    CHECK(j["error"]["code"] == "timeout");
    CHECK(j["error"]["message"] == "'backup' did not finish within 1m30s and was stopped");
    CHECK(j["invocations"][1]["timed_out"] == true);
    CHECK(j["invocations"][1]["signal"] == SIGTERM);
    check_one_error_line(app.err.str());
  }
  SECTION("spawn failure") {
    App app;
    reos::process::ProcessResult failed;
    failed.spawn_failed = true;
    failed.spawn_error = "Permission denied";
    app.runner.expect_result(info_argv(), failed);
    CHECK(app.run({"backup", "--stanza=lab", "--output=json", kBinOpt}) == 4);
    const json j = app.doc();
    CHECK(j["error"]["code"] == "program_missing");
    CHECK(j["error"]["message"] == "could not start '/bin/true': Permission denied");
    check_one_error_line(app.err.str());
  }
}

TEST_CASE("app: an interrupt before a child starts runs nothing and exits 7", "[app]") {
  InterruptGuard guard(SIGINT);
  App app;
  CHECK(app.run({"backup", "--stanza=lab", "--output=json", kBinOpt}) == 7);
  CHECK(app.runner.seen().empty());
  CHECK(app.doc()["error"]["code"] == "interrupted");
  check_one_error_line(app.err.str());
}

TEST_CASE("app: stanza-create twice: created, then already existed", "[app][stanza-create]") {
  SECTION("first run (info: missing stanza path)") {
    App app;
    app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-a3-empty-repo-stanza")).expect(stanza_create_argv(), 0);
    CHECK(app.run({"stanza-create", "--stanza=lab", "--output=json", kBinOpt}) == 0);
    CHECK(app.runner.all_consumed());
    const json j = app.doc();
    CHECK(j["result"] == json{{"stanza", "lab"}, {"created", true}, {"already_existed", false}, {"warnings", json::array()}});
    CHECK(purposes(j) == std::vector<std::string>{"info (before stanza-create)", "stanza-create"});
  }
  SECTION("second run (info: no valid backups)") {
    App app;
    app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-a4-stanza-no-backups"))
        .expect(stanza_create_argv(), 0, pgbackrest_fixture("ok-stanza-create-again"));
    CHECK(app.run({"stanza-create", "--stanza=lab", "--output=json", kBinOpt}) == 0);
    CHECK(app.runner.all_consumed());
    const json j = app.doc();
    CHECK(j["result"]["created"] == false);
    CHECK(j["result"]["already_existed"] == true);
  }
  SECTION("text output") {
    App app;
    app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-a3-empty-repo-stanza")).expect(stanza_create_argv(), 0);
    CHECK(app.run({"stanza-create", "--stanza=lab", kBinOpt}) == 0);
    CHECK(app.out.str() == "stanza 'lab' created\n");
    App again;
    again.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-b-one-full")).expect(stanza_create_argv(), 0);
    CHECK(again.run({"stanza-create", "--stanza=lab", kBinOpt}) == 0);
    CHECK(again.out.str() == "stanza 'lab' already existed and is valid\n");
  }
}

TEST_CASE("app: info of a healthy stanza, with ages from the fixed clock", "[app][info]") {
  App app;
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"));
  CHECK(app.run({"info", "--stanza=lab", "--output=json", kBinOpt}) == 0);
  const json j = app.doc();
  CHECK(j["ok"] == true);
  REQUIRE(j["result"]["stanzas"].size() == 1);
  const json& s = j["result"]["stanzas"][0];
  CHECK(s["name"] == "lab");
  CHECK(s["status"]["ok"] == true);
  CHECK(s["newest"]["incr"]["age_seconds"] == 3600);
  CHECK(s["newest"]["full"]["age_seconds"] == 3644);
  CHECK(s["databases"][0]["system_id"].get<std::uint64_t>() == 7711540027984426105ULL);
  CHECK(j["result"]["warnings"] == json::array());
}

TEST_CASE("app: info in text mode", "[app][info]") {
  App app;
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-b-one-full"));
  CHECK(app.run({"info", "--stanza=lab", kBinOpt}) == 0);
  const std::string out = app.out.str();
  CHECK(out.rfind("stanza lab: ok (ok)\n", 0) == 0);
  CHECK(out.find("  repo1: ok (cipher aes-256-cbc)\n") != std::string::npos);
  CHECK(out.find("  wal archive 15-1 repo1: 000000010000000000000001 .. 000000010000000000000004\n") != std::string::npos);
  CHECK(out.find("  newest full: 20261124-011354F (1h00m ago)\n") != std::string::npos);  // 3644 s
  CHECK(out.find("  newest diff: none\n") != std::string::npos);
  CHECK(app.err.str() == "");
}

TEST_CASE("app: info exits 10 for an unhealthy stanza and still gives the result", "[app][info]") {
  App app;
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-a4-stanza-no-backups"));
  CHECK(app.run({"info", "--stanza=lab", "--output=json", kBinOpt}) == 10);
  const json j = app.doc();
  CHECK(j["ok"] == false);
  CHECK(j["exit_code"] == 10);
  CHECK(j["error"]["code"] == "problem_found");
  CHECK(j["error"]["message"] == "stanza not healthy: 'lab' (no valid backups)");
  CHECK(j["error"]["hint"] == "no backup exists yet: run reos-backup backup --stanza lab --type full");
  REQUIRE(j["result"]["stanzas"].size() == 1);
  CHECK(j["result"]["stanzas"][0]["status"]["code"] == 2);
  check_one_error_line(app.err.str());

  SECTION("text mode: the report on stdout, the one-line error on stderr") {
    App text;
    text.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-a4-stanza-no-backups"));
    CHECK(text.run({"info", "--stanza=lab", kBinOpt}) == 10);
    CHECK(text.out.str().rfind("stanza lab: NOT OK (no valid backups)\n", 0) == 0);
    check_one_error_line(text.err.str());
  }
}

TEST_CASE("app: info edge cases", "[app][info]") {
  SECTION("no stanza in the repository") {
    App app;
    app.runner.expect(info_argv(""), 0, "[]");
    CHECK(app.run({"info", "--output=json", kBinOpt}) == 10);
    CHECK(app.doc()["error"]["message"] == "the repository holds no stanza");
  }
  SECTION("two stanzas, no --stanza") {
    App app;
    app.runner.expect(info_argv(""), 0, pgbackrest_fixture("info-json-e-two-stanzas"));
    CHECK(app.run({"info", "--output=json", kBinOpt}) == 0);
    const json j = app.doc();
    REQUIRE(j["result"]["stanzas"].size() == 2);
    CHECK(j["result"]["stanzas"][1]["name"] == "lab2");
  }
  SECTION("a backup is running") {
    App app;
    app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-backup-running"));
    CHECK(app.run({"info", "--stanza=lab", "--output=json", kBinOpt}) == 0);
    CHECK(app.doc()["result"]["stanzas"][0]["backup_lock_held"] == true);
  }
  SECTION("a wrong cipher pass: status 99, still one valid JSON document") {
    App app;
    app.runner.expect(info_argv(), 0, pgbackrest_fixture("err-wrong-cipher-pass-info-json"));
    CHECK(app.run({"info", "--stanza=lab", "--output=json", kBinOpt}) == 10);
    const json j = app.doc();
    CHECK(j["result"]["stanzas"][0]["status"]["code"] == 99);
    // "other" says nothing: the repository's own message (first line) names the cause.
    CHECK(j["error"]["message"] ==
          "stanza not healthy: 'lab' ([FormatError] unable to load info file '$LAB/repo/backup/lab/backup.info' or "
          "'$LAB/repo/backup/lab/backup.info.copy':)");
    check_one_error_line(app.err.str());
  }
  SECTION("pgBackRest itself fails") {
    App app;
    app.runner.expect(info_argv(), 55, "", "ERROR: [055]: unable to open missing file '/x/missing.conf' for read\n");
    CHECK(app.run({"info", "--stanza=lab", "--output=json", kBinOpt}) == 5);
    const json j = app.doc();
    CHECK(j["error"]["upstream"]["error_name"] == "FileMissingError");
    CHECK(j["error"]["message"] ==
          "pgbackrest info failed: [55] FileMissingError: unable to open missing file "
          "'/x/missing.conf' for read");
  }
  SECTION("pgBackRest prints something that is not JSON") {
    App app;
    app.runner.expect(info_argv(), 0, "P00 INFO: not json\n");
    CHECK(app.run({"info", "--stanza=lab", "--output=json", kBinOpt}) == 5);
    CHECK(app.doc()["error"]["code"] == "upstream_failed");
  }
}

TEST_CASE("app: --dry-run prints the redacted plan and runs nothing", "[app][dry-run]") {
  App app;  // the ScriptedRunner has no expectations: any run would fail the test
  app.env["REOS_REPO1_CIPHER_PASS"] = "dry-run-secret";
  CHECK(app.run({"backup", "--stanza=lab", "--type=full", "--dry-run", "--output=json", kBinOpt}) == 0);
  CHECK(app.runner.seen().empty());
  CHECK(app.out.str().find("dry-run-secret") == std::string::npos);
  CHECK(app.err.str() == "");
  const json j = app.doc();
  CHECK(j["ok"] == true);
  CHECK(j["invocations"] == json::array());
  CHECK(j["result"]["dry_run"] == true);
  const json& plan = j["result"]["plan"];
  REQUIRE(plan.size() == 3);
  CHECK(plan[0]["purpose"] == "info (before backup)");
  CHECK(plan[0]["argv"] == info_argv());
  CHECK(plan[1]["purpose"] == "backup");
  CHECK(plan[1]["argv"] == backup_argv("full"));
  CHECK(plan[1]["env"] == json{{"PGBACKREST_REPO1_CIPHER_PASS", "<redacted>"}});
  CHECK(plan[2]["purpose"] == "info (after backup)");
}

TEST_CASE("app: --dry-run in text mode", "[app][dry-run]") {
  App app;
  app.env["REOS_REPO1_CIPHER_PASS"] = "dry-run-secret";
  CHECK(app.run({"stanza-create", "--stanza=lab", "--dry-run", kBinOpt}) == 0);
  CHECK(app.runner.seen().empty());
  CHECK(app.out.str() ==
        "# dry run: nothing was executed; the plan, with secrets redacted:\n"
        "# info (before stanza-create)\n"
        "PGBACKREST_REPO1_CIPHER_PASS='<redacted>' /bin/true --stanza=lab --log-level-console=off --output=json info\n"
        "# stanza-create\n"
        "PGBACKREST_REPO1_CIPHER_PASS='<redacted>' /bin/true --stanza=lab --log-level-console=off stanza-create\n");
}

TEST_CASE("app: secrets reach the child's environment and nothing we print", "[app][secret]") {
  App app;
  app.env["REOS_REPO1_CIPHER_PASS"] = "leaky-secret-7";
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"))
      .expect(backup_argv("incr"), 29, "", "ERROR: [029]: cannot decrypt with leaky-secret-7\n")
      .expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"));
  CHECK(app.run({"backup", "--stanza=lab", "--output=json", "--log-level=debug", kBinOpt}) == 5);
  REQUIRE(app.runner.seen().size() == 3);
  CHECK(app.runner.seen()[1].env_overrides.at("PGBACKREST_REPO1_CIPHER_PASS") == "leaky-secret-7");
  CHECK(app.out.str().find("leaky-secret-7") == std::string::npos);
  CHECK(app.err.str().find("leaky-secret-7") == std::string::npos);
  const json j = app.doc();
  CHECK(j["error"]["upstream"]["stderr_tail"] == "ERROR: [029]: cannot decrypt with <redacted>");
  CHECK(j["invocations"][1]["env"] == json{{"PGBACKREST_REPO1_CIPHER_PASS", "<redacted>"}});
  // Debug logging says where each setting came from, secrets redacted.
  const std::string err = app.err.str();
  CHECK(err.find("reos-backup: debug: setting repo1-cipher-pass = <redacted> (from environment: "
                 "REOS_REPO1_CIPHER_PASS)\n") != std::string::npos);
  CHECK(err.find("reos-backup: debug: setting stanza = lab (from command line: --stanza)\n") != std::string::npos);
  CHECK(err.find("reos-backup: debug: setting timeout = 12h (from default: default for backup)\n") != std::string::npos);
  // The final error line is the last line of stderr, and the only "error:" line.
  const auto lines = reos::util::split_lines(err);
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back().rfind("reos-backup: error: pgbackrest backup failed: [29]", 0) == 0);
}

TEST_CASE("app: running as root is refused for backup, allowed for info", "[app][root]") {
  SECTION("backup") {
    App app;
    app.euid = 0;
    CHECK(app.run({"backup", "--stanza=lab", "--output=json", kBinOpt}) == 8);
    CHECK(app.runner.seen().empty());
    const json j = app.doc();
    CHECK(j["error"]["code"] == "refused");
    CHECK(j["error"]["exit_code"] == 8);
    check_one_error_line(app.err.str());
  }
  SECTION("stanza-create") {
    App app;
    app.euid = 0;
    CHECK(app.run({"stanza-create", "--stanza=lab", kBinOpt}) == 8);
    CHECK(app.runner.seen().empty());
    CHECK(app.out.str() == "");
  }
  SECTION("info") {
    App app;
    app.euid = 0;
    app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"));
    CHECK(app.run({"info", "--stanza=lab", "--output=json", kBinOpt}) == 0);
    CHECK(app.runner.all_consumed());
  }
  SECTION("a missing program is still reported as such") {
    App app;
    app.euid = 0;
    CHECK(app.run({"backup", "--stanza=lab", "--output=json", "--pgbackrest-bin=/nonexistent"}) == 4);
    CHECK(app.runner.seen().empty());
  }
}

TEST_CASE("app: bad input gives the documented exit code, one JSON document, one stderr line", "[app][bad-input]") {
  reos::testing::TempDir dir;
  const auto unknown_key = dir.write("unknown-key.conf", "[global]\nbogus-key=1\n");
  const auto bad_value = dir.write("bad-value.conf", "[global]\ntimeout=soon\n");
  const auto bad_syntax = dir.write("bad-syntax.conf", "[global]\njust words\n");

  struct Case {
    std::string name;
    Argv args;
    int exit_code;
    std::string code;
    std::string message;  // exact, when given
    reos::config::Environment extra_env = {};
    std::string names = {};  // the bad value (or what is missing), as the message must name it
  };
  // Files the table's commands read (lifecycle policies, checks files, config files).
  const auto lc_bad = dir.write("bad-lifecycle.json", R"({"Rules":[{"ID":"a","Status":"enabled","Expiration":{"Days":0}}]})");
  const auto lc_xml = dir.write("xml-lifecycle.xml", "<LifecycleConfiguration/>");
  const auto lc_empty = dir.write("empty-lifecycle.json", "");
  const auto lc_huge =
      dir.write("huge-lifecycle.json", R"({"Rules":[{"ID":"a","Status":"Enabled","Expiration":{"Days":1e777}}]})");
  const auto ck_bad = dir.write("bad-checks.json", R"([{"name":"x","sql":"select 1","min":"many"}])");
  const auto ck_syntax = dir.write("syntax-checks.json", R"([{"name":)");
  const auto ck_key = dir.write("key-checks.json", R"([{"name":"x","sql":"select 1","maximum":3}])");
  const auto cfg_world = dir.write("world.conf", "[global]\nrepo1-cipher-pass=abcdefgh12\n", 0644);
  const auto cfg_minio_key = dir.write("minio-key.conf", "[minio:a]\nendpoint=http://x\n");
  const auto cfg_section = dir.write("section.conf", "[bogus-section]\nx=1\n");
  const auto cfg_stanza = dir.write("stanza.conf", "[global]\nstanza=a b\n");
  const auto cfg_loglevel = dir.write("loglevel.conf", "[global]\nlog-level=loud\n");
  const auto cfg_policy_days = dir.write("policy-days.conf", "[policy]\nfull-days=0\n");
  const auto cfg_policy_key = dir.write("policy-key.conf", "[policy]\nrepo1-weekly-days=3\n");
  const std::string data = dir.path() + "/data";
  // one bad input per line (not reflowed):
  // clang-format off
  const std::vector<Case> cases = {
      {"unknown subcommand", {"bogus"}, 2, "usage", "unknown command 'bogus'"},
      {"no subcommand", {}, 2, "usage", "no command given"},
      {"unknown option", {"backup", "--stanza=lab", "--bogus"}, 2, "usage", ""},
      {"missing --stanza", {"backup"}, 2, "usage", "backup needs --stanza"},
      {"stanza 'a b'", {"backup", "--stanza", "a b"}, 2, "usage", "--stanza: 'a b' contains a space"},
      {"stanza '../x'", {"backup", "--stanza=../x"}, 2, "usage", "--stanza: '../x' contains '/'"},
      {"stanza 'x;rm -rf /'", {"backup", "--stanza=x;rm -rf /"}, 2, "usage", "--stanza: 'x;rm -rf /' contains ';'"},
      {"--stanza=-x", {"backup", "--stanza=-x"}, 2, "usage", "--stanza: '-x' starts with '-'"},
      {"--type=weekly", {"backup", "--stanza=lab", "--type=weekly"}, 2, "usage",
       "--type: 'weekly' is not one of full, diff, incr"},
      {"--timeout=abc", {"backup", "--stanza=lab", "--timeout=abc"}, 2, "usage", "--timeout: 'abc' is not a duration"},
      {"secret on the command line", {"backup", "--stanza=lab", "--repo1-cipher-pass=cli-secret-x"}, 2, "usage",
       "--repo1-cipher-pass is a secret and is not accepted on the command line (every user can read argv)"},
      {"--pgbackrest-bin=/nonexistent", {"backup", "--stanza=lab", "--pgbackrest-bin=/nonexistent"}, 4,
       "program_missing", "--pgbackrest-bin '/nonexistent' does not exist"},
      {"config file with an unknown key", {"backup", "--stanza=lab", "--config=" + unknown_key}, 3, "config",
       unknown_key + ":2: unknown key 'bogus-key'"},
      {"config file with a bad value", {"backup", "--stanza=lab", "--config=" + bad_value}, 3, "config",
       bad_value + ":2: timeout 'soon' is not a duration"},
      {"config file with bad syntax", {"backup", "--stanza=lab", "--config=" + bad_syntax}, 3, "config",
       bad_syntax + ":2: expected 'key=value', got 'just words'"},
      {"config file that does not exist", {"backup", "--stanza=lab", "--config=/nonexistent/r.conf"}, 3, "config",
       "cannot read config file '/nonexistent/r.conf': No such file or directory"},
      {"REOS_TIMEOUT=abc", {"backup", "--stanza=lab"}, 3, "config", "REOS_TIMEOUT='abc': 'abc' is not a duration",
       {{"REOS_TIMEOUT", "abc"}}},
      {"REOS_CONFIG with an unknown key", {"info"}, 3, "config", unknown_key + ":2: unknown key 'bogus-key'",
       {{"REOS_CONFIG", unknown_key}}},
      // Every command, its options, environment values, config, checks and lifecycle files.
      {"backup --stanza=lab --repo=0", {"backup", "--stanza=lab", "--repo=0"}, 2, "usage", "", {}, "'0'"},
      {"backup --stanza=lab --repo=x1", {"backup", "--stanza=lab", "--repo=x1"}, 2, "usage", "", {}, "x1"},
      {"backup --stanza=lab --repo=99999999999999999999", {"backup", "--stanza=lab", "--repo=99999999999999999999"}, 2, "usage", "", {}, "99999999999999999999"},
      {"backup --stanza=lab --timeout=-5s", {"backup", "--stanza=lab", "--timeout=-5s"}, 2, "usage", "", {}, "-5s"},
      {"backup --stanza=lab --timeout=1h30x", {"backup", "--stanza=lab", "--timeout=1h30x"}, 2, "usage", "", {}, "1h30x"},
      {"backup --stanza=lab --timeout=99999999999999999999s", {"backup", "--stanza=lab", "--timeout=99999999999999999999s"}, 2, "usage", "", {}, "99999999999999999999s"},
      {"backup --stanza=lab --log-level=loud", {"backup", "--stanza=lab", "--log-level=loud"}, 2, "usage", "", {}, "loud"},
      {"backup --stanza=lab --type=", {"backup", "--stanza=lab", "--type="}, 2, "usage", "", {}, "--type="},
      {"backup --stanza= --type=full", {"backup", "--stanza=", "--type=full"}, 2, "usage", "", {}, "--stanza="},
      {"backup --stanza=lab --type=full --stanza-typo=1", {"backup", "--stanza=lab", "--type=full", "--stanza-typo=1"}, 2, "usage", "", {}, "--stanza-typo=1"},
      {"backup --stanza=lab --pgbackrest-bin=/etc/passwd", {"backup", "--stanza=lab", "--pgbackrest-bin=/etc/passwd"}, 4, "program_missing", "", {}, "/etc/passwd"},
      {"backup --stanza=lab --pgbackrest-bin=/tmp", {"backup", "--stanza=lab", "--pgbackrest-bin=/tmp"}, 4, "program_missing", "", {}, "/tmp"},
      {"backup --stanza=lab --pgbackrest-bin=no-such-pgbackrest-xyz", {"backup", "--stanza=lab", "--pgbackrest-bin=no-such-pgbackrest-xyz"}, 4, "program_missing", "", {}, "no-such-pgbackrest-xyz"},
      {"backup --stanza=lab --repo2-s3-key=AKIAXYZ", {"backup", "--stanza=lab", "--repo2-s3-key=AKIAXYZ"}, 2, "usage", "", {}, "--repo2-s3-key"},
      {"backup --stanza=lab --repo2-cipher-pass=cli-secret-x", {"backup", "--stanza=lab", "--repo2-cipher-pass=cli-secret-x"}, 2, "usage", "", {}, "--repo2-cipher-pass"},
      {"backup --stanza=lab --state-file=", {"backup", "--stanza=lab", "--state-file="}, 2, "usage", "", {}, "--state-file="},
      {"backup --stanza --type full", {"backup", "--stanza", "--type", "full"}, 2, "usage", "", {}, "--type"},
      {"backup --stanza=lab extra-positional", {"backup", "--stanza=lab", "extra-positional"}, 2, "usage", "", {}, "extra-positional"},
      {"backup --stanza=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", {"backup", "--stanza=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, 2, "usage", "", {}, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
      {"backup --stanza=lab$x", {"backup", "--stanza=lab$x"}, 2, "usage", "", {}, "lab$x"},
      {"stanza-create --stanza=lab --repo=1", {"stanza-create", "--stanza=lab", "--repo=1"}, 2, "usage", "", {}, "--repo=1"},
      {"stanza-create --stanza=la\tb", {"stanza-create", "--stanza=la\tb"}, 2, "usage", "", {}, "la\tb"},
      {"info --repo=-1", {"info", "--repo=-1"}, 2, "usage", "", {}, "'-1'"},
      {"info --stanza=x/y", {"info", "--stanza=x/y"}, 2, "usage", "", {}, "x/y"},
      {"restore-pitr --stanza=lab --target-time=2026-02-30T10:00:00Z --pg-path=/D/data", {"restore-pitr", "--stanza=lab", "--target-time=2026-02-30T10:00:00Z", "--pg-path=" + data}, 2, "usage", "", {}, "2026-02-30T10:00:00Z"},
      {"restore-pitr --stanza=lab --target-time=2026-11-24 10:15:00 --pg-path=/D/data", {"restore-pitr", "--stanza=lab", "--target-time=2026-11-24 10:15:00", "--pg-path=" + data}, 2, "usage", "", {}, "2026-11-24 10:15:00"},
      {"restore-pitr --stanza=lab --target-time=yesterday --pg-path=/D/data", {"restore-pitr", "--stanza=lab", "--target-time=yesterday", "--pg-path=" + data}, 2, "usage", "", {}, "yesterday"},
      {"restore-pitr --stanza=lab --target-time=2026-11-24T25:00:00Z --pg-path=/D/data", {"restore-pitr", "--stanza=lab", "--target-time=2026-11-24T25:00:00Z", "--pg-path=" + data}, 2, "usage", "", {}, "2026-11-24T25:00:00Z"},
      {"restore-pitr --stanza=lab --target-time=2026-11-24T10:00:00 Europe/Paris --pg-pa", {"restore-pitr", "--stanza=lab", "--target-time=2026-11-24T10:00:00 Europe/Paris", "--pg-path=" + data}, 2, "usage", "", {}, "2026-11-24T10:00:00 Europe/Paris"},
      {"restore-pitr --stanza=lab --target-lsn=0/XYZ --pg-path=/D/data", {"restore-pitr", "--stanza=lab", "--target-lsn=0/XYZ", "--pg-path=" + data}, 2, "usage", "", {}, "0/XYZ"},
      {"restore-pitr --stanza=lab --target-lsn=123456789/0 --pg-path=/D/data", {"restore-pitr", "--stanza=lab", "--target-lsn=123456789/0", "--pg-path=" + data}, 2, "usage", "", {}, "123456789/0"},
      {"restore-pitr --stanza=lab --target-xid=abc --pg-path=/D/data", {"restore-pitr", "--stanza=lab", "--target-xid=abc", "--pg-path=" + data}, 2, "usage", "", {}, "abc"},
      {"restore-pitr --stanza=lab --target-time=2026-11-24T10:00:00Z --target-lsn=0/1 --", {"restore-pitr", "--stanza=lab", "--target-time=2026-11-24T10:00:00Z", "--target-lsn=0/1", "--pg-path=" + data}, 2, "usage", "", {}, "--target-lsn"},
      {"restore-pitr --stanza=lab --pg-path=/D/data", {"restore-pitr", "--stanza=lab", "--pg-path=" + data}, 2, "usage", "", {}, "no recovery target"},
      {"restore-pitr --stanza=lab --target-immediate --target-action=explode --pg-path=/", {"restore-pitr", "--stanza=lab", "--target-immediate", "--target-action=explode", "--pg-path=" + data}, 2, "usage", "", {}, "explode"},
      {"restore-pitr --stanza=lab --target-immediate --set=bad label! --pg-path=/D/data", {"restore-pitr", "--stanza=lab", "--target-immediate", "--set=bad label!", "--pg-path=" + data}, 2, "usage", "", {}, "bad label!"},
      {"restore-pitr --stanza=lab --target-name= --pg-path=/D/data", {"restore-pitr", "--stanza=lab", "--target-name=", "--pg-path=" + data}, 2, "usage", "", {}, "--target-name="},
      {"verify --stanza=lab --port=0 --pg-bin-dir=/usr/lib/postgresql/15/bin", {"verify", "--stanza=lab", "--port=0", "--pg-bin-dir=/usr/lib/postgresql/15/bin"}, 2, "usage", "", {}, "'0'"},
      {"verify --stanza=lab --port=70000 --pg-bin-dir=/usr/lib/postgresql/15/bin", {"verify", "--stanza=lab", "--port=70000", "--pg-bin-dir=/usr/lib/postgresql/15/bin"}, 2, "usage", "", {}, "70000"},
      {"verify --stanza=lab --objective-rto=soon --pg-bin-dir=/usr/lib/postgresql/15/bin", {"verify", "--stanza=lab", "--objective-rto=soon", "--pg-bin-dir=/usr/lib/postgresql/15/bin"}, 2, "usage", "", {}, "soon"},
      {"verify --stanza=lab --objective-rpo=5q --pg-bin-dir=/usr/lib/postgresql/15/bin", {"verify", "--stanza=lab", "--objective-rpo=5q", "--pg-bin-dir=/usr/lib/postgresql/15/bin"}, 2, "usage", "", {}, "5q"},
      {"verify --stanza=lab --fresh=no", {"verify", "--stanza=lab", "--fresh=no"}, 2, "usage", "--fresh=no is a switch and takes no value", {}, "--fresh=no"},
      {"backup --stanza=lab --dry-run=false", {"backup", "--stanza=lab", "--dry-run=false", kBinOpt}, 2, "usage", "--dry-run=false is a switch and takes no value", {}, "--dry-run=false"},
      {"verify --stanza=lab --checks=/nonexistent/checks.json --pg-bin-dir=/usr/lib/post", {"verify", "--stanza=lab", "--checks=/nonexistent/checks.json", "--pg-bin-dir=/usr/lib/postgresql/15/bin"}, 3, "config", "", {}, "/nonexistent/checks.json"},
      {"verify --stanza=lab --checks=/D/bad-checks.json --pg-bin-dir=/usr/lib/postgresql", {"verify", "--stanza=lab", "--checks=" + ck_bad, "--pg-bin-dir=/usr/lib/postgresql/15/bin"}, 3, "config", "", {}, "bad-checks.json"},
      {"verify --stanza=lab --checks=/D/syntax-checks.json --pg-bin-dir=/usr/lib/postgre", {"verify", "--stanza=lab", "--checks=" + ck_syntax, "--pg-bin-dir=/usr/lib/postgresql/15/bin"}, 3, "config", "", {}, "syntax-checks.json"},
      {"verify --stanza=lab --checks=/D/key-checks.json --pg-bin-dir=/usr/lib/postgresql", {"verify", "--stanza=lab", "--checks=" + ck_key, "--pg-bin-dir=/usr/lib/postgresql/15/bin"}, 3, "config", "", {}, "key-checks.json"},
      {"verify --stanza=lab --work-dir=relative --pg-bin-dir=/usr/lib/postgresql/15/bin", {"verify", "--stanza=lab", "--work-dir=relative", "--pg-bin-dir=/usr/lib/postgresql/15/bin"}, 2, "usage", "", {}, "relative"},
      {"verify --stanza=lab --target-time=2026-04-31T00:00:00Z --pg-bin-dir=/usr/lib/pos", {"verify", "--stanza=lab", "--target-time=2026-04-31T00:00:00Z", "--pg-bin-dir=/usr/lib/postgresql/15/bin"}, 2, "usage", "", {}, "2026-04-31T00:00:00Z"},
      {"minio-version enable --alias=1bad --bucket=memos --mc-bin=/bin/true", {"minio-version", "enable", "--alias=1bad", "--bucket=memos", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "1bad"},
      {"minio-version enable --alias=a --bucket=Bad_Bucket --mc-bin=/bin/true", {"minio-version", "enable", "--alias=a", "--bucket=Bad_Bucket", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "Bad_Bucket"},
      {"minio-version enable --alias=a --bucket=ab --mc-bin=/bin/true", {"minio-version", "enable", "--alias=a", "--bucket=ab", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "'ab'"},
      {"minio-version toggle --alias=a --bucket=memos --mc-bin=/bin/true", {"minio-version", "toggle", "--alias=a", "--bucket=memos", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "'toggle'"},
      {"minio-version enable --alias=a --bucket=memos --mc-bin=/nonexistent/mc +env", {"minio-version", "enable", "--alias=a", "--bucket=memos", "--mc-bin=/nonexistent/mc"}, 4, "program_missing", "", {{"REOS_MINIO_A_URL", "http://127.0.0.1:9000"}, {"REOS_MINIO_A_ACCESS_KEY", "minioadmin"}, {"REOS_MINIO_A_SECRET_KEY", "minioadmin123"}}, "/nonexistent/mc"},
      {"minio-version enable --alias=nosuch --bucket=memos --mc-bin=/bin/true", {"minio-version", "enable", "--alias=nosuch", "--bucket=memos", "--mc-bin=/bin/true"}, 3, "config", "", {}, "nosuch"},
      {"minio-version status --alias=a --bucket=memos --mc-bin=/bin/true +env", {"minio-version", "status", "--alias=a", "--bucket=memos", "--mc-bin=/bin/true"}, 3, "config", "", {{"REOS_MINIO_A_URL", "ftp://x"}, {"REOS_MINIO_A_ACCESS_KEY", "minioadmin"}, {"REOS_MINIO_A_SECRET_KEY", "minioadmin123"}}, "ftp://x"},
      {"minio-version status --alias=a --bucket=memos --mc-bin=/bin/true +env", {"minio-version", "status", "--alias=a", "--bucket=memos", "--mc-bin=/bin/true"}, 3, "config", "", {{"REOS_MINIO_A_URL", "http://u:p@x:9000"}, {"REOS_MINIO_A_ACCESS_KEY", "minioadmin"}, {"REOS_MINIO_A_SECRET_KEY", "minioadmin123"}}, "http://u:p@x:9000"},
      {"minio-version status --alias=a --bucket=memos --mc-bin=/bin/true +env", {"minio-version", "status", "--alias=a", "--bucket=memos", "--mc-bin=/bin/true"}, 3, "config", "", {{"REOS_MINIO_A_URL", "http://x:99999"}, {"REOS_MINIO_A_ACCESS_KEY", "minioadmin"}, {"REOS_MINIO_A_SECRET_KEY", "minioadmin123"}}, "http://x:99999"},
      {"minio-version status --alias=a --bucket=memos --mc-bin=/bin/true +env", {"minio-version", "status", "--alias=a", "--bucket=memos", "--mc-bin=/bin/true"}, 3, "config", "", {{"REOS_MINIO_A_URL", "http://x:9000"}, {"REOS_MINIO_A_ACCESS_KEY", "mi:nio"}, {"REOS_MINIO_A_SECRET_KEY", "minioadmin123"}}, "REOS_MINIO_A_ACCESS_KEY"},
      {"minio-version status --alias=a --bucket=memos --mc-bin=/bin/true +env", {"minio-version", "status", "--alias=a", "--bucket=memos", "--mc-bin=/bin/true"}, 3, "config", "", {{"REOS_MINIO_A_URL", "http://x:9000"}, {"REOS_MINIO_A_ACCESS_KEY", "minioadmin"}, {"REOS_MINIO_A_SECRET_KEY", "short"}}, "REOS_MINIO_A_SECRET_KEY"},
      {"minio-version status --alias=a --bucket=memos --mc-bin=/bin/true +env", {"minio-version", "status", "--alias=a", "--bucket=memos", "--mc-bin=/bin/true"}, 3, "config", "", {{"REOS_MINIO_A_URL", "http://x:9000"}, {"REOS_MINIO_A_ACCESS_KEY", "minioadmin"}}, "has no secret-key"},
      {"minio-version enable --alias=a --bucket=memos --config=/D/minio-key.conf --mc-bi", {"minio-version", "enable", "--alias=a", "--bucket=memos", "--config=" + cfg_minio_key, "--mc-bin=/bin/true"}, 3, "config", "", {}, "minio-key.conf"},
      {"minio-replicate add --alias=a --bucket=memos --remote-alias=b --remote-bucket=me", {"minio-replicate", "add", "--alias=a", "--bucket=memos", "--remote-alias=b", "--remote-bucket=memos", "--replicate=everything", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "everything"},
      {"minio-replicate add --alias=a --bucket=memos --remote-alias=b --remote-bucket=me", {"minio-replicate", "add", "--alias=a", "--bucket=memos", "--remote-alias=b", "--remote-bucket=memos", "--bandwidth=fast", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "fast"},
      {"minio-replicate add --alias=a --bucket=memos --remote-alias=b --remote-bucket=me", {"minio-replicate", "add", "--alias=a", "--bucket=memos", "--remote-alias=b", "--remote-bucket=memos", "--priority=-1", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "'-1'"},
      {"minio-replicate add --alias=a --bucket=memos --remote-alias=b --remote-bucket=me", {"minio-replicate", "add", "--alias=a", "--bucket=memos", "--remote-alias=b", "--remote-bucket=memos", "--replicate=", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "--replicate="},
      {"minio-replicate rm --alias=a --bucket=memos --mc-bin=/bin/true", {"minio-replicate", "rm", "--alias=a", "--bucket=memos", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "--rule-id or --all"},
      {"minio-replicate add --alias=a --bucket=memos --mc-bin=/bin/true", {"minio-replicate", "add", "--alias=a", "--bucket=memos", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "--remote-url or --remote-alias"},
      {"minio-lifecycle import --alias=a --bucket=memos --file=/D/bad-lifecycle.json --m", {"minio-lifecycle", "import", "--alias=a", "--bucket=memos", "--file=" + lc_bad, "--mc-bin=/bin/true"}, 2, "usage", "", {}, "bad-lifecycle.json"},
      {"minio-lifecycle import --alias=a --bucket=memos --file=/D/xml-lifecycle.xml --mc", {"minio-lifecycle", "import", "--alias=a", "--bucket=memos", "--file=" + lc_xml, "--mc-bin=/bin/true"}, 2, "usage", "", {}, "xml-lifecycle.xml"},
      {"minio-lifecycle import --alias=a --bucket=memos --file=/D/empty-lifecycle.json -", {"minio-lifecycle", "import", "--alias=a", "--bucket=memos", "--file=" + lc_empty, "--mc-bin=/bin/true"}, 2, "usage", "", {}, "empty-lifecycle.json"},
      {"minio-lifecycle import --alias=a --bucket=memos --file=/D/huge-lifecycle.json --", {"minio-lifecycle", "import", "--alias=a", "--bucket=memos", "--file=" + lc_huge, "--mc-bin=/bin/true"}, 2, "usage", "", {}, "huge-lifecycle.json"},
      {"minio-lifecycle import --alias=a --bucket=memos --file=/nonexistent/l.json --mc-", {"minio-lifecycle", "import", "--alias=a", "--bucket=memos", "--file=/nonexistent/l.json", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "/nonexistent/l.json"},
      {"minio-lifecycle import --alias=a --bucket=memos --mc-bin=/bin/true", {"minio-lifecycle", "import", "--alias=a", "--bucket=memos", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "needs --file"},
      {"minio-mirror --source=nobucket --target=b/memos --mc-bin=/bin/true", {"minio-mirror", "--source=nobucket", "--target=b/memos", "--mc-bin=/bin/true"}, 2, "usage", "", {}, "nobucket"},
      {"minio-mirror --source=a/memos --target=relative/dir --mc-bin=/bin/true +env", {"minio-mirror", "--source=a/memos", "--target=relative/dir", "--mc-bin=/bin/true"}, 3, "config", "", {{"REOS_MINIO_A_URL", "http://127.0.0.1:9000"}, {"REOS_MINIO_A_ACCESS_KEY", "minioadmin"}, {"REOS_MINIO_A_SECRET_KEY", "minioadmin123"}}, "'relative'"},
      {"schedule --stanza=lab --format=launchd", {"schedule", "--stanza=lab", "--format=launchd"}, 2, "usage", "", {}, "launchd"},
      {"schedule --stanza=lab --full-at=25:00", {"schedule", "--stanza=lab", "--full-at=25:00"}, 2, "usage", "", {}, "25:00"},
      {"schedule --stanza=lab --incr-every=0h", {"schedule", "--stanza=lab", "--incr-every=0h"}, 2, "usage", "", {}, "0h"},
      {"schedule --stanza=lab --user=root;rm", {"schedule", "--stanza=lab", "--user=root;rm"}, 2, "usage", "", {}, "root;rm"},
      {"schedule --stanza=lab --verify-at=Sunday", {"schedule", "--stanza=lab", "--verify-at=Sunday"}, 2, "usage", "", {}, "Sunday"},
      {"schedule --stanza=lab --bin=relative/reos-backup", {"schedule", "--stanza=lab", "--bin=relative/reos-backup"}, 2, "usage", "", {}, "relative/reos-backup"},
      {"metrics --source-port=0", {"metrics", "--source-port=0"}, 2, "usage", "", {}, "'0'"},
      {"metrics --bucket=memos", {"metrics", "--bucket=memos"}, 2, "usage", "", {}, "--bucket needs --alias"},
      {"check --stanza=lab --config=/D/policy-days.conf", {"check", "--stanza=lab", "--config=" + cfg_policy_days}, 3, "config", "", {}, "[policy] full-days: '0'"},
      {"check --stanza=lab --config=/D/policy-key.conf", {"check", "--stanza=lab", "--config=" + cfg_policy_key}, 3, "config", "", {}, "'repo1-weekly-days'"},
      {"check --stanza=lab --max-full-age=forever", {"check", "--stanza=lab", "--max-full-age=forever"}, 2, "usage", "", {}, "forever"},
      {"check --stanza=lab --objective-rpo=0x", {"check", "--stanza=lab", "--objective-rpo=0x"}, 2, "usage", "", {}, "0x"},
      {"audit rewrite", {"audit", "rewrite"}, 2, "usage", "", {}, "rewrite"},
      {"audit verify --audit-log=/nonexistent/a.jsonl", {"audit", "verify", "--audit-log=/nonexistent/a.jsonl"}, 3, "config", "", {}, "/nonexistent/a.jsonl"},
      {"info +env", {"info"}, 3, "config", "", {{"REOS_LOG_LEVEL", "loud"}}, "REOS_LOG_LEVEL='loud'"},
      {"backup +env", {"backup"}, 3, "config", "", {{"REOS_STANZA", "a b"}}, "REOS_STANZA='a b'"},
      {"backup --stanza=lab --config=/D/world.conf", {"backup", "--stanza=lab", "--config=" + cfg_world}, 3, "config", "", {}, "world.conf"},
      {"backup --stanza=lab --config=/D/section.conf", {"backup", "--stanza=lab", "--config=" + cfg_section}, 3, "config", "", {}, "section.conf"},
      {"backup --config=/D/stanza.conf", {"backup", "--config=" + cfg_stanza}, 3, "config", "", {}, "stanza.conf"},
      {"info --config=/D/loglevel.conf", {"info", "--config=" + cfg_loglevel}, 3, "config", "", {}, "loglevel.conf"},
  };
  // clang-format on
  // Counted: at least 80 distinct bad inputs (issue 14), none listed twice.
  std::set<std::pair<Argv, reos::config::Environment>> distinct;
  for (const auto& c : cases) distinct.insert({c.args, c.extra_env});
  CHECK(distinct.size() == cases.size());
  CHECK(cases.size() >= 80);
  for (const auto& c : cases) {
    for (bool json_mode : {true, false}) {
      INFO(c.name << (json_mode ? " (json)" : " (text)"));
      App app;
      for (const auto& [k, v] : c.extra_env) app.env[k] = v;
      Argv args = c.args;
      if (json_mode) args.push_back("--output=json");
      if (std::none_of(args.begin(), args.end(), [](const std::string& a) { return a.rfind("--pgbackrest-bin", 0) == 0; }))
        args.push_back(kBinOpt);
      const int rc = app.run(args);
      CHECK(rc == c.exit_code);
      CHECK(app.runner.seen().empty());
      check_one_error_line(app.err.str());
      CHECK(app.err.str().find("cli-secret-x") == std::string::npos);
      if (!c.message.empty()) CHECK(app.err.str().rfind("reos-backup: error: " + c.message, 0) == 0);
      if (!c.names.empty()) CHECK(app.err.str().find(c.names) != std::string::npos);
      if (!json_mode) {
        CHECK(app.out.str() == "");
        continue;
      }
      json j;
      REQUIRE_NOTHROW(j = app.doc());
      CHECK(j["ok"] == false);
      CHECK(j["exit_code"] == c.exit_code);
      CHECK(j["error"]["code"] == c.code);
      CHECK(j["error"]["exit_code"] == c.exit_code);
      CHECK(j["invocations"] == json::array());
      if (!c.message.empty()) CHECK(j["error"]["message"] == c.message);
      if (!c.names.empty()) CHECK(j["error"]["message"].get<std::string>().find(c.names) != std::string::npos);
      CHECK(app.out.str().find("cli-secret-x") == std::string::npos);
    }
  }
}

TEST_CASE("app: REOS_OUTPUT=json makes even a usage error one JSON document", "[app][bad-input]") {
  App app;
  app.env["REOS_OUTPUT"] = "json";
  CHECK(app.run({"bogus"}) == 2);
  const json j = app.doc();
  CHECK(j["command"] == "bogus");
  CHECK(j["error"]["code"] == "usage");
  CHECK(j["schema_version"] == 1);
  check_one_error_line(app.err.str());
}

TEST_CASE("app: an unexpected failure is an internal error, still one JSON document", "[app]") {
  App app;
  app.runner.expect({"/bin/true", "something", "else"}, 0);  // the app will run something different
  CHECK(app.run({"info", "--stanza=lab", "--output=json", kBinOpt}) == 9);
  const json j = app.doc();
  CHECK(j["error"]["code"] == "internal");
  CHECK(j["error"]["message"].get<std::string>().rfind("unexpected failure: unexpected invocation: /bin/true", 0) == 0);
  check_one_error_line(app.err.str());
}

TEST_CASE("app: --help and --version print on stdout and exit 0", "[app]") {
  App help;
  CHECK(help.run({"--help"}) == 0);
  CHECK(help.out.str().find("Exit codes:") != std::string::npos);
  CHECK(help.err.str() == "");
  App sub;
  CHECK(sub.run({"backup", "--help"}) == 0);
  CHECK(sub.out.str().find("--type") != std::string::npos);
  App version;
  CHECK(version.run({"--version"}) == 0);
  CHECK(version.out.str() == std::string("reos-backup ") + REOS_VERSION + "\n");
  CHECK(help.runner.seen().empty());
}

TEST_CASE("app: a secret given only as a systemd credential reaches pgBackRest, never argv or output", "[app][secret]") {
  App app;
  reos::testing::TempDir creds;
  creds.write("repo1-cipher-pass", "credential-secret-9\n", 0400);
  app.env["CREDENTIALS_DIRECTORY"] = creds.path();
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"))
      .expect(backup_argv("incr"), 29, "", "ERROR: [029]: cannot decrypt with credential-secret-9\n")
      .expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"));
  CHECK(app.run({"backup", "--stanza=lab", "--output=json", "--log-level=debug", kBinOpt}) == 5);
  REQUIRE(app.runner.seen().size() == 3);
  CHECK(app.runner.seen()[1].env_overrides.at("PGBACKREST_REPO1_CIPHER_PASS") == "credential-secret-9");
  for (const auto& inv : app.runner.seen())
    for (const auto& a : inv.argv()) CHECK(a.find("credential-secret-9") == std::string::npos);
  CHECK(app.out.str().find("credential-secret-9") == std::string::npos);
  CHECK(app.err.str().find("credential-secret-9") == std::string::npos);
  CHECK(app.err.str().find("reos-backup: debug: setting repo1-cipher-pass = <redacted> (from credential: " + creds.path() +
                           "/repo1-cipher-pass)\n") != std::string::npos);
  CHECK(app.doc()["invocations"][1]["env"] == json{{"PGBACKREST_REPO1_CIPHER_PASS", "<redacted>"}});
}

// --audit-syslog: the whole program sending each audit line to a real datagram socket bound
// where the system log would be (a private path per test); a receiver that is missing or gone
// is a warning, never the run's failure.
namespace {

// A datagram socket bound at `path`, as rsyslogd or journald binds /dev/log.
struct Receiver {
  int fd = -1;
  explicit Receiver(const std::string& path) {
    fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path.size() < sizeof addr.sun_path);
    std::copy(path.begin(), path.end(), addr.sun_path);
    REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~Receiver() { ::close(fd); }
  /// The datagrams queued so far, without waiting.
  std::vector<std::string> take() const {
    std::vector<std::string> got;
    char buf[65536];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT)) > 0;) got.emplace_back(buf, static_cast<size_t>(n));
    return got;
  }
};

std::string last_line(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line)) last = line;
  return last;
}

const Argv kSyslogBackup = {"backup", "--stanza=lab", "--output=json", kBinOpt};

// An incr backup that pgBackRest takes: info before, the backup, info with the new label.
void script_good_incr(App& app) {
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-b-one-full"))
      .expect(backup_argv("incr"), 0)
      .expect(info_argv(), 0, pgbackrest_fixture("info-json-c-full-diff-incr"));
}

}  // namespace

TEST_CASE("app: --audit-syslog: each audit record goes to the system log as the audit file's own line", "[app][syslog]") {
  App app;
  Receiver rx(app.syslog_socket);
  script_good_incr(app);
  auto args = kSyslogBackup;
  args.push_back("--audit-syslog");
  REQUIRE(app.run(args) == 0);
  const auto got = rx.take();
  REQUIRE(got.size() == 1);
  // Facility authpriv (10) and severity notice (5): <85>.
  CHECK(got[0].rfind("<85>", 0) == 0);
  const std::string pid = std::to_string(::getpid());
  const auto colon = got[0].find(" reos-backup[" + pid + "]: ");
  REQUIRE(colon != std::string::npos);
  const std::string message = got[0].substr(colon + (" reos-backup[" + pid + "]: ").size());
  CHECK(message == last_line(app.audit_path()));
  CHECK(json::parse(message)["command"] == "backup");
  CHECK(app.doc()["warnings"].empty());
}

TEST_CASE("app: --audit-syslog: a failed run is a warning, the facility is configurable, off by default", "[app][syslog]") {
  App app;
  Receiver rx(app.syslog_socket);
  app.runner.expect(info_argv(), 0, pgbackrest_fixture("info-json-b-one-full"))
      .expect(backup_argv("incr"), 29, "", "ERROR: [029]: cannot decrypt\n")
      .expect(info_argv(), 0, pgbackrest_fixture("info-json-b-one-full"));
  auto args = kSyslogBackup;
  args.insert(args.end(), {"--audit-syslog", "--audit-syslog-facility=local3"});
  CHECK(app.run(args) == 5);
  auto got = rx.take();
  REQUIRE(got.size() == 1);
  CHECK(got[0].rfind("<156>", 0) == 0);  // local3 (19) * 8 + warning (4)
  CHECK(got[0].find("\"ok\":false") != std::string::npos);

  App quiet;
  Receiver rx2(quiet.syslog_socket);
  script_good_incr(quiet);
  REQUIRE(quiet.run(kSyslogBackup) == 0);
  CHECK(rx2.take().empty());
}

TEST_CASE("app: --audit-syslog: no receiver is a warning on stderr and in the JSON, not a failure", "[app][syslog]") {
  App app;  // nothing bound at app.syslog_socket
  script_good_incr(app);
  auto args = kSyslogBackup;
  args.push_back("--audit-syslog");
  REQUIRE(app.run(args) == 0);
  const std::string warning =
      "audit record not sent to the system log: connect to " + app.syslog_socket + ": No such file or directory";
  CHECK(app.doc()["warnings"] == json::array({warning}));
  CHECK(app.err.str().find("reos-backup: warn: " + warning + "\n") != std::string::npos);
  CHECK_FALSE(last_line(app.audit_path()).empty());  // the file chain is written as before

  // A socket file whose reader has gone: connection refused, the same warning.
  App gone;
  { Receiver closed(gone.syslog_socket); }
  script_good_incr(gone);
  REQUIRE(gone.run(args) == 0);
  CHECK(gone.err.str().find("connect to " + gone.syslog_socket + ": Connection refused") != std::string::npos);
}
