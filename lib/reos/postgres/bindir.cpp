#include "reos/postgres/bindir.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/text.hpp"

namespace reos::postgres {

std::optional<std::string> major_version(std::string_view text) {
  const std::string v = util::trim(std::string(text));
  auto digits = [](std::string_view s) {
    return !s.empty() && s.size() <= 3 && s.find_first_not_of("0123456789") == std::string_view::npos && s[0] != '0';
  };
  // 10 and later: one number. 9.x and older: two, and the pair is the major version.
  if (digits(v)) return v;
  const auto dot = v.find('.');
  if (dot != std::string::npos && digits(std::string_view(v).substr(0, dot)) && std::stoi(v.substr(0, dot)) < 10 &&
      digits(std::string_view(v).substr(dot + 1)))
    return v;
  return std::nullopt;
}

std::string debian_bindir(const std::string& major) { return "/usr/lib/postgresql/" + major + "/bin"; }

std::optional<std::string> data_dir_version(const std::string& data) {
  std::ifstream in(data + "/PG_VERSION");
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return major_version(text.str());
}

BinDir choose_bindir(const std::optional<std::string>& given, const std::optional<std::string>& restored_version,
                     const std::string& data, const std::string& fallback) {
  if (given) return {*given, "", "--pg-bin-dir"};
  if (restored_version)
    if (auto major = major_version(*restored_version))
      return {debian_bindir(*major), *major, "the backup's version in pgBackRest's info"};
  if (auto major = data_dir_version(data)) return {debian_bindir(*major), *major, data + "/PG_VERSION"};
  return {fallback, "", "the default of --pg-bin-dir"};
}

void require_programs(const BinDir& b, const std::vector<std::string>& programs) {
  for (const auto& p : programs) {
    const std::string path = b.dir + "/" + p;
    if (::access(path.c_str(), X_OK) == 0) continue;
    if (b.major.empty())
      throw error::Error(error::ExitCode::ProgramMissing, fmt::format("{} is missing or not executable ({})", path, b.from),
                         "give --pg-bin-dir the directory of the PostgreSQL programs");
    throw error::Error(error::ExitCode::ProgramMissing,
                       fmt::format("{} is missing: the data directory is PostgreSQL {} ({})", path, b.major, b.from),
                       fmt::format("install the Debian package postgresql-{} (apt-get install postgresql-{}), or give "
                                   "--pg-bin-dir DIR",
                                   b.major, b.major));
  }
}

}  // namespace reos::postgres
