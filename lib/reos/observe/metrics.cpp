#include "reos/observe/metrics.hpp"

#include "reos/observe/drill_history.hpp"

#include <dirent.h>

#include <cmath>
#include <map>

#include <fmt/format.h>

namespace reos::observe {

using nlohmann::json;

namespace {

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::floor(v) == v && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

// Buckets (only when asked for with --bucket). Series of a bucket mc did not answer for are
// absent, and reos_minio_up says why they are.
std::vector<Family> bucket_metrics(const std::vector<BucketObservation>& buckets) {
  Family up{"reos_minio_up", "1 when mc answered both the versioning and the replication query for the bucket", "gauge", {}};
  Family versioning{"minio_bucket_versioning_enabled", "1 when the bucket's versioning is Enabled", "gauge", {}};
  Family configured{"minio_bucket_replication_configured", "1 when the bucket has a replication target", "gauge", {}};
  Family online{"minio_bucket_replication_target_online", "1 when the replication target is online (mc isOnline)", "gauge", {}};
  Family lag{"minio_bucket_replication_lag_seconds",
             "Estimated replication lag: offline, time since last online; online, latency + queued bytes / average "
             "transfer rate (absent: unknown)",
             "gauge",
             {}};
  Family queued{"minio_bucket_replication_queued_objects", "Objects waiting to be replicated", "gauge", {}};
  Family queued_bytes{"minio_bucket_replication_queued_bytes", "Bytes waiting to be replicated", "gauge", {}};
  Family failed{"minio_bucket_replication_failed_total",
                "Failed replications since the MinIO server started (mc failed.totals.count)",
                "counter",
                {}};
  for (const auto& b : buckets) {
    const std::map<std::string, std::string> l{{"alias", b.alias}, {"bucket", b.bucket}};
    up.samples.push_back({l, b.versioning_enabled && b.replication ? 1.0 : 0.0});
    if (b.versioning_enabled) versioning.samples.push_back({l, *b.versioning_enabled ? 1.0 : 0.0});
    if (!b.replication) continue;
    const auto& r = *b.replication;
    configured.samples.push_back({l, r.targets.empty() ? 0.0 : 1.0});
    if (r.targets.empty()) continue;
    queued.samples.push_back({l, static_cast<double>(r.queued_count)});
    queued_bytes.samples.push_back({l, static_cast<double>(r.queued_bytes)});
    failed.samples.push_back({l, static_cast<double>(r.failed_count)});
    for (const auto& t : r.targets) {
      auto tl = l;
      tl["target"] = t.name();
      online.samples.push_back({tl, t.online ? 1.0 : 0.0});
      if (t.lag_seconds) lag.samples.push_back({tl, *t.lag_seconds});
    }
  }
  return {up, versioning, configured, online, lag, queued, queued_bytes, failed};
}

}  // namespace

std::string render_exposition(const std::vector<Family>& families) {
  std::string out;
  for (const auto& f : families) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", f.name, f.help, f.name, f.type);
    for (const auto& s : f.samples) {
      std::string labels;
      for (const auto& [k, v] : s.labels) labels += fmt::format("{}{}=\"{}\"", labels.empty() ? "" : ",", k, escape_label(v));
      out += labels.empty() ? fmt::format("{} {}\n", f.name, format_value(s.value))
                            : fmt::format("{}{{{}}} {}\n", f.name, labels, format_value(s.value));
    }
  }
  return out;
}

namespace {
// The state file is ours but lives on disk: an edited or damaged one must not stop metrics.
// A member of the wrong type reads as absent, a counter that is no number as 0.
const json& member(const json& j, const std::string& key) {
  static const json absent;
  if (!j.is_object()) return absent;
  auto it = j.find(key);
  return it == j.end() ? absent : *it;
}
double number(const json& j, const char* key) {
  const json& v = member(j, key);
  return v.is_number() ? v.get<double>() : 0.0;
}
}  // namespace

