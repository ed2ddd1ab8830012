// `reos-backup minio-lifecycle import|export`: a bucket's lifecycle rules through
// `mc ilm rule import|export`, with the policy validated before mc sees it.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/minio/invocations.hpp"
#include "reos/minio/lifecycle.hpp"
#include "reos/minio/mc_run.hpp"
#include "reos/minio/options.hpp"
#include "reos/util/atomic_file.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace {

// A lifecycle document holds at most 1000 small rules; anything this large is not one.
constexpr std::size_t kMaxPolicyBytes = 1 << 20;

struct MinioLifecycleOptions {
  minio::McTarget target;
  std::string action;  // import | export
  std::string alias, bucket;
  std::optional<std::string> file;
  std::string policy;                 // import: the validated document, compact
  std::vector<std::string> rule_ids;  // import
};

std::string read_policy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ExitCode::Usage, fmt::format("--file: cannot read '{}'", path), "give the path of the lifecycle JSON file");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  if (text.size() > kMaxPolicyBytes)
    throw Error(ExitCode::Usage, fmt::format("--file: '{}' is larger than 1 MiB", path), "give a lifecycle policy file");
  return text;
}

// Reading and checking the file is part of building the options (not of running): an
// invalid policy is refused before any program starts, also under --dry-run.
MinioLifecycleOptions minio_lifecycle_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  MinioLifecycleOptions o;
  o.action = s.positionals.at(0);
  o.alias = minio::alias_setting(s);
  o.bucket = minio::single_bucket(s);
  o.file = s.optional("file");
  if (o.action == "import") {
    if (!o.file) throw Error(ExitCode::Usage, "minio-lifecycle import needs --file", "give --file policy.json");
    const auto check = minio::check_lifecycle(read_policy(*o.file));
    if (!check.ok()) {
      const auto& p = check.problems.front();
      std::string more = check.problems.size() > 1 ? fmt::format(" (and {} more problem(s))", check.problems.size() - 1) : "";
      throw Error(ExitCode::Usage, fmt::format("lifecycle policy '{}': {} {}{}", *o.file, p.where, p.what, more),
                  "each rule needs ID, Status (Enabled|Disabled) and an action such as \"Expiration\":{\"Days\":90}; "
                  "nothing was sent to mc");
    }
    o.policy = check.document.dump();
    o.rule_ids = check.rule_ids;
  }
  o.target = minio::make_mc_target(s, ctx.env, ctx.config_file, ctx.redactor, {o.alias});
  return o;
}

// mc's private config directory is a placeholder until the run creates it.
struct MinioLifecyclePlan {
  process::Invocation identify;
  process::Invocation ilm;  // import or export
  std::vector<process::Invocation> steps() const { return {identify, ilm}; }
};

MinioLifecyclePlan plan_minio_lifecycle(const MinioLifecycleOptions& o, CommandContext&, process::Executor&) {
  const std::string dir = minio::planned_config_dir(o.target);
  if (o.action == "import")
    return {minio::version_call(o.target), minio::ilm_import_call(o.target, dir, o.alias, o.bucket, o.policy)};
  return {minio::version_call(o.target), minio::ilm_export_call(o.target, dir, o.alias, o.bucket)};
}

void run_minio_lifecycle(const MinioLifecycleOptions& o, const MinioLifecyclePlan& plan, CommandContext& ctx,
                         process::Executor& exec, Outcome& out) {
  minio::ConfigDir dir(o.target.config_dir, ctx.env);
  const auto id = minio::identify(exec, o.target, minio::kGateIlmRule);
  const std::string subject = o.alias + "/" + o.bucket;
  out.result = {{"alias", o.alias}, {"bucket", o.bucket}, {"action", o.action}, {"mc", minio::to_json(id)}};
  if (o.action == "import") {
    out.result["file"] = *o.file;
    out.result["rule_ids"] = o.rule_ids;
    minio::run_mc_step(exec, plan.ilm, dir, subject);
    out.result["imported"] = true;
    return;
  }
  const auto ilm = minio::in_dir(plan.ilm, dir);
  const auto r = minio::run_mc(exec, ilm);
  const auto main = r.main_error();
  if (main && main->code == "NoSuchLifecycleConfiguration" && r.errors.size() == 1) {
    out.result["configured"] = false;
    out.result["rules"] = json::array();
    if (o.file) {
      // Asked for a file to keep: an absent policy is worth a finding, not an empty file.
      out.error =
          Error(ExitCode::ProblemFound, fmt::format("{} has no lifecycle configuration; '{}' was not written", subject, *o.file),
                minio::hint_for(*main, subject));
    }
    return;
  }
  if (!r.ok() || r.docs.empty()) throw minio::reply_error(ilm, r, ctx.redactor, subject);
  const json& d = r.docs.front();
  const json config = d.contains("config") && d["config"].is_object() ? d["config"] : json::object();
  out.result["configured"] = true;
  out.result["rules"] = config.value("Rules", json::array());
  // "0001-01-01T00:00:00Z" is Go's zero time: the server did not say.
  std::string updated = d.value("updatedAt", "");
  out.result["updated_at"] = updated.empty() || updated.rfind("0001-", 0) == 0 ? json(nullptr) : json(updated);
  if (o.file) {
    // The bare document is what `import` (ours and mc's) reads back.
    util::write_file_atomically(*o.file, config.dump(2) + "\n", 0600);
    out.result["file"] = *o.file;
  }
}

std::string text_minio_lifecycle(const json& r) {
  const std::string subject = r.value("alias", "") + "/" + r.value("bucket", "");
  if (r.value("action", "") == "import") {
    if (!r.value("imported", false)) return {};
    return fmt::format("lifecycle of {} replaced with {} rule(s) from {}: {}\n", subject, r["rule_ids"].size(),
                       r["file"].get<std::string>(), util::join(r["rule_ids"].get<std::vector<std::string>>(), ", "));
  }
  if (!r.contains("configured")) return {};
  if (!r["configured"].get<bool>()) return fmt::format("{}: no lifecycle configuration\n", subject);
  std::string s = fmt::format("{}: {} lifecycle rule(s)\n", subject, r["rules"].size());
  for (const auto& rule : r["rules"]) s += "  " + rule.dump() + "\n";
  if (r.contains("file")) s += fmt::format("written to {} (mode 0600)\n", r["file"].get<std::string>());
  return s;
}

}  // namespace

CommandHandler minio_lifecycle_handler() {
  return make_handler(CommandParts<MinioLifecycleOptions, MinioLifecyclePlan>{
      "minio-lifecycle", minio_lifecycle_options, plan_minio_lifecycle, run_minio_lifecycle, text_minio_lifecycle});
}

}  // namespace reos::commands
