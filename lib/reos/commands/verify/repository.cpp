// verify, phase 3: the repository itself, through `pgbackrest verify`, started right after the
// restore and run beside phase 2. Its exit code can be 0 while it reports errors, so its status
// lines decide. Before 2.49 verify has no --set: it reads every backup and WAL file of the
// repository; from 2.49 it reads the restored set and the WAL it needs (report["repository"]
// ["scope"] says which).
#include <fmt/format.h>

#include "reos/commands/verify/verify.hpp"

namespace reos::commands::verify {

RepositoryVerdict repository_phase(process::Executor& exec, process::Executor::Started& started, const std::string& scope,
                                   nlohmann::json& report) {
  const auto ver = exec.finish(started);
  report["timings"]["repo_verify_ms"] = ver.duration.count();
  const auto vr = pgbackrest::parse_verify_output(ver.out);
  RepositoryVerdict v;
  v.ok = ver.exit_code == 0 && vr.ok;
  report["repository"] = {
      {"ok", v.ok},    {"status", vr.status}, {"exit_code", ver.exit_code}, {"problems", vr.problems}, {"backups", vr.backups},
      {"wal", vr.wal}, {"scope", scope}};
  for (const auto& problem : vr.problems) v.problems.push_back("repository: " + problem);
  if (!v.ok && vr.problems.empty())
    v.problems.push_back(fmt::format("repository: verify status '{}', exit {}", vr.status, ver.exit_code));
  return v;
}

}  // namespace reos::commands::verify
