// Restore and drill building blocks: zoned times, recovery targets, restore argv, backup-set
// choice, verify output, checks, staging config.
#include <catch2/catch.hpp>

#include "reos/commands/verify/verify.hpp"
#include "reos/pgbackrest/info.hpp"
#include "reos/pgbackrest/restore.hpp"
#include "reos/postgres/checks.hpp"
#include "reos/postgres/staging.hpp"
#include "reos/util/timestamp.hpp"
#include "support/helpers.hpp"
#include "support/scripted_database.hpp"

using namespace reos;

TEST_CASE("zoned times: Z and offsets name the same instant, and naive times are refused", "[restore][time]") {
  auto z = util::parse_zoned_time("2026-11-24T04:45:00Z");
  auto ist = util::parse_zoned_time("2026-11-24T10:15:00+05:30");
  auto compact = util::parse_zoned_time("2026-11-24 10:15:00+0530");
  auto west = util::parse_zoned_time("2026-11-23T20:45:00-08");
  REQUIRE(z);
  REQUIRE(ist);
  REQUIRE(compact);
  REQUIRE(west);
  CHECK(z->epoch_us == ist->epoch_us);
  CHECK(z->epoch_us == compact->epoch_us);
  CHECK(z->epoch_us == west->epoch_us);
  CHECK(ist->utc_rfc3339 == "2026-11-24T04:45:00Z");
  CHECK(ist->utc_postgres == "2026-11-24 04:45:00+00");
  auto frac = util::parse_zoned_time("2026-11-24T10:15:00.075545+05:30");
  REQUIRE(frac);
  CHECK(frac->utc_postgres == "2026-11-24 04:45:00.075545+00");
  CHECK(util::parse_zoned_time("2026-11-24 01:15:00.075545+00")->epoch_us == 1795482900075545LL);

  std::string why;
  CHECK_FALSE(util::parse_zoned_time("2026-11-24T10:15:00", &why));
  CHECK(why.find("no time zone") != std::string::npos);
  CHECK_FALSE(util::parse_zoned_time("2026-11-24T10:15:00 Europe/Berlin", &why));
  CHECK_FALSE(util::parse_zoned_time("2026-13-24T10:15:00Z", &why));
  CHECK_FALSE(util::parse_zoned_time("yesterday", &why));
  CHECK_FALSE(util::parse_zoned_time("2026-11-24T10:15:00+25:00", &why));
}

TEST_CASE("restore argv: one target kind each, drill paths, never a secret", "[restore]") {
  pgbackrest::Target t;
  t.program = "/usr/bin/pgbackrest";
  t.config = "/etc/pgbackrest/pgbackrest.conf";
  t.secret_env = {{"PGBACKREST_REPO1_CIPHER_PASS", "hunter22"}};
  pgbackrest::RestoreRequest r;
  r.stanza = "main";
  r.pg_path = "/srv/pitr";
  r.target.kind = pgbackrest::RecoveryTarget::Kind::time;
  r.target.time = util::parse_zoned_time("2026-11-24T10:15:00+05:30");
  r.target_action = "promote";
  r.set = "20261124-011354F";
  r.archive_off = true;
  r.lock_path = "/w/lock";
  auto inv = pgbackrest::restore_call(t, r);
  CHECK(inv.argv() == std::vector<std::string>{"/usr/bin/pgbackrest", "--config=/etc/pgbackrest/pgbackrest.conf", "--stanza=main",
                                               "--log-level-console=off", "--pg1-path=/srv/pitr", "--type=time",
                                               "--target=2026-11-24 04:45:00+00", "--target-action=promote",
                                               "--set=20261124-011354F", "--archive-mode=off", "--lock-path=/w/lock", "restore"});
  CHECK(inv.env_overrides.at("PGBACKREST_REPO1_CIPHER_PASS") == "hunter22");

  pgbackrest::RestoreRequest imm;
  imm.stanza = "main";
  imm.pg_path = "/srv/x";
  imm.target.kind = pgbackrest::RecoveryTarget::Kind::immediate;
  imm.delta = true;
  auto i2 = pgbackrest::restore_call(t, imm);
  CHECK(i2.args == std::vector<std::string>{"--config=/etc/pgbackrest/pgbackrest.conf", "--stanza=main",
                                            "--log-level-console=off", "--pg1-path=/srv/x", "--type=immediate",
                                            "--target-action=pause", "--delta", "restore"});
  pgbackrest::RestoreRequest latest;
  latest.stanza = "main";
  latest.pg_path = "/srv/y";
  auto i3 = pgbackrest::restore_call(t, latest);
  for (const auto& a : i3.args) CHECK(a.rfind("--type", 0) != 0);  // latest = pgBackRest's default type
  CHECK(pgbackrest::verify_call(t, "main", 2).args ==
        std::vector<std::string>{"--config=/etc/pgbackrest/pgbackrest.conf", "--stanza=main", "--log-level-console=info",
                                 "--repo=2", "--log-timestamp=n", "--output=text", "--verbose", "verify"});
}

