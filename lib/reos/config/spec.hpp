#pragma once
// The one declarative table of subcommands and options: pure data, in config/ so that the
// settings resolver reads it without reaching up into cli/. The CLI11 parser, --help, the
// settings resolver (command line > REOS_* environment > config file > default), the man page
// and the shell completions are all rendered from this data; nothing else lists options.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace reos::config {

enum class ValueKind {
  flag,        // present or not; env/config take true/false
  text,        // free text
  integer,     // decimal, range-checked with min/max
  duration,    // 90s, 5m, 2h, 1h30m, 1d
  choice,      // one of `choices`
  path,        // a file path
  directory,   // a directory path
  identifier,  // stanza-style name: letters, digits, '-', '_', '.', no leading '-'
};

/// How a shell completes the option's value.
enum class Completion { none, file, directory, choices, stanza };

/// Where an option's value may come from: one word per combination that occurs.
enum class Sources {
  anywhere,                 // command line, REOS_<NAME>, config-file key
  command_line_and_env,     // not a config-file key (e.g. --config itself)
  command_line_and_config,  // not read from the environment
  command_line,             // per run only: neither environment nor config file
  secret,                   // environment or config file only, never the command line; printed <redacted>
};

/// An option that makes sense only with something else; given otherwise it is a usage error
/// naming the rule (checked once, when settings are resolved).
struct OnlyWith {
  std::vector<std::string_view> options = {};  // one of these options must be set too
  std::vector<std::string_view> actions = {};  // the command's action (first positional) must be one of these
};

/// One option. Rows are written with designated initializers; what a row leaves out has the
/// default below.
struct OptionSpec {
  std::string_view name;  // long name without dashes, also the config-file key
  ValueKind kind = ValueKind::text;
  std::string_view value_name = {};  // "NAME", "PATH" (unused for flags)
  std::string_view help = {};        // one sentence, says what and why
  std::vector<std::string_view> choices = {};
  std::string_view default_value = {};  // empty: no default
  Sources sources = Sources::anywhere;
  Completion completion = Completion::none;
  long long min = 0, max = 0;  // integer range when min < max
  bool repeatable = false;     // may be given several times; Settings::list() splits on ','
  OnlyWith only_with = {};

  bool from_env() const { return sources != Sources::command_line && sources != Sources::command_line_and_config; }
  bool from_config() const { return sources != Sources::command_line && sources != Sources::command_line_and_env; }
  /// Never accepted on the command line; printed as <redacted>.
  bool secret() const { return sources == Sources::secret; }
};

/// A positional argument (e.g. the action word of `minio-version enable`).
struct PositionalSpec {
  std::string_view name;  // shown as NAME in usage; also the key in Settings
  std::string_view help;
  std::vector<std::string_view> choices = {};  // empty: free text
  bool required = true;
};

struct Example {
  std::string_view description;
  std::string_view command;
};

/// Which runs of a command change something and are audit-logged (after they ran; never
/// --dry-run). Every command states it (a unit test checks), so a new one cannot be forgotten.
struct AuditRule {
  enum class When { unstated, never, always, actions } when = When::unstated;
  std::vector<std::string_view> actions = {};  // When::actions: the first positionals that change something
  std::string_view read_only_flag = {};        // a flag that makes the run change nothing (never audited)
};

struct CommandSpec {
  std::string_view name;
  std::string_view summary;                // one line, for the command list
  std::string_view description;            // a paragraph, for --help and the man page
  std::vector<std::string_view> options;   // names from options(); globals are implicit
  std::vector<std::string_view> required;  // must resolve from some source
  std::vector<Example> examples;
  bool refuses_root = true;                 // pgBackRest must run as the cluster owner, not root
  std::string_view default_timeout = "1h";  // per child program, when --timeout is not set
  std::vector<PositionalSpec> positionals = {};
  AuditRule audit = {};
};

/// Every option (global and per command) exactly once.
const std::vector<OptionSpec>& options();
/// Options every command accepts.
const std::vector<std::string_view>& global_options();
const std::vector<CommandSpec>& commands();

/// Whether a run is audit-logged; `flag_given(name)` says whether a flag option was set.
bool audited(std::string_view command, const std::vector<std::string>& positionals,
             const std::function<bool(std::string_view)>& flag_given);

const OptionSpec* find_option(std::string_view name);
const CommandSpec* find_command(std::string_view name);

/// REOS_PGBACKREST_CONFIG for "pgbackrest-config".
std::string env_name(std::string_view option_name);

}  // namespace reos::config
