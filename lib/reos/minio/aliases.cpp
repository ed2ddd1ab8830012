#include "reos/minio/aliases.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/text.hpp"

namespace reos::minio {

using error::Error;
using error::ExitCode;

namespace {

constexpr std::string_view kKeys[] = {"url", "access-key", "secret-key"};

struct Found {
  std::string value;
  std::string source;
  bool present = false;
};

Found lookup(const std::string& alias, std::string_view key, const config::Environment& env, const config::ConfigFile* cfg) {
  std::string var = alias_env_prefix(alias);
  for (char c : key) var += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (auto it = env.find(var); it != env.end()) return {it->second, var, true};
  // configured_aliases() lists REOS_MINIO_lcsite_URL as 'lcsite' (mc alias names may be lower
  // case): only the alias part of the name may differ in case, the prefix and key stay exact.
  const std::string_view key_part = std::string_view(var).substr(alias_env_prefix(alias).size());
  for (const auto& [k, v] : env) {
    if (k.size() == var.size() && k.rfind("REOS_MINIO_", 0) == 0 &&
        std::string_view(k).substr(k.size() - key_part.size()) == key_part &&
        std::equal(k.begin(), k.end(), var.begin(), [](char x, char y) {
          return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
        }))
      return {v, k, true};
  }
  Found f;
  if (!cfg) return f;
  for (const auto& e : cfg->entries) {
    if (e.section == "minio:" + alias && e.key == key) f = {e.value, fmt::format("{}:{}", cfg->path, e.line), true};
  }
  return f;
}

std::string setup_hint(const std::string& alias) {
  return fmt::format(
      "add [minio:{0}] with url=, access-key= and secret-key= to the config file (mode 0600), or set "
      "{1}URL, {1}ACCESS_KEY and {1}SECRET_KEY",
      alias, alias_env_prefix(alias));
}

}  // namespace

std::string alias_env_prefix(std::string_view alias) {
  std::string p = "REOS_MINIO_";
  for (char c : alias) p += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return p + "_";
}

bool valid_alias_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
}

void check_alias_name(std::string_view name, std::string_view given_as) {
  if (valid_alias_name(name)) return;
  throw Error(ExitCode::Usage, fmt::format("{}: '{}' is not a valid MinIO alias name", given_as, name),
              "an alias starts with a letter and has only letters, digits, '-' and '_'");
}

