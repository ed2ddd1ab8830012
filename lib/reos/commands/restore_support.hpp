#pragma once
// What restore-pitr and verify share: reading the recovery target from settings, the safety
// checks on a target data directory, the recoverable window, and starting a restored copy.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "reos/commands/command.hpp"
#include "reos/commands/source_cluster.hpp"
#include "reos/observe/drill_history.hpp"
#include "reos/pgbackrest/restore.hpp"
#include "reos/postgres/archiver.hpp"
#include "reos/postgres/database.hpp"
#include "reos/postgres/staging.hpp"

namespace reos::commands {

/// The recovery target given by --target-time/-lsn/-xid/-name/-immediate. At most one may
/// be given; `required` makes "none" an error too. Throws error::Error(Usage).
pgbackrest::RecoveryTarget recovery_target_from(const config::Settings& s, bool required);
nlohmann::json to_json(const pgbackrest::RecoveryTarget& t);

/// Refuses (exit 8) a data directory whose postmaster runs, and a non-empty one unless
/// `delta_or_force`: pgBackRest would fail late (38/40); we say why and what to do first.
void check_restore_destination(const std::string& pg_path, bool delta_or_force);

/// The stanza from info, REQUIRE'd to have at least one backup (else Refused).
pgbackrest::StanzaInfo stanza_with_backups(const std::vector<pgbackrest::StanzaInfo>& all, const std::string& stanza);

/// The end of the recoverable window and where it came from. Without --repo: the source's
/// pg_stat_archiver.last_archived_time. With --repo N (`repo`; `s` is info of N alone) and a
/// reachable source, N's own WAL decides: when N holds the source's last archived segment, that
/// segment's archive time; when N is behind, the time N's newest segment was written there (one
/// repo-ls look-up, appended to `ran`). Unknown (nullopt) when the source is not reachable.
struct WindowEnd {
  std::optional<std::int64_t> us;
  std::string source;  // what `us` is, or why it is unknown
};
WindowEnd window_end(process::Executor& exec, const pgbackrest::Target& t, const pgbackrest::StanzaInfo& s,
                     std::optional<long long> repo, const std::optional<postgres::ArchiverStatus>& archiver,
                     const std::string& archiver_why, std::vector<process::Invocation>& ran);

/// Checks a time/LSN target against the recoverable window and picks the backup set.
/// Throws Refused with the window spelled out when the target lies outside it.
struct WindowCheck {
  const pgbackrest::BackupSet* backup = nullptr;
  nlohmann::json window;  // {start, end, end_known, end_source}
};
WindowCheck check_window(const pgbackrest::StanzaInfo& s, const pgbackrest::RecoveryTarget& t, const WindowEnd& end);

/// With --repo N (`r.repo`): refuses (Refused) a backup whose WAL up to its end is not in
/// repository N's own archive (`s` is info of that repository alone), and adds that archive's
/// range to `window` ({"repo", "wal_min", "wal_max"}).
void check_repo_wal(const pgbackrest::StanzaInfo& s, const pgbackrest::RestoreRequest& r, const pgbackrest::BackupSet& b,
                    nlohmann::json& window);

/// Which repository serves the restore of `b`, and where its WAL comes from:
/// {"repo", "chosen_by", "wal_from"}.
nlohmann::json restored_from(const pgbackrest::RestoreRequest& r, const pgbackrest::BackupSet& b);

/// The calls that start a restored copy: pg_controldata (the source's settings), then
/// pg_ctl start waiting up to `limit` (--timeout; 0: one hour).
struct StartSteps {
  process::Invocation controldata;
  process::Invocation start;
};
/// `secret_env` reaches the copy's postmaster: its restore_command (pgbackrest archive-get)
/// needs the cipher passes and S3 keys, and sees only the postmaster's environment.
StartSteps start_steps(const std::string& bindir, const postgres::StagingPaths& paths, std::chrono::milliseconds limit,
                       const std::map<std::string, std::string>& secret_env = {});

/// Starts a restored copy with `steps` (pg_controldata, our config files, pg_ctl start) and
/// waits until recovery is over as `target_action` says (promoted, paused, or shut down).
/// Returns the phase timings. Throws error::Error on failure, with the server log's tail.
struct StartedCopy {
  std::chrono::milliseconds start{0};   // pg_ctl start until accepting connections
  std::chrono::milliseconds replay{0};  // until promoted/paused
  std::string state;                    // "promoted", "paused", "shut down"
};
StartedCopy start_restored_copy(process::Executor& exec, const StartSteps& steps, const postgres::StagingPaths& paths, int port,
                                const std::string& target_action, std::chrono::milliseconds limit);

/// WAL segments from the end of `backup` to the newest WAL archived in its repository: what a
/// restore to the latest point replays, and at most what any other target replays.
/// nullopt when info does not say (no archive range, another timeline).
std::optional<long long> wal_to_replay(const pgbackrest::StanzaInfo& s, const pgbackrest::BackupSet& backup);

/// The state file's path (--state-file, else the default under HOME); nullopt when there is
/// none (no HOME): a drill is then neither judged by nor recorded in a history, and the caller
/// says so once.
std::optional<std::string> state_path_or_none(CommandContext& ctx);

/// The stanza's drill history from the state file at `state_path`; no path, a missing or an
/// unreadable file is no history (a warning for one that is unreadable).
std::vector<observe::VerifyRecord> drill_history_or_none(CommandContext& ctx, const std::optional<std::string>& state_path,
                                                         const std::string& stanza);

/// What a restore of `backup` replaying `wal_segments` would take, predicted from the drill
/// history (observe::predict_restore), or why there is no prediction: the plan shows it.
nlohmann::json restore_prediction(const std::vector<observe::VerifyRecord>& history, const pgbackrest::BackupSet& backup,
                                  std::optional<long long> wal_segments, const std::string& stanza);

/// `out` with `head` (what the command was asked to do) beneath what the run found: the
/// result names the request also when planning failed (info unreadable, target outside the
/// window).
Outcome with_head(nlohmann::json head, Outcome out);

/// Milliseconds since `t0` on the steady clock.
std::chrono::milliseconds since(std::chrono::steady_clock::time_point t0);

}  // namespace reos::commands
