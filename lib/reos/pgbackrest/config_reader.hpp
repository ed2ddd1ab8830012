#pragma once
// Reads the few values of pgBackRest's own config file that reos-backup needs to reason
// about a stanza (where its cluster lives) without asking pgBackRest.
#include <optional>
#include <string>

namespace reos::pgbackrest {

struct StanzaLocation {
  std::optional<std::string> pg_path;         // pg1-path
  std::optional<int> pg_port;                 // pg1-port
  std::optional<std::string> pg_socket_path;  // pg1-socket-path
  std::optional<bool> archive_async;          // archive-async: --spool-path is refused without it (rc 31)
  std::optional<int> repo1_retention_full;    // repo1-retention-full: checked against the policy
};

/// The pgBackRest config file in effect: --pgbackrest-config, else pgBackRest's defaults
/// (/etc/pgbackrest/pgbackrest.conf, then the legacy /etc/pgbackrest.conf).
std::string effective_config_path(const std::optional<std::string>& given);

/// pg1-* of `stanza` ([stanza] over [global]); empty fields when the file or keys are absent.
StanzaLocation read_stanza_location(const std::string& config_path, const std::string& stanza);

}  // namespace reos::pgbackrest
