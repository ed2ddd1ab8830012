// stanza-create, full/diff/incr backups and info against a real PostgreSQL 15 + pgBackRest 2.45.
#include <catch2/catch.hpp>

#include "integration/lab.hpp"

using reos::testing::Lab;
using reos::testing::Run;

TEST_CASE("stanza-create, full -> diff -> incr backups and info on a real cluster", "[pg]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;

  // stanza-create is idempotent: created once, then reported as already existing.
  Run first = lab.reos({"stanza-create", "--stanza", "demo", "--output=json"});
  REQUIRE(first.exit_code == 0);
  auto j = first.json();
  CHECK(j["ok"] == true);
  CHECK(j["result"]["created"] == true);
  Run again = lab.reos({"stanza-create", "--stanza", "demo", "--output=json"});
  REQUIRE(again.exit_code == 0);
  CHECK(again.json()["result"]["already_existed"] == true);

  Run full = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--output=json"});
  REQUIRE(full.exit_code == 0);
  auto fj = full.json()["result"];
  CHECK(fj["type"] == "full");
  const std::string full_label = fj["label"];
  CHECK(full_label.back() == 'F');
  CHECK(fj["backup"]["size_bytes"].get<std::uint64_t>() > 1'000'000);
  CHECK(fj["backup"]["prior"].is_null());

  lab.sql(
      "CREATE TABLE properties (id serial PRIMARY KEY, created_at timestamptz DEFAULT now());"
      "INSERT INTO properties SELECT FROM generate_series(1, 1000);");
  Run diff = lab.reos({"backup", "--stanza", "demo", "--type", "diff", "--output=json"});
  REQUIRE(diff.exit_code == 0);
  auto dj = diff.json()["result"];
  CHECK(dj["type"] == "diff");
  CHECK(dj["backup"]["prior"] == full_label);
  const std::string diff_label = dj["label"];

  lab.sql("INSERT INTO properties SELECT FROM generate_series(1, 500);");
  Run incr = lab.reos({"backup", "--stanza", "demo", "--type", "incr", "--output=json"});
  REQUIRE(incr.exit_code == 0);
  auto ij = incr.json()["result"];
  CHECK(ij["type"] == "incr");
  CHECK(ij["backup"]["prior"] == diff_label);
  const std::string incr_label = ij["label"];

  Run info = lab.reos({"info", "--stanza", "demo", "--output=json"});
  REQUIRE(info.exit_code == 0);
  auto stanza = info.json()["result"]["stanzas"].at(0);
  CHECK(stanza["name"] == "demo");
  CHECK(stanza["status"]["code"] == 0);
  CHECK(stanza["backup_lock_held"] == false);
  REQUIRE(stanza["backups"].size() == 3);
  CHECK(stanza["backups"][0]["type"] == "full");
  CHECK(stanza["backups"][1]["type"] == "diff");
  CHECK(stanza["backups"][2]["type"] == "incr");
  CHECK(stanza["backups"][1]["prior"] == full_label);
  CHECK(stanza["backups"][2]["prior"] == diff_label);
  CHECK(stanza["backups"][2]["references"].size() == 2);
  CHECK(stanza["newest"]["full"]["label"] == full_label);
  CHECK(stanza["newest"]["diff"]["label"] == diff_label);
  CHECK(stanza["newest"]["incr"]["label"] == incr_label);
  for (const char* t : {"full", "diff", "incr"}) {
    auto age = stanza["newest"][t]["age_seconds"].get<long long>();
    CHECK(age >= 0);
    CHECK(age < 600);
  }
  CHECK_FALSE(stanza["archive"][0]["min"].is_null());

  Run text = lab.reos({"info", "--stanza", "demo"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("newest full: " + full_label) != std::string::npos);

  // PostgreSQL down: pgBackRest's DbConnectError (56) surfaces as upstream_failed (5) with
  // pgBackRest's own error name, and stdout is still exactly one JSON document.
  lab.stop_postgres();
  Run down = lab.reos({"backup", "--stanza", "demo", "--type", "incr", "--output=json"});
  CHECK(down.exit_code == 5);
  auto dje = down.json();
  CHECK(dje["ok"] == false);
  CHECK(dje["error"]["code"] == "upstream_failed");
  CHECK(dje["error"]["upstream"]["exit_code"] == 56);
  CHECK(dje["error"]["upstream"]["error_name"] == "DbConnectError");
  CHECK(down.err.find("reos-backup: error: pgbackrest backup failed: [56] DbConnectError") != std::string::npos);

  // info never connects to PostgreSQL: still healthy with the cluster down.
  Run info_down = lab.reos({"info", "--stanza", "demo", "--output=json"});
  CHECK(info_down.exit_code == 0);
  CHECK(info_down.json()["result"]["stanzas"][0]["backups"].size() == 3);
}

TEST_CASE("info reports a missing stanza as a found problem (exit 10), not a crash", "[pg]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;
  Run r = lab.reos({"info", "--stanza", "demo", "--output=json"});
  CHECK(r.exit_code == 10);
  auto j = r.json();
  CHECK(j["error"]["code"] == "problem_found");
  CHECK(j["result"]["stanzas"][0]["status"]["code"] == 1);
  CHECK(j["result"]["stanzas"][0]["status"]["hint"].get<std::string>().find("stanza-create") != std::string::npos);
}
