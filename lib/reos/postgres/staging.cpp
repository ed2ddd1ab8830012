#include "reos/postgres/staging.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/atomic_file.hpp"
#include "reos/util/text.hpp"

namespace reos::postgres {

using error::Error;
using error::ExitCode;

process::Invocation pg_controldata_call(const std::string& bindir, const std::string& data) {
  process::Invocation inv;
  inv.purpose = "pg_controldata";
  inv.program = bindir + "/pg_controldata";
  inv.args = {data};
  inv.env_overrides = {{"LC_ALL", "C"}};  // parse English labels
  inv.timeout = std::chrono::seconds(30);
  return inv;
}

std::map<std::string, std::string> parse_controldata(const std::string& text) {
  std::map<std::string, std::string> out;
  for (const auto& line : util::split_lines(text)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    out[util::trim(line.substr(0, colon))] = util::trim(line.substr(colon + 1));
  }
  return out;
}

std::string staging_conf_text(const StagingPaths& p, int port, const std::map<std::string, std::string>& cd) {
  std::string s = "# Written by reos-backup for a restored copy; the copy's own settings first, then ours.\n";
  s += fmt::format("include_if_exists = '{}/postgresql.conf'\n", p.data);
  s += fmt::format("hba_file = '{}'\nident_file = '{}'\n", p.hba(), p.ident());
  s += fmt::format("port = {}\nlisten_addresses = ''\nunix_socket_directories = '{}'\n", port, p.socket_dir());
  s += "archive_mode = off\nhot_standby = on\nlogging_collector = off\n";
  // Recovery stops with "insufficient parameter settings" when these are below the source's.
  const std::pair<const char*, const char*> floors[] = {
      {"max_connections setting", "max_connections"},
      {"max_worker_processes setting", "max_worker_processes"},
      {"max_wal_senders setting", "max_wal_senders"},
      {"max_prepared_xacts setting", "max_prepared_transactions"},
      {"max_locks_per_xact setting", "max_locks_per_transaction"},
  };
  for (const auto& [label, guc] : floors) {
    auto it = cd.find(label);
    if (it != cd.end() && !it->second.empty()) s += fmt::format("{} = {}\n", guc, it->second);
  }
  return s;
}

void write_staging_files(const StagingPaths& p, int port, const std::map<std::string, std::string>& controldata) {
  for (const std::string& dir : {p.control, p.socket_dir()}) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      throw Error(ExitCode::Refused, fmt::format("cannot create '{}': {}", dir, std::strerror(errno)),
                  "check that the work directory is writable by this user");
    }
    ::chmod(dir.c_str(), 0700);  // the trust rule below is safe only on a private socket dir
  }
  util::write_file_atomically(p.conf(), staging_conf_text(p, port, controldata), 0600);
  util::write_file_atomically(p.hba(),
                              "# reos-backup: only the owner can reach this 0700 socket directory\nlocal all all trust\n", 0600);
  util::write_file_atomically(p.ident(), "", 0600);
}

process::Invocation pg_ctl_start_call(const std::string& bindir, const StagingPaths& p, std::chrono::seconds wait,
                                      const std::map<std::string, std::string>& secret_env) {
  process::Invocation inv;
  inv.env_overrides = secret_env;
  for (const auto& [name, value] : secret_env) inv.secret_env.push_back(name);
  inv.purpose = "pg_ctl start";
  inv.program = bindir + "/pg_ctl";
  inv.args = {"start", "-D", p.data, "-l", p.log(), "-w", "-t", std::to_string(wait.count()), "-o", "-c config_file=" + p.conf()};
  inv.timeout = wait + std::chrono::seconds(30);
  return inv;
}

process::Invocation pg_ctl_stop_call(const std::string& bindir, const std::string& data) {
  process::Invocation inv;
  inv.purpose = "pg_ctl stop";
  inv.program = bindir + "/pg_ctl";
  inv.args = {"stop", "-D", data, "-m", "fast", "-w", "-t", "120"};
  inv.timeout = std::chrono::seconds(150);
  inv.survives_interrupt = true;  // cleanup must finish even after Ctrl-C
  return inv;
}

bool is_plain_path(const std::string& path) { return util::is_plain_word(path, true); }

int find_free_port(int first) {
  for (int port = first; port < first + 500 && port < 65536; ++port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (free) return port;
  }
  return 0;
}

PostmasterState postmaster_state(const std::string& data, long* pid_out) {
  std::ifstream in(data + "/postmaster.pid");
  if (!in) return PostmasterState::none;
  long pid = 0;
  in >> pid;
  if (pid_out) *pid_out = pid;
  if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) return PostmasterState::running;
  return PostmasterState::stale_pid_file;
}

bool directory_has_entries(const std::string& path) {
  DIR* d = ::opendir(path.c_str());
  if (!d) return false;
  bool found = false;
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) {
      found = true;
      break;
    }
  }
  ::closedir(d);
  return found;
}

}  // namespace reos::postgres