TEST_CASE("restore --repo: the set and every WAL segment from that repository alone", "[restore][repo]") {
  pgbackrest::Target t;
  t.program = "/usr/bin/pgbackrest";
  t.config = "/etc/pgbackrest/pgbackrest.conf";
  t.secret_env = {{"PGBACKREST_REPO2_S3_KEY_SECRET", "s3-hunter"}};
  pgbackrest::RestoreRequest r;
  r.stanza = "main";
  r.pg_path = "/srv/pitr";
  r.repo = 2;
  r.lock_path = "/w/lock";
  r.spool_path = "/w/spool";
  auto inv = pgbackrest::restore_call(t, r);
  const std::string restore_command =
      "/usr/bin/pgbackrest --config=/etc/pgbackrest/pgbackrest.conf --lock-path=/w/lock --pg1-path=/srv/pitr "
      "--repo=2 --spool-path=/w/spool --stanza=main archive-get %f \"%p\"";
  CHECK(inv.args == std::vector<std::string>{"--config=/etc/pgbackrest/pgbackrest.conf", "--stanza=main",
                                             "--log-level-console=off", "--pg1-path=/srv/pitr", "--lock-path=/w/lock",
                                             "--spool-path=/w/spool", "--repo=2",
                                             "--recovery-option=restore_command=" + restore_command, "restore"});
  for (const auto& a : inv.args) CHECK(a.find("s3-hunter") == std::string::npos);

  // Without --repo pgBackRest writes its own restore_command (any repository may serve WAL).
  r.repo.reset();
  for (const auto& a : pgbackrest::restore_call(t, r).args) CHECK(a.find("restore_command") == std::string::npos);

  // PostgreSQL runs restore_command through a shell: a path it would split is refused up front.
  r.repo = 2;
  r.pg_path = "/srv/my pitr";
  CHECK_THROWS_WITH(pgbackrest::restore_call(t, r), Catch::Contains("'/srv/my pitr' is not one"));
}

TEST_CASE("the restored copy's postmaster gets the secrets its archive-get needs, redacted", "[restore][staging]") {
  postgres::StagingPaths p{"/w/demo/data", "/w/demo/control"};
  auto start = postgres::pg_ctl_start_call("/usr/lib/postgresql/15/bin", p, std::chrono::seconds(60),
                                           {{"PGBACKREST_REPO1_CIPHER_PASS", "pw1"}, {"PGBACKREST_REPO2_S3_KEY_SECRET", "k2"}});
  CHECK(start.env_overrides.at("PGBACKREST_REPO1_CIPHER_PASS") == "pw1");
  CHECK(start.env_overrides.at("PGBACKREST_REPO2_S3_KEY_SECRET") == "k2");
  CHECK(start.secret_env == std::vector<std::string>{"PGBACKREST_REPO1_CIPHER_PASS", "PGBACKREST_REPO2_S3_KEY_SECRET"});
  for (const auto& a : start.argv()) CHECK((a.find("pw1") == std::string::npos && a.find("k2") == std::string::npos));
}

