#pragma once
// Secrets never leave reos-backup in clear: every string we print (logs, --dry-run, JSON,
// error messages, child stderr tails) goes through one Redactor.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "reos/process/invocation.hpp"

namespace reos::process {

inline constexpr std::string_view kRedacted = "<redacted>";

class Redactor {
 public:
  /// Remembers a secret value; every later occurrence in printed text becomes <redacted>.
  void add_secret(std::string value);

  /// Replaces known secret values, and the value part of secret-looking "--x-pass=v"
  /// arguments (defence in depth: we never build such arguments ourselves).
  std::string text(std::string_view s) const;
  std::vector<std::string> argv(const std::vector<std::string>& argv) const;
  /// env_overrides of an invocation as they may be shown: secret names keep the name only.
  std::map<std::string, std::string> env(const Invocation& inv) const;

  /// Whether an option or variable name denotes a secret (pass, secret, token, key-secret,
  /// MC_HOST_*: the URL embeds credentials).
  static bool is_secret_name(std::string_view name);

 private:
  std::vector<std::string> secrets_;
};

}  // namespace reos::process
