// reos/config/config_file: the INI reader for reos-backup's own settings file.
#include <catch2/catch.hpp>

#include "reos/config/config_file.hpp"
#include "reos/error/error.hpp"
#include "support/helpers.hpp"

using reos::config::parse_config_text;
using reos::config::read_config_file;
using reos::error::ExitCode;
using reos::testing::error_from;

TEST_CASE("config file: sections, comments, whitespace and line numbers", "[config_file]") {
  const std::string text =
      "# reos-backup settings\n"
      "; another comment style\n"
      "\n"
      "[global]\n"
      "  log-level = debug  \n"
      "pgbackrest-config=/etc/pgbackrest/pgbackrest.conf\n"
      "[stanza:realestate-db]\n"
      "timeout=2h\n"
      "   # indented comment\n"
      "[ minio:backup ]\n"
      "url=https://minio.example:9000/?a=b\n"
      "secret-key=\n";
  const auto cfg = parse_config_text("/etc/reos.conf", text);
  CHECK(cfg.path == "/etc/reos.conf");
  CHECK_FALSE(cfg.readable_by_others);
  REQUIRE(cfg.entries.size() == 5);
  CHECK(cfg.entries[0].section == "global");
  CHECK(cfg.entries[0].key == "log-level");
  CHECK(cfg.entries[0].value == "debug");
  CHECK(cfg.entries[0].line == 5);
  CHECK(cfg.entries[1].key == "pgbackrest-config");
  CHECK(cfg.entries[1].value == "/etc/pgbackrest/pgbackrest.conf");
  CHECK(cfg.entries[1].line == 6);
  CHECK(cfg.entries[2].section == "stanza:realestate-db");
  CHECK(cfg.entries[2].key == "timeout");
  CHECK(cfg.entries[2].value == "2h");
  CHECK(cfg.entries[2].line == 8);
  CHECK(cfg.entries[3].section == "minio:backup");  // spaces inside the brackets are trimmed
  CHECK(cfg.entries[3].key == "url");
  CHECK(cfg.entries[3].value == "https://minio.example:9000/?a=b");  // only the first '=' splits
  CHECK(cfg.entries[3].line == 11);
  CHECK(cfg.entries[4].key == "secret-key");
  CHECK(cfg.entries[4].value == "");
  CHECK(cfg.entries[4].line == 12);
}

TEST_CASE("config file: CRLF line endings and an empty file", "[config_file]") {
  const auto cfg = parse_config_text("c.conf", "[global]\r\ntimeout=5m\r\n");
  REQUIRE(cfg.entries.size() == 1);
  CHECK(cfg.entries[0].value == "5m");
  CHECK(parse_config_text("c.conf", "").entries.empty());
  CHECK(parse_config_text("c.conf", "# only a comment\n\n").entries.empty());
}

TEST_CASE("config file: unknown section names file and line", "[config_file]") {
  for (const char* header : {"[bogus]", "[stanza:]", "[minio:]", "[stanza]", "[Global]"}) {
    INFO(header);
    auto e = error_from([&] { parse_config_text("/etc/r.conf", std::string("[global]\ntimeout=5m\n") + header + "\n"); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Config);
    const std::string inner = std::string(header).substr(1, std::string(header).size() - 2);
    CHECK(e->message() == "/etc/r.conf:3: unknown section [" + inner + "]");
    CHECK_FALSE(e->hint().empty());
  }
}

TEST_CASE("config file: pgBackRest's dialect takes [STANZA] and [NAME:COMMAND], with the same strict lines", "[config_file]") {
  using reos::config::Dialect;
  const auto cfg = parse_config_text(
      "p.conf", "[global:restore]\nprocess-max=4\n[demo]\npg1-path=/x\n[demo:backup]\nstart-fast=y\n", Dialect::pgbackrest);
  REQUIRE(cfg.entries.size() == 3);
  CHECK(cfg.entries[1].section == "demo");
  CHECK(cfg.entries[2].section == "demo:backup");
  for (const char* header : {"[]", "[:backup]", "[demo:]", "[a:b:c]"}) {
    INFO(header);
    auto e = error_from([&] { parse_config_text("p.conf", std::string(header) + "\nk=v\n", Dialect::pgbackrest); });
    REQUIRE(e);
    CHECK(e->message().rfind("p.conf:1: unknown section", 0) == 0);
  }
  CHECK(error_from([] { parse_config_text("p.conf", "[demo]\npg1-path\n", Dialect::pgbackrest); }));
  // The same text is not a reos-backup settings file.
  CHECK(error_from([] { parse_config_text("r.conf", "[demo]\npg1-path=/x\n"); }));
}

TEST_CASE("config file: a section header without a closing bracket", "[config_file]") {
  auto e = error_from([] { parse_config_text("r.conf", "\n[global\n"); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::Config);
  CHECK(e->message() == "r.conf:2: section header '[global' has no closing ']'");
}

TEST_CASE("config file: a line without '='", "[config_file]") {
  auto e = error_from([] { parse_config_text("r.conf", "[global]\n# ok\ntimeout 5m\n"); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::Config);
  CHECK(e->message() == "r.conf:3: expected 'key=value', got 'timeout 5m'");
}

TEST_CASE("config file: a setting before any section", "[config_file]") {
  auto e = error_from([] { parse_config_text("r.conf", "# header\ntimeout=5m\n[global]\n"); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::Config);
  CHECK(e->message() == "r.conf:2: setting outside of a section");
}

TEST_CASE("read_config_file reads a real file and reports its permission bits", "[config_file]") {
  reos::testing::TempDir dir;
  const std::string body = "[global]\nrepo1-cipher-pass=s3cr3t-pass\n";
  SECTION("0600: private") {
    const auto path = dir.write("private.conf", body, 0600);
    const auto cfg = read_config_file(path);
    CHECK(cfg.path == path);
    REQUIRE(cfg.entries.size() == 1);
    CHECK(cfg.entries[0].value == "s3cr3t-pass");
    CHECK_FALSE(cfg.readable_by_others);
  }
  SECTION("0644: world readable") { CHECK(read_config_file(dir.write("world.conf", body, 0644)).readable_by_others); }
  SECTION("0640: group readable") { CHECK(read_config_file(dir.write("group.conf", body, 0640)).readable_by_others); }
  SECTION("0604: other readable only") { CHECK(read_config_file(dir.write("other.conf", body, 0604)).readable_by_others); }
}

TEST_CASE("read_config_file: a missing file is a Config error naming the path", "[config_file]") {
  auto e = error_from([] { read_config_file("/nonexistent/reos-backup.conf"); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::Config);
  CHECK(e->message() == "cannot read config file '/nonexistent/reos-backup.conf': No such file or directory");
}

TEST_CASE("read_config_file: syntax errors carry the real path", "[config_file]") {
  reos::testing::TempDir dir;
  const auto path = dir.write("bad.conf", "[global]\n[nope]\n");
  auto e = error_from([&] { read_config_file(path); });
  REQUIRE(e);
  CHECK(e->message() == path + ":2: unknown section [nope]");
}
