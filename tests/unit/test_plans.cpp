// Plans are values: for every command, the plan --dry-run shows is exactly the list of calls
// the run makes (same argv, same order). The runner answers every call from the real
// outputs in tests/fixtures, so each run goes through all of its steps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <thread>

#include "reos/minio/invocations.hpp"
#include "reos/postgres/database.hpp"
#include "reos/util/text.hpp"
#include "support/app.hpp"
#include "support/scripted_database.hpp"

using nlohmann::json;
using reos::testing::App;
using reos::testing::mc_fixture;
using reos::testing::pgbackrest_fixture;
using reos::testing::TempDir;
using Argv = std::vector<std::string>;
using Answer = std::function<reos::process::ProcessResult(const reos::process::Invocation&)>;

namespace {

reos::process::ProcessResult reply(int rc, std::string out = {}, std::string err = {}) {
  reos::process::ProcessResult r;
  r.exit_code = rc;
  r.out = std::move(out);
  r.err = std::move(err);
  return r;
}

bool has(const reos::process::Invocation& inv, const std::string& word) {
  for (const auto& a : inv.args)
    if (a == word) return true;
  return false;
}

// The same repository as repo2 alone (what `info --repo=2` lists of a two-repository stanza).
std::string as_repo2(std::string info) {
  for (const std::string from : {"\"repo-key\":1", "\"key\":1"}) {
    const std::string to = from.substr(0, from.size() - 1) + "2";
    for (auto pos = info.find(from); pos != std::string::npos; pos = info.find(from, pos)) info.replace(pos, from.size(), to);
  }
  return info;
}

// pgBackRest by its command word (the last argument); info before a backup has no new label.
Answer pgbackrest_answers() {
  return [](const reos::process::Invocation& inv) {
    const std::string cmd = inv.args.empty() ? "" : inv.args.back();
    if (cmd == "info" && has(inv, "--repo=2")) return reply(0, as_repo2(pgbackrest_fixture("info-json-c-full-diff-incr")));
    if (inv.purpose == "info (before backup)") return reply(0, pgbackrest_fixture("info-json-a4-stanza-no-backups"));
    if (inv.purpose == "info (after backup)") return reply(0, pgbackrest_fixture("info-json-b-one-full"));
    if (cmd == "info") return reply(0, pgbackrest_fixture("info-json-c-full-diff-incr"));
    if (cmd == "version") return reply(0, "pgBackRest 2.45\n");
    if (cmd == "verify") return reply(0, pgbackrest_fixture("ok-verify-text-verbose"));
    if (inv.purpose == "pg_controldata") return reply(0, "max_connections setting:              100\n");
    return reply(0);
  };
}

// mc by its words; `versioning` is what `version info` says of every bucket.
Answer mc_answers(const std::string& versioning) {
  return [versioning](const reos::process::Invocation& inv) {
    if (has(inv, "--version")) return reply(0, mc_fixture("mc-version.minio-2025-08-13.txt"));
    if (has(inv, "info")) return reply(0, mc_fixture("version-info." + versioning + ".json"));
    if (has(inv, "enable")) return reply(0, mc_fixture("version-enable.success.json"));
    if (has(inv, "mirror")) return reply(0, mc_fixture("mirror.success.jsonl"));
    if (has(inv, "export") && has(inv, "ilm")) return reply(0, mc_fixture("ilm-export.success.json"));
    if (has(inv, "config")) return reply(0, mc_fixture("admin-config-export.success.json"));
    if (has(inv, "status")) return reply(0, mc_fixture("replicate-status.success.json"));
    if (has(inv, "ls")) return reply(0, mc_fixture("replicate-ls.success.jsonl"));
    if (has(inv, "rm")) return reply(0, mc_fixture("replicate-rm.all-force.success.json"));
    if (has(inv, "add")) return reply(0, mc_fixture("replicate-add.success.json"));
    return reply(0, "{\"status\":\"success\"}\n");
  };
}

// A started copy that is promoted at once, and a source that is not reachable (the window's
// end is then unknown, which the plan allows).
std::unique_ptr<reos::postgres::Database> promoted_copy() {
  auto db = std::make_unique<reos::testing::ScriptedDatabase>();
  db->unanswered = reos::testing::query_value("promoted");
  return db;
}
struct FakeDatabases {
  FakeDatabases() {
    reos::postgres::set_connector_for_testing(
        [](const reos::postgres::ConnectTarget& t, std::string* error) -> std::unique_ptr<reos::postgres::Database> {
          if (t.host.find("/control/run") != std::string::npos || t.host.find(".reos/run") != std::string::npos)
            return promoted_copy();
          if (error) *error = "no source in unit tests";
          return nullptr;
        });
  }
  ~FakeDatabases() { reos::postgres::set_connector_for_testing({}); }
};

// A reachable source whose archiver has archived up to `last_wal` at 2026-11-24 02:00:00 UTC
// and writes `current_wal`; copies started by a plan are promoted at once.
std::unique_ptr<reos::postgres::Database> archiving_source(const std::string& last_wal, const std::string& current_wal) {
  auto db = std::make_unique<reos::testing::ScriptedDatabase>();
  db->answer("pg_stat_archiver", reos::testing::query_rows({{"2026-11-24 02:00:00+00", std::nullopt, std::nullopt, "0",
                                                             "2026-11-24 02:00:05+00", "60", "on", last_wal, current_wal}}));
  db->unanswered = {};  // not ok, no message
  return db;
}
struct FakeSource {
  FakeSource(std::string last_wal, std::string current_wal) {
    reos::postgres::set_connector_for_testing(
        [=](const reos::postgres::ConnectTarget& t, std::string*) -> std::unique_ptr<reos::postgres::Database> {
          if (t.host.find("/control/run") != std::string::npos || t.host.find(".reos/run") != std::string::npos)
            return promoted_copy();
          return archiving_source(last_wal, current_wal);
        });
  }
  ~FakeSource() { reos::postgres::set_connector_for_testing({}); }
};

// repo-ls of the archive directory: the newest segment of the fixtures (…30), written at 01:15:00 UTC.
constexpr std::int64_t kSegmentWritten = 1795482900;
Answer with_repo_ls(Answer base) {
  return [base](const reos::process::Invocation& inv) {
    if (has(inv, "repo-ls"))
      return reply(0, "{\"000000010000000000000030-5f0c1e2d.lz4\":{\"type\":\"file\",\"size\":1024,\"time\":" +
                          std::to_string(kSegmentWritten) + "}}");
    return base(inv);
  };
}

// A plan's argument equals the run's, or shows the placeholder where the run put a value.
bool same_argument(const std::string& planned, const std::string& ran) {
  const std::string ph(reos::minio::kRunTimeConfigDir);
  const auto pos = planned.find(ph);
  if (pos == std::string::npos) return planned == ran;
  const std::string after = planned.substr(pos + ph.size());
  return ran.size() > planned.size() - ph.size() && ran.compare(0, pos, planned, 0, pos) == 0 &&
         ran.compare(ran.size() - after.size(), after.size(), after) == 0;
}

bool same_calls(const std::vector<Argv>& plan, const std::vector<Argv>& ran) {
  if (plan.size() != ran.size()) return false;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (plan[i].size() != ran[i].size()) return false;
    for (std::size_t k = 0; k < plan[i].size(); ++k)
      if (!same_argument(plan[i][k], ran[i][k])) return false;
  }
  return true;
}

