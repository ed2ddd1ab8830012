#pragma once
// Where reos-backup keeps what survives between runs: the state file (backup/restore/verify counters
// and last results, read by `metrics`) and the audit log. The defaults live under the running
// user's home, not /var/lib: backups run as postgres, which cannot write /var/lib/reos-backup.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "reos/config/settings.hpp"
#include "reos/observe/drill_history.hpp"

namespace reos::observe {

/// $XDG_STATE_HOME/reos-backup, else $HOME/.local/state/reos-backup (postgres:
/// /var/lib/postgresql/.local/state/reos-backup). Throws error::Error(Config) without HOME.
std::string default_state_dir(const config::Environment& env);

/// --state-file / REOS_STATE_FILE / state-file= when set, else <default_state_dir>/state.json.
std::string state_file_path(const config::Settings& s, const config::Environment& env);

/// The state document; {} when the file does not exist. Throws error::Error(Config) when it
/// exists but cannot be read or is not JSON (never overwritten then: counters would reset).
nlohmann::json read_state(const std::string& path);

/// Read-modify-write under an flock on "<path>.lock"; the new content replaces the file
/// atomically (temp + fsync + rename), so a crash leaves the old or the new state.
void update_state(const std::string& path, const std::function<void(nlohmann::json&)>& change);

/// One backup attempt: counts success/failure per stanza and requested type (a failed backup
/// has no actual type), remembers the last result.
void record_backup(const std::string& path, const std::string& stanza, const std::string& type, bool ok, std::int64_t epoch,
                   const std::string& error_name);

/// One restore-pitr run that restored (or tried to): counts success/failure per stanza.
void record_restore(const std::string& path, const std::string& stanza, bool ok, std::int64_t epoch,
                    const std::string& error_name);

/// One restore drill: becomes the stanza's last drill and joins its history (the newest
/// kDrillHistoryKeep are kept).
void record_verify(const std::string& path, const std::string& stanza, const VerifyRecord& r);

}  // namespace reos::observe
