#include "reos/observe/repo_lag.hpp"

#include <algorithm>

#include "reos/util/time.hpp"

namespace reos::observe {

using nlohmann::json;

std::optional<long long> archive_behind_segments(const pgbackrest::StanzaInfo& s, int repo,
                                                 const std::optional<postgres::ArchiverStatus>& source) {
  const pgbackrest::RepoStatus* status = nullptr;
  for (const auto& r : s.repos)
    if (r.key == repo) status = &r;
  const auto* a = pgbackrest::archive_of_repo(s, repo);
  if (!status || status->code != 0 || !a || !a->max || !source || !source->current_wal) return std::nullopt;
  return pgbackrest::segments_between(*a->max, *source->current_wal);
}

RepoLag repo_lag(const pgbackrest::StanzaInfo& s, int repo, const std::optional<postgres::ArchiverStatus>& source,
                 const std::string& source_why, const std::optional<std::int64_t>& written, const std::string& written_why,
                 std::int64_t now_epoch) {
  RepoLag l;
  l.repo = repo;
  if (const auto* a = pgbackrest::archive_of_repo(s, repo)) l.newest_wal = a->max;
  l.segments = archive_behind_segments(s, repo, source);
  l.newest_written_epoch = written;
  if (!l.segments) {
    l.unknown = !source                ? source_why
                : !source->current_wal ? std::string("the source has no current WAL file (a standby)")
                : !l.newest_wal        ? std::string("the repository holds no WAL (or could not be read)")
                                : "the repository's newest WAL and the source's current WAL file are on different timelines";
  } else if (!behind(l.segments)) {
    l.seconds = 0;
  } else if (written) {
    l.seconds = std::max<long long>(0, now_epoch - *written);  // another host's clock may run ahead
  } else {
    l.unknown = written_why;
  }
  return l;
}

json to_json(const RepoLag& l) {
  auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  return {{"segments", opt(l.segments)},
          {"seconds", opt(l.seconds)},
          {"newest_wal", opt(l.newest_wal)},
          {"newest_written_at", l.newest_written_epoch ? json(util::rfc3339_utc(*l.newest_written_epoch)) : json(nullptr)},
          {"unknown", l.unknown.empty() ? json(nullptr) : json(l.unknown)}};
}

}  // namespace reos::observe
