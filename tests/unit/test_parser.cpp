// reos/cli/parser: argv -> CommandLine, help/version, usage errors, early JSON detection.
#include <catch2/catch.hpp>

#include "reos/cli/parser.hpp"
#include "reos/config/spec.hpp"
#include "reos/error/error.hpp"
#include "reos/util/text.hpp"
#include "support/helpers.hpp"

using namespace reos::cli;
namespace config = reos::config;
using reos::error::ExitCode;
using reos::testing::error_from;
using Args = std::vector<std::string>;
using Values = std::map<std::string, std::string>;

namespace {
// The hint lists the commands of the table, in table order.
std::string command_list_hint() {
  std::vector<std::string> names;
  for (const auto& c : config::commands()) names.emplace_back(c.name);
  return "commands are: " + reos::util::join(names, ", ") + "; see reos-backup --help";
}
}  // namespace

TEST_CASE("parser: no command", "[parser]") {
  auto e = error_from([] { parse_command_line({}); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::Usage);
  CHECK(e->message() == "no command given");
  CHECK(e->hint() == command_list_hint());
  // Options alone are not a command either.
  auto e2 = error_from([] { parse_command_line({"--output=json", "--dry-run"}); });
  REQUIRE(e2);
  CHECK(e2->message() == "no command given");
}

TEST_CASE("parser: unknown command", "[parser]") {
  auto e = error_from([] { parse_command_line({"bogus", "--stanza=x"}); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::Usage);
  CHECK(e->message() == "unknown command 'bogus'");
  CHECK(e->hint() == command_list_hint());
  // The command word is found after global options and their values.
  auto e2 = error_from([] { parse_command_line({"--output", "json", "restore"}); });
  REQUIRE(e2);
  CHECK(e2->message() == "unknown command 'restore'");
}

TEST_CASE("parser: unknown option, option of another command, missing value", "[parser]") {
  struct Case {
    Args args;
    std::string in_message;
    std::string hint;
  };
  const std::vector<Case> cases = {
      {{"backup", "--stanza=s", "--bogus"}, "--bogus", "see 'reos-backup backup --help'"},
      {{"info", "--type", "full"}, "--type", "see 'reos-backup info --help'"},
      {{"backup", "--stanza"}, "stanza", "see 'reos-backup backup --help'"},
      {{"info", "extra-positional"}, "extra-positional", "see 'reos-backup info --help'"},
  };
  for (const auto& c : cases) {
    INFO(reos::util::join(c.args, " "));
    auto e = error_from([&] { parse_command_line(c.args); });
    REQUIRE(e);
    CHECK(e->code() == ExitCode::Usage);
    CHECK(e->message().find(c.in_message) != std::string::npos);
    CHECK(e->message().find('\n') == std::string::npos);  // one line
    CHECK(e->hint() == c.hint);
  }
}

TEST_CASE("parser: a value-taking option followed by another option is named as missing its value", "[parser]") {
  auto e = error_from([] { parse_command_line({"restore-pitr", "--stanza", "s", "--state-file", "--output", "json"}); });
  REQUIRE(e);
  CHECK(e->code() == ExitCode::Usage);
  CHECK(e->message() == "--state-file needs a value, but the next word is the option --output");
  CHECK(e->hint() == "give --state-file PATH, or --state-file=VALUE for a value that starts with --");
  // --opt=--value is a deliberate value; a flag followed by an option is fine.
  CHECK(parse_command_line({"backup", "--stanza=--odd", "--dry-run"}).command_line.values.at("stanza") == "--odd");
  CHECK_FALSE(error_from([] { parse_command_line({"backup", "--dry-run", "--stanza", "s"}); }));
}

TEST_CASE("parser: the hint names the seed's commands", "[parser]") {
  const auto hint = command_list_hint();
  CHECK(hint.rfind("commands are: stanza-create, backup, info", 0) == 0);
}

TEST_CASE("parser: --help prints help for the program and for a command", "[parser]") {
  const auto top = parse_command_line({"--help"});
  CHECK(top.kind == ParseResult::Kind::help);
  CHECK(top.text.find("stanza-create") != std::string::npos);
  CHECK(top.text.find("backup") != std::string::npos);
  CHECK(top.text.find("--output") != std::string::npos);
  CHECK(top.text.find("Exit codes:") != std::string::npos);
  CHECK(top.text.find("upstream_failed") != std::string::npos);
  CHECK(top.text.find("--repo1-cipher-pass") == std::string::npos);  // secrets are hidden

  const auto sub = parse_command_line({"backup", "--help"});
  CHECK(sub.kind == ParseResult::Kind::help);
  CHECK(sub.text.find("--type") != std::string::npos);
  CHECK(sub.text.find("full|diff|incr") != std::string::npos);
  CHECK(sub.text.find("Runs pgbackrest backup") != std::string::npos);
  CHECK(sub.text.find("reos-backup backup --stanza realestate-db --type full") != std::string::npos);
  CHECK(sub.text != top.text);

  CHECK(parse_command_line({"-h"}).kind == ParseResult::Kind::help);
  // --help wins over a missing required option.
  CHECK(parse_command_line({"stanza-create", "--help"}).kind == ParseResult::Kind::help);
}

TEST_CASE("parser: --version", "[parser]") {
  const auto r = parse_command_line({"--version"});
  CHECK(r.kind == ParseResult::Kind::version);
  CHECK(r.text == std::string("reos-backup ") + REOS_VERSION + "\n");
  CHECK(version_text() == std::string("reos-backup ") + REOS_VERSION);
}

TEST_CASE("parser: values of the command and global options, in any position", "[parser]") {
  const Values expected = {{"stanza", "main"}, {"type", "full"}, {"output", "json"}, {"dry-run", "true"}, {"timeout", "5m"}};
  for (const Args& args : {Args{"backup", "--stanza", "main", "--type=full", "--output", "json", "--dry-run", "--timeout=5m"},
                           Args{"--output=json", "--dry-run", "--timeout", "5m", "backup", "--stanza=main", "--type", "full"},
                           Args{"--output", "json", "backup", "--timeout=5m", "--stanza=main", "--dry-run", "--type=full"}}) {
    INFO(reos::util::join(args, " "));
    const auto r = parse_command_line(args);
    CHECK(r.kind == ParseResult::Kind::run);
    CHECK(r.command_line.command == "backup");
    CHECK(r.command_line.values == expected);
    CHECK(r.command_line.positionals.empty());
  }
}

TEST_CASE("parser: only what was given is reported (defaults come later)", "[parser]") {
  const auto r = parse_command_line({"info"});
  CHECK(r.command_line.command == "info");
  CHECK(r.command_line.values.empty());
}

TEST_CASE("parser: a secret option is parsed so that the resolver can refuse it", "[parser]") {
  const auto r = parse_command_line({"backup", "--stanza=s", "--repo1-cipher-pass=abc"});
  CHECK(r.command_line.values.at("repo1-cipher-pass") == "abc");
}

TEST_CASE("command_word finds the command after options and their values", "[parser]") {
  CHECK(command_word({"backup"}) == std::optional<std::string>("backup"));
  CHECK(command_word({"--output", "json", "backup"}) == std::optional<std::string>("backup"));
  CHECK(command_word({"--output=json", "info"}) == std::optional<std::string>("info"));
  CHECK(command_word({"--dry-run", "info"}) == std::optional<std::string>("info"));  // a flag takes no value
  CHECK(command_word({"--timeout", "5m", "--log-level", "debug", "stanza-create"}) ==
        std::optional<std::string>("stanza-create"));
  CHECK_FALSE(command_word({}).has_value());
  CHECK_FALSE(command_word({"--output", "json"}).has_value());
  CHECK_FALSE(command_word({"--", "backup"}).has_value());
}

TEST_CASE("wants_json: --output=json, --output json, REOS_OUTPUT", "[parser]") {
  CHECK(wants_json({"backup", "--output=json"}, {}));
  CHECK(wants_json({"--output", "json", "backup"}, {}));
  CHECK(wants_json({"bogus"}, {{"REOS_OUTPUT", "json"}}));
  CHECK_FALSE(wants_json({"backup"}, {}));
  CHECK_FALSE(wants_json({"backup"}, {{"REOS_OUTPUT", "text"}}));
  // The command line wins over the environment, in both spellings.
  CHECK_FALSE(wants_json({"--output=text", "backup"}, {{"REOS_OUTPUT", "json"}}));
  CHECK_FALSE(wants_json({"--output", "text", "backup"}, {{"REOS_OUTPUT", "json"}}));
  CHECK(wants_json({"--output=json"}, {{"REOS_OUTPUT", "text"}}));
}
