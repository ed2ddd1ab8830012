#include "reos/observe/audit.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/observe/state.hpp"
#include "reos/util/json_number.hpp"
#include "reos/util/locked_file.hpp"
#include "reos/util/sha256.hpp"
#include "reos/util/syslog.hpp"
#include "reos/util/time.hpp"

namespace reos::observe {

using nlohmann::json;

namespace {

const std::string kGenesis(64, '0');  // prev_sha256 of the first line

// The serialization that is hashed and written: compact, keys sorted (nlohmann's object is
// ordered), so parsing a line and dumping it again gives the same bytes.
std::string serialize(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string self_hash(json j) {
  j.erase("sha256");
  return util::sha256_hex(serialize(j));
}

std::vector<std::string> split_lines(std::string_view content) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < content.size()) {
    std::size_t nl = content.find('\n', start);
    if (nl == std::string_view::npos) nl = content.size();
    lines.emplace_back(content.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// The sequence number of a parsed line, when it is one: a whole number from 1 that a next
// line can still follow. Anything else (a string, an object, 8e81, INT64_MAX) is not, and reading
// it as long long would throw or overflow.
std::optional<long long> seq_of(const json& line) {
  if (!line.is_object()) return std::nullopt;
  auto it = line.find("seq");
  // Integers only (8e81 is not a sequence number), and one below the maximum so a next line fits.
  if (it == line.end() || !it->is_number_integer()) return std::nullopt;
  return util::whole_number<long long>(*it, 1, std::numeric_limits<long long>::max() - 1);
}

}  // namespace

std::string audit_log_path(const config::Settings& s, const config::Environment& env) {
  if (auto p = s.optional("audit-log")) return *p;
  if (::access("/var/log/reos-backup", W_OK) == 0) return "/var/log/reos-backup/audit.jsonl";
  return default_state_dir(env) + "/audit.jsonl";
}

json audit_actor(const config::Environment& env) {
  const uid_t uid = ::getuid();
  json who = {{"uid", uid}, {"user", nullptr}, {"sudo_user", nullptr}};
  std::vector<char> buf(16384);
  struct passwd pw {};
  struct passwd* found = nullptr;
  if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found) who["user"] = found->pw_name;
  if (auto it = env.find("SUDO_USER"); it != env.end()) who["sudo_user"] = it->second;
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return {{"who", who}, {"host", std::string(host)}};
}

std::string append_audit(const std::string& path, json entry) {
  util::LockedFile log(path, O_RDWR | O_APPEND | O_CREAT, 0600);
  // Under the lock the last line is stable: read it for the chain. Audit logs grow by a few
  // lines a day, so reading the file whole is cheap and keeps this obviously right.
  const auto lines = split_lines(log.read_all());
  entry["seq"] = 1;
  entry["prev_sha256"] = kGenesis;
  if (!lines.empty()) {
    // A last line that is not a record keeps the chain going by position; verify names it.
    const auto last = seq_of(json::parse(lines.back(), nullptr, false));
    entry["seq"] = (last ? *last : static_cast<long long>(lines.size())) + 1;
    entry["prev_sha256"] = util::sha256_hex(lines.back());
  }
  entry["sha256"] = self_hash(entry);
  const std::string line = serialize(entry) + "\n";
  // One write(2) with O_APPEND: the line lands whole at the end even if a reader looks now.
  ssize_t n;
  do n = ::write(log.fd(), line.data(), line.size());
  while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(line.size()) || ::fsync(log.fd()) != 0) {
    throw error::Error(error::ExitCode::Config, fmt::format("cannot append to audit log '{}': {}", path, std::strerror(errno)),
                       "check free space and permissions, or pass another --audit-log");
  }
  return line.substr(0, line.size() - 1);
}

AuditVerdict verify_audit(std::string_view content) {
  AuditVerdict v;
  const auto lines = split_lines(content);
  auto fail = [&](long long n, std::string why) {
    v.ok = false;
    v.line = n;
    v.problem = fmt::format("line {}: {}", n, why);
    return v;
  };
  std::string prev_hash = kGenesis;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const long long n = static_cast<long long>(i) + 1;
    v.lines = n;
    json j = json::parse(lines[i], nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("sha256") || !j["sha256"].is_string()) {
      return fail(n, "is not an audit record (edited or truncated)");
    }
    if (j["sha256"].get<std::string>() != self_hash(j) || serialize(j) != lines[i]) {
      return fail(n, "was edited: its content does not match its sha256");
    }
    if (seq_of(j) != n) {
      return fail(n, fmt::format("has sequence number {} where {} belongs: a line before it was deleted, or lines "
                                 "were reordered",
                                 j.contains("seq") ? j["seq"].dump() : std::string("(none)"), n));
    }
    if (!j.contains("prev_sha256") || j["prev_sha256"] != prev_hash) {
      return fail(n, "does not follow the line before it (prev_sha256 differs): lines were deleted or reordered");
    }
    prev_hash = util::sha256_hex(lines[i]);
  }
  return v;
}

