#pragma once
// What every subcommand gets and gives back. Each subcommand lives in one file
// (commands/<name>.cpp) with its options struct, its plan struct, <name>_options(),
// plan_<name>() and run_<name>(), tied together by make_handler().
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/config/settings.hpp"
#include "reos/error/error.hpp"
#include "reos/output/streamed_array.hpp"
#include "reos/process/executor.hpp"
#include "reos/util/log.hpp"
#include "reos/util/redact.hpp"

namespace reos::commands {

struct CommandContext {
  const config::Settings& settings;
  const config::Environment& env;
  const config::ConfigFile* config_file;  // nullptr when none was read ([minio:ALIAS] etc.)
  util::Redactor& redactor;
  const util::Logger& log;
  std::int64_t now_epoch;  // one clock reading per run: ages are consistent within a report
  std::ostream& err;       // stderr: progress is drawn there (logs go through `log`)
  bool err_is_terminal;    // whether stderr is a terminal (progress is shown by default then)
};

/// A command's result: `result` is always filled as far as the command got; `error` is set
/// for both "could not run" and "ran and found a problem" outcomes.
struct Outcome {
  nlohmann::json result = nlohmann::json::object();
  std::vector<output::StreamedArray> streamed;  // arrays of `result` made only while it is printed
  std::optional<error::Error> error;
};

/// A command line that passed validation. The options are resolved once (programs located,
/// files read, values checked) and shared by the --dry-run plan and the run.
struct PreparedCommand {
  /// The plan's steps in the order the run executes them (for --dry-run and tests). `exec` runs
  /// only the read-only look-ups a plan depends on (restore-pitr and verify read `pgbackrest
  /// info` to choose the backup set); most plans run nothing.
  std::function<std::vector<process::Invocation>(process::Executor&)> plan;
  /// Decides the same plan and executes exactly it, then interprets the results.
  std::function<Outcome(process::Executor&)> run;
};

struct CommandHandler {
  std::string_view name;
  /// Validates the settings without side effects; throws error::Error for bad input.
  std::function<PreparedCommand(CommandContext&)> prepare;
  /// The text form of `result` for people.
  std::function<std::string(const nlohmann::json&)> text;
};

/// The parts of a command file (commands/<name>.cpp). A plan is a value: a struct of named
/// invocations with `steps()` (its invocations in the order the run executes them), so the
/// dry-run and the run cannot disagree. Values known only at run time (mc's private config
/// directory) are placeholders in the plan that the run fills in.
template <class Options, class Plan>
struct CommandParts {
  std::string_view name;
  /// Validates and resolves (once per run); never starts a child.
  Options (*options)(CommandContext&);
  /// Decides every invocation. May run read-only look-ups through `exec`, nothing else.
  Plan (*plan)(const Options&, CommandContext&, process::Executor&);
  /// Executes `plan`; `out.result` keeps what was found also when a step throws.
  void (*run)(const Options&, const Plan&, CommandContext&, process::Executor&, Outcome& out);
  std::string (*text)(const nlohmann::json&);
  /// Optional: wraps planning and running alike (counting attempts, the drill's report and
  /// its upload, which run through `exec` after the body whatever it found).
  Outcome (*around)(const Options&, CommandContext&, process::Executor&, const std::function<Outcome()>& body) = nullptr;
};

/// The plan of a command that starts no program (schedule, audit).
struct NoCalls {
  std::vector<process::Invocation> steps() const { return {}; }
};

template <class Options, class Plan>
CommandHandler make_handler(const CommandParts<Options, Plan>& parts) {
  return {parts.name,
          [parts](CommandContext& ctx) {
            auto o = std::make_shared<const Options>(parts.options(ctx));
            return PreparedCommand{[o, parts, &ctx](process::Executor& exec) { return parts.plan(*o, ctx, exec).steps(); },
                                   [o, parts, &ctx](process::Executor& exec) {
                                     const std::function<Outcome()> body = [&] {
                                       Outcome out;
                                       try {
                                         const Plan p = parts.plan(*o, ctx, exec);
                                         parts.run(*o, p, ctx, exec, out);
                                       } catch (const error::Error& e) {
                                         out.error = e;
                                       }
                                       return out;
                                     };
                                     return parts.around ? parts.around(*o, ctx, exec, body) : body();
                                   }};
          },
          parts.text};
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
