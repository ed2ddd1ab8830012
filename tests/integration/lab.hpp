#pragma once
#include <chrono>
// Integration-test harness: a real PostgreSQL 15 cluster and pgBackRest repository made by
// scripts/lab in a temp directory owned by `postgres`, destroyed when the Lab goes out of scope
// (also when a REQUIRE fails: Catch2 unwinds). ctest's "cleanup leftover labs" fixture removes
// labs of a run that crashed outright.
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/process/runner.hpp"

namespace reos::testing {

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
  /// stdout parsed as exactly one JSON document (throws if it is not).
  nlohmann::json json() const { return nlohmann::json::parse(out); }
};

/// True when CI=true: missing programs are failures there, never skips.
bool in_ci();

/// Whether PostgreSQL 15, pgBackRest and runuser are installed. Outside CI a missing one
/// makes the caller return early with a warning; in CI it fails the test.
bool lab_programs_available();

/// Also node, npm and openssl for the local S3 server (same rule: a failure in CI).
bool s3_programs_available();

/// Every process's pid and command line (/proc/<pid>/cmdline, NULs as spaces): what any local
/// user can read.
std::vector<std::pair<int, std::string>> process_cmdlines();

/// The distinct command lines of every process, sampled every few milliseconds from its
/// construction until stop(): a secret on any child's argv would show here.
class CmdlineSampler {
 public:
  CmdlineSampler();
  ~CmdlineSampler();
  void stop();
  std::set<std::string> seen();

 private:
  std::atomic<bool> running_{true};
  std::mutex mutex_;
  std::set<std::string> seen_;
  std::thread thread_;
};

/// Runs a program directly (as the current user) with extra environment.
Run run_program(const std::string& program, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env = {}, int timeout_s = 300);

/// Seconds between laps, for the step timings the long scenario tests print to their log.
struct Stopwatch {
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  double lap() {
    auto now = std::chrono::steady_clock::now();
    double s = std::chrono::duration<double>(now - t0).count();
    t0 = now;
    return s;
  }
};

/// Whether `pid` still runs; a zombie counts as gone (a container's PID 1 may never reap a
/// process whose parent died, which is harmless).
bool alive(int pid);
/// Waits up to `limit` for `pid` to be gone.
bool gone_within(int pid, std::chrono::seconds limit);

/// The pid of a running process (not a zombie) whose program is `program` (argv[0]'s last
/// component, so the runuser wrapper and reos-backup's own --pgbackrest-config do not match)
/// and whose command line contains every one of `parts`; 0 when there is none.
int find_process(const std::string& program, const std::vector<std::string>& parts);

class Lab {
 public:
  /// `create_args` go to `scripts/lab create` (e.g. {"--repos", "2"}); `env` to every lab call.
  explicit Lab(std::vector<std::string> create_args = {}, std::map<std::string, std::string> env = {});
  ~Lab();
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  const std::string& dir() const { return dir_; }
  std::string pgbackrest_conf() const { return dir_ + "/pgbackrest.conf"; }

  /// reos-backup (the copy inside the lab) run as postgres, with --pgbackrest-config added.
  Run reos(std::vector<std::string> args, const std::map<std::string, std::string>& env = {});
  /// reos-backup as reos(), but without --pgbackrest-config: pgBackRest's configuration is what
  /// `env` (PGBACKREST_CONFIG, _PATH, _INCLUDE_PATH) and pgBackRest's defaults make it.
  Run reos_without_config_flag(std::vector<std::string> args, const std::map<std::string, std::string>& env);
  /// The lab's pgBackRest config split the way many hosts keep it: [global] in
  /// work/split/pgbackrest.conf, the stanza's section only in work/split/conf.d/STANZA.conf, and
  /// `more` (e.g. a [demo:restore] section) appended there. Returns work/split (a config path).
  std::string split_config(const std::string& more = "");
  /// reos() with its stderr on a pseudo-terminal and its stdout on a pipe, as at an operator's
  /// shell with `> result`: Run::err is what the terminal received (the pty's own "\r\n" for
  /// "\n" included), Run::out what stdout did.
  Run reos_on_pty(std::vector<std::string> args);
  /// Any program run as postgres inside the lab directory.
  Run as_postgres(std::vector<std::string> argv, const std::map<std::string, std::string>& env = {});
  /// SQL on the lab cluster; REQUIREs success and returns the unaligned output.
  std::string sql(const std::string& statement);
  /// The seed's four tables (properties, pipeline_state, timeline_entries, action_packets), empty;
  /// `clock` is the default of their timestamp columns (clock_timestamp() gives each row of one
  /// statement its own time).
  void create_seed_tables(const std::string& clock = "now()");
  void stop_postgres();
  void start_postgres();
  /// A pgbackrest in front of the real one (bin/pgbackrest-spy) that appends its argv to
  /// work/spy-cmdline.txt and execs /usr/bin/pgbackrest: give it as --pgbackrest-bin and every
  /// pgBackRest argv reos-backup starts, or writes into a restore_command, is recorded.
  std::string pgbackrest_spy();

