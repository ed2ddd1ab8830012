#pragma once
// The one JSON output contract (schema_version 1; fields are only ever added).
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/error/error.hpp"
#include "reos/output/streamed_array.hpp"
#include "reos/process/invocation.hpp"
#include "reos/util/redact.hpp"
#include "reos/util/time.hpp"

namespace reos::output {

inline constexpr int kSchemaVersion = 1;

struct Envelope {
  std::string command;
  util::SystemTime started_at;
  long long duration_ms = 0;
  nlohmann::json result = nlohmann::json::object();
  std::optional<error::Error> error;
  std::vector<process::InvocationRecord> invocations;
  std::vector<std::string> warnings;    // problems beside the result, e.g. the audit log not written
  std::vector<StreamedArray> streamed;  // arrays of the result made while it is written (relative to it)
};

nlohmann::json to_json(const error::Error& e);
nlohmann::json to_json(const process::InvocationRecord& r);
nlohmann::json to_json(const Envelope& e);
/// The same, moving the result out of `e` instead of copying it.
nlohmann::json to_json(Envelope&& e);

/// Serializes for stdout: pretty, and invalid UTF-8 replaced instead of throwing.
std::string dump(const nlohmann::json& j);
/// Writes what redactor.text(dump(j)) would be to `out`, without holding the whole text (info
/// over thousands of backups prints tens of MB): serialized in chunks that end at a line end.
/// A pretty-printed JSON string never spans lines, so no secret straddles two chunks.
/// `streamed` arrays (pointers into `j`) are written element by element as they are made:
/// the output is what dump() of `j` with them materialized would be.
void write(std::ostream& out, const nlohmann::json& j, const util::Redactor& redactor,
           const std::vector<StreamedArray>& streamed = {});

/// The one-line error people see on stderr: "reos-backup: error: MESSAGE (hint: HINT)".
std::string error_line(const error::Error& e);

}  // namespace reos::output
