// `reos-backup audit verify`: checks the audit log's hash chain and names the first bad line.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/observe/audit.hpp"

namespace reos::commands {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace {

struct AuditOptions {
  std::string path;
};

AuditOptions audit_options(CommandContext& ctx) { return {observe::audit_log_path(ctx.settings, ctx.env)}; }

NoCalls plan_audit(const AuditOptions&, CommandContext&, process::Executor&) { return {}; }

void run_audit(const AuditOptions& o, const NoCalls&, CommandContext&, process::Executor&, Outcome& out) {
  const std::string& path = o.path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ExitCode::Config, fmt::format("cannot read audit log '{}'", path),
                "pass the log with --audit-log PATH (nothing has been audited yet when it does not exist)");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const auto v = observe::verify_audit(ss.str());
  out.result = {{"audit_log", path},
                {"ok", v.ok},
                {"lines", v.lines},
                {"line", v.line ? json(*v.line) : json(nullptr)},
                {"problem", v.problem}};
  if (!v.ok) {
    out.error = Error(ExitCode::ProblemFound, fmt::format("audit log '{}' {}", path, v.problem),
                      "the log was changed after it was written; compare with the copy shipped off the host");
  }
}

std::string text_audit(const json& r) {
  if (r["ok"].get<bool>())
    return fmt::format("audit log {}: {} lines, chain intact\n", r["audit_log"].get<std::string>(), r["lines"].get<long long>());
  return fmt::format("audit log {}: BROKEN at {}\n", r["audit_log"].get<std::string>(), r["problem"].get<std::string>());
}

}  // namespace

CommandHandler audit_handler() {
  // Reads one file and runs no program: the plan is empty.
  return make_handler(CommandParts<AuditOptions, NoCalls>{"audit", audit_options, plan_audit, run_audit, text_audit});
}

}  // namespace reos::commands
