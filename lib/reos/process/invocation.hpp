#pragma once
// What to run and what came back: the data that flows from a command's plan to the runner.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace reos::process {

/// One child program call. argv is a vector (never a shell string); env_overrides are added
/// to the inherited environment, which is how secrets reach children (never argv).
struct Invocation {
  std::string purpose;            // short name for logs and JSON ("backup", "info-before")
  std::string program;            // absolute path, resolved at plan time
  std::vector<std::string> args;  // argv[1..]
  std::map<std::string, std::string> env_overrides;
  std::vector<std::string> secret_env;         // names in env_overrides whose values are secret
  std::optional<std::string> stdin_data;       // nullopt: stdin is /dev/null
  std::chrono::milliseconds timeout{0};        // 0: no limit
  std::chrono::milliseconds kill_grace{5000};  // SIGTERM -> SIGKILL delay
  bool survives_interrupt = false;             // cleanup steps (stopping a staging cluster) run to the end
  // Lowest CPU (nice 19) and I/O (idle class) priority, for work that runs beside work that is
  // timed and must keep the machine (the drill's repository verify beside its start and checks).
  bool idle_priority = false;

  /// argv[0..] as the child sees it.
  std::vector<std::string> argv() const {
    std::vector<std::string> v{program};
    v.insert(v.end(), args.begin(), args.end());
    return v;
  }
};

/// How a child ended.
struct ProcessResult {
  int exit_code = -1;         // exit status when it exited normally
  int term_signal = 0;        // signal number when it was killed by one
  bool spawn_failed = false;  // could not be started at all
  std::string spawn_error;    // e.g. "No such file or directory (execve)"
  int spawn_errno = 0;        // the errno behind spawn_error (ENOENT, EACCES, ...)
  bool timed_out = false;     // we stopped it because of the timeout
  bool interrupted = false;   // we stopped it because we were interrupted
  std::string out;
  std::string err;
  std::chrono::milliseconds duration{0};

  bool success() const { return !spawn_failed && !timed_out && !interrupted && term_signal == 0 && exit_code == 0; }
};

/// What the JSON envelope's `invocations[]` shows of one child run.
struct InvocationRecord {
  std::string purpose;
  std::vector<std::string> argv;           // redacted
  std::map<std::string, std::string> env;  // overrides only, redacted
  int exit_code = -1;
  int term_signal = 0;
  bool timed_out = false;
  bool interrupted = false;
  long long duration_ms = 0;
  bool idle_priority = false;  // Invocation::idle_priority (shown: it runs beside other work)
};

}  // namespace reos::process
