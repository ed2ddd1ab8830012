#include "reos/process/locate.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/text.hpp"

namespace reos::process {
namespace {

bool is_executable_file(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

std::string absolute(const std::string& p) {
  if (!p.empty() && p[0] == '/') return p;
  char buf[4096];
  if (::getcwd(buf, sizeof buf) == nullptr) return p;
  return std::string(buf) + "/" + p;
}

}  // namespace

std::string locate_program(const std::string& name_or_path, const std::string& path_env, const std::string& option_hint) {
  using error::Error;
  using error::ExitCode;
  if (name_or_path.find('/') != std::string::npos) {
    struct stat st {};
    if (::stat(name_or_path.c_str(), &st) != 0) {
      throw Error(ExitCode::ProgramMissing, fmt::format("{} '{}' does not exist", option_hint, name_or_path),
                  fmt::format("install the program or point {} at the right file", option_hint));
    }
    if (!is_executable_file(name_or_path)) {
      throw Error(ExitCode::ProgramMissing, fmt::format("{} '{}' is not an executable file", option_hint, name_or_path),
                  fmt::format("check its permissions or point {} at the program itself", option_hint));
    }
    return absolute(name_or_path);
  }
  std::size_t start = 0;
  while (start <= path_env.size()) {
    std::size_t colon = path_env.find(':', start);
    std::string dir = path_env.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (!dir.empty()) {
      std::string candidate = dir + "/" + name_or_path;
      if (is_executable_file(candidate)) return absolute(candidate);
    }
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  throw Error(ExitCode::ProgramMissing, fmt::format("'{}' was not found on PATH", name_or_path),
              fmt::format("install it (Debian: apt-get install {}) or give its path with {}", name_or_path, option_hint));
}

}  // namespace reos::process
