// The real binary: timeouts, bad input and the root rule, without PostgreSQL.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"
#include "reos/util/text.hpp"

using reos::testing::gone_within;
using reos::testing::Run;
using reos::testing::run_program;

TEST_CASE("a hanging child is stopped at --timeout and reported as a timeout", "[cli]") {
  const std::string pidfile = "/tmp/reos-hang-" + std::to_string(::getpid());
  const auto t0 = std::chrono::steady_clock::now();
  Run r =
      run_program(REOS_BACKUP_BIN,
                  {"info", "--pgbackrest-bin", std::string(REOS_FAKES_DIR) + "/hang-forever", "--timeout=1s", "--output=json"},
                  {{"HANG_PIDFILE", pidfile}}, 60);
  const auto took = std::chrono::steady_clock::now() - t0;
  CHECK(r.exit_code == 6);
  auto j = r.json();
  CHECK(j["error"]["code"] == "timeout");
  CHECK(j["invocations"][0]["timed_out"] == true);
  CHECK(took < std::chrono::seconds(20));
  // Both the child and its own child are gone: the whole process group was stopped.
  std::ifstream in(pidfile);
  int parent = 0, child = 0;
  in >> parent >> child;
  REQUIRE(parent > 0);
  REQUIRE(child > 0);
  CHECK(gone_within(parent, std::chrono::seconds(5)));
  CHECK(gone_within(child, std::chrono::seconds(5)));
  ::unlink(pidfile.c_str());
}

TEST_CASE("bad input through the real binary: one-line error, documented code, one JSON document", "[cli]") {
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {{"frobnicate"}, 2, "usage"},
      {{"backup"}, 2, "usage"},
      {{"backup", "--stanza", "a b"}, 2, "usage"},
      {{"backup", "--stanza", "../x"}, 2, "usage"},
      {{"backup", "--stanza", "x;rm -rf /"}, 2, "usage"},
      {{"backup", "--stanza=-x"}, 2, "usage"},
      {{"backup", "--stanza", "demo", "--type=weekly"}, 2, "usage"},
      {{"backup", "--stanza", "demo", "--timeout=abc"}, 2, "usage"},
      {{"backup", "--stanza", "demo", "--pgbackrest-bin", "/nonexistent/pgbackrest"}, 4, "program_missing"},
      {{"info", "--config", "/nonexistent/reos.conf"}, 3, "config"},
      // restore-pitr and verify: targets, durations, ports, checks files
      {{"restore-pitr", "--stanza", "demo", "--pg-path", "/tmp/x"}, 2, "usage"},
      {{"restore-pitr", "--stanza", "demo", "--pg-path", "/tmp/x", "--target-time", "2026-11-24T10:15:00Z", "--target-lsn",
        "0/3000028"},
       2,
       "usage"},
      {{"restore-pitr", "--stanza", "demo", "--pg-path", "/tmp/x", "--target-name", "a", "--target-immediate"}, 2, "usage"},
      {{"restore-pitr", "--stanza", "demo", "--pg-path", "/tmp/x", "--target-time", "2026-11-24 10:15:00"}, 2, "usage"},
      {{"restore-pitr", "--stanza", "demo", "--pg-path", "/tmp/x", "--target-time", "yesterday"}, 2, "usage"},
      {{"restore-pitr", "--stanza", "demo", "--pg-path", "/tmp/x", "--target-lsn", "3000028"}, 2, "usage"},
      {{"restore-pitr", "--stanza", "demo", "--pg-path", "/tmp/x", "--target-xid", "12ab"}, 2, "usage"},
      {{"restore-pitr", "--stanza", "demo", "--pg-path", "/tmp/x", "--target-name", "a", "--target-exclusive"}, 2, "usage"},
      {{"restore-pitr", "--stanza", "demo", "--pg-path", "/tmp/x", "--target-immediate", "--target-action", "explode"},
       2,
       "usage"},
      {{"restore-pitr", "--stanza", "demo", "--target-immediate", "--port", "70000"}, 2, "usage"},
      {{"restore-pitr", "--stanza", "demo", "--target-immediate", "--port", "abc"}, 2, "usage"},
      {{"verify", "--stanza", "demo", "--objective-rto", "soon"}, 2, "usage"},
      {{"verify", "--stanza", "demo", "--objective-rpo", "5 minutes"}, 2, "usage"},
      {{"verify", "--stanza", "demo", "--target-lsn", "0/1"}, 2, "usage"},
      {{"verify", "--stanza", "demo", "--work-dir", "/tmp/has space"}, 2, "usage"},
      {{"verify", "--stanza", "demo", "--checks", std::string(REOS_FAKES_DIR) + "/../fixtures/checks/invalid-syntax.json"},
       3,
       "config"},
      {{"verify", "--stanza", "demo", "--checks", std::string(REOS_FAKES_DIR) + "/../fixtures/checks/unknown-key.json"},
       3,
       "config"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = c.args;
    args.push_back("--output=json");
    Run r = run_program(REOS_BACKUP_BIN, args, {}, 30);
    INFO("args: " << reos::util::join(args, " ") << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == c.code);
    nlohmann::json j;
    REQUIRE_NOTHROW(j = r.json());
    CHECK(j["ok"] == false);
    CHECK(j["error"]["code"] == c.error_code);
    CHECK(j["invocations"].empty());
    // Exactly one line on stderr, naming the problem.
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.rfind("reos-backup: error: ", 0) == 0);
  }
}

TEST_CASE("mutating commands refuse to run as root, info and --dry-run do not", "[cli]") {
  if (::geteuid() != 0) {
    WARN("not root: the root rule cannot be exercised here");
    return;
  }
  Run r = run_program(REOS_BACKUP_BIN, {"backup", "--stanza", "demo", "--pgbackrest-bin", "/bin/true", "--output=json"});
  CHECK(r.exit_code == 8);
  CHECK(r.json()["error"]["code"] == "refused");
  CHECK(r.json()["error"]["hint"].get<std::string>().find("sudo -u postgres") != std::string::npos);
  Run dry = run_program(REOS_BACKUP_BIN, {"backup", "--stanza", "demo", "--pgbackrest-bin", "/bin/true", "--dry-run"});
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("--type=incr") != std::string::npos);
}
