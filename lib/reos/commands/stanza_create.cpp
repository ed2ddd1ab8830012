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
struct StanzaCreatePlan {
  process::Invocation info_before, stanza_create;
  std::vector<process::Invocation> steps() const { return {info_before, stanza_create}; }
};

StanzaCreatePlan plan_stanza_create(const StanzaCreateOptions& o, CommandContext&, process::Executor&) {
  return {pgbackrest::info_call(o.target, "info (before stanza-create)", o.stanza, std::nullopt),
          pgbackrest::pgbackrest_call(o.target, "stanza-create", "stanza-create", o.stanza, {})};
}

void run_stanza_create(const StanzaCreateOptions& o, const StanzaCreatePlan& plan, CommandContext&, process::Executor& exec,
                       Outcome& out) {
  bool existed = false;
  const auto before = exec.run(plan.info_before);
  if (before.exit_code == 0) {
    for (const auto& s : pgbackrest::parse_info(before.out)) {
      // 1 = "missing stanza path": anything else means the stanza is already in the repo.
      if (s.name == o.stanza && s.status_code != 1) existed = true;
    }
  }
  const auto r = pgbackrest::run_step(exec, plan.stanza_create);
  out.result = {
      {"stanza", o.stanza}, {"created", !existed}, {"already_existed", existed}, {"warnings", pgbackrest::parse_warnings(r.err)}};
}

std::string text_stanza_create(const json& result) {
  return fmt::format("stanza '{}' {}\n", result["stanza"].get<std::string>(),
                     result["already_existed"].get<bool>() ? "already existed and is valid" : "created");
}

}  // namespace

CommandHandler stanza_create_handler() {
  return make_handler(CommandParts<StanzaCreateOptions, StanzaCreatePlan>{
      "stanza-create", stanza_create_options, plan_stanza_create, run_stanza_create, text_stanza_create});
}

}  // namespace reos::commands
