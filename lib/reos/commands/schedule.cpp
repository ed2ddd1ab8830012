// `reos-backup schedule`: the seed's backup schedule (or one given by options) as an
// /etc/cron.d file or as systemd service + timer units. Runs no child program: it only
// renders, and with --write puts the files in place atomically.
#include <pwd.h>

#include <fmt/format.h>

#include "reos/minio/invocations.hpp"
#include "reos/pgbackrest/config_reader.hpp"

#include "reos/commands/command.hpp"
#include "reos/commands/schedule.hpp"
#include "reos/config/spec.hpp"
#include "reos/schedule/cron_file.hpp"
#include "reos/schedule/jobs.hpp"
#include "reos/schedule/mirror_service.hpp"
#include "reos/schedule/systemd_units.hpp"
#include "reos/util/atomic_file.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using nlohmann::json;

namespace {

std::string option_default(std::string_view name) {
  const config::OptionSpec* o = config::find_option(name);
  return o ? std::string(o->default_value) : std::string();
}

}  // namespace

schedule::ScheduleRequest seed_schedule_request(const std::string& stanza) {
  schedule::ScheduleRequest r;
  r.stanza = stanza;
  r.user = option_default("user");
  r.bin = option_default("bin");
  r.full_at = option_default("full-at");
  r.diff_at = option_default("diff-at");
  r.incr_every = option_default("incr-every");
  r.verify_at = option_default("verify-at");
  r.work_dir = option_default("work-dir");
  r.verify_command = config::find_command("verify") != nullptr;
  return r;
}

namespace {

struct ScheduleOptions {
  schedule::ScheduleRequest request;
  std::string format;  // "cron" or "systemd"
  std::optional<std::string> write_dir;
  std::vector<schedule::Job> jobs;
  std::vector<schedule::MirrorService> mirrors;
};

// --mirror: one mc mirror --watch service per pair. The aliases must be configured here (the
// same check minio-mirror makes), but their keys go to the unit's environment file, which
// the operator writes: a unit file is world-readable.
std::vector<schedule::MirrorService> mirror_services(CommandContext& ctx, const std::string& format) {
  const auto& s = ctx.settings;
  std::vector<schedule::MirrorService> out;
  const auto pairs = s.list("mirror");
  if (pairs.empty()) return out;
  if (format != "systemd") {
    throw error::Error(error::ExitCode::Usage, "--mirror needs --format systemd",
                       "a continuous mirror is a service that systemd keeps running; cron cannot");
  }
  for (const auto& text : pairs) {
    const auto pair = minio::parse_mirror_pair(text);
    const auto t = minio::make_mc_target(s, ctx.env, ctx.config_file, ctx.redactor, {pair.source.alias, pair.target.alias});
    if (t.program.empty() || t.program[0] != '/') {
      throw error::Error(error::ExitCode::Usage, fmt::format("--mc-bin: '{}' is not an absolute path", t.program),
                         "give where MinIO's mc is installed on the host, e.g. --mc-bin /usr/local/bin/mc");
    }
    schedule::MirrorService m;
    m.source = pair.source.mc_arg();
    m.target = pair.target.mc_arg();
    const auto inv =
        minio::mirror_call(t, schedule::mirror_config_dir(m.source, m.target), pair.source, pair.target, false, false, true);
    m.argv.push_back(inv.program);
    m.argv.insert(m.argv.end(), inv.args.begin(), inv.args.end());
    m.credential_vars = inv.secret_env;
    out.push_back(std::move(m));
  }
  return out;
}

// Paths handed on to the scheduled runs must not depend on the directory cron or systemd
// starts them in.
void pass_path(const config::Settings& s, const std::string& name, std::vector<std::string>& args) {
  const std::string& v = s.text(name);
  if (v.empty() || v[0] != '/') {
    throw error::Error(error::ExitCode::Usage, fmt::format("--{}: '{}' must be an absolute path to be scheduled", name, v),
                       fmt::format("give --{} /full/path", name));
  }
  args.push_back("--" + name);
  args.push_back(v);
}

ScheduleOptions schedule_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  ScheduleOptions o;
  o.format = s.text("format");
  o.write_dir = s.optional("write");
  auto& r = o.request;
  r.stanza = s.text("stanza");
  r.user = s.text("user");
  r.bin = s.text("bin");
  r.full_at = s.text("full-at");
  r.diff_at = s.text("diff-at");
  r.incr_every = s.text("incr-every");
  r.verify_at = s.text("verify-at");
  auto it = s.values.find("verify-at");
  r.verify_required = it != s.values.end() && it->second.origin != config::Origin::default_value;
  r.metrics_textfile = s.optional("textfile").value_or("");
  // Settings that came from this run's command line or environment would be lost in cron's
  // or systemd's clean environment: hand them on. A config file the job reads by itself.
  if (s.has("config")) pass_path(s, "config", r.extra_args);
  if (auto pc = s.values.find("pgbackrest-config"); pc != s.values.end() && pc->second.origin != config::Origin::config_file)
    pass_path(s, "pgbackrest-config", r.extra_args);
  // The sandbox of the systemd units opens only the paths the jobs write, as configured on
  // this host (the schedule is rendered where it runs).
  const auto pgbr = pgbackrest::read_config(s, ctx.env);
  auto writes = [&](std::string_view command, std::vector<schedule::Writable>& into) {
    for (auto& w : pgbackrest::written_paths(pgbackrest::stanza_options(pgbr, r.stanza, command)))
      into.push_back({std::move(w.path), std::string(command) + " " + w.setting});  // "backup log-path"
  };
  writes("backup", r.pgbackrest_writes);  // the expire it runs reads the same sections
  for (const char* command : {"restore", "archive-get", "verify"}) writes(command, r.drill_pgbackrest_writes);
  if (const passwd* pw = ::getpwnam(r.user.c_str()); pw && pw->pw_dir) r.home = pw->pw_dir;
  if (auto audit = s.optional("audit-log")) {
    auto slash = audit->find_last_of('/');
    if (slash != std::string::npos && slash > 0) r.audit_dir = audit->substr(0, slash);
  }
  r.work_dir = option_default("work-dir");
  r.verify_command = config::find_command("verify") != nullptr;
  for (const auto& c : s.list("credentials")) {
    const config::OptionSpec* spec = config::find_option(c);
    if (!spec || !spec->secret()) {
      throw error::Error(error::ExitCode::Usage, fmt::format("--credentials: '{}' is not a secret of reos-backup", c),
                         "name a secret option: repo1-cipher-pass, repo2-cipher-pass, repo2-s3-key, repo2-s3-key-secret");
    }
    if (o.format != "systemd") {
      throw error::Error(error::ExitCode::Usage, "--credentials needs --format systemd",
                         "cron has no credentials; keep the secret in the environment or the 0600 config file");
    }
    r.credentials.push_back(c);
  }
  o.mirrors = mirror_services(ctx, o.format);
  for (const auto& m : o.mirrors) r.mirrors.push_back(m.source + "=" + m.target);
  o.jobs = schedule::plan_jobs(r);
  return o;
}

