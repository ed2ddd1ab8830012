#include "reos/cli/parser.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "reos/config/spec.hpp"
#include "reos/error/error.hpp"
#include "reos/util/text.hpp"

namespace reos::cli {

using error::Error;
using error::ExitCode;

namespace {

std::string option_help(const config::OptionSpec& o) {
  std::string h(o.help);
  std::vector<std::string> extra;
  if (o.kind == config::ValueKind::choice) {
    std::vector<std::string> c(o.choices.begin(), o.choices.end());
    extra.push_back(util::join(c, "|"));
  }
  if (!o.default_value.empty()) extra.push_back(fmt::format("default: {}", o.default_value));
  if (o.from_env()) extra.push_back(fmt::format("env: {}", config::env_name(o.name)));
  if (!extra.empty()) h += " [" + util::join(extra, "; ") + "]";
  return h;
}

std::string command_list() {
  std::vector<std::string> names;
  for (const auto& c : config::commands()) names.emplace_back(c.name);
  return util::join(names, ", ");
}

std::string exit_code_footer() {
  std::string s = "Exit codes:\n";
  for (const auto& row : error::exit_code_table()) {
    s += fmt::format("  {:>2}  {:<19} {}\n", row.number, row.json_name, row.description);
  }
  s += "\nRun 'reos-backup COMMAND --help' for a command's options and examples; man reos-backup for more.";
  return s;
}

std::string examples_footer(const config::CommandSpec& c) {
  if (c.examples.empty()) return {};
  std::string s = "Examples:\n";
  for (const auto& e : c.examples) s += fmt::format("  # {}\n  {}\n", e.description, e.command);
  return s;
}

// Storage CLI11 writes into; std::map nodes stay put, so references remain valid.
struct Storage {
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::string>> lists;  // repeatable options
  std::map<std::string, CLI::Option*> opts;
  std::map<std::string, std::string> positionals;
  std::map<std::string, CLI::Option*> positional_opts;
};

void add_option(CLI::App& app, Storage& st, const config::OptionSpec& o, const std::string& key) {
  std::string flag = "--" + std::string(o.name);
  CLI::Option* opt;
  if (o.kind == config::ValueKind::flag) {
    const std::string help = option_help(o);
    opt = app.add_flag(flag, help);
  } else if (o.repeatable) {
    opt = app.add_option(flag, st.lists[key], option_help(o))->type_name(std::string(o.value_name));
  } else {
    opt = app.add_option(flag, st.values[key], option_help(o))->type_name(std::string(o.value_name));
  }
  if (o.secret()) opt->group("");  // hidden: accepted only to say why it is refused
  st.opts[key] = opt;
}

}  // namespace

std::optional<std::string> command_word(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") return std::nullopt;
    if (a.rfind("-", 0) == 0) {
      if (a.find('=') == std::string::npos && a.rfind("--", 0) == 0) {
        const config::OptionSpec* o = config::find_option(a.substr(2));
        if (o && o->kind != config::ValueKind::flag) ++i;  // skip its value
      }
      continue;
    }
    return a;
  }
  return std::nullopt;
}

std::string version_text() { return fmt::format("reos-backup {}", REOS_VERSION); }

bool wants_json(const std::vector<std::string>& args, const config::Environment& env) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--output=json") return true;
    if (args[i] == "--output" && i + 1 < args.size()) return args[i + 1] == "json";
    if (args[i].rfind("--output=", 0) == 0) return false;
  }
  auto it = env.find("REOS_OUTPUT");
  return it != env.end() && it->second == "json";
}

