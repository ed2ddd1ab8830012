#pragma once
// Resolved settings with their origin. Precedence is ours, fixed and documented:
// command line > REOS_* environment > systemd credential (secrets only: a file named after the
// option in $CREDENTIALS_DIRECTORY) > config file ([stanza:NAME] over [global]) > default.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reos/config/config_file.hpp"

namespace reos::config {

using Environment = std::map<std::string, std::string>;

/// A snapshot of this process's environment (taken once; commands never call getenv).
Environment environment_snapshot();

enum class Origin { default_value, config_file, credential, environment, command_line };
std::string_view origin_name(Origin o);

struct Setting {
  std::string value;
  Origin origin = Origin::default_value;
  std::string source;  // "--timeout", "REOS_TIMEOUT", "/etc/reos-backup/reos-backup.conf:12", "default"
};

/// What the command-line parser found, before any other source is consulted.
struct CommandLine {
  std::string command;
  std::map<std::string, std::string> values;  // option name -> value ("true" for flags)
  std::vector<std::string> positionals;
};

class Settings {
 public:
  std::string command;
  std::map<std::string, Setting> values;
  std::vector<std::string> positionals;
  std::optional<std::string> config_path;  // the config file that was read, if any

  bool has(std::string_view name) const;
  /// The value, or "" when unset.
  const std::string& text(std::string_view name) const;
  std::optional<std::string> optional(std::string_view name) const;
  bool flag(std::string_view name) const;
  long long integer(std::string_view name) const;
  std::chrono::milliseconds duration(std::string_view name) const;
  /// A repeatable option's values (given several times, or comma-separated in env/config).
  std::vector<std::string> list(std::string_view name) const;
};

/// Builds Settings for cl.command from all sources. Throws error::Error: Usage for a bad
/// command-line value, Config for a bad environment/config value, unknown config key,
/// or a secret in a file others can read.
Settings resolve(const CommandLine& cl, const Environment& env, const ConfigFile* cfg);

/// Which config file to read: --config, else REOS_CONFIG, else the default path if it
/// exists. nullopt: none.
std::optional<std::string> config_path_for(const CommandLine& cl, const Environment& env, const std::string& default_path);

/// The default location of reos-backup's settings file.
inline constexpr std::string_view kDefaultConfigPath = "/etc/reos-backup/reos-backup.conf";

}  // namespace reos::config