std::string show(const std::vector<Argv>& calls) {
  std::string s;
  for (const auto& c : calls) s += "  " + reos::util::join(c, " ") + "\n";
  return s;
}

struct PlanAndRun {
  int dry_rc = -1, rc = -1;
  std::vector<Argv> plan, ran;
  json dry, doc;
};

// `args` once with --dry-run and once for real, both answered by `answer`.
PlanAndRun plan_and_run(Argv args, const Answer& answer, const reos::config::Environment& extra = {}) {
  PlanAndRun r;
  App dry, real;
  for (App* app : {&dry, &real}) {
    app->runner.answer_with(answer);
    for (const auto& [k, v] : extra) app->env[k] = v;
  }
  args.push_back("--output=json");
  Argv dry_args = args;
  dry_args.push_back("--dry-run");
  r.dry_rc = dry.run(dry_args);
  r.dry = dry.doc();
  for (const auto& step : r.dry["result"]["plan"]) r.plan.push_back(step["argv"].get<Argv>());
  r.rc = real.run(args);
  r.doc = real.doc();
  for (const auto& inv : real.runner.seen()) r.ran.push_back(inv.argv());
  return r;
}

#define CHECK_PLAN_IS_RUN(r)                                            \
  do {                                                                  \
    INFO("dry run: " << (r).dry.dump() << "\nrun: " << (r).doc.dump()); \
    INFO("plan:\n" << show((r).plan) << "ran:\n" << show((r).ran));     \
    CHECK((r).dry_rc == 0);                                             \
    CHECK_FALSE((r).plan.empty());                                      \
    CHECK(same_calls((r).plan, (r).ran));                               \
  } while (0)

