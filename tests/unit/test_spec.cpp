// reos/config/spec: the one declarative table is consistent with itself and with the handlers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "reos/commands/command.hpp"
#include "reos/config/spec.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/redact.hpp"

namespace config = reos::config;

namespace {
bool is_global(std::string_view name) {
  const auto& g = config::global_options();
  return std::find(g.begin(), g.end(), name) != g.end();
}
}  // namespace

TEST_CASE("spec: every command has a handler and every handler a command", "[spec]") {
  REQUIRE_FALSE(config::commands().empty());
  for (const auto& c : config::commands()) {
    INFO("command " << c.name);
    const auto* h = reos::commands::find_handler(c.name);
    REQUIRE(h != nullptr);
    CHECK(h->name == c.name);
    CHECK(static_cast<bool>(h->prepare));
    CHECK(static_cast<bool>(h->text));
  }
  for (const auto& h : reos::commands::handlers()) {
    INFO("handler " << h.name);
    CHECK(config::find_command(h.name) != nullptr);
  }
  CHECK(reos::commands::find_handler("bogus") == nullptr);
}

TEST_CASE("spec: option and command names are unique", "[spec]") {
  std::set<std::string_view> names;
  for (const auto& o : config::options()) {
    INFO("option " << o.name);
    CHECK(names.insert(o.name).second);
    CHECK_FALSE(o.name.empty());
    CHECK(o.name.find('_') == std::string_view::npos);  // kebab-case, as pgBackRest
    CHECK_FALSE(o.help.empty());
  }
  std::set<std::string_view> cmds;
  for (const auto& c : config::commands()) CHECK(cmds.insert(c.name).second);
  std::set<std::string_view> globals(config::global_options().begin(), config::global_options().end());
  CHECK(globals.size() == config::global_options().size());
}

TEST_CASE("spec: every name a command or the global list uses exists in the table", "[spec]") {
  for (auto g : config::global_options()) {
    INFO("global " << g);
    CHECK(config::find_option(g) != nullptr);
  }
  for (const auto& c : config::commands()) {
    for (auto o : c.options) {
      INFO("command " << c.name << " option " << o);
      CHECK(config::find_option(o) != nullptr);
      CHECK_FALSE(is_global(o));  // would be declared twice in the parser
    }
    for (auto r : c.required) {
      INFO("command " << c.name << " requires " << r);
      CHECK(config::find_option(r) != nullptr);
      CHECK((is_global(r) || std::find(c.options.begin(), c.options.end(), r) != c.options.end()));
    }
    INFO("command " << c.name << " default timeout " << c.default_timeout);
    CHECK(reos::util::parse_duration(c.default_timeout).has_value());
    CHECK_FALSE(c.summary.empty());
  }
  CHECK(config::find_option("bogus") == nullptr);
  CHECK(config::find_command("bogus") == nullptr);
}

TEST_CASE("spec: option kinds are self-consistent", "[spec]") {
  for (const auto& o : config::options()) {
    INFO("option " << o.name);
    if (o.kind == config::ValueKind::choice) {
      CHECK(o.choices.size() >= 2);
      if (!o.default_value.empty()) CHECK(std::find(o.choices.begin(), o.choices.end(), o.default_value) != o.choices.end());
    } else {
      CHECK(o.choices.empty());
    }
    if (o.kind == config::ValueKind::integer) CHECK(o.min < o.max);
    if (o.kind == config::ValueKind::duration && !o.default_value.empty())
      CHECK(reos::util::parse_duration(o.default_value).has_value());
    if (o.kind != config::ValueKind::flag) CHECK_FALSE(o.value_name.empty());
    if (o.secret()) {
      // A secret must be settable somewhere, and the redactor must recognise its name.
      CHECK((o.from_env() || o.from_config()));
      CHECK(reos::util::Redactor::is_secret_name(o.name));
      CHECK(reos::util::Redactor::is_secret_name(config::env_name(o.name)));
    }
  }
}

TEST_CASE("spec: env_name", "[spec]") {
  CHECK(config::env_name("pgbackrest-config") == "REOS_PGBACKREST_CONFIG");
  CHECK(config::env_name("dry-run") == "REOS_DRY_RUN");
  CHECK(config::env_name("repo1-cipher-pass") == "REOS_REPO1_CIPHER_PASS");
  CHECK(config::env_name("stanza") == "REOS_STANZA");
}

TEST_CASE("spec: the commands the seed needs, with their rules", "[spec]") {
  const auto* backup = config::find_command("backup");
  REQUIRE(backup != nullptr);
  CHECK(backup->refuses_root);
  CHECK(std::find(backup->required.begin(), backup->required.end(), "stanza") != backup->required.end());
  const auto* info = config::find_command("info");
  REQUIRE(info != nullptr);
  CHECK_FALSE(info->refuses_root);  // read-only: safe as root
  CHECK(info->required.empty());
  const auto* type = config::find_option("type");
  REQUIRE(type != nullptr);
  CHECK(type->kind == config::ValueKind::choice);
  CHECK(std::vector<std::string_view>(type->choices) == std::vector<std::string_view>{"full", "diff", "incr"});
}
