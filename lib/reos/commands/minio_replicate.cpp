// `reos-backup minio-replicate add|status|ls|rm`: bucket replication through mc, with the
// remote's credentials in MC_HOST_<remote alias>, never in a URL on mc's command line.
#include <algorithm>
#include <chrono>
#include <regex>

#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/minio/invocations.hpp"
#include "reos/minio/mc_run.hpp"
#include "reos/minio/options.hpp"
#include "reos/minio/replication_status.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace {

struct MinioReplicateOptions {
  minio::McTarget target;
  std::string action;  // add | status | ls | rm
  std::string alias, bucket;
  minio::ReplicateAddSpec add;       // action add
  std::optional<std::string> rm_id;  // action rm: nullopt means --all
  std::string remote_url;            // action add: the remote alias's endpoint (no credentials)
  std::chrono::milliseconds rpo{0};  // action status: the lag objective
};

// The remote side of `add`: --remote-alias names it; --remote-url alone picks the one
// configured alias with that endpoint (its keys are needed anyway); both must agree.
std::string remote_alias_for(CommandContext& ctx) {
  const auto& s = ctx.settings;
  auto by_alias = s.optional("remote-alias");
  auto by_url = s.optional("remote-url");
  if (!by_alias && !by_url) {
    throw Error(ExitCode::Usage, "minio-replicate add needs --remote-url or --remote-alias",
                "give --remote-url https://host[:port] of a configured alias, or --remote-alias NAME");
  }
  if (by_alias) {
    minio::check_alias_name(*by_alias, "--remote-alias");
    if (by_url) {
      const auto a = minio::resolve_alias(*by_alias, ctx.env, ctx.config_file);
      const auto url = minio::normalize_endpoint(*by_url, "--remote-url", ExitCode::Usage);
      if (a.url != url) {
        throw Error(ExitCode::Usage,
                    fmt::format("--remote-url {} differs from the url of alias '{}' ({})", url, *by_alias, a.url),
                    "give one of them, or fix the alias's url");
      }
    }
    return *by_alias;
  }
  const auto url = minio::normalize_endpoint(*by_url, "--remote-url", ExitCode::Usage);
  std::vector<std::string> matches;
  for (const auto& name : minio::configured_aliases(ctx.env, ctx.config_file)) {
    try {
      if (minio::resolve_alias(name, ctx.env, ctx.config_file).url == url) matches.push_back(name);
    } catch (const Error&) {
      // An incomplete unrelated alias must not block this one; it is reported when used.
    }
  }
  if (matches.empty()) {
    throw Error(ExitCode::Config, fmt::format("no configured MinIO alias has url {}", url),
                "the remote's keys must come from an alias: add [minio:NAME] with url=" + url +
                    ", access-key= and secret-key= (or REOS_MINIO_NAME_URL, ..._ACCESS_KEY, ..._SECRET_KEY)");
  }
  if (matches.size() > 1) {
    throw Error(ExitCode::Usage, fmt::format("aliases {} all have url {}", util::join(matches, ", "), url),
                "choose one with --remote-alias");
  }
  return matches.front();
}