const std::string kBin = "--pgbackrest-bin=/bin/true";
const reos::config::Environment kMinioEnv = {{"REOS_MINIO_MYMINIO_URL", "http://127.0.0.1:9000"},
                                             {"REOS_MINIO_MYMINIO_ACCESS_KEY", "user"},
                                             {"REOS_MINIO_MYMINIO_SECRET_KEY", "plan-secret"},
                                             {"REOS_MINIO_DR_URL", "http://127.0.0.1:9001"},
                                             {"REOS_MINIO_DR_ACCESS_KEY", "user2"},
                                             {"REOS_MINIO_DR_SECRET_KEY", "plan-secret-2"}};
const std::string kMc = "--mc-bin=/bin/true";

}  // namespace

TEST_CASE("plans: pgBackRest commands run exactly their dry-run plan", "[plans]") {
  FakeDatabases dbs;
  for (const Argv& args :
       {Argv{"stanza-create", "--stanza=lab", kBin}, Argv{"backup", "--stanza=lab", "--type=full", kBin},
        Argv{"info", "--stanza=lab", kBin}, Argv{"check", "--stanza=lab", kBin}, Argv{"metrics", "--stanza=lab", kBin}}) {
    DYNAMIC_SECTION(args[0]) {
      const auto r = plan_and_run(args, pgbackrest_answers());
      CHECK_PLAN_IS_RUN(r);
    }
  }
}

TEST_CASE("plans: restore-pitr's dry-run shows the backup set info chose, and the run makes that call", "[plans][pitr]") {
  FakeDatabases dbs;
  TempDir dir;
  // After the diff's end, before the incr's: the diff is the set to restore.
  const Argv args{"restore-pitr",
                  "--stanza=lab",
                  "--pg-path=" + dir.path() + "/copy",
                  "--target-time=2026-11-24T01:14:20Z",
                  "--target-action=promote",
                  kBin};
  const auto r = plan_and_run(args, pgbackrest_answers());
  CHECK_PLAN_IS_RUN(r);
  REQUIRE(r.plan.size() == 2);
  const Argv& restore = r.plan[1];
  CHECK(std::find(restore.begin(), restore.end(), "--set=20261124-011354F_20261124-011404D") != restore.end());
  CHECK(r.dry["invocations"].size() == 1);  // the look-up that chose it
  CHECK(r.doc["result"]["backup"]["label"] == "20261124-011354F_20261124-011404D");

  SECTION("--start adds the calls that start the copy") {
    Argv start = args;
    start.push_back("--start");
    const auto s = plan_and_run(start, pgbackrest_answers());
    CHECK_PLAN_IS_RUN(s);
    CHECK(s.plan.size() == 4);
    CHECK(s.doc["result"]["started"]["state"] == "promoted");
  }
}

