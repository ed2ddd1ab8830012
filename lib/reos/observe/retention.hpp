#pragma once
// The retention policy in days, per repository: what each repository's pgBackRest settings
// keep given the schedule, and what it holds now, against config::RetentionPolicy. Also the
// archive-push-queue-max trade-off (WAL dropped past it). Pure: check gathers the facts.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reos/config/policy.hpp"
#include "reos/observe/check.hpp"
#include "reos/pgbackrest/info.hpp"

namespace reos::observe {

struct RetentionFacts {
  std::map<std::string, std::string> options;  // the stanza's pgBackRest settings (read_stanza_options)
  std::optional<pgbackrest::StanzaInfo> info;  // nullopt: no "held now" findings
  std::int64_t now_epoch = 0;
  std::optional<double> wal_bytes_per_s;  // the source's WAL rate, when reachable
};

/// Per repository: retention.repoN.full, .diff, .incr, .wal (the settings' window against the
/// policy, each contradiction with the setting that fixes it) and .held (the window held now);
/// then archive.push_queue_max.
std::vector<Finding> evaluate_retention(const RetentionFacts& f, const config::RetentionPolicy& p);

/// pgBackRest's size syntax ("1GB", "512MB", "1024"; KB..PB are powers of 1024).
std::optional<std::uint64_t> parse_pgbackrest_size(const std::string& text);

}  // namespace reos::observe
