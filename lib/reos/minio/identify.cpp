#include "reos/minio/identify.hpp"

#include <regex>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/text.hpp"

namespace reos::minio {

using error::Error;
using error::ExitCode;

namespace {
// The date inside a release tag, also with ".hotfix.<sha>" appended.
std::optional<std::string> date_of(std::string_view tag) {
  static const std::regex re(R"(^(?:RELEASE|DEVELOPMENT)\.(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z))");
  std::match_results<std::string_view::const_iterator> m;
  if (std::regex_search(tag.begin(), tag.end(), m, re)) return m[1].str();
  return std::nullopt;
}
}  // namespace

McIdentity parse_version_output(std::string_view out) {
  McIdentity id;
  id.first_line = util::first_line(out);
  if (id.first_line.rfind("GNU Midnight Commander", 0) == 0) {
    id.kind = McKind::midnight_commander;
    return id;
  }
  // mc.md 1.3: `<basename> version (RELEASE|DEVELOPMENT).<tag>[ (commit-id=<id>)]`.
  static const std::regex re(R"(^(\S+) version ((?:RELEASE|DEVELOPMENT)\.\S+?)(?: \(commit-id=(\S+)\))?$)");
  // std::regex recurses once per character (a 100k-character tag overflowed the stack); a real
  // line is under 120 characters, so a line over 512 is not mc's and is not matched.
  std::smatch m;
  if (id.first_line.size() <= 512 && std::regex_match(id.first_line, m, re)) {
    id.kind = McKind::minio_client;
    id.program_name = m[1].str();
    id.release = m[2].str();
    id.commit_id = m[3].matched ? m[3].str() : "";
    id.release_date = date_of(id.release);
  }
  return id;
}

bool satisfies(const McIdentity& id, const Gate& gate) {
  if (!id.release_date) return true;
  auto needed = date_of(gate.release);
  return !needed || *id.release_date >= *needed;
}

void require_minio_client(const McIdentity& id, const std::string& program, const Gate& gate) {
  const std::string how = "give the MinIO client's path with --mc-bin or REOS_MC_BIN (packagers may name it mcli)";
  switch (id.kind) {
    case McKind::midnight_commander:
      throw Error(ExitCode::ProgramMissing,
                  fmt::format("'{}' is Midnight Commander, not the MinIO client (it said: {})", program, id.first_line), how);
    case McKind::unknown:
      throw Error(ExitCode::ProgramMissing,
                  fmt::format("'{}' is not the MinIO client: 'mc --version' said '{}'", program,
                              id.first_line.empty() ? std::string("nothing") : id.first_line),
                  how);
    case McKind::minio_client: break;
  }
  if (!satisfies(id, gate)) {
    throw Error(ExitCode::ProgramMissing,
                fmt::format("the MinIO client at '{}' is {}, too old for {} (needs {} or later)", program, id.release,
                            gate.feature, gate.release),
                fmt::format("install mc {} or later and point --mc-bin at it", gate.release));
  }
}

nlohmann::json to_json(const McIdentity& id) {
  return {{"program_name", id.program_name},
          {"release", id.release},
          {"release_date", id.release_date ? nlohmann::json(*id.release_date) : nlohmann::json(nullptr)},
          {"commit_id", id.commit_id}};
}

}  // namespace reos::minio
