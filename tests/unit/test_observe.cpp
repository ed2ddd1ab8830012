// Observability: SHA-256, the audit log's hash chain, the state file, the metrics renderer
// and check's findings.
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "reos/config/spec.hpp"
#include "reos/observe/audit.hpp"
#include "reos/observe/check.hpp"
#include "reos/observe/metrics.hpp"
#include "reos/observe/state.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/postgres/archiver.hpp"
#include "reos/util/sha256.hpp"
#include "support/helpers.hpp"
#include "support/scripted_database.hpp"

using nlohmann::json;
using reos::testing::query_rows;
using reos::testing::read_file;
using reos::testing::ScriptedDatabase;
using reos::testing::TempDir;
namespace observe = reos::observe;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

// The verdict on a tampered copy of the log: it must fail; the line it names is returned.
observe::AuditVerdict broken(const std::vector<std::string>& lines) {
  auto v = observe::verify_audit(joined(lines));
  CHECK_FALSE(v.ok);
  return v;
}

}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors", "[sha256]") {
  using reos::util::sha256_hex;
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Chunked updates give the same digest as one (block boundaries inside updates).
  reos::util::Sha256 s;
  for (int i = 0; i < 1000; ++i) s.update(std::string(1000, 'a'));
  auto d = s.finish();
  CHECK(d[0] == 0xcd);
  CHECK(d[31] == 0xd0);
}

TEST_CASE("audit log: appended lines form an intact chain", "[audit]") {
  TempDir dir;
  const std::string log = dir.path() + "/sub/audit.jsonl";  // parent directories are created
  for (int i = 0; i < 3; ++i) observe::append_audit(log, {{"command", "backup"}, {"ok", true}, {"n", i}});
  const auto text = read_file(log);
  auto v = observe::verify_audit(text);
  CHECK(v.ok);
  CHECK(v.lines == 3);
  const auto lines = lines_of(text);
  REQUIRE(lines.size() == 3);
  CHECK(json::parse(lines[0])["prev_sha256"] == std::string(64, '0'));
  CHECK(json::parse(lines[1])["prev_sha256"] == reos::util::sha256_hex(lines[0]));
  CHECK(json::parse(lines[2])["seq"] == 3);
}

TEST_CASE("audit log: an edited byte, a deleted line and swapped lines each fail naming the line", "[audit]") {
  TempDir dir;
  const std::string log = dir.path() + "/audit.jsonl";
  for (int i = 0; i < 4; ++i)
    observe::append_audit(log, {{"command", "stanza-create"}, {"ok", true}, {"target", {{"stanza", "s" + std::to_string(i)}}}});
  const auto lines = lines_of(read_file(log));
  REQUIRE(lines.size() == 4);

  SECTION("one byte edited in line 2") {
    auto edited = lines;
    auto pos = edited[1].find("\"s1\"");
    REQUIRE(pos != std::string::npos);
    edited[1][pos + 2] = '9';
    auto v = broken(edited);
    CHECK(v.line == 2);
    CHECK(v.problem.find("line 2") == 0);
  }
  SECTION("the last line edited") {
    auto edited = lines;
    edited[3].replace(edited[3].find("true"), 4, "fals");
    auto v = broken(edited);
    CHECK(v.line == 4);
  }
  SECTION("line 3 deleted") {
    auto cut = lines;
    cut.erase(cut.begin() + 2);
    auto v = broken(cut);
    CHECK(v.line == 3);
  }
  SECTION("lines 2 and 3 swapped") {
    auto swapped = lines;
    std::swap(swapped[1], swapped[2]);
    auto v = broken(swapped);
    CHECK(v.line == 2);
  }
  SECTION("a deleted line with renumbered seq and rewritten fields is still caught by prev_sha256") {
    auto cut = lines;
    cut.erase(cut.begin() + 1);
    json j = json::parse(cut[1]);
    j["seq"] = 2;
    j.erase("sha256");
    j["sha256"] = reos::util::sha256_hex(j.dump());
    cut[1] = j.dump();
    auto v = broken(cut);
    CHECK(v.line == 2);
    CHECK(v.problem.find("prev_sha256") != std::string::npos);
  }
}

