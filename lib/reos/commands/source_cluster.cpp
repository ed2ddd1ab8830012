#include "reos/commands/source_cluster.hpp"

#include <fmt/format.h>

namespace reos::commands {

postgres::ConnectTarget source_target(const pgbackrest::Config& pgbr, const config::Settings& s, const std::string& stanza) {
  auto loc = pgbackrest::stanza_location(pgbr, stanza, "backup");
  postgres::ConnectTarget t;
  t.host = s.has("source-host") ? s.text("source-host") : loc.pg_socket_path.value_or("/var/run/postgresql");
  t.port = s.has("source-port") ? static_cast<int>(s.integer("source-port")) : loc.pg_port.value_or(5432);
  t.dbname = "postgres";
  return t;
}

std::optional<postgres::ArchiverStatus> source_archiver(const postgres::ConnectTarget& t, std::string* why) {
  std::string err;
  auto db = postgres::connect(t, &err, 5);
  if (!db) {
    *why = fmt::format("source not reachable at {}:{} ({})", t.host, t.port, err);
    return std::nullopt;
  }
  auto a = postgres::read_archiver(*db, &err);
  if (!a) *why = "pg_stat_archiver could not be read: " + err;
  return a;
}

}  // namespace reos::commands
