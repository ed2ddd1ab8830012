#pragma once
// Integration-test harness: a real PostgreSQL 15 cluster and pgBackRest repository made by
// scripts/lab in a temp directory owned by `postgres`, destroyed when the Lab goes out of scope
// (also when a REQUIRE fails: Catch2 unwinds). ctest's "cleanup leftover labs" fixture removes
// labs of a run that crashed outright.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

/// Runs a program directly (as the current user) with extra environment.
Run run_program(const std::string& program, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env = {}, int timeout_s = 300);

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
  /// Any program run as postgres inside the lab directory.
  Run as_postgres(std::vector<std::string> argv, const std::map<std::string, std::string>& env = {});
  /// SQL on the lab cluster; REQUIREs success and returns the unaligned output.
  std::string sql(const std::string& statement);
  void stop_postgres();
  void start_postgres();

 private:
  Run lab(std::vector<std::string> args, const std::map<std::string, std::string>& env = {});
  std::map<std::string, std::string> env_;
  std::string dir_;
};

}  // namespace reos::testing
