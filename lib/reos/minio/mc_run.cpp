#include "reos/minio/mc_run.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "reos/util/text.hpp"

namespace reos::minio {

using error::Error;
using error::ExitCode;

ConfigDir::ConfigDir(const std::optional<std::string>& configured, const config::Environment& env) {
  if (configured) {
    path_ = *configured;
    if (::mkdir(path_.c_str(), 0700) != 0 && errno != EEXIST) {
      throw Error(ExitCode::Config, fmt::format("cannot create mc config dir '{}': {}", path_, std::strerror(errno)),
                  "point --mc-config-dir at a directory this user can write, or leave it unset for a private temp dir");
    }
    return;
  }
  auto tmp = env.find("TMPDIR");
  std::string tmpl = (tmp != env.end() && !tmp->second.empty() ? tmp->second : std::string("/tmp")) + "/reos-backup-mc-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {  // mkdtemp makes it 0700
    throw Error(ExitCode::Config,
                fmt::format("cannot create a private mc config dir under '{}': {}", tmpl.substr(0, tmpl.rfind('/')),
                            std::strerror(errno)),
                "set TMPDIR to a writable directory or give --mc-config-dir");
  }
  path_ = buf.data();
  remove_ = true;
}

ConfigDir::~ConfigDir() {
  if (!remove_) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);  // best effort: a destructor must not throw
}

McIdentity identify(process::Executor& exec, const McTarget& t, const Gate& gate) {
  const auto inv = version_call(t);
  process::ProcessResult r;
  try {
    r = exec.run(inv);
  } catch (const Error& e) {
    // The MinIO client answers --version at once, without network or config; a program that
    // sits on it (Midnight Commander waiting for a terminal, a wrapper script prompting) is
    // not one we can drive.
    if (e.code() != ExitCode::Timeout) throw;
    throw Error(
        ExitCode::ProgramMissing,
        fmt::format("'{} --version' did not answer within {} ms; it is not the MinIO client", t.program, inv.timeout.count()),
        "give the MinIO client's path with --mc-bin or REOS_MC_BIN");
  }
  McIdentity id = parse_version_output(r.out);
  if (r.exit_code != 0 && id.kind == McKind::unknown) {
    throw Error(ExitCode::ProgramMissing,
                fmt::format("'{} --version' exited {} ({}); it is not the MinIO client", t.program, r.exit_code,
                            util::first_line(r.err.empty() ? r.out : r.err)),
                "give the MinIO client's path with --mc-bin or REOS_MC_BIN");
  }
  require_minio_client(id, t.program, gate);
  if (!id.release_date) {
    exec.log().warn(fmt::format("mc {} carries no release date; assuming it is new enough for {}", id.release, gate.feature));
  }
  return id;
}

std::optional<McError> McReply::main_error() const {
  for (const auto& e : errors)
    if (e.type == "fatal") return e;
  if (!errors.empty()) return errors.front();
  return std::nullopt;
}

McReply run_mc(process::Executor& exec, const process::Invocation& inv) {
  McReply reply;
  reply.result = exec.run(inv);
  reply.stream = read_json_stream(reply.result.out);
  for (const auto& d : reply.stream.documents) {
    if (auto e = error_of(d)) reply.errors.push_back(*e);
  }
  reply.docs = successes(reply.stream);
  for (const auto& line : util::split_lines(util::sanitize_utf8(reply.result.err))) {
    std::string t = util::trim(line);
    if (!t.empty()) reply.stderr_lines.push_back(t);
  }
  return reply;
}

process::Invocation in_dir(const process::Invocation& planned, const ConfigDir& dir) {
  process::Invocation inv = planned;
  for (auto& a : inv.args) {
    if (auto pos = a.find(kRunTimeConfigDir); pos != std::string::npos) a.replace(pos, kRunTimeConfigDir.size(), dir.path());
  }
  return inv;
}

McReply run_mc_step(process::Executor& exec, const process::Invocation& planned, const ConfigDir& dir, const std::string& subject,
                    bool need_document) {
  const auto inv = in_dir(planned, dir);
  auto reply = run_mc(exec, inv);
  if (!reply.ok() || (need_document && reply.docs.empty())) throw reply_error(inv, reply, exec.redactor(), subject);
  return reply;
}

