#pragma once
// Reads the few values of pgBackRest's own config file that reos-backup needs to reason
// about a stanza (where its cluster lives, which paths it writes) without asking pgBackRest.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace reos::pgbackrest {

struct StanzaLocation {
  std::optional<std::string> pg_path;         // pg1-path
  std::optional<int> pg_port;                 // pg1-port
  std::optional<std::string> pg_socket_path;  // pg1-socket-path
  std::optional<bool> archive_async;          // archive-async: --spool-path is refused without it (rc 31)
  std::optional<double> io_timeout_s;         // io-timeout (pgBackRest takes fractions of a second)
  std::optional<int> process_max;             // process-max
};

/// The pgBackRest config file in effect: --pgbackrest-config, else pgBackRest's defaults
/// (/etc/pgbackrest/pgbackrest.conf, then the legacy /etc/pgbackrest.conf).
std::string effective_config_path(const std::optional<std::string>& given);

/// Every key of `stanza` as written ([stanza] over [global]); empty when the file is absent.
std::map<std::string, std::string> read_stanza_options(const std::string& config_path, const std::string& stanza);

/// pg1-* of `stanza` ([stanza] over [global]); empty fields when the file or keys are absent.
StanzaLocation read_stanza_location(const std::string& config_path, const std::string& stanza);

/// Repositories the settings configure: repo1 always, repoN when any repoN-* key is set.
std::vector<int> configured_repos(const std::map<std::string, std::string>& options);

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
