// reos/cli/spec: the one declarative table is consistent with itself and with the handlers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "reos/cli/spec.hpp"
#include "reos/commands/command.hpp"
#include "reos/process/redact.hpp"
#include "reos/util/duration.hpp"

using namespace reos::cli;

namespace {
bool is_global(std::string_view name) {
  const auto& g = global_options();
  return std::find(g.begin(), g.end(), name) != g.end();
}
}  // namespace

TEST_CASE("spec: every command has a handler and every handler a command", "[spec]") {
  REQUIRE_FALSE(commands().empty());
  for (const auto& c : commands()) {
    INFO("command " << c.name);
    const auto* h = reos::commands::find_handler(c.name);
    REQUIRE(h != nullptr);
    CHECK(h->name == c.name);
    CHECK(static_cast<bool>(h->prepare));
    CHECK(static_cast<bool>(h->text));
  }
  for (const auto& h : reos::commands::handlers()) {
    INFO("handler " << h.name);
    CHECK(find_command(h.name) != nullptr);
  }
  CHECK(reos::commands::find_handler("bogus") == nullptr);
}

TEST_CASE("spec: option and command names are unique", "[spec]") {
  std::set<std::string_view> names;
  for (const auto& o : options()) {
    INFO("option " << o.name);
    CHECK(names.insert(o.name).second);
    CHECK_FALSE(o.name.empty());
    CHECK(o.name.find('_') == std::string_view::npos);  // kebab-case, as pgBackRest
    CHECK_FALSE(o.help.empty());
  }
  std::set<std::string_view> cmds;
  for (const auto& c : commands()) CHECK(cmds.insert(c.name).second);
  std::set<std::string_view> globals(global_options().begin(), global_options().end());
  CHECK(globals.size() == global_options().size());
}

TEST_CASE("spec: every name a command or the global list uses exists in the table", "[spec]") {
  for (auto g : global_options()) {
    INFO("global " << g);
    CHECK(find_option(g) != nullptr);
  }
  for (const auto& c : commands()) {
    for (auto o : c.options) {
      INFO("command " << c.name << " option " << o);
      CHECK(find_option(o) != nullptr);
      CHECK_FALSE(is_global(o));  // would be declared twice in the parser
    }
    for (auto r : c.required) {
      INFO("command " << c.name << " requires " << r);
      CHECK(find_option(r) != nullptr);
      CHECK((is_global(r) || std::find(c.options.begin(), c.options.end(), r) != c.options.end()));
    }
    INFO("command " << c.name << " default timeout " << c.default_timeout);
    CHECK(reos::util::parse_duration(c.default_timeout).has_value());
    CHECK_FALSE(c.summary.empty());
  }
  CHECK(find_option("bogus") == nullptr);
  CHECK(find_command("bogus") == nullptr);
}

TEST_CASE("spec: option kinds are self-consistent", "[spec]") {
  for (const auto& o : options()) {
    INFO("option " << o.name);
    if (o.kind == ValueKind::choice) {
      CHECK(o.choices.size() >= 2);
      if (!o.default_value.empty())
        CHECK(std::find(o.choices.begin(), o.choices.end(), o.default_value) != o.choices.end());
    } else {
      CHECK(o.choices.empty());
    }
    if (o.kind == ValueKind::integer) CHECK(o.min < o.max);
    if (o.kind == ValueKind::duration && !o.default_value.empty())
      CHECK(reos::util::parse_duration(o.default_value).has_value());
    if (o.kind != ValueKind::flag) CHECK_FALSE(o.value_name.empty());
    if (o.secret) {
      // A secret must be settable somewhere, and the redactor must recognise its name.
      CHECK((o.from_env || o.from_config));
      CHECK(reos::process::Redactor::is_secret_name(o.name));
      CHECK(reos::process::Redactor::is_secret_name(env_name(o.name)));
    }
  }
}

TEST_CASE("spec: env_name", "[spec]") {
  CHECK(env_name("pgbackrest-config") == "REOS_PGBACKREST_CONFIG");
  CHECK(env_name("dry-run") == "REOS_DRY_RUN");
  CHECK(env_name("repo1-cipher-pass") == "REOS_REPO1_CIPHER_PASS");
  CHECK(env_name("stanza") == "REOS_STANZA");
}

TEST_CASE("spec: the commands the seed needs, with their rules", "[spec]") {
  const auto* backup = find_command("backup");
  REQUIRE(backup != nullptr);
  CHECK(backup->refuses_root);
  CHECK(std::find(backup->required.begin(), backup->required.end(), "stanza") != backup->required.end());
  const auto* info = find_command("info");
  REQUIRE(info != nullptr);
  CHECK_FALSE(info->refuses_root);  // read-only: safe as root
  CHECK(info->required.empty());
  const auto* type = find_option("type");
  REQUIRE(type != nullptr);
  CHECK(type->kind == ValueKind::choice);
  CHECK(std::vector<std::string_view>(type->choices) == std::vector<std::string_view>{"full", "diff", "incr"});
}
