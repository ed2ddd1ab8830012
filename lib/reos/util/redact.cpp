#include "reos/util/redact.hpp"

#include <algorithm>
#include <cctype>

namespace reos::util {

void Redactor::add_secret(std::string value) {
  // One- or two-character "secrets" would shred every message; pgBackRest and MinIO
  // reject such short keys anyway.
  if (value.size() < 3) return;
  if (std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
  secrets_.push_back(std::move(value));
  // Longest first, so a secret containing another is replaced whole.
  std::sort(secrets_.begin(), secrets_.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redactor::text(std::string_view s) const {
  std::string out(s);
  for (const auto& secret : secrets_) {
    std::size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), kRedacted);
      pos += kRedacted.size();
    }
  }
  return out;
}

bool Redactor::is_secret_name(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : lower)
    if (c == '_') c = '-';
  if (lower.rfind("mc-host-", 0) == 0) return true;
  for (std::string_view marker : {"pass", "secret", "token", "password"}) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  // "repo2-s3-key" is the access key id: not secret by itself in pgBackRest's eyes, but the
  // seed keeps it beside the secret; treat every s3 key as secret to be safe.
  return lower.find("s3-key") != std::string::npos;
}

std::vector<std::string> Redactor::argv(const std::vector<std::string>& argv) const {
  std::vector<std::string> out;
  out.reserve(argv.size());
  bool value_is_secret = false;  // the "--x-pass VALUE" two-word form
  for (const auto& a : argv) {
    auto eq = a.find('=');
    if (value_is_secret) {
      out.emplace_back(kRedacted);
      value_is_secret = false;
    } else if (a.rfind("--", 0) == 0 && eq != std::string::npos && is_secret_name(a.substr(2, eq - 2))) {
      out.push_back(a.substr(0, eq + 1) + std::string(kRedacted));
    } else if (a.rfind("--", 0) == 0 && eq == std::string::npos && a.size() > 2 && is_secret_name(a.substr(2))) {
      out.push_back(a);
      value_is_secret = true;
    } else {
      out.push_back(text(a));
    }
  }
  return out;
}

std::map<std::string, std::string> Redactor::env(const std::map<std::string, std::string>& overrides,
                                                 const std::vector<std::string>& secret_names) const {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : overrides) {
    bool secret = is_secret_name(k) || std::find(secret_names.begin(), secret_names.end(), k) != secret_names.end();
    out[k] = secret ? std::string(kRedacted) : text(v);
  }
  return out;
}

}  // namespace reos::util
