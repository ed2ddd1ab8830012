#pragma once
// argv builders for the MinIO client. Every mc call reos-backup makes is built here, with the
// same rules: global flags right after the program (`mc --json --config-dir=DIR ...`, the
// placement mc parses for every command), credentials only as MC_HOST_<alias> in the child's
// environment, stdin closed unless a document is fed on purpose.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reos/config/settings.hpp"
#include "reos/minio/aliases.hpp"
#include "reos/minio/location.hpp"
#include "reos/process/invocation.hpp"
#include "reos/util/redact.hpp"

namespace reos::minio {

/// How to run mc for one command: resolved once from settings, no side effects.
struct McTarget {
  std::string program;                    // absolute path
  std::optional<std::string> config_dir;  // --mc-config-dir; nullopt: a private temp dir per run
  std::chrono::milliseconds timeout{0};
  std::map<std::string, Alias> aliases;  // the aliases this command uses, by name
};

/// What plans show for the config dir when none is configured: the real one does not exist
/// until the run creates it (a plan has no side effects).
inline constexpr std::string_view kRunTimeConfigDir = "<private-temp-dir-created-at-run-time>";

/// Resolves mc (--mc-bin, REOS_MC_BIN, else `mc` on PATH), the aliases in `alias_names`
/// (each must be configured: error before mc runs) and registers their secrets with
/// `redactor`. Throws error::Error (ProgramMissing, Config, Usage).
McTarget make_mc_target(const config::Settings& s, const config::Environment& env, const config::ConfigFile* cfg,
                        util::Redactor& redactor, const std::vector<std::string>& alias_names);

/// The config dir to put in a plan: the configured one or kRunTimeConfigDir.
std::string planned_config_dir(const McTarget& t);

/// `mc --version` with LC_ALL=C (Midnight Commander translates its first line otherwise),
/// stdin closed and a short timeout (an unknown program must not hang us).
process::Invocation version_call(const McTarget& t);

/// `mc --json --config-dir=DIR <words...>` with MC_HOST_<a> for each alias in `uses`.
process::Invocation mc_call(const McTarget& t, std::string purpose, const std::string& config_dir, std::vector<std::string> words,
                            const std::vector<std::string>& uses);

process::Invocation version_info_call(const McTarget& t, const std::string& dir, const std::string& alias,
                                      const std::string& bucket);
/// action: "enable" or "suspend".
process::Invocation version_set_call(const McTarget& t, const std::string& dir, const std::string& action,
                                     const std::string& alias, const std::string& bucket);

struct ReplicateAddSpec {
  std::string alias, bucket;
  std::string remote_alias, remote_bucket;
  std::string id;
  std::optional<long long> priority;
  std::optional<std::string> replicate;  // "delete-marker,delete,existing-objects,metadata-sync" subset
  std::optional<std::string> bandwidth;  // "100M" (bytes/s)
};
/// The alias form `--remote-bucket REMOTE/BUCKET` (mc RELEASE.2024-03-03T00-13-08Z+): the
/// remote's credentials travel in MC_HOST_<REMOTE>, not in a URL on argv.
process::Invocation replicate_add_call(const McTarget& t, const std::string& dir, const ReplicateAddSpec& spec);
process::Invocation replicate_status_call(const McTarget& t, const std::string& dir, const std::string& alias,
                                          const std::string& bucket);
process::Invocation replicate_ls_call(const McTarget& t, const std::string& dir, const std::string& alias,
                                      const std::string& bucket);
/// id nullopt: `--all --force` (every rule; mc leaves the remote targets behind).
process::Invocation replicate_rm_call(const McTarget& t, const std::string& dir, const std::string& alias,
                                      const std::string& bucket, const std::optional<std::string>& id);
/// Feeds `policy` (a validated lifecycle document) on stdin; mc replaces the whole config.
process::Invocation ilm_import_call(const McTarget& t, const std::string& dir, const std::string& alias,
                                    const std::string& bucket, std::string policy);
process::Invocation ilm_export_call(const McTarget& t, const std::string& dir, const std::string& alias,
                                    const std::string& bucket);
process::Invocation mirror_call(const McTarget& t, const std::string& dir, const Location& source, const Location& target,
                                bool overwrite, bool remove, bool watch = false);
process::Invocation config_export_call(const McTarget& t, const std::string& dir, const std::string& alias);

}  // namespace reos::minio
