#pragma once
// Logs go to stderr, never stdout (stdout is the product), and always through the Redactor.
#include <ostream>
#include <string>
#include <string_view>

#include "reos/util/redact.hpp"

namespace reos::util {

enum class LogLevel { error = 0, warn = 1, info = 2, debug = 3 };

/// Parses "error|warn|info|debug" (validated earlier by the option table).
LogLevel parse_log_level(std::string_view s);

class Logger {
 public:
  Logger(std::ostream& err, const Redactor& redactor) : err_(err), redactor_(redactor) {}
  void set_level(LogLevel l) { level_ = l; }
  LogLevel level() const { return level_; }
  void log(LogLevel l, std::string_view msg) const;
  void warn(std::string_view msg) const { log(LogLevel::warn, msg); }
  void info(std::string_view msg) const { log(LogLevel::info, msg); }
  void debug(std::string_view msg) const { log(LogLevel::debug, msg); }

 private:
  std::ostream& err_;
  const Redactor& redactor_;
  LogLevel level_ = LogLevel::warn;
};

}  // namespace reos::util
