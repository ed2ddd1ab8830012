#include "reos/cli/app.hpp"

#include <unistd.h>

#include <chrono>
#include <exception>
#include <iostream>

#include <fmt/format.h>

#include "reos/cli/parser.hpp"
#include "reos/commands/command.hpp"
#include "reos/config/spec.hpp"
#include "reos/error/error.hpp"
#include "reos/observe/audit.hpp"
#include "reos/output/envelope.hpp"
#include "reos/process/signals.hpp"
#include "reos/util/text.hpp"

namespace reos::cli {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace {

std::string quote_for_display(const std::string& a) {
  if (!a.empty() && a.find_first_of(" \t\n'\"\\$`;&|<>*?()[]{}!#~") == std::string::npos) return a;
  std::string q = "'";
  for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// --dry-run: the plan, redacted. Shown as argv, one invocation per line; never executed.
json plan_result(const std::vector<process::Invocation>& plan, const util::Redactor& redactor) {
  json steps = json::array();
  for (const auto& inv : plan) steps.push_back(output::to_json(process::plan_record(inv, redactor)));
  return json{{"dry_run", true}, {"plan", steps}};
}

std::string plan_text(const json& result, bool looked_up) {
  std::string out = looked_up ? "# dry run: nothing was changed (only read-only look-ups ran); the plan, with secrets redacted:\n"
                              : "# dry run: nothing was executed; the plan, with secrets redacted:\n";
  for (const auto& step : result["plan"]) {
    std::vector<std::string> words;
    for (const auto& [k, v] : step["env"].items()) words.push_back(k + "=" + quote_for_display(v.get<std::string>()));
    for (const auto& a : step["argv"]) words.push_back(quote_for_display(a.get<std::string>()));
    out += fmt::format("# {}\n{}\n", step["purpose"].get<std::string>(), util::join(words, " "));
  }
  return out;
}

// pgBackRest 2.59 refuses every command but restore as root unless allow-root is set. A root
// run of a read-only command (info, check, metrics) works with 2.45-2.58: it is allowed, with a
// warning, so an upgrade does not break it unannounced.
constexpr const char* kRootRule =
    "pgBackRest 2.59 and later refuse every command except restore as root unless allow-root is set";

bool runs_pgbackrest(const std::vector<process::InvocationRecord>& ran, const config::Settings& s) {
  auto base = [](const std::string& p) { return p.substr(p.find_last_of('/') + 1); };
  const std::string want = s.has("pgbackrest-bin") ? base(s.text("pgbackrest-bin")) : "pgbackrest";
  for (const auto& r : ran)
    if (!r.argv.empty() && base(r.argv[0]) == want) return true;
  return false;
}

void log_settings(const config::Settings& s, const util::Logger& log) {
  if (s.config_path) log.debug("config file: " + *s.config_path);
  for (const auto& [name, v] : s.values) {
    const config::OptionSpec* o = config::find_option(name);
    std::string shown = o && o->secret() ? "<redacted>" : v.value;
    log.debug(fmt::format("setting {} = {} (from {}: {})", name, shown, config::origin_name(v.origin), v.source));
  }
}

}  // namespace

int run_app(const std::vector<std::string>& args, Services& sv) {
  const auto started = std::chrono::system_clock::now();
  const auto t0 = std::chrono::steady_clock::now();
  util::Redactor redactor;
  util::Logger log(sv.err, redactor);
  bool json_mode = wants_json(args, sv.env);

  output::Envelope env;
  env.started_at = started;
  env.command = command_word(args).value_or("");
  const commands::CommandHandler* handler = nullptr;
  std::string text_out;
  bool dry_run = false;

  try {
    ParseResult parsed = parse_command_line(args);
    if (parsed.kind != ParseResult::Kind::run) {
      sv.out << parsed.text;
      return 0;
    }
    const auto& cl = parsed.command_line;
    env.command = cl.command;
    std::optional<config::ConfigFile> cfg;
    if (auto path = config::config_path_for(cl, sv.env, sv.default_config_path)) cfg = config::read_config_file(*path);
    const config::Settings settings = config::resolve(cl, sv.env, cfg ? &*cfg : nullptr);
    json_mode = settings.text("output") == "json";
    log.set_level(util::parse_log_level(settings.text("log-level")));
    for (const auto& [name, v] : settings.values) {
      const config::OptionSpec* o = config::find_option(name);
      if (o && o->secret()) redactor.add_secret(v.value);
    }
    log_settings(settings, log);

    handler = commands::find_handler(cl.command);
    if (!handler) throw Error(ExitCode::Internal, fmt::format("no handler for command '{}'", cl.command));
    commands::CommandContext ctx{settings,       sv.env, cfg ? &*cfg : nullptr, redactor, log,
                                 sv.now_epoch(), sv.err, sv.err_is_terminal};
    dry_run = settings.flag("dry-run");
    // Validates everything (programs located, values checked) without side effects, before
    // the root rule, so a bad --pgbackrest-bin is reported as such even when run as root.
    const commands::PreparedCommand prepared = handler->prepare(ctx);
    process::Executor exec(sv.runner, redactor, log);
    if (dry_run) {
      // A plan may read (restore-pitr, verify: pgbackrest info picks the backup set); those
      // read-only look-ups ran and are listed in `invocations`.
      try {
        env.result = plan_result(prepared.plan(exec), redactor);
      } catch (const Error&) {
        env.invocations = exec.records();
        throw;
      }
      env.invocations = exec.records();
      text_out = plan_text(env.result, !env.invocations.empty());
    } else {
      const config::CommandSpec* spec = config::find_command(cl.command);
      if (spec->refuses_root && sv.euid() == 0) {
        throw Error(ExitCode::Refused,
                    fmt::format("refusing to run '{}' as root: pgBackRest must run as the cluster owner, and a root run "
                                "leaves root-owned files that break later backups ({})",
                                cl.command, kRootRule),
                    fmt::format("run it as the data directory's owner, e.g. sudo -u postgres reos-backup {} ...", cl.command));
      }
      commands::Outcome outcome;
      try {
        outcome = prepared.run(exec);
      } catch (const Error& e) {
        outcome.error = e;
      }
      env.invocations = exec.records();
      env.error = outcome.error;
      if (sv.euid() == 0 && runs_pgbackrest(env.invocations, settings)) {
        env.warnings.push_back(
            fmt::format("ran pgBackRest as root: {}; run reos-backup {} as the repository owner "
                        "(e.g. sudo -u postgres)",
                        kRootRule, cl.command));
        log.warn(env.warnings.back());
      }
      if (!json_mode && !outcome.result.empty() && handler->text) {
        output::materialize(outcome.result, outcome.streamed);
        text_out = handler->text(outcome.result);
      }
      env.result = std::move(outcome.result);
      env.streamed = std::move(outcome.streamed);
      if (config::audited(cl.command, settings.positionals, [&](std::string_view f) { return settings.flag(f); }))
        observe::audit_run(settings, sv.env, args, env, t0, redactor, log, sv.syslog_socket);
    }
  } catch (const Error& e) {
    env.error = e;
  } catch (const std::exception& e) {
    env.error = Error(ExitCode::Internal, fmt::format("unexpected failure: {}", e.what()),
                      "this is a bug in reos-backup; please report it with the command line used");
  }

  env.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  if (env.error) sv.err << redactor.text(output::error_line(*env.error)) << '\n';
  if (json_mode) {
    const auto streamed = output::rebased(std::move(env.streamed), json::json_pointer("/result"));
    output::write(sv.out, output::to_json(std::move(env)), redactor, streamed);
  } else {
    sv.out << redactor.text(text_out);
  }
  sv.out.flush();
  return env.error ? env.error->exit_code() : 0;
}

int main_entry(int argc, char** argv) {
  process::install_signal_handlers();
  auto runner = process::make_system_runner();
  Services sv{*runner,
              config::environment_snapshot(),
              std::cout,
              std::cerr,
              [] { return static_cast<std::int64_t>(std::time(nullptr)); },
              [] { return ::geteuid(); },
              std::string(config::kDefaultConfigPath),
              ::isatty(STDERR_FILENO) == 1};
  std::vector<std::string> args(argv + 1, argv + argc);
  return run_app(args, sv);
}

}  // namespace reos::cli
