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

InvocationRecord plan_record(const Invocation& inv, const util::Redactor& redactor) {
  InvocationRecord rec;
  rec.purpose = inv.purpose;
  rec.argv = redactor.argv(inv.argv());
  rec.env = redactor.env(inv.env_overrides, inv.secret_env);
  rec.idle_priority = inv.idle_priority;
  return rec;
}

void Executor::before_start(const Invocation& inv) const {
  if (int sig = interrupt_signal(); sig && !inv.survives_interrupt) {
    throw Error(ExitCode::Interrupted, fmt::format("interrupted by {} before '{}' started", strsignal(sig), inv.purpose),
                "nothing further was run; re-run the command when ready");
  }
  log_.debug(fmt::format("run [{}]: {}", inv.purpose, util::join(redactor_.argv(inv.argv()), " ")));
}

ProcessResult Executor::run(const Invocation& inv) { return run_streaming(inv, LineHandler{}); }

ProcessResult Executor::run_streaming(const Invocation& inv, const LineHandler& on_line) {
  before_start(inv);
  ProcessResult r = on_line ? runner_.run_streaming(inv, on_line) : runner_.run(inv);
  records_.push_back(plan_record(inv, redactor_));
  return judge(inv, std::move(r), records_.size() - 1);
}

Executor::Started Executor::start(const Invocation& inv) {
  before_start(inv);
  records_.push_back(plan_record(inv, redactor_));
  return Started{inv, records_.size() - 1, runner_.start(inv)};
}

ProcessResult Executor::finish(Started& started) { return judge(started.inv, started.result.get(), started.record); }

// Records how the child ended and turns "could not run" endings into errors.
ProcessResult Executor::judge(const Invocation& inv, ProcessResult r, std::size_t record) {
  const auto shown = redactor_.argv(inv.argv());
  InvocationRecord& rec = records_.at(record);
  rec.exit_code = r.exit_code;
  rec.term_signal = r.term_signal;
  rec.timed_out = r.timed_out;
  rec.interrupted = r.interrupted;
  rec.duration_ms = r.duration.count();
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
                fmt::format("interrupted by {} while '{}' ran; it was stopped", strsignal(interrupt_signal()), inv.purpose),
                "pgBackRest resumes an interrupted backup on the next run of the same type")
        .with_upstream(up);
  }
  if (r.timed_out) {
    throw Error(ExitCode::Timeout,
                fmt::format("'{}' did not finish within {} and was stopped", inv.purpose, util::format_duration(inv.timeout)),
                "raise --timeout (e.g. --timeout=6h) if the work is legitimately long")
        .with_upstream(up);
  }
  return r;
}

}  // namespace reos::process
