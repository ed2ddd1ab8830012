#include "reos/commands/repo_archive.hpp"

#include <fmt/format.h>

#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/repo_ls.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

std::optional<std::int64_t> newest_segment_written(process::Executor& exec, const pgbackrest::Target& t,
                                                   const std::string& stanza, int repo, const pgbackrest::ArchiveRange& a,
                                                   std::optional<double> io_timeout_s, std::vector<process::Invocation>& ran,
                                                   std::string* why) {
  // Only a well-formed segment name goes into the path and the filter.
  if (!a.max || !pgbackrest::segments_between(*a.max, *a.max)) {
    *why = fmt::format("repo{} holds no WAL segment to date", repo);
    return std::nullopt;
  }
  ran.push_back(pgbackrest::segment_ls_call(t, fmt::format("when repo{}'s newest WAL was written", repo), stanza, repo, a.id,
                                            *a.max, io_timeout_s));
  try {
    const auto r = exec.run(ran.back());
    if (r.exit_code != 0) {
      *why =
          fmt::format("repo-ls of repo{} failed: {}", repo, pgbackrest::upstream_error(ran.back(), r, exec.redactor()).message());
      return std::nullopt;
    }
    const auto written = pgbackrest::newest_segment_time(r.out, *a.max);
    if (!written) *why = fmt::format("repo-ls of repo{} did not list {}", repo, *a.max);
    return written;
  } catch (const error::Error& e) {
    if (e.code() == error::ExitCode::Interrupted) throw;
    *why = fmt::format("repo-ls of repo{}: {}", repo, e.message());
    return std::nullopt;
  }
}

std::vector<observe::RepoLag> read_repo_lags(process::Executor& exec, const pgbackrest::Target& t,
                                             const pgbackrest::StanzaInfo& s,
                                             const std::optional<postgres::ArchiverStatus>& source, const std::string& source_why,
                                             std::int64_t now_epoch, std::optional<double> io_timeout_s,
                                             std::vector<process::Invocation>& ran) {
  std::vector<observe::RepoLag> lags;
  for (const auto& r : s.repos) {
    std::optional<std::int64_t> written;
    std::string why;
    const auto* a = pgbackrest::archive_of_repo(s, r.key);
    if (a && observe::behind(observe::archive_behind_segments(s, r.key, source)))
      written = newest_segment_written(exec, t, s.name, r.key, *a, io_timeout_s, ran, &why);
    lags.push_back(observe::repo_lag(s, r.key, source, source_why, written, why, now_epoch));
  }
  return lags;
}

}  // namespace reos::commands