TEST_CASE("plans: verify's dry-run lists every step of the drill, and the drill makes exactly those calls", "[plans][verify]") {
  FakeDatabases dbs;
  TempDir dir;
  const Argv args{"verify", "--stanza=lab", "--work-dir=" + dir.path(), "--target-time=2026-11-24T01:14:20Z", "--amcheck", kBin};
  const auto r = plan_and_run(args, pgbackrest_answers());
  CHECK_PLAN_IS_RUN(r);
  std::vector<std::string> purposes;
  for (const auto& step : r.dry["result"]["plan"]) purposes.push_back(step["purpose"].get<std::string>());
  // The repository verify starts right after the restore and runs beside the rest, at idle priority.
  CHECK(purposes == std::vector<std::string>{"info", "version", "restore", "verify", "pg_controldata", "pg_ctl start",
                                             "pg_amcheck", "pg_ctl stop"});
  CHECK(r.dry["result"]["plan"][3]["idle_priority"] == true);
  CHECK_FALSE(r.dry["result"]["plan"][2].contains("idle_priority"));
  const Argv& restore = r.plan[2];
  CHECK(std::find(restore.begin(), restore.end(), "--set=20261124-011354F_20261124-011404D") != restore.end());
  // No process-max in the stanza's config: as many restore processes as cores, up to 4.
  const auto cores = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  CHECK(std::find(restore.begin(), restore.end(), "--process-max=" + std::to_string(cores)) != restore.end());
  CHECK(r.doc["result"]["repository"]["ok"] == true);
  CHECK(r.doc["result"]["staging_stopped"] == true);
  // pgBackRest 2.45's verify has no --set: the whole repository, and the report says so.
  CHECK(std::none_of(r.plan[3].begin(), r.plan[3].end(), [](const std::string& a) { return a.rfind("--set", 0) == 0; }));
  CHECK(r.doc["result"]["repository"]["scope"].get<std::string>().find("whole repository") != std::string::npos);
}

TEST_CASE("plans: where pgBackRest's verify takes --set (2.49 and later) the drill verifies the restored set alone",
          "[plans][verify]") {
  FakeDatabases dbs;
  TempDir dir;
  const Argv args{"verify", "--stanza=lab", "--work-dir=" + dir.path(), "--target-time=2026-11-24T01:14:20Z", kBin};
  for (const std::string version : {"2.49", "2.55.1", "2.60dev"}) {
    INFO("pgBackRest " << version);
    const auto r = plan_and_run(args, [pg = pgbackrest_answers(), version](const reos::process::Invocation& inv) {
      return inv.args.back() == "version" ? reply(0, "pgBackRest " + version + "\n") : pg(inv);
    });
    CHECK_PLAN_IS_RUN(r);
    const Argv& verify = r.plan[3];
    CHECK(verify.back() == "verify");
    CHECK(std::find(verify.begin(), verify.end(), "--set=20261124-011354F_20261124-011404D") != verify.end());
    CHECK(r.doc["result"]["repository"]["scope"] ==
          "backup set 20261124-011354F_20261124-011404D and the WAL it needs (verify --set, pgBackRest " + version + ")");
  }
  // A version that cannot be read (the call fails, or prints something else) is no --set.
  for (const auto& answer : {reply(1, "", "ERROR: [031]"), reply(0, "pgBackRest\n"), reply(0, "pgBackRest 2.4\n")}) {
    const auto r = plan_and_run(args, [pg = pgbackrest_answers(), answer](const reos::process::Invocation& inv) {
      return inv.args.back() == "version" ? answer : pg(inv);
    });
    CHECK(std::none_of(r.plan[3].begin(), r.plan[3].end(), [](const std::string& a) { return a.rfind("--set", 0) == 0; }));
  }
}

// pgBackRest and the PostgreSQL programs as above, mc (for --report-upload) by its own words;
// `mirror` is what mc mirror answers.
Answer drill_and_mc(const reos::process::ProcessResult& mirror) {
  return [mirror, pg = pgbackrest_answers(), mc = mc_answers("enabled")](const reos::process::Invocation& inv) {
    if (inv.purpose == "identify mc") return mc(inv);
    if (has(inv, "mirror")) return mirror;
    return pg(inv);
  };
}

