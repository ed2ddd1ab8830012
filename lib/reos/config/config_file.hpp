#pragma once
// reos-backup's own settings file: INI in pgBackRest's style.
//   [global]              applies to every command
//   [stanza:NAME]         applies when the resolved --stanza is NAME
//   [minio:ALIAS]         a MinIO alias: url, access-key, secret-key (read by reos/minio)
//   [policy]              the retention policy in days per repository (config/policy.hpp)
// Keys are option names from the option table; validation of keys and values happens in the
// settings resolver, which knows the table. The same strict reader reads pgBackRest's own files
// (Dialect::pgbackrest: any [NAME] or [NAME:COMMAND] section), so both fail alike on bad syntax.
#include <string>
#include <vector>

namespace reos::config {

struct ConfigEntry {
  std::string section;  // "global", "stanza:main"
  std::string key;
  std::string value;
  int line = 0;
};

struct ConfigFile {
  std::string path;
  std::vector<ConfigEntry> entries;
  bool readable_by_others = false;  // group or world read bit: secrets are refused then
};

/// Whose file it is: which section names are valid, and what an error's hint says.
enum class Dialect {
  reos,       // [global], [policy], [stanza:NAME], [minio:ALIAS]
  pgbackrest  // [global], [global:COMMAND], [STANZA], [STANZA:COMMAND]
};

/// Reads and parses `path`. Throws error::Error(Config) with "PATH:LINE: what" for syntax
/// errors and for a file that cannot be read.
ConfigFile read_config_file(const std::string& path, Dialect dialect = Dialect::reos);

/// Parses text already read (unit tests and read_config_file share this).
ConfigFile parse_config_text(const std::string& path, const std::string& text, Dialect dialect = Dialect::reos);

}  // namespace reos::config
