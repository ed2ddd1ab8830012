// reos/pgbackrest/info: `pgbackrest info --output=json` (2.45) against real captured output.
#include <catch2/catch.hpp>

#include "reos/error/error.hpp"
#include "reos/observe/metrics.hpp"
#include "reos/output/envelope.hpp"
#include "reos/pgbackrest/info.hpp"
#include "reos/pgbackrest/repo_ls.hpp"
#include "support/helpers.hpp"

using namespace reos::pgbackrest;
using nlohmann::json;
using reos::error::ExitCode;
using reos::testing::error_from;
using reos::testing::pgbackrest_fixture;

namespace {
constexpr std::uint64_t kLabSystemId = 7711540027984426105ULL;  // > 2^53
constexpr std::uint64_t kLab2SystemId = 7711540443688393068ULL;
const std::string kFull = "20261124-011354F";
const std::string kDiff = "20261124-011354F_20261124-011404D";
const std::string kIncr = "20261124-011354F_20261124-011438I";
const std::string kFFFD = "\xEF\xBF\xBD";

std::vector<StanzaInfo> parse_fixture(const std::string& name) { return parse_info(pgbackrest_fixture(name)); }
}  // namespace

TEST_CASE("info a1/a2: no repository or an empty one lists no stanza", "[pgbackrest][info]") {
  CHECK(pgbackrest_fixture("info-json-a1-repo-path-missing") == "[]");
  CHECK(parse_fixture("info-json-a1-repo-path-missing").empty());
  CHECK(parse_fixture("info-json-a2-empty-repo").empty());
}

TEST_CASE("info a3: stanza configured but not created (status 1)", "[pgbackrest][info]") {
  const auto stanzas = parse_fixture("info-json-a3-empty-repo-stanza");
  REQUIRE(stanzas.size() == 1);
  const auto& s = stanzas[0];
  CHECK(s.name == "lab");
  CHECK(s.status_code == 1);
  CHECK(s.status_message == "missing stanza path");
  CHECK(s.cipher == "aes-256-cbc");
  CHECK_FALSE(s.backup_lock_held);
  REQUIRE(s.repos.size() == 1);
  CHECK(s.repos[0].key == 1);
  CHECK(s.repos[0].code == 1);
  CHECK(s.repos[0].message == "missing stanza path");
  CHECK(s.repos[0].cipher == "aes-256-cbc");
  CHECK(s.databases.empty());
  CHECK(s.archives.empty());
  CHECK(s.backups.empty());

  const json j = to_json(s, 0);
  CHECK(j["status"]["code"] == 1);
  CHECK(j["status"]["ok"] == false);
  CHECK(j["status"]["message"] == "missing stanza path");
  CHECK(j["status"]["hint"] ==
        "the stanza does not exist in the repository: check the name, or run reos-backup stanza-create --stanza lab");
  CHECK(j["newest"] == json{{"full", nullptr}, {"diff", nullptr}, {"incr", nullptr}});
}

TEST_CASE("info: an unknown stanza looks like a3", "[pgbackrest][info]") {
  const auto stanzas = parse_fixture("err-unknown-stanza-info-json");
  REQUIRE(stanzas.size() == 1);
  CHECK(stanzas[0].name == "nope");
  CHECK(stanzas[0].status_code == 1);
}

TEST_CASE("info a4: stanza created, no backups (status 2, archive min/max null)", "[pgbackrest][info]") {
  const auto stanzas = parse_fixture("info-json-a4-stanza-no-backups");
  REQUIRE(stanzas.size() == 1);
  const auto& s = stanzas[0];
  CHECK(s.status_code == 2);
  CHECK(s.status_message == "no valid backups");
  CHECK(s.backups.empty());
  REQUIRE(s.archives.size() == 1);
  CHECK(s.archives[0].id == "15-1");
  CHECK_FALSE(s.archives[0].min.has_value());
  CHECK_FALSE(s.archives[0].max.has_value());
  CHECK(s.archives[0].repo_key == 1);
  REQUIRE(s.databases.size() == 1);
  CHECK(s.databases[0].id == 1);
  CHECK(s.databases[0].version == "15");
  CHECK(s.databases[0].system_id == kLabSystemId);
  CHECK(s.databases[0].repo_key == 1);

  const json j = to_json(s, 1795482834);
  CHECK(j["archive"] == json::array({json{{"id", "15-1"}, {"min", nullptr}, {"max", nullptr}, {"repo", 1}}}));
  CHECK(j["status"]["ok"] == false);
  CHECK(j["status"]["hint"] == "no backup exists yet: run reos-backup backup --stanza lab --type full");
  CHECK(j["backups"] == json::array());
  CHECK(newest_of_type(s, "full") == nullptr);
}

