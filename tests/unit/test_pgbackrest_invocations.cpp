// reos/pgbackrest/invocations: exact argv for every pgBackRest call, secrets via environment.
#include <catch2/catch.hpp>

#include "reos/config/settings.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "support/helpers.hpp"

using namespace reos::pgbackrest;
using reos::config::Origin;
using reos::config::Settings;
using reos::error::ExitCode;
using Argv = std::vector<std::string>;

namespace {
Target target(std::optional<std::string> config = std::nullopt) {
  Target t;
  t.program = "/usr/bin/pgbackrest";
  t.config = std::move(config);
  t.timeout = std::chrono::minutes(5);
  return t;
}

void check_no_secret_in_argv(const reos::process::Invocation& inv, const std::string& secret) {
  for (const auto& a : inv.argv()) {
    INFO(a);
    CHECK(a.find(secret) == std::string::npos);
  }
}
}  // namespace

TEST_CASE("info_call argv", "[pgbackrest][invocations]") {
  const auto all = info_call(target(), "info", std::nullopt, std::nullopt);
  CHECK(all.argv() == Argv{"/usr/bin/pgbackrest", "--log-level-console=off", "--output=json", "info"});
  CHECK(all.purpose == "info");
  CHECK(all.program == "/usr/bin/pgbackrest");
  CHECK(all.timeout == std::chrono::minutes(5));
  CHECK(all.env_overrides.empty());
  CHECK_FALSE(all.stdin_data.has_value());

  const auto one = info_call(target("/etc/pgbackrest/pgbackrest.conf"), "info (before backup)", std::string("main"), 2);
  CHECK(one.argv() == Argv{"/usr/bin/pgbackrest", "--config=/etc/pgbackrest/pgbackrest.conf", "--stanza=main",
                           "--log-level-console=off", "--output=json", "--repo=2", "info"});
  CHECK(one.purpose == "info (before backup)");
}

TEST_CASE("status calls cut io-timeout to 3 s, or keep the config's when it is shorter", "[pgbackrest][invocations]") {
  CHECK(status_io_timeout(std::nullopt) == 3);
  CHECK(status_io_timeout(60.0) == 3);
  CHECK(status_io_timeout(1.0) == 1);
  CHECK(status_io_timeout(0.5) == 0.5);
  CHECK(io_timeout_arg(3) == "--io-timeout=3");
  CHECK(io_timeout_arg(0.5) == "--io-timeout=0.5");
  const auto inv = info_call(target(), "info", std::string("main"), std::nullopt, 1.0);
  CHECK(inv.argv() ==
        Argv{"/usr/bin/pgbackrest", "--stanza=main", "--log-level-console=off", "--output=json", "--io-timeout=1", "info"});
}

TEST_CASE("pgbackrest_call argv with and without --config, stanza and extras", "[pgbackrest][invocations]") {
  CHECK(pgbackrest_call(target(), "backup", "backup", std::string("main"), {"--type=full"}).argv() ==
        Argv{"/usr/bin/pgbackrest", "--stanza=main", "--log-level-console=off", "--type=full", "backup"});
  CHECK(pgbackrest_call(target("/c.conf"), "backup", "backup", std::string("main"), {"--type=incr", "--repo=1"}).argv() ==
        Argv{"/usr/bin/pgbackrest", "--config=/c.conf", "--stanza=main", "--log-level-console=off", "--type=incr", "--repo=1",
             "backup"});
  CHECK(pgbackrest_call(target(), "stanza-create", "stanza-create", std::string("realestate-db"), {}).argv() ==
        Argv{"/usr/bin/pgbackrest", "--stanza=realestate-db", "--log-level-console=off", "stanza-create"});
  CHECK(pgbackrest_call(target(), "version", "version", std::nullopt, {}).argv() ==
        Argv{"/usr/bin/pgbackrest", "--log-level-console=off", "version"});
  // A config path with spaces stays one argv element: no shell anywhere.
  CHECK(pgbackrest_call(target("/etc/my conf/pgb.conf"), "check", "check", std::string("s"), {}).args.at(0) ==
        "--config=/etc/my conf/pgb.conf");
}

TEST_CASE("secrets go to the environment, never argv", "[pgbackrest][invocations][secret]") {
  auto t = target();
  t.secret_env = {{"PGBACKREST_REPO1_CIPHER_PASS", "cipher-secret-1"}, {"PGBACKREST_REPO2_S3_KEY_SECRET", "s3-secret-2"}};
  for (const auto& inv : {info_call(t, "info", std::string("main"), std::nullopt),
                          pgbackrest_call(t, "backup", "backup", std::string("main"), {"--type=full"})}) {
    INFO(inv.purpose);
    CHECK(inv.env_overrides == t.secret_env);
    CHECK(inv.secret_env == std::vector<std::string>{"PGBACKREST_REPO1_CIPHER_PASS", "PGBACKREST_REPO2_S3_KEY_SECRET"});
    check_no_secret_in_argv(inv, "cipher-secret-1");
    check_no_secret_in_argv(inv, "s3-secret-2");
    check_no_secret_in_argv(inv, "cipher-pass");
  }
}

