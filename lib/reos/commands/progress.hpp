#pragma once
// Progress of backup, restore-pitr and verify on stderr, from pgBackRest's per-file log lines
// (pgbackrest/progress.hpp) as the child prints them, drawn by util/progress. What the command
// returns (its result, its JSON) does not depend on it.
#include <cstdint>
#include <optional>
#include <string>

#include "reos/commands/command.hpp"
#include "reos/util/progress.hpp"

namespace reos::commands {

/// How this run shows progress, or nullopt for not at all: never with --no-progress; always
/// with --progress (one JSON object per line with --output json, plain lines when stderr is
/// not a terminal); by default only when stderr is a terminal and the output is text, so cron,
/// CI and machines reading JSON see nothing new. Both flags at once are a usage error.
std::optional<util::ProgressStyle> progress_style(const CommandContext& ctx);

/// exec.run(inv), with `style` the child's file lines drawn on stderr as they arrive (`inv`
/// was planned with pgbackrest::with_file_progress). `total_bytes`: what the whole job copies
/// when known beforehand (a restore: the set's size), else it is estimated from the lines.
process::ProcessResult run_with_progress(process::Executor& exec, const process::Invocation& inv, const CommandContext& ctx,
                                         const std::optional<util::ProgressStyle>& style, const std::string& what,
                                         std::optional<std::uint64_t> total_bytes);

}  // namespace reos::commands