 private:
  Run lab(std::vector<std::string> args, const std::map<std::string, std::string>& env = {});
  std::map<std::string, std::string> env_;
  std::string dir_;
};

/// The whole content of a file ("" when it cannot be read).
std::string slurp(const std::string& path);

/// A table `bulk` of barely compressible rows (500,000: about 60 MB): a backup's or a restore's
/// copy phase lasts long enough to be interrupted inside it.
void add_bulk(Lab& lab, int rows = 500000);

/// No pgBackRest process of this lab (the command itself or its local workers) within 10 s;
/// with `command` ("backup"), none of that command (archive-push may run for PostgreSQL).
bool no_pgbackrest_left(const Lab& lab, const std::string& command = "");

/// `reos-backup ARGS --output=json --pgbackrest-config=...` run as postgres in a thread, started
/// at construction (Catch2's macros stay on the test's own thread): the test acts meanwhile
/// (a signal, a stopped server) and wait() gives the result.
class ReosInBackground {
 public:
  ReosInBackground(const Lab& lab, const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});
  ~ReosInBackground();
  process::ProcessResult wait();

 private:
  process::ProcessResult result_;
  std::thread thread_;
};

}  // namespace reos::testing

namespace reos::testing {

/// A local S3 server (s3rver over TLS, `scripts/lab s3-start`) for repo2 on S3. One per test
/// process (shared()): labs keep apart by their own repo2-path in the one bucket. Stopped by PID
/// when the process exits, also after a failed REQUIRE; `lab destroy-all` (ctest's cleanup
/// fixture) removes one a crashed process left behind.
class S3Server {
 public:
  static S3Server& shared();
  ~S3Server();
  const std::string& dir() const { return dir_; }
  /// Stops the server (data kept) / starts it again on the same port and data.
  void stop();
  void resume();

 private:
  S3Server();
  std::string dir_;
};

/// The seed's layout: repo1 posix + repo2 on S3, both aes-256-cbc, archive-async=y. The lab is
/// made with these secrets as LAB_* variables (its archive_command gets them as PGBACKREST_*).
struct SeedSecrets {
  std::string repo1_pass = "r1-Cipher-Pass-5e1f0a";
  std::string repo2_pass = "r2-Cipher-Pass-c3b9d7";
  std::string s3_key = "S3RVER";  // the only key id s3rver accepts; the secret is not checked
  std::string s3_secret = "s3-Secret-Key-91a4e2";
  std::map<std::string, std::string> lab_env() const;
  /// The same secrets as reos-backup reads them (REOS_*), the way README documents.
  std::map<std::string, std::string> reos_env() const;
  /// The same secrets as pgBackRest's own variables (PGBACKREST_*), which reos-backup passes on.
  std::map<std::string, std::string> pgbackrest_env() const;
  std::vector<std::string> all() const { return {repo1_pass, repo2_pass, s3_secret}; }
};

/// create_args for Lab: `--cipher --s3 DIR` on the shared server.
std::vector<std::string> seed_layout_args();

}  // namespace reos::testing
