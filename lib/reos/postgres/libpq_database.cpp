// The libpq implementation of the Database seam: the only file that includes libpq-fe.h.
#include <libpq-fe.h>

#include <string>

#include "reos/postgres/database.hpp"
#include "reos/util/text.hpp"

namespace reos::postgres {
namespace {

class LibpqDatabase final : public Database {
 public:
  explicit LibpqDatabase(PGconn* conn) : conn_(conn) {}
  ~LibpqDatabase() override { PQfinish(conn_); }

  QueryResult query(const std::string& sql) override {
    QueryResult r;
    PGresult* res = PQexec(conn_, sql.c_str());
    const ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
      r.ok = true;
      for (int row = 0; row < PQntuples(res); ++row) {
        std::vector<std::optional<std::string>> values;
        for (int col = 0; col < PQnfields(res); ++col) {
          if (PQgetisnull(res, row, col)) values.emplace_back(std::nullopt);
          else values.emplace_back(std::string(PQgetvalue(res, row, col)));
        }
        r.rows.push_back(std::move(values));
      }
    } else {
      r.error = util::first_line(PQresultErrorMessage(res));
      if (r.error.rfind("ERROR:", 0) == 0) r.error = util::trim(r.error.substr(6));
    }
    PQclear(res);
    return r;
  }

 private:
  PGconn* conn_;
};

}  // namespace

std::unique_ptr<Database> connect(const ConnectTarget& target, std::string* error, int connect_timeout_s) {
  const std::string port = std::to_string(target.port);
  const std::string timeout = std::to_string(connect_timeout_s);
  const char* keys[] = {"host", "port", "dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {target.host.c_str(), port.c_str(), target.dbname.c_str(), timeout.c_str(), "reos-backup",
                          nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 0);
  if (PQstatus(conn) != CONNECTION_OK) {
    if (error) {
      *error = util::trim(PQerrorMessage(conn));
      for (auto& c : *error)
        if (c == '\n') c = ' ';
    }
    PQfinish(conn);
    return nullptr;
  }
  return std::make_unique<LibpqDatabase>(conn);
}

}  // namespace reos::postgres
