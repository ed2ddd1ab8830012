#pragma once
// The one declarative table of subcommands and options. The CLI11 parser, --help, the
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

struct OptionSpec {
  std::string_view name;        // long name without dashes, also the config-file key
  ValueKind kind;
  std::string_view value_name;  // "NAME", "PATH" (unused for flags)
  std::string_view help;        // one sentence, says what and why
  std::vector<std::string_view> choices = {};
  std::string_view default_value = {};  // empty: no default
  bool from_env = true;         // REOS_<NAME> is read
  bool from_config = true;      // allowed as a config-file key
  bool secret = false;          // never accepted on the command line; printed as <redacted>
  Completion completion = Completion::none;
  long long min = 0, max = 0;   // integer range when min < max
  bool repeatable = false;      // may be given several times; Settings::list() splits on ','
};

/// A positional argument (e.g. the action word of `minio-version enable`).
struct PositionalSpec {
  std::string_view name;        // shown as NAME in usage; also the key in Settings
  std::string_view help;
  std::vector<std::string_view> choices = {};  // empty: free text
  bool required = true;
};

struct Example {
  std::string_view description;
  std::string_view command;
};

struct CommandSpec {
  std::string_view name;
  std::string_view summary;      // one line, for the command list
  std::string_view description;  // a paragraph, for --help and the man page
  std::vector<std::string_view> options;   // names from options(); globals are implicit
  std::vector<std::string_view> required;  // must resolve from some source
  std::vector<Example> examples;
  bool refuses_root = true;      // pgBackRest must run as the cluster owner, not root
  std::string_view default_timeout = "1h";  // per child program, when --timeout is not set
  std::vector<PositionalSpec> positionals = {};
};

/// Every option (global and per command) exactly once.
const std::vector<OptionSpec>& options();
/// Options every command accepts.
const std::vector<std::string_view>& global_options();
const std::vector<CommandSpec>& commands();

/// Which commands (and positional actions) change something and are audit-logged.
struct AuditRule {
  std::string_view command;
  std::vector<std::string_view> actions;  // {} never, {"*"} always, else these first positionals
  std::string_view read_only_flag = {};   // a flag that makes the run change nothing (never audited)
};
const std::vector<AuditRule>& audit_rules();
/// Whether a run is audit-logged; `flag_given(name)` says whether a flag option was set.
bool audited(std::string_view command, const std::vector<std::string>& positionals,
             const std::function<bool(std::string_view)>& flag_given);

const OptionSpec* find_option(std::string_view name);
const CommandSpec* find_command(std::string_view name);

/// REOS_PGBACKREST_CONFIG for "pgbackrest-config".
std::string env_name(std::string_view option_name);

}  // namespace reos::config
