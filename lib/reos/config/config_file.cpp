#include "reos/config/config_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/text.hpp"

namespace reos::config {

using error::Error;
using error::ExitCode;

namespace {

bool known_section(const std::string& section, Dialect dialect) {
  if (dialect == Dialect::pgbackrest) {
    // pgBackRest takes any name; at most one ':' separates a stanza (or global) from a command.
    const auto colon = section.find(':');
    return !section.empty() && colon != 0 && colon != section.size() - 1 &&
           (colon == std::string::npos || section.find(':', colon + 1) == std::string::npos);
  }
  return section == "global" || section == "policy" || (section.rfind("stanza:", 0) == 0 && section.size() > 7) ||
         (section.rfind("minio:", 0) == 0 && section.size() > 6);
}

const char* sections_hint(Dialect dialect) {
  return dialect == Dialect::pgbackrest ? "pgBackRest's sections are [global], [global:COMMAND], [STANZA] and [STANZA:COMMAND]"
                                        : "sections are [global], [stanza:NAME], [minio:ALIAS] and [policy]";
}

}  // namespace

ConfigFile parse_config_text(const std::string& path, const std::string& text, Dialect dialect) {
  ConfigFile cfg;
  cfg.path = path;
  std::string section;
  int lineno = 0;
  for (const auto& raw : util::split_lines(text)) {
    ++lineno;
    std::string line = util::trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']') {
        throw Error(ExitCode::Config, fmt::format("{}:{}: section header '{}' has no closing ']'", path, lineno, line),
                    "write sections as [global] or [stanza:NAME]");
      }
      section = util::trim(line.substr(1, line.size() - 2));
      if (!known_section(section, dialect)) {
        throw Error(ExitCode::Config, fmt::format("{}:{}: unknown section [{}]", path, lineno, section), sections_hint(dialect));
      }
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string::npos) {
      throw Error(ExitCode::Config, fmt::format("{}:{}: expected 'key=value', got '{}'", path, lineno, line),
                  "each setting is one line: key=value");
    }
    if (section.empty()) {
      throw Error(ExitCode::Config, fmt::format("{}:{}: setting outside of a section", path, lineno),
                  "put settings under [global] or [stanza:NAME]");
    }
    cfg.entries.push_back({section, util::trim(line.substr(0, eq)), util::trim(line.substr(eq + 1)), lineno});
  }
  return cfg;
}

ConfigFile read_config_file(const std::string& path, Dialect dialect) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ExitCode::Config, fmt::format("cannot read config file '{}': {}", path, std::strerror(errno)),
                dialect == Dialect::pgbackrest ? "check --pgbackrest-config and PGBACKREST_CONFIG*, and the file's permissions"
                                               : "check the path given with --config or REOS_CONFIG");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  ConfigFile cfg = parse_config_text(path, buf.str(), dialect);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) cfg.readable_by_others = (st.st_mode & (S_IRGRP | S_IROTH)) != 0;
  return cfg;
}

}  // namespace reos::config
