#pragma once
// A postgres::Database for unit tests: each answer is found by a piece of the statement's SQL
// (the first scripted answer whose text the SQL contains), every statement is recorded, and a
// statement nothing answers gets `unanswered` (by default the error of a missing table, which a
// check must report as failed).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reos/postgres/database.hpp"

namespace reos::testing {

class ScriptedDatabase : public postgres::Database {
 public:
  std::vector<std::pair<std::string, postgres::QueryResult>> answers;  // (piece of SQL, result), first match wins
  postgres::QueryResult unanswered{false, "relation does not exist", {}};
  std::vector<std::string> seen;  // every statement, in order

  ScriptedDatabase& answer(std::string sql_piece, postgres::QueryResult r) {
    answers.emplace_back(std::move(sql_piece), std::move(r));
    return *this;
  }

  postgres::QueryResult query(const std::string& sql) override {
    seen.push_back(sql);
    for (const auto& [piece, r] : answers)
      if (sql.find(piece) != std::string::npos) return r;
    return unanswered;
  }
};

/// A successful result with these rows (text values; nullopt is NULL).
inline postgres::QueryResult query_rows(std::vector<std::vector<std::optional<std::string>>> rows) {
  return {true, "", std::move(rows)};
}
/// A successful result of one row and one column.
inline postgres::QueryResult query_value(std::optional<std::string> v) { return query_rows({{std::move(v)}}); }

}  // namespace reos::testing