TEST_CASE("backup set for a target: the newest that stopped before it", "[restore]") {
  auto stanzas = pgbackrest::parse_info(testing::pgbackrest_fixture("info-json-c-full-diff-incr"));
  const auto& s = stanzas.at(0);  // stops: F 1795482837, D 1795482847, I 1795482881
  pgbackrest::RecoveryTarget t;
  t.kind = pgbackrest::RecoveryTarget::Kind::time;
  t.time = util::parse_zoned_time(util::format_epoch_us(1795482850LL * 1'000'000));
  REQUIRE(pgbackrest::backup_for_target(s, t));
  CHECK(pgbackrest::backup_for_target(s, t)->type == "diff");
  t.time = util::parse_zoned_time(util::format_epoch_us(1795482837LL * 1'000'000));  // at the full's stop: not before
  CHECK(pgbackrest::backup_for_target(s, t) == nullptr);
  t.time = util::parse_zoned_time(util::format_epoch_us(1795482990LL * 1'000'000));
  CHECK(pgbackrest::backup_for_target(s, t)->type == "incr");

  pgbackrest::RecoveryTarget lsn;
  lsn.kind = pgbackrest::RecoveryTarget::Kind::lsn;
  lsn.value = "0/1E000000";  // after the diff's stop 0/1D000100, before the incr's 0/30000100
  CHECK(pgbackrest::backup_for_target(s, lsn)->type == "diff");
  CHECK(pgbackrest::parse_lsn("0/3000028") == 0x3000028ULL);
  CHECK(pgbackrest::parse_lsn("1/0") == 0x100000000ULL);
  CHECK_FALSE(pgbackrest::parse_lsn("3000028"));
  CHECK_FALSE(pgbackrest::parse_lsn("0/xyz"));
}

TEST_CASE("verify output: status, per-backup results and the file named, deduplicated", "[restore][verify]") {
  auto bad = pgbackrest::parse_verify_output(testing::pgbackrest_fixture("verify-corrupt-console-info"));
  CHECK_FALSE(bad.ok);
  CHECK(bad.status == "error");
  REQUIRE(bad.backups.size() == 1);
  CHECK(bad.backups[0]["status"] == "invalid");
  CHECK(bad.problems == std::vector<std::string>{"invalid checksum '20261124-103710F/pg_data/base/5/2666.lz4'",
                                                 "backup 20261124-103710F: invalid (checksum invalid 1)"});
  auto good = pgbackrest::parse_verify_output(testing::pgbackrest_fixture("ok-verify-text-verbose"));
  CHECK(good.ok);
  CHECK(good.backups.size() == 3);
  CHECK(good.problems.empty());
  CHECK_FALSE(pgbackrest::parse_verify_output("").ok);  // no status line is not "ok"
  // The counters under a backup line belong to it.
  CHECK(bad.backups[0]["checked"] == 970);
  CHECK(bad.backups[0]["valid"] == 969);
  CHECK(bad.backups[0]["checksum invalid"] == 1);
  CHECK(good.wal.size() == 1);
  CHECK(good.wal[0]["archive_id"] == "15-1");
  CHECK(good.wal[0]["checked"] == 48);
}

TEST_CASE("verify output: a WAL archive's non-zero counters and the status block's own messages are problems",
          "[restore][verify]") {
  // WAL-only damage (no backup line): before, the only problem was "status 'error'".
  auto wal = pgbackrest::parse_verify_output(
      "stanza: db\nstatus: error\n"
      "  archiveId: 11-2, total WAL checked: 4, total valid WAL: 2\n"
      "    checksum invalid: 1, size invalid: 1\n");
  CHECK_FALSE(wal.ok);
  CHECK(wal.problems == std::vector<std::string>{"WAL 11-2: checksum invalid 1, size invalid 1"});
  REQUIRE(wal.wal.size() == 1);
  CHECK(wal.wal[0]["size invalid"] == 1);
  // Zero counters (--verbose) are no problem; a --set message (2.55+) is one.
  auto set =
      pgbackrest::parse_verify_output("stanza: db\nstatus: error\n  backup set 20181119-152900F_20181119-152910D is not valid\n");
  CHECK(set.problems == std::vector<std::string>{"backup set 20181119-152900F_20181119-152910D is not valid"});
  auto zero = pgbackrest::parse_verify_output(
      "stanza: db\nstatus: ok\n  archiveId: 11-1, total WAL checked: 2, total valid WAL: 2\n"
      "    missing: 0, checksum invalid: 0, size invalid: 0, other: 0\n");
  CHECK(zero.ok);
  CHECK(zero.problems.empty());
  // A counter that does not fit is not read as one (another program's text).
  auto huge = pgbackrest::parse_verify_output(
      "stanza: db\nstatus: error\n  archiveId: 11-1, total WAL checked: 99999999999999999999, total valid WAL: 2\n");
  REQUIRE(huge.wal.size() == 1);
  CHECK(huge.wal[0]["checked"].is_null());
}

using reos::testing::query_value;
using reos::testing::ScriptedDatabase;

