// verify, phase 3: the repository itself, through `pgbackrest verify`. Its exit code can be 0
// while it reports errors, so its status lines decide.
#include <fmt/format.h>

#include "reos/commands/verify/verify.hpp"

namespace reos::commands::verify {

RepositoryVerdict repository_phase(const VerifyPlan& p, process::Executor& exec, nlohmann::json& report) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto ver = exec.run(p.repo_verify);
  report["timings"]["repo_verify_ms"] = since(t0).count();
  const auto vr = pgbackrest::parse_verify_output(ver.out);
  RepositoryVerdict v;
  v.ok = ver.exit_code == 0 && vr.ok;
  report["repository"] = {{"ok", v.ok}, {"status", vr.status}, {"exit_code", ver.exit_code}, {"problems", vr.problems},
                          {"backups", vr.backups}, {"wal", vr.wal}};
  for (const auto& problem : vr.problems) v.problems.push_back("repository: " + problem);
  if (!v.ok && vr.problems.empty())
    v.problems.push_back(fmt::format("repository: verify status '{}', exit {}", vr.status, ver.exit_code));
  return v;
}

}  // namespace reos::commands::verify
