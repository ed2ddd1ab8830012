// reos/pgbackrest/errors: pgBackRest's "ERROR: [NNN]" reports, warnings, names, and the
// upstream error reos-backup builds from a failed run.
#include <catch2/catch.hpp>

#include "reos/output/envelope.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/util/text.hpp"
#include "support/helpers.hpp"

using namespace reos::pgbackrest;
using reos::error::ExitCode;
using reos::testing::pgbackrest_fixture;

TEST_CASE("parse_reported_error on real pgBackRest stderr", "[pgbackrest][errors]") {
  struct Case {
    const char* fixture;
    int code;
    const char* message;
  };
  const Case cases[] = {
      {"err-backup-pg-down", 56, "unable to find primary cluster - cannot proceed HINT: are all available clusters in recovery?"},
      {"err-backup-lock-held", 50,
       "unable to acquire lock on file '$LAB/lock/lab-backup.lock': Resource temporarily unavailable "
       "HINT: is another pgBackRest process running?"},
      {"err-unknown-stanza-backup", 37, "backup command requires option: pg1-path HINT: does this stanza exist?"},
      {"err-bad-option-value", 32, "'bogus' is not allowed for 'type' option"},
      {"err-backup-before-stanza-create", 55,
       "unable to load info file '$LAB/repo/backup/lab/backup.info' or '$LAB/repo/backup/lab/backup.info.copy': "
       "FileMissingError: unable to open missing file '$LAB/repo/backup/lab/backup.info' for read "
       "FileMissingError: unable to open missing file '$LAB/repo/backup/lab/backup.info.copy' for read "
       "HINT: backup.info cannot be opened and is required to perform a backup. "
       "HINT: has a stanza-create been performed?"},
  };
  for (const auto& c : cases) {
    INFO(c.fixture);
    const std::string rc = pgbackrest_fixture(c.fixture, "rc");
    REQUIRE(std::stoi(rc) == c.code);  // pgBackRest exits with the reported code
    const auto e = parse_reported_error(pgbackrest_fixture(c.fixture, "stderr"));
    REQUIRE(e.has_value());
    CHECK(e->code == c.code);
    CHECK(e->message == c.message);
  }
}

TEST_CASE("parse_reported_error: console form, the last error wins, nothing to find", "[pgbackrest][errors]") {
  const auto console = parse_reported_error(
      "2026-11-24 01:18:09.547 P00   INFO: backup command begin\n"
      "2026-11-24 01:18:10.001 P00  ERROR: [063]: terminated on signal [SIGTERM]\n"
      "2026-11-24 01:18:10.002 P00   INFO: backup command end: aborted with exception [063]\n");
  REQUIRE(console);
  CHECK(console->code == 63);
  CHECK(console->message == "terminated on signal [SIGTERM]");

  const auto two = parse_reported_error("ERROR: [050]: first\nERROR: [056]: second\n       HINT: h\n");
  REQUIRE(two);
  CHECK(two->code == 56);
  CHECK(two->message == "second HINT: h");

  CHECK_FALSE(parse_reported_error("").has_value());
  CHECK_FALSE(parse_reported_error("WARN: only a warning\n").has_value());
  CHECK_FALSE(parse_reported_error("ERROR: [abc]: not a number\n").has_value());
  CHECK_FALSE(parse_reported_error(pgbackrest_fixture("err-backup-sigTERM", "stderr")).has_value());
}

TEST_CASE("parse_warnings", "[pgbackrest][errors]") {
  const auto pg_down = parse_warnings(pgbackrest_fixture("err-backup-pg-down", "stderr"));
  REQUIRE(pg_down.size() == 1);
  CHECK(pg_down[0] ==
        "unable to check pg1: [DbConnectError] unable to connect to 'dbname='postgres' port=55432 host='$LAB/run'': "
        "connection to server on socket \"$LAB/run/.s.PGSQL.55432\" failed: No such file or directory "
        "Is the server running locally and accepting connections on that socket?");

  const auto resumed = parse_warnings(pgbackrest_fixture("err-backup-sigTERM", "stderr"));
  REQUIRE(resumed.size() == 1);
  CHECK(resumed[0] ==
        "resumable backup 20261124-011804F of same type exists -- invalid files will be removed then the backup will "
        "resume");

  const auto console = parse_warnings(
      "2026-11-24 01:14:38.333 P00   WARN: option 'repo1-retention-full' is not set\n"
      "            HINT: to retain full backups indefinitely set 'repo1-retention-full' to the maximum.\n"
      "2026-11-24 01:14:38.334 P00   INFO: not a warning\n"
      "text mentioning WARN: inside a line is not one\n"
      "WARN: second\n");
  REQUIRE(console.size() == 2);
  CHECK(console[0] ==
        "option 'repo1-retention-full' is not set HINT: to retain full backups indefinitely set "
        "'repo1-retention-full' to the maximum.");
  CHECK(console[1] == "second");

  CHECK(parse_warnings("").empty());
  CHECK(parse_warnings(pgbackrest_fixture("err-bad-option-value", "stderr")).empty());
}

TEST_CASE("error_name maps pgBackRest codes to its error names", "[pgbackrest][errors]") {
  CHECK(error_name(56) == "DbConnectError");
  CHECK(error_name(29) == "FormatError");
  CHECK(error_name(50) == "LockAcquireError");
  CHECK(error_name(37) == "OptionRequiredError");
  CHECK(error_name(32) == "OptionInvalidValueError");
  CHECK(error_name(55) == "FileMissingError");
  CHECK(error_name(63) == "TermError");
  CHECK(error_name(25) == "AssertError");
  CHECK(error_name(125) == "UnknownError");
  CHECK(error_name(999) == "");
  CHECK(error_name(0) == "");
  CHECK(error_name(1) == "");
  CHECK(error_name(66) == "");  // a gap in pgBackRest's table
}

