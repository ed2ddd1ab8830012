#pragma once
// The newest commit a cluster holds, read the same way on the source (just before a restore)
// and on the restored copy (just after it): the difference is the data a restore at that
// moment loses, i.e. the measured RPO. pg_last_committed_xact() when track_commit_timestamp is
// on; otherwise the newest value of the recency columns the validation checks already read.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/postgres/checks.hpp"
#include "reos/postgres/database.hpp"

namespace reos::postgres {

/// One recency column: a query whose single value is the newest timestamp of some table.
struct RecencySource {
  std::string name;
  std::string sql;
};

/// The seed's two recency columns (properties.created_at, pipeline_state.state_changed_at)
/// and every max_age check of `checks`, each once.
std::vector<RecencySource> recency_sources(const std::vector<Check>& checks);

struct NewestCommit {
  bool commit_timestamps = false;                              // track_commit_timestamp was on at the source
  std::optional<std::int64_t> epoch_us;                        // the newest of all
  std::map<std::string, std::optional<std::int64_t>> columns;  // per recency source that answered
  std::string error;                                           // why nothing could be read
};

/// The first statement on the source: its session is read-only (the sources' SQL may come
/// from a checks file) and each statement is bounded.
inline constexpr std::string_view kSourceSessionGuard = "SET default_transaction_read_only = on; SET statement_timeout = '10s'";

/// On the source, read-only (kSourceSessionGuard first): pg_last_committed_xact() when
/// track_commit_timestamp is on, else the columns.
NewestCommit read_source_newest(Database& db, const std::vector<RecencySource>& sources);

/// On the restored copy, the same way as `source` was read: pg_last_xact_replay_timestamp()
/// (and pg_last_committed_xact() when it answers), or the same columns.
NewestCommit read_copy_newest(Database& db, const NewestCommit& source, const std::vector<RecencySource>& sources);

struct MeasuredLoss {
  std::optional<double> seconds;  // nullopt: not measurable (see basis)
  std::string basis;
  nlohmann::json detail = nlohmann::json::object();
};

/// source - copy, never below 0 (the copy may have replayed WAL archived after the source
/// was read). With columns, the largest difference of one column; a column the copy lacks
/// counts from the source's value back to `backup_stop_epoch` (nothing newer survived).
MeasuredLoss measured_loss(const NewestCommit& source, const NewestCommit& copy, std::int64_t backup_stop_epoch);

}  // namespace reos::postgres
