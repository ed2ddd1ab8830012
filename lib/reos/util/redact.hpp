#pragma once
// Secrets never leave reos-backup in clear: every string we print (logs, --dry-run, JSON,
// error messages, child stderr tails) goes through one Redactor.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace reos::util {

inline constexpr std::string_view kRedacted = "<redacted>";

class Redactor {
 public:
  /// Remembers a secret value; every later occurrence in printed text becomes <redacted>.
  void add_secret(std::string value);

  /// Replaces known secret values, and the value part of secret-looking "--x-pass=v"
  /// arguments (defence in depth: we never build such arguments ourselves).
  std::string text(std::string_view s) const;
  std::vector<std::string> argv(const std::vector<std::string>& argv) const;
  /// Environment overrides as they may be shown: a secret-looking name, or one listed in
  /// `secret_names`, keeps the name only.
  std::map<std::string, std::string> env(const std::map<std::string, std::string>& overrides,
                                         const std::vector<std::string>& secret_names = {}) const;

  /// Whether an option or variable name denotes a secret (pass, secret, token, key-secret,
  /// MC_HOST_*: the URL embeds credentials).
  static bool is_secret_name(std::string_view name);

 private:
  std::vector<std::string> secrets_;
};

}  // namespace reos::util
