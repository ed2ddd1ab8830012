#pragma once
// Wall-clock helpers. All times leave reos-backup as RFC 3339 UTC ("...Z").
#include <chrono>
#include <cstdint>
#include <string>

namespace reos::util {

using SystemTime = std::chrono::system_clock::time_point;

/// "2026-11-24T01:13:54Z" for an epoch second.
std::string rfc3339_utc(std::int64_t epoch_seconds);

/// Same with milliseconds, for started_at stamps ("2026-11-24T01:13:54.123Z").
std::string rfc3339_utc_ms(SystemTime t);

}  // namespace reos::util
