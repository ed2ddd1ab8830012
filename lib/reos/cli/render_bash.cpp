// completions/reos-backup.bash: plain bash (no dependency on the bash-completion helpers, so
// it also works where only the file is sourced).
#include <fmt/format.h>

#include "reos/cli/completion_model.hpp"
#include "reos/cli/render_completions.hpp"
#include "reos/util/text.hpp"

namespace reos::cli {

namespace {

std::string dashed(const std::vector<CompletionOption>& opts) {
  std::vector<std::string> v;
  for (const auto& o : opts) v.push_back("--" + o.name);
  return util::join(v, " ");
}

// One `case` arm per way of completing a value; every option name appears in one arm.
std::string value_arms(const CompletionModel& m) {
  std::vector<const CompletionOption*> all;
  for (const auto& o : m.globals) all.push_back(&o);
  for (const auto& c : m.commands)
    for (const auto& o : c.options) {
      bool seen = false;
      for (const auto* a : all) seen = seen || a->name == o.name;
      if (!seen) all.push_back(&o);
    }
  std::string out;
  std::vector<std::string> files, dirs, stanzas;
  for (const auto* o : all) {
    const std::string opt = "--" + o->name;
    switch (o->value) {
      case ValueCompletion::choices:
        out += fmt::format("        {}) mapfile -t COMPREPLY < <(compgen -W '{}' -- \"$cur\") ;;\n", opt,
                           util::join(o->choices, " "));
        break;
      case ValueCompletion::file: files.push_back(opt); break;
      case ValueCompletion::directory: dirs.push_back(opt); break;
      case ValueCompletion::stanza: stanzas.push_back(opt); break;
      case ValueCompletion::flag:
      case ValueCompletion::free: break;
    }
  }
  if (!files.empty())
    out += fmt::format("        {}) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- \"$cur\") ;;\n",
                       util::join(files, "|"));
  if (!dirs.empty())
    out += fmt::format("        {}) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- \"$cur\") ;;\n",
                       util::join(dirs, "|"));
  if (!stanzas.empty())
    out += fmt::format("        {}) mapfile -t COMPREPLY < <(compgen -W \"$(_reos_backup_stanzas)\" -- \"$cur\") ;;\n",
                       util::join(stanzas, "|"));
  return out;
}

std::string command_arms(const CompletionModel& m) {
  std::string out;
  for (const auto& c : m.commands) {
    out += fmt::format("        {})\n            opts='{}'\n", c.name, dashed(c.options));
    for (std::size_t i = 0; i < c.positionals.size(); ++i) {
      if (c.positionals[i].choices.empty()) continue;
      out += fmt::format("            ((npos == {})) && positional='{}'\n", i, util::join(c.positionals[i].choices, " "));
    }
    out += "            ;;\n";
  }
  return out;
}

}  // namespace

std::string render_bash_completion() {
  const CompletionModel m = completion_model();
  std::vector<std::string> value_opts, cmds;
  for (const auto& v : m.value_options) value_opts.push_back("--" + v);
  for (const auto& c : m.commands) cmds.push_back(c.name);

  std::string out =
      "# bash completion for reos-backup                          -*- shell-script -*-\n" + std::string(kGeneratedNotice) +
      "_reos_backup_stanzas()\n"
      "{\n"
      "    local conf='' i f line name re='^[[:space:]]*\\[([^]:]+)(:[^]]*)?\\]'\n"
      "    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do\n"
      "        case ${COMP_WORDS[i]} in\n"
      "            --pgbackrest-config)\n"
      "                if [[ ${COMP_WORDS[i+1]-} == '=' ]]; then conf=${COMP_WORDS[i+2]-}; else conf=${COMP_WORDS[i+1]-}; fi ;;\n"
      "            --pgbackrest-config=*) conf=${COMP_WORDS[i]#*=} ;;\n"
      "        esac\n"
      "    done\n"
      "    local -a files\n"
      "    if [[ -n $conf ]]; then\n"
      "        files=(\"${conf/#\\~/$HOME}\")\n"
      "    elif [[ -n ${REOS_PGBACKREST_CONFIG-} ]]; then\n"
      "        files=(\"$REOS_PGBACKREST_CONFIG\")\n"
      "    else\n"
      "        files=(" +
      std::string(kPgbackrestDefaultConfig) +
      " /etc/pgbackrest/conf.d/*.conf)\n"
      "    fi\n"
      "    local -A seen=()\n"
      "    for f in \"${files[@]}\"; do\n"
      "        [[ -f $f && -r $f ]] || continue\n"
      "        while IFS= read -r line || [[ -n $line ]]; do\n"
      "            [[ $line =~ $re ]] || continue\n"
      "            name=${BASH_REMATCH[1]}\n"
      "            [[ $name == global || -n ${seen[$name]-} ]] && continue\n"
      "            seen[$name]=1\n"
      "            printf '%s\\n' \"$name\"\n"
      "        done < \"$f\"\n"
      "    done\n"
      "}\n"
      "\n"
      "# Whether option $1 takes a value (so the next word is that value, not the command).\n"
      "_reos_backup_takes_value()\n"
      "{\n"
      "    case $1 in\n"
      "        " +
      util::join(value_opts, "|") +
      ") return 0 ;;\n"
      "    esac\n"
      "    return 1\n"
      "}\n"
      "\n"
      "# Completes the value of option $1 from the partial word $2.\n"
      "_reos_backup_value()\n"
      "{\n"
      "    local cur=$2\n"
      "    COMPREPLY=()\n"
      "    case $1 in\n" +
      value_arms(m) +
      "    esac\n"
      "}\n"
      "\n"
      "_reos_backup()\n"
      "{\n"
      "    local cur=${COMP_WORDS[COMP_CWORD]} cword=$COMP_CWORD\n"
      "    local -a words=(\"${COMP_WORDS[@]}\")\n"
      "    COMPREPLY=()\n"
      "\n"
      "    # --opt=value: bash splits it at '=' (COMP_WORDBREAKS) into --opt, =, value.\n"
      "    if [[ $cur == '=' ]] && _reos_backup_takes_value \"${words[cword-1]}\"; then\n"
      "        _reos_backup_value \"${words[cword-1]}\" ''\n"
      "        return\n"
      "    fi\n"
      "    if ((cword >= 2)) && [[ ${words[cword-1]} == '=' ]] && _reos_backup_takes_value \"${words[cword-2]}\"; then\n"
      "        _reos_backup_value \"${words[cword-2]}\" \"$cur\"\n"
      "        return\n"
      "    fi\n"
      "    if [[ $cur == --*=* ]]; then\n"
      "        # '=' is not a word break here: complete after it and keep the --opt= prefix.\n"
      "        local opt=${cur%%=*}\n"
      "        if _reos_backup_takes_value \"$opt\"; then\n"
      "            _reos_backup_value \"$opt\" \"${cur#*=}\"\n"
      "            COMPREPLY=(\"${COMPREPLY[@]/#/$opt=}\")\n"
      "        fi\n"
      "        return\n"
      "    fi\n"
      "    if ((cword >= 2)) && _reos_backup_takes_value \"${words[cword-1]}\"; then\n"
      "        _reos_backup_value \"${words[cword-1]}\" \"$cur\"\n"
      "        return\n"
      "    fi\n"
      "\n"
      "    # The command is the first word that is neither an option nor an option's value.\n"
      "    local cmd='' npos=0 i w\n"
      "    for ((i = 1; i < cword; i++)); do\n"
      "        w=${words[i]}\n"
      "        if [[ $w == -* ]]; then\n"
      "            if [[ $w != *=* ]] && _reos_backup_takes_value \"$w\"; then\n"
      "                i=$((i + 1))\n"
      "                [[ ${words[i]-} == '=' ]] && i=$((i + 1))\n"
      "            fi\n"
      "        elif [[ -z $cmd ]]; then\n"
      "            cmd=$w\n"
      "        else\n"
      "            npos=$((npos + 1))\n"
      "        fi\n"
      "    done\n"
      "\n"
      "    local globals='" +
      dashed(m.globals) +
      "'\n"
      "    if [[ -z $cmd ]]; then\n"
      "        if [[ $cur == -* ]]; then\n"
      "            mapfile -t COMPREPLY < <(compgen -W \"$globals\" -- \"$cur\")\n"
      "        else\n"
      "            mapfile -t COMPREPLY < <(compgen -W '" +
      util::join(cmds, " ") +
      "' -- \"$cur\")\n"
      "        fi\n"
      "        return\n"
      "    fi\n"
      "    local opts='' positional=''\n"
      "    case $cmd in\n" +
      command_arms(m) +
      "    esac\n"
      "    if [[ $cur != -* && -n $positional ]]; then\n"
      "        mapfile -t COMPREPLY < <(compgen -W \"$positional\" -- \"$cur\")\n"
      "    else\n"
      "        mapfile -t COMPREPLY < <(compgen -W \"$opts $globals\" -- \"$cur\")\n"
      "    fi\n"
      "}\n"
      "\n"
      "complete -F _reos_backup reos-backup\n";
  return out;
}

}  // namespace reos::cli