TEST_CASE("audit log: concurrent appends keep every line whole and the chain intact", "[audit]") {
  TempDir dir;
  const std::string log = dir.path() + "/audit.jsonl";
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) observe::append_audit(log, {{"command", "backup"}, {"thread", t}, {"i", i}});
    });
  for (auto& th : threads) th.join();
  auto v = observe::verify_audit(read_file(log));
  CHECK(v.ok);
  CHECK(v.lines == 80);
}

TEST_CASE("every command has an audit rule, and changing commands and actions are audited", "[audit][spec]") {
  using reos::config::audited;
  for (const auto& c : reos::config::commands()) {
    const bool has_rule = c.audit.when != reos::config::AuditRule::When::unstated;
    INFO(c.name);
    CHECK(has_rule);
    if (c.audit.when == reos::config::AuditRule::When::actions) {  // every audited action is one of the command's
      const auto& choices = c.positionals.at(0).choices;
      for (auto a : c.audit.actions) CHECK(std::find(choices.begin(), choices.end(), a) != choices.end());
    }
  }
  const auto none = [](std::string_view) { return false; };
  CHECK(audited("backup", {}, none));
  CHECK(audited("minio-version", {"enable"}, none));
  CHECK_FALSE(audited("minio-version", {"status"}, none));
  CHECK(audited("minio-replicate", {"rm"}, none));
  CHECK_FALSE(audited("minio-lifecycle", {"export"}, none));
  CHECK_FALSE(audited("info", {}, none));
  CHECK_FALSE(audited("metrics", {}, none));
  // restore-pitr --plan writes nothing; a restore is audited.
  CHECK(audited("restore-pitr", {}, none));
  CHECK_FALSE(audited("restore-pitr", {}, [](std::string_view f) { return f == "plan"; }));
  // Every read-only flag is a flag option of its command.
  for (const auto& c : reos::config::commands()) {
    const auto& r = c.audit;
    if (r.read_only_flag.empty()) continue;
    const auto* o = reos::config::find_option(r.read_only_flag);
    REQUIRE(o != nullptr);
    CHECK(o->kind == reos::config::ValueKind::flag);
    CHECK(std::find(c.options.begin(), c.options.end(), r.read_only_flag) != c.options.end());
  }
}

TEST_CASE("state file: counters per stanza and type, atomic updates, corrupt file refused", "[state]") {
  TempDir dir;
  const std::string path = dir.path() + "/state/state.json";
  observe::record_backup(path, "main", "full", true, 100, "");
  observe::record_backup(path, "main", "full", true, 200, "");
  observe::record_backup(path, "main", "incr", false, 300, "DbConnectError");
  observe::VerifyRecord drill;
  drill.ok = true;
  drill.rto_ms = 61000;
  drill.rto_objective_ms = 1800000;
  drill.epoch = 400;
  observe::record_verify(path, "main", drill);
  observe::record_restore(path, "main", false, 500, "refused");
  observe::record_restore(path, "main", true, 600, "");
  const json st = observe::read_state(path);
  CHECK(st["stanzas"]["main"]["restore"]["success_total"] == 1);
  CHECK(st["stanzas"]["main"]["restore"]["failure_total"] == 1);
  CHECK(st["stanzas"]["main"]["restore"]["last_ok"] == true);
  CHECK(st["stanzas"]["main"]["backup"]["full"]["success_total"] == 2);  // untouched by restores
  CHECK(st["stanzas"]["main"]["backup"]["full"]["success_total"] == 2);
  CHECK(st["stanzas"]["main"]["backup"]["incr"]["failure_total"] == 1);
  CHECK(st["stanzas"]["main"]["backup"]["incr"]["last_error"] == "DbConnectError");
  CHECK(st["stanzas"]["main"]["verify"]["rto_ms"] == 61000);
  CHECK(observe::read_state(dir.path() + "/missing.json") == json::object());

  const auto bad = dir.write("bad.json", "{\"stanzas\": ");
  CHECK_THROWS_AS(observe::record_backup(bad, "main", "full", true, 1, ""), reos::error::Error);
  CHECK(read_file(bad) == "{\"stanzas\": ");  // never overwritten: counters would reset

  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) observe::record_backup(path, "main", "diff", true, 1, "");
    });
  for (auto& th : threads) th.join();
  CHECK(observe::read_state(path)["stanzas"]["main"]["backup"]["diff"]["success_total"] == 40);
}

