#pragma once
// Reads the few values of pgBackRest's own configuration that reos-backup needs to reason
// about a stanza (where its cluster lives, which paths it writes) without asking pgBackRest,
// from the files pgBackRest 2.45 reads and with the sections it honours for a command.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reos/config/config_file.hpp"
#include "reos/config/settings.hpp"

namespace reos::pgbackrest {

struct StanzaLocation {
  std::optional<std::string> pg_path;         // pg1-path
  std::optional<int> pg_port;                 // pg1-port
  std::optional<std::string> pg_socket_path;  // pg1-socket-path
  std::optional<bool> archive_async;          // archive-async: --spool-path is refused without it (rc 31)
  std::optional<double> io_timeout_s;         // io-timeout (pgBackRest takes fractions of a second)
  std::optional<int> process_max;             // process-max
};

/// pgBackRest's three options that say where its configuration is. The children inherit our
/// environment and get --pgbackrest-config as --config, so these are what they will see.
struct ConfigLocation {
  std::optional<std::string> config;               // --pgbackrest-config, else PGBACKREST_CONFIG
  std::optional<std::string> config_path;          // PGBACKREST_CONFIG_PATH
  std::optional<std::string> config_include_path;  // PGBACKREST_CONFIG_INCLUDE_PATH
};

/// `given` (--pgbackrest-config) over PGBACKREST_CONFIG; the other two from `env`.
ConfigLocation config_location(const std::optional<std::string>& given, const config::Environment& env);

/// pgBackRest's configuration as it reads it: the main file, then every *.conf of the include
/// directory in byte order, as one INI text (a section may continue in another file).
struct Config {
  std::vector<std::string> files;  // the files read, in order
  std::vector<config::ConfigEntry> entries;
  std::string described() const;  // "a.conf, conf.d/b.conf" or "no pgBackRest config file"
};

/// pgBackRest 2.45's rules (cfgFileLoad): the main file is --config, else <config-path>/
/// pgbackrest.conf, else /etc/pgbackrest/pgbackrest.conf falling back to /etc/pgbackrest.conf;
/// the include directory is --config-include-path, else <config-path>/conf.d, else
/// /etc/pgbackrest/conf.d, and is not read when --config alone is given. Files that are absent
/// are skipped (pgBackRest itself reports a required one when it runs); a syntax error, or a
/// key set twice in one section that pgBackRest would refuse, is error::Error(Config).
Config read_config(const ConfigLocation& where);

/// read_config(config_location(--pgbackrest-config, env)): what every command calls.
Config read_config(const config::Settings& s, const config::Environment& env);

/// Every key `command` (pgBackRest's name: "backup", "restore") sees for `stanza`, first found in
/// [stanza:command], [stanza], [global:command], [global], as pgBackRest searches them.
std::map<std::string, std::string> stanza_options(const Config& cfg, const std::string& stanza, std::string_view command);

/// pg1-* and the other values above of `stanza` for `command`; empty fields when unset.
StanzaLocation stanza_location(const Config& cfg, const std::string& stanza, std::string_view command);

/// Repositories the settings configure: repo1 always, repoN when any repoN-* key is set.
std::vector<int> configured_repos(const std::map<std::string, std::string>& options);

/// Whether repository `n` lies on this host's file system: repoN-type posix or cifs without
/// repoN-host. s3, gcs, azure and sftp, and a repository host, are reached over the network.
bool repo_on_local_disk(const std::map<std::string, std::string>& options, int n);

/// A directory pgBackRest writes to, and which setting (or default) names it.
struct WrittenPath {
  std::string path;
  std::string setting;  // "repo1-path", "log-path (default)"
};

/// The directories a pgBackRest run with these options writes: each repository on a local
/// file system (repoN-type posix or cifs without repoN-host; s3, gcs, azure and sftp write
/// nothing locally),
/// log-path, spool-path and lock-path, with pgBackRest's defaults for those not set.
std::vector<WrittenPath> written_paths(const std::map<std::string, std::string>& options);

}  // namespace reos::pgbackrest
