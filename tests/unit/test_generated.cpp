// The generated man page and completions say everything the option table says: every command,
// option, REOS_* variable and exit code appears, secrets are marked and never completed.
#include <catch2/catch.hpp>

#include <string>

#include "reos/cli/render_completions.hpp"
#include "reos/cli/render_man.hpp"
#include "reos/config/spec.hpp"
#include "reos/error/error.hpp"

using namespace reos::cli;
namespace config = reos::config;

namespace {
bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }
}  // namespace

TEST_CASE("generated: roff escaping", "[generated]") {
  CHECK(roff_escape("--type") == "\\-\\-type");
  CHECK(roff_escape("a\\b") == "a\\eb");
  CHECK(roff_escape(".start\n'quote") == "\\&.start\n\\&'quote");
  CHECK(roff_escape("Mon\xE2\x80\x93Sat") == "Mon\\[u2013]Sat");
}

TEST_CASE("generated: the man page documents the whole table", "[generated]") {
  const std::string man = render_man();
  for (const char* section :
       {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH COMMANDS", ".SH GLOBAL OPTIONS", ".SH CONFIG FILE", ".SH ENVIRONMENT",
        ".SH FILES", ".SH EXIT STATUS", ".SH EXAMPLES", ".SH SEE ALSO"}) {
    INFO(section);
    CHECK(has(man, section));
  }
  for (const auto& c : config::commands()) {
    INFO("command " << c.name);
    CHECK(has(man, ".SS " + roff_escape(c.name) + "\n"));
  }
  for (const auto& o : config::options()) {
    INFO("option " << o.name);
    if (!o.secret()) CHECK(has(man, "\\fB" + roff_escape("--" + std::string(o.name)) + "\\fR"));
    if (o.from_env())
      CHECK(has(man, "\\fB" + roff_escape(config::env_name(o.name)) + "\\fR\n" + (o.secret() ? "\\fBSecret\\fR" : "")));
    if (o.from_config()) CHECK(has(man, ".TP\n\\fB" + roff_escape(o.name) + "\\fR="));
  }
  for (const auto& row : reos::error::exit_code_table()) {
    INFO("exit code " << row.number);
    CHECK(has(man, ".TP\n\\fB" + std::to_string(row.number) + "\\fR \\fI" + roff_escape(row.json_name) + "\\fR"));
  }
  CHECK(has(man, "PGBACKREST_*"));
  CHECK(has(man, "MC_HOST_*"));
  CHECK(has(man, "0 2 * * 0 postgres"));  // the seed's cron lines, translated
}

TEST_CASE("generated: completions offer every command and non-secret option", "[generated]") {
  const std::string bash = render_bash_completion(), zsh = render_zsh_completion(), fish = render_fish_completion();
  for (const auto& c : config::commands()) {
    INFO("command " << c.name);
    CHECK(has(bash, " " + std::string(c.name) + ")\n"));
    CHECK(has(zsh, "(" + std::string(c.name) + ")\n"));
    CHECK(has(fish, "-a " + std::string(c.name) + " -d"));
  }
  for (const auto& o : config::options()) {
    INFO("option " << o.name);
    const std::string dashed = "--" + std::string(o.name);
    if (o.secret()) {
      CHECK_FALSE(has(fish, "-l " + std::string(o.name) + " "));
      CHECK_FALSE(has(zsh, "'" + dashed + "="));
      continue;
    }
    CHECK(has(bash, dashed));
    CHECK(has(zsh, dashed));
    CHECK(has(fish, "-l " + std::string(o.name) + " "));
  }
  CHECK(has(fish, "-l type -x -a 'full diff incr'"));
  CHECK(has(zsh, ":TYPE:(full diff incr)'"));
}