TEST_CASE("plans: verify --report-upload shows the upload in its plan, and a failed upload is a warning, not the verdict",
          "[plans][verify]") {
  FakeDatabases dbs;
  TempDir dir;
  const Argv base{"verify", "--stanza=lab", "--work-dir=" + dir.path(), kBin, kMc};
  Argv args = base;
  args.push_back("--report-upload=myminio/realestate-ops/backup-verification");
  const auto ok = plan_and_run(args, drill_and_mc(reply(0, mc_fixture("mirror.success.jsonl"))), kMinioEnv);
  CHECK_PLAN_IS_RUN(ok);
  REQUIRE(ok.plan.size() >= 2);
  const Argv& mirror = ok.plan.back();
  CHECK(mirror[mirror.size() - 2] == dir.path() + "/lab/report-upload");
  CHECK(mirror.back() == "myminio/realestate-ops/backup-verification");
  CHECK(ok.dry.dump().find("plan-secret") == std::string::npos);
  CHECK(ok.doc["result"]["report_upload"]["ok"] == true);
  CHECK(ok.doc["result"]["report_upload"]["object"].get<std::string>().rfind("myminio/realestate-ops/backup-verification/lab-",
                                                                             0) == 0);

  const auto failed = plan_and_run(args, drill_and_mc(reply(1, mc_fixture("mirror.target-bucket-not-found.jsonl"))), kMinioEnv);
  CHECK_PLAN_IS_RUN(failed);
  const auto without = plan_and_run(base, pgbackrest_answers());
  CHECK(failed.rc == without.rc);  // the drill's verdict is its own
  CHECK(failed.rc == ok.rc);
  CHECK(failed.doc["result"]["report_upload"]["ok"] == false);
  const auto& warnings = failed.doc["result"]["warnings"];
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].get<std::string>().find("drill report not uploaded to myminio/realestate-ops/backup-verification/lab-") == 0);

  // An alias that is not configured is refused before the drill starts anything.
  App app;
  Argv unknown = base;
  unknown.push_back("--report-upload=nowhere/ops");
  CHECK(app.run(unknown) != 0);
  CHECK(app.runner.seen().empty());
}

TEST_CASE("plans: a drill of a repository over the network (S3) verifies it once the copy is promoted", "[plans][verify][repo]") {
  FakeDatabases dbs;
  TempDir dir;
  const std::string conf = dir.path() + "/pgbackrest.conf";
  std::ofstream(conf) << "[global]\nrepo1-path=/var/lib/pgbackrest\nrepo2-type=s3\nrepo2-path=/reos\n";
  auto purposes = [](const json& dry) {
    std::vector<std::string> v;
    for (const auto& step : dry["result"]["plan"]) v.push_back(step["purpose"].get<std::string>());
    return v;
  };
  SECTION("--repo 2 on S3: after pg_ctl start, beside the checks only") {
    const auto r = plan_and_run(
        {"verify", "--stanza=lab", "--repo=2", "--work-dir=" + dir.path(), "--pgbackrest-config=" + conf, "--amcheck", kBin},
        pgbackrest_answers());
    CHECK_PLAN_IS_RUN(r);
    CHECK(purposes(r.dry) == std::vector<std::string>{"info", "version", "restore", "pg_controldata", "pg_ctl start", "verify",
                                                      "pg_amcheck", "pg_ctl stop"});
    CHECK(r.doc["result"]["repository"]["beside"].get<std::string>().find("repo2 is reached over the network") !=
          std::string::npos);
  }
  SECTION("repo1 on disk in the same configuration: right after the restore") {
    const auto r =
        plan_and_run({"verify", "--stanza=lab", "--work-dir=" + dir.path(), "--pgbackrest-config=" + conf, "--amcheck", kBin},
                     pgbackrest_answers());
    CHECK_PLAN_IS_RUN(r);
    CHECK(purposes(r.dry) == std::vector<std::string>{"info", "version", "restore", "verify", "pg_controldata", "pg_ctl start",
                                                      "pg_amcheck", "pg_ctl stop"});
    CHECK(r.doc["result"]["repository"]["beside"] == "the copy's start, replay and checks");
  }
}

