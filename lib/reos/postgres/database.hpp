#pragma once
// The database seam: libpq in production, a scripted fake in unit tests.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace reos::postgres {

struct QueryResult {
  bool ok = false;
  std::string error;                                          // PostgreSQL's message (first line) when !ok
  std::vector<std::vector<std::optional<std::string>>> rows;  // text values; nullopt = NULL

  /// First column of the first row, if any.
  std::optional<std::string> scalar() const {
    if (rows.empty() || rows[0].empty()) return std::nullopt;
    return rows[0][0];
  }
};

class Database {
 public:
  virtual ~Database() = default;
  /// Runs one statement; never throws for SQL errors (a missing table is data, not a crash).
  virtual QueryResult query(const std::string& sql) = 0;
};

/// Where to connect: a socket directory (or host name), a port and a database. The user is
/// the OS user (peer/trust on the socket); passwords come from libpq's usual sources
/// (PGPASSWORD, ~/.pgpass), never from our command line.
struct ConnectTarget {
  std::string host;
  int port = 5432;
  std::string dbname = "postgres";
};

/// Connects with libpq. Returns nullptr and sets `error` when it cannot.
std::unique_ptr<Database> connect(const ConnectTarget& target, std::string* error, int connect_timeout_s = 10);

/// Unit tests answer connect() with scripted databases (the plan-equals-run tests of verify
/// and restore-pitr need a copy that "starts"); an empty function brings libpq back.
using Connector = std::function<std::unique_ptr<Database>(const ConnectTarget&, std::string* error)>;
void set_connector_for_testing(Connector connector);

}  // namespace reos::postgres