std::vector<Family> build_metrics(const MetricsInput& in) {
  Family info{"reos_backup_info", "Versions of reos-backup and pgBackRest (value is always 1)", "gauge", {}};
  info.samples.push_back({{{"version", in.reos_version}, {"pgbackrest_version", in.pgbackrest_version}}, 1});

  const char* kTypes[] = {"full", "diff", "incr"};
  std::map<std::string, Family> age;
  for (const char* t : kTypes)
    age[t] = {fmt::format("pgbackrest_last_{}_backup_age_seconds", t),
              fmt::format("Seconds since the newest {} backup ended (absent: no such backup)", t),
              "gauge",
              {}};
  Family status{"pgbackrest_stanza_status", "pgBackRest stanza status code from info (0 ok)", "gauge", {}};
  Family checksum{"pgbackrest_backup_checksum_error_backups",
                  "Backups in the repository recorded with page checksum errors (pgBackRest info error=true)",
                  "gauge",
                  {}};
  Family lock_held{"pgbackrest_lock_held", "1 while a backup or restore of the stanza runs (pgBackRest's lock)", "gauge", {}};
  Family progress{"pgbackrest_lock_progress_ratio",
                  "Share of the running backup or restore done, 0..1 (pgBackRest 2.48+ backup, 2.56+ restore)",
                  "gauge",
                  {}};
  Family success{"pgbackrest_backup_success_total", "Backups by reos-backup that succeeded, by requested type", "counter", {}};
  Family failure{"pgbackrest_backup_failure_total", "Backups by reos-backup that failed, by requested type", "counter", {}};
  Family restore_ok{"pgbackrest_restore_success_total", "Restores by reos-backup restore-pitr that succeeded", "counter", {}};
  Family restore_fail{
      "pgbackrest_restore_failure_total", "Restores by reos-backup restore-pitr that failed or were refused", "counter", {}};
  Family up{"reos_postgres_up", "1 when the stanza's cluster answered the pg_stat_archiver query", "gauge", {}};
  Family push_fail{"pgbackrest_archive_push_failure_total",
                   "Failed WAL archive attempts (pg_stat_archiver.failed_count since its last reset)",
                   "counter",
                   {}};
  Family last_archived{"pgbackrest_archive_last_success_timestamp_seconds",
                       "Time of the last successfully archived WAL segment (pg_stat_archiver)",
                       "gauge",
                       {}};
  Family failing{"pgbackrest_archive_failing", "1 when the last archive attempt failed after the last success", "gauge", {}};
  Family ready{
      "pgbackrest_archive_ready_files", "WAL segments waiting to be archived (pg_wal/archive_status/*.ready)", "gauge", {}};
  Family verify_ok{"reos_verify_last_success", "1 when the last restore drill passed, 0 when it failed", "gauge", {}};
  Family verify_time{"reos_verify_last_timestamp_seconds", "When the last restore drill started", "gauge", {}};
  Family rto{"reos_verify_rto_seconds",
             "RTO of a fresh restore from the repository, by its newest drill: measured (a fresh drill) or fresh_estimate "
             "(a delta drill, from the newest fresh drill's throughput)",
             "gauge",
             {}};
  Family rto_obj{"reos_verify_rto_objective_seconds", "RTO objective the last restore drill was held to", "gauge", {}};
  Family rpo_loss{"reos_verify_rpo_loss_seconds",
                  "Data a restore from the repository lost in its newest drill (source's newest commit minus the copy's)",
                  "gauge",
                  {}};
  Family rpo_obj{"reos_verify_rpo_objective_seconds", "RPO objective the last restore drill was held to", "gauge", {}};

  Family repo_up{"reos_repo_up", "1 when pgBackRest could read the repository (info), 0 when it could not", "gauge", {}};
  Family repo_behind{"reos_repo_archive_behind_segments",
                     "WAL segments between the repository's newest archived segment and the source's current WAL file "
                     "(1 when archiving keeps up; absent: source or repository not readable)",
                     "gauge",
                     {}};
  Family repo_behind_s{"reos_repo_archive_behind_seconds",
                       "Seconds the repository has gone without a new WAL segment while the source moved on: 0 when it "
                       "keeps up (behind by at most the segment being written), else now minus the time its newest "
                       "segment was written there (absent: not known)",
                       "gauge",
                       {}};

  for (const auto& so : in.stanzas) {
    const std::map<std::string, std::string> l{{"stanza", so.stanza}};
    if (so.info) {
      status.samples.push_back({l, static_cast<double>(so.info->status_code)});
      // One sample per repository (0 when clean), so an alert can fire on > 0 from the start.
      std::map<int, double> per_repo;
      for (const auto& r : so.info->repos) per_repo[r.key] = 0;
      for (const auto* b : pgbackrest::backups_with_checksum_errors(*so.info)) per_repo[b->repo_key] += 1;
      for (const auto& [repo, n] : per_repo)
        checksum.samples.push_back({{{"stanza", so.stanza}, {"repo", std::to_string(repo)}}, n});
      for (const auto& [op, lock] : {std::pair<const char*, const pgbackrest::LockProgress*>{"backup", &so.info->backup_lock},
                                     {"restore", &so.info->restore_lock}}) {
        const std::map<std::string, std::string> ol{{"stanza", so.stanza}, {"operation", op}};
        lock_held.samples.push_back({ol, lock->held ? 1.0 : 0.0});
        if (lock->held && lock->size && lock->done && *lock->size > 0)
          progress.samples.push_back({ol, static_cast<double>(*lock->done) / static_cast<double>(*lock->size)});
      }
      // Per repository: the off-site copy (repo2 on S3) can fail or fall behind while repo1 is fine.
      for (const auto& r : so.info->repos) {
        const std::map<std::string, std::string> lr{{"stanza", so.stanza}, {"repo", std::to_string(r.key)}};
        repo_up.samples.push_back({lr, r.code == 0 ? 1.0 : 0.0});
        for (const char* t : kTypes)
          if (const auto* b = pgbackrest::newest_of_type(*so.info, t, r.key))
            age[t].samples.push_back({lr, static_cast<double>(in.now_epoch - b->stop_epoch)});
        if (const auto behind = archive_behind_segments(*so.info, r.key, so.archiver))
          repo_behind.samples.push_back({lr, static_cast<double>(*behind)});
        for (const auto& l : so.lags)
          if (l.repo == r.key && l.seconds) repo_behind_s.samples.push_back({lr, static_cast<double>(*l.seconds)});
      }
    }
    const json& st = member(member(in.state, "stanzas"), so.stanza);
    const json& backups = member(st, "backup");
    for (const char* t : kTypes) {
      const json& b = member(backups, t);
      // Every type always has both counters (0 until the first run): rate() needs the series
      // to exist before the first failure, or the first failure is invisible to it.
      success.samples.push_back({{{"stanza", so.stanza}, {"type", t}}, number(b, "success_total")});
      failure.samples.push_back({{{"stanza", so.stanza}, {"type", t}}, number(b, "failure_total")});
    }
    const json& restores = member(st, "restore");
    restore_ok.samples.push_back({l, number(restores, "success_total")});
    restore_fail.samples.push_back({l, number(restores, "failure_total")});
    if (const json& v = member(st, "verify"); v.is_object()) {
      verify_ok.samples.push_back({l, member(v, "last_ok") == true ? 1.0 : 0.0});
      verify_time.samples.push_back({l, number(v, "last_epoch")});
      rto_obj.samples.push_back({l, number(v, "rto_objective_ms") / 1000});
      if (member(v, "rpo_objective_ms").is_number()) rpo_obj.samples.push_back({l, number(v, "rpo_objective_ms") / 1000});
      // Per repository, its newest drill (a state file from before the history: the last one).
      auto history = drill_history(in.state, so.stanza);
      if (history.empty()) history.push_back(verify_record_from_json(v));
      std::map<int, VerifyRecord> newest;
      for (const auto& d : history) newest[d.repo] = d;
      for (const auto& [repo, d] : newest) {
        std::map<std::string, std::string> rl{{"stanza", so.stanza}};
        if (repo > 0) rl["repo"] = std::to_string(repo);
        if (d.rto_ms) {
          auto kl = rl;
          kl["kind"] = d.rto_kind;
          rto.samples.push_back({kl, static_cast<double>(*d.rto_ms) / 1000});
        }
        if (d.loss_seconds) rpo_loss.samples.push_back({rl, *d.loss_seconds});
      }
    }
    up.samples.push_back({l, so.archiver ? 1.0 : 0.0});
    if (so.archiver) {
      push_fail.samples.push_back({l, static_cast<double>(so.archiver->failed_count)});
      if (so.archiver->last_archived_us) last_archived.samples.push_back({l, *so.archiver->last_archived_us / 1e6});
      failing.samples.push_back({l, so.archiver->failing() ? 1.0 : 0.0});
    }
    if (so.ready_files) ready.samples.push_back({l, static_cast<double>(*so.ready_files)});
  }

  std::vector<Family> out{info,          age["full"], age["diff"], age["incr"], status,       checksum, lock_held,
                          progress,      success,     failure,     restore_ok,  restore_fail, up,       push_fail,
                          last_archived, failing,     ready,       verify_ok,   verify_time,  rto,      rto_obj,
                          rpo_loss,      rpo_obj,     repo_up,     repo_behind, repo_behind_s};
  if (!in.buckets.empty()) {
    const auto minio = bucket_metrics(in.buckets);
    out.insert(out.end(), minio.begin(), minio.end());
  }
  if (!in.mirrors.empty()) {
    // Only pairs systemd answered for: "could not ask" must not read as "mirror down".
    Family mirror_up{"reos_minio_mirror_up",
                     "1 when the continuous mirror's service (mc mirror --watch, schedule --mirror) is active",
                     "gauge",
                     {}};
    for (const auto& m : in.mirrors)
      if (m.active) mirror_up.samples.push_back({{{"source", m.source}, {"target", m.target}}, *m.active ? 1.0 : 0.0});
    out.push_back(std::move(mirror_up));
  }
  return out;
}

std::optional<long long> count_ready_files(const std::string& archive_status_dir) {
  DIR* d = ::opendir(archive_status_dir.c_str());
  if (!d) return std::nullopt;
  long long n = 0;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() > 6 && name.compare(name.size() - 6, 6, ".ready") == 0) ++n;
  }
  ::closedir(d);
  return n;
}

}  // namespace reos::observe
