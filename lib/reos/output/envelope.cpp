#include "reos/output/envelope.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

namespace reos::output {

using nlohmann::json;

json to_json(const error::Error& e) {
  json j{{"code", std::string(error::row_for(e.code()).json_name)},
         {"exit_code", e.exit_code()},
         {"message", e.message()},
         {"hint", e.hint()},
         {"upstream", nullptr}};
  if (const auto& u = e.upstream()) {
    j["upstream"] = {{"program", u->program},
                     {"argv", u->argv},
                     {"exit_code", u->exit_code},
                     {"error_name", u->error_name},
                     {"stderr_tail", u->stderr_tail}};
  }
  return j;
}

json to_json(const process::InvocationRecord& r) {
  json j{{"purpose", r.purpose}, {"argv", r.argv}, {"env", r.env}, {"exit_code", r.exit_code}, {"duration_ms", r.duration_ms}};
  if (r.term_signal) j["signal"] = r.term_signal;
  if (r.timed_out) j["timed_out"] = true;
  if (r.interrupted) j["interrupted"] = true;
  if (r.idle_priority) j["idle_priority"] = true;
  return j;
}

json to_json(Envelope&& e) {
  // The result can be the biggest value we print (info over thousands of backups): moved in,
  // never copied.
  json result = std::move(e.result);
  e.result = json::object();
  json j = to_json(static_cast<const Envelope&>(e));
  j["result"] = std::move(result);
  return j;
}

json to_json(const Envelope& e) {
  json invocations = json::array();
  for (const auto& r : e.invocations) invocations.push_back(to_json(r));
  return json{{"schema_version", kSchemaVersion},
              {"command", e.command},
              {"ok", !e.error.has_value()},
              {"exit_code", e.error ? e.error->exit_code() : 0},
              {"started_at", util::rfc3339_utc_ms(e.started_at)},
              {"duration_ms", e.duration_ms},
              {"result", e.result},
              {"error", e.error ? to_json(*e.error) : json(nullptr)},
              {"invocations", invocations},
              {"warnings", e.warnings}};
}

namespace {

// nlohmann's serializer writes into an output adapter; this one passes complete lines on,
// redacted, once a chunk's worth has gathered.
class RedactingLines : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  RedactingLines(std::ostream& out, const util::Redactor& redactor) : out_(out), redactor_(redactor) {}
  void write_character(char c) override {
    pending_ += c;
    if (c == '\n' && pending_.size() >= kChunk) pass_on(pending_.size());
  }
  void write_characters(const char* s, std::size_t n) override {
    pending_.append(s, n);
    if (pending_.size() >= kChunk)
      if (auto end = pending_.rfind('\n'); end != std::string::npos) pass_on(end + 1);
  }
  void finish() { pass_on(pending_.size()); }

 private:
  static constexpr std::size_t kChunk = 1 << 16;
  void pass_on(std::size_t n) {
    out_ << redactor_.text(std::string_view(pending_).substr(0, n));
    pending_.erase(0, n);
  }
  std::ostream& out_;
  const util::Redactor& redactor_;
  std::string pending_;
};

using Serializer = nlohmann::detail::serializer<json>;

bool is_under(const json::json_pointer& p, const json::json_pointer& at) {
  const std::string a = at.to_string(), s = p.to_string();
  return s.size() > a.size() && s.compare(0, a.size(), a) == 0 && s[a.size()] == '/';
}

// Writes `j` at `here` exactly as nlohmann's pretty dump would, except that each streamed
// array's elements are made, written and dropped one at a time. Only the containers on the
// way to a streamed array are walked here; every other value is nlohmann's own dump.
void write_value(RedactingLines& o, Serializer& ser, const json& j, const json::json_pointer& here, unsigned indent,
                 const std::vector<StreamedArray>& streamed) {
  const std::string pad(indent + 2, ' ');
  for (const auto& s : streamed) {
    if (s.at != here) continue;
    bool first = true;
    s.elements([&](json&& e) {
      o.write_characters(first ? "[\n" : ",\n", 2);
      first = false;
      o.write_characters(pad.data(), pad.size());
      ser.dump(e, true, false, 2, indent + 2);
    });
    if (first) return o.write_characters("[]", 2);
    o.write_character('\n');
    o.write_characters(pad.data(), indent);
    return o.write_character(']');
  }
  const bool on_the_way = j.is_structured() && !j.empty() &&
                          std::any_of(streamed.begin(), streamed.end(), [&](const auto& s) { return is_under(s.at, here); });
  if (!on_the_way) return ser.dump(j, true, false, 2, indent);
  o.write_characters(j.is_object() ? "{\n" : "[\n", 2);
  std::size_t i = 0;
  for (auto it = j.begin(); it != j.end(); ++it, ++i) {
    if (i > 0) o.write_characters(",\n", 2);
    o.write_characters(pad.data(), pad.size());
    if (j.is_object()) {
      ser.dump(json(it.key()), true, false, 2, indent + 2);
      o.write_characters(": ", 2);
    }
    write_value(o, ser, *it, j.is_object() ? here / it.key() : here / i, indent + 2, streamed);
  }
  o.write_character('\n');
  o.write_characters(pad.data(), indent);
  o.write_character(j.is_object() ? '}' : ']');
}

}  // namespace

void write(std::ostream& out, const json& j, const util::Redactor& redactor, const std::vector<StreamedArray>& streamed) {
  auto lines = std::make_shared<RedactingLines>(out, redactor);
  Serializer serializer(lines, ' ', json::error_handler_t::replace);
  write_value(*lines, serializer, j, json::json_pointer(), 0, streamed);
  lines->write_character('\n');
  lines->finish();
}

std::string dump(const json& j) {
  std::ostringstream out;  // the one serialization: write()'s, with nothing to redact
  write(out, j, util::Redactor{});
  return out.str();
}

std::string error_line(const error::Error& e) {
  std::string line = e.hint().empty() ? fmt::format("reos-backup: error: {}", e.message())
                                      : fmt::format("reos-backup: error: {} (hint: {})", e.message(), e.hint());
  for (auto& c : line)
    if (c == '\n' || c == '\r') c = ' ';  // one line, always: scripts grep stderr
  return line;
}

}  // namespace reos::output
