// `reos-backup check`: one preflight/health report. Gathers the facts (pgbackrest version,
// info and check, the cluster's archiver state and settings, the .ready backlog, the
// pgBackRest config's retention settings) and lets observe::evaluate_checks and
// observe::evaluate_retention ([policy] in days per repository) judge them.
#include <algorithm>

#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/commands/source_cluster.hpp"
#include "reos/observe/check.hpp"
#include "reos/observe/metrics.hpp"
#include "reos/observe/retention.hpp"
#include "reos/pgbackrest/config_reader.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/postgres/wal_rate.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace {

struct CheckOptions {
  pgbackrest::Target target;
  observe::CheckPolicy policy;
  pgbackrest::Config pgbackrest_config;
  config::RetentionPolicy retention;
  double io_timeout_s = 0;        // of the status calls
  std::optional<long long> repo;  // --repo: only that repository's findings
};

CheckOptions check_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  CheckOptions o{pgbackrest::make_target(s, ctx.env, ctx.redactor), {}, pgbackrest::read_config(s, ctx.env),
                 config::read_retention_policy(ctx.config_file),    {}, {}};
  auto secs = [&](const char* name) { return static_cast<std::int64_t>(s.duration(name).count() / 1000); };
  o.policy = {s.text("stanza"), s.duration("objective-rpo").count() / 1000.0, secs("max-full-age"), secs("max-diff-age"),
              secs("max-incr-age")};
  if (s.has("repo")) o.repo = s.integer("repo");
  o.io_timeout_s =
      pgbackrest::status_io_timeout(pgbackrest::stanza_location(o.pgbackrest_config, o.policy.stanza, "check").io_timeout_s);
  return o;
}

// pgbackrest check waits archive-timeout (default 60 s) for the WAL it switched; 20 s is
// plenty for a working archive and keeps a broken one from stalling the report (rc 82).
struct CheckPlan {
  process::Invocation version, info, check;
  std::vector<process::Invocation> steps() const { return {version, info, check}; }
};

CheckPlan plan_check(const CheckOptions& o, CommandContext&, process::Executor&) {
  return {pgbackrest::version_call(o.target), pgbackrest::info_call(o.target, "info", o.policy.stanza, o.repo, o.io_timeout_s),
          pgbackrest::pgbackrest_call(o.target, "check", "check", o.policy.stanza,
                                      {"--archive-timeout=20", pgbackrest::io_timeout_arg(o.io_timeout_s)})};
}

