#include "reos/observe/state.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/atomic_file.hpp"
#include "reos/util/locked_file.hpp"

namespace reos::observe {

using error::Error;
using error::ExitCode;
using nlohmann::json;

std::string default_state_dir(const config::Environment& env) {
  auto get = [&](const char* k) -> std::string {
    auto it = env.find(k);
    return it == env.end() ? std::string() : it->second;
  };
  if (auto x = get("XDG_STATE_HOME"); !x.empty() && x[0] == '/') return x + "/reos-backup";
  if (auto h = get("HOME"); !h.empty() && h[0] == '/') return h + "/.local/state/reos-backup";
  throw Error(ExitCode::Config, "neither XDG_STATE_HOME nor HOME is set: no default place for reos-backup's state",
              "pass --state-file and --audit-log (or REOS_STATE_FILE, REOS_AUDIT_LOG)");
}

std::string state_file_path(const config::Settings& s, const config::Environment& env) {
  if (auto p = s.optional("state-file")) return *p;
  return default_state_dir(env) + "/state.json";
}

json read_state(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return json::object();
    throw Error(ExitCode::Config, fmt::format("cannot read state file '{}': {}", path, std::strerror(errno)),
                "check its permissions, or pass another --state-file");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    throw Error(ExitCode::Config, fmt::format("state file '{}' is not a JSON object", path),
                "it was edited by hand; restore it or move it away (counters restart from 0)");
  }
  return j;
}

void update_state(const std::string& path, const std::function<void(json&)>& change) {
  util::LockedFile lock(path + ".lock", O_RDWR | O_CREAT, 0600);
  json state = read_state(path);
  state["schema_version"] = 1;
  change(state);
  util::write_file_atomically(path, state.dump(2, ' ', false, json::error_handler_t::replace) + "\n", 0600);
}

namespace {

// Counts one attempt in `slot` and remembers its result.
void count_attempt(json& slot, bool ok, std::int64_t epoch, const std::string& error_name) {
  if (!slot.is_object()) slot = json::object();  // the first record there
  const char* counter = ok ? "success_total" : "failure_total";
  slot[counter] = slot.value(counter, 0LL) + 1;
  slot["last_ok"] = ok;
  slot["last_epoch"] = epoch;
  slot["last_error"] = error_name;
}

}  // namespace

void record_backup(const std::string& path, const std::string& stanza, const std::string& type, bool ok, std::int64_t epoch,
                   const std::string& error_name) {
  update_state(path, [&](json& st) { count_attempt(st["stanzas"][stanza]["backup"][type], ok, epoch, error_name); });
}

void record_restore(const std::string& path, const std::string& stanza, bool ok, std::int64_t epoch,
                    const std::string& error_name) {
  update_state(path, [&](json& st) { count_attempt(st["stanzas"][stanza]["restore"], ok, epoch, error_name); });
}

void record_verify(const std::string& path, const std::string& stanza, const VerifyRecord& r) {
  update_state(path, [&](json& st) {
    json& v = st["stanzas"][stanza]["verify"];
    json history = v.is_object() && v.contains("history") && v["history"].is_array() ? v["history"] : json::array();
    history.push_back(to_json(r));
    if (history.size() > kDrillHistoryKeep) history.erase(history.begin(), history.end() - kDrillHistoryKeep);
    v = to_json(r);
    v["history"] = std::move(history);
  });
}

}  // namespace reos::observe
