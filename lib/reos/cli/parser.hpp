#pragma once
// Builds the CLI11 parser from the option table and turns argv into a CommandLine.
#include <optional>
#include <string>
#include <vector>

#include "reos/config/settings.hpp"

namespace reos::cli {

struct ParseResult {
  enum class Kind { run, help, version } kind = Kind::run;
  std::string text;  // help or version text to print on stdout
  config::CommandLine command_line;
};

/// Parses argv (without touching the environment or any file). Throws error::Error(Usage)
/// with a one-line message and a hint for every kind of bad command line.
ParseResult parse_command_line(const std::vector<std::string>& args);

/// Whether the user asked for JSON on the command line or in REOS_OUTPUT; known before the
/// full parse so that even a usage error can be reported as one JSON document.
bool wants_json(const std::vector<std::string>& args, const config::Environment& env);

/// The first word that is not an option or an option's value: the command the user meant.
std::optional<std::string> command_word(const std::vector<std::string>& args);

/// The version line printed by --version.
std::string version_text();

}  // namespace reos::cli
