#pragma once
// The whole program (cli::run_app) with a scripted runner, a fixed clock and euid, and a
// private HOME where changing commands keep their state file and audit log. A test changes
// what it needs (now, euid, env) before run().
#include <sys/types.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/cli/app.hpp"
#include "support/helpers.hpp"
#include "support/scripted_runner.hpp"

namespace reos::testing {

struct App {
  static constexpr std::int64_t kIncrStop = 1795482881;  // stop of the incr backup in the info fixtures

  ScriptedRunner runner;
  std::ostringstream out, err;
  TempDir home;
  config::Environment env{{"PATH", "/usr/bin:/bin"}, {"HOME", home.path()}};
  uid_t euid = 1000;
  bool err_is_terminal = false;  // as if stderr were a terminal (progress on by default)
  std::int64_t now = kIncrStop + 3600;
  std::string syslog_socket = home.path() + "/dev-log";  // --audit-syslog's receiver, when a test binds one

  int run(const std::vector<std::string>& args) { return run_with(runner, args); }
  /// The same program with another runner (a test's own script, or a real one).
  int run_with(process::ProcessRunner& r, const std::vector<std::string>& args) {
    cli::Services sv{
        r, env, out, err, [this] { return now; }, [this] { return euid; }, "/nonexistent/reos-backup.conf", err_is_terminal,
        syslog_socket};
    return cli::run_app(args, sv);
  }
  /// stdout must be exactly one JSON document (parse rejects trailing content).
  nlohmann::json doc() const { return nlohmann::json::parse(out.str()); }
  std::string audit_path() const { return home.path() + "/.local/state/reos-backup/audit.jsonl"; }
  std::string state_path() const { return home.path() + "/.local/state/reos-backup/state.json"; }
};

}  // namespace reos::testing
