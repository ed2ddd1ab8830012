#pragma once
// `check`'s findings, judged from collected facts: the judging is pure so that every rule is
// unit-tested without a cluster; commands/check.cpp gathers the facts.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/pgbackrest/info.hpp"
#include "reos/postgres/archiver.hpp"
#include "reos/postgres/database.hpp"

namespace reos::observe {

/// How bad a finding is: failures make `check` exit 10, warnings alone 12.
enum class Severity { ok, warning, failure };
/// "ok", "warning", "failure" (the JSON form).
std::string_view severity_name(Severity s);

struct Finding {
  std::string id;
  Severity severity = Severity::ok;
  std::string message;
  std::string hint;  // "" for ok
};

struct CheckPolicy {
  std::string stanza;
  double rpo_s = 300;
  std::int64_t max_full_s = 8 * 86400, max_diff_s = 26 * 3600, max_incr_s = 7 * 3600;
};

struct CheckFacts {
  std::int64_t now_epoch = 0;
  std::string pgbackrest_version;                    // "" when `pgbackrest version` failed
  std::optional<postgres::ArchiverStatus> archiver;  // nullopt: cluster not reachable
  std::string db_error;
  std::optional<std::string> archive_command, wal_level;
  std::optional<pgbackrest::StanzaInfo> info;  // nullopt: info failed or stanza unknown
  std::string info_error;
  int check_exit_code = 0;  // of `pgbackrest check`
  std::string check_error;
  std::string check_skipped;  // why `pgbackrest check` was not run ("" = it ran)
  std::optional<long long> ready_files;
  std::optional<bool> archive_async;  // archive-async of the pgBackRest config
  double io_timeout_s = 0;            // io-timeout the status calls ran with (0: pgBackRest's)
};

/// The settings `check` needs beside pg_stat_archiver (archive_command, wal_level).
void read_check_settings(postgres::Database& db, CheckFacts& facts);

/// More segments than this waiting for archive_command is a warning: with archiving
/// working the backlog stays at 0-1; a growing one is the early sign of an outage or of
/// archive-push falling behind WAL generation.
inline constexpr long long kReadyBacklogWarn = 5;

/// Every finding, group by group (observe/check.cpp: one function per group).
std::vector<Finding> evaluate_checks(const CheckFacts& f, const CheckPolicy& p);

nlohmann::json to_json(const Finding& f);

/// The repository a finding is about, from its id ("repo2.reachable", "retention.repo2.full");
/// nullopt for the others (postgres.*, pgbackrest.check, archive.*).
std::optional<long long> finding_repo(const std::string& id);

}  // namespace reos::observe
