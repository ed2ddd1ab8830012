#include "reos/minio/json_stream.hpp"

#include "reos/util/text.hpp"

namespace reos::minio {

using nlohmann::json;

namespace {

bool has_status(const json& doc, std::string_view status) {
  return doc.is_object() && doc.contains("status") && doc["status"].is_string() && doc["status"].get<std::string>() == status;
}

// Index one past the end of the JSON value that starts at `from` ('{' or '['), or npos when
// the value is not closed. Strings are skipped so braces inside them do not count.
std::size_t value_end(std::string_view s, std::size_t from) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = from; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      ++depth;
    else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

std::size_t line_end(std::string_view s, std::size_t from) {
  std::size_t nl = s.find('\n', from);
  return nl == std::string_view::npos ? s.size() : nl + 1;
}

}  // namespace

JsonStream read_json_stream(std::string_view raw) {
  const std::string clean = util::sanitize_utf8(raw);
  const std::string_view s(clean);
  JsonStream out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c == '{' || c == '[') {
      std::size_t end = value_end(s, i);
      if (end != std::string_view::npos) {
        json doc = json::parse(s.substr(i, end - i), nullptr, /*allow_exceptions=*/false);
        if (!doc.is_discarded()) {
          out.documents.push_back(std::move(doc));
          i = end;
          continue;
        }
      }
    }
    // Not JSON: keep the rest of this line as text and carry on with the next one, so that
    // documents after a notice or help text are still seen.
    std::size_t end = line_end(s, i);
    std::string line = util::trim(s.substr(i, end - i));
    if (!line.empty()) out.text_lines.push_back(line);
    i = end;
  }
  return out;
}

std::string McError::summary() const {
  if (cause.empty() || cause == message) return message;
  std::string m = message;
  while (!m.empty() && (m.back() == '.' || m.back() == ' ')) m.pop_back();
  return m + ": " + cause;
}

std::optional<McError> error_of(const json& doc) {
  if (!has_status(doc, "error")) return std::nullopt;
  McError e;
  const json& err = doc.contains("error") && doc["error"].is_object() ? doc["error"] : json::object();
  auto str = [](const json& j, const char* k) {
    return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
  };
  e.message = util::first_line(str(err, "message"));  // "not a recognized command" adds suggestions below
  e.type = str(err, "type");
  if (err.contains("cause") && err["cause"].is_object()) {
    e.cause = str(err["cause"], "message");
    if (err["cause"].contains("error")) e.code = str(err["cause"]["error"], "Code");
  }
  if (e.message.empty()) e.message = "mc reported an error without a message";
  return e;
}

std::vector<json> successes(const JsonStream& s) {
  std::vector<json> out;
  for (const auto& d : s.documents)
    if (has_status(d, "success")) out.push_back(d);
  return out;
}

}  // namespace reos::minio
