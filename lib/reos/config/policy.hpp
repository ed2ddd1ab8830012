#pragma once
// The retention policy of reos-backup's config file, in days and per repository:
//   [policy]
//   full-interval = 7d      how often a full backup runs (the schedule's "Sun 02:00")
//   diff-interval = 1d      how often a differential runs, or off
//   incr-interval = 6h      how often an incremental runs, or off
//   full-days = 28          how long each backup of a kind is kept, for every repository...
//   diff-days = 7
//   incr-days = 7
//   wal-days = 7            ...and how far back WAL can be replayed (PITR)
//   repo2-full-days = 90    per repository: repoN-full-days, repoN-diff-days, ...
// The defaults are the seed's: its "Backup Retention" table (full 4 weeks, differential,
// incremental and WAL 7 days) and "90 days (S3)" for repo2. The seed's "30 days (local)" is
// read as its 4-week table (28 days); set repo1-full-days=30 to hold repo1 to 30.
#include <cstdint>
#include <map>
#include <string>

#include "reos/config/config_file.hpp"

namespace reos::config {

/// What one repository must keep, in days.
struct RepoRetentionPolicy {
  int full_days = 28, diff_days = 7, incr_days = 7, wal_days = 7;
};

struct RetentionPolicy {
  std::int64_t full_interval_s = 7 * 86400;
  std::int64_t diff_interval_s = 86400;      // 0: no differential backups are scheduled
  std::int64_t incr_interval_s = 6 * 3600;   // 0: no incrementals
  RepoRetentionPolicy all;                   // full-days, diff-days, ... (every repository)
  std::map<int, RepoRetentionPolicy> repos;  // repoN-*-days over `all`, by N
  /// The policy of repository N (its own keys over the common ones).
  RepoRetentionPolicy for_repo(int n) const;
};

/// The [policy] section of `cfg` over the seed's defaults (cfg may be nullptr). Throws
/// error::Error(Config) naming file and line for an unknown key or a bad value.
RetentionPolicy read_retention_policy(const ConfigFile* cfg);

}  // namespace reos::config
