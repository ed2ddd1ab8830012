#pragma once
// Restores and repository verification: argv builders, target selection, verify parsing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/pgbackrest/info.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/util/timestamp.hpp"

namespace reos::pgbackrest {

/// Exactly one recovery target (or none: the end of the archive).
struct RecoveryTarget {
  enum class Kind { latest, time, lsn, xid, name, immediate } kind = Kind::latest;
  std::optional<util::ZonedTime> time;
  std::string value;  // lsn / xid / name
};

struct RestoreRequest {
  std::string stanza;
  std::string pg_path;
  RecoveryTarget target;
  std::string target_action = "pause";  // promote | pause | shutdown
  bool target_exclusive = false;
  std::optional<std::string> set;
  bool delta = false;
  bool force = false;
  bool archive_off = false;              // restored copies must not archive
  std::optional<std::string> lock_path;  // a drill's own lock/spool paths: never wait on production's locks
  std::optional<std::string> spool_path;
  /// Restore from this repository alone: the set and, through a restore_command that names it
  /// too, every WAL segment (pgBackRest's own restore_command has no --repo and would take
  /// each segment from the first repository that has it).
  std::optional<long long> repo;
  std::optional<int> process_max;  // --process-max: nullopt leaves pgBackRest's own setting
};

/// Throws error::Error(Usage) when `--repo` is given with a path the restore_command cannot
/// carry (PostgreSQL runs restore_command through a shell: plain absolute paths only).
process::Invocation restore_call(const Target& t, const RestoreRequest& r);

/// The restore_command for a restore from `r.repo` alone: pgBackRest's own form (program,
/// config, the drill's lock/spool paths, pg1-path, stanza) plus --repo=N.
std::string single_repo_restore_command(const Target& t, const RestoreRequest& r);

/// `pgbackrest verify` of repository `repo` with console output we can read (its exit code can
/// be 0 on errors).
process::Invocation verify_call(const Target& t, const std::string& stanza, long long repo,
                                const std::optional<std::string>& set = std::nullopt);
/// Whether this pgBackRest's verify takes --set (one backup set and the WAL it needs): 2.49
/// and later. `version` as parse_pgbackrest_version gives it ("" when unknown: no).
bool verify_has_set(const std::string& version);

struct VerifyReport {
  bool ok = false;                    // "status: ok"
  std::string status;                 // "ok", "error", or "" when no status line was seen
  std::vector<std::string> problems;  // "invalid checksum '<file>'", "backup X: invalid", ...
  // {label, status, checked, valid} and the counters pgBackRest printed under it
  // ("missing", "checksum invalid", "size invalid", "other"; without --verbose only non-zero ones)
  nlohmann::json backups = nlohmann::json::array();
  nlohmann::json wal = nlohmann::json::array();  // {archive_id, checked, valid} and its counters
};
VerifyReport parse_verify_output(const std::string& out);

/// "0/3000028" -> 0x3000028 (LSNs compare as 64-bit numbers). nullopt when malformed.
std::optional<std::uint64_t> parse_lsn(const std::string& lsn);

/// The backup a time or LSN target restores from: the newest one that stopped before it.
/// nullptr when none did (the target lies before the recoverable window). Any other target
/// restores what pgBackRest picks without --set: the newest backup of the first repository
/// (in key order) that holds one.
const BackupSet* backup_for_target(const StanzaInfo& s, const RecoveryTarget& t);

}  // namespace reos::pgbackrest
