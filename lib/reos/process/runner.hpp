#pragma once
// The one seam between reos-backup and child programs. Production uses the Boost.Process
// runner; unit tests use a scripted runner that checks argv in strict order.
#include <memory>

#include "reos/process/invocation.hpp"

namespace reos::process {

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  /// Runs one invocation to completion (or timeout/interrupt) and never throws for child
  /// failures: those are data in ProcessResult.
  virtual ProcessResult run(const Invocation& inv) = 0;
};

/// The real runner (Boost.Process). Reads stdout and stderr concurrently, enforces the
/// timeout (SIGTERM, then SIGKILL after the grace period), forwards our SIGINT/SIGTERM to
/// the child's process group, and never leaves an orphan behind.
std::unique_ptr<ProcessRunner> make_system_runner();

}  // namespace reos::process