TEST_CASE("info b: one full backup", "[pgbackrest][info]") {
  const auto stanzas = parse_fixture("info-json-b-one-full");
  REQUIRE(stanzas.size() == 1);
  const auto& s = stanzas[0];
  CHECK(s.status_code == 0);
  CHECK(s.status_message == "ok");
  REQUIRE(s.backups.size() == 1);
  const auto& b = s.backups[0];
  CHECK(b.label == kFull);
  CHECK(b.type == "full");
  CHECK_FALSE(b.prior.has_value());
  CHECK(b.references.empty());
  CHECK(b.repo_key == 1);
  CHECK(b.db_id == 1);
  CHECK(reos::pgbackrest::db_version(s, b) == "15");  // what --pg-bin-dir defaults from
  CHECK_FALSE(reos::pgbackrest::db_version(s, reos::pgbackrest::BackupSet{}));
  CHECK(b.start_epoch == 1795482834);
  CHECK(b.stop_epoch == 1795482837);
  CHECK(b.size == 23213947u);
  CHECK(b.delta == 23213947u);
  CHECK(b.repo_size == 2861248u);
  CHECK(b.repo_delta == 2861248u);
  CHECK(b.wal_start == std::optional<std::string>("000000010000000000000003"));
  CHECK(b.wal_stop == std::optional<std::string>("000000010000000000000004"));
  CHECK(b.lsn_start == std::optional<std::string>("0/3000028"));
  CHECK(b.lsn_stop == std::optional<std::string>("0/4000050"));
  CHECK_FALSE(b.error);
  CHECK(b.backrest_version == "2.45");
  REQUIRE(s.archives.size() == 1);
  CHECK(s.archives[0].min == std::optional<std::string>("000000010000000000000001"));
  CHECK(s.archives[0].max == std::optional<std::string>("000000010000000000000004"));

  const json expected = {{"label", kFull},
                         {"type", "full"},
                         {"prior", nullptr},
                         {"references", json::array()},
                         {"repo", 1},
                         {"start", "2026-11-24T01:13:54Z"},
                         {"stop", "2026-11-24T01:13:57Z"},
                         {"start_epoch", 1795482834},
                         {"stop_epoch", 1795482837},
                         {"duration_seconds", 3},
                         {"size_bytes", 23213947},
                         {"delta_bytes", 23213947},
                         {"repo_size_bytes", 2861248},
                         {"repo_delta_bytes", 2861248},
                         {"wal_start", "000000010000000000000003"},
                         {"wal_stop", "000000010000000000000004"},
                         {"lsn_start", "0/3000028"},
                         {"lsn_stop", "0/4000050"},
                         {"checksum_error", false},
                         {"checksum_error_files", json::array()}};
  CHECK(to_json(b) == expected);
}

