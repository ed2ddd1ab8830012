// reos/config/settings: precedence (command line > REOS_* > [stanza:NAME] > [global] >
// default), origins, validation by source, secrets, required options.
#include <catch2/catch.hpp>

#include <functional>

#include <algorithm>

#include "reos/cli/parser.hpp"
#include "reos/config/config_file.hpp"
#include "reos/config/settings.hpp"
#include "reos/config/spec.hpp"
#include "reos/error/error.hpp"
#include "support/helpers.hpp"

using namespace reos::config;
using reos::error::ExitCode;
using reos::testing::error_from;

namespace {

CommandLine cli(std::string command, std::map<std::string, std::string> values = {}) {
  CommandLine cl;
  cl.command = std::move(command);
  cl.values = std::move(values);
  return cl;
}

void check_setting(const Settings& s, const std::string& name, const std::string& value, Origin origin,
                   const std::string& source) {
  INFO("setting " << name);
  REQUIRE(s.has(name));
  const auto& v = s.values.at(name);
  CHECK(v.value == value);
  CHECK(v.origin == origin);
  CHECK(v.source == source);
}

}  // namespace

TEST_CASE("origin_name spells each origin", "[settings]") {
  CHECK(origin_name(Origin::default_value) == "default");
  CHECK(origin_name(Origin::config_file) == "config file");
  CHECK(origin_name(Origin::environment) == "environment");
  CHECK(origin_name(Origin::command_line) == "command line");
}

TEST_CASE("settings: defaults when no other source has a value", "[settings]") {
  const auto s = resolve(cli("backup", {{"stanza", "main"}}), {}, nullptr);
  CHECK(s.command == "backup");
  CHECK_FALSE(s.config_path.has_value());
  check_setting(s, "stanza", "main", Origin::command_line, "--stanza");
  check_setting(s, "log-level", "warn", Origin::default_value, "default");
  check_setting(s, "output", "text", Origin::default_value, "default");
  check_setting(s, "type", "incr", Origin::default_value, "default");
  check_setting(s, "pgbackrest-bin", "pgbackrest", Origin::default_value, "default");
  // The per-command timeout default.
  check_setting(s, "timeout", "12h", Origin::default_value, "default for backup");
  CHECK(s.duration("timeout") == std::chrono::hours(12));
  CHECK_FALSE(s.has("repo"));
  CHECK_FALSE(s.has("pgbackrest-config"));
  CHECK_FALSE(s.has("dry-run"));
  CHECK_FALSE(s.flag("dry-run"));
  CHECK(s.text("pgbackrest-config") == "");
  CHECK_FALSE(s.optional("pgbackrest-config").has_value());

  const auto info = resolve(cli("info"), {}, nullptr);
  check_setting(info, "timeout", "5m", Origin::default_value, "default for info");
  CHECK_FALSE(info.has("stanza"));
  CHECK_FALSE(info.has("type"));  // not an option of info
}

