#pragma once
// The model of `pgbackrest info --output=json` (2.45) and its normalized JSON form.
// This is the only way reos-backup reads pgBackRest state: its text output may change.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace reos::pgbackrest {

struct BackupSet {
  std::string label;
  std::string type;  // full, diff, incr
  std::optional<std::string> prior;
  std::vector<std::string> references;
  int repo_key = 0;
  int db_id = 0;  // the stanza's database (DbInfo::id, of that repository) the set was taken of
  std::int64_t start_epoch = 0, stop_epoch = 0;
  std::uint64_t size = 0, delta = 0, repo_size = 0, repo_delta = 0;
  std::optional<std::string> wal_start, wal_stop, lsn_start, lsn_stop;
  bool error = false;                    // pgBackRest found page checksum errors
  std::vector<std::string> error_files;  // "error-list" (2.41+ when the files are known)
  std::string backrest_version;
};

struct RepoStatus {
  int key = 0;
  int code = 0;
  std::string message;
  std::string cipher;
};

struct ArchiveRange {
  std::string id;  // "15-1"
  std::optional<std::string> min, max;
  int repo_key = 0;
};

struct DbInfo {
  int id = 0;
  std::string version;
  std::uint64_t system_id = 0;  // exceeds 2^53: never through a double
  int repo_key = 0;
};

/// A running backup or restore (status.lock, 2.48+ for backup size, 2.56+ for restore, per repo
/// from 2.59). Sizes are absent when pgBackRest gives none (older versions, or not started).
struct LockProgress {
  struct Repo {
    int key = 0;
    std::uint64_t size = 0, done = 0;
  };
  bool held = false;
  std::optional<std::uint64_t> size, done;
  std::vector<Repo> repos;
};

struct StanzaInfo {
  std::string name;
  int status_code = 0;
  std::string status_message;
  std::string cipher;
  bool backup_lock_held = false;
  LockProgress backup_lock, restore_lock;
  std::vector<RepoStatus> repos;
  std::vector<DbInfo> databases;
  std::vector<ArchiveRange> archives;
  std::vector<BackupSet> backups;  // oldest first, as pgBackRest lists them
};

/// The PostgreSQL version ("15") of the database `b` was taken of; nullopt when info lists none.
std::optional<std::string> db_version(const StanzaInfo& s, const BackupSet& b);

/// Parses info JSON. Invalid UTF-8 (a wrong cipher pass puts raw bytes in messages) is
/// replaced, never fatal. Throws error::Error(UpstreamFailed) when the text is not the JSON
/// array pgBackRest promises.
std::vector<StanzaInfo> parse_info(std::string_view json_text);

/// What pgBackRest's stanza status code means (0 ok ... 99 other), for codes it did not
/// explain itself.
std::string status_meaning(int code);
/// What an operator should do about a stanza status ("" for 0).
std::string status_hint(const StanzaInfo& s);

/// Backups recorded with page checksum errors, oldest first.
std::vector<const BackupSet*> backups_with_checksum_errors(const StanzaInfo& s);
/// The warning for one: "stanza 'lab': backup L (repo1) has page checksum errors in 2 files: a, b".
std::string checksum_error_warning(const StanzaInfo& s, const BackupSet& b);

/// The newest backup of a type ("full", "diff", "incr"), if any; in repository `repo_key`
/// only when it is not 0.
const BackupSet* newest_of_type(const StanzaInfo& s, std::string_view type, int repo_key = 0);

/// The WAL range repository `repo_key` holds for the newest archive id it lists (nullptr: none).
const ArchiveRange* archive_of_repo(const StanzaInfo& s, int repo_key);

/// Segments between two WAL file names of one timeline ("000000010000000000000003"), 16 MiB
/// segments: `to` - `from`; nullopt when either is malformed or the timelines differ.
std::optional<long long> segments_between(const std::string& from, const std::string& to);

/// pgBackRest's own error name in a repository status message ("[HostConnectError] ..." ->
/// "HostConnectError"); empty when there is none.
std::string repo_error_name(const std::string& message);

/// "repo2 ([HostConnectError] unable to connect ...)" for each repository whose status is not
/// ok, joined with ", "; empty when all are ok.
std::string failing_repos(const StanzaInfo& s);

/// Normalized JSON for one stanza; ages are computed against `now_epoch`. `Backups::Later`
/// leaves "backups" an empty array, for a caller that streams to_json of each backup itself.
enum class Backups { Included, Later };
nlohmann::json to_json(const StanzaInfo& s, std::int64_t now_epoch, Backups backups = Backups::Included);
nlohmann::json to_json(const BackupSet& b);

}  // namespace reos::pgbackrest