TEST_CASE("state file default path: XDG_STATE_HOME, else HOME", "[state]") {
  CHECK(observe::default_state_dir({{"HOME", "/var/lib/postgresql"}}) == "/var/lib/postgresql/.local/state/reos-backup");
  CHECK(observe::default_state_dir({{"HOME", "/h"}, {"XDG_STATE_HOME", "/x"}}) == "/x/reos-backup");
  CHECK_THROWS_AS(observe::default_state_dir({}), reos::error::Error);
}

TEST_CASE("metrics: exposition with HELP/TYPE, ages from info, counters from state, archiver from the database", "[metrics]") {
  reos::pgbackrest::StanzaInfo s;
  s.name = "main";
  s.backups.push_back({});
  s.backups.back().label = "F";
  s.backups.back().type = "full";
  s.backups.back().stop_epoch = 1000;
  s.backups.push_back({});
  s.backups.back().label = "I";
  s.backups.back().type = "incr";
  s.backups.back().stop_epoch = 5000;
  for (auto& b : s.backups) b.repo_key = 1;
  s.repos = {{1, 0, "ok", "aes-256-cbc"}, {2, 99, "[HostConnectError] unable to connect", "aes-256-cbc"}};
  s.archives = {{"15-1", "000000010000000000000001", "000000010000000000000009", 1}};

  ScriptedDatabase db;
  db.answers.push_back({"pg_stat_archiver", query_rows({{"2026-11-24 10:00:00+00", "2026-11-24 10:05:00+00",
                                                         "000000010000000000000007", "3", "2026-11-24 10:06:00+00", "60", "on",
                                                         "000000010000000000000009", "00000001000000000000000A"}})});
  std::string err;
  auto archiver = reos::postgres::read_archiver(db, &err);
  REQUIRE(archiver);
  CHECK(archiver->current_wal == "00000001000000000000000A");

  observe::MetricsInput in;
  in.now_epoch = 10000;
  in.reos_version = "0.1.0";
  in.pgbackrest_version = reos::pgbackrest::parse_pgbackrest_version("pgBackRest 2.45\n");
  in.state = {{"stanzas",
               {{"main",
                 {{"backup", {{"full", {{"success_total", 7}, {"failure_total", 2}}}}},
                  {"verify", {{"last_ok", false}, {"rto_ms", 90500}, {"rto_objective_ms", 1800000}, {"last_epoch", 9000}}}}}}}};
  in.stanzas.push_back({"main", s, archiver, 4});
  // A bucket with replication (the captured mc document, 3 KiB queued), one without, one mc
  // could not answer for.
  auto status = nlohmann::json::parse(reos::testing::mc_fixture("replicate-status.success.json"));
  status["replicationstats"]["currStats"]["queued"]["curr"] = {{"count", 3}, {"bytes", 3072}};
  in.buckets.push_back({"myminio", "realestate \"memos\"", true, reos::minio::parse_replication_status(status, 0)});
  in.buckets.push_back({"myminio", "plain", false, reos::minio::ReplicationStatus{}});
  in.buckets.push_back({"myminio", "down", std::nullopt, std::nullopt});
  const std::string text = observe::render_exposition(observe::build_metrics(in));
  INFO(text);
  CHECK(text.find("# HELP pgbackrest_last_full_backup_age_seconds ") != std::string::npos);
  CHECK(text.find("# TYPE pgbackrest_backup_success_total counter\n") != std::string::npos);
  CHECK(text.find("pgbackrest_last_full_backup_age_seconds{repo=\"1\",stanza=\"main\"} 9000\n") != std::string::npos);
  CHECK(text.find("pgbackrest_last_incr_backup_age_seconds{repo=\"1\",stanza=\"main\"} 5000\n") != std::string::npos);
  CHECK(text.find("reos_repo_up{repo=\"1\",stanza=\"main\"} 1\n") != std::string::npos);
  CHECK(text.find("reos_repo_up{repo=\"2\",stanza=\"main\"} 0\n") != std::string::npos);
  CHECK(text.find("reos_repo_archive_behind_segments{repo=\"1\",stanza=\"main\"} 1\n") != std::string::npos);
  CHECK(text.find("reos_repo_archive_behind_segments{repo=\"2\"") == std::string::npos);  // unreadable: no sample
  CHECK(text.find("pgbackrest_last_diff_backup_age_seconds{") == std::string::npos);      // no diff: absent
  CHECK(text.find("pgbackrest_backup_success_total{stanza=\"main\",type=\"full\"} 7\n") != std::string::npos);
  CHECK(text.find("pgbackrest_backup_failure_total{stanza=\"main\",type=\"full\"} 2\n") != std::string::npos);
  CHECK(text.find("pgbackrest_backup_failure_total{stanza=\"main\",type=\"diff\"} 0\n") != std::string::npos);
  CHECK(text.find("pgbackrest_restore_success_total{stanza=\"main\"} 0\n") != std::string::npos);  // none yet: 0
  CHECK(text.find("# TYPE pgbackrest_restore_failure_total counter\n") != std::string::npos);
  CHECK(text.find("pgbackrest_archive_push_failure_total{stanza=\"main\"} 3\n") != std::string::npos);
  CHECK(text.find("pgbackrest_archive_failing{stanza=\"main\"} 1\n") != std::string::npos);
  CHECK(text.find("pgbackrest_archive_ready_files{stanza=\"main\"} 4\n") != std::string::npos);
  CHECK(text.find("reos_verify_last_success{stanza=\"main\"} 0\n") != std::string::npos);
  // A state file from before the drill history: its last drill, measured, no repository.
  CHECK(text.find("reos_verify_rto_seconds{kind=\"measured\",stanza=\"main\"} 90.5\n") != std::string::npos);
  CHECK(text.find("reos_backup_info{pgbackrest_version=\"2.45\",version=\"0.1.0\"} 1\n") != std::string::npos);
  CHECK(text.find("minio_bucket_versioning_enabled{alias=\"myminio\",bucket=\"realestate \\\"memos\\\"\"} 1\n") !=
        std::string::npos);
  const std::string memos = "alias=\"myminio\",bucket=\"realestate \\\"memos\\\"\"";
  const std::string target = memos + ",target=\"minio-dr.example.net:9000/data-backup\"";
  CHECK(text.find("minio_bucket_replication_lag_seconds{" + target + "} 3.002\n") != std::string::npos);
  CHECK(text.find("minio_bucket_replication_target_online{" + target + "} 1\n") != std::string::npos);
  CHECK(text.find("minio_bucket_replication_queued_objects{" + memos + "} 3\n") != std::string::npos);
  CHECK(text.find("minio_bucket_replication_queued_bytes{" + memos + "} 3072\n") != std::string::npos);
  CHECK(text.find("# TYPE minio_bucket_replication_failed_total counter\n") != std::string::npos);
  CHECK(text.find("minio_bucket_replication_failed_total{" + memos + "} 0\n") != std::string::npos);
  CHECK(text.find("reos_minio_up{" + memos + "} 1\n") != std::string::npos);
  // Without replication: configured 0 and no lag series; unreachable: up 0 and nothing else.
  CHECK(text.find("minio_bucket_versioning_enabled{alias=\"myminio\",bucket=\"plain\"} 0\n") != std::string::npos);
  CHECK(text.find("minio_bucket_replication_configured{alias=\"myminio\",bucket=\"plain\"} 0\n") != std::string::npos);
  CHECK(text.find("minio_bucket_replication_lag_seconds{alias=\"myminio\",bucket=\"plain\"") == std::string::npos);
  CHECK(text.find("reos_minio_up{alias=\"myminio\",bucket=\"down\"} 0\n") != std::string::npos);
  CHECK(text.find("bucket=\"down\"") == text.rfind("bucket=\"down\""));  // only in reos_minio_up
}

