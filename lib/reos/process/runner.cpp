#include "reos/process/runner.hpp"

#include "reos/util/text.hpp"

namespace reos::process {

ProcessResult ProcessRunner::run_streaming(const Invocation& inv, const LineHandler& on_line) {
  ProcessResult r = run(inv);
  if (on_line) {
    for (const auto& line : util::split_lines(r.out)) on_line(Stream::out, line);
    for (const auto& line : util::split_lines(r.err)) on_line(Stream::err, line);
  }
  return r;
}

std::future<ProcessResult> ProcessRunner::start(const Invocation& inv) {
  std::promise<ProcessResult> done;
  done.set_value(run(inv));
  return done.get_future();
}

}  // namespace reos::process