std::string hint_for(const McError& e, const std::string& subject) {
  const std::string& c = e.code;
  const std::string& cause = e.cause;
  if (c == "NoSuchBucket")
    return fmt::format("check the bucket name in {}; the bucket must exist before reos-backup configures it", subject);
  if (c == "AccessDenied")
    return "the alias's access key lacks the permission for this call; use a key with the needed policy (replication also needs "
           "admin:SetBucketTarget/GetBucketTarget)";
  if (c == "InvalidAccessKeyId" || c == "SignatureDoesNotMatch")
    return "the alias's access key or secret key is wrong; fix url/access-key/secret-key of the alias";
  if (c == "NotImplemented")
    return "the server does not support this (single-drive 'FS mode' servers have no versioning or replication); use an "
           "erasure-coded MinIO deployment";
  if (c == "ReplicationSourceNotVersionedError" || c == "RemoteTargetNotVersionedError" || c == "InvalidRequest")
    return "enable versioning on both buckets first: reos-backup minio-version enable --alias A --bucket B";
  if (c == "XMinioAdminBucketRemoteAlreadyExists")
    return "a remote target for this bucket and endpoint is left from an earlier rule ('mc replicate rm --all --force' keeps "
           "it); remove it with 'mc admin bucket remote rm ALIAS/BUCKET --arn ARN' (see minio-replicate status), then add again";
  if (c == "XMinioAdminRemoteTargetNotFoundError")
    return "the remote bucket does not exist on the remote deployment; create it (with versioning) first";
  if (c == "XMinioAdminReplicationRemoteConnectionError")
    return "the source server cannot reach the remote endpoint with the remote alias's keys; check the remote url and keys from "
           "the source server's network";
  if (c == "InvalidBucketState") return "remove the bucket's replication rules (minio-replicate rm) before suspending versioning";
  if (c == "NoSuchLifecycleConfiguration") return "the bucket has no lifecycle rules; import some with minio-lifecycle import";
  if (c == "XMinioStorageFull")
    return "the target deployment is out of space; free space or add capacity, then run the mirror again";
  if (cause.find("priority must be unique") != std::string::npos)
    return "another rule on this bucket has the same priority; give a distinct --priority (see minio-replicate ls)";
  if (cause.find("connection refused") != std::string::npos || cause.find("no such host") != std::string::npos ||
      cause.find("i/o timeout") != std::string::npos)
    return "the MinIO endpoint of the alias cannot be reached; check its url and that the server is up";
  if (cause.find("is not supported for `filesystem`") != std::string::npos || cause.find("host alias") != std::string::npos)
    return "mc did not see the alias (it took it as a local path); this is a bug in reos-backup, please report it";
  if (cause.find("Overwrite not allowed") != std::string::npos)
    return "objects differ between source and target; add --overwrite to replace them";
  return {};
}

Error reply_error(const process::Invocation& inv, const McReply& reply, const util::Redactor& redactor,
                  const std::string& subject) {
  error::Upstream up;
  up.program = inv.program;
  up.argv = redactor.argv(inv.argv());
  up.exit_code = reply.result.exit_code;
  std::vector<std::string> tail_src = reply.stderr_lines;
  if (tail_src.empty()) tail_src = reply.stream.text_lines;
  up.stderr_tail = redactor.text(util::tail_lines(util::join(tail_src, "\n"), 5));

  std::string message, hint;
  if (auto e = reply.main_error()) {
    up.error_name = e->code;
    message = fmt::format("mc {}: {}", inv.purpose, e->summary());
    if (reply.errors.size() > 1) message += fmt::format(" (and {} more error(s))", reply.errors.size() - 1);
    if (reply.result.exit_code == 0) message += " (mc exited 0)";
    hint = hint_for(*e, subject);
  } else if (!reply.stderr_lines.empty() || !reply.stream.text_lines.empty()) {
    // Text where JSON was expected: a usage error (stderr) or help text (stdout) means mc did
    // not accept the command line this reos-backup built for it.
    const std::string& first = !reply.stderr_lines.empty() ? reply.stderr_lines.front() : reply.stream.text_lines.front();
    message = fmt::format("mc {} printed text where JSON was expected (exit {}): {}", inv.purpose, reply.result.exit_code, first);
    hint =
        "this mc may not accept the arguments reos-backup gives it; check the mc release, and run with "
        "--log-level=debug to see the exact argv";
  } else {
    message = fmt::format("mc {} exited {} without saying why", inv.purpose, reply.result.exit_code);
  }
  if (hint.empty()) hint = fmt::format("see mc's message above; the redacted argv is in the JSON error (run with --output=json)");
  return Error(ExitCode::UpstreamFailed, redactor.text(message), redactor.text(hint)).with_upstream(up);
}

std::string versioning_status(const nlohmann::json& info_doc) {
  const nlohmann::json* v = info_doc.contains("versioning") ? &info_doc["versioning"] : nullptr;
  const std::string s = v && v->is_object() && v->contains("status") && (*v)["status"].is_string()
                            ? (*v)["status"].get<std::string>()
                            : std::string();
  return s.empty() ? "Unversioned" : s;
}

}  // namespace reos::minio
