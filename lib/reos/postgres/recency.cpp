#include "reos/postgres/recency.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reos/util/timestamp.hpp"

namespace reos::postgres {

namespace {

std::optional<std::int64_t> timestamp_us(const QueryResult& q) {
  if (!q.ok) return std::nullopt;
  auto v = q.scalar();
  if (!v) return std::nullopt;
  auto t = util::parse_zoned_time(*v);
  return t ? std::optional<std::int64_t>(t->epoch_us) : std::nullopt;
}

void read_columns(Database& db, const std::vector<RecencySource>& sources, NewestCommit& out) {
  for (const auto& s : sources) {
    auto q = db.query(s.sql);
    if (!q.ok) continue;  // a table this database does not have
    out.columns[s.name] = timestamp_us(q);
  }
}

std::optional<std::int64_t> newest(const NewestCommit& n) {
  std::optional<std::int64_t> best;
  for (const auto& [name, v] : n.columns)
    if (v) best = std::max(best.value_or(*v), *v);
  return best;
}

nlohmann::json time_json(const std::optional<std::int64_t>& us) {
  return us ? nlohmann::json(util::format_epoch_us(*us)) : nlohmann::json(nullptr);
}

}  // namespace

std::vector<RecencySource> recency_sources(const std::vector<Check>& checks) {
  std::vector<RecencySource> out = {{"properties.created_at", "SELECT max(created_at) FROM properties"},
                                    {"pipeline_state.state_changed_at", "SELECT max(state_changed_at) FROM pipeline_state"}};
  for (const auto& c : checks) {
    if (!c.max_age) continue;
    if (std::none_of(out.begin(), out.end(), [&](const RecencySource& s) { return s.sql == c.sql; }))
      out.push_back({c.name, c.sql});
  }
  return out;
}

NewestCommit read_source_newest(Database& db, const std::vector<RecencySource>& sources) {
  NewestCommit out;
  // Read-only for the whole session, not one transaction: a recency table the source lacks
  // fails its own statement only (inside one transaction it would abort the rest). Bounded:
  // this runs on production, and max() of an unindexed column is a full scan.
  auto guard = db.query(std::string(kSourceSessionGuard));
  if (!guard.ok) {
    out.error = guard.error;
    return out;
  }
  auto setting = db.query("SELECT current_setting('track_commit_timestamp')");
  out.commit_timestamps = setting.ok && setting.scalar() == std::optional<std::string>("on");
  if (out.commit_timestamps) {
    out.epoch_us = timestamp_us(db.query("SELECT (pg_last_committed_xact()).timestamp"));
  } else {
    read_columns(db, sources, out);
    out.epoch_us = newest(out);
    if (out.columns.empty()) out.error = "track_commit_timestamp is off and no recency column answered";
  }
  return out;
}

NewestCommit read_copy_newest(Database& db, const NewestCommit& source, const std::vector<RecencySource>& sources) {
  NewestCommit out;
  out.commit_timestamps = source.commit_timestamps;
  if (source.commit_timestamps) {
    // Replay sets the first; the copy's own commit timestamps (when its config keeps the
    // setting on) cover commits that were already in the base backup.
    auto replayed = timestamp_us(db.query("SELECT pg_last_xact_replay_timestamp()"));
    auto committed = timestamp_us(db.query("SELECT (pg_last_committed_xact()).timestamp"));
    out.epoch_us = replayed;
    if (committed) out.epoch_us = std::max(out.epoch_us.value_or(*committed), *committed);
  } else {
    std::vector<RecencySource> same;
    for (const auto& s : sources)
      if (source.columns.count(s.name)) same.push_back(s);
    read_columns(db, same, out);
    out.epoch_us = newest(out);
  }
  return out;
}

MeasuredLoss measured_loss(const NewestCommit& source, const NewestCommit& copy, std::int64_t backup_stop_epoch) {
  MeasuredLoss m;
  const std::int64_t floor_us = backup_stop_epoch * 1'000'000;
  auto loss_s = [&](std::int64_t src, const std::optional<std::int64_t>& cp) {
    return std::max<double>(0.0, static_cast<double>(src - cp.value_or(std::min(src, floor_us))) / 1e6);
  };
  if (source.commit_timestamps) {
    m.basis =
        "pg_last_committed_xact() on the source just before the restore minus pg_last_xact_replay_timestamp() of the "
        "restored copy (track_commit_timestamp = on)";
    m.detail = {{"source_newest_commit", time_json(source.epoch_us)}, {"copy_newest_commit", time_json(copy.epoch_us)}};
    if (!source.epoch_us) {
      m.seconds = 0.0;  // nothing was ever committed with a timestamp: nothing to lose
      m.basis += "; the source has no commit timestamp yet";
    } else {
      m.seconds = loss_s(*source.epoch_us, copy.epoch_us);
    }
    return m;
  }
  m.basis =
      "newest value of the recency columns on the source just before the restore minus the same on the restored copy "
      "(track_commit_timestamp = off; largest difference of one column)";
  if (source.columns.empty()) {
    m.basis = "not measured: " + source.error + " (turn track_commit_timestamp on, or add a max_age check to --checks)";
    return m;
  }
  double worst = 0;
  nlohmann::json cols = nlohmann::json::object();
  for (const auto& [name, src] : source.columns) {
    auto it = copy.columns.find(name);
    const std::optional<std::int64_t> cp = it == copy.columns.end() ? std::nullopt : it->second;
    const double l = src ? loss_s(*src, cp) : 0.0;
    worst = std::max(worst, l);
    cols[name] = {{"source", time_json(src)}, {"copy", time_json(cp)}, {"loss_seconds", l}};
  }
  m.seconds = worst;
  m.detail = {{"columns", cols}};
  return m;
}

}  // namespace reos::postgres