NoCalls plan_schedule(const ScheduleOptions&, CommandContext&, process::Executor&) { return {}; }

void run_schedule(const ScheduleOptions& o, const NoCalls&, CommandContext&, process::Executor&, Outcome& out) {
  std::vector<schedule::UnitFile> files;
  if (o.format == "systemd") {
    files = schedule::render_systemd(o.request, o.jobs);
    for (const auto& m : o.mirrors) files.push_back(schedule::render_mirror_service(m));
  } else {
    files.push_back({schedule::cron_file_name(o.request.stanza), schedule::render_cron(o.request, o.jobs)});
  }
  json jobs = json::array();
  for (const auto& j : o.jobs) {
    jobs.push_back({{"kind", j.kind},
                    {"description", j.description},
                    {"when", j.when.summary},
                    {"cron", j.when.cron},
                    {"on_calendar", j.when.on_calendar},
                    {"lock_file", j.lock_file},
                    {"argv", j.argv}});
  }
  json file_list = json::array();
  for (const auto& f : files) {
    json entry = {{"name", f.name}, {"content", f.content}};
    if (o.write_dir) {
      const std::string path = *o.write_dir + "/" + f.name;
      // 0644: cron and systemd ignore (or warn about) unit and cron.d files others can write.
      util::write_file_atomically(path, f.content, 0644);
      entry["path"] = path;
    }
    file_list.push_back(std::move(entry));
  }
  json mirrors = json::array();
  for (const auto& m : o.mirrors)
    mirrors.push_back({{"source", m.source},
                       {"target", m.target},
                       {"unit", schedule::mirror_unit_name(m.source, m.target) + ".service"},
                       {"argv", m.argv},
                       {"environment_file", schedule::kMirrorEnvironmentFile},
                       {"credential_variables", m.credential_vars}});
  out.result = {{"format", o.format},
                {"stanza", o.request.stanza},
                {"user", o.request.user},
                {"jobs", jobs},
                {"mirrors", mirrors},
                {"files", file_list},
                {"written_to", o.write_dir ? json(*o.write_dir) : json(nullptr)}};
}

std::string text_schedule(const json& result) {
  std::string out;
  const bool written = !result["written_to"].is_null();
  const bool systemd = result["format"] == "systemd";
  std::vector<std::string> timers;
  for (const auto& m : result["mirrors"]) timers.push_back(m["unit"].get<std::string>());
  for (const auto& f : result["files"]) {
    const std::string name = f["name"].get<std::string>();
    if (name.size() > 6 && name.compare(name.size() - 6, 6, ".timer") == 0) timers.push_back(name);
    if (written) {
      out += fmt::format("wrote {}\n", f["path"].get<std::string>());
    } else if (systemd) {
      out += fmt::format("{}### {}\n{}", out.empty() ? "" : "\n", name, f["content"].get<std::string>());
    } else {
      out += f["content"].get<std::string>();
    }
  }
  for (const auto& m : result["mirrors"]) {
    std::string vars;
    for (const auto& v : m["credential_variables"]) vars += " " + v.get<std::string>() + "=...";
    out += fmt::format("{} needs {} (root, mode 0600) with{}\n", m["unit"].get<std::string>(),
                       m["environment_file"].get<std::string>(), vars);
  }
  if (written && systemd) {
    out += fmt::format("next: systemctl daemon-reload && systemctl enable --now {}\n", util::join(timers, " "));
  } else if (written) {
    out += "cron picks up files in /etc/cron.d by itself (mode 0644, owned by root, no dot in the name)\n";
  }
  return out;
}

}  // namespace

CommandHandler schedule_handler() {
  // Runs no child program: the plan is empty.
  return make_handler(
      CommandParts<ScheduleOptions, NoCalls>{"schedule", schedule_options, plan_schedule, run_schedule, text_schedule});
}

}  // namespace reos::commands