ParseResult parse_command_line(const std::vector<std::string>& args) {
  ParseResult result;
  bool asks_help = false, asks_version = false;
  for (const auto& a : args) {
    asks_help = asks_help || a == "--help" || a == "-h";
    asks_version = asks_version || a == "--version";
  }

  auto word = command_word(args);
  if (word && !config::find_command(*word)) {
    throw Error(ExitCode::Usage, fmt::format("unknown command '{}'", *word),
                fmt::format("commands are: {}; see reos-backup --help", command_list()));
  }
  if (!word && !asks_help && !asks_version) {
    throw Error(ExitCode::Usage, "no command given", fmt::format("commands are: {}; see reos-backup --help", command_list()));
  }
  // CLI11 would take the next option as the value ("--state-file --output json" sets the state
  // file to "--output" and then complains about "json"): say what is really wrong.
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (a.rfind("--", 0) != 0 || a.find('=') != std::string::npos) continue;
    const config::OptionSpec* o = config::find_option(a.substr(2));
    const std::string& next = args[i + 1];
    if (!o || o->kind == config::ValueKind::flag || next.rfind("--", 0) != 0) continue;
    if (config::find_option(next.substr(2, next.find('=') == std::string::npos ? std::string::npos : next.find('=') - 2))) {
      throw Error(ExitCode::Usage, fmt::format("{} needs a value, but the next word is the option {}", a, next),
                  fmt::format("give {} {}, or {}=VALUE for a value that starts with --", a, o->value_name, a));
    }
  }

  // CLI11 reads "--replicate=" (an empty value) as "--replicate" and takes the next word, even
  // an option, as its value: an empty value is refused here, naming the option.
  for (const auto& a : args) {
    if (a == "--") break;
    if (a.size() < 4 || a.rfind("--", 0) != 0 || a.back() != '=' || a.find('=') != a.size() - 1) continue;
    const config::OptionSpec* o = config::find_option(a.substr(2, a.size() - 3));
    if (o && o->kind != config::ValueKind::flag) {
      throw Error(ExitCode::Usage, fmt::format("{} has an empty value", a),
                  fmt::format("give {}{}, or leave the option out", a, o->value_name));
    }
  }

  // CLI11 reads "--fresh=no" as a flag given (with the value false, which we never read): a
  // switch takes no value, so "--dry-run=false" is refused rather than quietly meaning yes.
  for (const auto& a : args) {
    if (a == "--") break;
    const auto eq = a.find('=');
    if (a.rfind("--", 0) != 0 || eq == std::string::npos) continue;
    const config::OptionSpec* o = config::find_option(a.substr(2, eq - 2));
    if (o && o->kind == config::ValueKind::flag) {
      throw Error(ExitCode::Usage, fmt::format("{} is a switch and takes no value", a),
                  fmt::format("give --{} to turn it on, or leave it out", o->name));
    }
  }

  CLI::App app{"Operator toolkit for PostgreSQL (pgBackRest) and MinIO backups.", "reos-backup"};
  app.fallthrough();  // global options may follow the command word
  app.set_version_flag("--version", version_text(), "print the version and exit");
  app.footer(exit_code_footer());
  app.require_subcommand(0, 1);

  Storage global;
  for (auto name : config::global_options()) add_option(app, global, *config::find_option(name), std::string(name));

  std::map<std::string, std::unique_ptr<Storage>> per_command;
  for (const auto& c : config::commands()) {
    CLI::App* sub = app.add_subcommand(std::string(c.name), std::string(c.summary));
    // Only the command being run needs its options (the top-level help lists names and
    // summaries): building all of them was half of the start-up time.
    if (!word || c.name != *word) continue;
    sub->footer(std::string(c.description) +
                "\n\nGlobal options (--output, --dry-run, --timeout, --config, ...): see reos-backup --help.\n\n" +
                examples_footer(c));
    auto st = std::make_unique<Storage>();
    for (auto name : c.options) add_option(*sub, *st, *config::find_option(name), std::string(name));
    for (const auto& p : c.positionals) {
      std::string help(p.help);
      if (!p.choices.empty()) {
        std::vector<std::string> ch(p.choices.begin(), p.choices.end());
        help += " [" + util::join(ch, "|") + "]";
      }
      st->positional_opts[std::string(p.name)] = sub->add_option(std::string(p.name), st->positionals[std::string(p.name)], help);
    }
    per_command[std::string(c.name)] = std::move(st);
  }

  // CLI11 wants argv in reverse order when given a vector.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    result.kind = ParseResult::Kind::help;
    result.text = app.help();
    return result;
  } catch (const CLI::CallForAllHelp&) {
    result.kind = ParseResult::Kind::help;
    result.text = app.help("", CLI::AppFormatMode::All);
    return result;
  } catch (const CLI::CallForVersion&) {
    result.kind = ParseResult::Kind::version;
    result.text = version_text() + "\n";
    return result;
  } catch (const CLI::ParseError& e) {
    std::string where = word ? fmt::format("reos-backup {} --help", *word) : "reos-backup --help";
    throw Error(ExitCode::Usage, util::first_line(e.what()), fmt::format("see '{}'", where));
  }

  const std::string command = *word;
  result.command_line.command = command;
  auto collect = [&](Storage& st) {
    for (const auto& [name, opt] : st.opts) {
      if (opt->count() == 0) continue;
      const config::OptionSpec* o = config::find_option(name);
      if (o->kind == config::ValueKind::flag)
        result.command_line.values[name] = "true";
      else if (o->repeatable)
        result.command_line.values[name] = util::join(st.lists[name], ",");
      else
        result.command_line.values[name] = st.values[name];
    }
  };
  collect(global);
  collect(*per_command[command]);
  // Positionals in declaration order; checked against their choices here, where the
  // command line is the only possible source.
  for (const auto& p : config::find_command(command)->positionals) {
    Storage& st = *per_command[command];
    std::string name(p.name);
    if (st.positional_opts[name]->count() == 0) {
      if (p.required) {
        std::vector<std::string> ch(p.choices.begin(), p.choices.end());
        throw Error(ExitCode::Usage, fmt::format("{} needs {}", command, name),
                    ch.empty() ? fmt::format("see 'reos-backup {} --help'", command)
                               : fmt::format("give one of: {}", util::join(ch, ", ")));
      }
      continue;
    }
    const std::string& v = st.positionals[name];
    if (!p.choices.empty() && std::find(p.choices.begin(), p.choices.end(), v) == p.choices.end()) {
      std::vector<std::string> ch(p.choices.begin(), p.choices.end());
      throw Error(ExitCode::Usage, fmt::format("{}: '{}' is not one of {}", name, v, util::join(ch, ", ")),
                  fmt::format("use reos-backup {} {} ...", command, util::join(ch, "|")));
    }
    result.command_line.positionals.push_back(v);
  }
  return result;
}

}  // namespace reos::cli
