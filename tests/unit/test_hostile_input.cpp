// Parsers of untrusted text given the inputs that broke them (libFuzzer with ASan/UBSan and
// trying it as a user would, issue 14). Each case failed (UB, an escaping exception, a stack
// overflow or a wrong answer) before its fix; the fuzz seed corpora hold the same inputs.
#include <catch2/catch.hpp>

#include <string>

#include "reos/cli/parser.hpp"
#include "reos/error/error.hpp"
#include "reos/minio/aliases.hpp"
#include "reos/minio/identify.hpp"
#include "reos/minio/lifecycle.hpp"
#include "reos/minio/replication_status.hpp"
#include "reos/observe/audit.hpp"
#include "reos/pgbackrest/info.hpp"
#include "reos/pgbackrest/restore.hpp"
#include "reos/util/sha256.hpp"
#include "reos/util/time.hpp"
#include "reos/util/timestamp.hpp"
#include "support/helpers.hpp"

using nlohmann::json;
using reos::error::ExitCode;
using reos::testing::error_from;
using reos::testing::TempDir;

TEST_CASE("info: numbers that do not fit their field are a parse error naming the field", "[pgbackrest][info][hostile]") {
  const struct {
    const char* doc;
    const char* field;
  } cases[] = {
      {R"([{"backup":[{"timestamp":{"start":2e99}}]}])", "backup[].timestamp.start"},
      {R"([{"backup":[{"timestamp":{"stop":-1}}]}])", "backup[].timestamp.stop"},
      {R"([{"backup":[{"timestamp":{"stop":9223372036854775807}}]}])", "backup[].timestamp.stop"},
      {R"([{"db":[{"id":3e11}]}])", "db[].id"},
      {R"([{"backup":[{"database":{"repo-key":377e7}}]}])", "backup[].database.repo-key"},
      {R"([{"backup":[{"info":{"size":-5}}]}])", "backup[].info.size"},
      {R"([{"backup":[{"info":{"size":1.5}}]}])", "backup[].info.size"},
      {R"([{"db":[{"system-id":1e30}]}])", "db[].system-id"},
      {R"([{"status":{"code":4294967296}}])", "status.code"},
      {R"([{"repo":[{"key":1,"status":{"code":-3e40}}]}])", "repo[].status.code"},
  };
  for (const auto& c : cases) {
    INFO(c.doc);
    auto e = error_from([&] { reos::pgbackrest::parse_info(c.doc); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::UpstreamFailed);
    CHECK(e->message().find(std::string("'") + c.field + "'") != std::string::npos);
  }
  // What pgBackRest writes still parses: a 64-bit system id beyond 2^53 and a float-written
  // whole number.
  const auto s = reos::pgbackrest::parse_info(
      R"([{"db":[{"id":1,"system-id":18446744073709551615}],"backup":[{"timestamp":{"start":1.7e9,"stop":253402300799}}]}])");
  REQUIRE(s.size() == 1);
  CHECK(s[0].databases.at(0).system_id == 18446744073709551615ULL);
  CHECK(s[0].backups.at(0).start_epoch == 1700000000);
  CHECK(reos::pgbackrest::to_json(s[0], 0)["backups"][0]["stop"] == "9999-12-31T23:59:59Z");
}

TEST_CASE("time: RFC 3339 of every 64-bit epoch, without overflow", "[time][hostile]") {
  CHECK(reos::util::rfc3339_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(reos::util::rfc3339_utc(1795482881) == "2026-11-24T01:14:41Z");
  CHECK(reos::util::rfc3339_utc(-1) == "1969-12-31T23:59:59Z");
  // gmtime_r's year (tm_year + 1900) overflowed int here, and fails for larger values.
  CHECK(reos::util::rfc3339_utc(67767976233316800) == "2147483647-12-29T12:00:00Z");
  CHECK(reos::util::rfc3339_utc(INT64_MAX).find("-12-04T15:30:07Z") != std::string::npos);
  CHECK(reos::util::rfc3339_utc(INT64_MIN).find("-01-27T08:29:52Z") != std::string::npos);
  CHECK(reos::util::format_epoch_us(INT64_MIN).size() > 20);
}

TEST_CASE("restore: a backup stopping at the end of int64 is after every time target", "[restore][hostile]") {
  reos::pgbackrest::StanzaInfo s;
  s.backups.push_back({});
  s.backups[0].label = "A";
  s.backups[0].type = "full";
  s.backups[0].stop_epoch = 1000;
  s.backups.push_back(s.backups[0]);
  s.backups[1].label = "B";
  s.backups[1].stop_epoch = INT64_MAX;  // stop_epoch * 1'000'000 overflowed
  reos::pgbackrest::RecoveryTarget t;
  t.kind = reos::pgbackrest::RecoveryTarget::Kind::time;
  t.time = reos::util::parse_zoned_time("2026-11-24T10:00:00Z");
  const auto* b = reos::pgbackrest::backup_for_target(s, t);
  REQUIRE(b);
  CHECK(b->label == "A");
}

TEST_CASE("timestamps: impossible dates are refused, not moved to the next month", "[time][hostile]") {
  for (const char* bad : {"2026-02-30T10:00:00Z", "2026-04-31T00:00:00Z", "2026-02-29T00:00:00Z", "2100-02-29T00:00:00Z",
                          "2026-06-31T12:00:00+02:00", "2026-11-31 01:00:00Z"}) {
    INFO(bad);
    std::string why;
    CHECK_FALSE(reos::util::parse_zoned_time(bad, &why));
    CHECK(why.find("days") != std::string::npos);
  }
  CHECK(reos::util::parse_zoned_time("2028-02-29T00:00:00Z"));
  CHECK(reos::util::parse_zoned_time("2000-02-29T00:00:00Z"));
  CHECK(reos::util::parse_zoned_time("2026-12-31T23:59:59Z"));
}

TEST_CASE("audit: a last line whose seq is not a count neither throws nor overflows", "[audit][hostile]") {
  for (const char* last : {R"({"seq":9223372036854775807})", R"({"seq":8e81})", R"({"seq":{}})", R"({"seq":"1"})",
                           R"({"seq":-4})", R"({"seq":18446744073709551615})", "not json", "[1,2]"}) {
    INFO(last);
    TempDir dir;
    const std::string log = dir.write("audit.jsonl", std::string(last) + "\n");
    REQUIRE_NOTHROW(reos::observe::append_audit(log, {{"command", "backup"}}));
    const std::string content = reos::testing::read_file(log);
    const json added = json::parse(content.substr(content.find('\n') + 1));
    CHECK(added["seq"] == 2);  // follows the bad line by position
    const auto v = reos::observe::verify_audit(content);
    CHECK_FALSE(v.ok);
    CHECK(v.line == 1);
  }
}

TEST_CASE("audit verify: a record whose seq or prev_sha256 has the wrong type is named, not thrown", "[audit][hostile]") {
  // A record that hashes right but carries a non-numeric seq: only a forger writes it, and
  // verify must say which line, not stop with a JSON type error.
  for (const json& seq : {json("1"), json::object(), json(8e81), json(9223372036854775807LL)}) {
    json r = {{"command", "backup"}, {"seq", seq}, {"prev_sha256", std::string(64, '0')}};
    r["sha256"] = reos::util::sha256_hex(r.dump(-1, ' ', false, json::error_handler_t::replace));
    const std::string line = r.dump(-1, ' ', false, json::error_handler_t::replace);
    INFO(line);
    reos::observe::AuditVerdict v;
    REQUIRE_NOTHROW(v = reos::observe::verify_audit(line + "\n"));
    CHECK_FALSE(v.ok);
    CHECK(v.problem.find("sequence number " + seq.dump()) != std::string::npos);
  }
  json r = {{"command", "backup"}, {"seq", 1}, {"prev_sha256", 7}};
  r["sha256"] = reos::util::sha256_hex(r.dump());
  reos::observe::AuditVerdict v;
  REQUIRE_NOTHROW(v = reos::observe::verify_audit(r.dump() + "\n"));
  CHECK(v.problem.find("prev_sha256") != std::string::npos);
}

TEST_CASE("lifecycle: a number no double holds is invalid JSON, not an exception", "[minio][lifecycle][hostile]") {
  reos::minio::LifecycleCheck c;
  REQUIRE_NOTHROW(c = reos::minio::check_lifecycle(R"({"Rules":[{"ID":"a","Status":"Enabled","Expiration":{"Days":1e777}}]})"));
  REQUIRE(c.problems.size() == 1);
  CHECK(c.problems[0].where == "(document)");
  CHECK(c.problems[0].what.find("is not valid JSON") == 0);
}

TEST_CASE("lifecycle: a Date with a 30k-digit fraction is refused without a stack overflow", "[minio][lifecycle][hostile]") {
  const std::string date = "2026-01-01T00:00:00." + std::string(30000, '0') + "Z";
  const auto c =
      reos::minio::check_lifecycle(R"({"Rules":[{"ID":"a","Status":"Enabled","Expiration":{"Date":")" + date + "\"}}]}");
  REQUIRE(c.problems.size() == 1);
  CHECK(c.problems[0].where == "Rules[0].Expiration.Date");
  CHECK(reos::minio::check_lifecycle(
            R"({"Rules":[{"ID":"a","Status":"Enabled","Expiration":{"Date":"2026-01-01T00:00:00.000Z"}}]})")
            .problems.empty());
}

TEST_CASE("mc --version: a 100k-character tag is not mc, without a stack overflow", "[minio][identify][hostile]") {
  const auto id = reos::minio::parse_version_output("mc version RELEASE." + std::string(100000, 'x') + "\n");
  CHECK(id.kind == reos::minio::McKind::unknown);
  CHECK(reos::minio::parse_version_output("mc version RELEASE.2025-08-13T08-35-41Z (commit-id=7394ce0dd2a8)\n").kind ==
        reos::minio::McKind::minio_client);
}

TEST_CASE("MinIO endpoint: a 100k-character URL is refused without a stack overflow", "[minio][alias][hostile]") {
  auto e = error_from(
      [] { reos::minio::normalize_endpoint("http://" + std::string(100000, 'a'), "REOS_MINIO_X_URL", ExitCode::Config); });
  REQUIRE(e);
  CHECK(e->message().find("longer than 2048") != std::string::npos);
}

TEST_CASE("replicate status: wrong types and 1e300 neither throw nor overflow", "[minio][replication][hostile]") {
  using reos::minio::parse_replication_status;
  reos::minio::ReplicationStatus s;
  REQUIRE_NOTHROW(s = parse_replication_status(json::parse(R"({"remoteTargets":[{"secure":1,"isOnline":"yes"}]})"), 0));
  REQUIRE(s.targets.size() == 1);
  CHECK_FALSE(s.targets[0].secure);
  CHECK_FALSE(s.targets[0].online);
  REQUIRE_NOTHROW(s = parse_replication_status(json::parse(R"({"remoteTargets":[1,"x",null]})"), 0));
  CHECK(s.targets.empty());
  s = parse_replication_status(
      json::parse(R"({"replicationstats":{"currStats":{"replicationCount":1e300,"completedReplicationSize":-1,
                      "queued":{"curr":{"count":12,"bytes":9.3e18}}}}})"),
      0);
  CHECK(s.replicated_count == 0);
  CHECK(s.replicated_bytes == 0);
  CHECK(s.queued_count == 12);
  CHECK(s.queued_bytes == 0);
}

