// reos/process/locate: finding the programs we wrap, before anything runs.
#include <catch2/catch.hpp>

#include <unistd.h>

#include "reos/process/locate.hpp"
#include "support/helpers.hpp"

using reos::error::ExitCode;
using reos::process::locate_program;
using reos::testing::error_from;
using reos::testing::TempDir;

TEST_CASE("locate: an absolute path to an executable is returned as given", "[locate]") {
  CHECK(locate_program("/bin/sh", "", "--pgbackrest-bin") == "/bin/sh");
  TempDir dir;
  const auto prog = dir.write("pgbackrest", "#!/bin/sh\n", 0755);
  CHECK(locate_program(prog, "/nonexistent", "--pgbackrest-bin") == prog);
}

TEST_CASE("locate: a missing path names the option", "[locate]") {
  auto e = error_from([] { locate_program("/nonexistent/pgbackrest", "/usr/bin", "--pgbackrest-bin"); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::ProgramMissing);
  CHECK(e->exit_code() == 4);
  CHECK(e->message() == "--pgbackrest-bin '/nonexistent/pgbackrest' does not exist");
  CHECK(e->hint() == "install the program or point --pgbackrest-bin at the right file");
}

TEST_CASE("locate: a file that is not executable, and a directory", "[locate]") {
  TempDir dir;
  const auto plain = dir.write("pgbackrest", "not a program\n", 0644);
  auto e = error_from([&] { locate_program(plain, "", "--pgbackrest-bin"); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::ProgramMissing);
  CHECK(e->message() == "--pgbackrest-bin '" + plain + "' is not an executable file");

  auto d = error_from([&] { locate_program(dir.path(), "", "--mc-bin"); });
  REQUIRE(d);
  CHECK(d->message() == "--mc-bin '" + dir.path() + "' is not an executable file");
}

TEST_CASE("locate: a bare name is searched in PATH order", "[locate]") {
  TempDir a, b, c;
  const auto in_b = b.write("reos-fake-prog", "#!/bin/sh\n", 0755);
  const auto in_c = c.write("reos-fake-prog", "#!/bin/sh\n", 0755);
  a.write("reos-fake-prog", "not executable\n", 0644);  // skipped: not executable

  CHECK(locate_program("reos-fake-prog", a.path() + ":" + b.path() + ":" + c.path(), "--x") == in_b);
  CHECK(locate_program("reos-fake-prog", c.path() + ":" + b.path(), "--x") == in_c);
  CHECK(locate_program("reos-fake-prog", "::" + c.path() + ":", "--x") == in_c);  // empty entries skipped
  // A directory of that name is not a program.
  TempDir d;
  ::mkdir((d.path() + "/reos-fake-prog").c_str(), 0755);
  CHECK(locate_program("reos-fake-prog", d.path() + ":" + b.path(), "--x") == in_b);
}

TEST_CASE("locate: a bare name not on PATH", "[locate]") {
  auto e = error_from([] { locate_program("reos-no-such-program", "/nonexistent:/also-not", "--pgbackrest-bin"); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::ProgramMissing);
  CHECK(e->message() == "'reos-no-such-program' was not found on PATH");
  CHECK(e->hint() == "install it (Debian: apt-get install reos-no-such-program) or give its path with --pgbackrest-bin");
  CHECK(error_from([] { locate_program("sh", "", "--x"); }).has_value());  // empty PATH finds nothing
}

TEST_CASE("locate: a relative path with a slash becomes absolute", "[locate]") {
  TempDir dir;
  dir.write("prog", "#!/bin/sh\n", 0755);
  char old_cwd[4096];
  REQUIRE(::getcwd(old_cwd, sizeof old_cwd) != nullptr);
  REQUIRE(::chdir(dir.path().c_str()) == 0);
  std::string found;
  std::optional<reos::error::Error> err;
  try {
    found = locate_program("./prog", "", "--x");
  } catch (const reos::error::Error& e) {
    err = e;
  }
  REQUIRE(::chdir(old_cwd) == 0);
  REQUIRE_FALSE(err.has_value());
  // getcwd() reports the real path; /tmp is not a symlink on Debian.
  CHECK(found == dir.path() + "/./prog");
  CHECK(found[0] == '/');
}