TEST_CASE("info c: full + diff + incr with prior links, references, sizes and ages", "[pgbackrest][info]") {
  const auto stanzas = parse_fixture("info-json-c-full-diff-incr");
  REQUIRE(stanzas.size() == 1);
  const auto& s = stanzas[0];
  REQUIRE(s.backups.size() == 3);
  const auto &full = s.backups[0], &diff = s.backups[1], &incr = s.backups[2];

  CHECK(full.label == kFull);
  CHECK(full.type == "full");
  CHECK(diff.label == kDiff);
  CHECK(diff.type == "diff");
  CHECK(incr.label == kIncr);
  CHECK(incr.type == "incr");

  CHECK_FALSE(full.prior.has_value());
  CHECK(diff.prior == std::optional<std::string>(kFull));
  CHECK(incr.prior == std::optional<std::string>(kDiff));
  CHECK(full.references.empty());
  CHECK(diff.references == std::vector<std::string>{kFull});
  CHECK(incr.references == std::vector<std::string>{kFull, kDiff});

  CHECK(diff.size == 493803391u);
  CHECK(diff.delta == 472514828u);
  CHECK(diff.repo_size == 24157616u);
  CHECK(diff.repo_delta == 21522016u);
  CHECK(incr.size == 499234687u);
  CHECK(incr.delta == 476905740u);
  CHECK(incr.repo_size == 27122432u);
  CHECK(incr.repo_delta == 24368784u);
  for (const auto& b : s.backups) CHECK(b.repo_key == 1);

  CHECK(diff.wal_start == std::optional<std::string>("00000001000000000000001D"));
  CHECK(diff.wal_stop == std::optional<std::string>("00000001000000000000001D"));
  CHECK(incr.wal_start == std::optional<std::string>("000000010000000000000030"));
  CHECK(incr.wal_stop == std::optional<std::string>("000000010000000000000030"));
  CHECK(diff.start_epoch == 1795482844);
  CHECK(diff.stop_epoch == 1795482847);
  CHECK(incr.start_epoch == 1795482878);
  CHECK(incr.stop_epoch == 1795482881);

  REQUIRE(s.archives.size() == 1);
  CHECK(s.archives[0].min == std::optional<std::string>("000000010000000000000001"));
  CHECK(s.archives[0].max == std::optional<std::string>("000000010000000000000030"));

  REQUIRE(newest_of_type(s, "full") == &full);
  REQUIRE(newest_of_type(s, "diff") == &diff);
  REQUIRE(newest_of_type(s, "incr") == &incr);
  CHECK(newest_of_type(s, "bogus") == nullptr);

  // One hour after the incr finished.
  const std::int64_t now = 1795482881 + 3600;
  const json j = to_json(s, now);
  CHECK(j["name"] == "lab");
  CHECK(j["status"] == json{{"code", 0}, {"message", "ok"}, {"ok", true}, {"hint", ""}});
  CHECK(j["backup_lock_held"] == false);
  CHECK(j["cipher"] == "aes-256-cbc");
  REQUIRE(j["repos"].size() == 1);
  const json& repo = j["repos"][0];
  CHECK(repo["key"] == 1);
  CHECK(repo["cipher"] == "aes-256-cbc");
  CHECK(repo["status"] == json{{"code", 0}, {"message", "ok"}, {"ok", true}, {"error_name", nullptr}});
  // Per repository: the newest of each type and its WAL range.
  CHECK(repo["newest"]["full"]["label"] == "20261124-011354F");
  CHECK(repo["newest"]["incr"]["label"] == "20261124-011354F_20261124-011438I");
  CHECK(repo["wal_archive"] == json{{"id", "15-1"}, {"min", "000000010000000000000001"}, {"max", "000000010000000000000030"}});
  CHECK(j["newest"]["full"] == json{{"label", kFull}, {"stop", "2026-11-24T01:13:57Z"}, {"age_seconds", 3644}});
  CHECK(j["newest"]["diff"] == json{{"label", kDiff}, {"stop", "2026-11-24T01:14:07Z"}, {"age_seconds", 3634}});
  CHECK(j["newest"]["incr"] == json{{"label", kIncr}, {"stop", "2026-11-24T01:14:41Z"}, {"age_seconds", 3600}});
  REQUIRE(j["backups"].size() == 3);
  CHECK(j["backups"][2]["prior"] == kDiff);
  CHECK(j["backups"][2]["references"] == json::array({kFull, kDiff}));
  CHECK(j["backups"][1]["repo_size_bytes"] == 24157616);
  CHECK(j["backups"][1]["start"] == "2026-11-24T01:14:04Z");
}

