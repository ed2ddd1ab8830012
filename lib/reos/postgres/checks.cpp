#include "reos/postgres/checks.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/timestamp.hpp"

namespace reos::postgres {

using error::Error;
using error::ExitCode;
using nlohmann::json;

std::vector<Check> seed_checks() {
  std::vector<Check> checks;
  for (const char* table : {"properties", "pipeline_state", "timeline_entries", "action_packets"}) {
    checks.push_back({fmt::format("rows in {}", table), fmt::format("SELECT count(*) FROM {}", table), {}, {}, {}});
  }
  checks.push_back({"newest properties.created_at", "SELECT max(created_at) FROM properties", {}, {}, {}});
  checks.push_back({"newest pipeline_state.state_changed_at", "SELECT max(state_changed_at) FROM pipeline_state", {}, {}, {}});
  return checks;
}

std::vector<Check> parse_checks(const std::string& origin, const std::string& text) {
  auto bad = [&](const std::string& what) {
    return Error(ExitCode::Config, fmt::format("checks file '{}': {}", origin, what),
                 "write a JSON array of {\"name\", \"sql\", optional \"min\", \"max_age\", \"equals\"} objects");
  };
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) throw bad("is not valid JSON");
  if (doc.is_object() && doc.contains("checks")) doc = doc["checks"];
  if (!doc.is_array()) throw bad("must be a JSON array of checks");
  static const std::set<std::string> known = {"name", "sql", "min", "max_age", "equals"};
  std::vector<Check> out;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const json& c = doc[i];
    std::string where = fmt::format("check #{}", i + 1);
    if (!c.is_object()) throw bad(where + " is not an object");
    for (const auto& [k, v] : c.items()) {
      if (!known.count(k)) throw bad(fmt::format("{} has unknown key '{}'", where, k));
    }
    Check chk;
    if (!c.contains("sql") || !c["sql"].is_string() || c["sql"].get<std::string>().empty())
      throw bad(where + " needs a non-empty \"sql\" string");
    chk.sql = c["sql"];
    chk.name = c.contains("name") && c["name"].is_string() ? c["name"].get<std::string>() : chk.sql;
    if (c.contains("min")) {
      if (!c["min"].is_number_integer()) throw bad(where + ": \"min\" must be an integer");
      chk.min = c["min"].get<long long>();
    }
    if (c.contains("max_age")) {
      auto d = c["max_age"].is_string() ? util::parse_duration(c["max_age"].get<std::string>()) : std::nullopt;
      if (!d) throw bad(where + ": \"max_age\" must be a duration such as \"26h\"");
      chk.max_age = *d;
    }
    if (c.contains("equals")) {
      if (c["equals"].is_string())
        chk.equals = c["equals"].get<std::string>();
      else if (c["equals"].is_number() || c["equals"].is_boolean())
        chk.equals = c["equals"].dump();
      else
        throw bad(where + ": \"equals\" must be a string or number");
    }
    out.push_back(std::move(chk));
  }
  if (out.empty()) throw bad("holds no checks");
  return out;
}

std::vector<Check> read_checks_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw Error(ExitCode::Config, fmt::format("cannot read checks file '{}'", path), "check the path given with --checks");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_checks(path, buf.str());
}

CheckResult run_check(Database& db, const Check& check, std::int64_t now_epoch) {
  CheckResult r{check.name, check.sql, false, std::nullopt, {}};
  QueryResult q = db.query(check.sql);
  if (!q.ok) {
    r.message = "query failed: " + q.error;
    return r;
  }
  r.value = q.scalar();
  if (check.min) {
    long long n = 0;
    try {
      n = r.value ? std::stoll(*r.value) : 0;
    } catch (...) {
      r.message = fmt::format("value '{}' is not a number", r.value.value_or("NULL"));
      return r;
    }
    if (n < *check.min) {
      r.message = fmt::format("{} is below the minimum {}", n, *check.min);
      return r;
    }
  }
  if (check.max_age) {
    auto t = r.value ? util::parse_zoned_time(*r.value) : std::nullopt;
    if (!t) {
      r.message = fmt::format("value '{}' is not a timestamp with time zone", r.value.value_or("NULL"));
      return r;
    }
    std::int64_t age_s = now_epoch - t->epoch_us / 1'000'000;
    if (std::chrono::seconds(age_s) > *check.max_age) {
      r.message = fmt::format("newest value is {} old, more than {}", util::format_duration(std::chrono::seconds(age_s)),
                              util::format_duration(*check.max_age));
      return r;
    }
  }
  if (check.equals && r.value != check.equals) {
    r.message = fmt::format("value '{}' is not the expected '{}'", r.value.value_or("NULL"), *check.equals);
    return r;
  }
  r.ok = true;
  r.message = "ok";
  return r;
}

json to_json(const CheckResult& r) {
  return json{{"name", r.name},
              {"sql", r.sql},
              {"ok", r.ok},
              {"value", r.value ? json(*r.value) : json(nullptr)},
              {"message", r.message}};
}

}  // namespace reos::postgres
