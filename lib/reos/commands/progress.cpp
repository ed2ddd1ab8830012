#include "reos/commands/progress.hpp"

#include "reos/pgbackrest/progress.hpp"

namespace reos::commands {

std::optional<util::ProgressStyle> progress_style(const CommandContext& ctx) {
  const bool on = ctx.settings.flag("progress"), off = ctx.settings.flag("no-progress");
  if (on && off)
    throw error::Error(error::ExitCode::Usage, "--progress and --no-progress contradict each other",
                       "give one of them (a config file or REOS_PROGRESS/REOS_NO_PROGRESS may set the other)");
  const bool json = ctx.settings.text("output") == "json";
  if (off || (!on && (json || !ctx.err_is_terminal))) return std::nullopt;
  if (json) return util::ProgressStyle::json;
  return ctx.err_is_terminal ? util::ProgressStyle::terminal : util::ProgressStyle::lines;
}

process::ProcessResult run_with_progress(process::Executor& exec, const process::Invocation& inv, const CommandContext& ctx,
                                         const std::optional<util::ProgressStyle>& style, const std::string& what,
                                         std::optional<std::uint64_t> total_bytes) {
  if (!style) return exec.run(inv);
  util::ProgressMeter meter(ctx.err, *style, what);
  pgbackrest::FileProgressFeed feed(meter, total_bytes);
  auto r = exec.run_streaming(inv, [&](process::Stream s, std::string_view line) {
    if (s == process::Stream::out) feed.line(line);
  });
  meter.finish();
  return r;
}

}  // namespace reos::commands