TEST_CASE("error_hint has advice for the failures seen in the lab", "[pgbackrest][errors]") {
  for (int code : {27, 29, 37, 41, 47, 50, 55, 56, 57, 62, 63, 87}) {
    INFO(code);
    CHECK_FALSE(error_hint(code).empty());
  }
  CHECK(error_hint(50) == "another pgBackRest process holds the lock (backup or expire running); wait for it");
  CHECK(error_hint(999) == "");
}

namespace {
reos::process::Invocation backup_invocation() {
  reos::process::Invocation inv;
  inv.purpose = "backup";
  inv.program = "/usr/bin/pgbackrest";
  inv.args = {"--stanza=lab", "--log-level-console=off", "--type=incr", "backup"};
  return inv;
}
}  // namespace

TEST_CASE("upstream_error for a backup with PostgreSQL down", "[pgbackrest][errors]") {
  reos::process::ProcessResult r;
  r.exit_code = 56;
  r.err = pgbackrest_fixture("err-backup-pg-down", "stderr");
  reos::util::Redactor redactor;
  const auto e = upstream_error(backup_invocation(), r, redactor);
  CHECK(e.code() == ExitCode::UpstreamFailed);
  CHECK(e.exit_code() == 5);
  CHECK(e.message() ==
        "pgbackrest backup failed: [56] DbConnectError: unable to find primary cluster - cannot proceed "
        "HINT: are all available clusters in recovery?");
  CHECK(e.hint() == error_hint(56));
  REQUIRE(e.upstream().has_value());
  const auto& up = *e.upstream();
  CHECK(up.program == "pgbackrest");
  CHECK(up.argv ==
        std::vector<std::string>{"/usr/bin/pgbackrest", "--stanza=lab", "--log-level-console=off", "--type=incr", "backup"});
  CHECK(up.exit_code == 56);
  CHECK(up.error_name == "DbConnectError");
  CHECK(up.stderr_tail == reos::util::tail_lines(r.err, 8));
  CHECK(up.stderr_tail.rfind("WARN: unable to check pg1", 0) == 0);
}

TEST_CASE("upstream_error redacts secrets in argv, message and stderr", "[pgbackrest][errors]") {
  reos::util::Redactor redactor;
  redactor.add_secret("hunter2-secret");
  auto inv = backup_invocation();
  inv.args.insert(inv.args.begin(), "--repo1-cipher-pass=hunter2-secret");  // defence in depth
  reos::process::ProcessResult r;
  r.exit_code = 29;
  r.err = "ERROR: [029]: cannot decrypt with hunter2-secret\n       HINT: pass was hunter2-secret\n";
  const auto e = upstream_error(inv, r, redactor);
  CHECK(e.message() == "pgbackrest backup failed: [29] FormatError: cannot decrypt with <redacted> HINT: pass was <redacted>");
  REQUIRE(e.upstream());
  CHECK(e.upstream()->argv.at(1) == "--repo1-cipher-pass=<redacted>");
  CHECK(e.upstream()->stderr_tail == "ERROR: [029]: cannot decrypt with <redacted>\n       HINT: pass was <redacted>");
  CHECK(e.upstream()->error_name == "FormatError");
  const std::string dumped = reos::output::dump(reos::output::to_json(e));
  CHECK(dumped.find("hunter2-secret") == std::string::npos);
}

TEST_CASE("upstream_error with a wrong cipher pass: raw bytes do not break JSON", "[pgbackrest][errors]") {
  reos::process::ProcessResult r;
  r.exit_code = std::stoi(pgbackrest_fixture("err-wrong-cipher-pass-backup", "rc"));
  r.err = pgbackrest_fixture("err-wrong-cipher-pass-backup", "stderr");
  REQUIRE(r.exit_code == 29);
  const auto e = upstream_error(backup_invocation(), r, reos::util::Redactor{});
  CHECK(e.upstream()->error_name == "FormatError");
  CHECK(e.message().rfind("pgbackrest backup failed: [29] FormatError: unable to load info file", 0) == 0);
  CHECK(reos::util::sanitize_utf8(e.message()) == e.message());  // valid UTF-8
  CHECK(reos::util::sanitize_utf8(e.upstream()->stderr_tail) == e.upstream()->stderr_tail);
  const auto j = nlohmann::json::parse(reos::output::dump(reos::output::to_json(e)));
  CHECK(j["upstream"]["exit_code"] == 29);
}

TEST_CASE("upstream_error without an ERROR line uses the exit code and the first line", "[pgbackrest][errors]") {
  reos::process::ProcessResult r;
  r.exit_code = 1;
  r.err = "\nsomething odd happened\nand more\n";
  const auto e = upstream_error(backup_invocation(), r, reos::util::Redactor{});
  CHECK(e.message() == "pgbackrest backup failed: [1] something odd happened");
  CHECK(e.upstream()->error_name == "");
  CHECK(e.hint() == "see the pgBackRest log for the stanza and the stderr tail in the JSON error");

  r.err.clear();
  r.exit_code = 41;
  const auto silent = upstream_error(backup_invocation(), r, reos::util::Redactor{});
  CHECK(silent.message() == "pgbackrest backup failed: [41] FileOpenError: exit code 41");
  CHECK(silent.upstream()->error_name == "FileOpenError");
  CHECK(silent.upstream()->stderr_tail == "");
}
