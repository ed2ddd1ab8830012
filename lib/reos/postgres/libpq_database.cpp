// The libpq implementation of the Database seam: the only file that includes libpq-fe.h.
//
// libpq is loaded with dlopen on first use rather than linked: it pulls in OpenSSL, Kerberos,
// LDAP and GnuTLS, whose loading cost ~15 ms on every start here — for `--version`, `info`
// and `backup`, which never connect to PostgreSQL. Only the commands that do pay for it.
#include <dlfcn.h>
#include <libpq-fe.h>
#include <poll.h>

#include <string>

#include "reos/postgres/database.hpp"
#include "reos/process/signals.hpp"
#include "reos/util/text.hpp"

namespace reos::postgres {
namespace {

// The libpq functions we call, resolved once from libpq.so.5 (Debian package libpq5).
struct Libpq {
  decltype(&PQconnectdbParams) connectdb_params = nullptr;
  decltype(&PQstatus) status = nullptr;
  decltype(&PQerrorMessage) error_message = nullptr;
  decltype(&PQfinish) finish = nullptr;
  decltype(&PQsendQuery) send_query = nullptr;
  decltype(&PQsocket) socket = nullptr;
  decltype(&PQconsumeInput) consume_input = nullptr;
  decltype(&PQisBusy) is_busy = nullptr;
  decltype(&PQgetResult) get_result = nullptr;
  decltype(&PQgetCancel) get_cancel = nullptr;
  decltype(&PQcancel) cancel = nullptr;
  decltype(&PQfreeCancel) free_cancel = nullptr;
  decltype(&PQresultStatus) result_status = nullptr;
  decltype(&PQntuples) ntuples = nullptr;
  decltype(&PQnfields) nfields = nullptr;
  decltype(&PQgetisnull) getisnull = nullptr;
  decltype(&PQgetvalue) getvalue = nullptr;
  decltype(&PQresultErrorMessage) result_error_message = nullptr;
  decltype(&PQclear) clear = nullptr;
  std::string load_error;  // empty when every symbol was found
};

const Libpq& libpq() {
  static const Libpq lib = [] {
    Libpq l;
    void* h = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      l.load_error = std::string("cannot load libpq.so.5 (install the libpq5 package): ") + ::dlerror();
      return l;
    }
    auto sym = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(h, name));
      if (!fn && l.load_error.empty()) l.load_error = std::string("libpq.so.5 lacks ") + name;
    };
    sym(l.connectdb_params, "PQconnectdbParams");
    sym(l.status, "PQstatus");
    sym(l.error_message, "PQerrorMessage");
    sym(l.finish, "PQfinish");
    sym(l.send_query, "PQsendQuery");
    sym(l.socket, "PQsocket");
    sym(l.consume_input, "PQconsumeInput");
    sym(l.is_busy, "PQisBusy");
    sym(l.get_result, "PQgetResult");
    sym(l.get_cancel, "PQgetCancel");
    sym(l.cancel, "PQcancel");
    sym(l.free_cancel, "PQfreeCancel");
    sym(l.result_status, "PQresultStatus");
    sym(l.ntuples, "PQntuples");
    sym(l.nfields, "PQnfields");
    sym(l.getisnull, "PQgetisnull");
    sym(l.getvalue, "PQgetvalue");
    sym(l.result_error_message, "PQresultErrorMessage");
    sym(l.clear, "PQclear");
    return l;
  }();
  return lib;
}

class LibpqDatabase final : public Database {
 public:
  explicit LibpqDatabase(PGconn* conn) : conn_(conn) {}
  ~LibpqDatabase() override { libpq().finish(conn_); }

  QueryResult query(const std::string& sql) override {
    const Libpq& pq = libpq();
    QueryResult r;
    if (!pq.send_query(conn_, sql.c_str())) {
      r.error = util::trim(pq.error_message(conn_));
      return r;
    }
    wait_for_result();
    // Like PQexec: the last result counts (a checks file may hold several statements).
    PGresult* res = nullptr;
    while (PGresult* next = pq.get_result(conn_)) {
      if (res) pq.clear(res);
      res = next;
    }
    const ExecStatusType st = pq.result_status(res);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
      r.ok = true;
      for (int row = 0; row < pq.ntuples(res); ++row) {
        std::vector<std::optional<std::string>> values;
        for (int col = 0; col < pq.nfields(res); ++col) {
          if (pq.getisnull(res, row, col))
            values.emplace_back(std::nullopt);
          else
            values.emplace_back(std::string(pq.getvalue(res, row, col)));
        }
        r.rows.push_back(std::move(values));
      }
    } else {
      r.error = util::first_line(res ? pq.result_error_message(res) : pq.error_message(conn_));
      if (r.error.rfind("ERROR:", 0) == 0) r.error = util::trim(r.error.substr(6));
    }
    pq.clear(res);
    return r;
  }

 private:
  // Waits for the server's answer while watching for SIGINT/SIGTERM: a validation query on a
  // big table may run for minutes, and the operator's Ctrl-C must stop it now. PQexec would
  // sit in libpq (it retries on EINTR); here the query is cancelled on the server, and the
  // caller sees "canceling statement due to user request" and checks the signal.
  void wait_for_result() {
    const Libpq& pq = libpq();
    while (pq.is_busy(conn_)) {
      if (process::interrupt_signal()) {
        if (PGcancel* c = pq.get_cancel(conn_)) {
          char why[256];
          pq.cancel(c, why, sizeof why);
          pq.free_cancel(c);
        }
        return;  // PQgetResult then waits for the server to acknowledge the cancel
      }
      pollfd p{pq.socket(conn_), POLLIN, 0};
      ::poll(&p, 1, 200);
      if (!pq.consume_input(conn_)) return;  // connection lost: PQgetResult reports it
    }
  }

  PGconn* conn_;
};

}  // namespace

namespace {
Connector& test_connector() {
  static Connector c;
  return c;
}
}  // namespace

void set_connector_for_testing(Connector connector) { test_connector() = std::move(connector); }

std::unique_ptr<Database> connect(const ConnectTarget& target, std::string* error, int connect_timeout_s) {
  if (test_connector()) return test_connector()(target, error);
  const Libpq& pq = libpq();
  if (!pq.load_error.empty()) {
    if (error) *error = pq.load_error;
    return nullptr;
  }
  const std::string port = std::to_string(target.port);
  const std::string timeout = std::to_string(connect_timeout_s);
  const char* keys[] = {"host", "port", "dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {target.host.c_str(), port.c_str(), target.dbname.c_str(), timeout.c_str(), "reos-backup", nullptr};
  PGconn* conn = pq.connectdb_params(keys, values, 0);
  if (pq.status(conn) != CONNECTION_OK) {
    if (error) {
      *error = util::trim(pq.error_message(conn));
      for (auto& c : *error)
        if (c == '\n') c = ' ';
    }
    pq.finish(conn);
    return nullptr;
  }
  return std::make_unique<LibpqDatabase>(conn);
}

}  // namespace reos::postgres
