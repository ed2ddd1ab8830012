#include "reos/process/executor.hpp"

#include <csignal>
#include <cstring>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/process/signals.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/text.hpp"

namespace reos::process {

using error::Error;
using error::ExitCode;

InvocationRecord plan_record(const Invocation& inv, const Redactor& redactor) {
  InvocationRecord rec;
  rec.purpose = inv.purpose;
  rec.argv = redactor.argv(inv.argv());
  rec.env = redactor.env(inv);
  return rec;
}

ProcessResult Executor::run(const Invocation& inv) {
  const auto shown = redactor_.argv(inv.argv());
  if (int sig = interrupt_signal(); sig && !inv.survives_interrupt) {
    throw Error(ExitCode::Interrupted, fmt::format("interrupted by {} before '{}' started", strsignal(sig), inv.purpose),
                "nothing further was run; re-run the command when ready");
  }
  log_.debug(fmt::format("run [{}]: {}", inv.purpose, util::join(shown, " ")));
  ProcessResult r = runner_.run(inv);

  InvocationRecord rec = plan_record(inv, redactor_);
  rec.exit_code = r.exit_code;
  rec.term_signal = r.term_signal;
  rec.timed_out = r.timed_out;
  rec.interrupted = r.interrupted;
  rec.duration_ms = r.duration.count();
  records_.push_back(rec);
  log_.debug(fmt::format("[{}] exit {} after {} ms", inv.purpose, r.exit_code, r.duration.count()));

  error::Upstream up;
  up.program = inv.program;
  up.argv = shown;
  up.exit_code = r.exit_code;
  up.stderr_tail = redactor_.text(util::tail_lines(util::sanitize_utf8(r.err), 5));

  if (r.spawn_failed) {
    throw Error(ExitCode::ProgramMissing, fmt::format("could not start '{}': {}", inv.program, r.spawn_error),
                "check that the program exists and is executable by this user")
        .with_upstream(up);
  }
  if (r.interrupted) {
    throw Error(ExitCode::Interrupted,
                fmt::format("interrupted by {} while '{}' ran; it was stopped", strsignal(interrupt_signal()),
                            inv.purpose),
                "pgBackRest resumes an interrupted backup on the next run of the same type")
        .with_upstream(up);
  }
  if (r.timed_out) {
    throw Error(ExitCode::Timeout,
                fmt::format("'{}' did not finish within {} and was stopped", inv.purpose,
                            util::format_duration(inv.timeout)),
                "raise --timeout (e.g. --timeout=6h) if the work is legitimately long")
        .with_upstream(up);
  }
  return r;
}

}  // namespace reos::process
