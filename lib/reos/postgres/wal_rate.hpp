#pragma once
// How fast the source writes WAL: what turns a WAL-volume limit (archive-push-queue-max) into
// the length of an archive outage it survives.
#include <optional>

#include "reos/postgres/database.hpp"

namespace reos::postgres {

/// Average WAL bytes per second since pg_stat_wal was reset (PostgreSQL 14+); nullopt when
/// unknown (query failed, or reset less than a second ago).
std::optional<double> read_wal_rate(Database& db);

}  // namespace reos::postgres
