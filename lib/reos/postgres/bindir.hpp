#pragma once
// Which PostgreSQL programs start a restored cluster: those of the major version the data
// directory holds once restored, in Debian's layout (/usr/lib/postgresql/<major>/bin), so hosts
// with 13-17 need no --pg-bin-dir.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reos::postgres {

/// The major version in PG_VERSION's text or pgBackRest's db version ("15", "9.6"); nullopt
/// when the text is neither.
std::optional<std::string> major_version(std::string_view text);

/// Debian's directory of a major version's programs.
std::string debian_bindir(const std::string& major);

/// The major version in `data`/PG_VERSION; nullopt when there is none.
std::optional<std::string> data_dir_version(const std::string& data);

/// When neither the backup nor the directory names a version: the version the seed and the
/// integration tests run.
inline constexpr const char* kFallbackBindir = "/usr/lib/postgresql/15/bin";

struct BinDir {
  std::string dir;
  std::string major;  // empty when --pg-bin-dir named the directory
  std::string from;   // where the choice came from, for the plan and the error
};

/// --pg-bin-dir when given; else Debian's directory of `restored_version` (the backup's
/// PostgreSQL version from pgBackRest's info: what the restore writes into the directory), else
/// of `data`'s PG_VERSION, else `fallback` (the option's default).
BinDir choose_bindir(const std::optional<std::string>& given, const std::optional<std::string>& restored_version,
                     const std::string& data, const std::string& fallback);

/// Throws error::Error(ProgramMissing) naming the first of `programs` not executable in b.dir;
/// the hint names the Debian package of that major version (postgresql-<major>).
void require_programs(const BinDir& b, const std::vector<std::string>& programs);

}  // namespace reos::postgres
