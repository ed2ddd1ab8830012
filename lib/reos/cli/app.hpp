#pragma once
// The whole program as a function, so unit tests can run it with fakes.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "reos/config/settings.hpp"
#include "reos/process/runner.hpp"
#include "reos/util/syslog.hpp"

namespace reos::cli {

/// Everything the program touches outside its own memory.
struct Services {
  process::ProcessRunner& runner;
  config::Environment env;
  std::ostream& out;
  std::ostream& err;
  std::function<std::int64_t()> now_epoch;
  std::function<uid_t()> euid;
  std::string default_config_path;
  bool err_is_terminal = false;  // stderr is a terminal: progress is drawn there by default
  std::string syslog_socket = util::kSyslogSocket;  // where --audit-syslog records go
};

/// Parses args (without argv[0]), resolves settings, runs the command, renders the result.
/// Returns the process exit code. Never throws.
int run_app(const std::vector<std::string>& args, Services& services);

/// Services for the real process (system runner, real environment and clock).
int main_entry(int argc, char** argv);

}  // namespace reos::cli
