// `reos-backup metrics`: Prometheus text exposition for node_exporter's textfile collector.
// It reports what it can see and leaves judging to the alert rules: a missing value is an
// absent series (or reos_postgres_up 0), not a failed run, so one unreachable piece does not
// blank the whole file.
#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/commands/repo_archive.hpp"
#include "reos/commands/source_cluster.hpp"
#include "reos/minio/invocations.hpp"
#include "reos/minio/mc_run.hpp"
#include "reos/minio/options.hpp"
#include "reos/minio/replication_status.hpp"
#include "reos/observe/metrics.hpp"
#include "reos/observe/state.hpp"
#include "reos/pgbackrest/config_reader.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/process/locate.hpp"
#include "reos/schedule/mirror_service.hpp"
#include "reos/util/atomic_file.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using nlohmann::json;

namespace {

struct MetricsOptions {
  pgbackrest::Target target;
  std::optional<std::string> stanza;
  std::string state_file;
  std::optional<std::string> textfile;
  pgbackrest::Config pgbackrest_config;
  // MinIO buckets, only with --bucket: mc is optional for metrics.
  std::optional<minio::McTarget> mc;
  std::string alias;
  std::vector<std::string> buckets;
  // --mirror: whether each mirror service runs, asked of systemd.
  std::vector<minio::MirrorPair> mirrors;
  std::string systemctl;
  double io_timeout_s = 0;        // of the info call
  std::optional<long long> repo;  // --repo: that repository's series only
};

MetricsOptions metrics_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  MetricsOptions o{pgbackrest::make_target(s, ctx.env, ctx.redactor),
                   s.optional("stanza"),
                   observe::state_file_path(s, ctx.env),
                   s.optional("textfile"),
                   pgbackrest::read_config(s, ctx.env),
                   std::nullopt,
                   {},
                   {},
                   {},
                   {},
                   {},
                   {}};
  if (s.has("repo")) o.repo = s.integer("repo");
  o.io_timeout_s =
      pgbackrest::status_io_timeout(pgbackrest::stanza_location(o.pgbackrest_config, o.stanza.value_or(""), "info").io_timeout_s);
  for (const auto& m : s.list("mirror")) o.mirrors.push_back(minio::parse_mirror_pair(m));
  if (!o.mirrors.empty()) {
    auto path = ctx.env.find("PATH");
    o.systemctl = process::locate_program("systemctl", path == ctx.env.end() ? "/usr/bin:/bin" : path->second, "PATH");
  }
  if (s.list("bucket").empty()) return o;
  if (!s.has("alias"))
    throw error::Error(error::ExitCode::Usage, "metrics --bucket needs --alias", "give --alias ALIAS of the deployment");
  o.alias = minio::alias_setting(s);
  o.buckets = minio::bucket_list(s);
  o.mc = minio::make_mc_target(s, ctx.env, ctx.config_file, ctx.redactor, {o.alias});
  return o;
}

// pgBackRest first; then, with --bucket, mc's identification and per bucket its versioning
// and replication status. mc's private config directory is a placeholder until the run.
struct BucketCalls {
  std::string bucket;
  process::Invocation versioning, replication;
};

// pgBackRest's info, each stanza's source and, for a repository behind it, when its newest
// segment was written (repo-ls) are read while planning (read-only look-ups): which repo-ls
// calls run depends on what info and the source say. The rest runs after them.
struct MetricsPlan {
  process::Invocation info;
  process::ProcessResult info_result;
  std::vector<observe::StanzaObservation> stanzas;  // info, archiver and lags filled in
  std::vector<std::string> archiver_missing;        // per stanza: why its source could not be read ("" when it was)
  std::vector<process::Invocation> lag_reads;
  process::Invocation version;
  std::optional<process::Invocation> identify_mc;  // with --bucket
  std::vector<BucketCalls> buckets;
  std::vector<process::Invocation> mirrors;  // systemctl is-active of each mirror service

  std::vector<process::Invocation> steps() const {
    std::vector<process::Invocation> v{info};
    v.insert(v.end(), lag_reads.begin(), lag_reads.end());
    v.push_back(version);
    if (identify_mc) v.push_back(*identify_mc);
    for (const auto& b : buckets) v.insert(v.end(), {b.versioning, b.replication});
    v.insert(v.end(), mirrors.begin(), mirrors.end());
    return v;
  }
};

