#include "reos/pgbackrest/invocations.hpp"

#include <fmt/format.h>

#include <charconv>

#include "reos/process/locate.hpp"

namespace reos::pgbackrest {

Target make_target(const config::Settings& s, const config::Environment& env, util::Redactor& redactor) {
  Target t;
  auto path = env.find("PATH");
  t.program =
      process::locate_program(s.text("pgbackrest-bin"), path == env.end() ? "/usr/bin:/bin" : path->second, "--pgbackrest-bin");
  t.config = s.optional("pgbackrest-config");
  t.timeout = s.duration("timeout");
  // reos-backup secret settings -> pgBackRest's own environment variables.
  const std::pair<const char*, const char*> secrets[] = {
      {"repo1-cipher-pass", "PGBACKREST_REPO1_CIPHER_PASS"},
      {"repo2-cipher-pass", "PGBACKREST_REPO2_CIPHER_PASS"},
      {"repo2-s3-key", "PGBACKREST_REPO2_S3_KEY"},
      {"repo2-s3-key-secret", "PGBACKREST_REPO2_S3_KEY_SECRET"},
  };
  for (const auto& [option, var] : secrets) {
    if (auto v = s.optional(option)) {
      t.secret_env[var] = *v;
      redactor.add_secret(*v);
    }
  }
  // Secrets the caller already exported for pgBackRest are inherited; they must be
  // redacted from anything we print all the same.
  for (const auto& [k, v] : env) {
    if (k.rfind("PGBACKREST_", 0) == 0 && util::Redactor::is_secret_name(k)) redactor.add_secret(v);
  }
  return t;
}

process::Invocation pgbackrest_call(const Target& t, std::string purpose, const std::string& command,
                                    const std::optional<std::string>& stanza, std::vector<std::string> extra,
                                    const std::string& console_level) {
  process::Invocation inv;
  inv.purpose = std::move(purpose);
  inv.program = t.program;
  if (t.config) inv.args.push_back("--config=" + *t.config);
  if (stanza) inv.args.push_back("--stanza=" + *stanza);
  inv.args.push_back("--log-level-console=" + console_level);
  for (auto& e : extra) inv.args.push_back(std::move(e));
  inv.args.push_back(command);
  inv.env_overrides = t.secret_env;
  for (const auto& [k, v] : t.secret_env) inv.secret_env.push_back(k);
  inv.timeout = t.timeout;
  return inv;
}

double status_io_timeout(const std::optional<double>& configured) {
  return configured && *configured < kStatusIoTimeoutSeconds ? *configured : kStatusIoTimeoutSeconds;
}

process::Invocation version_call(const Target& t) { return pgbackrest_call(t, "version", "version", std::nullopt, {}); }

std::string parse_pgbackrest_version(const std::string& out) {
  const std::string prefix = "pgBackRest ";
  auto pos = out.find(prefix);
  if (pos == std::string::npos) return {};
  auto start = pos + prefix.size();
  auto end = out.find_first_of(" \r\n", start);
  return out.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool version_at_least(const std::string& version, int major, int minor) {
  int have_major = 0, have_minor = 0;
  const char* p = version.data();
  const char* end = p + version.size();
  auto r = std::from_chars(p, end, have_major);
  if (r.ec != std::errc() || r.ptr == end || *r.ptr != '.') return false;
  if (std::from_chars(r.ptr + 1, end, have_minor).ec != std::errc()) return false;
  return have_major > major || (have_major == major && have_minor >= minor);
}

std::string io_timeout_arg(double seconds) { return fmt::format("--io-timeout={:g}", seconds); }

process::Invocation info_call(const Target& t, std::string purpose, const std::optional<std::string>& stanza,
                              std::optional<long long> repo, std::optional<double> io_timeout_s) {
  std::vector<std::string> extra{"--output=json"};
  if (repo) extra.push_back("--repo=" + std::to_string(*repo));
  if (io_timeout_s) extra.push_back(io_timeout_arg(*io_timeout_s));
  return pgbackrest_call(t, std::move(purpose), "info", stanza, std::move(extra));
}

process::Invocation segment_ls_call(const Target& t, std::string purpose, const std::string& stanza, long long repo,
                                    const std::string& archive_id, const std::string& segment,
                                    std::optional<double> io_timeout_s) {
  std::vector<std::string> extra{"--output=json", "--repo=" + std::to_string(repo), "--filter=^" + segment + "-"};
  if (io_timeout_s) extra.push_back(io_timeout_arg(*io_timeout_s));
  auto inv = pgbackrest_call(t, std::move(purpose), "repo-ls", stanza, std::move(extra));
  inv.args.push_back("archive/" + stanza + "/" + archive_id + "/" + segment.substr(0, 16));  // repo-ls takes its path last
  return inv;
}

}  // namespace reos::pgbackrest
