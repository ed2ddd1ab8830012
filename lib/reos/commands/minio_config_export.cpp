// `reos-backup minio-config-export`: the MinIO server configuration (which can hold secrets:
// identity-provider client secrets, notification target passwords) saved to a 0600 file.
#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/minio/invocations.hpp"
#include "reos/minio/mc_run.hpp"
#include "reos/minio/options.hpp"
#include "reos/util/atomic_file.hpp"
#include "reos/util/base64.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using error::Error;
using error::ExitCode;
using nlohmann::json;

namespace {

struct MinioConfigExportOptions {
  minio::McTarget target;
  std::string alias;
  std::optional<std::string> file;
  bool print = false;
};

MinioConfigExportOptions minio_config_export_options(CommandContext& ctx) {
  const auto& s = ctx.settings;
  MinioConfigExportOptions o;
  o.alias = minio::alias_setting(s);
  o.file = s.optional("file");
  o.print = s.flag("print");
  if (o.file.has_value() == o.print) {
    throw Error(ExitCode::Usage, "minio-config-export needs exactly one of --file or --print",
                "give --file PATH (written with mode 0600); --print shows the configuration on stdout");
  }
  // stdout must stay one JSON document in json mode, and the configuration is not ours to
  // put into an envelope that may be logged.
  if (o.print && s.text("output") == "json") {
    throw Error(ExitCode::Usage, "--print cannot be combined with --output=json", "use --file PATH instead");
  }
  o.target = minio::make_mc_target(s, ctx.env, ctx.config_file, ctx.redactor, {o.alias});
  return o;
}

// mc's private config directory is a placeholder until the run creates it.
struct MinioConfigExportPlan {
  process::Invocation identify, config_export;
  std::vector<process::Invocation> steps() const { return {identify, config_export}; }
};

MinioConfigExportPlan plan_minio_config_export(const MinioConfigExportOptions& o, CommandContext&, process::Executor&) {
  return {minio::version_call(o.target), minio::config_export_call(o.target, minio::planned_config_dir(o.target), o.alias)};
}

void run_minio_config_export(const MinioConfigExportOptions& o, const MinioConfigExportPlan& plan, CommandContext& ctx,
                             process::Executor& exec, Outcome& out) {
  minio::ConfigDir dir(o.target.config_dir, ctx.env);
  const auto id = minio::identify(exec, o.target, minio::kGateBaseline);
  out.result = {{"alias", o.alias}, {"mc", minio::to_json(id)}};
  const auto r = minio::run_mc_step(exec, plan.config_export, dir, o.alias);
  // --json carries the text as a Go []byte, i.e. base64 (mc.md 3.6).
  const json& d = r.docs.front();
  std::optional<std::string> text;
  if (d.contains("value") && d["value"].is_string()) text = util::base64_decode(d["value"].get<std::string>());
  if (!text) {
    out.error = Error(ExitCode::UpstreamFailed, "mc admin config export replied without a base64 'value'",
                      "check the mc release (reos-backup expects the --json form of RELEASE.2019-12-17 or later)");
    return;
  }
  out.result["bytes"] = text->size();
  out.result["lines"] = util::split_lines(*text).size();
  if (o.file) {
    util::write_file_atomically(*o.file, *text, 0600);
    out.result["file"] = *o.file;
    out.result["mode"] = "0600";
  } else {
    out.result["config_text"] = *text;  // --print, text output only (checked in the options)
  }
}

std::string text_minio_config_export(const json& r) {
  if (r.contains("config_text")) return r["config_text"].get<std::string>();
  if (!r.contains("file")) return {};
  return fmt::format("server configuration of alias '{}' written to {} ({} bytes, {} lines, mode 0600)\n",
                     r["alias"].get<std::string>(), r["file"].get<std::string>(), r["bytes"].get<std::size_t>(),
                     r["lines"].get<std::size_t>());
}

}  // namespace

CommandHandler minio_config_export_handler() {
  return make_handler(CommandParts<MinioConfigExportOptions, MinioConfigExportPlan>{
      "minio-config-export", minio_config_export_options, plan_minio_config_export, run_minio_config_export,
      text_minio_config_export});
}

}  // namespace reos::commands
