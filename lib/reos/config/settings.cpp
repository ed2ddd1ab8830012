#include "reos/config/settings.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "reos/config/policy.hpp"
#include "reos/config/spec.hpp"
#include "reos/error/error.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/text.hpp"

extern char** environ;

namespace reos::config {

using error::Error;
using error::ExitCode;

Environment environment_snapshot() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

std::string_view origin_name(Origin o) {
  switch (o) {
    case Origin::default_value: return "default";
    case Origin::config_file: return "config file";
    case Origin::credential: return "credential";
    case Origin::environment: return "environment";
    case Origin::command_line: return "command line";
  }
  return "?";
}

namespace {

std::optional<bool> parse_bool(const std::string& v) {
  if (v == "1" || v == "true" || v == "yes" || v == "on" || v == "y") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off" || v == "n") return false;
  return std::nullopt;
}

struct Problem {
  std::string what;
  std::string hint;
};

// Checks one value against its option's kind. Returns the problem, worded so that the
// caller only prefixes where the value came from.
std::optional<Problem> check_value(const OptionSpec& o, const std::string& v) {
  switch (o.kind) {
    case ValueKind::flag:
      if (!parse_bool(v)) return Problem{fmt::format("'{}' is not a boolean", v), "use true or false"};
      return std::nullopt;
    case ValueKind::text:
      if (v.empty()) return Problem{"is empty", "give a value or leave the setting out"};
      return std::nullopt;
    case ValueKind::path:
    case ValueKind::directory:
      if (v.empty()) return Problem{"is empty", "give a path"};
      if (v.find('\0') != std::string::npos) return Problem{"contains a NUL byte", "give a plain path"};
      return std::nullopt;
    case ValueKind::duration:
      if (!util::parse_duration(v)) return Problem{fmt::format("'{}' is not a duration", v), "use e.g. 90s, 5m, 2h or 1h30m"};
      return std::nullopt;
    case ValueKind::choice:
      if (std::find(o.choices.begin(), o.choices.end(), v) == o.choices.end()) {
        std::vector<std::string> c(o.choices.begin(), o.choices.end());
        return Problem{fmt::format("'{}' is not one of {}", v, util::join(c, ", ")),
                       fmt::format("use --{} {}", o.name, util::join(c, "|"))};
      }
      return std::nullopt;
    case ValueKind::integer: {
      bool digits = !v.empty() && v.size() < 12 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
      long long n = digits ? std::stoll(v) : 0;
      if (!digits || (o.min < o.max && (n < o.min || n > o.max))) {
        return Problem{fmt::format("'{}' is not a whole number from {} to {}", v, o.min, o.max),
                       fmt::format("use e.g. --{} {}", o.name, o.min)};
      }
      return std::nullopt;
    }
    case ValueKind::identifier: {
      const std::string rule = "use letters, digits, '-', '_' and '.', not starting with '-'";
      if (v.empty()) return Problem{"is empty", rule};
      if (v.size() > 64) return Problem{fmt::format("'{}' is longer than 64 characters", v), rule};
      if (v[0] == '-') return Problem{fmt::format("'{}' starts with '-'", v), rule};
      for (char c : v) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) {
          std::string shown =
              c == ' ' ? "a space"
                       : (std::isprint(static_cast<unsigned char>(c)) ? fmt::format("'{}'", c) : "a control character");
          return Problem{fmt::format("'{}' contains {}", v, shown), rule};
        }
      }
      if (std::all_of(v.begin(), v.end(), [](char c) { return c == '.'; }))
        return Problem{fmt::format("'{}' is only dots", v), rule};
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// A repeatable option is checked element by element.
std::optional<Problem> check_any(const OptionSpec& o, const std::string& v) {
  if (!o.repeatable) return check_value(o, v);
  std::size_t start = 0;
  while (start <= v.size()) {
    std::size_t comma = v.find(',', start);
    if (auto p = check_value(o, util::trim(v.substr(start, comma == std::string::npos ? std::string::npos : comma - start))))
      return p;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return std::nullopt;
}

std::string normalize(const OptionSpec& o, const std::string& v) {
  if (o.kind == ValueKind::flag) return parse_bool(v).value_or(false) ? "true" : "false";
  return v;
}

bool option_applies(const config::CommandSpec& cmd, std::string_view name) {
  const auto& g = config::global_options();
  return std::find(g.begin(), g.end(), name) != g.end() ||
         std::find(cmd.options.begin(), cmd.options.end(), name) != cmd.options.end();
}

}  // namespace

namespace {

// A lookup by a name the table does not have is a bug (a typo in a command file): it must not
// pass as "not set".
std::string known(std::string_view name) {
  if (!config::find_option(name)) {
    throw Error(ExitCode::Internal, fmt::format("no option named '{}' in the option table", name),
                "this is a bug in reos-backup; please report it with the command line used");
  }
  return std::string(name);
}

// The rows' only-with rules: an option set without what it needs is a usage error naming
// the rule ("--target-exclusive applies to --target-time, --target-lsn and --target-xid only").
void check_only_with(const CommandSpec& cmd, const Settings& s) {
  auto dashed = [](const std::vector<std::string_view>& names) {
    std::vector<std::string> out;
    for (auto n : names) out.push_back("--" + std::string(n));
    return out;
  };
  auto spoken = [](const std::vector<std::string>& words) {  // "a", "a and b", "a, b and c"
    if (words.size() < 2) return util::join(words, "");
    return util::join(std::vector<std::string>(words.begin(), words.end() - 1), ", ") + " and " + words.back();
  };
  for (const auto& o : options()) {
    if (!option_applies(cmd, o.name) || !s.has(o.name)) continue;
    const auto& rule = o.only_with;
    if (!rule.options.empty() && std::none_of(rule.options.begin(), rule.options.end(), [&](auto n) { return s.has(n); })) {
      throw Error(ExitCode::Usage, fmt::format("--{} applies to {} only", o.name, spoken(dashed(rule.options))),
                  fmt::format("drop --{}", o.name));
    }
    const std::string action = s.positionals.empty() ? std::string() : s.positionals[0];
    if (!rule.actions.empty() && std::find(rule.actions.begin(), rule.actions.end(), action) == rule.actions.end()) {
      throw Error(ExitCode::Usage,
                  fmt::format("--{} is only for {} {}", o.name, cmd.name,
                              spoken(std::vector<std::string>(rule.actions.begin(), rule.actions.end()))),
                  fmt::format("drop --{} from '{} {}'", o.name, cmd.name, action));
    }
  }
}

}  // namespace

bool Settings::has(std::string_view name) const { return values.count(known(name)) > 0; }

const std::string& Settings::text(std::string_view name) const {
  static const std::string empty;
  auto it = values.find(known(name));
  return it == values.end() ? empty : it->second.value;
}

std::optional<std::string> Settings::optional(std::string_view name) const {
  auto it = values.find(known(name));
  if (it == values.end()) return std::nullopt;
  return it->second.value;
}

bool Settings::flag(std::string_view name) const { return text(name) == "true"; }

long long Settings::integer(std::string_view name) const {
  const auto& t = text(name);
  return t.empty() ? 0 : std::stoll(t);
}

std::chrono::milliseconds Settings::duration(std::string_view name) const {
  return util::parse_duration(text(name)).value_or(std::chrono::milliseconds(0));
}

std::vector<std::string> Settings::list(std::string_view name) const {
  std::vector<std::string> out;
  const std::string& t = text(name);
  std::size_t start = 0;
  while (!t.empty() && start <= t.size()) {
    std::size_t comma = t.find(',', start);
    std::string item = util::trim(t.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<std::string> config_path_for(const CommandLine& cl, const Environment& env, const std::string& default_path) {
  if (auto it = cl.values.find("config"); it != cl.values.end()) return it->second;
  if (auto it = env.find("REOS_CONFIG"); it != env.end() && !it->second.empty()) return it->second;
  struct stat st {};
  if (::stat(default_path.c_str(), &st) == 0) return default_path;
  return std::nullopt;
}

Settings resolve(const CommandLine& cl, const Environment& env, const ConfigFile* cfg) {
  const config::CommandSpec* cmd = config::find_command(cl.command);
  if (!cmd) throw Error(ExitCode::Usage, fmt::format("unknown command '{}'", cl.command), "see reos-backup --help");

  Settings s;
  s.command = cl.command;
  s.positionals = cl.positionals;
  if (cfg) s.config_path = cfg->path;

  // 1. Command line (already restricted to this command's options by the parser).
  for (const auto& [name, value] : cl.values) {
    const OptionSpec* o = config::find_option(name);
    if (!o) continue;
    if (o->secret()) {
      throw Error(
          ExitCode::Usage,
          fmt::format("--{} is a secret and is not accepted on the command line (every user can read argv)", name),
          fmt::format("set {} in the environment or put {} in the config file (mode 0600)", config::env_name(name), name));
    }
    if (auto p = check_any(*o, value)) throw Error(ExitCode::Usage, fmt::format("--{}: {}", name, p->what), p->hint);
    s.values[name] = {normalize(*o, value), Origin::command_line, "--" + name};
  }

  // 2. Config file keys are checked against the table even when not used by this command,
  //    so a typo is found on the first run, with its line number.
  if (cfg) {
    bool has_secret = false;
    for (const auto& e : cfg->entries) {
      if (e.section.rfind("minio:", 0) == 0) {  // alias sections belong to reos/minio
        has_secret = has_secret || e.key == "secret-key";
        continue;
      }
      if (e.section == "policy") continue;  // checked below by its own reader
      const OptionSpec* o = config::find_option(e.key);
      if (!o || !o->from_config()) {
        throw Error(ExitCode::Config, fmt::format("{}:{}: unknown key '{}'", cfg->path, e.line, e.key),
                    "valid keys are listed in reos-backup(1), section CONFIG FILE");
      }
      if (e.key == "stanza" && e.section != "global") {
        throw Error(ExitCode::Config, fmt::format("{}:{}: 'stanza' cannot be set inside [{}]", cfg->path, e.line, e.section),
                    "the section name already names the stanza");
      }
      if (auto p = check_any(*o, e.value)) {
        throw Error(ExitCode::Config, fmt::format("{}:{}: {} {}", cfg->path, e.line, e.key, p->what), p->hint);
      }
      has_secret = has_secret || o->secret();
    }
    read_retention_policy(cfg);  // a typo in [policy] is found on the first run too
    if (has_secret && cfg->readable_by_others) {
      throw Error(ExitCode::Config, fmt::format("config file '{}' holds secrets but is readable by group or others", cfg->path),
                  fmt::format("run: chmod 600 {}", cfg->path));
    }
  }

  // 3. Environment, then config file, then default, for each option of this command.
  auto from_env = [&](const OptionSpec& o) -> bool {
    if (!o.from_env()) return false;
    auto it = env.find(config::env_name(o.name));
    if (it == env.end()) return false;
    if (auto p = check_any(o, it->second)) {
      std::string shown = o.secret() ? std::string("<redacted>") : it->second;
      throw Error(ExitCode::Config, fmt::format("{}='{}': {}", config::env_name(o.name), shown, p->what), p->hint);
    }
    s.values[std::string(o.name)] = {normalize(o, it->second), Origin::environment, config::env_name(o.name)};
    return true;
  };
  // systemd hands a unit its LoadCredential= files in $CREDENTIALS_DIRECTORY, one per name;
  // a secret's name is its option name. A file the world can read is refused, like a config
  // file holding secrets. The group bits are not a refusal here: systemd makes the file 0400
  // and, where the file system has POSIX ACLs (tmpfs), grants the unit's user read through an
  // ACL entry, and stat() then reports the ACL mask (r) as the group bits, 0440, although no
  // group can read it; the directory itself is private to the unit.
  auto from_credential = [&](const OptionSpec& o) -> bool {
    auto dir = env.find("CREDENTIALS_DIRECTORY");
    if (!o.secret() || dir == env.end() || dir->second.empty()) return false;
    const std::string path = dir->second + "/" + std::string(o.name);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 && errno == ENOENT) return false;  // not handed to this unit
    if (fd < 0) {
      throw Error(ExitCode::Config, fmt::format("cannot read credential file '{}': {}", path, std::strerror(errno)),
                  "the unit's user must own it (LoadCredential= makes it so)");
    }
    struct stat st {};
    const bool world_readable = ::fstat(fd, &st) == 0 && (st.st_mode & S_IROTH) != 0;
    std::string value;
    char chunk[4096];
    for (ssize_t n; (n = ::read(fd, chunk, sizeof chunk)) > 0;) value.append(chunk, static_cast<size_t>(n));
    ::close(fd);
    if (world_readable) {
      throw Error(ExitCode::Config, fmt::format("credential file '{}' is readable by others", path),
                  fmt::format("run: chmod 400 {} (systemd's LoadCredential= makes it so)", path));
    }
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    if (auto p = check_any(o, value)) {
      throw Error(ExitCode::Config, fmt::format("credential '{}'='<redacted>': {}", path, p->what), p->hint);
    }
    s.values[std::string(o.name)] = {normalize(o, value), Origin::credential, path};
    return true;
  };
  auto from_config = [&](const OptionSpec& o, const std::string& section) -> bool {
    if (!cfg) return false;
    const ConfigEntry* found = nullptr;
    for (const auto& e : cfg->entries)
      if (e.section == section && e.key == o.name) found = &e;  // last one wins, as in INI files
    if (!found) return false;
    s.values[std::string(o.name)] = {normalize(o, found->value), Origin::config_file,
                                     fmt::format("{}:{}", cfg->path, found->line)};
    return true;
  };

  auto resolve_one = [&](const OptionSpec& o) {
    std::string name(o.name);
    if (s.values.count(name)) return;
    if (from_env(o)) return;
    if (from_credential(o)) return;
    if (s.has("stanza") && from_config(o, "stanza:" + s.text("stanza"))) return;
    if (from_config(o, "global")) return;
    if (!o.default_value.empty()) s.values[name] = {std::string(o.default_value), Origin::default_value, "default"};
  };

  // The stanza first: it selects the [stanza:NAME] section for everything else.
  if (option_applies(*cmd, "stanza")) resolve_one(*config::find_option("stanza"));
  for (const auto& o : config::options()) {
    if (option_applies(*cmd, o.name)) resolve_one(o);
  }
  if (!s.has("timeout")) {
    s.values["timeout"] = {std::string(cmd->default_timeout), Origin::default_value, "default for " + cl.command};
  }

  for (auto req : cmd->required) {
    if (!s.has(req)) {
      throw Error(ExitCode::Usage, fmt::format("{} needs --{}", cl.command, req),
                  fmt::format("give --{} {} (or set {})", req, config::find_option(req)->value_name, config::env_name(req)));
    }
  }
  check_only_with(*cmd, s);
  return s;
}

}  // namespace reos::config
