// completions/_reos-backup: a zsh completion function in the usual _arguments style.
#include <fmt/format.h>

#include "reos/cli/completion_model.hpp"
#include "reos/cli/render_completions.hpp"
#include "reos/util/text.hpp"

namespace reos::cli {

namespace {

// Inside '...' for the shell: a quote ends the string, so it is closed, escaped, reopened.
std::string single_quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// _arguments ends an explanation at the first unescaped ']'; a backslash escapes it.
std::string explanation(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string option_spec(const CompletionOption& o) {
  std::string spec = (o.repeatable ? "*--" : "--") + o.name;
  if (o.value == ValueCompletion::flag) return single_quoted(spec + "[" + explanation(o.help) + "]");
  std::string action;
  switch (o.value) {
    case ValueCompletion::choices: action = "(" + util::join(o.choices, " ") + ")"; break;
    case ValueCompletion::file: action = "_files"; break;
    case ValueCompletion::directory: action = "_files -/"; break;
    case ValueCompletion::stanza: action = "_reos-backup_stanzas"; break;
    case ValueCompletion::flag:
    case ValueCompletion::free: action = " "; break;  // a message, no matches
  }
  // "--opt=": the value may follow as the next word or after '='.
  return single_quoted(spec + "=[" + explanation(o.help) + "]:" + o.value_name + ":" + action);
}

std::string describe_entry(const CompletionCommand& c) { return single_quoted(c.name + ":" + c.summary); }

}  // namespace

std::string render_zsh_completion() {
  const CompletionModel m = completion_model();
  std::string out =
      "#compdef reos-backup\n"
      "# zsh completion for reos-backup.\n" +
      std::string(kGeneratedNotice) +
      "_reos-backup_stanzas() {\n"
      "  local conf= f line\n"
      "  local -a files stanzas expl\n"
      "  local -i i\n"
      "  for (( i = 1; i <= ${#_reos_backup_words}; i++ )); do\n"
      "    case ${_reos_backup_words[i]} in\n"
      "      (--pgbackrest-config) conf=${_reos_backup_words[i+1]} ;;\n"
      "      (--pgbackrest-config=*) conf=${_reos_backup_words[i]#*=} ;;\n"
      "    esac\n"
      "  done\n"
      "  if [[ -n $conf ]]; then\n"
      "    files=(\"${conf/#\\~/$HOME}\")\n"
      "  elif [[ -n $REOS_PGBACKREST_CONFIG ]]; then\n"
      "    files=(\"$REOS_PGBACKREST_CONFIG\")\n"
      "  else\n"
      "    files=(" +
      std::string(kPgbackrestDefaultConfig) +
      " /etc/pgbackrest/conf.d/*.conf(N))\n"
      "  fi\n"
      "  for f in $files; do\n"
      "    [[ -f $f && -r $f ]] || continue\n"
      "    while IFS= read -r line || [[ -n $line ]]; do\n"
      "      [[ $line =~ '^[[:space:]]*\\[([^]:]+)(:[^]]*)?\\]' ]] || continue\n"
      "      [[ $match[1] == global ]] || stanzas+=(\"$match[1]\")\n"
      "    done < $f\n"
      "  done\n"
      "  stanzas=(${(u)stanzas})\n"
      "  _wanted stanzas expl 'stanza' compadd -a -- stanzas\n"
      "}\n"
      "\n"
      "_reos-backup() {\n"
      "  local curcontext=\"$curcontext\" state state_descr line ret=1\n"
      "  typeset -A opt_args\n"
      "  # The whole command line, for --pgbackrest-config given before the command word.\n"
      "  local -a _reos_backup_words\n"
      "  _reos_backup_words=(\"${words[@]}\")\n"
      "  local -a globals\n"
      "  globals=(\n";
  for (const auto& o : m.globals) out += "    " + option_spec(o) + "\n";
  out +=
      "  )\n"
      "  # (-): after the command word every option belongs to the command's own _arguments\n"
      "  # (which lists the globals too); without it a global option there broke completion.\n"
      "  _arguments -C : $globals '(-)1: :->command' '(-)*:: :->args' && ret=0\n"
      "  case $state in\n"
      "    (command)\n"
      "      local -a commands\n"
      "      commands=(\n";
  for (const auto& c : m.commands) out += "        " + describe_entry(c) + "\n";
  out +=
      "      )\n"
      "      _describe -t commands 'reos-backup command' commands && ret=0\n"
      "      ;;\n"
      "    (args)\n"
      "      curcontext=\"${curcontext%:*:*}:reos-backup-$words[1]:\"\n"
      "      case $words[1] in\n";
  for (const auto& c : m.commands) {
    out += fmt::format("        ({})\n          _arguments -C : $globals", c.name);
    for (const auto& o : c.options) out += " \\\n            " + option_spec(o);
    for (std::size_t i = 0; i < c.positionals.size(); ++i) {
      const auto& p = c.positionals[i];
      std::string action = p.choices.empty() ? " " : "(" + util::join(p.choices, " ") + ")";
      out += " \\\n            " + single_quoted(fmt::format("{}:{}:{}", i + 1, p.name, action));
    }
    out += " && ret=0\n          ;;\n";
  }
  out +=
      "      esac\n"
      "      ;;\n"
      "  esac\n"
      "  return ret\n"
      "}\n"
      "\n"
      "_reos-backup \"$@\"\n";
  return out;
}

}  // namespace reos::cli
