#pragma once
// Running mc and judging what it said. mc's exit code alone proves little (errors with exit
// 0, help text with --json): a reply is good only when mc exited 0, printed nothing but JSON,
// nothing on stderr, and no document has status "error".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/error/error.hpp"
#include "reos/minio/identify.hpp"
#include "reos/minio/invocations.hpp"
#include "reos/minio/json_stream.hpp"
#include "reos/process/executor.hpp"

namespace reos::minio {

/// mc's --config-dir for one run. mc writes config.json, share/ and certs/ there on first
/// use and fails every command when it cannot; a fresh private directory (0700, removed at
/// the end) keeps mc away from ~/.mc and its stored aliases. A configured directory is
/// created when missing and kept.
class ConfigDir {
 public:
  /// Throws error::Error(Config) when the directory cannot be created.
  /// `env` gives TMPDIR (commands never call getenv).
  ConfigDir(const std::optional<std::string>& configured, const config::Environment& env);
  ~ConfigDir();
  ConfigDir(const ConfigDir&) = delete;
  ConfigDir& operator=(const ConfigDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool remove_ = false;
};

/// Runs `mc --version` and throws error::Error(ProgramMissing) unless the program is the
/// MinIO client and satisfies `gate`.
McIdentity identify(process::Executor& exec, const McTarget& t, const Gate& gate);

struct McReply {
  process::ProcessResult result;
  JsonStream stream;
  std::vector<McError> errors;       // every "status":"error" document, fatal or not
  std::vector<nlohmann::json> docs;  // every "status":"success" document
  std::vector<std::string> stderr_lines;

  bool ok() const { return result.exit_code == 0 && errors.empty() && stream.text_lines.empty() && stderr_lines.empty(); }
  /// The first fatal error, else the first error.
  std::optional<McError> main_error() const;
};

McReply run_mc(process::Executor& exec, const process::Invocation& inv);

/// A plan's step (which shows kRunTimeConfigDir where the directory goes) with this run's
/// config directory filled in: the only value the run adds to a MinIO plan.
process::Invocation in_dir(const process::Invocation& planned, const ConfigDir& dir);

/// Runs a planned step in `dir`. The one place a failed mc step becomes the run's error: a
/// reply that is not ok() (or, with `need_document`, has no success document) is thrown as
/// reply_error() about `subject`.
McReply run_mc_step(process::Executor& exec, const process::Invocation& planned, const ConfigDir& dir, const std::string& subject,
                    bool need_document = true);

/// The "could not run" error (UpstreamFailed) for a reply that is not ok(): names what mc was
/// doing and why, with a hint for the causes operators meet (missing bucket, access denied,
/// unreachable endpoint, ...). `subject` is what the call was about ("myminio/data").
error::Error reply_error(const process::Invocation& inv, const McReply& reply, const util::Redactor& redactor,
                         const std::string& subject);

/// The bucket's versioning in a `mc version info` reply: "Enabled", "Suspended", or
/// "Unversioned" for a bucket that was never versioned (mc says "").
std::string versioning_status(const nlohmann::json& info_doc);

/// What to try for an mc error ("" when we have nothing better than mc's own text).
std::string hint_for(const McError& e, const std::string& subject);

}  // namespace reos::minio
