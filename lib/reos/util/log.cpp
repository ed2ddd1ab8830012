#include "reos/util/log.hpp"

namespace reos::util {

LogLevel parse_log_level(std::string_view s) {
  if (s == "error") return LogLevel::error;
  if (s == "info") return LogLevel::info;
  if (s == "debug") return LogLevel::debug;
  return LogLevel::warn;
}

void Logger::log(LogLevel l, std::string_view msg) const {
  if (static_cast<int>(l) > static_cast<int>(level_)) return;
  static const char* names[] = {"error", "warn", "info", "debug"};
  err_ << "reos-backup: " << names[static_cast<int>(l)] << ": " << redactor_.text(msg) << '\n';
  err_.flush();
}

}  // namespace reos::util
