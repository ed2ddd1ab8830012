#include "reos/commands/counted.hpp"

#include "reos/observe/state.hpp"

namespace reos::commands {

Outcome run_counted(CommandContext& ctx, const std::function<Outcome()>& run, const RecordAttempt& record) {
  Outcome out;
  try {
    out = run();
  } catch (const error::Error& e) {
    out.error = e;
  }
  try {
    const auto* up = out.error && out.error->upstream() ? &*out.error->upstream() : nullptr;
    const std::string err = up && !up->error_name.empty() ? up->error_name
                            : out.error                   ? std::string(error::row_for(out.error->code()).json_name)
                                                          : "";
    record(observe::state_file_path(ctx.settings, ctx.env), !out.error, err);
  } catch (const error::Error& e) {
    ctx.log.warn("state file not updated: " + e.message());
  }
  return out;
}

}  // namespace reos::commands
