#include "reos/pgbackrest/config_reader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "reos/error/error.hpp"

namespace reos::pgbackrest {

namespace {

constexpr const char* kDefaultConfig = "/etc/pgbackrest/pgbackrest.conf";
constexpr const char* kLegacyConfig = "/etc/pgbackrest.conf";  // read when the default is absent
constexpr const char* kDefaultIncludePath = "/etc/pgbackrest/conf.d";

bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/// The *.conf names of `dir` (pgBackRest's ".+\.conf$"), sorted bytewise like its strLstSort.
std::vector<std::string> include_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".conf") == 0 && is_file(e.path().string()))
      out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// pgBackRest's options that take a value many times (in one section the key repeats).
bool multi_value(const std::string& key) {
  static const std::set<std::string> keys{"db-include", "db-exclude", "exclude", "link-map", "recovery-option", "tablespace-map"};
  return keys.count(key) > 0;
}

}  // namespace

ConfigLocation config_location(const std::optional<std::string>& given, const config::Environment& env) {
  auto var = [&](const char* name) -> std::optional<std::string> {
    auto it = env.find(name);
    // pgBackRest refuses an empty PGBACKREST_* value; unset and empty both mean "not given" here.
    return it == env.end() || it->second.empty() ? std::nullopt : std::optional<std::string>(it->second);
  };
  return {given ? given : var("PGBACKREST_CONFIG"), var("PGBACKREST_CONFIG_PATH"), var("PGBACKREST_CONFIG_INCLUDE_PATH")};
}

Config read_config(const ConfigLocation& where) {
  Config cfg;
  // --config-path moves both defaults; only the untouched default falls back to the legacy file.
  const std::string default_config = where.config_path ? *where.config_path + "/pgbackrest.conf" : kDefaultConfig;
  const std::string default_include = where.config_path ? *where.config_path + "/conf.d" : kDefaultIncludePath;
  std::string main = where.config.value_or(default_config);
  if (!where.config && !where.config_path && !is_file(main) && is_file(kLegacyConfig)) main = kLegacyConfig;
  std::vector<std::string> files;
  if (is_file(main)) files.push_back(main);
  // --config alone names the whole configuration: no include directory then.
  if (!where.config || where.config_include_path || where.config_path)
    for (auto& f : include_files(where.config_include_path.value_or(default_include))) files.push_back(std::move(f));
  // pgBackRest concatenates the files into one INI text: a key twice in one section is a list,
  // which only its multi-value options accept.
  std::map<std::pair<std::string, std::string>, std::string> seen;  // (section, key) -> "file:line"
  for (const auto& f : files) {
    auto part = config::read_config_file(f, config::Dialect::pgbackrest);
    for (auto& e : part.entries) {
      const std::string at = fmt::format("{}:{}", f, e.line);
      auto [it, fresh] = seen.emplace(std::pair{e.section, e.key}, at);
      if (!fresh && !multi_value(e.key)) {
        throw error::Error(error::ExitCode::Config,
                           fmt::format("{}: '{}' is set again in [{}] (first at {}); pgBackRest refuses an option set twice", at,
                                       e.key, e.section, it->second),
                           "keep one of the two lines (the files of the include directory are one configuration)");
      }
      cfg.entries.push_back(std::move(e));
    }
    cfg.files.push_back(f);
  }
  return cfg;
}

Config read_config(const config::Settings& s, const config::Environment& env) {
  return read_config(config_location(s.optional("pgbackrest-config"), env));
}

std::string Config::described() const {
  if (files.empty()) return "no pgBackRest config file";
  std::string out;
  for (const auto& f : files) out += (out.empty() ? "" : ", ") + f;
  return out;
}

std::map<std::string, std::string> stanza_options(const Config& cfg, const std::string& stanza, std::string_view command) {
  const std::string sections[] = {stanza + ":" + std::string(command), stanza, "global:" + std::string(command), "global"};
  std::map<std::string, std::string> out;
  for (const auto& section : sections) {
    if (section.empty() || section.front() == ':') continue;  // no stanza: only the global sections
    for (const auto& e : cfg.entries)
      if (e.section == section) out.emplace(e.key, e.value);  // first found wins, as in pgBackRest
  }
  return out;
}

namespace {

std::optional<int> integer(const std::map<std::string, std::string>& o, const std::string& key) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  try {
    return std::stoi(it->second);
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<std::string> text(const std::map<std::string, std::string>& o, const std::string& key) {
  auto it = o.find(key);
  return it == o.end() ? std::nullopt : std::optional<std::string>(it->second);
}

}  // namespace

StanzaLocation stanza_location(const Config& cfg, const std::string& stanza, std::string_view command) {
  const auto o = stanza_options(cfg, stanza, command);
  StanzaLocation loc;
  loc.pg_path = text(o, "pg1-path");
  loc.pg_socket_path = text(o, "pg1-socket-path");
  if (auto a = text(o, "archive-async")) loc.archive_async = *a == "y";
  loc.pg_port = integer(o, "pg1-port");
  loc.process_max = integer(o, "process-max");
  if (auto t = text(o, "io-timeout")) {
    try {
      if (double v = std::stod(*t); v > 0) loc.io_timeout_s = v;
    } catch (...) {
    }  // pgBackRest itself refuses a malformed value: the call says so
  }
  return loc;
}

std::vector<int> configured_repos(const std::map<std::string, std::string>& options) {
  // repo1 always exists (default posix at /var/lib/pgbackrest); others only when one of their
  // keys is set. pgBackRest 2.45 allows repo1..repo256.
  std::vector<int> out{1};
  for (int n = 2; n <= 256; ++n) {
    const std::string prefix = "repo" + std::to_string(n) + "-";
    auto it = options.lower_bound(prefix);
    if (it != options.end() && it->first.rfind(prefix, 0) == 0) out.push_back(n);
  }
  return out;
}

bool repo_on_local_disk(const std::map<std::string, std::string>& options, int n) {
  const std::string prefix = "repo" + std::to_string(n) + "-";
  if (options.count(prefix + "host")) return false;  // a repository host keeps it remote
  const std::string type = text(options, prefix + "type").value_or("posix");
  return type == "posix" || type == "cifs";
}

std::vector<WrittenPath> written_paths(const std::map<std::string, std::string>& options) {
  std::vector<WrittenPath> out;
  for (int n : configured_repos(options)) {
    if (!repo_on_local_disk(options, n)) continue;
    const std::string prefix = "repo" + std::to_string(n) + "-";
    if (auto p = text(options, prefix + "path"))
      out.push_back({*p, prefix + "path"});
    else
      out.push_back({"/var/lib/pgbackrest", prefix + "path (default)"});
  }
  for (auto [key, fallback] : {std::pair{"log-path", "/var/log/pgbackrest"},
                               {"spool-path", "/var/spool/pgbackrest"},
                               {"lock-path", "/tmp/pgbackrest"}}) {
    if (auto p = text(options, key))
      out.push_back({*p, key});
    else
      out.push_back({fallback, std::string(key) + " (default)"});
  }
  return out;
}

}  // namespace reos::pgbackrest
