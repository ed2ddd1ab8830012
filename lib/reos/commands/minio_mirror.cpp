// `reos-backup minio-mirror`: one `mc mirror` run, judged by what it printed, not only by its
// exit code (mc exits 0 after "Overwrite not allowed" and similar per-object errors).
#include <set>

#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/minio/invocations.hpp"
#include "reos/minio/mc_run.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace {

struct MinioMirrorOptions {
  minio::McTarget target;
  minio::Location source, destination;
  bool overwrite = false, remove = false;
};

MinioMirrorOptions minio_mirror_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  MinioMirrorOptions o;
  o.source = minio::parse_location(s.text("source"), "--source", true);
  o.destination = minio::parse_location(s.text("target"), "--target", true);
  if (o.source.is_local() && o.destination.is_local()) {
    throw Error(ExitCode::Usage, "--source and --target are both local directories",
                "one side must be ALIAS/BUCKET; use rsync between local directories");
  }
  o.overwrite = s.flag("overwrite");
  o.remove = s.flag("remove");
  std::vector<std::string> aliases;
  if (!o.source.is_local()) aliases.push_back(o.source.alias);
  if (!o.destination.is_local()) aliases.push_back(o.destination.alias);
  o.target = minio::make_mc_target(s, ctx.env, ctx.config_file, ctx.redactor, aliases);
  return o;
}

// mc's private config directory is a placeholder until the run creates it.
struct MinioMirrorPlan {
  process::Invocation identify, mirror;
  std::vector<process::Invocation> steps() const { return {identify, mirror}; }
};

MinioMirrorPlan plan_minio_mirror(const MinioMirrorOptions& o, CommandContext&, process::Executor&) {
  return {minio::version_call(o.target),
          minio::mirror_call(o.target, minio::planned_config_dir(o.target), o.source, o.destination, o.overwrite, o.remove)};
}

// "Failed to copy `/srv/backup/db.sql`." -> "/srv/backup/db.sql".
std::string failed_source(const std::string& message) {
  static const std::string prefix = "Failed to copy `";
  if (message.rfind(prefix, 0) != 0) return {};
  auto end = message.find('`', prefix.size());
  return end == std::string::npos ? std::string() : message.substr(prefix.size(), end - prefix.size());
}

void run_minio_mirror(const MinioMirrorOptions& o, const MinioMirrorPlan& plan, CommandContext& ctx, process::Executor& exec,
                      Outcome& out) {
  minio::ConfigDir dir(o.target.config_dir, ctx.env);
  const auto id = minio::identify(exec, o.target, minio::kGateBaseline);
  const auto mirror = minio::in_dir(plan.mirror, dir);
  const auto r = minio::run_mc(exec, mirror);

  // Object lines are printed when a copy is queued, before it runs (mc.md 3.5): an object
  // counts as copied only when no error line names it afterwards.
  std::vector<std::string> queued;
  long long removed = 0, transferred = 0, total = 0;
  bool summary = false;
  for (const auto& d : r.docs) {
    if (d.contains("total")) {
      summary = true;
      transferred = d.value("transferred", 0LL);
      total = d.value("total", 0LL);
    } else if (d.contains("target")) {
      std::string src = d.value("source", "");
      if (src.empty())
        ++removed;
      else
        queued.push_back(src);
    }
  }
  std::set<std::string> failed;
  json errors = json::array();
  for (const auto& e : r.errors) {
    errors.push_back({{"message", e.message}, {"cause", e.cause}, {"code", e.code}, {"type", e.type}});
    if (auto f = failed_source(e.message); !f.empty()) failed.insert(f);
  }
  long long copied = 0;
  for (const auto& q : queued) copied += failed.count(q) ? 0 : 1;

  out.result = {{"source", o.source.mc_arg()},
                {"target", o.destination.mc_arg()},
                {"overwrite", o.overwrite},
                {"remove", o.remove},
                {"mc", minio::to_json(id)},
                {"objects_copied", copied},
                {"objects_removed", removed},
                {"objects_failed", static_cast<long long>(failed.size())},
                {"bytes_queued", total},
                {"bytes_transferred", transferred},
                {"error_count", static_cast<long long>(r.errors.size())},
                {"errors", errors},
                {"mc_exit_code", r.result.exit_code}};
  if (!r.ok()) {
    out.error = minio::reply_error(mirror, r, ctx.redactor, o.destination.mc_arg());
  } else if (!summary) {
    out.error = Error(ExitCode::UpstreamFailed, "mc mirror exited 0 without its closing summary line",
                      "the run may have been cut short; run the mirror again and compare the object counts");
  }
}

std::string text_minio_mirror(const json& r) {
  if (!r.contains("objects_copied")) return {};
  std::string s = fmt::format("mirror {} -> {}: {} object(s) copied, {} removed, {} bytes transferred, {} error(s)\n",
                              r["source"].get<std::string>(), r["target"].get<std::string>(),
                              r["objects_copied"].get<long long>(), r["objects_removed"].get<long long>(),
                              r["bytes_transferred"].get<long long>(), r["error_count"].get<long long>());
  for (const auto& e : r["errors"])
    s += fmt::format("  error: {}: {}\n", e["message"].get<std::string>(), e["cause"].get<std::string>());
  return s;
}

}  // namespace

CommandHandler minio_mirror_handler() {
  return make_handler(CommandParts<MinioMirrorOptions, MinioMirrorPlan>{"minio-mirror", minio_mirror_options, plan_minio_mirror,
                                                                        run_minio_mirror, text_minio_mirror});
}

}  // namespace reos::commands
