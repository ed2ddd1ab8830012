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

StanzaLocation read_stanza_location(const std::string& config_path, const std::string& stanza) {
  StanzaLocation global, own;
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
    StanzaLocation* into = section == "global" ? &global : section == stanza ? &own : nullptr;
    if (!into) continue;
    std::string key = util::trim(line.substr(0, eq)), value = util::trim(line.substr(eq + 1));
    if (key == "pg1-path") into->pg_path = value;
    else if (key == "pg1-socket-path") into->pg_socket_path = value;
    else if (key == "archive-async") into->archive_async = value == "y";
    else if (key == "pg1-port" || key == "repo1-retention-full") {
      try {
        (key == "pg1-port" ? into->pg_port : into->repo1_retention_full) = std::stoi(value);
      } catch (...) {
      }
    }
  }
  if (!own.pg_path) own.pg_path = global.pg_path;
  if (!own.pg_port) own.pg_port = global.pg_port;
  if (!own.pg_socket_path) own.pg_socket_path = global.pg_socket_path;
  if (!own.archive_async) own.archive_async = global.archive_async;
  if (!own.repo1_retention_full) own.repo1_retention_full = global.repo1_retention_full;
  return own;
}

}  // namespace reos::pgbackrest
