// postgres/bindir: the PostgreSQL programs of the version a restored directory holds.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "reos/postgres/bindir.hpp"
#include "support/helpers.hpp"

using reos::postgres::choose_bindir;
using reos::postgres::major_version;

TEST_CASE("pg-bin-dir: the backup's version, else PG_VERSION, else the default (an explicit --pg-bin-dir always wins)", "[postgres][bindir]") {
  reos::testing::TempDir dir;
  const std::string fallback = "/usr/lib/postgresql/15/bin";
  for (const std::string major : {"13", "14", "15", "16", "17"}) {
    INFO(major);
    const auto b = choose_bindir(std::nullopt, major, dir.path(), fallback);
    CHECK(b.dir == "/usr/lib/postgresql/" + major + "/bin");
    CHECK(b.major == major);
    CHECK(b.from == "the backup's version in pgBackRest's info");
    // A staging copy of an earlier drill: its PG_VERSION when info names no version.
    dir.write("PG_VERSION", major + "\n");
    const auto staged = choose_bindir(std::nullopt, std::nullopt, dir.path(), fallback);
    CHECK(staged.dir == "/usr/lib/postgresql/" + major + "/bin");
    CHECK(staged.from == dir.path() + "/PG_VERSION");
    // The restore rewrites PG_VERSION with the backup's version: that one counts.
    CHECK(choose_bindir(std::nullopt, "17", dir.path(), fallback).dir == "/usr/lib/postgresql/17/bin");
    CHECK(choose_bindir(std::string("/opt/pg/bin"), major, dir.path(), fallback).dir == "/opt/pg/bin");
  }
  reos::testing::TempDir empty;
  CHECK(choose_bindir(std::nullopt, std::nullopt, empty.path(), fallback).dir == fallback);
  CHECK(choose_bindir(std::nullopt, std::string("garbage"), empty.path(), fallback).dir == fallback);
  CHECK(choose_bindir(std::nullopt, std::nullopt, empty.path() + "/absent", fallback).from == "the default of --pg-bin-dir");
}

TEST_CASE("pg-bin-dir: version texts", "[postgres][bindir]") {
  CHECK(major_version("15\n") == "15");
  CHECK(major_version(" 9.6 ") == "9.6");
  CHECK(major_version("17") == "17");
  CHECK_FALSE(major_version(""));
  CHECK_FALSE(major_version("15.4"));  // a minor version is no major version of 10+
  CHECK_FALSE(major_version("../../etc"));
  CHECK_FALSE(major_version("015"));
}

TEST_CASE("pg-bin-dir: missing programs name the Debian package of that version", "[postgres][bindir]") {
  reos::testing::TempDir dir;
  reos::postgres::BinDir b{dir.path(), "16", "the backup's version in pgBackRest's info"};
  auto e = reos::testing::error_from([&] { reos::postgres::require_programs(b, {"pg_ctl", "pg_controldata"}); });
  REQUIRE(e);
  CHECK(e->code() == reos::error::ExitCode::ProgramMissing);
  CHECK(e->message() ==
        dir.path() + "/pg_ctl is missing: the data directory is PostgreSQL 16 (the backup's version in pgBackRest's info)");
  CHECK(e->hint().find("postgresql-16") != std::string::npos);
  dir.write("pg_ctl", "#!/bin/sh\n", 0755);
  e = reos::testing::error_from([&] { reos::postgres::require_programs(b, {"pg_ctl", "pg_controldata"}); });
  REQUIRE(e);
  CHECK(e->message().rfind(dir.path() + "/pg_controldata is missing", 0) == 0);
  dir.write("pg_controldata", "#!/bin/sh\n", 0755);
  CHECK_FALSE(reos::testing::error_from([&] { reos::postgres::require_programs(b, {"pg_ctl", "pg_controldata"}); }));
  // A directory the operator named: no package to guess.
  b.major.clear();
  e = reos::testing::error_from([&] { reos::postgres::require_programs(b, {"pg_amcheck"}); });
  REQUIRE(e);
  CHECK(e->hint() == "give --pg-bin-dir the directory of the PostgreSQL programs");
}
