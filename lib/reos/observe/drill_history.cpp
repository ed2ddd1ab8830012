#include "reos/observe/drill_history.hpp"

#include <cmath>
#include <type_traits>

#include <fmt/format.h>

#include "reos/util/json_number.hpp"
#include "reos/util/timestamp.hpp"

namespace reos::observe {

using nlohmann::json;

namespace {

template <class T>
json maybe(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

template <class T>
std::optional<T> field(const json& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  const json& v = j[key];
  if constexpr (std::is_same_v<T, bool>) {
    return v.is_boolean() ? std::optional<T>(v.get<bool>()) : std::nullopt;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return v.is_string() ? std::optional<T>(v.get<std::string>()) : std::nullopt;
  } else if constexpr (std::is_floating_point_v<T>) {
    return v.is_number() ? std::optional<T>(v.get<T>()) : std::nullopt;
  } else {
    return util::whole_number<T>(v);  // a hand-edited 1e300 is not a duration
  }
}

}  // namespace

json to_json(const VerifyRecord& r) {
  return {{"last_ok", r.ok},
          {"exit_code", r.exit_code},
          {"rto_ms", maybe(r.rto_ms)},
          {"rto_kind", r.rto_kind},
          {"rto_objective_ms", r.rto_objective_ms},
          {"rpo_objective_ms", r.rpo_objective_ms},
          {"last_epoch", r.epoch},
          {"repo", r.repo},
          {"restore", r.fresh ? json(*r.fresh ? "fresh" : "delta") : json(nullptr)},
          {"backup_label", r.backup_label},
          {"bytes", r.bytes},
          {"restore_ms", maybe(r.restore_ms)},
          {"start_ms", maybe(r.start_ms)},
          {"replay_ms", maybe(r.replay_ms)},
          {"checks_ms", maybe(r.checks_ms)},
          {"measured_loss_seconds", maybe(r.loss_seconds)},
          {"wal_segments", maybe(r.wal_segments)}};
}

VerifyRecord verify_record_from_json(const json& j) {
  VerifyRecord r;
  if (!j.is_object()) return r;
  r.ok = field<bool>(j, "last_ok").value_or(false);
  r.exit_code = field<int>(j, "exit_code").value_or(0);
  r.rto_ms = field<long long>(j, "rto_ms");
  r.rto_kind = field<std::string>(j, "rto_kind").value_or("measured");  // before history, every RTO was measured
  r.rto_objective_ms = field<long long>(j, "rto_objective_ms").value_or(0);
  r.rpo_objective_ms = field<long long>(j, "rpo_objective_ms").value_or(0);
  r.epoch = field<std::int64_t>(j, "last_epoch").value_or(0);
  r.repo = field<int>(j, "repo").value_or(0);
  if (auto k = field<std::string>(j, "restore")) r.fresh = *k == "fresh";
  r.backup_label = field<std::string>(j, "backup_label").value_or("");
  r.bytes = field<std::uint64_t>(j, "bytes").value_or(0);
  r.restore_ms = field<long long>(j, "restore_ms");
  r.start_ms = field<long long>(j, "start_ms");
  r.replay_ms = field<long long>(j, "replay_ms");
  r.checks_ms = field<long long>(j, "checks_ms");
  r.loss_seconds = field<double>(j, "measured_loss_seconds");
  r.wal_segments = field<long long>(j, "wal_segments");
  return r;
}

std::vector<VerifyRecord> drill_history(const json& state, const std::string& stanza) {
  std::vector<VerifyRecord> out;
  if (!state.is_object() || !state.contains("stanzas") || !state["stanzas"].is_object()) return out;
  const json& s = state["stanzas"].value(stanza, json::object());
  if (!s.is_object() || !s.contains("verify") || !s["verify"].is_object()) return out;
  const json& h = s["verify"].value("history", json::array());
  if (!h.is_array()) return out;
  for (const auto& e : h) out.push_back(verify_record_from_json(e));
  return out;
}

std::optional<VerifyRecord> last_fresh_drill(const std::vector<VerifyRecord>& history, int repo) {
  for (auto it = history.rbegin(); it != history.rend(); ++it)
    if (it->repo == repo && it->fresh.value_or(false) && it->restore_ms && *it->restore_ms > 0 && it->bytes > 0) return *it;
  return std::nullopt;
}

long long estimated_restore_ms(const VerifyRecord& fresh, std::uint64_t bytes) {
  const double per_byte_ms = static_cast<double>(*fresh.restore_ms) / static_cast<double>(fresh.bytes);
  return std::llround(per_byte_ms * static_cast<double>(bytes));
}

std::optional<RestorePrediction> predict_restore(const std::vector<VerifyRecord>& history, int repo, std::uint64_t bytes,
                                                 std::optional<long long> wal_segments) {
  const auto fresh = last_fresh_drill(history, repo);
  if (!fresh) return std::nullopt;
  RestorePrediction p;
  p.from = *fresh;
  p.restore_ms = estimated_restore_ms(*fresh, bytes);
  p.start_ms = fresh->start_ms.value_or(0);
  const long long drill_replay = fresh->replay_ms.value_or(0);
  std::string replay_basis;
  if (wal_segments && fresh->wal_segments && *fresh->wal_segments > 0) {
    const double per_segment = static_cast<double>(drill_replay) / static_cast<double>(*fresh->wal_segments);
    p.replay_ms = std::llround(per_segment * static_cast<double>(*wal_segments));
    replay_basis = fmt::format("{} WAL segment(s) at {:.0f} ms each ({} in {} ms in that drill)", *wal_segments, per_segment,
                               *fresh->wal_segments, drill_replay);
  } else {
    p.replay_ms = drill_replay;
    replay_basis = fmt::format("that drill's replay time ({} ms; WAL to replay {})", drill_replay,
                               wal_segments ? "unknown in that drill" : "unknown here");
  }
  p.total_ms = p.restore_ms + p.start_ms + p.replay_ms;
  p.basis =
      fmt::format("from the fresh drill of {} (repo{}): restore of {} bytes at {} bytes in {} ms, its start ({} ms), {}",
                  util::format_epoch_s(fresh->epoch), repo, bytes, fresh->bytes, *fresh->restore_ms, p.start_ms, replay_basis);
  return p;
}

}  // namespace reos::observe