void check_replicate_flags(const std::string& v) {
  static const std::vector<std::string> known{"delete-marker", "delete", "existing-objects", "metadata-sync"};
  std::size_t start = 0;
  while (true) {
    std::size_t comma = v.find(',', start);
    std::string word = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (std::find(known.begin(), known.end(), word) == known.end()) {
      throw Error(ExitCode::Usage, fmt::format("--replicate: '{}' is not one of {}", word, util::join(known, ", ")),
                  "give a comma-separated subset, e.g. --replicate delete-marker,delete (mc rejects an empty value)");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

MinioReplicateOptions minio_replicate_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  MinioReplicateOptions o;
  o.action = s.positionals.at(0);
  o.alias = minio::alias_setting(s);
  o.bucket = minio::single_bucket(s);
  std::vector<std::string> aliases{o.alias};
  // Options of another action were refused while settings were resolved (the table's only-with rules).
  if (o.action == "add") {
    auto& a = o.add;
    a.alias = o.alias;
    a.bucket = o.bucket;
    a.remote_alias = remote_alias_for(ctx);
    if (!s.has("remote-bucket"))
      throw Error(ExitCode::Usage, "minio-replicate add needs --remote-bucket", "give --remote-bucket NAME");
    a.remote_bucket = s.text("remote-bucket");
    minio::check_bucket_name(a.remote_bucket, "--remote-bucket");
    if (a.remote_alias == o.alias && a.remote_bucket == o.bucket) {
      throw Error(ExitCode::Usage, "the remote bucket is the source bucket itself",
                  "replicate to another bucket or another deployment");
    }
    // Always an explicit rule ID: without --id mc generates one and reports "" (mc.md 3.2),
    // so nothing could name the rule later. Deterministic, so a dry run shows the real one.
    a.id = s.has("rule-id") ? s.text("rule-id") : fmt::format("reos-{}-to-{}-{}", o.bucket, a.remote_alias, a.remote_bucket);
    if (s.has("priority")) a.priority = s.integer("priority");
    if (s.has("replicate")) {
      check_replicate_flags(s.text("replicate"));
      a.replicate = s.text("replicate");
    }
    if (s.has("bandwidth")) {
      static const std::regex re(R"(^[0-9]+(\.[0-9]+)?([KMGTkmgt]i?[Bb]?)?$)");
      // Bounded first: std::regex recurses once per character.
      if (s.text("bandwidth").size() > 32 || !std::regex_match(s.text("bandwidth"), re))
        throw Error(ExitCode::Usage, fmt::format("--bandwidth: '{}' is not a byte rate", s.text("bandwidth")),
                    "give bytes per second like 100M or 1Gi (the server refuses less than 100 MB/s)");
      a.bandwidth = s.text("bandwidth");
    }
    aliases.push_back(a.remote_alias);
  } else if (o.action == "rm") {
    if (s.has("rule-id") == s.flag("all")) {
      throw Error(ExitCode::Usage, "minio-replicate rm needs exactly one of --rule-id or --all",
                  "see the rule IDs with: reos-backup minio-replicate ls --alias A --bucket B");
    }
    if (s.has("rule-id")) o.rm_id = s.text("rule-id");
  }
  if (s.has("rule-id")) {
    const auto& id = s.text("rule-id");
    if (id.size() > 255 || id[0] == '-')
      throw Error(ExitCode::Usage, fmt::format("--rule-id: '{}' is not a usable rule ID", id),
                  "use up to 255 characters, not starting with '-'");
  }
  if (o.action == "status") o.rpo = s.duration("objective-rpo");
  o.target = minio::make_mc_target(s, ctx.env, ctx.config_file, ctx.redactor, aliases);
  if (o.action == "add") o.remote_url = o.target.aliases.at(o.add.remote_alias).url;
  return o;
}

// What each action calls, in order; mc's private config directory is a placeholder until
// the run creates it.
struct MinioReplicatePlan {
  process::Invocation identify;
  // add: versioning of both buckets first: mc's own refusal names the side only in server
  // jargon and, when a stale remote target exists, only after touching it.
  std::optional<process::Invocation> source_versioning, remote_versioning, add;
  std::optional<process::Invocation> status;
  std::optional<process::Invocation> ls;  // ls; rm --all lists first, to name the rules (and their targets' ARNs) it removes
  std::optional<process::Invocation> rm;

  std::vector<process::Invocation> steps() const {
    std::vector<process::Invocation> v{identify};
    for (const auto* step : {&source_versioning, &remote_versioning, &add, &status, &ls, &rm})
      if (*step) v.push_back(**step);
    return v;
  }
};

MinioReplicatePlan plan_minio_replicate(const MinioReplicateOptions& o, CommandContext&, process::Executor&) {
  const std::string dir = minio::planned_config_dir(o.target);
  MinioReplicatePlan p;
  p.identify = minio::version_call(o.target);
  if (o.action == "add") {
    p.source_versioning = minio::version_info_call(o.target, dir, o.alias, o.bucket);
    p.remote_versioning = minio::version_info_call(o.target, dir, o.add.remote_alias, o.add.remote_bucket);
    p.add = minio::replicate_add_call(o.target, dir, o.add);
  } else if (o.action == "status") {
    p.status = minio::replicate_status_call(o.target, dir, o.alias, o.bucket);
  } else if (o.action == "ls") {
    p.ls = minio::replicate_ls_call(o.target, dir, o.alias, o.bucket);
  } else {
    if (!o.rm_id) p.ls = minio::replicate_ls_call(o.target, dir, o.alias, o.bucket);
    p.rm = minio::replicate_rm_call(o.target, dir, o.alias, o.bucket, o.rm_id);
  }
  return p;
}

const minio::Gate& gate_for(const std::string& action) {
  if (action == "add") return minio::kGateRemoteBucketAlias;
  if (action == "status") return minio::kGateReplicateStatus;
  return minio::kGateReplicate;
}

std::string str(const json& j, const char* k) {
  return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
}
std::string nested_status(const json& rule, const char* k) {
  return rule.contains(k) && rule[k].is_object() ? str(rule[k], "Status") : std::string();
}

json rule_json(const json& rule) {
  json r{{"id", str(rule, "ID")},
         {"status", str(rule, "Status")},
         {"priority", rule.value("Priority", 0)},
         {"destination_arn", rule.contains("Destination") ? str(rule["Destination"], "Bucket") : std::string()},
         {"delete_marker_replication", nested_status(rule, "DeleteMarkerReplication")},
         {"delete_replication", nested_status(rule, "DeleteReplication")},
         {"existing_object_replication", nested_status(rule, "ExistingObjectReplication")}};
  std::string prefix;
  if (rule.contains("Filter") && rule["Filter"].is_object()) {
    prefix = str(rule["Filter"], "Prefix");
    if (prefix.empty() && rule["Filter"].contains("And")) prefix = str(rule["Filter"]["And"], "Prefix");
  }
  r["prefix"] = prefix;
  return r;
}

bool not_configured(const minio::McReply& r) {
  auto e = r.main_error();
  return e && e->cause.find("replication configuration not set") != std::string::npos;
}

void run_add(const MinioReplicateOptions& o, const MinioReplicatePlan& plan, const minio::ConfigDir& dir, process::Executor& exec,
             Outcome& out) {
  const auto& a = o.add;
  out.result["remote_alias"] = a.remote_alias;
  out.result["remote_url"] = o.remote_url;
  out.result["remote_bucket"] = a.remote_bucket;
  out.result["rule_id"] = a.id;
  out.result["priority"] = a.priority ? json(*a.priority) : json(nullptr);
  std::vector<std::string> unversioned;
  json versioning = json::object();
  for (const bool source : {true, false}) {
    const std::string subject = source ? o.alias + "/" + o.bucket : a.remote_alias + "/" + a.remote_bucket;
    const auto r = minio::run_mc_step(exec, source ? *plan.source_versioning : *plan.remote_versioning, dir, subject);
    const std::string st = minio::versioning_status(r.docs.front());
    versioning[subject] = st;
    if (st != "Enabled") unversioned.push_back(fmt::format("{} {} is {}", source ? "source" : "remote", subject, st));
  }
  out.result["versioning"] = versioning;
  if (!unversioned.empty()) {
    // Found, not failed: the deployment is in a state that forbids replication; a person
    // decides whether to enable versioning (it changes how deletes behave).
    out.error = Error(ExitCode::ProblemFound,
                      fmt::format("replication needs versioning on both buckets, but {}", util::join(unversioned, " and ")),
                      fmt::format("enable it: reos-backup minio-version enable --alias ALIAS --bucket BUCKET for each; "
                                  "nothing was changed"));
    return;
  }
  minio::run_mc_step(exec, *plan.add, dir, o.alias + "/" + o.bucket);
  out.result["added"] = true;
}

void run_status(const MinioReplicateOptions& o, const MinioReplicatePlan& plan, const minio::ConfigDir& dir, CommandContext& ctx,
                process::Executor& exec, Outcome& out) {
  const auto r = minio::run_mc_step(exec, *plan.status, dir, o.alias + "/" + o.bucket);
  const auto st = minio::parse_replication_status(r.docs.front(), ctx.now_epoch);
  json targets = json::array();
  std::vector<std::string> offline;
  for (const auto& t : st.targets) {
    targets.push_back(minio::to_json(t));
    if (!t.online) offline.push_back(t.name());
  }
  const long long failed = st.failed_count;
  out.result["configured"] = !targets.empty();
  out.result["targets"] = targets;
  out.result["replicated_count"] = st.replicated_count;
  out.result["replicated_bytes"] = st.replicated_bytes;
  out.result["failed_count"] = failed;
  out.result["queued_count"] = st.queued_count;
  out.result["queued_bytes"] = st.queued_bytes;
  out.result["objective_rpo_seconds"] = static_cast<double>(o.rpo.count()) / 1000;
  // status is a health check: no target, an offline target or failed replications are
  // findings for monitoring (problem_found); a lag beyond the RPO alone is objective_breached.
  // mc errors above are "could not run".
  std::vector<std::string> problems, behind;
  for (const auto& t : st.targets)
    if (t.lag_seconds && *t.lag_seconds * 1000 > static_cast<double>(o.rpo.count()))
      behind.push_back(fmt::format("{} is {:.0f} s behind (objective {} s)", t.name(), *t.lag_seconds, o.rpo.count() / 1000));
  if (targets.empty()) problems.push_back("no replication is configured");
  if (!offline.empty()) problems.push_back("target(s) offline: " + util::join(offline, ", "));
  if (failed > 0) problems.push_back(fmt::format("{} replication(s) failed", failed));
  const std::string subject = o.alias + "/" + o.bucket;
  if (!problems.empty()) {
    problems.insert(problems.end(), behind.begin(), behind.end());
    out.error = Error(ExitCode::ProblemFound, fmt::format("replication of {}: {}", subject, util::join(problems, "; ")),
                      targets.empty() ? "set it up with reos-backup minio-replicate add"
                                      : "check the remote deployment and the network between the sites");
  } else if (!behind.empty()) {
    out.error = Error(ExitCode::ObjectiveBreached, fmt::format("replication of {}: {}", subject, util::join(behind, "; ")),
                      "objects written now reach the DR site later than the RPO allows: check the queue, the "
                      "bandwidth limit of the rule and the link between the sites");
  }
}

void run_ls(const MinioReplicateOptions& o, const MinioReplicatePlan& plan, const minio::ConfigDir& dir, CommandContext& ctx,
            process::Executor& exec, Outcome& out) {
  const auto ls = minio::in_dir(*plan.ls, dir);
  const auto r = minio::run_mc(exec, ls);
  json rules = json::array();
  // mc treats "no rules" as a fatal error; for a listing it is just an empty list.
  if (!r.ok() && !(not_configured(r) && r.errors.size() == 1 && r.stream.text_lines.empty()))
    throw minio::reply_error(ls, r, ctx.redactor, o.alias + "/" + o.bucket);
  for (const auto& d : r.docs)
    if (d.contains("rule")) rules.push_back(rule_json(d["rule"]));
  out.result["rules"] = rules;
}

void run_rm(const MinioReplicateOptions& o, const MinioReplicatePlan& plan, const minio::ConfigDir& dir, CommandContext& ctx,
            process::Executor& exec, Outcome& out) {
  json removed = json::array();
  if (plan.ls) {
    const auto ls_inv = minio::in_dir(*plan.ls, dir);
    const auto ls = minio::run_mc(exec, ls_inv);
    if (!ls.ok() && !not_configured(ls)) throw minio::reply_error(ls_inv, ls, ctx.redactor, o.alias + "/" + o.bucket);
    for (const auto& d : ls.docs)
      if (d.contains("rule")) removed.push_back(rule_json(d["rule"]));
  }
  minio::run_mc_step(exec, *plan.rm, dir, o.alias + "/" + o.bucket, /*need_document=*/false);
  out.result["removed"] = o.rm_id ? json(*o.rm_id) : json("all");
  if (!o.rm_id) out.result["removed_rules"] = removed;
  // mc.md 3.2: --all --force drops the replication config but keeps the remote targets, so
  // a later add to the same endpoint fails with "The remote target already exists";
  // removing by rule ID takes the rule's target with it.
  out.result["remote_targets_left_behind"] = !o.rm_id;
  out.result["note"] =
      o.rm_id ? "mc removed the rule and its remote target"
              : "mc removed every rule but leaves the remote targets behind; a later minio-replicate add to the same "
                "endpoint fails with 'The remote target already exists' until they are removed with "
                "'mc admin bucket remote rm ALIAS/BUCKET --arn ARN' (ARNs: see removed_rules)";
}

void run_minio_replicate(const MinioReplicateOptions& o, const MinioReplicatePlan& plan, CommandContext& ctx,
                         process::Executor& exec, Outcome& out) {
  minio::ConfigDir dir(o.target.config_dir, ctx.env);
  const auto id = minio::identify(exec, o.target, gate_for(o.action));
  out.result = {{"alias", o.alias}, {"bucket", o.bucket}, {"action", o.action}, {"mc", minio::to_json(id)}};
  if (o.action == "add") return run_add(o, plan, dir, exec, out);
  if (o.action == "status") return run_status(o, plan, dir, ctx, exec, out);
  if (o.action == "ls") return run_ls(o, plan, dir, ctx, exec, out);
  return run_rm(o, plan, dir, ctx, exec, out);
}

std::string text_minio_replicate(const json& r) {
  const std::string subject = r.value("alias", "") + "/" + r.value("bucket", "");
  const std::string action = r.value("action", "");
  std::string s;
  if (action == "add") {
    if (r.value("added", false))
      s += fmt::format("replication rule '{}' added: {} -> {}/{} ({})\n", r["rule_id"].get<std::string>(), subject,
                       r["remote_alias"].get<std::string>(), r["remote_bucket"].get<std::string>(),
                       r["remote_url"].get<std::string>());
    if (r.contains("versioning"))
      for (const auto& [k, v] : r["versioning"].items()) s += fmt::format("  versioning {}: {}\n", k, v.get<std::string>());
  } else if (action == "status" && r.contains("targets")) {
    s += fmt::format("replication of {}: {}\n", subject, r["configured"].get<bool>() ? "configured" : "not configured");
    for (const auto& t : r["targets"])
      s += fmt::format(
          "  -> {}/{} {}, lag {}\n", t["endpoint"].get<std::string>(), t["target_bucket"].get<std::string>(),
          t["online"].get<bool>() ? "online" : "OFFLINE",
          t["lag_seconds"].is_null() ? std::string("unknown") : fmt::format("{:.3f} s", t["lag_seconds"].get<double>()));
    s += fmt::format("  replicated {} object(s), {} bytes; failed {}; queued {} ({} bytes)\n",
                     r["replicated_count"].get<long long>(), r["replicated_bytes"].get<long long>(),
                     r["failed_count"].get<long long>(), r["queued_count"].get<long long>(), r["queued_bytes"].get<long long>());
  } else if (action == "ls" && r.contains("rules")) {
    if (r["rules"].empty()) s += fmt::format("{}: no replication rules\n", subject);
    for (const auto& rule : r["rules"])
      s +=
          fmt::format("{}: rule '{}' {} priority {} -> {}\n", subject, rule["id"].get<std::string>(),
                      rule["status"].get<std::string>(), rule["priority"].get<int>(), rule["destination_arn"].get<std::string>());
  } else if (action == "rm" && r.contains("removed")) {
    s += fmt::format("{}: removed replication rule(s) {}\n", subject, r["removed"].get<std::string>());
    for (const auto& rule : r.value("removed_rules", json::array()))
      s += fmt::format("  rule '{}' (target {} left behind)\n", rule["id"].get<std::string>(),
                       rule["destination_arn"].get<std::string>());
    s += fmt::format("  note: {}\n", r["note"].get<std::string>());
  }
  return s;
}

}  // namespace

CommandHandler minio_replicate_handler() {
  return make_handler(CommandParts<MinioReplicateOptions, MinioReplicatePlan>{
      "minio-replicate", minio_replicate_options, plan_minio_replicate, run_minio_replicate, text_minio_replicate});
}

}  // namespace reos::commands
