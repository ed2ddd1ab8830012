// The checks file of verify: parsed, then each check run against a database that answers
// with the input's first line, and its result dumped.
#include "fuzz.hpp"
#include "reos/postgres/checks.hpp"

namespace {
struct EchoDatabase final : reos::postgres::Database {
  std::string answer;
  reos::postgres::QueryResult query(const std::string&) override {
    reos::postgres::QueryResult r;
    r.ok = true;
    r.rows = {{answer}};
    return r;
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in = reos::fuzz::text(data, size);
  reos::fuzz::refusals_allowed([&] {
    EchoDatabase db;
    db.answer = in.substr(0, in.find('\n'));
    for (const auto& c : reos::postgres::parse_checks("checks.conf", in))
      reos::fuzz::dumped(reos::postgres::to_json(reos::postgres::run_check(db, c, 1795482881)));
  });
  return 0;
}
