// `reos-backup metrics`: Prometheus text exposition for node_exporter's textfile collector.
// It reports what it can see and leaves judging to the alert rules: a missing value is an
// absent series (or reos_postgres_up 0), not a failed run, so one unreachable piece does not
// blank the whole file.
#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/commands/restore_support.hpp"
#include "reos/minio/invocations.hpp"
#include "reos/minio/mc_run.hpp"
#include "reos/minio/options.hpp"
#include "reos/observe/metrics.hpp"
#include "reos/observe/state.hpp"
#include "reos/pgbackrest/config_reader.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/util/atomic_file.hpp"

namespace reos::commands {

using nlohmann::json;

namespace {

struct MetricsOptions {
  pgbackrest::Target target;
  std::optional<std::string> stanza;
  std::string state_file;
  std::optional<std::string> textfile;
  std::string pgbackrest_config;
};

MetricsOptions metrics_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  return {pgbackrest::make_target(s, ctx.env, ctx.redactor), s.optional("stanza"),
          observe::state_file_path(s, ctx.env), s.optional("textfile"),
          pgbackrest::effective_config_path(s.optional("pgbackrest-config"))};
}

std::vector<process::Invocation> plan_metrics(const MetricsOptions& o) {
  return {pgbackrest::pgbackrest_call(o.target, "version", "version", std::nullopt, {}),
          pgbackrest::info_call(o.target, "info", o.stanza, std::nullopt)};
}

// Bucket versioning, only when --alias and --bucket were given: mc is optional for metrics.
std::vector<observe::BucketObservation> observe_buckets(CommandContext& ctx, process::Executor& exec) {
  std::vector<observe::BucketObservation> out;
  if (!ctx.settings.has("alias") || !ctx.settings.has("bucket")) return out;
  const std::string alias = minio::alias_setting(ctx.settings);
  const auto target = minio::make_mc_target(ctx.settings, ctx.env, ctx.config_file, ctx.redactor, {alias});
  minio::ConfigDir dir(target.config_dir, ctx.env);
  for (const auto& b : minio::bucket_list(ctx.settings)) {
    const auto r = minio::run_mc(exec, minio::version_info_call(target, dir.path(), alias, b));
    bool enabled = false;
    if (r.ok() && !r.docs.empty() && r.docs.front().contains("versioning") && r.docs.front()["versioning"].is_object())
      enabled = r.docs.front()["versioning"].value("status", "") == "Enabled";
    out.push_back({alias, b, enabled});
  }
  return out;
}

Outcome run_metrics(CommandContext& ctx, process::Executor& exec) {
  const auto o = metrics_options(ctx);
  const auto plan = plan_metrics(o);
  observe::MetricsInput in;
  in.now_epoch = ctx.now_epoch;
  in.reos_version = REOS_VERSION;
  in.pgbackrest_version = observe::parse_pgbackrest_version(exec.run(plan[0]).out);
  in.state = observe::read_state(o.state_file);
  const auto info = exec.run(plan[1]);
  // Without info there are no ages: that is a failure to run (exit 5), and no file is
  // written, so the textfile's old content ages and node_exporter's mtime metric shows it.
  if (info.exit_code != 0) return {json::object(), pgbackrest::upstream_error(plan[1], info, ctx.redactor)};
  std::vector<std::string> missing;
  for (auto& s : pgbackrest::parse_info(info.out)) {
    observe::StanzaObservation so{s.name, s, std::nullopt, std::nullopt};
    std::string why;
    so.archiver = source_archiver(source_target(ctx.settings, s.name), &why);
    if (!so.archiver) missing.push_back(fmt::format("{}: pg_stat_archiver: {}", s.name, why));
    const auto loc = pgbackrest::read_stanza_location(o.pgbackrest_config, s.name);
    if (loc.pg_path) so.ready_files = observe::count_ready_files(*loc.pg_path + "/pg_wal/archive_status");
    if (!so.ready_files) missing.push_back(s.name + ": .ready backlog: pg1-path/pg_wal/archive_status not readable");
    in.stanzas.push_back(std::move(so));
  }
  in.buckets = observe_buckets(ctx, exec);
  const std::string text = observe::render_exposition(observe::build_metrics(in));
  // 0644: node_exporter runs as its own user and must read the file; it holds no secrets.
  if (o.textfile) util::write_file_atomically(*o.textfile, text, 0644);
  for (const auto& m : missing) ctx.log.info("not measured: " + m);
  return {json{{"exposition", text}, {"textfile", o.textfile ? json(*o.textfile) : json(nullptr)},
               {"state_file", o.state_file}, {"not_measured", missing}},
          std::nullopt};
}

std::string text_metrics(const json& r) {
  // With --textfile the exposition went to the file; stdout stays quiet for cron.
  return r["textfile"].is_null() ? r["exposition"].get<std::string>() : std::string();
}

}  // namespace

CommandHandler metrics_handler() {
  return {"metrics", [](CommandContext& ctx) { return plan_metrics(metrics_options(ctx)); }, run_metrics, text_metrics};
}

}  // namespace reos::commands