// A failed step is a finding here, not the run's error: the report goes on to the next fact.
void run_check(const CheckOptions& o, const CheckPlan& plan, CommandContext& ctx, process::Executor& exec, Outcome& out) {
  observe::CheckFacts f;
  f.now_epoch = ctx.now_epoch;
  const auto version = exec.run(plan.version);
  f.pgbackrest_version = version.exit_code == 0 ? pgbackrest::parse_pgbackrest_version(version.out) : "";

  const auto info = exec.run(plan.info);
  if (info.exit_code == 0) {
    for (auto& s : pgbackrest::parse_info(info.out))
      if (s.name == o.policy.stanza) f.info = s;
    if (!f.info) f.info_error = "stanza not listed";
  } else {
    f.info_error = pgbackrest::upstream_error(plan.info, info, ctx.redactor).message();
  }

  std::string why;
  observe::RetentionFacts rf;
  const auto source = source_target(o.pgbackrest_config, ctx.settings, o.policy.stanza);
  if (auto db = postgres::connect(source, &why, 5)) {
    f.archiver = postgres::read_archiver(*db, &why);
    observe::read_check_settings(*db, f);
    rf.wal_bytes_per_s = postgres::read_wal_rate(*db);
  }
  if (!f.archiver) f.db_error = fmt::format("{}:{}: {}", source.host, source.port, why);

  // A repository info could not read would make pgbackrest check retry it for about 8 x
  // io-timeout and fail anyway: cut that short and say so.
  const std::string unreadable = f.info ? pgbackrest::failing_repos(*f.info) : "";
  if (!unreadable.empty()) {
    f.check_skipped = "not run: info could not read " + unreadable;
  } else {
    const auto check = exec.run(plan.check);
    f.check_exit_code = check.exit_code;
    if (check.exit_code != 0) {
      auto reported = pgbackrest::parse_reported_error(check.err);
      f.check_error = ctx.redactor.text(reported ? reported->message : util::first_line(check.err));
    }
  }

  const auto loc = pgbackrest::stanza_location(o.pgbackrest_config, o.policy.stanza, "check");
  f.archive_async = loc.archive_async;
  f.io_timeout_s = o.io_timeout_s;
  if (loc.pg_path) f.ready_files = observe::count_ready_files(*loc.pg_path + "/pg_wal/archive_status");

  auto findings = observe::evaluate_checks(f, o.policy);
  rf.options = pgbackrest::stanza_options(o.pgbackrest_config, o.policy.stanza, "expire");  // retention is expire's
  rf.info = f.info;
  rf.now_epoch = f.now_epoch;
  for (auto& x : observe::evaluate_retention(rf, o.retention)) findings.push_back(std::move(x));
  // --repo N: the findings of other repositories are left out (pgbackrest check, which has no
  // --repo, still covers every repository: archiving writes to each).
  if (o.repo)
    findings.erase(std::remove_if(findings.begin(), findings.end(),
                                  [&](const observe::Finding& x) {
                                    const auto repo = observe::finding_repo(x.id);
                                    return repo && *repo != *o.repo;
                                  }),
                   findings.end());
  // ... and its finding says so: a failure there may be another repository's.
  if (o.repo)
    for (auto& x : findings)
      if (x.id == "pgbackrest.check")
        x.message += fmt::format(" (pgBackRest's check has no --repo: it covers every repository, not only repo{})", *o.repo);
  json list = json::array();
  std::vector<std::string> failures, warnings;
  for (const auto& x : findings) {
    list.push_back(observe::to_json(x));
    if (x.severity == observe::Severity::failure) failures.push_back(x.id);
    if (x.severity == observe::Severity::warning) warnings.push_back(x.id);
  }
  out.result = {{"stanza", o.policy.stanza},
                {"repo", o.repo ? json(*o.repo) : json(nullptr)},
                {"pgbackrest_check_covers", "every repository (pgBackRest's check has no --repo)"},
                {"findings", list},
                {"failures", failures.size()},
                {"warnings", warnings.size()}};
  if (!failures.empty())
    out.error = Error(ExitCode::ProblemFound, "check found failures: " + util::join(failures, ", "), "see each finding's hint");
  else if (!warnings.empty())
    out.error = Error(ExitCode::WarningsFound, "check found warnings: " + util::join(warnings, ", "), "see each finding's hint");
}

std::string text_check(const json& r) {
  std::string s = fmt::format("check of stanza '{}'\n", r["stanza"].get<std::string>());
  for (const auto& f : r["findings"]) {
    const std::string sev = f["severity"].get<std::string>();
    s += fmt::format("  [{}] {}: {}\n",
                     sev == "ok"        ? "ok"
                     : sev == "warning" ? "WARN"
                                        : "FAIL",
                     f["id"].get<std::string>(), f["message"].get<std::string>());
    if (!f["hint"].get<std::string>().empty()) s += "         hint: " + f["hint"].get<std::string>() + "\n";
  }
  s += fmt::format("{} failure(s), {} warning(s)\n", r["failures"].get<std::size_t>(), r["warnings"].get<std::size_t>());
  return s;
}

}  // namespace

CommandHandler check_handler() {
  return make_handler(CommandParts<CheckOptions, CheckPlan>{"check", check_options, plan_check, run_check, text_check});
}

}  // namespace reos::commands
