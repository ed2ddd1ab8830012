// The rows of README's fault table that need a real cluster and repository (scripts/lab):
// signals to reos-backup while pgBackRest backs up or restores, an unwritable repository, and
// a restore target whose disk fills up. Each asserts the exit code, what the JSON says and what
// is left behind (no pgBackRest process, the lock free: the next run works).
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"
#include "reos/process/runner.hpp"

using nlohmann::json;
using reos::testing::add_bulk;
using reos::testing::find_process;
using reos::testing::Lab;
using reos::testing::no_pgbackrest_left;
using reos::testing::Run;

namespace {

// The first child of `pid` (reos-backup's pgBackRest: its local workers are that one's children).
int first_child(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  int child = 0;
  in >> child;
  return child;
}

// Runs `reos-backup ARGS --output=json` as postgres in a thread, waits until pgBackRest's
// `command` runs for the lab, sends `sig` to reos-backup (or, with to_pgbackrest, to the
// pgbackrest process it started), and returns its result.
struct Interrupted {
  reos::process::ProcessResult result;
  bool pgbackrest_seen = false;
  int reos_pid = 0;
  int victim = 0;
};
Interrupted interrupt_while_pgbackrest_runs(Lab& lab, std::vector<std::string> args, const std::string& command, int sig,
                                            bool to_pgbackrest = false) {
  Interrupted out;
  reos::testing::ReosInBackground run(lab, args);
  for (int i = 0; i < 3000 && !out.pgbackrest_seen; ++i) {
    out.pgbackrest_seen = find_process("pgbackrest", {lab.pgbackrest_conf(), command}) != 0;
    if (!out.pgbackrest_seen) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (out.pgbackrest_seen) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // inside the copy
    out.reos_pid = find_process("reos-backup", {command, lab.dir()});
    out.victim = to_pgbackrest && out.reos_pid > 0 ? first_child(out.reos_pid) : out.reos_pid;
    if (out.victim > 0) ::kill(out.victim, sig);
  }
  out.result = run.wait();
  return out;
}

// Interrupts as above and asserts what every row says: the exit code, one JSON document with
// the error code, no pgBackRest process left. Returns the document for the row's own checks.
json stopped(Lab& lab, const std::vector<std::string>& args, const std::string& command, int sig, int exit_code,
             const std::string& error_code, bool to_pgbackrest = false) {
  const Interrupted r = interrupt_while_pgbackrest_runs(lab, args, command, sig, to_pgbackrest);
  REQUIRE(r.pgbackrest_seen);
  REQUIRE(r.victim > 0);
  INFO("stdout: " << r.result.out << "\nstderr: " << r.result.err);
  CHECK(r.result.exit_code == exit_code);
  json j;
  REQUIRE_NOTHROW(j = json::parse(r.result.out));
  CHECK(j["error"]["code"] == error_code);
  CHECK(no_pgbackrest_left(lab));  // the command and its local workers
  return j;
}

// The record of the pgbackrest call named `purpose` (backup reads info again after a failed
// backup too, so the last record is not always the one that failed).
json invocation(const json& envelope, const std::string& purpose) {
  for (const auto& inv : envelope["invocations"])
    if (inv["purpose"] == purpose) return inv;
  return json();
}

}  // namespace

TEST_CASE(
    "fault table: SIGTERM and SIGINT to reos-backup mid-backup and mid-restore, SIGKILL to pgbackrest mid-backup: no process "
    "left, the lock free, the next run works",
    "[pg][faults]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  add_bulk(lab);

  const std::vector<std::string> backup{"backup", "--stanza", "demo", "--type", "full"};
  for (int sig : {SIGTERM, SIGINT}) {
    INFO("signal " << sig << " to reos-backup mid-backup");
    const json j = stopped(lab, backup, "backup", sig, 7, "interrupted");
    CHECK(j["error"]["message"].get<std::string>().find("while 'backup' ran; it was stopped") != std::string::npos);
    CHECK(invocation(j, "backup")["interrupted"] == true);
  }
  {
    INFO("SIGKILL to pgbackrest mid-backup (the OOM killer)");
    const json j = stopped(lab, backup, "backup", SIGKILL, 5, "upstream_failed", true);
    CHECK(j["error"]["message"].get<std::string>().find("pgbackrest backup was killed by signal 9") != std::string::npos);
    CHECK(invocation(j, "backup")["signal"] == 9);
  }
  // The lock is free and the repository usable: a full backup now succeeds.
  Run again = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--output=json"});
  REQUIRE(again.exit_code == 0);
  CHECK(lab.reos({"info", "--stanza", "demo"}).exit_code == 0);

  for (int sig : {SIGTERM, SIGINT}) {
    INFO("signal " << sig << " mid-restore");
    const std::string target = lab.dir() + "/work/interrupted-" + std::to_string(sig);
    stopped(lab, {"restore-pitr", "--stanza", "demo", "--pg-path", target, "--target-immediate"}, "restore", sig, 7,
            "interrupted");
    // The half-written directory is restored again with --force, and that copy starts.
    Run redo = lab.reos({"restore-pitr", "--stanza", "demo", "--pg-path", target, "--target-immediate", "--force",
                         "--target-action", "promote", "--start", "--output=json"});
    REQUIRE(redo.exit_code == 0);
    CHECK(redo.json()["result"]["started"]["state"] == "promoted");
    lab.as_postgres({"/usr/lib/postgresql/15/bin/pg_ctl", "stop", "-D", target, "-m", "immediate", "-w"});
  }
}

