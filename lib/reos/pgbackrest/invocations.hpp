#pragma once
// argv builders for pgBackRest. Every pgBackRest call reos-backup makes is built here.
#include <optional>
#include <string>
#include <vector>

#include "reos/config/settings.hpp"
#include "reos/process/invocation.hpp"
#include "reos/util/redact.hpp"

namespace reos::pgbackrest {

/// Where and how to run pgBackRest: resolved once from settings.
struct Target {
  std::string program;                            // absolute path
  std::optional<std::string> config;              // --config, passed through
  std::map<std::string, std::string> secret_env;  // PGBACKREST_REPO1_CIPHER_PASS, ...
  std::chrono::milliseconds timeout{0};
};

/// Resolves the pgbackrest binary (on PATH from `env` or --pgbackrest-bin), the config path
/// and the secrets; registers every secret value with `redactor`. Throws ProgramMissing.
Target make_target(const config::Settings& s, const config::Environment& env, util::Redactor& redactor);

/// `pgbackrest [--config=C] --stanza=S --log-level-console=off <extra...> <command>`.
/// Console logging is off so nothing but the requested output reaches stdout; warnings and
/// errors still arrive on stderr (log-level-stderr keeps its default, warn).
/// `console_level` other than "off" is for commands whose findings are only log lines (verify).
process::Invocation pgbackrest_call(const Target& t, std::string purpose, const std::string& command,
                                    const std::optional<std::string>& stanza, std::vector<std::string> extra,
                                    const std::string& console_level = "off");

/// `pgbackrest version` (read-only: metrics, check and the drill ask which pgBackRest runs).
process::Invocation version_call(const Target& t);
/// "2.45" from `pgbackrest version` ("pgBackRest 2.45\n"); "" when not recognized.
std::string parse_pgbackrest_version(const std::string& out);
/// Whether `version` ("2.49", "2.60dev") is major.minor or later; false for "" (unknown).
bool version_at_least(const std::string& version, int major, int minor);

/// `info --output=json` for one stanza (or all when nullopt), optionally one repository.
/// `io_timeout_s` cuts pgBackRest's I/O timeout (see status_io_timeout).
process::Invocation info_call(const Target& t, std::string purpose, const std::optional<std::string>& stanza,
                              std::optional<long long> repo, std::optional<double> io_timeout_s = std::nullopt);

/// `repo-ls --output=json --repo=N --filter=^SEGMENT- archive/STANZA/ARCHIVE_ID/DIR` (DIR: the
/// segment's first 16 characters): the one file of `segment` in repository `repo`, with the time
/// it was written there (read-only; parse with newest_segment_time).
process::Invocation segment_ls_call(const Target& t, std::string purpose, const std::string& stanza, long long repo,
                                    const std::string& archive_id, const std::string& segment,
                                    std::optional<double> io_timeout_s = std::nullopt);

/// The io-timeout of the read-only status calls of `metrics` and `check`. pgBackRest retries
/// an unreachable repository until io-timeout runs out, about 4 x per info and 8 x per check
/// (measured): at its default of 60 s a minutely metrics job would overlap itself for minutes
/// while an off-site store is down. Reading backup.info/archive.info takes milliseconds.
inline constexpr int kStatusIoTimeoutSeconds = 3;
/// The io-timeout of a status call: kStatusIoTimeoutSeconds, or the config's own when that is
/// shorter (the command line would otherwise lengthen it).
double status_io_timeout(const std::optional<double>& configured);
/// "--io-timeout=3", "--io-timeout=0.5".
std::string io_timeout_arg(double seconds);

}  // namespace reos::pgbackrest
