#include "reos/postgres/archiver.hpp"

#include "reos/util/timestamp.hpp"

namespace reos::postgres {

namespace {
std::optional<std::int64_t> epoch_us(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  auto t = util::parse_zoned_time(*v);
  return t ? std::optional<std::int64_t>(t->epoch_us) : std::nullopt;
}
nlohmann::json time_json(const std::optional<std::int64_t>& us) {
  return us ? nlohmann::json(util::format_epoch_us(*us)) : nlohmann::json(nullptr);
}
}  // namespace

std::optional<ArchiverStatus> read_archiver(Database& db, std::string* error) {
  // One round trip; extract(epoch ...) avoids DateStyle surprises for the archive timeout.
  QueryResult q = db.query(
      "SELECT last_archived_time, last_failed_time, last_failed_wal, failed_count, now(), "
      "current_setting('archive_timeout'), current_setting('archive_mode'), last_archived_wal, "
      "CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_walfile_name(pg_current_wal_lsn()) END FROM pg_stat_archiver");
  if (!q.ok || q.rows.empty()) {
    if (error) *error = q.ok ? "pg_stat_archiver returned no row" : q.error;
    return std::nullopt;
  }
  const auto& r = q.rows[0];
  ArchiverStatus a;
  a.last_archived_us = epoch_us(r[0]);
  a.last_failed_us = epoch_us(r[1]);
  a.last_failed_wal = r[2];
  a.failed_count = r[3] ? std::stoll(*r[3]) : 0;
  a.now_us = epoch_us(r[4]).value_or(0);
  // archive_timeout shows as "0", "60", "5min", "1h" ...
  if (r[5]) {
    std::string v = *r[5];
    long long n = 0;
    std::size_t i = 0;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) n = n * 10 + (v[i++] - '0');
    std::string unit = v.substr(i);
    a.archive_timeout_s = unit == "min" ? n * 60 : unit == "h" ? n * 3600 : unit == "d" ? n * 86400 : unit == "ms" ? n / 1000 : n;
  }
  a.archive_mode = r[6].value_or("");
  if (r.size() > 8) {
    a.last_archived_wal = r[7];
    a.current_wal = r[8];
  }
  return a;
}

nlohmann::json to_json(const ArchiverStatus& a) {
  return {{"last_archived_time", time_json(a.last_archived_us)},
          {"last_failed_time", time_json(a.last_failed_us)},
          {"last_failed_wal", a.last_failed_wal ? nlohmann::json(*a.last_failed_wal) : nlohmann::json(nullptr)},
          {"failed_count", a.failed_count},
          {"failing", a.failing()},
          {"archive_timeout_seconds", a.archive_timeout_s},
          {"archive_mode", a.archive_mode},
          {"source_now", time_json(a.now_us)},
          {"last_archived_wal", a.last_archived_wal ? nlohmann::json(*a.last_archived_wal) : nlohmann::json(nullptr)},
          {"current_wal", a.current_wal ? nlohmann::json(*a.current_wal) : nlohmann::json(nullptr)}};
}

}  // namespace reos::postgres
