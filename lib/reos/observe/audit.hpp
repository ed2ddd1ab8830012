#pragma once
// The audit log: one JSON line per run of a command that changes something (backup, restore,
// stanza-create, verify, MinIO changes). Tamper-evident, not tamper-proof: every line carries
// its own SHA-256 ("sha256", over the line without that field) and the previous line's
// ("prev_sha256"), plus a sequence number, so an edited, deleted or reordered line breaks the
// chain at a line `audit verify` names. Whoever can rewrite the whole file can recompute the
// chain: ship the log off the host (syslog, SIEM) for proof.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/config/settings.hpp"
#include "reos/output/envelope.hpp"
#include "reos/util/log.hpp"
#include "reos/util/redact.hpp"

namespace reos::observe {

/// --audit-log / REOS_AUDIT_LOG / audit-log= when set; else /var/log/reos-backup/audit.jsonl
/// when that directory exists and this user may write it (an admin created it for the log
/// to be central), else <default_state_dir>/audit.jsonl.
std::string audit_log_path(const config::Settings& s, const config::Environment& env);

/// Who runs this: uid, user name, SUDO_USER (from `env`), host name.
nlohmann::json audit_actor(const config::Environment& env);

/// Appends `entry` (an object) as one line, adding seq, prev_sha256 and sha256, under an
/// flock on the log itself, with O_APPEND and one write(2) followed by fsync; returns the line
/// written (without its newline). Throws error::Error(Config) when the log cannot be opened or
/// written.
std::string append_audit(const std::string& path, nlohmann::json entry);

struct AuditVerdict {
  bool ok = true;
  long long lines = 0;            // lines checked
  std::optional<long long> line;  // 1-based line where the chain breaks
  std::string problem;
};

/// Checks a whole log's content.
AuditVerdict verify_audit(std::string_view content);

/// Writes the audit line of a run that ended as `env` says (argv redacted, the target options,
/// the outcome, upstream error, duration since `t0`); with --audit-syslog the same line also
/// goes to the system log at `syslog_socket`. A line that cannot be written or sent is a
/// warning in `env` and on the log, never the run's failure.
void audit_run(const config::Settings& settings, const config::Environment& environment, const std::vector<std::string>& args,
               output::Envelope& env, std::chrono::steady_clock::time_point t0, const util::Redactor& redactor,
               const util::Logger& log, const std::string& syslog_socket);

}  // namespace reos::observe