TEST_CASE("settings: precedence command line > env > stanza:NAME section > global section > default", "[settings]") {
  const auto cfg = parse_config_text("/etc/reos.conf",
                                     "[global]\n"                   // 1
                                     "log-level=info\n"             // 2
                                     "pgbackrest-config=/g.conf\n"  // 3
                                     "timeout=1h\n"                 // 4
                                     "[stanza:main]\n"              // 5
                                     "log-level=debug\n"            // 6
                                     "pgbackrest-config=/s.conf\n"  // 7
                                     "[stanza:other]\n"             // 8
                                     "timeout=3h\n");               // 9
  const auto base = cli("backup", {{"stanza", "main"}});

  SECTION("[global] over default") {
    const auto s = resolve(cli("backup", {{"stanza", "unlisted"}}), {}, &cfg);
    check_setting(s, "log-level", "info", Origin::config_file, "/etc/reos.conf:2");
    check_setting(s, "timeout", "1h", Origin::config_file, "/etc/reos.conf:4");
    check_setting(s, "pgbackrest-config", "/g.conf", Origin::config_file, "/etc/reos.conf:3");
    CHECK(s.config_path == std::optional<std::string>("/etc/reos.conf"));
  }
  SECTION("[stanza:NAME] over [global]; another stanza's section is ignored") {
    const auto s = resolve(base, {}, &cfg);
    check_setting(s, "log-level", "debug", Origin::config_file, "/etc/reos.conf:6");
    check_setting(s, "pgbackrest-config", "/s.conf", Origin::config_file, "/etc/reos.conf:7");
    check_setting(s, "timeout", "1h", Origin::config_file, "/etc/reos.conf:4");
  }
  SECTION("REOS_* environment over the config file") {
    const Environment env{{"REOS_LOG_LEVEL", "error"}, {"REOS_TIMEOUT", "90s"}};
    const auto s = resolve(base, env, &cfg);
    check_setting(s, "log-level", "error", Origin::environment, "REOS_LOG_LEVEL");
    check_setting(s, "timeout", "90s", Origin::environment, "REOS_TIMEOUT");
    check_setting(s, "pgbackrest-config", "/s.conf", Origin::config_file, "/etc/reos.conf:7");
  }
  SECTION("command line over the environment") {
    const Environment env{{"REOS_LOG_LEVEL", "error"}, {"REOS_TIMEOUT", "90s"}};
    auto cl = base;
    cl.values["log-level"] = "warn";
    cl.values["timeout"] = "5m";
    const auto s = resolve(cl, env, &cfg);
    check_setting(s, "log-level", "warn", Origin::command_line, "--log-level");
    check_setting(s, "timeout", "5m", Origin::command_line, "--timeout");
    CHECK(s.duration("timeout") == std::chrono::minutes(5));
  }
  SECTION("the stanza itself may come from the environment and selects the section") {
    const auto s = resolve(cli("backup"), {{"REOS_STANZA", "other"}}, &cfg);
    check_setting(s, "stanza", "other", Origin::environment, "REOS_STANZA");
    check_setting(s, "timeout", "3h", Origin::config_file, "/etc/reos.conf:9");
    check_setting(s, "log-level", "info", Origin::config_file, "/etc/reos.conf:2");
  }
}

TEST_CASE("settings: the stanza may come from global section and selects its section", "[settings]") {
  const auto cfg = parse_config_text("r.conf", "[stanza:db1]\ntimeout=2h\n[global]\nstanza=db1\n");
  const auto s = resolve(cli("backup"), {}, &cfg);
  check_setting(s, "stanza", "db1", Origin::config_file, "r.conf:4");
  check_setting(s, "timeout", "2h", Origin::config_file, "r.conf:2");
}

TEST_CASE("settings: the last of repeated config keys wins", "[settings]") {
  const auto cfg = parse_config_text("r.conf", "[global]\ntimeout=1h\ntimeout=2h\n");
  check_setting(resolve(cli("info"), {}, &cfg), "timeout", "2h", Origin::config_file, "r.conf:3");
}

TEST_CASE("settings: options of other commands are not resolved", "[settings]") {
  const auto cfg = parse_config_text("r.conf", "[global]\nrepo=2\n");
  CHECK_FALSE(resolve(cli("stanza-create", {{"stanza", "s"}}), {}, &cfg).has("repo"));
  const auto b = resolve(cli("backup", {{"stanza", "s"}}), {}, &cfg);
  check_setting(b, "repo", "2", Origin::config_file, "r.conf:2");
  CHECK(b.integer("repo") == 2);
}

TEST_CASE("settings: options not read from the environment ignore REOS_*", "[settings]") {
  // --type is command-line only (from_env = false): REOS_TYPE must not change it.
  const auto s = resolve(cli("backup", {{"stanza", "s"}}), {{"REOS_TYPE", "full"}}, nullptr);
  check_setting(s, "type", "incr", Origin::default_value, "default");
}

TEST_CASE("settings: flags normalize to true/false from every source", "[settings]") {
  CHECK(resolve(cli("info", {{"dry-run", "true"}}), {}, nullptr).flag("dry-run"));
  for (const char* yes : {"1", "true", "yes", "on", "y"}) {
    INFO(yes);
    const auto s = resolve(cli("info"), {{"REOS_DRY_RUN", yes}}, nullptr);
    check_setting(s, "dry-run", "true", Origin::environment, "REOS_DRY_RUN");
  }
  for (const char* no : {"0", "false", "no", "off", "n"}) {
    INFO(no);
    const auto s = resolve(cli("info"), {{"REOS_DRY_RUN", no}}, nullptr);
    check_setting(s, "dry-run", "false", Origin::environment, "REOS_DRY_RUN");
    CHECK_FALSE(s.flag("dry-run"));
  }
  const auto cfg = parse_config_text("r.conf", "[global]\ndry-run=yes\n");
  check_setting(resolve(cli("info"), {}, &cfg), "dry-run", "true", Origin::config_file, "r.conf:2");
}

