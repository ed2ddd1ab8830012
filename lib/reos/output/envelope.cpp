#include "reos/output/envelope.hpp"

#include <fmt/format.h>

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

}  // namespace

void write(std::ostream& out, const json& j, const util::Redactor& redactor) {
  auto lines = std::make_shared<RedactingLines>(out, redactor);
  nlohmann::detail::serializer<json> serializer(lines, ' ', json::error_handler_t::replace);
  serializer.dump(j, /*pretty_print=*/true, /*ensure_ascii=*/false, /*indent_step=*/2);
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