TEST_CASE("metrics: .ready files are counted, other files are not", "[metrics]") {
  TempDir dir;
  dir.write("000000010000000000000001.ready", "");
  dir.write("000000010000000000000002.ready", "");
  dir.write("000000010000000000000000.done", "");
  CHECK(observe::count_ready_files(dir.path()) == 2);
  CHECK_FALSE(observe::count_ready_files(dir.path() + "/missing"));
}

namespace {

observe::CheckFacts healthy_facts() {
  observe::CheckFacts f;
  f.now_epoch = 100000;
  f.pgbackrest_version = "2.45";
  ScriptedDatabase db;
  db.answers.push_back({"pg_stat_archiver", query_rows({{"2026-11-24 10:00:00+00", std::nullopt, std::nullopt, "0",
                                                         "2026-11-24 10:00:30+00", "60", "on"}})});
  db.answers.push_back({"archive_command", query_rows({{"pgbackrest --stanza=main archive-push %p", "replica"}})});
  std::string err;
  f.archiver = reos::postgres::read_archiver(db, &err);
  observe::read_check_settings(db, f);
  reos::pgbackrest::StanzaInfo s;
  s.name = "main";
  s.cipher = "aes-256-cbc";
  s.backups.push_back({});
  s.backups.back().type = "full";
  s.backups.back().stop_epoch = 100000 - 3600;
  f.info = s;
  f.ready_files = 0;
  return f;
}

std::string severity_of(const std::vector<observe::Finding>& fs, const std::string& id) {
  for (const auto& f : fs)
    if (f.id == id) return std::string(observe::severity_name(f.severity));
  return "missing";
}

}  // namespace

