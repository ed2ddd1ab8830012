#pragma once
// Read-only look-ups of a repository's WAL archive that info, metrics, restore-pitr and verify
// share: when its newest segment was written there (pgbackrest repo-ls), and how far each
// repository is behind the source.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reos/observe/repo_lag.hpp"
#include "reos/pgbackrest/info.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/postgres/archiver.hpp"
#include "reos/process/executor.hpp"

namespace reos::commands {

/// When repository `repo`'s newest archived segment (`a.max`) was written there: one repo-ls
/// call, appended to `ran` (a plan lists it). nullopt and `why` when it cannot be read (a
/// failed call is not the command's error: it costs this one figure).
std::optional<std::int64_t> newest_segment_written(process::Executor& exec, const pgbackrest::Target& t,
                                                   const std::string& stanza, int repo, const pgbackrest::ArchiveRange& a,
                                                   std::optional<double> io_timeout_s, std::vector<process::Invocation>& ran,
                                                   std::string* why);

/// The lag of every repository of `s` against `source`, with one repo-ls look-up per repository
/// that is behind (appended to `ran`): none while every repository keeps up.
std::vector<observe::RepoLag> read_repo_lags(process::Executor& exec, const pgbackrest::Target& t,
                                             const pgbackrest::StanzaInfo& s,
                                             const std::optional<postgres::ArchiverStatus>& source, const std::string& source_why,
                                             std::int64_t now_epoch, std::optional<double> io_timeout_s,
                                             std::vector<process::Invocation>& ran);

}  // namespace reos::commands
