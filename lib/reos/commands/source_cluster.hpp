#pragma once
// The source cluster (the production PostgreSQL a stanza backs up), as restore-pitr, verify,
// info, check and metrics reach it: where it listens, and its archiver state.
#include <optional>
#include <string>

#include "reos/config/settings.hpp"
#include "reos/pgbackrest/config_reader.hpp"
#include "reos/postgres/archiver.hpp"
#include "reos/postgres/database.hpp"

namespace reos::commands {

/// The source cluster for window/RPO questions: --source-host/--source-port, else pg1-*
/// of the stanza in the pgBackRest config (as its backup sees them: that is the cluster backed up).
postgres::ConnectTarget source_target(const pgbackrest::Config& pgbr, const config::Settings& s, const std::string& stanza);

/// pg_stat_archiver of the source when it is reachable; nullopt and a reason otherwise.
std::optional<postgres::ArchiverStatus> source_archiver(const postgres::ConnectTarget& t, std::string* why);

}  // namespace reos::commands