TEST_CASE("check: a healthy setup has only ok findings", "[check]") {
  observe::CheckPolicy p;
  p.stanza = "main";
  for (const auto& f : observe::evaluate_checks(healthy_facts(), p)) {
    INFO(f.id << ": " << f.message);
    CHECK(f.severity == observe::Severity::ok);
  }
}

TEST_CASE("check: each broken setting is reported with its severity", "[check]") {
  observe::CheckPolicy p;
  p.stanza = "main";
  auto f = healthy_facts();
  SECTION("archive_mode off") {
    f.archiver->archive_mode = "off";
    CHECK(severity_of(observe::evaluate_checks(f, p), "postgres.archive_mode") == "failure");
  }
  SECTION("another stanza in archive_command") {
    f.archive_command = "pgbackrest --stanza=mainx archive-push %p";
    CHECK(severity_of(observe::evaluate_checks(f, p), "postgres.archive_command") == "failure");
  }
  SECTION("archive_command without pgbackrest") {
    f.archive_command = "cp %p /mnt/wal/%f";
    CHECK(severity_of(observe::evaluate_checks(f, p), "postgres.archive_command") == "failure");
  }
  // The messages in util/human's units (the text form's one formatter), not plain seconds.
  auto message_of = [](const std::vector<observe::Finding>& fs, const std::string& id) {
    for (const auto& x : fs)
      if (x.id == id) return x.message;
    return std::string("missing");
  };
  SECTION("archive_timeout 3600 against a 5 min RPO") {
    f.archiver->archive_timeout_s = 3600;
    const auto fs = observe::evaluate_checks(f, p);
    CHECK(severity_of(fs, "postgres.archive_timeout") == "failure");
    CHECK(message_of(fs, "postgres.archive_timeout") == "archive_timeout = 1h00m exceeds the RPO objective of 5m00s");
  }
  SECTION("the seed's archive_timeout of 300 s cannot meet an RPO under 5 min") {
    f.archiver->archive_timeout_s = 300;
    auto fs = observe::evaluate_checks(f, p);
    CHECK(severity_of(fs, "postgres.archive_timeout") == "warning");
    CHECK(message_of(fs, "postgres.archive_timeout") ==
          "archive_timeout = 5m00s: worst-case loss is about 5m00s + 0.5s (archive_timeout + push latency), which does not "
          "meet an RPO of under 5m00s");
  }
  SECTION("archive_timeout 60 s within a 5 min RPO") {
    f.archiver->archive_timeout_s = 60;
    const auto fs = observe::evaluate_checks(f, p);
    CHECK(severity_of(fs, "postgres.archive_timeout") == "ok");
    CHECK(message_of(fs, "postgres.archive_timeout") == "archive_timeout = 1m00s, worst-case loss about 1m00s + 0.5s");
  }
  SECTION("archive failing, backlog, old backups, cipher, pgbackrest check") {
    f.archiver->last_failed_us = *f.archiver->last_archived_us + 1000000;
    f.ready_files = 12;
    f.info->backups.back().stop_epoch = f.now_epoch - 9 * 86400;
    f.info->cipher = "none";
    f.check_exit_code = 82;
    auto fs = observe::evaluate_checks(f, p);
    CHECK(severity_of(fs, "archive.failures") == "failure");
    CHECK(severity_of(fs, "archive.ready_backlog") == "warning");
    CHECK(severity_of(fs, "backup.full_age") == "failure");
    CHECK(severity_of(fs, "backup.diff_age") == "warning");
    CHECK(severity_of(fs, "backup.incr_age") == "warning");
    CHECK(severity_of(fs, "repository.cipher") == "warning");
    CHECK(severity_of(fs, "pgbackrest.check") == "failure");
  }
  SECTION("cluster unreachable") {
    f.archiver.reset();
    f.db_error = "no socket";
    CHECK(severity_of(observe::evaluate_checks(f, p), "postgres.reachable") == "failure");
  }
}

