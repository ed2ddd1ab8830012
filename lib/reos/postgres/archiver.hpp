#pragma once
// The source cluster's WAL archiving state: the end of the recoverable window and the
// RPO exposure come from here.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "reos/postgres/database.hpp"

namespace reos::postgres {

struct ArchiverStatus {
  std::optional<std::int64_t> last_archived_us;  // pg_stat_archiver.last_archived_time
  std::optional<std::int64_t> last_failed_us;
  std::optional<std::string> last_failed_wal;
  long long failed_count = 0;
  long long archive_timeout_s = 0;  // 0: segments are switched only when full
  std::string archive_mode;
  std::int64_t now_us = 0;                       // the source's clock
  std::optional<std::string> last_archived_wal;  // pg_stat_archiver.last_archived_wal
  std::optional<std::string> current_wal;        // the WAL file being written (nullopt on a standby)
  bool failing() const { return last_failed_us && (!last_archived_us || *last_failed_us > *last_archived_us); }
};

/// Reads pg_stat_archiver and the archive settings. nullopt (with `error`) when the
/// queries fail.
std::optional<ArchiverStatus> read_archiver(Database& db, std::string* error);

nlohmann::json to_json(const ArchiverStatus& a);

}  // namespace reos::postgres
