#pragma once
// How far a repository's WAL archive is behind the source: in segments (its newest archived
// segment against the source's current WAL file) and in seconds (how long the repository has
// gone without a new segment while the source moved on). info and metrics report both.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "reos/pgbackrest/info.hpp"
#include "reos/postgres/archiver.hpp"

namespace reos::observe {

struct RepoLag {
  int repo = 0;
  std::optional<std::string> newest_wal;             // the repository's archive max
  std::optional<long long> segments;                 // source's current WAL file - newest_wal: 1 keeps up
  std::optional<std::int64_t> newest_written_epoch;  // when newest_wal was written there (read only when behind)
  std::optional<long long> seconds;                  // 0 when keeping up, else now - newest_written_epoch
  std::string unknown;                               // why segments or seconds are absent ("" when known)
};

/// Segments between repository `repo`'s newest archived WAL and the source's current WAL
/// file; nullopt when the repository could not be read, holds no WAL, or the source is not
/// known (or is a standby, or on another timeline).
std::optional<long long> archive_behind_segments(const pgbackrest::StanzaInfo& s, int repo,
                                                 const std::optional<postgres::ArchiverStatus>& source);

/// Behind by more than the segment being written: only then is the newest segment's write
/// time worth a look-up (`seconds` is 0 otherwise).
inline bool behind(const std::optional<long long>& segments) { return segments && *segments > 1; }

/// The lag of `repo`: `written` is when its newest segment was written there (nullopt when it
/// was not read, with `written_why`), `source_why` why the source is not known.
RepoLag repo_lag(const pgbackrest::StanzaInfo& s, int repo, const std::optional<postgres::ArchiverStatus>& source,
                 const std::string& source_why, const std::optional<std::int64_t>& written, const std::string& written_why,
                 std::int64_t now_epoch);

/// {"segments", "seconds", "newest_wal", "newest_written_at", "source_current_wal"?, "unknown"}
nlohmann::json to_json(const RepoLag& l);

}  // namespace reos::observe