// ---- the whole program: the audit hook in cli/app.cpp and the counters of backup --------------
#include "support/app.hpp"

namespace {

// The program at the incr backup's stop.
struct ObsApp : reos::testing::App {
  ObsApp() { now = kIncrStop; }
};

const std::vector<std::string> kInfo{"/bin/true", "--stanza=lab", "--log-level-console=off", "--output=json", "info"};

}  // namespace

TEST_CASE("app: a changing command appends one audit line, while --dry-run and read-only commands do not", "[audit][app]") {
  ObsApp app;
  app.runner.expect(kInfo, 0, "[]").expect({"/bin/true", "--stanza=lab", "--log-level-console=off", "stanza-create"}, 0);
  REQUIRE(app.run({"stanza-create", "--stanza", "lab", "--pgbackrest-bin=/bin/true"}) == 0);
  REQUIRE(app.run({"stanza-create", "--stanza", "lab", "--pgbackrest-bin=/bin/true", "--dry-run"}) == 0);
  const auto lines = lines_of(read_file(app.audit_path()));
  REQUIRE(lines.size() == 1);
  const json j = json::parse(lines[0]);
  CHECK(j["command"] == "stanza-create");
  CHECK(j["target"]["stanza"] == "lab");
  CHECK(j["ok"] == true);
  CHECK(j["exit_code"] == 0);
  CHECK(j["who"]["uid"].is_number());
  CHECK(j["argv"] == json::array({"stanza-create", "--stanza", "lab", "--pgbackrest-bin=/bin/true"}));
  CHECK(j["seq"] == 1);
}

