#pragma once
// The whole program (cli::run_app) with a scripted runner, a fixed clock and euid, and a
// private HOME where changing commands keep their state file and audit log.
#include <sys/types.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fakes/scripted_runner.hpp"
#include "helpers.hpp"
#include "reos/cli/app.hpp"

namespace reos::testing {

struct App {
  static constexpr std::int64_t kIncrStop = 1795482881;  // stop of the incr backup in the info fixtures

  ScriptedRunner runner;
  std::ostringstream out, err;
  TempDir home;
  config::Environment env{{"PATH", "/usr/bin:/bin"}, {"HOME", home.path()}};
  uid_t euid = 1000;
  std::int64_t now = kIncrStop + 3600;

  int run(const std::vector<std::string>& args) {
    cli::Services sv{runner, env, out, err, [this] { return now; }, [this] { return euid; }, "/nonexistent/reos-backup.conf"};
    return cli::run_app(args, sv);
  }
  /// stdout must be exactly one JSON document (parse rejects trailing content).
  nlohmann::json doc() const { return nlohmann::json::parse(out.str()); }
};

}  // namespace reos::testing