// Per mirror: `systemctl is-active UNIT` prints the unit's state (exit 0 only for "active").
std::vector<process::Invocation> mirror_calls(const MetricsOptions& o) {
  std::vector<process::Invocation> calls;
  for (const auto& m : o.mirrors) {
    process::Invocation inv;
    inv.purpose = "mirror service state";
    inv.program = o.systemctl;
    inv.args = {"is-active", schedule::mirror_unit_name(m.source.mc_arg(), m.target.mc_arg()) + ".service"};
    inv.timeout = std::chrono::seconds(10);
    calls.push_back(std::move(inv));
  }
  return calls;
}

std::vector<observe::MirrorObservation> observe_mirrors(const MetricsOptions& o, const std::vector<process::Invocation>& calls,
                                                        process::Executor& exec, std::vector<std::string>& missing) {
  std::vector<observe::MirrorObservation> out;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    observe::MirrorObservation mo{o.mirrors[i].source.mc_arg(), o.mirrors[i].target.mc_arg(), std::nullopt};
    try {
      const auto r = exec.run(calls[i]);
      const std::string state = util::trim(r.out);
      // systemctl's unit states; anything else ("unknown" and no output: no systemd to ask).
      if (state == "active")
        mo.active = true;
      else if (state == "inactive" || state == "failed" || state == "activating" || state == "deactivating" ||
               state == "reloading")
        mo.active = false;
      else
        missing.push_back(fmt::format("{}: systemctl is-active said '{}' {}", calls[i].args[1], state, util::trim(r.err)));
    } catch (const error::Error& e) {
      if (e.code() == error::ExitCode::Interrupted) throw;
      missing.push_back(calls[i].args[1] + ": " + e.message());
    }
    out.push_back(std::move(mo));
  }
  return out;
}

MetricsPlan plan_metrics(const MetricsOptions& o, CommandContext& ctx, process::Executor& exec) {
  MetricsPlan p;
  // Without info there are no ages: that is a failure to run (exit 5), and no file is
  // written, so the textfile's old content ages and node_exporter's mtime metric shows it.
  p.info = pgbackrest::info_call(o.target, "info", o.stanza, o.repo, o.io_timeout_s);
  p.info_result = pgbackrest::run_step(exec, p.info);
  for (auto& s : pgbackrest::parse_info(p.info_result.out)) {
    observe::StanzaObservation so{s.name, std::move(s), std::nullopt, std::nullopt, {}};  // braces: s.name is read first
    std::string why;
    // so.stanza, not s.name: s was moved into so.info above.
    so.archiver = source_archiver(source_target(o.pgbackrest_config, ctx.settings, so.stanza), &why);
    p.archiver_missing.push_back(so.archiver ? std::string() : fmt::format("{}: pg_stat_archiver: {}", so.stanza, why));
    so.lags = read_repo_lags(exec, o.target, *so.info, so.archiver, why, ctx.now_epoch, o.io_timeout_s, p.lag_reads);
    p.stanzas.push_back(std::move(so));
  }
  p.info_result.out = std::string();  // parsed: tens of MB over thousands of backups, not read again
  p.version = pgbackrest::version_call(o.target);
  p.mirrors = mirror_calls(o);
  if (!o.mc) return p;
  const std::string dir = minio::planned_config_dir(*o.mc);
  p.identify_mc = minio::version_call(*o.mc);
  for (const auto& b : o.buckets)
    p.buckets.push_back(
        {b, minio::version_info_call(*o.mc, dir, o.alias, b), minio::replicate_status_call(*o.mc, dir, o.alias, b)});
  return p;
}