TEST_CASE(
    "fault table: an unwritable repository fails the backup with pgBackRest's error, and once writable the next backup is the "
    "only one",
    "[pg][faults]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  const std::string backup_dir = lab.dir() + "/repo/backup/demo";
  REQUIRE(lab.as_postgres({"chmod", "0555", backup_dir}).exit_code == 0);
  Run r = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--output=json"});
  lab.as_postgres({"chmod", "0750", backup_dir});
  CHECK(r.exit_code == 5);
  json j;
  REQUIRE_NOTHROW(j = r.json());
  CHECK(j["error"]["code"] == "upstream_failed");
  CHECK(j["error"]["message"].get<std::string>().find("Permission denied") != std::string::npos);
  CHECK(j["error"]["upstream"]["error_name"].get<std::string>().find("Error") != std::string::npos);
  CHECK(no_pgbackrest_left(lab));
  // Writable again: the next backup works and is the only one in the repository.
  REQUIRE(lab.reos({"backup", "--stanza", "demo", "--type", "full"}).exit_code == 0);
  Run info = lab.reos({"info", "--stanza", "demo", "--output=json"});
  REQUIRE(info.exit_code == 0);
  CHECK(info.json()["result"]["stanzas"][0]["backups"].size() == 1);
}

TEST_CASE("fault table: the restore target's disk full mid-restore is a clear error, and no copy is left running",
          "[pg][faults]") {
  if (!reos::testing::lab_programs_available()) return;
  if (::geteuid() != 0) {
    if (reos::testing::in_ci()) FAIL("CI runs as root: a small tmpfs needs mount(2)");
    WARN("skipping: mounting a small tmpfs needs root");
    return;
  }
  Lab lab;
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  REQUIRE(lab.reos({"backup", "--stanza", "demo", "--type", "full"}).exit_code == 0);
  // 8 MiB for a cluster of about 30 MB, owned by postgres (the lab's data directory's owner).
  const std::string mnt = lab.dir() + "/work/small";
  REQUIRE(lab.as_postgres({"mkdir", "-p", mnt}).exit_code == 0);
  Run owner = lab.as_postgres({"id", "-u"});
  const std::string opts = "size=8m,mode=0700,uid=" + owner.out.substr(0, owner.out.find('\n'));
  REQUIRE(::mount("tmpfs", mnt.c_str(), "tmpfs", 0, opts.c_str()) == 0);
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{mnt};
  const std::string target = mnt + "/data";
  Run r = lab.reos({"restore-pitr", "--stanza", "demo", "--pg-path", target, "--target-immediate", "--target-action", "promote",
                    "--start", "--output=json"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 5);
  json j;
  REQUIRE_NOTHROW(j = r.json());
  CHECK(j["error"]["code"] == "upstream_failed");
  CHECK(j["error"]["upstream"]["error_name"] == "FileWriteError");
  CHECK(j["error"]["message"].get<std::string>().find("the filesystem of " + target + " is full") != std::string::npos);
  CHECK(j["error"]["hint"].get<std::string>().find("larger filesystem") != std::string::npos);
  CHECK(no_pgbackrest_left(lab));
  // The copy was never started: no postmaster for the target.
  CHECK(find_process("postgres", {target}) == 0);
  CHECK(::access((target + "/postmaster.pid").c_str(), F_OK) != 0);
}