TEST_CASE("plans: restore-pitr and verify --repo 2 read, restore, replay and verify repo2 alone, as the dry-run shows",
          "[plans][pitr][verify][repo]") {
  FakeDatabases dbs;
  TempDir dir;
  const std::string set = "20261124-011354F_20261124-011404D";
  auto restore_command = [](const Argv& restore) {
    for (const auto& a : restore)
      if (a.rfind("--recovery-option=restore_command=", 0) == 0) return a;
    return std::string();
  };
  SECTION("restore-pitr --repo 2 --start") {
    const auto r = plan_and_run({"restore-pitr", "--stanza=lab", "--repo=2", "--pg-path=" + dir.path() + "/copy",
                                 "--target-time=2026-11-24T01:14:20Z", "--target-action=promote", "--start", kBin},
                                pgbackrest_answers());
    CHECK_PLAN_IS_RUN(r);
    REQUIRE(r.plan.size() == 4);
    CHECK(std::find(r.plan[0].begin(), r.plan[0].end(), "--repo=2") != r.plan[0].end());  // info of repo2 alone
    const Argv& restore = r.plan[1];
    CHECK(std::find(restore.begin(), restore.end(), "--repo=2") != restore.end());
    CHECK(std::find(restore.begin(), restore.end(), "--set=" + set) != restore.end());
    CHECK(restore_command(restore) == "--recovery-option=restore_command=/bin/true --pg1-path=" + dir.path() +
                                          "/copy --repo=2 --stanza=lab archive-get %f \"%p\"");
    CHECK(r.doc["result"]["restored_from"]["repo"] == 2);
    CHECK(r.doc["result"]["restored_from"]["chosen_by"] == "--repo");
    CHECK(r.doc["result"]["window"]["wal_max"] == "000000010000000000000030");
  }
  SECTION("without --repo the result names the repository of the set, and WAL may come from any") {
    const auto r = plan_and_run(
        {"restore-pitr", "--stanza=lab", "--pg-path=" + dir.path() + "/copy", "--target-time=2026-11-24T01:14:20Z", kBin},
        pgbackrest_answers());
    CHECK_PLAN_IS_RUN(r);
    CHECK(restore_command(r.plan[1]).empty());
    CHECK(r.doc["result"]["restored_from"]["repo"] == 1);
    CHECK(r.doc["result"]["restored_from"]["wal_from"].get<std::string>().find("first repository") != std::string::npos);
  }
  SECTION("verify --repo 2") {
    const auto r = plan_and_run({"verify", "--stanza=lab", "--repo=2", "--work-dir=" + dir.path(), kBin}, pgbackrest_answers());
    CHECK_PLAN_IS_RUN(r);
    std::map<std::string, Argv> by_purpose;
    for (const auto& step : r.dry["result"]["plan"]) by_purpose[step["purpose"].get<std::string>()] = step["argv"].get<Argv>();
    for (const char* p : {"info", "restore", "verify"}) {
      INFO(p);
      CHECK(std::find(by_purpose[p].begin(), by_purpose[p].end(), "--repo=2") != by_purpose[p].end());
    }
    CHECK(restore_command(by_purpose["restore"]).find("--repo=2 ") != std::string::npos);
    CHECK(r.doc["result"]["restored_from"]["repo"] == 2);
    CHECK(r.rc == 0);
  }
  SECTION("a backup whose WAL repo2 does not hold yet is refused before anything runs") {
    Answer behind = [](const reos::process::Invocation& inv) {
      if (inv.args.back() == "info") {
        std::string info = as_repo2(pgbackrest_fixture("info-json-c-full-diff-incr"));
        const std::string max = "\"max\":\"000000010000000000000030\"";
        info.replace(info.find(max), max.size(), "\"max\":\"000000010000000000000010\"");
        return reply(0, info);
      }
      return pgbackrest_answers()(inv);
    };
    const auto r = plan_and_run({"restore-pitr", "--stanza=lab", "--repo=2", "--pg-path=" + dir.path() + "/copy",
                                 "--target-time=2026-11-24T01:14:20Z", kBin},
                                behind);
    CHECK(r.rc == 8);
    CHECK(r.doc["error"]["message"].get<std::string>().find("repo2 does not hold the WAL backup " + set) != std::string::npos);
    CHECK(r.ran.size() == 1);  // info only
  }
}

