#pragma once
// What the phases of `reos-backup verify` share: the resolved options, the plan (every call of
// the drill, decided before it starts) and the phase functions, one file each:
//   plan.cpp        options and the plan (reads info to choose the backup set)
//   restore.cpp     1. restore into the staging directory
//   checks.cpp      2. start the copy and run the checks; the copy is always stopped
//   repository.cpp  3. pgbackrest verify of the repository itself
//   upload.cpp      after the drill, whatever it found: --report-upload through mc
//   objectives.cpp  4. the judged RTO (fresh, or estimated from the last fresh drill) and the
//                      measured RPO (data a restore would have lost) against the objectives
//   verify.cpp      the run in that order, the verdict, the report and the text form
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/commands/command.hpp"
#include "reos/commands/progress.hpp"
#include "reos/commands/restore_support.hpp"
#include "reos/minio/invocations.hpp"
#include "reos/minio/location.hpp"
#include "reos/observe/drill_history.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/pgbackrest/restore.hpp"
#include "reos/postgres/archiver.hpp"
#include "reos/postgres/bindir.hpp"
#include "reos/postgres/checks.hpp"
#include "reos/postgres/recency.hpp"
#include "reos/postgres/staging.hpp"

namespace reos::commands::verify {

/// --report-upload ALIAS/BUCKET/PREFIX: where the report goes and how mc is run.
struct ReportUpload {
  minio::McTarget target;
  minio::Location destination;
  std::string dir;     // private directory holding only this drill's report (mirrored)
  std::string object;  // <stanza>-<YYYYMMDDTHHMMSSZ>.json
};

struct VerifyOptions {
  pgbackrest::Target target;
  pgbackrest::RestoreRequest request;
  postgres::StagingPaths paths;
  std::string work;  // <work-dir>/<stanza>
  int port = 0;
  std::optional<std::string> bindir;  // --pg-bin-dir; else chosen by version (postgres::choose_bindir)
  std::string dbname;
  std::vector<postgres::Check> checks;
  bool amcheck = false;
  std::chrono::milliseconds rto{0}, rpo{0};
  std::chrono::milliseconds timeout{0};  // --timeout: how long the copy may take to start
  std::optional<std::string> report;
  postgres::ConnectTarget source;               // dbname: --dbname (the recency columns live there)
  bool fresh = false;                           // --fresh: empty the staging copy and restore all of it
  std::optional<std::string> state_path;        // the drill history; nullopt: no state file (HOME unset)
  std::optional<ReportUpload> upload;           // --report-upload
  std::optional<util::ProgressStyle> progress;  // the restore's progress (progress_style())
  std::vector<int> network_repos;               // the stanza's repositories not on this host's disk
};

VerifyOptions verify_options(CommandContext& ctx);

/// Every call of the drill, in the order the run makes them. The backup set and the source's
/// archiver state are read while planning (pgbackrest info and pg_stat_archiver, both
/// read-only), so the restore call shown by --dry-run is the one the run makes.
struct VerifyPlan {
  process::Invocation info;                       // already ran while planning: it chose `backup`
  process::Invocation version;                    // ran while planning too: whether verify takes --set
  std::string verify_scope;                       // what repo_verify reads: the restored set, or all of the repository
  std::vector<process::Invocation> window_reads;  // ran while planning too: repo-ls for --repo's window end
  pgbackrest::BackupSet backup;
  nlohmann::json window;
  nlohmann::json restored_from;                      // which repository serves the restore, and its WAL
  std::optional<postgres::ArchiverStatus> archiver;  // for the RPO; nullopt: `archiver_why`
  std::string archiver_why;
  // Fresh (into an empty directory, as after a disaster) or delta (re-checking the staging
  // copy of the last drill). Fresh when asked, when there is no copy yet, and when this
  // repository has no fresh drill to estimate a fresh restore from.
  bool fresh = true;
  bool empty_staging = false;  // fresh over an existing copy: the restore step empties it first
  std::string fresh_why;
  std::optional<observe::VerifyRecord> fresh_reference;  // the delta drill's RTO is estimated from it
  std::vector<postgres::RecencySource> recency;          // what the measured RPO reads
  std::optional<long long> wal_segments;                 // to replay after the set (wal_to_replay)
  process::Invocation restore;                           // --set=<label> for a time target
  postgres::BinDir bindir;                               // the programs that start, check and stop the copy
  StartSteps start;
  std::optional<process::Invocation> amcheck;  // --amcheck
  process::Invocation stop;
  process::Invocation repo_verify;          // --set=<label> where pgBackRest has it (2.49+)
  bool verify_after_replay = false;         // a network repository: see plan_verify
  std::string verify_overlap;               // what repo_verify runs beside, for the report
  std::vector<process::Invocation> upload;  // --report-upload: upload_steps(), run after the drill

  std::vector<process::Invocation> steps() const;
};

VerifyPlan plan_verify(const VerifyOptions& o, CommandContext& ctx, process::Executor& exec);

/// mkdir -p whose every new directory is 0700. Throws error::Error(Refused).
void make_private_dirs(const std::vector<std::string>& dirs);

/// The report upload of --report-upload (checked before the drill: the alias must be
/// configured), its calls (mc --version, mc mirror), and running them on `report`. A failure
/// is a warning in `result` (report_upload.ok false, warnings), never the drill's error.
ReportUpload report_upload(const config::Settings& s, CommandContext& ctx, const std::string& stanza, const std::string& work);
std::vector<process::Invocation> upload_steps(const ReportUpload& u);
void upload_report(const ReportUpload& u, const std::string& report, CommandContext& ctx, process::Executor& exec,
                   nlohmann::json& result);

// The phases. Each adds its part of the report (`report`, timings in report["timings"]).

/// The newest commit on the source just before the restore and on the copy just after it:
/// their difference is the measured RPO. Unset when the source could not be read.
struct Recency {
  std::optional<postgres::NewestCommit> source, copy;
  std::string why;  // why the source was not read
};

/// 1. Reads the source's newest commit, then restores into the staging directory (emptied
/// first for a fresh drill over an old copy). Throws the upstream error when it fails.
void restore_phase(const VerifyOptions& o, const VerifyPlan& p, const CommandContext& ctx, process::Executor& exec,
                   Recency& recency, nlohmann::json& report);

/// 2. Starts the copy, reads its newest commit, runs the checks (and pg_amcheck), stops the
/// copy however the phase is left. `promoted` is called once the copy has replayed and is
/// promoted, before the checks. Returns whether every check passed.
bool checks_phase(const VerifyOptions& o, const VerifyPlan& p, CommandContext& ctx, process::Executor& exec, Recency& recency,
                  nlohmann::json& report, const std::function<void()>& promoted);

/// 3. `pgbackrest verify` (its exit code can be 0 while it reports errors). What it found.
struct RepositoryVerdict {
  bool ok = false;
  std::vector<std::string> problems;  // "repository: ..." lines for the error message
};
RepositoryVerdict repository_phase(process::Executor& exec, process::Executor::Started& started, const std::string& scope,
                                   nlohmann::json& report);

/// 4. The judged RTO (this drill's when fresh, else a fresh restore estimated from the
/// reference drill) and the measured RPO (worst-case exposure beside it, from the source's
/// archiver), each against its objective. The breaches, for the error message (empty: none).
std::vector<std::string> objectives_phase(const VerifyOptions& o, const VerifyPlan& p, const Recency& recency,
                                          nlohmann::json& report);

/// The text form of the report's "objectives" (RTO and RPO lines, util/human units).
std::string objectives_text(const nlohmann::json& objectives);

}  // namespace reos::commands::verify