TEST_CASE("settings: an unknown config key names file and line", "[settings]") {
  SECTION("in [global]") {
    const auto cfg = parse_config_text("/etc/reos.conf", "[global]\ntimeout=5m\nbogus-key=1\n");
    auto e = error_from([&] { resolve(cli("info"), {}, &cfg); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Config);
    CHECK(e->message() == "/etc/reos.conf:3: unknown key 'bogus-key'");
  }
  SECTION("in a section of a stanza not in use: found on the first run anyway") {
    const auto cfg = parse_config_text("/etc/reos.conf", "[stanza:elsewhere]\ntimout=5m\n");
    auto e = error_from([&] { resolve(cli("backup", {{"stanza", "main"}}), {}, &cfg); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Config);
    CHECK(e->message() == "/etc/reos.conf:2: unknown key 'timout'");
  }
  SECTION("a command-line-only option is not a config key") {
    const auto cfg = parse_config_text("r.conf", "[global]\ntype=full\n");
    auto e = error_from([&] { resolve(cli("backup", {{"stanza", "s"}}), {}, &cfg); });
    REQUIRE(e);
    CHECK(e->message() == "r.conf:2: unknown key 'type'");
  }
  SECTION("keys of [minio:ALIAS] belong to reos/minio and are not checked here") {
    const auto cfg = parse_config_text("r.conf", "[minio:backup]\nurl=https://m:9000\naccess-key=AK\n");
    CHECK_NOTHROW(resolve(cli("info"), {}, &cfg));
  }
  SECTION("'stanza' inside a [stanza:NAME] section") {
    const auto cfg = parse_config_text("r.conf", "[stanza:a]\nstanza=b\n");
    auto e = error_from([&] { resolve(cli("info"), {}, &cfg); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Config);
    CHECK(e->message() == "r.conf:2: 'stanza' cannot be set inside [stanza:a]");
  }
}

TEST_CASE("settings: a bad value is Usage on the command line, Config in env or file", "[settings]") {
  SECTION("--timeout=abc") {
    auto e = error_from([] { resolve(cli("info", {{"timeout", "abc"}}), {}, nullptr); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Usage);
    CHECK(e->exit_code() == 2);
    CHECK(e->message() == "--timeout: 'abc' is not a duration");
    CHECK(e->hint() == "use e.g. 90s, 5m, 2h or 1h30m");
  }
  SECTION("REOS_TIMEOUT=abc") {
    auto e = error_from([] { resolve(cli("info"), {{"REOS_TIMEOUT", "abc"}}, nullptr); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Config);
    CHECK(e->exit_code() == 3);
    CHECK(e->message() == "REOS_TIMEOUT='abc': 'abc' is not a duration");
  }
  SECTION("timeout=abc in the config file") {
    const auto cfg = parse_config_text("/etc/reos.conf", "[global]\n\ntimeout=abc\n");
    auto e = error_from([&] { resolve(cli("info"), {}, &cfg); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Config);
    CHECK(e->message() == "/etc/reos.conf:3: timeout 'abc' is not a duration");
  }
  SECTION("a bad value in the config file is found even when the command line overrides it") {
    const auto cfg = parse_config_text("r.conf", "[global]\nlog-level=loud\n");
    auto e = error_from([&] { resolve(cli("info", {{"log-level", "warn"}}), {}, &cfg); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Config);
    CHECK(e->message() == "r.conf:2: log-level 'loud' is not one of error, warn, info, debug");
  }
  SECTION("--type=weekly") {
    auto e = error_from([] { resolve(cli("backup", {{"stanza", "s"}, {"type", "weekly"}}), {}, nullptr); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Usage);
    CHECK(e->message() == "--type: 'weekly' is not one of full, diff, incr");
    CHECK(e->hint() == "use --type full|diff|incr");
  }
  SECTION("--output=yaml and REOS_OUTPUT=yaml") {
    auto e1 = error_from([] { resolve(cli("info", {{"output", "yaml"}}), {}, nullptr); });
    REQUIRE(e1);
    CHECK(e1->code() == ExitCode::Usage);
    auto e2 = error_from([] { resolve(cli("info"), {{"REOS_OUTPUT", "yaml"}}, nullptr); });
    REQUIRE(e2);
    CHECK(e2->code() == ExitCode::Config);
    CHECK(e2->message() == "REOS_OUTPUT='yaml': 'yaml' is not one of text, json");
  }
  SECTION("--repo out of range or not a number") {
    for (const char* bad : {"0", "257", "abc", "-1", "1.5", ""}) {
      INFO(bad);
      auto e = error_from([&] { resolve(cli("backup", {{"stanza", "s"}, {"repo", bad}}), {}, nullptr); });
      REQUIRE(e);
      CHECK(e->code() == ExitCode::Usage);
      CHECK(e->message() == std::string("--repo: '") + bad + "' is not a whole number from 1 to 256");
    }
    CHECK(resolve(cli("backup", {{"stanza", "s"}, {"repo", "256"}}), {}, nullptr).integer("repo") == 256);
    CHECK(resolve(cli("backup", {{"stanza", "s"}, {"repo", "1"}}), {}, nullptr).integer("repo") == 1);
  }
  SECTION("a bad flag value in the environment") {
    auto e = error_from([] { resolve(cli("info"), {{"REOS_DRY_RUN", "maybe"}}, nullptr); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Config);
    CHECK(e->message() == "REOS_DRY_RUN='maybe': 'maybe' is not a boolean");
  }
  SECTION("an empty path") {
    auto e = error_from([] { resolve(cli("info"), {{"REOS_PGBACKREST_CONFIG", ""}}, nullptr); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Config);
    CHECK(e->message() == "REOS_PGBACKREST_CONFIG='': is empty");
  }
}

TEST_CASE("settings: a secret on the command line is refused", "[settings][secret]") {
  for (const char* name : {"repo1-cipher-pass", "repo2-cipher-pass", "repo2-s3-key", "repo2-s3-key-secret"}) {
    INFO(name);
    auto e = error_from([&] { resolve(cli("info", {{name, "hunter2hunter2"}}), {}, nullptr); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Usage);
    CHECK(e->message() ==
          std::string("--") + name + " is a secret and is not accepted on the command line (every user can read argv)");
    CHECK(e->message().find("hunter2hunter2") == std::string::npos);
    CHECK(e->hint().find("hunter2hunter2") == std::string::npos);
  }
  auto e = error_from([] { resolve(cli("backup", {{"stanza", "s"}, {"repo1-cipher-pass", "x"}}), {}, nullptr); });
  REQUIRE(e);
  CHECK(e->hint() == "set REOS_REPO1_CIPHER_PASS in the environment or put repo1-cipher-pass in the config file (mode 0600)");
}

TEST_CASE("settings: secrets from the environment and a private config file", "[settings][secret]") {
  const auto s = resolve(cli("info"), {{"REOS_REPO1_CIPHER_PASS", "env-pass-123"}}, nullptr);
  check_setting(s, "repo1-cipher-pass", "env-pass-123", Origin::environment, "REOS_REPO1_CIPHER_PASS");

  auto e = error_from([] { resolve(cli("info"), {{"REOS_REPO1_CIPHER_PASS", ""}}, nullptr); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::Config);
  CHECK(e->message() == "REOS_REPO1_CIPHER_PASS='<redacted>': is empty");
}

TEST_CASE("settings: a config file holding a secret must not be readable by others", "[settings][secret]") {
  reos::testing::TempDir dir;
  const std::string body = "[global]\nlog-level=info\n[stanza:main]\nrepo1-cipher-pass=file-pass-456\n";

  SECTION("0600 is accepted") {
    const auto path = dir.write("ok.conf", body, 0600);
    const auto cfg = read_config_file(path);
    const auto s = resolve(cli("backup", {{"stanza", "main"}}), {}, &cfg);
    check_setting(s, "repo1-cipher-pass", "file-pass-456", Origin::config_file, path + ":4");
  }
  const std::vector<std::pair<mode_t, std::string>> open_modes = {{0644, "0644"}, {0640, "0640"}, {0604, "0604"}};
  for (const auto& [mode, label] : open_modes) {
    SECTION("mode " + label + " is refused") {
      const auto path = dir.write("open.conf", body, mode);
      const auto cfg = read_config_file(path);
      auto e = error_from([&] { resolve(cli("backup", {{"stanza", "main"}}), {}, &cfg); });
      REQUIRE(e);
      CHECK(e->code() == ExitCode::Config);
      CHECK(e->message() == "config file '" + path + "' holds secrets but is readable by group or others");
      CHECK(e->hint() == "run: chmod 600 " + path);
      CHECK(e->message().find("file-pass-456") == std::string::npos);
    }
  }
  SECTION("a world-readable file without secrets is fine") {
    const auto cfg = read_config_file(dir.write("plain.conf", "[global]\nlog-level=info\n", 0644));
    CHECK(resolve(cli("info"), {}, &cfg).text("log-level") == "info");
  }
  SECTION("a MinIO secret-key counts as a secret too") {
    const auto cfg = read_config_file(dir.write("minio.conf", "[minio:b]\nurl=https://m\nsecret-key=SK123456\n", 0644));
    auto e = error_from([&] { resolve(cli("info"), {}, &cfg); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Config);
  }
}

TEST_CASE("settings: a required --stanza that no source gives", "[settings]") {
  for (const char* command : {"backup", "stanza-create"}) {
    INFO(command);
    auto e = error_from([&] { resolve(cli(command), {}, nullptr); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Usage);
    CHECK(e->message() == std::string(command) + " needs --stanza");
    CHECK(e->hint() == "give --stanza NAME (or set REOS_STANZA)");
  }
  CHECK_NOTHROW(resolve(cli("info"), {}, nullptr));
}

TEST_CASE("settings: the table's only-with rules refuse an option without what it needs", "[settings][only-with]") {
  auto cl = cli("restore-pitr", {{"stanza", "main"}, {"target-name", "before"}, {"target-exclusive", "true"}});
  auto e = error_from([&] { resolve(cl, {}, nullptr); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::Usage);
  CHECK(e->message() == "--target-exclusive applies to --target-time, --target-lsn and --target-xid only");
  CHECK(e->hint() == "drop --target-exclusive");
  CHECK_NOTHROW(
      resolve(cli("restore-pitr", {{"stanza", "main"}, {"target-xid", "7"}, {"target-exclusive", "true"}}), {}, nullptr));

  auto replicate = [](std::string action, std::map<std::string, std::string> values) {
    values["alias"] = "a";
    values["bucket"] = "b";
    auto c = cli("minio-replicate", std::move(values));
    c.positionals = {std::move(action)};
    return c;
  };
  e = error_from([&] { resolve(replicate("status", {{"priority", "1"}}), {}, nullptr); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::Usage);
  CHECK(e->message() == "--priority is only for minio-replicate add");
  CHECK(e->hint() == "drop --priority from 'minio-replicate status'");
  e = error_from([&] { resolve(replicate("ls", {{"rule-id", "r"}}), {}, nullptr); });
  REQUIRE(e);
  CHECK(e->message() == "--rule-id is only for minio-replicate add and rm");
  CHECK_NOTHROW(resolve(replicate("add", {{"priority", "1"}, {"rule-id", "r"}}), {}, nullptr));
  CHECK_NOTHROW(resolve(replicate("rm", {{"all", "true"}}), {}, nullptr));
}

TEST_CASE("settings: an unknown command", "[settings]") {
  auto e = error_from([] { resolve(cli("bogus"), {}, nullptr); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::Usage);
  CHECK(e->message() == "unknown command 'bogus'");
}

TEST_CASE("settings: stanza names are validated", "[settings][stanza]") {
  const std::vector<std::pair<std::string, std::string>> rejected = {
      {"a b", "'a b' contains a space"},
      {"../x", "'../x' contains '/'"},
      {"x;rm -rf /", "'x;rm -rf /' contains ';'"},
      {"-x", "'-x' starts with '-'"},
      {"..", "'..' is only dots"},
      {".", "'.' is only dots"},
      {"a\tb", "'a\tb' contains a control character"},
      {"$(id)", "'$(id)' contains '$'"},
      {std::string(65, 'a'), "'" + std::string(65, 'a') + "' is longer than 64 characters"},
  };
  for (const auto& entry : rejected) {
    const std::string& name = entry.first;  // a named copy: clang 14 cannot capture bindings
    const std::string& what = entry.second;
    INFO("stanza: " << name);
    auto e = error_from([&] { resolve(cli("backup", {{"stanza", name}}), {}, nullptr); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Usage);
    CHECK(e->message() == "--stanza: " + what);
    CHECK(e->hint() == "use letters, digits, '-', '_' and '.', not starting with '-'");
    // From the environment the same value is a configuration error.
    auto env_e = error_from([&] { resolve(cli("backup"), {{"REOS_STANZA", name}}, nullptr); });
    REQUIRE(env_e);
    CHECK(env_e->code() == ExitCode::Config);
  }
  for (const char* good : {"realestate-db", "lab_2.x", "lab", "A.b-C_9", "x..y"}) {
    INFO("stanza: " << good);
    CHECK(resolve(cli("backup", {{"stanza", good}}), {}, nullptr).text("stanza") == good);
  }
  CHECK(resolve(cli("backup", {{"stanza", std::string(64, 'a')}}), {}, nullptr).text("stanza") == std::string(64, 'a'));
}

TEST_CASE("Settings accessors", "[settings]") {
  Settings s;
  s.values["bucket"] = {" a, b,,c ,", Origin::config_file, "r.conf:1"};
  s.values["alias"] = {"solo", Origin::command_line, "--alias"};
  s.values["report"] = {"", Origin::default_value, "default"};
  s.values["port"] = {"42", Origin::environment, "REOS_PORT"};
  s.values["timeout"] = {"1h30m", Origin::default_value, "default"};
  CHECK(s.list("bucket") == std::vector<std::string>{"a", "b", "c"});
  CHECK(s.list("alias") == std::vector<std::string>{"solo"});
  CHECK(s.list("report").empty());
  CHECK(s.list("checks").empty());
  CHECK(s.integer("port") == 42);
  CHECK(s.integer("source-port") == 0);
  CHECK(s.duration("timeout") == std::chrono::minutes(90));
  CHECK(s.duration("objective-rto") == std::chrono::milliseconds(0));
  CHECK(s.optional("alias") == std::optional<std::string>("solo"));
  CHECK(s.optional("report") == std::optional<std::string>(""));
}

TEST_CASE("settings: a lookup by a name the option table does not have is an internal error", "[settings]") {
  Settings s;
  s.values["stanza"] = {"main", Origin::command_line, "--stanza"};
  // A misspelt name must not read as "not set" (it would silently drop an operator's option).
  const std::vector<std::function<void()>> lookups = {[&] { (void)s.text("stanzaa"); }, [&] { (void)s.has("dryrun"); },
                                                      [&] { (void)s.flag("dry_run"); }, [&] { (void)s.optional("stanza "); },
                                                      [&] { (void)s.integer("prot"); }, [&] { (void)s.duration("time-out"); },
                                                      [&] { (void)s.list("buckets"); }};
  for (const auto& lookup : lookups) {
    auto e = error_from(lookup);
    REQUIRE(e);
    CHECK(e->code() == reos::error::ExitCode::Internal);
    CHECK(e->message().find("no option named") != std::string::npos);
  }
  CHECK(s.text("stanza") == "main");
}

TEST_CASE("settings: a repeatable option given several times comes back as a list", "[settings]") {
  // Through the real parser (which joins repeats with ',') and the resolver (which checks each
  // element) to Settings::list(), for every repeatable option of the table.
  int checked = 0;
  for (const auto& o : reos::config::options()) {
    if (!o.repeatable) continue;
    for (const auto& c : reos::config::commands()) {
      if (std::find(c.options.begin(), c.options.end(), o.name) == c.options.end()) continue;
      INFO("option " << o.name << " of " << c.name);
      std::vector<std::string> args{std::string(c.name)};
      for (const auto& p : c.positionals) args.push_back(p.choices.empty() ? "x" : std::string(p.choices.front()));
      for (auto req : c.required)
        if (req != o.name) args.push_back("--" + std::string(req) + "=req-value");
      std::string a = "alpha", b = "beta";
      if (o.kind == reos::config::ValueKind::choice) {
        a = std::string(o.choices.front());
        b = std::string(o.choices.back());
      }
      args.push_back("--" + std::string(o.name) + "=" + a);
      args.push_back("--" + std::string(o.name));
      args.push_back(b);
      const auto parsed = reos::cli::parse_command_line(args);
      CHECK(parsed.command_line.values.at(std::string(o.name)) == a + "," + b);
      const auto s = resolve(parsed.command_line, {}, nullptr);
      CHECK(s.list(o.name) == std::vector<std::string>{a, b});
      CHECK(s.values.at(std::string(o.name)).origin == Origin::command_line);
      ++checked;
    }
  }
  if (checked == 0) SUCCEED("no repeatable option in the table");
}

TEST_CASE("config_path_for: --config, then REOS_CONFIG, then an existing default", "[settings]") {
  reos::testing::TempDir dir;
  const auto existing = dir.write("default.conf", "[global]\n");
  CHECK(config_path_for(cli("info", {{"config", "/cli.conf"}}), {{"REOS_CONFIG", "/env.conf"}}, existing) ==
        std::optional<std::string>("/cli.conf"));
  CHECK(config_path_for(cli("info"), {{"REOS_CONFIG", "/env.conf"}}, existing) == std::optional<std::string>("/env.conf"));
  CHECK(config_path_for(cli("info"), {{"REOS_CONFIG", ""}}, existing) == std::optional<std::string>(existing));
  CHECK(config_path_for(cli("info"), {}, existing) == std::optional<std::string>(existing));
  CHECK_FALSE(config_path_for(cli("info"), {}, dir.path() + "/missing.conf").has_value());
}

TEST_CASE("settings: a secret from $CREDENTIALS_DIRECTORY sits between the environment and the config file",
          "[settings][secret]") {
  reos::testing::TempDir creds;
  creds.write("repo1-cipher-pass", "from-credential\n", 0400);
  const auto cfg = parse_config_text("/etc/reos.conf", "[global]\nrepo1-cipher-pass=from-config\n");
  Environment env{{"CREDENTIALS_DIRECTORY", creds.path()}};
  auto s = resolve(cli("backup", {{"stanza", "main"}}), env, &cfg);
  CHECK(s.text("repo1-cipher-pass") == "from-credential");  // one trailing newline is not part of it
  CHECK(s.values.at("repo1-cipher-pass").origin == Origin::credential);
  CHECK(s.values.at("repo1-cipher-pass").source == creds.path() + "/repo1-cipher-pass");
  env["REOS_REPO1_CIPHER_PASS"] = "from-environment";
  CHECK(resolve(cli("backup", {{"stanza", "main"}}), env, &cfg).text("repo1-cipher-pass") == "from-environment");
  // Only secrets come from credentials; a credential others can read is refused, unprinted.
  creds.write("stanza", "other\n", 0400);
  CHECK(resolve(cli("info"), {{"CREDENTIALS_DIRECTORY", creds.path()}}, nullptr).has("stanza") == false);
  // 0440 is how stat() shows systemd's 0400 file with an ACL entry for the unit's user.
  reos::testing::TempDir acl;
  acl.write("repo2-cipher-pass", "acl-masked", 0440);
  CHECK(
      resolve(cli("backup", {{"stanza", "main"}}), {{"CREDENTIALS_DIRECTORY", acl.path()}}, nullptr).text("repo2-cipher-pass") ==
      "acl-masked");
  creds.write("repo2-cipher-pass", "leaky", 0644);
  try {
    resolve(cli("backup", {{"stanza", "main"}}), {{"CREDENTIALS_DIRECTORY", creds.path()}}, nullptr);
    FAIL("a world-readable credential was accepted");
  } catch (const reos::error::Error& e) {
    CHECK(e.code() == reos::error::ExitCode::Config);
    CHECK(e.message().find("repo2-cipher-pass' is readable by others") != std::string::npos);
    CHECK(e.message().find("leaky") == std::string::npos);
  }
}
