// `reos-backup minio-version enable|suspend|status`: bucket versioning, one result per bucket.
#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/minio/invocations.hpp"
#include "reos/minio/mc_run.hpp"
#include "reos/minio/options.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using nlohmann::json;

namespace {

struct MinioVersionOptions {
  minio::McTarget target;
  std::string action;  // enable | suspend | status
  std::string alias;
  std::vector<std::string> buckets;
};

MinioVersionOptions minio_version_options(CommandContext& ctx) {
  MinioVersionOptions o;
  o.action = ctx.settings.positionals.at(0);
  o.alias = minio::alias_setting(ctx.settings);
  o.buckets = minio::bucket_list(ctx.settings);
  o.target = minio::make_mc_target(ctx.settings, ctx.env, ctx.config_file, ctx.redactor, {o.alias});
  return o;
}

// Per bucket: `version info` first, because enable/suspend never read the state back (their
// reply always says ""), and because re-enabling without --excluded-prefixes would clear the
// bucket's excluded prefixes: the change call is skipped at run time when info shows the
// bucket already in the requested state. mc's private config directory is a placeholder
// until the run creates it.
struct BucketVersioning {
  std::string bucket;
  process::Invocation info;
  std::optional<process::Invocation> set;  // enable/suspend: made unless info shows it done
};

struct MinioVersionPlan {
  process::Invocation identify;
  std::vector<BucketVersioning> buckets;

  std::vector<process::Invocation> steps() const {
    std::vector<process::Invocation> v{identify};
    for (const auto& b : buckets) {
      v.push_back(b.info);
      if (b.set) v.push_back(*b.set);
    }
    return v;
  }
};

MinioVersionPlan plan_minio_version(const MinioVersionOptions& o, CommandContext&, process::Executor&) {
  const std::string dir = minio::planned_config_dir(o.target);
  MinioVersionPlan plan{minio::version_call(o.target), {}};
  for (const auto& b : o.buckets) {
    BucketVersioning bv{b, minio::version_info_call(o.target, dir, o.alias, b), std::nullopt};
    if (o.action != "status") bv.set = minio::version_set_call(o.target, dir, o.action, o.alias, b);
    plan.buckets.push_back(std::move(bv));
  }
  return plan;
}

void run_minio_version(const MinioVersionOptions& o, const MinioVersionPlan& plan, CommandContext& ctx, process::Executor& exec,
                       Outcome& out) {
  minio::ConfigDir dir(o.target.config_dir, ctx.env);
  const auto id = minio::identify(exec, o.target, minio::kGateVersionCommand);
  const std::string wanted = o.action == "enable" ? "Enabled" : "Suspended";

  json buckets = json::array();
  std::optional<error::Error> first_failure;
  int failures = 0;
  std::vector<std::string> not_enabled;
  for (const auto& step : plan.buckets) {
    const std::string& b = step.bucket;
    const std::string subject = o.alias + "/" + b;
    json r{{"bucket", b}, {"url", subject}};
    const auto info_inv = minio::in_dir(step.info, dir);
    const auto info = minio::run_mc(exec, info_inv);
    if (!info.ok() || info.docs.empty()) {
      auto e = minio::reply_error(info_inv, info, ctx.redactor, subject);
      r["ok"] = false;
      r["error"] = e.message();
      if (!first_failure) first_failure = e;
      ++failures;
      buckets.push_back(r);
      continue;
    }
    const std::string before = minio::versioning_status(info.docs.front());
    r["before"] = before;
    if (o.action == "status") {
      r["status"] = before;
      r["ok"] = before == "Enabled";
      if (before != "Enabled") not_enabled.push_back(fmt::format("{} ({})", subject, before));
    } else if (before == wanted) {
      r["status"] = before;
      r["changed"] = false;
      r["ok"] = true;
    } else {
      const auto set_inv = minio::in_dir(*step.set, dir);
      const auto set = minio::run_mc(exec, set_inv);
      if (!set.ok()) {
        auto e = minio::reply_error(set_inv, set, ctx.redactor, subject);
        r["status"] = before;
        r["changed"] = false;
        r["ok"] = false;
        r["error"] = e.message();
        if (!first_failure) first_failure = e;
        ++failures;
      } else {
        r["status"] = wanted;
        r["changed"] = true;
        r["ok"] = true;
      }
    }
    buckets.push_back(r);
  }
  out.result = {{"alias", o.alias}, {"action", o.action}, {"mc", minio::to_json(id)}, {"buckets", buckets}};
  if (first_failure) {
    // Could not run for some bucket: that outranks what the others showed.
    out.error = *first_failure;
    if (o.buckets.size() > 1)
      out.error =
          error::Error(first_failure->code(),
                       fmt::format("{} of {} buckets failed; first: {}", failures, o.buckets.size(), first_failure->message()),
                       first_failure->hint())
              .with_upstream(*first_failure->upstream());
  } else if (!not_enabled.empty()) {
    // `status` is a check: the seed relies on versioning to undo deletes and overwrites, so a
    // bucket without it is a finding (problem_found), not a failure to run.
    out.error =
        error::Error(error::ExitCode::ProblemFound, fmt::format("versioning is not enabled on {}", util::join(not_enabled, ", ")),
                     fmt::format("enable it: reos-backup minio-version enable --alias {} --bucket NAME", o.alias));
  }
}

std::string text_minio_version(const json& result) {
  std::string s;
  for (const auto& b : result.value("buckets", json::array())) {
    const std::string url = b["url"].get<std::string>();
    if (b.contains("error")) {
      s += fmt::format("{}: FAILED: {}\n", url, b["error"].get<std::string>());
    } else if (result["action"] == "status") {
      s += fmt::format("{}: versioning {}\n", url, b["status"].get<std::string>());
    } else {
      s += fmt::format("{}: versioning {}{}\n", url, b["status"].get<std::string>(),
                       b["changed"].get<bool>() ? fmt::format(" (was {})", b["before"].get<std::string>())
                                                : std::string(" (already; nothing changed)"));
    }
  }
  return s;
}

}  // namespace

CommandHandler minio_version_handler() {
  return make_handler(CommandParts<MinioVersionOptions, MinioVersionPlan>{
      "minio-version", minio_version_options, plan_minio_version, run_minio_version, text_minio_version});
}

}  // namespace reos::commands