TEST_CASE("info d: PostgreSQL down changes nothing, the newest full is the later one", "[pgbackrest][info]") {
  const auto stanzas = parse_fixture("info-json-d-lab-pg-down");
  REQUIRE(stanzas.size() == 1);
  const auto& s = stanzas[0];
  CHECK(s.status_code == 0);
  REQUIRE(s.backups.size() == 4);
  CHECK(s.backups[3].label == "20261124-011541F");
  CHECK(s.backups[3].size == 499726207u);
  const BackupSet* full = newest_of_type(s, "full");
  REQUIRE(full != nullptr);
  CHECK(full->label == "20261124-011541F");
  CHECK(s.archives[0].min == std::optional<std::string>("000000010000000000000003"));
  CHECK(s.archives[0].max == std::optional<std::string>("000000010000000000000050"));
  const json j = to_json(s, 1795482944 + 10);
  CHECK(j["newest"]["full"]["age_seconds"] == 10);
  CHECK(j["newest"]["incr"]["label"] == kIncr);
}

TEST_CASE("info e: two stanzas in one repository", "[pgbackrest][info]") {
  const auto stanzas = parse_fixture("info-json-e-two-stanzas");
  REQUIRE(stanzas.size() == 2);
  CHECK(stanzas[0].name == "lab");
  CHECK(stanzas[0].backups.size() == 3);
  CHECK(stanzas[0].databases.at(0).system_id == kLabSystemId);
  const auto& lab2 = stanzas[1];
  CHECK(lab2.name == "lab2");
  CHECK(lab2.status_code == 0);
  REQUIRE(lab2.databases.size() == 1);
  CHECK(lab2.databases[0].system_id == kLab2SystemId);
  REQUIRE(lab2.backups.size() == 1);
  CHECK(lab2.backups[0].label == "20261124-011532F");
  CHECK(lab2.backups[0].type == "full");
  CHECK(lab2.backups[0].size == 23213970u);
  CHECK(lab2.backups[0].repo_size == 2861264u);
  CHECK(lab2.archives.at(0).max == std::optional<std::string>("000000010000000000000003"));
}

TEST_CASE("info: a running backup holds the lock", "[pgbackrest][info]") {
  const auto stanzas = parse_fixture("info-json-backup-running");
  REQUIRE(stanzas.size() == 1);
  CHECK(stanzas[0].backup_lock_held);
  CHECK(stanzas[0].status_code == 0);
  CHECK(to_json(stanzas[0], 0)["backup_lock_held"] == true);
  // The other fixtures say false.
  CHECK_FALSE(parse_fixture("info-json-c-full-diff-incr")[0].backup_lock_held);
}

TEST_CASE("info: system-id survives as an exact uint64 through parse, to_json and dump", "[pgbackrest][info]") {
  const auto s = parse_fixture("info-json-c-full-diff-incr").at(0);
  REQUIRE(s.databases.size() == 1);
  CHECK(s.databases[0].system_id == kLabSystemId);
  const json j = to_json(s, 0);
  CHECK(j["databases"][0]["system_id"].is_number_unsigned());
  CHECK(j["databases"][0]["system_id"].get<std::uint64_t>() == kLabSystemId);
  const std::string dumped = reos::output::dump(j);
  CHECK(dumped.find("\"system_id\": 7711540027984426105") != std::string::npos);
  // A double would have printed 7711540027984426000-ish.
  CHECK(json::parse(dumped)["databases"][0]["system_id"].get<std::uint64_t>() == kLabSystemId);
}

