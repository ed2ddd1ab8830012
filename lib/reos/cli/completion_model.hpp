#pragma once
// What the shell completions offer, derived from the option table once so the bash, zsh and
// fish renderers agree: per command its options (plus the global ones), how each option's
// value completes, and the positional words.
#include <string>
#include <vector>

namespace reos::cli {

/// How a shell completes an option's value.
enum class ValueCompletion {
  flag,       // takes no value
  free,       // a value nothing can guess (a number, a bucket name)
  choices,    // one of `choices`
  file,       // a file path
  directory,  // a directory path
  stanza,     // a stanza name read from the pgBackRest config at completion time
};

struct CompletionOption {
  std::string name;        // without dashes
  std::string help;        // one line
  std::string value_name;  // "NAME"; empty for flags
  ValueCompletion value = ValueCompletion::flag;
  std::vector<std::string> choices;
  bool repeatable = false;
};

struct CompletionPositional {
  std::string name;
  std::string help;
  std::vector<std::string> choices;  // empty: nothing to offer
};

struct CompletionCommand {
  std::string name;
  std::string summary;
  std::vector<CompletionOption> options;  // the command's own, without the global ones
  std::vector<CompletionPositional> positionals;
};

struct CompletionModel {
  std::vector<CompletionOption> globals;    // accepted before and after the command word
  std::vector<CompletionCommand> commands;
  std::vector<std::string> value_options;   // every option that takes a value (also secrets):
                                            // its next word is a value, never the command
};

/// Built from the table. Secret options are not offered: the command line refuses them.
/// --help and --version (the parser's own) are offered as global flags.
CompletionModel completion_model();

/// The pgBackRest configuration read for stanza names when the command line has no
/// --pgbackrest-config (pgBackRest's own default).
inline constexpr const char* kPgbackrestDefaultConfig = "/etc/pgbackrest/pgbackrest.conf";

}  // namespace reos::cli