// One audit line per run of a changing command, after it ran, whatever its outcome. A failure
// to write the line is a warning (stderr and the envelope), not the run's failure: the backup or
// restore did happen, and reporting it as failed would count a good backup as a failure and
// make a scheduler retry it; monitoring sees the warning instead. The same holds for the copy
// sent to the system log, which is sent even when the file could not be written (then without
// the chain's fields, which only the file can give).
void audit_run(const config::Settings& settings, const config::Environment& environment, const std::vector<std::string>& args,
               output::Envelope& env, std::chrono::steady_clock::time_point t0, const util::Redactor& redactor,
               const util::Logger& log, const std::string& syslog_socket) {
  auto warn = [&](std::string message) {
    env.warnings.push_back(std::move(message));
    log.warn(env.warnings.back());
  };
  json entry;
  std::string line;
  try {
    const std::string path = audit_log_path(settings, environment);
    json target = json::object();
    for (const char* k : {"stanza", "alias", "source", "target", "remote-alias", "remote-bucket", "pg-path"})
      if (settings.has(k)) target[k] = settings.text(k);
    if (settings.has("bucket")) target["bucket"] = settings.list("bucket");
    entry = observe::audit_actor(environment);
    entry["time"] = util::rfc3339_utc_ms(env.started_at);
    entry["argv"] = redactor.argv(args);
    entry["command"] = settings.command;
    entry["action"] = settings.positionals.empty() ? json(nullptr) : json(settings.positionals[0]);
    entry["target"] = target;
    entry["ok"] = !env.error.has_value();
    entry["exit_code"] = env.error ? env.error->exit_code() : 0;
    entry["error"] = env.error ? json(error::row_for(env.error->code()).json_name) : json(nullptr);
    const auto* up = env.error && env.error->upstream() ? &*env.error->upstream() : nullptr;
    entry["upstream_error"] =
        up ? json{{"program", up->program}, {"exit_code", up->exit_code}, {"name", up->error_name}} : json(nullptr);
    entry["duration_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    line = observe::append_audit(path, entry);
  } catch (const error::Error& e) {
    warn("audit log not written: " + e.message());
  } catch (const std::exception& e) {
    // Whatever else goes wrong here (a bad line read back, memory) must not turn a run that
    // happened into exit 9: the audit line is the record, not the work.
    warn(fmt::format("audit log not written: {}", e.what()));
  }
  if (!settings.flag("audit-syslog") || !entry.is_object()) return;
  if (line.empty()) line = serialize(entry);
  const int facility = util::syslog_facility(settings.text("audit-syslog-facility")).value_or(LOG_AUTHPRIV);
  // A changing run that failed is worth a look (warning); one that worked is a notice.
  const int severity = env.error ? LOG_WARNING : LOG_NOTICE;
  if (auto failed = util::send_syslog(syslog_socket, facility, severity, "reos-backup", line)) {
    warn("audit record not sent to the system log: " + *failed);
  }
}

}  // namespace reos::observe