TEST_CASE("info: a wrong cipher pass (status 99, raw bytes in the message) does not throw", "[pgbackrest][info]") {
  const std::string raw = pgbackrest_fixture("err-wrong-cipher-pass-info-json");
  // The fixture really holds bytes that are not UTF-8 and raw control characters.
  REQUIRE(raw.find('\x8a') != std::string::npos);
  REQUIRE(raw.find('\x01') != std::string::npos);

  std::vector<StanzaInfo> stanzas;
  REQUIRE_NOTHROW(stanzas = parse_info(raw));
  REQUIRE(stanzas.size() == 1);
  const auto& s = stanzas[0];
  CHECK(s.name == "lab");
  CHECK(s.status_code == 99);
  CHECK(s.status_message == "other");
  REQUIRE(s.repos.size() == 1);
  CHECK(s.repos[0].code == 99);
  const std::string& msg = s.repos[0].message;
  CHECK(msg.rfind("[FormatError] unable to load info file '$LAB/repo/backup/lab/backup.info'", 0) == 0);
  CHECK(msg.find(kFFFD) != std::string::npos);  // invalid bytes replaced
  CHECK(msg.find("\nHINT: has a stanza-create been performed?") != std::string::npos);

  const json j = to_json(s, 0);
  CHECK(j["status"]["code"] == 99);
  CHECK(j["status"]["hint"] ==
        "the repository could not be read: check its path, permissions and the cipher pass (details in repos[].status.message)");
  std::string dumped;
  REQUIRE_NOTHROW(dumped = reos::output::dump(j));
  const json back = json::parse(dumped);  // what we print is valid JSON again
  CHECK(back["repos"][0]["status"]["message"].get<std::string>() == msg);
}

TEST_CASE("info: raw control characters inside JSON strings are tolerated", "[pgbackrest][info]") {
  const std::string text = std::string(
      "[{\"name\":\"a\x01"
      "b\",\"status\":{\"code\":99,\"message\":\"x\x1f\ty\"}}]");
  std::vector<StanzaInfo> stanzas;
  REQUIRE_NOTHROW(stanzas = parse_info(text));
  REQUIRE(stanzas.size() == 1);
  CHECK(stanzas[0].name == std::string("a\x01"
                                       "b"));
  CHECK(stanzas[0].status_message == "x\x1f\ty");
  // Escapes that were already there stay as they were.
  const auto escaped = parse_info(R"([{"name":"q\"\\n","status":{"code":0}}])");
  CHECK(escaped.at(0).name == "q\"\\n");
}

TEST_CASE("info: malformed output is an UpstreamFailed error", "[pgbackrest][info]") {
  for (const std::string bad : {"not json", "{\"name\":\"lab\"}", "", "[{\"name\":", "42", "\"[]\""}) {
    INFO("input: " << bad);
    auto e = error_from([&] { parse_info(bad); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::UpstreamFailed);
    CHECK(e->message().rfind("pgbackrest info did not print a JSON array", 0) == 0);
  }
  auto e = error_from([] { parse_info("not json\nsecond line"); });
  REQUIRE(e);
  CHECK(e->message() == "pgbackrest info did not print a JSON array (got: 'not json')");
  CHECK(e->hint() == "run 'pgbackrest info --output=json' by hand to see what it prints");
  auto long_e = error_from([] { parse_info(std::string(500, 'x')); });
  REQUIRE(long_e);
  CHECK(long_e->message() == "pgbackrest info did not print a JSON array (got: '" + std::string(120, 'x') + "...')");
}

TEST_CASE("info: unexpected shapes inside the array are skipped or defaulted", "[pgbackrest][info]") {
  const auto stanzas = parse_info(R"([1, "x", null, {"name":"lab","status":{"code":"zero"},"backup":[{"label":"L"}]}])");
  REQUIRE(stanzas.size() == 1);
  CHECK(stanzas[0].name == "lab");
  CHECK(stanzas[0].status_code == 0);
  REQUIRE(stanzas[0].backups.size() == 1);
  CHECK(stanzas[0].backups[0].label == "L");
  CHECK(stanzas[0].backups[0].size == 0u);
  CHECK_FALSE(stanzas[0].backups[0].wal_start.has_value());
}

TEST_CASE("info: backups are read stanza by stanza, only from each stanza's own backup array", "[pgbackrest][info]") {
  // The parser drops each backup and stanza once read: objects elsewhere at the same depth
  // (repo[], db[]) or a nested key named "backup" must not be taken for backups.
  const auto stanzas = parse_info(R"([
    {"name":"a","repo":[{"key":1,"status":{"code":0,"message":"ok"}}],"backup":[{"label":"A1"},{"label":"A2"}],
     "status":{"code":0,"lock":{"backup":{"held":true}}},"db":[{"id":1,"system-id":7711540027984426105}]},
    {"name":"b","backup":{"label":"not an array"}},
    {"name":"c","backup":[{"label":"C1"}],"archive":[{"id":"15-1","backup":[{"label":"nested"}]}]}])");
  REQUIRE(stanzas.size() == 3);
  CHECK(stanzas[0].name == "a");
  REQUIRE(stanzas[0].backups.size() == 2);
  CHECK(stanzas[0].backups[0].label == "A1");
  CHECK(stanzas[0].backups[1].label == "A2");
  REQUIRE(stanzas[0].repos.size() == 1);
  CHECK(stanzas[0].backup_lock_held);
  REQUIRE(stanzas[0].databases.size() == 1);
  CHECK(stanzas[0].databases[0].system_id == kLabSystemId);
  CHECK(stanzas[1].backups.empty());
  REQUIRE(stanzas[2].backups.size() == 1);
  CHECK(stanzas[2].backups[0].label == "C1");
  REQUIRE(stanzas[2].archives.size() == 1);
  CHECK(stanzas[2].archives[0].id == "15-1");
}

