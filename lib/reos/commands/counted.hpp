#pragma once
// Counting attempts in the state file (backup, restore-pitr): every attempt counts, also one
// that threw (timeout, interrupt), so a failure shows up in the *_failure_total counters.
#include <functional>
#include <string>

#include "reos/commands/command.hpp"

namespace reos::commands {

/// What `record` gets: the state file, whether the run succeeded, and the error's name
/// (pgBackRest's own error name when it failed, else our exit code's name; "" on success).
using RecordAttempt = std::function<void(const std::string& state_file, bool ok, const std::string& error_name)>;

/// Runs `run`, then `record`s the attempt. A state file that cannot be written is a warning:
/// the command's own result is what the exit code reports.
Outcome run_counted(CommandContext& ctx, const std::function<Outcome()>& run, const RecordAttempt& record);

}  // namespace reos::commands
