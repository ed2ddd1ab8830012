// `reos-backup backup`: one pgBackRest backup, read back from info.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/commands/counted.hpp"
#include "reos/commands/progress.hpp"
#include "reos/observe/state.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/info.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/pgbackrest/progress.hpp"
#include "reos/util/human.hpp"

namespace reos::commands {

using nlohmann::json;

namespace {

struct BackupOptions {
  pgbackrest::Target target;
  std::string stanza;
  std::string type;
  std::optional<long long> repo;
  std::optional<util::ProgressStyle> progress;  // progress_style(): shown, and how
};

BackupOptions backup_options(CommandContext& ctx) {
  BackupOptions o{pgbackrest::make_target(ctx.settings, ctx.env, ctx.redactor),
                  ctx.settings.text("stanza"),
                  ctx.settings.text("type"),
                  {},
                  {}};
  if (ctx.settings.has("repo")) o.repo = ctx.settings.integer("repo");
  o.progress = progress_style(ctx);
  return o;
}

// info before and after: the new backup is the label that appears. A resumed backup keeps
// an older label, but partial backups are not listed by info, so it still "appears".
struct BackupPlan {
  process::Invocation info_before, backup, info_after;
  std::vector<process::Invocation> steps() const { return {info_before, backup, info_after}; }
};

BackupPlan plan_backup(const BackupOptions& o, CommandContext&, process::Executor&) {
  std::vector<std::string> extra{"--type=" + o.type};
  if (o.repo) extra.push_back("--repo=" + std::to_string(*o.repo));
  BackupPlan p{pgbackrest::info_call(o.target, "info (before backup)", o.stanza, o.repo),
               pgbackrest::pgbackrest_call(o.target, "backup", "backup", o.stanza, extra),
               pgbackrest::info_call(o.target, "info (after backup)", o.stanza, o.repo)};
  if (o.progress) pgbackrest::with_file_progress(p.backup);
  return p;
}

std::set<std::string> labels_of(const std::vector<pgbackrest::StanzaInfo>& stanzas, const std::string& stanza) {
  std::set<std::string> labels;
  for (const auto& s : stanzas)
    if (s.name == stanza)
      for (const auto& b : s.backups) labels.insert(b.label);
  return labels;
}

void run_backup(const BackupOptions& o, const BackupPlan& plan, CommandContext& ctx, process::Executor& exec, Outcome& out) {
  out.result = {{"stanza", o.stanza}, {"requested_type", o.type}};

  // A failed info before is no reason not to back up: every label in info after is then new.
  const auto before = exec.run(plan.info_before);
  std::set<std::string> old_labels;
  if (before.exit_code == 0) old_labels = labels_of(pgbackrest::parse_info(before.out), o.stanza);

  // What a backup copies is known only to pgBackRest (an incremental copies the changed files):
  // the total is estimated from its percentages.
  const auto r = run_with_progress(exec, plan.backup, ctx, o.progress, "backup", std::nullopt);
  auto warnings = pgbackrest::parse_warnings(r.err);
  out.result["warnings"] = warnings;
  out.result["backup_duration_ms"] = r.duration.count();
  // pgBackRest's backup ends with an expire on every repository: with an off-site store down it
  // exits non-zero (e.g. 104) although the backup itself completed. info tells which it was
  // (backup.info lists only completed backups), so it runs after a failure too.
  std::optional<error::Error> failed;
  try {
    pgbackrest::require_success(plan.backup, r, ctx.redactor);
  } catch (const error::Error& e) {
    failed = e;
    // pgBackRest's own message seldom names the repository (an S3 store that stopped answering
    // is "unable to connect to 'host:port'"): with --repo, say which one it was.
    if (o.repo) {
      error::Error named(e.code(), fmt::format("backup to repo{}: {}", *o.repo, e.message()), e.hint());
      if (e.upstream()) named.with_upstream(*e.upstream());
      failed = named;
    }
  }

  const auto after = exec.run(plan.info_after);
  if (after.exit_code != 0 && failed) throw *failed;
  pgbackrest::require_success(plan.info_after, after, ctx.redactor);
  const pgbackrest::BackupSet* found = nullptr;
  const auto stanzas = pgbackrest::parse_info(after.out);
  for (const auto& s : stanzas) {
    if (s.name != o.stanza) continue;
    for (const auto& b : s.backups) {
      if (old_labels.count(b.label)) continue;
      if (!found || b.stop_epoch >= found->stop_epoch) found = &b;
    }
  }
  if (!found && failed) throw *failed;
  if (!found) {
    out.error = error::Error(error::ExitCode::UpstreamFailed, "pgbackrest backup exited 0 but info lists no new backup",
                             "run reos-backup info --stanza " + o.stanza + " and check the pgBackRest log");
    return;
  }
  if (failed) {
    const auto& up = failed->upstream();
    warnings.push_back(fmt::format(
        "backup {} completed in repo{}, but pgbackrest exited {} after it{}: {} (the expire that follows every backup "
        "runs on every repository; see reos-backup info for the repository that failed)",
        found->label, found->repo_key, r.exit_code, up && !up->error_name.empty() ? " (" + up->error_name + ")" : "",
        failed->message()));
    out.result["warnings"] = warnings;
    ctx.log.warn(warnings.back());
  }
  json b = pgbackrest::to_json(*found);
  out.result["backup"] = b;
  out.result["type"] = found->type;
  out.result["label"] = found->label;
}

std::string text_backup(const json& result) {
  if (!result.contains("backup")) return {};
  const auto& b = result["backup"];
  std::string s = fmt::format("{} backup {} of stanza '{}' done: {} .. {}, {} ({} in repo{}), took {}\n",
                              b["type"].get<std::string>(), b["label"].get<std::string>(), result["stanza"].get<std::string>(),
                              util::human_time(b["start"].get<std::string>()), util::human_time(b["stop"].get<std::string>()),
                              util::human_bytes(b["size_bytes"].get<std::uint64_t>()),
                              util::human_bytes(b["repo_size_bytes"].get<std::uint64_t>()), b["repo"].get<int>(),
                              util::human_duration(std::chrono::milliseconds(result["backup_duration_ms"].get<long long>())));
  for (const auto& w : result["warnings"]) s += "  warning: " + w.get<std::string>() + "\n";
  return s;
}

// Every attempt counts in the state file, planning failures included.
Outcome around_backup(const BackupOptions& o, CommandContext& ctx, process::Executor&, const std::function<Outcome()>& body) {
  return run_counted(ctx, body, [&](const std::string& state_file, bool ok, const std::string& err) {
    observe::record_backup(state_file, o.stanza, o.type, ok, ctx.now_epoch, err);
  });
}

}  // namespace

CommandHandler backup_handler() {
  return make_handler(
      CommandParts<BackupOptions, BackupPlan>{"backup", backup_options, plan_backup, run_backup, text_backup, around_backup});
}

}  // namespace reos::commands
