// verify, phase 1: the staging directories, the source's newest commit (the measured RPO's
// first reading), then the restore into them.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "reos/commands/verify/verify.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/progress.hpp"

namespace reos::commands::verify {

using error::Error;
using error::ExitCode;

void make_private_dirs(const std::vector<std::string>& dirs) {
  for (const auto& d : dirs) {
    std::string partial;  // mkdir -p; what we create is 0700
    for (std::size_t pos = 1; pos != std::string::npos;) {
      pos = d.find('/', pos + 1);
      partial = d.substr(0, pos);
      if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
        throw Error(ExitCode::Refused, fmt::format("cannot create '{}': {}", partial, std::strerror(errno)),
                    "give a --work-dir this user can write to");
      }
    }
  }
}

namespace {

// A fresh drill over an old copy: the copy goes, so the restore writes every file, as on a
// new host. Only our staging data directory (plan_verify refused one with a running postmaster).
void empty_staging(const std::string& data) {
  std::error_code ec;
  std::filesystem::remove_all(data, ec);
  if (ec) {
    throw Error(ExitCode::Refused, fmt::format("cannot empty the staging copy '{}' for a fresh drill: {}", data, ec.message()),
                "remove it by hand, or drop --fresh");
  }
}

// Read as close to the restore as possible: WAL archived before this moment is what a restore
// now could replay; what was committed but not yet archived is the loss.
void read_source(const VerifyOptions& o, const VerifyPlan& p, Recency& recency) {
  if (!p.archiver) {
    recency.why = p.archiver_why;
    return;
  }
  std::string err;
  auto db = postgres::connect(o.source, &err, 5);
  if (!db) {
    recency.why = fmt::format("source not reachable at {}:{} ({})", o.source.host, o.source.port, err);
    return;
  }
  recency.source = postgres::read_source_newest(*db, p.recency);
}

}  // namespace

void restore_phase(const VerifyOptions& o, const VerifyPlan& p, const CommandContext& ctx, process::Executor& exec,
                   Recency& recency, nlohmann::json& report) {
  const auto& r = o.request;
  if (p.empty_staging) empty_staging(o.paths.data);
  make_private_dirs({o.work, *r.lock_path, r.spool_path.value_or(*r.lock_path)});
  read_source(o, p, recency);
  const auto t0 = std::chrono::steady_clock::now();
  // pgBackRest's restore percentage is of the set's manifest size, which info reports exactly
  // (a delta restore counts the files it finds unchanged too).
  const auto restored = run_with_progress(exec, p.restore, ctx, o.progress, "restore", p.backup.size);
  report["timings"]["restore_ms"] = since(t0).count();
  pgbackrest::require_success(p.restore, restored, exec.redactor());
}

}  // namespace reos::commands::verify