TEST_CASE("info: a document cut off after complete stanzas is still an error", "[pgbackrest][info]") {
  const auto e = error_from([] { parse_info(R"([{"name":"a","backup":[{"label":"A1"}]},{"name":"b")"); });
  REQUIRE(e.has_value());
  CHECK(e->exit_code() == static_cast<int>(ExitCode::UpstreamFailed));
}

TEST_CASE("info: status meanings and hints", "[pgbackrest][info]") {
  CHECK(status_meaning(0) == "ok");
  CHECK(status_meaning(1) == "missing stanza path");
  CHECK(status_meaning(2) == "no valid backups");
  CHECK(status_meaning(99) == "other");
  CHECK(status_meaning(42) == "unknown status 42");
  StanzaInfo s;
  s.name = "db";
  CHECK(status_hint(s) == "");
  s.status_code = 2;
  CHECK(status_hint(s) == "no backup exists yet: run reos-backup backup --stanza db --type full");
}

TEST_CASE("info: page checksum errors and the progress of a running backup and restore (2.48-2.59)", "[pgbackrest][info]") {
  // The shape of pgBackRest 2.59's info: error-list per backup, lock sizes per repo.
  const std::string doc = R"([{"name":"lab","cipher":"none","status":{"code":0,"message":"ok","lock":{
      "backup":{"held":true,"size":6318000,"size-cplt":4124080,
                "repo":[{"key":1,"size":3159000,"size-cplt":1754830},{"key":2,"size":3159000,"size-cplt":2369250}]},
      "restore":{"held":true,"size":1000,"size-cplt":250}}},
    "repo":[{"key":1,"cipher":"none","status":{"code":0,"message":"ok"}},{"key":2,"cipher":"none","status":{"code":0,"message":"ok"}}],
    "backup":[
      {"label":"20260101-000000F","type":"full","database":{"repo-key":1},"timestamp":{"start":1767225600,"stop":1767225700},
       "error":true,"error-list":["base/1/3351","base/1/3352"]},
      {"label":"20260102-000000F","type":"full","database":{"repo-key":2},"timestamp":{"start":1767312000,"stop":1767312100},
       "error":true},
      {"label":"20260103-000000F","type":"full","database":{"repo-key":1},"timestamp":{"start":1767398400,"stop":1767398500},
       "error":false}]}])";
  const auto st = parse_info(doc);
  REQUIRE(st.size() == 1);
  const auto& s = st[0];
  CHECK(s.backup_lock.held);
  CHECK(s.backup_lock.size == 6318000u);
  CHECK(s.backup_lock.done == 4124080u);
  REQUIRE(s.backup_lock.repos.size() == 2);
  CHECK(s.backup_lock.repos[1].key == 2);
  CHECK(s.backup_lock.repos[1].done == 2369250u);
  CHECK(s.restore_lock.held);
  REQUIRE(backups_with_checksum_errors(s).size() == 2);
  CHECK(s.backups[0].error_files == std::vector<std::string>{"base/1/3351", "base/1/3352"});

  const json j = to_json(s, 0);
  CHECK(j["locks"]["backup"]["percent"] == 65.28);
  CHECK(j["locks"]["backup"]["repos"][0]["percent"] == 55.55);
  CHECK(j["locks"]["restore"]["percent"] == 25.0);
  CHECK(j["backups"][0]["checksum_error_files"] == json::array({"base/1/3351", "base/1/3352"}));
  CHECK(j["backups"][1]["checksum_error"] == true);
  CHECK(j["backups"][2]["checksum_error"] == false);
  CHECK(checksum_error_warning(s, s.backups[0]).find("2 files: base/1/3351, base/1/3352") != std::string::npos);
  CHECK(checksum_error_warning(s, s.backups[1]).find("pgBackRest did not list the files") != std::string::npos);

  // metrics: one checksum-error gauge per stanza and repo, progress per operation.
  reos::observe::MetricsInput m;
  m.stanzas.push_back({"lab", s, std::nullopt, std::nullopt});
  const std::string text = reos::observe::render_exposition(reos::observe::build_metrics(m));
  CHECK(text.find("pgbackrest_backup_checksum_error_backups{repo=\"1\",stanza=\"lab\"} 1\n") != std::string::npos);
  CHECK(text.find("pgbackrest_backup_checksum_error_backups{repo=\"2\",stanza=\"lab\"} 1\n") != std::string::npos);
  CHECK(text.find("pgbackrest_lock_held{operation=\"restore\",stanza=\"lab\"} 1\n") != std::string::npos);
  CHECK(text.find("pgbackrest_lock_progress_ratio{operation=\"restore\",stanza=\"lab\"} 0.25\n") != std::string::npos);

  // An older pgBackRest (2.45) gives held only: no sizes, no percent.
  const auto old = parse_info(R"([{"name":"lab","status":{"code":0,"lock":{"backup":{"held":true}}}}])");
  CHECK(old[0].backup_lock.held);
  CHECK_FALSE(old[0].backup_lock.size);
  CHECK(to_json(old[0], 0)["locks"]["backup"]["percent"].is_null());
  CHECK_FALSE(to_json(old[0], 0)["locks"]["restore"]["held"].get<bool>());
}