std::string normalize_endpoint(const std::string& url, const std::string& where, ExitCode code) {
  // mc rejects paths, queries and fragments in MC_HOST_ values; user info would clash with
  // the credentials we embed.
  static const std::regex re(R"(^(https?)://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:([0-9]{1,5}))?/?$)");
  std::smatch m;
  // std::regex recurses once per character: bound the text before matching it.
  if (url.size() > 2048) {
    throw Error(code, fmt::format("{}: endpoint '{}...' is longer than 2048 characters", where, url.substr(0, 64)),
                "write it like https://minio.example.net:9000");
  }
  if (!std::regex_match(url, m, re)) {
    std::string why = url.find('@') != std::string::npos
                          ? "must not contain credentials (they come from the access-key and secret-key settings)"
                      : url.rfind("http", 0) != 0 ? "must start with http:// or https://"
                                                  : "must be scheme://host[:port] with no path, query or fragment";
    throw Error(code, fmt::format("{}: endpoint '{}' {}", where, url, why), "write it like https://minio.example.net:9000");
  }
  if (m[4].matched) {
    int port = std::stoi(m[4].str());
    if (port < 1 || port > 65535) {
      throw Error(code, fmt::format("{}: port {} of '{}' is out of range", where, port, url), "use a port from 1 to 65535");
    }
  }
  std::string out = url;
  if (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

Alias resolve_alias(const std::string& name, const config::Environment& env, const config::ConfigFile* cfg) {
  check_alias_name(name, "alias");
  // Unknown keys inside [minio:NAME] are typos that would otherwise be ignored silently.
  if (cfg) {
    for (const auto& e : cfg->entries) {
      if (e.section.rfind("minio:", 0) != 0) continue;
      if (std::find(std::begin(kKeys), std::end(kKeys), e.key) == std::end(kKeys)) {
        throw Error(ExitCode::Config, fmt::format("{}:{}: unknown key '{}' in [{}]", cfg->path, e.line, e.key, e.section),
                    "a [minio:ALIAS] section takes url, access-key and secret-key");
      }
    }
  }
  Found url = lookup(name, "url", env, cfg);
  Found access = lookup(name, "access-key", env, cfg);
  Found secret = lookup(name, "secret-key", env, cfg);
  if (!url.present && !access.present && !secret.present) {
    auto known = configured_aliases(env, cfg);
    throw Error(
        ExitCode::Config,
        fmt::format("MinIO alias '{}' is not configured{}", name,
                    known.empty() ? std::string(" (no alias is)") : fmt::format(" (configured: {})", util::join(known, ", "))),
        setup_hint(name));
  }
  for (const auto& [f, key] : {std::pair{&url, "url"}, {&access, "access-key"}, {&secret, "secret-key"}}) {
    if (!f->present || f->value.empty()) {
      throw Error(ExitCode::Config, fmt::format("MinIO alias '{}' has no {}", name, key), setup_hint(name));
    }
  }
  Alias a;
  a.name = name;
  a.url = normalize_endpoint(url.value, url.source, ExitCode::Config);
  a.url_source = url.source;
  a.access_key = access.value;
  a.secret_key = secret.value;
  // mc parses MC_HOST_ by regular expression: the access key ends at the first ':' and a
  // second ':' in the secret starts a session token (mc.md 2.1, minio/mc#5119).
  if (a.access_key.size() < 3 || a.access_key.find_first_of(": \t\n/@") != std::string::npos) {
    throw Error(ExitCode::Config,
                fmt::format("{}: access key of alias '{}' must be at least 3 characters without ':', '/', '@' or blanks",
                            access.source, name),
                "MinIO cannot pass such a key through MC_HOST_; create a key without those characters");
  }
  if (a.secret_key.size() < 8 || a.secret_key.find_first_of(": \t\n") != std::string::npos) {
    throw Error(
        ExitCode::Config,
        fmt::format("{}: secret key of alias '{}' must be at least 8 characters without ':' or blanks", secret.source, name),
        "mc would read a ':' in MC_HOST_ as the start of a session token; create a key without it");
  }
  return a;
}

std::vector<std::string> configured_aliases(const config::Environment& env, const config::ConfigFile* cfg) {
  std::vector<std::string> names;
  auto add = [&](std::string n) {
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(std::move(n));
  };
  if (cfg) {
    for (const auto& e : cfg->entries)
      if (e.section.rfind("minio:", 0) == 0 && e.key == "url") add(e.section.substr(6));
  }
  static const std::string prefix = "REOS_MINIO_", suffix = "_URL";
  for (const auto& [k, v] : env) {
    if (k.size() > prefix.size() + suffix.size() && k.rfind(prefix, 0) == 0 &&
        k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0) {
      std::string n = k.substr(prefix.size(), k.size() - prefix.size() - suffix.size());
      bool known = false;
      for (const auto& existing : names) known = known || alias_env_prefix(existing) == prefix + n + "_";
      for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!known && valid_alias_name(n)) add(n);
    }
  }
  return names;
}

std::string mc_host_variable(const Alias& a) { return "MC_HOST_" + a.name; }

std::string mc_host_value(const Alias& a) {
  auto sep = a.url.find("://");
  return a.url.substr(0, sep + 3) + a.access_key + ":" + a.secret_key + "@" + a.url.substr(sep + 3);
}

void register_secrets(const Alias& a, util::Redactor& redactor) {
  redactor.add_secret(a.secret_key);
  redactor.add_secret(mc_host_value(a));
}

}  // namespace reos::minio
