#include "reos/pgbackrest/config_reader.hpp"

#include <sys/stat.h>

#include <fstream>

#include "reos/util/text.hpp"

namespace reos::pgbackrest {

std::string effective_config_path(const std::optional<std::string>& given) {
  if (given) return *given;
  struct stat st{};
  if (::stat("/etc/pgbackrest/pgbackrest.conf", &st) == 0) return "/etc/pgbackrest/pgbackrest.conf";
  if (::stat("/etc/pgbackrest.conf", &st) == 0) return "/etc/pgbackrest.conf";
  return "/etc/pgbackrest/pgbackrest.conf";
}

std::map<std::string, std::string> read_stanza_options(const std::string& config_path, const std::string& stanza) {
  std::map<std::string, std::string> global, own;
  std::ifstream in(config_path);
  std::string line, section;
  while (std::getline(in, line)) {
    line = util::trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = line.substr(1, line.size() - 2);
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    auto* into = section == "global" ? &global : section == stanza ? &own : nullptr;
    if (into) (*into)[util::trim(line.substr(0, eq))] = util::trim(line.substr(eq + 1));
  }
  own.merge(global);  // keeps the stanza's own value where both have the key
  return own;
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

StanzaLocation read_stanza_location(const std::string& config_path, const std::string& stanza) {
  const auto o = read_stanza_options(config_path, stanza);
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

std::vector<WrittenPath> written_paths(const std::map<std::string, std::string>& options) {
  std::vector<WrittenPath> out;
  for (int n : configured_repos(options)) {
    const std::string prefix = "repo" + std::to_string(n) + "-";
    if (options.count(prefix + "host")) continue;  // a repository host keeps it remote
    const std::string type = text(options, prefix + "type").value_or("posix");
    if (type != "posix" && type != "cifs") continue;
    if (auto p = text(options, prefix + "path")) out.push_back({*p, prefix + "path"});
    else out.push_back({"/var/lib/pgbackrest", prefix + "path (default)"});
  }
  for (auto [key, fallback] : {std::pair{"log-path", "/var/log/pgbackrest"}, {"spool-path", "/var/spool/pgbackrest"},
                               {"lock-path", "/tmp/pgbackrest"}}) {
    if (auto p = text(options, key)) out.push_back({*p, key});
    else out.push_back({fallback, std::string(key) + " (default)"});
  }
  return out;
}

}  // namespace reos::pgbackrest