TEST_CASE("app: a failed backup counts as a failure and is audited with pgBackRest's error name", "[audit][state][app]") {
  ObsApp app;
  app.runner.expect(kInfo, 0, "[]")
      .expect({"/bin/true", "--stanza=lab", "--log-level-console=off", "--type=full", "backup"}, 56, "",
              "ERROR: [056]: unable to find primary cluster - cannot proceed\n")
      .expect(kInfo, 0, "[]");
  CHECK(app.run({"backup", "--stanza", "lab", "--type", "full", "--pgbackrest-bin=/bin/true"}) == 5);
  const json st = observe::read_state(app.state_path());
  CHECK(st["stanzas"]["lab"]["backup"]["full"]["failure_total"] == 1);
  CHECK(st["stanzas"]["lab"]["backup"]["full"]["last_error"] == "DbConnectError");
  const json line = json::parse(lines_of(read_file(app.audit_path())).at(0));
  CHECK(line["ok"] == false);
  CHECK(line["exit_code"] == 5);
  CHECK(line["error"] == "upstream_failed");
  CHECK(line["upstream_error"]["name"] == "DbConnectError");
}

TEST_CASE("app: an audit log that cannot be written is a warning, not a failure of the run", "[audit][app]") {
  ObsApp app;
  app.env["REOS_AUDIT_LOG"] = "/proc/reos-cannot-write/audit.jsonl";
  app.runner.expect(kInfo, 0, "[]").expect({"/bin/true", "--stanza=lab", "--log-level-console=off", "stanza-create"}, 0);
  CHECK(app.run({"stanza-create", "--stanza", "lab", "--pgbackrest-bin=/bin/true", "--output=json"}) == 0);
  const json doc = json::parse(app.out.str());
  CHECK(doc["ok"] == true);
  REQUIRE(doc["warnings"].size() == 1);
  CHECK(doc["warnings"][0].get<std::string>().find("audit log not written") == 0);
  CHECK(app.err.str().find("audit log not written") != std::string::npos);
}

TEST_CASE("app: a bad last audit line does not end the run with exit 9", "[audit][app][hostile]") {
  // {"seq":"1"} made append_audit throw a JSON type_error, which only the catch-all of run_app
  // saw: every audited run after it would have failed as an internal error.
  ObsApp app;
  app.home.write("audit.jsonl", "{\"seq\":\"1\"}\n");
  app.env["REOS_AUDIT_LOG"] = app.home.path() + "/audit.jsonl";
  app.runner.expect(kInfo, 0, "[]").expect({"/bin/true", "--stanza=lab", "--log-level-console=off", "stanza-create"}, 0);
  CHECK(app.run({"stanza-create", "--stanza", "lab", "--pgbackrest-bin=/bin/true", "--output=json"}) == 0);
  const auto lines = lines_of(read_file(app.home.path() + "/audit.jsonl"));
  REQUIRE(lines.size() == 2);
  CHECK(json::parse(lines[1])["command"] == "stanza-create");
}

TEST_CASE("metrics: a corrupted state file is named and the rest still reported", "[metrics][state][app]") {
  // Before: exit 3 and no metrics at all; a half-written or edited state file must cost the
  // counters only. Wrong types inside a JSON state file read as absent.
  for (const std::string& content :
       {std::string("{\"stanzas\": {\"lab\""), std::string("[1,2]"),
        std::string(R"({"stanzas":{"lab":{"backup":{"full":{"success_total":"many"}},"restore":7}}})")}) {
    INFO(content);
    ObsApp app;
    const std::string state = app.home.write("state.json", content);
    // info first: it is read while planning (which repo-ls look-ups follow depends on it).
    app.runner
        .expect({"/bin/true", "--log-level-console=off", "--output=json", "--io-timeout=3", "info"}, 0,
                R"([{"name":"lab","status":{"code":0,"message":"ok"}}])")
        .expect({"/bin/true", "--log-level-console=off", "version"}, 0, "pgBackRest 2.54.2\n");
    REQUIRE(app.run({"metrics", "--pgbackrest-bin=/bin/true", "--state-file", state, "--source-host=/nonexistent",
                     "--output=json"}) == 0);
    const json doc = json::parse(app.out.str());
    CHECK(doc["result"]["exposition"].get<std::string>().find("pgbackrest_version=\"2.54.2\"") != std::string::npos);
    CHECK(doc["result"]["exposition"].get<std::string>().find(
              "pgbackrest_backup_success_total{stanza=\"lab\",type=\"full\"} 0\n") != std::string::npos);
    const bool parse_failed = content.front() != '{' || content.back() != '}';
    bool named = false;
    for (const auto& m : doc["result"]["not_measured"]) named = named || m.get<std::string>().find("counters: ") == 0;
    CHECK(named == parse_failed);
    CHECK(read_file(state) == content);  // left as it was: metrics never writes it
  }
}

