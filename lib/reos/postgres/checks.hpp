#pragma once
// Validation checks run on a restored copy: the seed's defaults and checks from a file.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/postgres/database.hpp"

namespace reos::postgres {

/// One check: a query whose first value must meet an expectation. No expectation means the
/// query only has to succeed (its value is reported).
struct Check {
  std::string name;
  std::string sql;
  std::optional<long long> min;                      // numeric value >= min (row counts)
  std::optional<std::chrono::milliseconds> max_age;  // timestamp value not older than this
  std::optional<std::string> equals;                 // exact text value
};

struct CheckResult {
  std::string name;
  std::string sql;
  bool ok = false;
  std::optional<std::string> value;
  std::string message;  // why it failed, or what was found
};

/// The seed's weekly verification queries: row counts of properties, pipeline_state,
/// timeline_entries, action_packets; newest properties.created_at and
/// pipeline_state.state_changed_at.
std::vector<Check> seed_checks();

/// Reads a checks file: a JSON array (or {"checks": [...]}) of objects with "name", "sql"
/// and optional "min", "max_age" (duration text), "equals". Throws error::Error(Config) with
/// the file name and what is wrong.
std::vector<Check> read_checks_file(const std::string& path);
std::vector<Check> parse_checks(const std::string& origin, const std::string& text);

/// Runs one check. A failing query (missing table) is a failed check, not an exception.
CheckResult run_check(Database& db, const Check& check, std::int64_t now_epoch);

nlohmann::json to_json(const CheckResult& r);

}  // namespace reos::postgres
