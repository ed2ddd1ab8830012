#pragma once
// Runs a command's planned invocations through the ProcessRunner seam, records each one
// (redacted) for the JSON envelope, and turns "could not run" outcomes into errors.
#include <future>
#include <vector>

#include "reos/process/invocation.hpp"
#include "reos/process/runner.hpp"
#include "reos/util/log.hpp"
#include "reos/util/redact.hpp"

namespace reos::process {

class Executor {
 public:
  Executor(ProcessRunner& runner, const util::Redactor& redactor, const util::Logger& log)
      : runner_(runner), redactor_(redactor), log_(log) {}

  /// Runs `inv`. Returns the result when the child ran to an exit (any exit code: its meaning
  /// belongs to the wrapper of that program). Throws error::Error for a child that could not
  /// start (ProgramMissing), hit its timeout (Timeout), or was stopped because we were
  /// interrupted (Interrupted).
  ProcessResult run(const Invocation& inv);
  /// run(), handing each line of the child's output to `on_line` as it arrives (progress).
  ProcessResult run_streaming(const Invocation& inv, const LineHandler& on_line);

  /// A child started by start(), running beside whatever runs next.
  struct Started {
    Invocation inv;
    std::size_t record = 0;  // its place in records(): where it started, not where it ended
    std::future<ProcessResult> result;
  };
  /// Starts `inv` in the background, supervised like run() (timeout, interrupt, process group,
  /// PDEATHSIG). finish() waits for it and gives, or throws, exactly what run() would have.
  /// A Started that is dropped unfinished waits for its child in its destructor (no orphan).
  Started start(const Invocation& inv);
  ProcessResult finish(Started& started);

  const std::vector<InvocationRecord>& records() const { return records_; }
  const util::Redactor& redactor() const { return redactor_; }
  const util::Logger& log() const { return log_; }

 private:
  void before_start(const Invocation& inv) const;
  ProcessResult judge(const Invocation& inv, ProcessResult r, std::size_t record);

  ProcessRunner& runner_;
  const util::Redactor& redactor_;
  const util::Logger& log_;
  std::vector<InvocationRecord> records_;
};

/// The redacted record of an invocation that has not run (for --dry-run plans).
InvocationRecord plan_record(const Invocation& inv, const util::Redactor& redactor);

}  // namespace reos::process