TEST_CASE("plans: with --repo and a reachable source the window ends at that repository's own WAL", "[plans][pitr][repo]") {
  TempDir dir;
  const Argv base{"restore-pitr", "--stanza=lab", "--repo=2", "--pg-path=" + dir.path() + "/copy", kBin};
  auto with = [&](const std::string& target) {
    Argv a = base;
    a.push_back("--target-time=" + target);
    return a;
  };
  SECTION("repo2 behind the source: its newest segment's write time, one repo-ls look-up in the plan") {
    FakeSource source("000000010000000000000040", "000000010000000000000041");
    const auto r = plan_and_run(with("2026-11-24T01:14:20Z"), with_repo_ls(pgbackrest_answers()));
    CHECK_PLAN_IS_RUN(r);
    REQUIRE(r.plan.size() == 3);  // info, repo-ls, restore
    CHECK(r.plan[1] == Argv{"/bin/true", "--stanza=lab", "--log-level-console=off", "--output=json", "--repo=2",
                            "--filter=^000000010000000000000030-", "repo-ls", "archive/lab/15-1/0000000100000000"});
    const auto& w = r.doc["result"]["window"];
    CHECK(w["end"] == "2026-11-24T01:15:00Z");  // kSegmentWritten
    CHECK(w["end_source"].get<std::string>().find("repo2's newest WAL segment 000000010000000000000030") != std::string::npos);
    // After repo2's end, though well before what the source archived (02:00): refused, nothing restored.
    App app;
    app.runner.answer_with(with_repo_ls(pgbackrest_answers()));
    Argv late = with("2026-11-24T01:30:00Z");
    late.push_back("--output=json");
    CHECK(app.run(late) == 8);
    CHECK(app.doc()["error"]["message"].get<std::string>().find("lies after the end of archived WAL") != std::string::npos);
    CHECK(app.runner.seen().size() == 2);  // info and repo-ls only
  }
  SECTION("repo2 holds the source's last archived segment: the archiver's time, no look-up") {
    FakeSource source("000000010000000000000030", "000000010000000000000031");
    const auto r = plan_and_run(with("2026-11-24T01:30:00Z"), with_repo_ls(pgbackrest_answers()));
    CHECK_PLAN_IS_RUN(r);
    CHECK(r.plan.size() == 2);  // info, restore
    CHECK(r.doc["result"]["window"]["end"] == "2026-11-24T02:00:00Z");
    CHECK(r.doc["result"]["window"]["end_source"].get<std::string>().find("repo2 holds its last archived segment") !=
          std::string::npos);
  }
  SECTION("without --repo the source's archiver decides, as before") {
    FakeSource source("000000010000000000000040", "000000010000000000000041");
    const auto r = plan_and_run(
        {"restore-pitr", "--stanza=lab", "--pg-path=" + dir.path() + "/copy", "--target-time=2026-11-24T01:30:00Z", kBin},
        with_repo_ls(pgbackrest_answers()));
    CHECK_PLAN_IS_RUN(r);
    CHECK(r.plan.size() == 2);
    CHECK(r.doc["result"]["window"]["end_source"] == "pg_stat_archiver.last_archived_time of the source");
  }
}