TEST_CASE("MinIO alias: a lower-case alias in REOS_MINIO_<alias>_URL is found", "[minio][alias][hostile]") {
  const reos::config::Environment env{{"REOS_MINIO_lcsite_URL", "http://127.0.0.1:9000"},
                                      {"REOS_MINIO_lcsite_ACCESS_KEY", "minioadmin"},
                                      {"REOS_MINIO_lcsite_SECRET_KEY", "minioadmin-secret"}};
  REQUIRE(reos::minio::configured_aliases(env, nullptr) == std::vector<std::string>{"lcsite"});
  const auto a = reos::minio::resolve_alias("lcsite", env, nullptr);
  CHECK(a.url == "http://127.0.0.1:9000");
  CHECK(a.url_source == "REOS_MINIO_lcsite_URL");
  CHECK(a.access_key == "minioadmin");
  // The key part stays exact: REOS_MINIO_lcsite_url is not the URL.
  const reos::config::Environment lower_key{{"REOS_MINIO_lcsite_url", "http://127.0.0.1:9000"}};
  CHECK(error_from([&] { reos::minio::resolve_alias("lcsite", lower_key, nullptr); }));
}

TEST_CASE("command line: an option given an empty value with '=' does not swallow the next option", "[parser][hostile]") {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"minio-replicate", "add", "--alias", "a", "--bucket", "b",
                                                                        "--replicate=", "--remote-alias", "r"},
                                               std::vector<std::string>{"info", "--stanza=", "--output", "json"}}) {
    auto e = error_from([&] { reos::cli::parse_command_line(args); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Usage);
    CHECK(e->message().find("has an empty value") != std::string::npos);
  }
}

TEST_CASE("command line: a switch given a value with '=' is refused, not read as on", "[parser][hostile]") {
  // CLI11 counts "--fresh=no" as the flag given: it used to mean a fresh drill.
  for (const std::vector<std::string>& args : {std::vector<std::string>{"verify", "--stanza", "demo", "--fresh=no"},
                                               std::vector<std::string>{"backup", "--stanza", "demo", "--dry-run=false"}}) {
    auto e = error_from([&] { reos::cli::parse_command_line(args); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Usage);
    CHECK(e->message() == args.back() + " is a switch and takes no value");
  }
  // The switch alone, and a value option's '=', still parse.
  CHECK_NOTHROW(reos::cli::parse_command_line({"verify", "--stanza=demo", "--fresh"}));
}
