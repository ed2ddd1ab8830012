#pragma once
// mc's --json output is a stream of concatenated JSON documents: one line each when stdout is
// a pipe, indented over many lines when it is a terminal, and interrupted by plain text on a
// usage mistake (help text) or a first-run notice. This reader takes all of those apart
// without assuming one document per line.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace reos::minio {

struct JsonStream {
  std::vector<nlohmann::json> documents;  // in order of appearance
  std::vector<std::string> text_lines;    // non-empty lines that were not JSON, trimmed
};

/// Splits `out` into JSON documents and stray text. Invalid UTF-8 is replaced, never fatal.
JsonStream read_json_stream(std::string_view out);

/// An mc error document: `{"status":"error","error":{"message","cause":{"message","error":{"Code"?}},"type"}}`.
struct McError {
  std::string message;  // what mc was doing ("Unable to enable versioning")
  std::string cause;    // the underlying error text
  std::string code;     // cause.error.Code when the server sent one ("NoSuchBucket")
  std::string type;     // "fatal" or "error" (non-fatal, the command went on)

  /// "Unable to enable versioning: The specified bucket does not exist".
  std::string summary() const;
};

/// The error in `doc` when its status is "error"; nullopt for any other document.
std::optional<McError> error_of(const nlohmann::json& doc);

/// Documents whose status is "success".
std::vector<nlohmann::json> successes(const JsonStream& s);

}  // namespace reos::minio