TEST_CASE("plans: info and metrics say how far each repository is behind the source, in segments and seconds",
          "[plans][info][metrics][repo]") {
  SECTION("behind: one repo-ls look-up, seconds since its newest segment was written") {
    FakeSource source("000000010000000000000040", "000000010000000000000041");
    const auto r = plan_and_run({"info", "--stanza=lab", kBin}, with_repo_ls(pgbackrest_answers()));
    CHECK_PLAN_IS_RUN(r);
    REQUIRE(r.plan.size() == 2);
    CHECK(std::find(r.plan[1].begin(), r.plan[1].end(), "--repo=1") != r.plan[1].end());
    const auto& b = r.doc["result"]["stanzas"][0]["repos"][0]["archive_behind"];
    CHECK(b["segments"] == 0x41 - 0x30);
    CHECK(b["newest_wal"] == "000000010000000000000030");
    CHECK(b["seconds"] == App().now - kSegmentWritten);  // the run's clock (the fixture's) minus the write time

    const auto m = plan_and_run({"metrics", "--stanza=lab", kBin}, with_repo_ls(pgbackrest_answers()));
    CHECK_PLAN_IS_RUN(m);
    const std::string expo = m.doc["result"]["exposition"];
    CHECK(expo.find("reos_repo_archive_behind_segments{repo=\"1\",stanza=\"lab\"} 17\n") != std::string::npos);
    CHECK(expo.find("reos_repo_archive_behind_seconds{repo=\"1\",stanza=\"lab\"} ") != std::string::npos);
  }
  SECTION("keeping up (the segment being written only): 0 seconds, no look-up") {
    FakeSource source("000000010000000000000030", "000000010000000000000031");
    const auto r = plan_and_run({"info", "--stanza=lab", kBin}, with_repo_ls(pgbackrest_answers()));
    CHECK_PLAN_IS_RUN(r);
    CHECK(r.plan.size() == 1);
    const auto& b = r.doc["result"]["stanzas"][0]["repos"][0]["archive_behind"];
    CHECK(b["segments"] == 1);
    CHECK(b["seconds"] == 0);
  }
  SECTION("source not reachable: both unknown, and why") {
    FakeDatabases none;
    const auto r = plan_and_run({"info", "--stanza=lab", kBin}, with_repo_ls(pgbackrest_answers()));
    CHECK_PLAN_IS_RUN(r);
    CHECK(r.plan.size() == 1);
    const auto& b = r.doc["result"]["stanzas"][0]["repos"][0]["archive_behind"];
    CHECK(b["segments"].is_null());
    CHECK(b["seconds"].is_null());
    CHECK(b["unknown"].get<std::string>().find("source not reachable") != std::string::npos);
  }
}

TEST_CASE("plans: MinIO commands run exactly their dry-run plan, with mc's config directory filled in", "[plans][minio]") {
  TempDir dir;
  const std::string file = dir.write("policy.json", mc_fixture("input.lifecycle.json"));
  struct Case {
    Argv args;
    std::string versioning;
  };
  for (const Case& c :
       {Case{{"minio-version", "enable", "--alias=myminio", "--bucket=data", "--bucket=logs", kMc}, "suspended"},
        Case{{"minio-version", "status", "--alias=myminio", "--bucket=data", kMc}, "enabled"},
        Case{{"minio-mirror", "--source=myminio/data", "--target=dr/data", kMc}, "enabled"},
        Case{{"minio-lifecycle", "export", "--alias=myminio", "--bucket=data", kMc}, "enabled"},
        Case{{"minio-config-export", "--alias=myminio", "--file=" + dir.path() + "/cfg", kMc}, "enabled"},
        Case{{"minio-replicate", "add", "--alias=myminio", "--bucket=data", "--remote-alias=dr", "--remote-bucket=dr-data", kMc},
             "enabled"},
        Case{{"minio-replicate", "status", "--alias=myminio", "--bucket=data", kMc}, "enabled"},
        Case{{"minio-replicate", "ls", "--alias=myminio", "--bucket=data", kMc}, "enabled"},
        Case{{"minio-replicate", "rm", "--alias=myminio", "--bucket=data", "--all", kMc}, "enabled"}}) {
    // The section name must be the same on every pass: Catch2 re-runs the test case once per
    // new name, and an argv holding this run's temporary directory is new every time.
    DYNAMIC_SECTION(c.args[0] << ' ' << c.args[1]) {
      const auto r = plan_and_run(c.args, mc_answers(c.versioning), kMinioEnv);
      CHECK_PLAN_IS_RUN(r);
      CHECK(r.dry.dump().find("plan-secret") == std::string::npos);
    }
  }
}

TEST_CASE("plans: commands that start no program have an empty plan and run nothing", "[plans]") {
  TempDir dir;
  for (const Argv& args : {Argv{"schedule", "--stanza=lab"}, Argv{"audit", "verify", "--audit-log=" + dir.path() + "/none"}}) {
    DYNAMIC_SECTION(args[0]) {
      const auto r = plan_and_run(args, pgbackrest_answers());
      CHECK(r.dry_rc == 0);
      CHECK(r.plan.empty());
      CHECK(r.ran.empty());
    }
  }
}
