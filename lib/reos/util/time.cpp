#include "reos/util/time.hpp"

#include <fmt/format.h>

#include "reos/util/timestamp.hpp"

namespace reos::util {

// gmtime_r cannot represent every int64 (and tm_year + 1900 overflowed near its limit): the
// proleptic Gregorian arithmetic of timestamp.cpp can.
std::string rfc3339_utc(std::int64_t epoch_seconds) { return format_epoch_s(epoch_seconds); }

std::string rfc3339_utc_ms(SystemTime t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::string s = rfc3339_utc(ms / 1000);
  s.pop_back();  // drop the Z, add the fraction
  return fmt::format("{}.{:03}Z", s, ms % 1000);
}

}  // namespace reos::util
