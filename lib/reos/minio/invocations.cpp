#include "reos/minio/invocations.hpp"

#include <algorithm>

#include "reos/process/locate.hpp"

namespace reos::minio {

using process::Invocation;

namespace {
// `mc --version` answers without touching the network or config; anything slower is not mc.
constexpr std::chrono::milliseconds kVersionTimeout{10000};
}  // namespace

McTarget make_mc_target(const config::Settings& s, const config::Environment& env, const config::ConfigFile* cfg,
                        util::Redactor& redactor, const std::vector<std::string>& alias_names) {
  McTarget t;
  // Aliases first: a missing alias is a configuration problem worth reporting even on a
  // machine where mc is not installed yet.
  for (const auto& name : alias_names) {
    if (t.aliases.count(name)) continue;
    Alias a = resolve_alias(name, env, cfg);
    register_secrets(a, redactor);
    t.aliases.emplace(name, std::move(a));
  }
  // Credentials the caller exported for mc itself are inherited by the child; they must not
  // be printed either.
  for (const auto& [k, v] : env)
    if (k.rfind("MC_HOST_", 0) == 0) redactor.add_secret(v);
  auto path = env.find("PATH");
  t.program = process::locate_program(s.has("mc-bin") ? s.text("mc-bin") : std::string("mc"),
                                      path == env.end() ? "/usr/bin:/bin" : path->second, "--mc-bin");
  t.config_dir = s.optional("mc-config-dir");
  t.timeout = s.duration("timeout");
  return t;
}

std::string planned_config_dir(const McTarget& t) { return t.config_dir ? *t.config_dir : std::string(kRunTimeConfigDir); }

Invocation version_call(const McTarget& t) {
  Invocation inv;
  inv.purpose = "identify mc";
  inv.program = t.program;
  inv.args = {"--version"};
  inv.env_overrides = {{"LC_ALL", "C"}};
  inv.timeout = t.timeout.count() > 0 ? std::min(t.timeout, kVersionTimeout) : kVersionTimeout;
  inv.kill_grace = std::chrono::milliseconds(1000);
  return inv;
}

Invocation mc_call(const McTarget& t, std::string purpose, const std::string& config_dir, std::vector<std::string> words,
                   const std::vector<std::string>& uses) {
  Invocation inv;
  inv.purpose = std::move(purpose);
  inv.program = t.program;
  inv.args = {"--json", "--config-dir=" + config_dir};
  for (auto& w : words) inv.args.push_back(std::move(w));
  for (const auto& name : uses) {
    auto it = t.aliases.find(name);
    if (it == t.aliases.end()) continue;  // make_mc_target resolved every alias the plan uses
    const std::string var = mc_host_variable(it->second);
    inv.env_overrides[var] = mc_host_value(it->second);
    inv.secret_env.push_back(var);
  }
  // Messages are parsed, never shown: keep them in English whatever the caller's locale.
  inv.env_overrides["LC_ALL"] = "C";
  inv.timeout = t.timeout;
  return inv;
}

Invocation version_info_call(const McTarget& t, const std::string& dir, const std::string& alias, const std::string& bucket) {
  return mc_call(t, "versioning of " + alias + "/" + bucket, dir, {"version", "info", alias + "/" + bucket}, {alias});
}

Invocation version_set_call(const McTarget& t, const std::string& dir, const std::string& action, const std::string& alias,
                            const std::string& bucket) {
  return mc_call(t, action + " versioning of " + alias + "/" + bucket, dir, {"version", action, alias + "/" + bucket}, {alias});
}

Invocation replicate_add_call(const McTarget& t, const std::string& dir, const ReplicateAddSpec& s) {
  std::vector<std::string> w{"replicate", "add", s.alias + "/" + s.bucket,
                             "--remote-bucket=" + s.remote_alias + "/" + s.remote_bucket, "--id=" + s.id};
  if (s.priority) w.push_back("--priority=" + std::to_string(*s.priority));
  if (s.replicate) w.push_back("--replicate=" + *s.replicate);
  if (s.bandwidth) w.push_back("--bandwidth=" + *s.bandwidth);
  return mc_call(t, "add replication rule", dir, std::move(w), {s.alias, s.remote_alias});
}

Invocation replicate_status_call(const McTarget& t, const std::string& dir, const std::string& alias, const std::string& bucket) {
  return mc_call(t, "replication status", dir, {"replicate", "status", alias + "/" + bucket}, {alias});
}

Invocation replicate_ls_call(const McTarget& t, const std::string& dir, const std::string& alias, const std::string& bucket) {
  // `ls`, not `list`: `list` only exists since RELEASE.2023-05-04T18-10-16Z; `ls` works on all.
  return mc_call(t, "list replication rules", dir, {"replicate", "ls", alias + "/" + bucket}, {alias});
}

Invocation replicate_rm_call(const McTarget& t, const std::string& dir, const std::string& alias, const std::string& bucket,
                             const std::optional<std::string>& id) {
  std::vector<std::string> w{"replicate", "rm"};
  if (id) {
    w.push_back("--id=" + *id);
  } else {
    w.push_back("--all");
    w.push_back("--force");
  }
  w.push_back(alias + "/" + bucket);
  return mc_call(t, "remove replication rule", dir, std::move(w), {alias});
}

Invocation ilm_import_call(const McTarget& t, const std::string& dir, const std::string& alias, const std::string& bucket,
                           std::string policy) {
  Invocation inv = mc_call(t, "import lifecycle", dir, {"ilm", "rule", "import", alias + "/" + bucket}, {alias});
  inv.stdin_data = std::move(policy);
  return inv;
}

Invocation ilm_export_call(const McTarget& t, const std::string& dir, const std::string& alias, const std::string& bucket) {
  return mc_call(t, "export lifecycle", dir, {"ilm", "rule", "export", alias + "/" + bucket}, {alias});
}

Invocation mirror_call(const McTarget& t, const std::string& dir, const Location& source, const Location& target, bool overwrite,
                       bool remove, bool watch) {
  std::vector<std::string> w{"mirror"};
  if (watch) w.push_back("--watch");
  if (overwrite) w.push_back("--overwrite");
  if (remove) w.push_back("--remove");
  // "--" is not needed: both arguments were checked not to start with '-'.
  w.push_back(source.mc_arg());
  w.push_back(target.mc_arg());
  std::vector<std::string> uses;
  if (!source.is_local()) uses.push_back(source.alias);
  if (!target.is_local()) uses.push_back(target.alias);
  return mc_call(t, "mirror", dir, std::move(w), uses);
}

Invocation config_export_call(const McTarget& t, const std::string& dir, const std::string& alias) {
  return mc_call(t, "export server config", dir, {"admin", "config", "export", alias}, {alias});
}

}  // namespace reos::minio
