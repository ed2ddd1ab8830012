// verify, phase 1: the staging directories, then the restore into them.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "reos/commands/verify/verify.hpp"
#include "reos/pgbackrest/errors.hpp"

namespace reos::commands::verify {

using error::Error;
using error::ExitCode;

namespace {

void make_dirs(const std::vector<std::string>& dirs) {
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

}  // namespace

void restore_phase(const VerifyOptions& o, const VerifyPlan& p, process::Executor& exec, nlohmann::json& report) {
  const auto& r = o.request;
  make_dirs({o.work, *r.lock_path, r.spool_path.value_or(*r.lock_path)});
  const auto t0 = std::chrono::steady_clock::now();
  const auto restored = exec.run(p.restore);
  report["timings"]["restore_ms"] = since(t0).count();
  pgbackrest::require_success(p.restore, restored, exec.redactor());
}

}  // namespace reos::commands::verify
