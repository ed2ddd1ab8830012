#include "reos/config/policy.hpp"

#include <algorithm>
#include <regex>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/duration.hpp"

namespace reos::config {

using error::Error;
using error::ExitCode;

RepoRetentionPolicy RetentionPolicy::for_repo(int n) const {
  auto it = repos.find(n);
  return it == repos.end() ? all : it->second;
}

namespace {

constexpr const char* kKeys =
    "full-interval, diff-interval, incr-interval, full-days, diff-days, incr-days, wal-days "
    "and repoN-full-days, repoN-diff-days, repoN-incr-days, repoN-wal-days";

int* days_field(RepoRetentionPolicy& p, const std::string& kind) {
  if (kind == "full") return &p.full_days;
  if (kind == "diff") return &p.diff_days;
  if (kind == "incr") return &p.incr_days;
  if (kind == "wal") return &p.wal_days;
  return nullptr;
}

}  // namespace

RetentionPolicy read_retention_policy(const ConfigFile* cfg) {
  RetentionPolicy p;
  // The seed keeps 90 days on S3 (repo2); the common keys below change it only when the file
  // names repo2 itself, so "full-days=35" does not quietly lower the off-site promise.
  std::map<int, std::map<std::string, int>> per_repo = {{2, {{"full", 90}}}};
  if (cfg) {
    static const std::regex repo_key(R"(repo([1-9][0-9]{0,2})-(full|diff|incr|wal)-days)");
    static const std::regex common_key(R"((full|diff|incr|wal)-days)");
    for (const auto& e : cfg->entries) {
      if (e.section != "policy") continue;
      const std::string where = fmt::format("{}:{}: [policy] {}", cfg->path, e.line, e.key);
      std::smatch m;
      if (e.key == "full-interval" || e.key == "diff-interval" || e.key == "incr-interval") {
        std::int64_t s = 0;
        if (e.value != "off" || e.key == "full-interval") {
          auto d = util::parse_duration(e.value);
          if (!d || d->count() < 3600 * 1000)
            throw Error(ExitCode::Config, fmt::format("{}: '{}' is not an interval of at least 1h", where, e.value),
                        e.key == "full-interval" ? "use e.g. 7d" : "use e.g. 1d, 6h, or off");
          s = d->count() / 1000;
        }
        (e.key == "full-interval" ? p.full_interval_s : e.key == "diff-interval" ? p.diff_interval_s : p.incr_interval_s) = s;
        continue;
      }
      const bool is_repo = std::regex_match(e.key, m, repo_key);
      if (!is_repo && !std::regex_match(e.key, m, common_key))
        throw Error(ExitCode::Config, fmt::format("{}:{}: unknown key '{}' in [policy]", cfg->path, e.line, e.key),
                    fmt::format("[policy] takes {}", kKeys));
      const bool digits = !e.value.empty() && e.value.size() < 6 &&
                          std::all_of(e.value.begin(), e.value.end(), [](char c) { return c >= '0' && c <= '9'; });
      const int days = digits ? std::stoi(e.value) : 0;
      if (days < 1 || days > 9999)
        throw Error(ExitCode::Config, fmt::format("{}: '{}' is not a number of days from 1 to 9999", where, e.value),
                    "write whole days, e.g. 28");
      if (is_repo) {
        const int n = std::stoi(m[1].str());
        if (n > 256)
          throw Error(ExitCode::Config, fmt::format("{}: pgBackRest has repo1 to repo256", where), "use repo1..repo256");
        per_repo[n][m[2].str()] = days;
      } else {
        *days_field(p.all, m[1].str()) = days;
      }
    }
  }
  for (const auto& [n, kinds] : per_repo) {
    RepoRetentionPolicy r = p.all;
    for (const auto& [kind, days] : kinds) *days_field(r, kind) = days;
    p.repos[n] = r;
  }
  return p;
}

}  // namespace reos::config