TEST_CASE("checks: expectations, missing tables, and the checks file", "[restore][checks]") {
  ScriptedDatabase db;
  db.answer("SELECT count(*) FROM properties", query_value("120"));
  db.answer("SELECT max(state_changed_at) FROM pipeline_state", query_value("2026-11-24 10:00:00.5+00"));
  db.answer("SELECT '42'", query_value("42"));
  const std::int64_t now = util::parse_zoned_time("2026-11-25T10:00:00Z")->epoch_us / 1'000'000;

  auto checks = postgres::read_checks_file(std::string(REOS_FIXTURES_DIR) + "/checks/seed-extra.json");
  REQUIRE(checks.size() == 3);
  CHECK(postgres::run_check(db, checks[0], now).ok);
  CHECK(postgres::run_check(db, checks[1], now).ok);  // 24 h old, limit 2d
  CHECK(postgres::run_check(db, checks[2], now).ok);
  auto stale = postgres::run_check(db, checks[1], now + 3 * 86400);
  CHECK_FALSE(stale.ok);
  CHECK(stale.message.find("old") != std::string::npos);
  checks[0].min = 121;
  CHECK_FALSE(postgres::run_check(db, checks[0], now).ok);

  auto seed = postgres::seed_checks();
  REQUIRE(seed.size() == 6);
  auto missing = postgres::run_check(db, seed[1], now);  // pipeline_state count: not scripted
  CHECK_FALSE(missing.ok);
  CHECK(missing.message == "query failed: relation does not exist");

  CHECK_THROWS_AS(postgres::parse_checks("x", "[{\"sql\": 1}]"), error::Error);
  CHECK_THROWS_AS(postgres::parse_checks("x", "{}"), error::Error);
  CHECK_THROWS_AS(postgres::parse_checks("x", "[]"), error::Error);
  CHECK_THROWS_AS(postgres::parse_checks("x", "[{\"sql\": \"SELECT 1\", \"max_age\": \"soon\"}]"), error::Error);
}

TEST_CASE("staging config: the copy's own settings first, archive_mode off, recovery floors", "[restore][staging]") {
  postgres::StagingPaths p{"/w/demo/data", "/w/demo/control"};
  auto cd = postgres::parse_controldata("max_connections setting:              300\nmax_wal_senders setting:              10\n");
  std::string conf = postgres::staging_conf_text(p, 55555, cd);
  CHECK(conf.find("include_if_exists = '/w/demo/data/postgresql.conf'") < conf.find("archive_mode = off"));
  CHECK(conf.find("port = 55555") != std::string::npos);
  CHECK(conf.find("listen_addresses = ''") != std::string::npos);
  CHECK(conf.find("unix_socket_directories = '/w/demo/control/run'") != std::string::npos);
  CHECK(conf.find("max_connections = 300") != std::string::npos);
  CHECK(conf.find("max_wal_senders = 10") != std::string::npos);
  auto start = postgres::pg_ctl_start_call("/usr/lib/postgresql/15/bin", p, std::chrono::seconds(60));
  CHECK(start.args.back() == "-c config_file=/w/demo/control/reos-staging.conf");
  CHECK(postgres::pg_ctl_stop_call("/b", "/w/demo/data").survives_interrupt);
  CHECK(postgres::is_plain_path("/var/tmp/reos-backup/main"));
  CHECK_FALSE(postgres::is_plain_path("/tmp/has space"));
  CHECK_FALSE(postgres::is_plain_path("relative/dir"));
  CHECK_FALSE(postgres::is_plain_path("/tmp/x';rm"));
}

TEST_CASE("verify text: RTO and RPO in util/human's units", "[restore][verify][human]") {
  nlohmann::json o = {{"rto", {{"kind", "measured"}, {"judged_ms", 133000}, {"objective", "15m"}, {"ok", true}}},
                      {"rpo",
                       {{"objective", "5m"},
                        {"ok", true},
                        {"measured_loss_seconds", 0.3},
                        {"worst_case_exposure_seconds", 300.5},
                        {"basis", "b"}}}};
  CHECK(commands::verify::objectives_text(o) ==
        "  RTO: measured 2m13s vs objective 15m: ok\n"
        "  RPO: a restore now loses 300ms of data vs objective 5m: ok\n"
        "       worst case while archiving works: 5m00s + 0.5s\n");
  o["rpo"]["measured_loss_seconds"] = 42.0;
  o["rpo"]["worst_case_exposure_seconds"] = 10.5;
  o["rpo"]["ok"] = false;
  CHECK(commands::verify::objectives_text(o).find("loses 42s of data vs objective 5m: BREACHED\n       worst case while "
                                                  "archiving works: 10s + 0.5s\n") != std::string::npos);
}
