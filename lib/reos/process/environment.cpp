#include "reos/process/environment.hpp"

#include <cstring>
#include <string_view>

namespace reos::process {

std::vector<std::string> child_environment(const char* const* inherited, const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (const char* const* e = inherited; e && *e; ++e) {
    const std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string_view::npos && overrides.count(std::string(entry.substr(0, eq)))) continue;
    env.emplace_back(entry);
  }
  for (const auto& [k, v] : overrides) env.push_back(k + "=" + v);
  return env;
}

std::vector<char*> exec_pointers(std::vector<std::string>& entries) {
  std::vector<char*> p;
  p.reserve(entries.size() + 1);
  for (auto& s : entries) p.push_back(s.data());
  p.push_back(nullptr);
  return p;
}

}  // namespace reos::process
