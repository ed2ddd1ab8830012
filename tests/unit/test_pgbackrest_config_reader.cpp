// pgbackrest/config_reader: the values of pgBackRest's own config that reos-backup reasons about.
#include <catch2/catch.hpp>

#include "reos/pgbackrest/config_reader.hpp"
#include "support/helpers.hpp"

#include <sys/stat.h>

using reos::pgbackrest::Config;
using reos::pgbackrest::ConfigLocation;
using reos::pgbackrest::read_config;
using reos::pgbackrest::stanza_options;
using reos::pgbackrest::written_paths;

namespace {

// A config of one file, read the way --pgbackrest-config alone names it (no include directory).
Config one_file(const std::string& path) { return read_config(ConfigLocation{path, {}, {}}); }

std::map<std::string, std::string> read_stanza_options(const std::string& path, const std::string& stanza) {
  return stanza_options(one_file(path), stanza, "backup");
}

std::vector<std::string> paths(const std::map<std::string, std::string>& options) {
  std::vector<std::string> out;
  for (const auto& w : written_paths(options)) out.push_back(w.path + " " + w.setting);
  return out;
}

}  // namespace

TEST_CASE("pgBackRest config: a stanza's keys over [global]", "[pgbackrest][config]") {
  reos::testing::TempDir dir;
  const auto conf = dir.write("pgbackrest.conf",
                              "[global]\nlog-path=/g/log\nrepo1-path=/g/repo\n\n"
                              "[main]\npg1-path=/srv/main\nlog-path=/main/log\n[other]\nlock-path=/x\n");
  const auto o = read_stanza_options(conf, "main");
  CHECK(o.at("log-path") == "/main/log");
  CHECK(o.at("repo1-path") == "/g/repo");
  CHECK(o.at("pg1-path") == "/srv/main");
  CHECK(o.count("lock-path") == 0);
  CHECK(read_stanza_options(dir.path() + "/missing.conf", "main").empty());
  CHECK_FALSE(reos::pgbackrest::stanza_location(one_file(conf), "main", "info").io_timeout_s);
  const auto timed = dir.write("timed.conf", "[global]\nio-timeout=0.5\n[main]\npg1-path=/srv/main\n[bad]\nio-timeout=x\n");
  CHECK(reos::pgbackrest::stanza_location(one_file(timed), "main", "info").io_timeout_s == 0.5);
  CHECK_FALSE(reos::pgbackrest::stanza_location(one_file(timed), "bad", "info").io_timeout_s);
}

TEST_CASE("pgBackRest config: [stanza:command] and [global:command] for the command being planned", "[pgbackrest][config]") {
  reos::testing::TempDir dir;
  const auto cfg = one_file(dir.write("pgbackrest.conf",
                                      "[global]\nprocess-max=1\nlog-path=/g\n[global:restore]\nprocess-max=4\nlog-path=/gr\n"
                                      "[demo]\npg1-path=/srv/demo\nlog-path=/d\n[demo:restore]\npg1-path=/srv/copy\n"
                                      "[demo:backup]\nstart-fast=y\n"));
  // pgBackRest's order: [demo:restore], [demo], [global:restore], [global]; the first wins.
  const auto restore = stanza_options(cfg, "demo", "restore");
  CHECK(restore.at("pg1-path") == "/srv/copy");
  CHECK(restore.at("log-path") == "/d");
  CHECK(restore.at("process-max") == "4");
  CHECK(restore.count("start-fast") == 0);
  const auto backup = stanza_options(cfg, "demo", "backup");
  CHECK(backup.at("pg1-path") == "/srv/demo");
  CHECK(backup.at("process-max") == "1");
  CHECK(backup.at("start-fast") == "y");
  // Without a stanza only the global sections count.
  CHECK(stanza_options(cfg, "", "restore") == std::map<std::string, std::string>{{"process-max", "4"}, {"log-path", "/gr"}});
  CHECK(reos::pgbackrest::stanza_location(cfg, "demo", "restore").process_max == 4);
}

