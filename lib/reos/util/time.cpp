#include "reos/util/time.hpp"

#include <ctime>

#include <fmt/format.h>

namespace reos::util {

std::string rfc3339_utc(std::int64_t epoch_seconds) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string rfc3339_utc_ms(SystemTime t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::string s = rfc3339_utc(ms / 1000);
  s.pop_back();  // drop the Z, add the fraction
  return fmt::format("{}.{:03}Z", s, ms % 1000);
}

}  // namespace reos::util
