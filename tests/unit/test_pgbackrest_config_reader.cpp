// pgbackrest/config_reader: the values of pgBackRest's own config that reos-backup reasons about.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "reos/pgbackrest/config_reader.hpp"

using reos::pgbackrest::read_stanza_options;
using reos::pgbackrest::written_paths;

namespace {

std::vector<std::string> paths(const std::map<std::string, std::string>& options) {
  std::vector<std::string> out;
  for (const auto& w : written_paths(options)) out.push_back(w.path + " " + w.setting);
  return out;
}

}  // namespace

TEST_CASE("pgBackRest config: a stanza's keys over [global]", "[pgbackrest][config]") {
  reos::testing::TempDir dir;
  const auto conf = dir.write("pgbackrest.conf", "[global]\nlog-path=/g/log\nrepo1-path=/g/repo\n\n"
                                                 "[main]\npg1-path=/srv/main\nlog-path=/main/log\n[other]\nlock-path=/x\n");
  const auto o = read_stanza_options(conf, "main");
  CHECK(o.at("log-path") == "/main/log");
  CHECK(o.at("repo1-path") == "/g/repo");
  CHECK(o.at("pg1-path") == "/srv/main");
  CHECK(o.count("lock-path") == 0);
  CHECK(read_stanza_options(dir.path() + "/missing.conf", "main").empty());
  CHECK_FALSE(reos::pgbackrest::read_stanza_location(conf, "main").io_timeout_s);
  const auto timed = dir.write("timed.conf", "[global]\nio-timeout=0.5\n[main]\npg1-path=/srv/main\n[bad]\nio-timeout=x\n");
  CHECK(reos::pgbackrest::read_stanza_location(timed, "main").io_timeout_s == 0.5);
  CHECK_FALSE(reos::pgbackrest::read_stanza_location(timed, "bad").io_timeout_s);
}

TEST_CASE("pgBackRest config: the directories a run writes, with pgBackRest's defaults", "[pgbackrest][config]") {
  CHECK(paths({}) == std::vector<std::string>{"/var/lib/pgbackrest repo1-path (default)",
                                              "/var/log/pgbackrest log-path (default)",
                                              "/var/spool/pgbackrest spool-path (default)",
                                              "/tmp/pgbackrest lock-path (default)"});
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
