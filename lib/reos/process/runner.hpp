#pragma once
// The one seam between reos-backup and child programs. Production uses the system runner
// (vfork + execve); unit tests use a scripted runner that checks argv in strict order.
#include <functional>
#include <future>
#include <memory>
#include <string_view>

#include "reos/process/invocation.hpp"

namespace reos::process {

enum class Stream { out, err };
/// Receives each complete line (without its '\n') of a child's stdout or stderr as it arrives;
/// a last line without '\n' comes when the stream ends. Runs on the supervising thread.
using LineHandler = std::function<void(Stream, std::string_view line)>;

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  /// Runs one invocation to completion (or timeout/interrupt) and never throws for child
  /// failures: those are data in ProcessResult.
  virtual ProcessResult run(const Invocation& inv) = 0;

  /// run(), and hands every line to `on_line` while the child runs (progress display); the
  /// result still holds all of stdout and stderr. Default (fakes): the lines after the run.
  virtual ProcessResult run_streaming(const Invocation& inv, const LineHandler& on_line);

  /// Starts `inv` in the background, supervised exactly like run() (timeout, interrupt
  /// forwarding, process group, PDEATHSIG); the future yields its result and waits for it
  /// when destroyed. Default (fakes): runs it at once, so scripted order stays strict.
  virtual std::future<ProcessResult> start(const Invocation& inv);
};

/// The real runner. Reads stdout and stderr concurrently, enforces the timeout (SIGTERM, then
/// SIGKILL after the grace period), forwards our SIGINT/SIGTERM to the child's process group,
/// and never leaves an orphan behind.
std::unique_ptr<ProcessRunner> make_system_runner();

}  // namespace reos::process
