#pragma once
// Prometheus text exposition (format 0.0.4) for node_exporter's textfile collector. The
// renderer is pure: `metrics` collects the inputs (info, state file, pg_stat_archiver, the
// .ready backlog, mc's bucket replies) and this turns them into text, so unit tests need no cluster.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/minio/replication_status.hpp"
#include "reos/observe/repo_lag.hpp"
#include "reos/pgbackrest/info.hpp"
#include "reos/postgres/archiver.hpp"

namespace reos::observe {

struct Sample {
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct Family {
  std::string name, help, type;  // type: gauge | counter
  std::vector<Sample> samples;
};

/// HELP and TYPE lines for every family (also for one without samples), label values escaped.
std::string render_exposition(const std::vector<Family>& families);

/// What was found about one stanza.
struct StanzaObservation {
  std::string stanza;
  std::optional<pgbackrest::StanzaInfo> info;        // nullopt: not in info
  std::optional<postgres::ArchiverStatus> archiver;  // nullopt: cluster not reachable
  std::optional<long long> ready_files;              // nullopt: pg_wal not readable
  std::vector<RepoLag> lags;                         // per repository (read_repo_lags); seconds behind
};

struct BucketObservation {
  std::string alias, bucket;
  std::optional<bool> versioning_enabled;               // nullopt: mc did not answer
  std::optional<minio::ReplicationStatus> replication;  // nullopt: mc did not answer
};

/// A continuous mirror service (schedule --mirror) as systemd reports it.
struct MirrorObservation {
  std::string source, target;  // ALIAS/BUCKET[/PREFIX]
  std::optional<bool> active;  // nullopt: systemd could not be asked
};

struct MetricsInput {
  std::int64_t now_epoch = 0;
  std::string reos_version, pgbackrest_version;
  nlohmann::json state = nlohmann::json::object();  // the state file
  std::vector<StanzaObservation> stanzas;
  std::vector<BucketObservation> buckets;
  std::vector<MirrorObservation> mirrors;
};

std::vector<Family> build_metrics(const MetricsInput& in);

/// Files named *.ready in `archive_status_dir` (WAL segments waiting for archive_command);
/// nullopt when the directory cannot be read.
std::optional<long long> count_ready_files(const std::string& archive_status_dir);

}  // namespace reos::observe
