#include "reos/cli/completion_model.hpp"

#include "reos/config/spec.hpp"

namespace reos::cli {

namespace {

ValueCompletion value_completion(const config::OptionSpec& o) {
  if (o.kind == config::ValueKind::flag) return ValueCompletion::flag;
  switch (o.completion) {
    case config::Completion::choices: return ValueCompletion::choices;
    case config::Completion::file: return ValueCompletion::file;
    case config::Completion::directory: return ValueCompletion::directory;
    case config::Completion::stanza: return ValueCompletion::stanza;
    case config::Completion::none: break;
  }
  // No hint: fall back on the kind, so a new option completes sensibly by default.
  if (!o.choices.empty()) return ValueCompletion::choices;
  if (o.kind == config::ValueKind::path) return ValueCompletion::file;
  if (o.kind == config::ValueKind::directory) return ValueCompletion::directory;
  return ValueCompletion::free;
}

CompletionOption completion_option(const config::OptionSpec& o) {
  CompletionOption c;
  c.name = std::string(o.name);
  c.help = std::string(o.help);
  c.value_name = o.kind == config::ValueKind::flag ? std::string() : std::string(o.value_name);
  c.value = value_completion(o);
  for (auto ch : o.choices) c.choices.emplace_back(ch);
  c.repeatable = o.repeatable;
  return c;
}

}  // namespace

CompletionModel completion_model() {
  CompletionModel m;
  for (auto name : config::global_options()) {
    const config::OptionSpec& o = *config::find_option(name);
    if (!o.secret()) m.globals.push_back(completion_option(o));
  }
  m.globals.push_back({"help", "print the commands, or a command's options, and exit", "", ValueCompletion::flag, {}, false});
  m.globals.push_back({"version", "print the version and exit", "", ValueCompletion::flag, {}, false});
  for (const auto& c : config::commands()) {
    CompletionCommand cc{std::string(c.name), std::string(c.summary), {}, {}};
    for (auto name : c.options) {
      const config::OptionSpec& o = *config::find_option(name);
      if (!o.secret()) cc.options.push_back(completion_option(o));
    }
    for (const auto& p : c.positionals) {
      CompletionPositional cp{std::string(p.name), std::string(p.help), {}};
      for (auto ch : p.choices) cp.choices.emplace_back(ch);
      cc.positionals.push_back(std::move(cp));
    }
    m.commands.push_back(std::move(cc));
  }
  for (const auto& o : config::options())
    if (o.kind != config::ValueKind::flag) m.value_options.emplace_back(o.name);
  return m;
}

}  // namespace reos::cli