TEST_CASE("repo-ls: the write time of one WAL segment, and nothing from text that is not repo-ls's JSON", "[info][repo-ls]") {
  using reos::pgbackrest::newest_segment_time;
  const std::string seg = "000000010000000000000019";
  const std::string ls =
      R"({".":{"type":"path"},"000000010000000000000019-4ef8e746.lz4":{"type":"file","size":69345,"time":1796141330},)"
      R"("000000010000000000000019.00000028.backup":{"type":"file","size":374,"time":1796141399},)"
      R"("00000001000000000000001A-8a263fca.lz4":{"type":"file","size":1,"time":1796141500}})";
  CHECK(newest_segment_time(ls, seg) == 1796141330);  // not the .backup file, not the next segment
  CHECK_FALSE(newest_segment_time(ls, "000000010000000000000018"));
  for (const std::string bad :
       {"", "[]", "{", "null", R"({"000000010000000000000019-a":{"type":"path","time":5}})",
        R"({"000000010000000000000019-a":{"type":"file","time":2e99}})",
        R"({"000000010000000000000019-a":{"type":"file","time":-4}})",
        R"({"000000010000000000000019-a":{"type":"file","time":18446744073709551615}})",
        R"({"000000010000000000000019-a":{"type":"file","time":"1796141330"}})", R"({"000000010000000000000019-a":7})"}) {
    INFO(bad);
    CHECK_FALSE(newest_segment_time(bad, seg));
  }
}
