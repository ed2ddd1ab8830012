// reos/output/envelope: the JSON output contract (schema_version 1) and the stderr line.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>

#include "reos/output/envelope.hpp"

using namespace reos::output;
using nlohmann::json;
using reos::error::Error;
using reos::error::ExitCode;

namespace {
std::set<std::string> keys(const json& j) {
  std::set<std::string> out;
  for (const auto& [k, v] : j.items()) out.insert(k);
  return out;
}

Envelope sample() {
  Envelope e;
  e.command = "backup";
  e.started_at = reos::util::SystemTime{std::chrono::milliseconds(1795482834123LL)};
  e.duration_ms = 4321;
  e.result = {{"label", "20261124-011354F"}};
  reos::process::InvocationRecord rec;
  rec.purpose = "backup";
  rec.argv = {"/usr/bin/pgbackrest", "--stanza=lab", "backup"};
  rec.env = {{"PGBACKREST_REPO1_CIPHER_PASS", "<redacted>"}};
  rec.exit_code = 0;
  rec.duration_ms = 3540;
  e.invocations.push_back(rec);
  return e;
}
}  // namespace

TEST_CASE("envelope: success has exactly the contract's keys", "[envelope]") {
  const json j = to_json(sample());
  CHECK(keys(j) == std::set<std::string>{"schema_version", "command", "ok", "exit_code", "started_at", "duration_ms", "result",
                                         "error", "invocations", "warnings"});
  CHECK(j["schema_version"] == 1);
  CHECK(j["command"] == "backup");
  CHECK(j["ok"] == true);
  CHECK(j["exit_code"] == 0);
  CHECK(j["started_at"] == "2026-11-24T01:13:54.123Z");
  CHECK(std::regex_match(j["started_at"].get<std::string>(), std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)")));
  CHECK(j["duration_ms"] == 4321);
  CHECK(j["result"] == json{{"label", "20261124-011354F"}});
  CHECK(j["error"].is_null());
  REQUIRE(j["invocations"].size() == 1);
  const auto& inv = j["invocations"][0];
  CHECK(keys(inv) == std::set<std::string>{"purpose", "argv", "env", "exit_code", "duration_ms"});
  CHECK(inv["argv"] == json::array({"/usr/bin/pgbackrest", "--stanza=lab", "backup"}));
  CHECK(inv["env"] == json{{"PGBACKREST_REPO1_CIPHER_PASS", "<redacted>"}});
  CHECK(inv["exit_code"] == 0);
  CHECK(inv["duration_ms"] == 3540);
}

TEST_CASE("envelope: an empty result is an object, invocations an array", "[envelope]") {
  Envelope e;
  e.command = "info";
  const json j = to_json(e);
  CHECK(j["result"] == json::object());
  CHECK(j["invocations"] == json::array());
  CHECK(j["started_at"] == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("envelope: an invocation stopped by signal or timeout says so", "[envelope]") {
  reos::process::InvocationRecord rec;
  rec.purpose = "backup";
  rec.exit_code = -1;
  rec.term_signal = 15;
  rec.timed_out = true;
  rec.interrupted = true;
  const json j = to_json(rec);
  CHECK(j["signal"] == 15);
  CHECK(j["timed_out"] == true);
  CHECK(j["interrupted"] == true);
  CHECK(j["exit_code"] == -1);
}

TEST_CASE("envelope: failure carries the error object", "[envelope]") {
  auto env = sample();
  env.error = Error(ExitCode::Usage, "unknown command 'bogus'", "see reos-backup --help");
  const json j = to_json(env);
  CHECK(j["ok"] == false);
  CHECK(j["exit_code"] == 2);
  CHECK(keys(j["error"]) == std::set<std::string>{"code", "exit_code", "message", "hint", "upstream"});
  CHECK(j["error"]["code"] == "usage");
  CHECK(j["error"]["exit_code"] == 2);
  CHECK(j["error"]["message"] == "unknown command 'bogus'");
  CHECK(j["error"]["hint"] == "see reos-backup --help");
  CHECK(j["error"]["upstream"].is_null());
}

TEST_CASE("envelope: the upstream object", "[envelope]") {
  reos::error::Upstream up;
  up.program = "pgbackrest";
  up.argv = {"/usr/bin/pgbackrest", "--stanza=lab", "backup"};
  up.exit_code = 56;
  up.error_name = "DbConnectError";
  up.stderr_tail = "ERROR: [056]: unable to find primary cluster - cannot proceed";
  const auto e = Error(ExitCode::UpstreamFailed, "pgbackrest backup failed", "is PostgreSQL running?").with_upstream(up);
  const json j = to_json(e);
  CHECK(j["code"] == "upstream_failed");
  CHECK(j["exit_code"] == 5);
  CHECK(j["upstream"] == json{{"program", "pgbackrest"},
                              {"argv", {"/usr/bin/pgbackrest", "--stanza=lab", "backup"}},
                              {"exit_code", 56},
                              {"error_name", "DbConnectError"},
                              {"stderr_tail", "ERROR: [056]: unable to find primary cluster - cannot proceed"}});
}

TEST_CASE("dump: pretty, newline-terminated, never throws on invalid UTF-8", "[envelope]") {
  json j = {{"message", std::string("bad \xFF\xFE bytes \xC0\xAF")}, {"n", 1}};
  std::string out;
  REQUIRE_NOTHROW(out = dump(j));
  CHECK(out.back() == '\n');
  CHECK(out.find("\xEF\xBF\xBD") != std::string::npos);
  CHECK(out.find('\xFF') == std::string::npos);
  const json back = json::parse(out);
  CHECK(back["n"] == 1);
  CHECK(dump(json{{"a", 1}}) == "{\n  \"a\": 1\n}\n");
  // A whole envelope with invalid bytes in the error message, too.
  auto env = sample();
  env.error = Error(ExitCode::UpstreamFailed, std::string("raw \x8a\xe9 bytes"));
  REQUIRE_NOTHROW(json::parse(dump(to_json(env))));
}

TEST_CASE("write: the redacted dump byte for byte for documents many chunks long", "[envelope]") {
  reos::util::Redactor redactor;
  redactor.add_secret("s3cr3t-value");
  for (std::size_t n : {0, 1, 3000, 40000}) {
    json j = {{"backups", json::array()}, {"message", std::string("bad \xFF byte and s3cr3t-value")}};
    for (std::size_t i = 0; i < n; ++i)
      j["backups"].push_back(
          {{"label", "20261201-000000F_" + std::to_string(i)}, {"note", i % 7 ? "plain" : "key s3cr3t-value here"}});
    std::ostringstream out;
    write(out, j, redactor);
    INFO("backups: " << n);
    CHECK(out.str() == redactor.text(dump(j)));
    CHECK(out.str().find("s3cr3t-value") == std::string::npos);
    if (n == 40000) CHECK(out.str().size() > 2u << 20);  // 32 chunks and more
  }
}

TEST_CASE("error_line is one line with the hint", "[envelope]") {
  CHECK(error_line(Error(ExitCode::Usage, "no command given", "see reos-backup --help")) ==
        "reos-backup: error: no command given (hint: see reos-backup --help)");
  CHECK(error_line(Error(ExitCode::Internal, "oops")) == "reos-backup: error: oops");
  const auto multi = error_line(Error(ExitCode::UpstreamFailed, "first\nsecond\r\nthird", "h1\nh2"));
  CHECK(multi == "reos-backup: error: first second  third (hint: h1 h2)");
  CHECK(multi.find('\n') == std::string::npos);
  CHECK(multi.find('\r') == std::string::npos);
}

TEST_CASE("write: streamed arrays print as the materialized document would", "[envelope]") {
  reos::util::Redactor redactor;
  redactor.add_secret("s3cr3t-value");
  for (std::size_t n : {0, 1, 2, 5000}) {
    // Two streamed arrays, one at the top and one deep in an array of objects, beside plain values.
    json doc = {{"a", 1},
                {"stanzas", json::array({{{"backups", json::array()}, {"name", "x"}}, {{"backups", json::array()}, {"z", {}}}})},
                {"top", json::array()},
                {"zz", {{"k", "s3cr3t-value"}}}};
    auto make = [n](std::string tag) {
      return [n, tag](const std::function<void(json &&)>& emit) {
        for (std::size_t i = 0; i < n; ++i)
          emit(json{{"label", tag + std::to_string(i)}, {"refs", json::array({i, "s3cr3t-value"})}});
      };
    };
    const std::vector<StreamedArray> streamed{{json::json_pointer("/stanzas/1/backups"), make("b")},
                                              {json::json_pointer("/top"), make("t")}};
    json whole = doc;
    materialize(whole, streamed);
    CHECK(whole["stanzas"][1]["backups"].size() == n);
    CHECK(whole["stanzas"][0]["backups"].empty());
    std::ostringstream out;
    write(out, doc, redactor, streamed);
    INFO("elements: " << n);
    CHECK(out.str() == redactor.text(dump(whole)));
    CHECK(json::parse(out.str()) == json::parse(redactor.text(dump(whole))));
  }
}

TEST_CASE("rebased: a result's streamed arrays point into the envelope", "[envelope]") {
  const auto r = rebased({{json::json_pointer("/stanzas/0/backups"), [](const auto&) {}}}, json::json_pointer("/result"));
  REQUIRE(r.size() == 1);
  CHECK(r[0].at.to_string() == "/result/stanzas/0/backups");
}
