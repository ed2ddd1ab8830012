#pragma once
// What every subcommand gets and gives back. Each subcommand lives in one file
// (commands/<name>.cpp) with its options struct, <name>_options(), plan_<name>() and
// run_<name>(), tied together by make_handler().
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/config/settings.hpp"
#include "reos/error/error.hpp"
#include "reos/output/log.hpp"
#include "reos/process/executor.hpp"
#include "reos/process/redact.hpp"

namespace reos::commands {

struct CommandContext {
  const config::Settings& settings;
  const config::Environment& env;
  const config::ConfigFile* config_file;  // nullptr when none was read ([minio:ALIAS] etc.)
  process::Redactor& redactor;
  const output::Logger& log;
  std::int64_t now_epoch;  // one clock reading per run: ages are consistent within a report
};

/// A command's result: `result` is always filled as far as the command got; `error` is set
/// for both "could not run" and "ran and found a problem" outcomes.
struct Outcome {
  nlohmann::json result = nlohmann::json::object();
  std::optional<error::Error> error;
};

/// A command line that passed validation. The options are resolved once (programs located,
/// files read, values checked) and shared by the --dry-run plan and the run.
struct PreparedCommand {
  /// No side effects: the invocations the command would run (for --dry-run and tests).
  std::function<std::vector<process::Invocation>()> plan;
  /// Runs the plan through the executor and interprets the results.
  std::function<Outcome(process::Executor&)> run;
};

struct CommandHandler {
  std::string_view name;
  /// Validates the settings without side effects; throws error::Error for bad input.
  std::function<PreparedCommand(CommandContext&)> prepare;
  /// The text form of `result` for people.
  std::function<std::string(const nlohmann::json&)> text;
};

/// A handler from a command file's parts: `options` validates and resolves (once per run),
/// `plan` builds the argv vectors from the options, `run` carries them out.
template <class Options>
CommandHandler make_handler(std::string_view name, Options (*options)(CommandContext&),
                            std::function<std::vector<process::Invocation>(const Options&)> plan,
                            Outcome (*run)(const Options&, CommandContext&, process::Executor&),
                            std::string (*text)(const nlohmann::json&)) {
  return {name,
          [options, plan, run](CommandContext& ctx) {
            auto o = std::make_shared<const Options>(options(ctx));
            return PreparedCommand{[o, plan] { return plan(*o); },
                                   [o, run, &ctx](process::Executor& exec) { return run(*o, ctx, exec); }};
          },
          text};
}

/// Looks up the handler for a command of the option table (every command has one; a unit
/// test checks that).
const CommandHandler* find_handler(std::string_view name);
const std::vector<CommandHandler>& handlers();

// Registration of each command file's handler (defined in commands/<name>.cpp).
CommandHandler stanza_create_handler();
CommandHandler backup_handler();
CommandHandler info_handler();
CommandHandler restore_pitr_handler();
CommandHandler verify_handler();
CommandHandler minio_version_handler();
CommandHandler minio_replicate_handler();
CommandHandler minio_lifecycle_handler();
CommandHandler minio_mirror_handler();
CommandHandler minio_config_export_handler();
CommandHandler schedule_handler();
CommandHandler metrics_handler();
CommandHandler check_handler();
CommandHandler audit_handler();

}  // namespace reos::commands