// A bucket mc could not answer for is reported as reos_minio_up 0 and left out of the other
// MinIO series: "versioning disabled" must never stand in for "could not ask".
std::vector<observe::BucketObservation> observe_buckets(const MetricsOptions& o, const MetricsPlan& p, CommandContext& ctx,
                                                        process::Executor& exec, std::vector<std::string>& missing) {
  std::vector<observe::BucketObservation> out;
  if (!o.mc) return out;
  for (const auto& b : p.buckets) out.push_back({o.alias, b.bucket, std::nullopt, std::nullopt});
  try {
    minio::ConfigDir dir(o.mc->config_dir, ctx.env);
    minio::identify(exec, *o.mc, minio::kGateReplicateStatus);
    for (std::size_t i = 0; i < p.buckets.size(); ++i) {
      auto& bo = out[i];
      const std::string subject = o.alias + "/" + bo.bucket;
      const auto info_inv = minio::in_dir(p.buckets[i].versioning, dir);
      const auto status_inv = minio::in_dir(p.buckets[i].replication, dir);
      const auto info = minio::run_mc(exec, info_inv);
      if (info.ok() && !info.docs.empty()) {
        bo.versioning_enabled = minio::versioning_status(info.docs.front()) == "Enabled";
      } else {
        missing.push_back(subject + ": versioning: " + minio::reply_error(info_inv, info, ctx.redactor, subject).message());
      }
      const auto status = minio::run_mc(exec, status_inv);
      if (status.ok() && !status.docs.empty()) {
        bo.replication = minio::parse_replication_status(status.docs.front(), ctx.now_epoch);
      } else {
        missing.push_back(subject + ": replication: " + minio::reply_error(status_inv, status, ctx.redactor, subject).message());
      }
    }
  } catch (const error::Error& e) {
    if (e.code() == error::ExitCode::Interrupted) throw;  // the operator stopped us: no file
    missing.push_back(o.alias + ": mc: " + e.message());
  }
  return out;
}

void run_metrics(const MetricsOptions& o, const MetricsPlan& plan, CommandContext& ctx, process::Executor& exec, Outcome& out) {
  observe::MetricsInput in;
  in.now_epoch = ctx.now_epoch;
  in.reos_version = REOS_VERSION;
  in.pgbackrest_version = pgbackrest::parse_pgbackrest_version(exec.run(plan.version).out);
  std::vector<std::string> missing;
  // A damaged state file costs the counters, not the rest: ages, archiving and buckets are
  // still measured, and not_measured says why the counters read 0.
  try {
    in.state = observe::read_state(o.state_file);
  } catch (const error::Error& e) {
    missing.push_back("counters: " + e.message());
  }
  for (std::size_t i = 0; i < plan.stanzas.size(); ++i) {
    auto so = plan.stanzas[i];
    const auto& s = *so.info;
    // What the short io-timeout cut off: the repository's series stay absent, reos_repo_up is 0.
    for (const auto& r : s.repos)
      if (r.code != 0)
        missing.push_back(
            fmt::format("{}: repo{}: not readable within io-timeout={:g} s ({}): its backup ages and archive "
                        "series are absent, reos_repo_up is 0",
                        s.name, r.key, o.io_timeout_s,
                        util::first_line(util::printable(r.message.empty() ? pgbackrest::status_meaning(r.code) : r.message))));
    for (const auto& l : so.lags)
      if (l.segments && !l.seconds)
        missing.push_back(fmt::format("{}: repo{}: archive behind seconds: {}", s.name, l.repo, l.unknown));
    if (!plan.archiver_missing[i].empty()) missing.push_back(plan.archiver_missing[i]);
    const auto loc = pgbackrest::stanza_location(o.pgbackrest_config, s.name, "archive-push");  // the .ready files are its
    if (loc.pg_path) so.ready_files = observe::count_ready_files(*loc.pg_path + "/pg_wal/archive_status");
    if (!so.ready_files) missing.push_back(s.name + ": .ready backlog: pg1-path/pg_wal/archive_status not readable");
    in.stanzas.push_back(std::move(so));
  }
  in.buckets = observe_buckets(o, plan, ctx, exec, missing);
  in.mirrors = observe_mirrors(o, plan.mirrors, exec, missing);
  const std::string text = observe::render_exposition(observe::build_metrics(in));
  // 0644: node_exporter runs as its own user and must read the file; it holds no secrets.
  if (o.textfile) util::write_file_atomically(*o.textfile, text, 0644);
  for (const auto& m : missing) ctx.log.info("not measured: " + m);
  out.result = {{"exposition", text},
                {"textfile", o.textfile ? json(*o.textfile) : json(nullptr)},
                {"state_file", o.state_file},
                {"not_measured", missing}};
}

std::string text_metrics(const json& r) {
  // With --textfile the exposition went to the file; stdout stays quiet for cron.
  return r["textfile"].is_null() ? r["exposition"].get<std::string>() : std::string();
}

}  // namespace

CommandHandler metrics_handler() {
  return make_handler(
      CommandParts<MetricsOptions, MetricsPlan>{"metrics", metrics_options, plan_metrics, run_metrics, text_metrics});
}

}  // namespace reos::commands
