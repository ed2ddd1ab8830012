#include "reos/postgres/wal_rate.hpp"

#include <string>

namespace reos::postgres {

std::optional<double> read_wal_rate(Database& db) {
  auto q = db.query("SELECT wal_bytes, extract(epoch FROM now() - stats_reset) FROM pg_stat_wal");
  if (!q.ok || q.rows.empty() || q.rows[0].size() < 2 || !q.rows[0][0] || !q.rows[0][1]) return std::nullopt;
  try {
    const double bytes = std::stod(*q.rows[0][0]), seconds = std::stod(*q.rows[0][1]);
    if (seconds < 1) return std::nullopt;
    return bytes / seconds;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace reos::postgres
