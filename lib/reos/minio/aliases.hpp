#pragma once
// MinIO aliases (endpoint URL + access key + secret key) come from reos-backup's own settings,
// never from mc's config.json, and reach mc only as MC_HOST_<alias> in the child's
// environment. Sources, per key, highest first:
//   REOS_MINIO_<ALIAS>_URL, REOS_MINIO_<ALIAS>_ACCESS_KEY, REOS_MINIO_<ALIAS>_SECRET_KEY
//     (<ALIAS> upper-cased, '-' written '_')
//   [minio:ALIAS] url=..., access-key=..., secret-key=...   in the config file (mode 0600)
#include <string>
#include <string_view>
#include <vector>

#include "reos/config/settings.hpp"
#include "reos/error/error.hpp"
#include "reos/util/redact.hpp"

namespace reos::minio {

struct Alias {
  std::string name;  // as given to mc (case-sensitive there)
  std::string url;   // scheme://host[:port], no trailing '/'
  std::string access_key;
  std::string secret_key;
  std::string url_source;  // "REOS_MINIO_MYMINIO_URL" or "/etc/reos-backup/reos-backup.conf:7"
};

/// "REOS_MINIO_DR_SITE_" for alias "dr-site".
std::string alias_env_prefix(std::string_view alias);

/// mc's alias rule: a letter first, then letters, digits, '-', '_'.
bool valid_alias_name(std::string_view name);

/// Throws error::Error(Usage) when `name` (given as --alias or inside --source/--target) is
/// not a valid alias name.
void check_alias_name(std::string_view name, std::string_view given_as);

/// Resolves one alias. Throws error::Error(Config) when the alias is not configured at all
/// (mc would silently treat it as a local path), when a part is missing, or when a value
/// cannot be carried by MC_HOST_<alias> (URL with a path, a secret key containing ':', ...).
Alias resolve_alias(const std::string& name, const config::Environment& env, const config::ConfigFile* cfg);

/// Names of every alias that has at least a URL, in the config file or the environment
/// (environment-only aliases are named in lower case).
std::vector<std::string> configured_aliases(const config::Environment& env, const config::ConfigFile* cfg);

/// Checks an endpoint URL the way mc checks MC_HOST_ (mc.md 2.1): http or https, a host,
/// an optional port, nothing else. Returns the normalized form (no trailing '/') or throws
/// error::Error(`code`) with `where` naming the source.
std::string normalize_endpoint(const std::string& url, const std::string& where, error::ExitCode code);

/// "MC_HOST_<name>".
std::string mc_host_variable(const Alias& a);
/// "https://ACCESS:SECRET@host:port": the credentials are embedded verbatim, as mc parses
/// this value with a regular expression, not URL decoding.
std::string mc_host_value(const Alias& a);

/// Registers the alias's secrets (secret key and the whole MC_HOST_ value) with `redactor`.
void register_secrets(const Alias& a, util::Redactor& redactor);

}  // namespace reos::minio
