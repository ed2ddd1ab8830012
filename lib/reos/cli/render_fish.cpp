// completions/reos-backup.fish: `complete` lines, one per option and command.
#include <fmt/format.h>

#include "reos/cli/completion_model.hpp"
#include "reos/cli/render_completions.hpp"
#include "reos/util/text.hpp"

namespace reos::cli {

namespace {

// fish's single quotes take \\ and \' as escapes and nothing else.
std::string fish_quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string value_flags(const CompletionOption& o) {
  switch (o.value) {
    case ValueCompletion::flag: return "";
    case ValueCompletion::free: return " -x";
    case ValueCompletion::choices: return " -x -a " + fish_quoted(util::join(o.choices, " "));
    case ValueCompletion::file: return " -r -F";
    case ValueCompletion::directory: return " -x -a '(__fish_complete_directories)'";
    case ValueCompletion::stanza: return " -x -a '(__reos_backup_stanzas)'";
  }
  return "";
}

std::string complete_line(const std::string& condition, const CompletionOption& o) {
  return fmt::format("complete -c reos-backup{} -l {}{} -d {}\n", condition, o.name, value_flags(o), fish_quoted(o.help));
}

}  // namespace

std::string render_fish_completion() {
  const CompletionModel m = completion_model();
  std::vector<std::string> cmds;
  for (const auto& c : m.commands) cmds.push_back(c.name);
  const std::string all_cmds = util::join(cmds, " ");

  std::string out = "# fish completion for reos-backup.\n" + std::string(kGeneratedNotice) +
                    "function __reos_backup_stanzas --description 'stanza names from the pgBackRest configuration'\n"
                    "    set -l conf\n"
                    "    set -l tokens (commandline -opc)\n"
                    "    for i in (seq (count $tokens))\n"
                    "        switch $tokens[$i]\n"
                    "            case --pgbackrest-config\n"
                    "                set -l next (math $i + 1)\n"
                    "                set -q tokens[$next]; and set conf $tokens[$next]\n"
                    "            case '--pgbackrest-config=*'\n"
                    "                set conf (string replace -- --pgbackrest-config= '' $tokens[$i])\n"
                    "        end\n"
                    "    end\n"
                    "    set -l files\n"
                    "    if test -n \"$conf\"\n"
                    "        set files (string replace -r -- '^~' $HOME $conf)\n"
                    "    else if set -q REOS_PGBACKREST_CONFIG\n"
                    "        set files $REOS_PGBACKREST_CONFIG\n"
                    "    else\n"
                    "        set files " +
                    std::string(kPgbackrestDefaultConfig) +
                    " /etc/pgbackrest/conf.d/*.conf\n"
                    "    end\n"
                    "    for f in $files\n"
                    "        test -f $f -a -r $f; or continue\n"
                    "        string match -rg -- '^\\s*\\[([^\\]:]+)(?::[^\\]]*)?\\]' < $f\n"
                    "    end | string match -v -- global | sort -u\n"
                    "end\n"
                    "\n"
                    "# Nothing but what is listed here: no file names unless an option takes a path.\n"
                    "complete -c reos-backup -f\n"
                    "\n"
                    "# Commands, until one is given.\n";
  const std::string no_command = " -n " + fish_quoted("not __fish_seen_subcommand_from " + all_cmds);
  for (const auto& c : m.commands)
    out += fmt::format("complete -c reos-backup{} -a {} -d {}\n", no_command, c.name, fish_quoted(c.summary));
  out += "\n# Global options, before or after the command.\n";
  for (const auto& o : m.globals) out += complete_line("", o);
  for (const auto& c : m.commands) {
    out += fmt::format("\n# {}\n", c.name);
    const std::string cond = " -n " + fish_quoted("__fish_seen_subcommand_from " + c.name);
    for (const auto& o : c.options) out += complete_line(cond, o);
    for (const auto& p : c.positionals) {
      if (p.choices.empty()) continue;
      const std::string words = util::join(p.choices, " ");
      out += fmt::format(
          "complete -c reos-backup -n {} -a {} -d {}\n",
          fish_quoted(fmt::format("__fish_seen_subcommand_from {}; and not __fish_seen_subcommand_from {}", c.name, words)),
          fish_quoted(words), fish_quoted(p.help));
    }
  }
  return out;
}

}  // namespace reos::cli
