// verify, after the drill: its report to object storage, as the seed keeps every drill's report
// (s3://realestate-ops/backup-verification/). mc mirror copies a private directory that holds
// only this drill's report, with the same credential rules as the minio-* commands. A failed
// upload is a warning in the result: the drill's verdict (and exit code) stays what it found.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "reos/commands/verify/verify.hpp"
#include "reos/minio/mc_run.hpp"
#include "reos/util/atomic_file.hpp"

namespace reos::commands::verify {

using error::Error;
using error::ExitCode;
using nlohmann::json;

ReportUpload report_upload(const config::Settings& s, CommandContext& ctx, const std::string& stanza, const std::string& work) {
  ReportUpload u;
  u.destination = minio::parse_location(s.text("report-upload"), "--report-upload", /*allow_local=*/false);
  u.target = minio::make_mc_target(s, ctx.env, ctx.config_file, ctx.redactor, {u.destination.alias});
  u.dir = work + "/report-upload";
  // One object per drill, named by its start in UTC, sortable; no ':' (awkward in S3 tools).
  const std::time_t t = static_cast<std::time_t>(ctx.now_epoch);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  u.object = fmt::format("{}-{}.json", stanza, stamp);
  return u;
}

std::vector<process::Invocation> upload_steps(const ReportUpload& u) {
  minio::Location local;
  local.local = u.dir;
  return {minio::version_call(u.target),
          minio::mirror_call(u.target, minio::planned_config_dir(u.target), local, u.destination, false, false)};
}

void upload_report(const ReportUpload& u, const std::string& report, CommandContext& ctx, process::Executor& exec, json& result) {
  const std::string object = u.destination.mc_arg() + "/" + u.object;
  try {
    std::error_code ec;
    std::filesystem::remove_all(u.dir, ec);  // the last drill's report: already uploaded (or warned about)
    make_private_dirs({u.dir});
    util::write_file_atomically(u.dir + "/" + u.object, report, 0600);
    const auto steps = upload_steps(u);
    minio::ConfigDir dir(u.target.config_dir, ctx.env);
    minio::identify(exec, u.target, minio::kGateBaseline);
    minio::run_mc_step(exec, steps[1], dir, u.destination.mc_arg());
    result["report_upload"] = {{"object", object}, {"ok", true}};
  } catch (const Error& e) {
    const std::string why = fmt::format("drill report not uploaded to {}: {}", object, e.message());
    ctx.log.warn(why);
    result["report_upload"] = {{"object", object}, {"ok", false}, {"error", e.message()}, {"hint", e.hint()}};
    if (!result.contains("warnings") || !result["warnings"].is_array()) result["warnings"] = json::array();
    result["warnings"].push_back(why);
  }
}

}  // namespace reos::commands::verify