namespace {
Settings settings_with(std::map<std::string, std::string> values) {
  Settings s;
  s.command = "backup";
  for (auto& [k, v] : values) s.values[k] = {v, Origin::environment, "test"};
  return s;
}
}  // namespace

TEST_CASE("make_target maps secret settings to pgBackRest's variables and registers them", "[pgbackrest][invocations][secret]") {
  const auto s = settings_with({{"pgbackrest-bin", "/bin/true"},
                                {"pgbackrest-config", "/etc/pgbackrest/pgbackrest.conf"},
                                {"timeout", "90s"},
                                {"repo1-cipher-pass", "topsecret-one"},
                                {"repo2-cipher-pass", "topsecret-two"},
                                {"repo2-s3-key", "AKIAEXAMPLE"},
                                {"repo2-s3-key-secret", "s3-secret-key"}});
  reos::util::Redactor redactor;
  const auto t = make_target(s, {{"PATH", "/usr/bin:/bin"}}, redactor);
  CHECK(t.program == "/bin/true");
  CHECK(t.config == std::optional<std::string>("/etc/pgbackrest/pgbackrest.conf"));
  CHECK(t.timeout == std::chrono::seconds(90));
  CHECK(t.secret_env == std::map<std::string, std::string>{{"PGBACKREST_REPO1_CIPHER_PASS", "topsecret-one"},
                                                           {"PGBACKREST_REPO2_CIPHER_PASS", "topsecret-two"},
                                                           {"PGBACKREST_REPO2_S3_KEY", "AKIAEXAMPLE"},
                                                           {"PGBACKREST_REPO2_S3_KEY_SECRET", "s3-secret-key"}});
  CHECK(redactor.text("a topsecret-one b topsecret-two c AKIAEXAMPLE d s3-secret-key") ==
        "a <redacted> b <redacted> c <redacted> d <redacted>");

  const auto inv = pgbackrest_call(t, "backup", "backup", std::string("main"), {});
  CHECK(inv.argv() ==
        Argv{"/bin/true", "--config=/etc/pgbackrest/pgbackrest.conf", "--stanza=main", "--log-level-console=off", "backup"});
  CHECK(inv.env_overrides.at("PGBACKREST_REPO1_CIPHER_PASS") == "topsecret-one");
  CHECK(redactor.env(inv.env_overrides, inv.secret_env).at("PGBACKREST_REPO1_CIPHER_PASS") == "<redacted>");
}

TEST_CASE("make_target without secrets or config", "[pgbackrest][invocations]") {
  reos::util::Redactor redactor;
  const auto t = make_target(settings_with({{"pgbackrest-bin", "/bin/true"}}), {}, redactor);
  CHECK(t.program == "/bin/true");
  CHECK_FALSE(t.config.has_value());
  CHECK(t.secret_env.empty());
  CHECK(t.timeout == std::chrono::milliseconds(0));
}

TEST_CASE("make_target redacts secrets the caller exported for pgBackRest itself", "[pgbackrest][invocations][secret]") {
  reos::util::Redactor redactor;
  const auto t =
      make_target(settings_with({{"pgbackrest-bin", "/bin/true"}}),
                  {{"PGBACKREST_REPO1_CIPHER_PASS", "inherited-pass"}, {"PGBACKREST_LOG_PATH", "/var/log/pgb"}}, redactor);
  CHECK(t.secret_env.empty());  // inherited, not re-set
  CHECK(redactor.text("inherited-pass /var/log/pgb") == "<redacted> /var/log/pgb");
}

TEST_CASE("make_target finds pgbackrest on PATH from the given environment", "[pgbackrest][invocations]") {
  reos::testing::TempDir dir;
  const auto prog = dir.write("pgbackrest", "#!/bin/sh\nexit 0\n", 0755);
  reos::util::Redactor redactor;
  const auto t =
      make_target(settings_with({{"pgbackrest-bin", "pgbackrest"}}), {{"PATH", "/nonexistent:" + dir.path()}}, redactor);
  CHECK(t.program == prog);

  auto e = reos::testing::error_from([&] {
    make_target(settings_with({{"pgbackrest-bin", "pgbackrest"}}), {{"PATH", "/nonexistent"}}, redactor);
  });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::ProgramMissing);
  CHECK(e->message() == "'pgbackrest' was not found on PATH");
  CHECK(e->hint().find("--pgbackrest-bin") != std::string::npos);
}

TEST_CASE("version_at_least reads pgBackRest's versions", "[pgbackrest]") {
  CHECK(version_at_least("2.49", 2, 49));
  CHECK(version_at_least("2.60dev", 2, 49));
  CHECK(version_at_least("3.0", 2, 49));
  CHECK_FALSE(version_at_least("2.45", 2, 49));
  CHECK_FALSE(version_at_least("2.4", 2, 49));
  CHECK_FALSE(version_at_least("", 2, 49));
  CHECK_FALSE(version_at_least("x.y", 2, 49));
}
