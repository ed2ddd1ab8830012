// `reos-backup stanza-create`: idempotent stanza creation.
#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/info.hpp"
#include "reos/pgbackrest/invocations.hpp"

namespace reos::commands {

using nlohmann::json;

namespace {

struct StanzaCreateOptions {
  pgbackrest::Target target;
  std::string stanza;
};

StanzaCreateOptions stanza_create_options(CommandContext& ctx) {
  return {pgbackrest::make_target(ctx.settings, ctx.env, ctx.redactor), ctx.settings.text("stanza")};
}

// info first, so the result can say whether the stanza already existed (pgBackRest only
// says so at info log level, in text we do not parse).
std::vector<process::Invocation> plan_stanza_create(const StanzaCreateOptions& o) {
  return {pgbackrest::info_call(o.target, "info (before stanza-create)", o.stanza, std::nullopt),
          pgbackrest::pgbackrest_call(o.target, "stanza-create", "stanza-create", o.stanza, {})};
}

Outcome run_stanza_create(const StanzaCreateOptions& o, CommandContext& ctx, process::Executor& exec) {
  const auto plan = plan_stanza_create(o);
  Outcome out;
  bool existed = false;
  const auto before = exec.run(plan[0]);
  if (before.exit_code == 0) {
    for (const auto& s : pgbackrest::parse_info(before.out)) {
      // 1 = "missing stanza path": anything else means the stanza is already in the repo.
      if (s.name == o.stanza && s.status_code != 1) existed = true;
    }
  }
  const auto r = exec.run(plan[1]);
  if (r.exit_code != 0) {
    out.error = pgbackrest::upstream_error(plan[1], r, ctx.redactor);
    return out;
  }
  out.result = {{"stanza", o.stanza},
                {"created", !existed},
                {"already_existed", existed},
                {"warnings", pgbackrest::parse_warnings(r.err)}};
  return out;
}

std::string text_stanza_create(const json& result) {
  return fmt::format("stanza '{}' {}\n", result["stanza"].get<std::string>(),
                     result["already_existed"].get<bool>() ? "already existed and is valid" : "created");
}

}  // namespace

CommandHandler stanza_create_handler() {
  return make_handler<StanzaCreateOptions>("stanza-create", stanza_create_options, plan_stanza_create, run_stanza_create, text_stanza_create);
}

}  // namespace reos::commands