TEST_CASE("app: audit verify names the broken line and exits 10", "[audit][app]") {
  ObsApp app;
  const std::string log = app.home.path() + "/a.jsonl";
  observe::append_audit(log, {{"command", "backup"}});
  observe::append_audit(log, {{"command", "verify"}});
  CHECK(app.run({"audit", "verify", "--audit-log", log}) == 0);
  auto lines = lines_of(read_file(log));
  std::swap(lines[0], lines[1]);
  app.home.write("a.jsonl", joined(lines));
  CHECK(app.run({"audit", "verify", "--audit-log", log, "--output=json"}) == 10);
  CHECK(app.err.str().find("line 1") != std::string::npos);
  CHECK(app.run({"audit", "verify", "--audit-log", app.home.path() + "/missing.jsonl"}) == 3);
}

TEST_CASE("check per repository: an unreachable off-site store fails with a hint, async off with 2 repos fails",
          "[check][repo]") {
  observe::CheckPolicy p;
  p.stanza = "main";
  auto f = healthy_facts();
  f.archive_async = true;
  f.io_timeout_s = 3;
  f.archiver->current_wal = "000000010000000100000002";
  f.info->repos = {{1, 0, "ok", "aes-256-cbc"}, {2, 0, "ok", "aes-256-cbc"}};
  f.info->backups.back().repo_key = 1;
  f.info->archives = {{"15-1", "000000010000000000000001", "000000010000000100000002", 1},
                      {"15-1", "000000010000000000000001", "0000000100000000000000F0", 2}};
  auto fs = observe::evaluate_checks(f, p);
  CHECK(severity_of(fs, "repo1.reachable") == "ok");
  CHECK(severity_of(fs, "repo1.archive") == "ok");
  CHECK(severity_of(fs, "repo2.archive") == "warning");        // 0x102 - 0xF0 = 18 segments behind
  CHECK(severity_of(fs, "repo2.newest_backup") == "warning");  // no backup in repo2
  CHECK(severity_of(fs, "archive.async") == "missing");

  f.info->repos[1] = {2, 99, "[HostConnectError] unable to connect to 'localhost:9000': [111] Connection refused", ""};
  f.archive_async = false;
  fs = observe::evaluate_checks(f, p);
  CHECK(severity_of(fs, "repo1.reachable") == "ok");
  CHECK(severity_of(fs, "repo2.reachable") == "failure");
  CHECK(severity_of(fs, "archive.async") == "failure");
  for (const auto& x : fs) {
    if (x.id != "repo2.reachable") continue;
    CHECK(x.message.find("io-timeout=3 s") != std::string::npos);
    CHECK(x.message.find("HostConnectError") != std::string::npos);
    CHECK(x.hint.find("does not answer") != std::string::npos);
  }
  CHECK(reos::pgbackrest::segments_between("0000000100000000000000F0", "000000010000000100000002") == 18);
  CHECK_FALSE(reos::pgbackrest::segments_between("0000000100000000000000F0", "000000020000000100000002"));
  CHECK_FALSE(reos::pgbackrest::segments_between("bogus", "000000010000000100000002"));
  CHECK(reos::pgbackrest::repo_error_name("[HostConnectError] unable to connect") == "HostConnectError");
  CHECK(reos::pgbackrest::repo_error_name("no valid backups").empty());
}