TEST_CASE("pgBackRest config: the include directory, as pgBackRest 2.45 reads it", "[pgbackrest][config]") {
  reos::testing::TempDir dir;
  ::mkdir((dir.path() + "/conf.d").c_str(), 0755);
  ::mkdir((dir.path() + "/conf.d/skip.conf").c_str(), 0755);  // a directory, not a file
  const auto main = dir.write("pgbackrest.conf", "[global]\nrepo1-path=/repo\n");
  dir.write("conf.d/b.conf", "[demo]\npg1-port=5433\n");
  dir.write("conf.d/a.conf", "[demo]\npg1-path=/srv/demo\n[global]\nlog-path=/l\n");
  dir.write("conf.d/B.conf", "[other]\npg1-path=/srv/other\n");  // 'B' < 'a': byte order
  dir.write("conf.d/notes.txt", "[demo]\npg1-path=/wrong\n");    // only *.conf
  dir.write("conf.d/.conf", "[demo]\npg1-path=/wrong\n");        // a name before .conf is needed
  const std::string inc = dir.path() + "/conf.d";

  SECTION("--config-path moves both defaults: <path>/pgbackrest.conf and <path>/conf.d") {
    const auto cfg = read_config(ConfigLocation{{}, dir.path(), {}});
    CHECK(cfg.files == std::vector<std::string>{main, inc + "/B.conf", inc + "/a.conf", inc + "/b.conf"});
    const auto o = stanza_options(cfg, "demo", "restore");
    CHECK(o.at("pg1-path") == "/srv/demo");  // a stanza defined only in conf.d
    CHECK(o.at("pg1-port") == "5433");       // one section continued across two files
    CHECK(o.at("repo1-path") == "/repo");
    CHECK(o.at("log-path") == "/l");
  }
  SECTION("--config alone is the whole configuration; with --config-include-path both are read") {
    CHECK(read_config(ConfigLocation{main, {}, {}}).files == std::vector<std::string>{main});
    CHECK(read_config(ConfigLocation{main, {}, inc}).files.size() == 4);
    // --config-include-path alone: that directory after the default main file (this host's
    // /etc/pgbackrest/pgbackrest.conf when there is one), not `main`.
    const auto only = read_config(ConfigLocation{{}, {}, inc});
    REQUIRE(only.files.size() >= 3);
    CHECK(std::vector<std::string>(only.files.end() - 3, only.files.end()) ==
          std::vector<std::string>{inc + "/B.conf", inc + "/a.conf", inc + "/b.conf"});
    CHECK(std::find(only.files.begin(), only.files.end(), main) == only.files.end());
  }
  SECTION("the environment: PGBACKREST_CONFIG*, with --pgbackrest-config over PGBACKREST_CONFIG") {
    const reos::config::Environment env{
        {"PGBACKREST_CONFIG", "/env.conf"}, {"PGBACKREST_CONFIG_PATH", "/p"}, {"PGBACKREST_CONFIG_INCLUDE_PATH", ""}};
    const auto from_env = reos::pgbackrest::config_location(std::nullopt, env);
    CHECK(from_env.config == "/env.conf");
    CHECK(from_env.config_path == "/p");
    CHECK_FALSE(from_env.config_include_path);  // empty is not given
    CHECK(reos::pgbackrest::config_location(std::string("/given.conf"), env).config == "/given.conf");
  }
  SECTION("a key set twice in one section, across files, is refused as pgBackRest refuses it; a list option may repeat") {
    dir.write("conf.d/c.conf", "[demo]\npg1-path=/again\n");
    auto e = reos::testing::error_from([&] { read_config(ConfigLocation{{}, dir.path(), {}}); });
    REQUIRE(e);
    CHECK(e->code() == reos::error::ExitCode::Config);
    CHECK(e->message() == inc + "/c.conf:2: 'pg1-path' is set again in [demo] (first at " + inc +
                              "/a.conf:2); pgBackRest refuses an option set twice");
    dir.write("conf.d/c.conf", "[demo]\nrecovery-option=a=1\n[demo:restore]\nrecovery-option=b=2\nrecovery-option=c=3\n");
    CHECK(read_config(ConfigLocation{{}, dir.path(), {}}).entries.size() == 8);
  }
  SECTION("a syntax error names the file and line; absent files are skipped") {
    dir.write("conf.d/bad.conf", "[demo]\npg1-path /x\n");
    auto e = reos::testing::error_from([&] { read_config(ConfigLocation{{}, dir.path(), {}}); });
    REQUIRE(e);
    CHECK(e->message().rfind(inc + "/bad.conf:2: expected 'key=value'", 0) == 0);
    CHECK(read_config(ConfigLocation{dir.path() + "/none.conf", {}, {}}).files.empty());
    CHECK(read_config(ConfigLocation{dir.path() + "/none.conf", {}, {}}).described() == "no pgBackRest config file");
  }
}

TEST_CASE("pgBackRest config: the directories a run writes, with pgBackRest's defaults", "[pgbackrest][config]") {
  CHECK(paths({}) ==
        std::vector<std::string>{"/var/lib/pgbackrest repo1-path (default)", "/var/log/pgbackrest log-path (default)",
                                 "/var/spool/pgbackrest spool-path (default)", "/tmp/pgbackrest lock-path (default)"});
  // Object stores and repository hosts write nothing locally; a cifs mount does.
  CHECK(paths({{"repo1-type", "s3"},
               {"repo1-path", "/bucket-prefix"},
               {"repo2-host", "backup.example.com"},
               {"repo3-type", "cifs"},
               {"repo3-path", "/mnt/cifs/repo"},
               {"repo12-path", "/srv/repo12"},
               {"log-path", "/srv/log"},
               {"spool-path", "/srv/spool"},
               {"lock-path", "/run/pgbackrest"}}) ==
        std::vector<std::string>{"/mnt/cifs/repo repo3-path", "/srv/repo12 repo12-path", "/srv/log log-path",
                                 "/srv/spool spool-path", "/run/pgbackrest lock-path"});
}
