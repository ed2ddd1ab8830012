#pragma once
// Points in time as operators type them for PITR. A time without an explicit zone is refused:
// "10:15" means different instants on different hosts, and naive times are the classic
// source of wrong restores.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reos::util {

struct ZonedTime {
  std::int64_t epoch_us = 0;  // microseconds since 1970-01-01 UTC
  std::string input;          // as given
  std::string utc_rfc3339;    // "2026-11-24T04:45:00Z" (fraction kept when given)
  std::string utc_postgres;   // "2026-11-24 04:45:00+00": what pgBackRest/PostgreSQL get
};

/// Parses "2026-11-24T10:15:00Z", "2026-11-24 10:15:00.5+05:30", "...+0530", "...-08".
/// Returns the problem in `why` when it is not such a time (e.g. "has no time zone").
std::optional<ZonedTime> parse_zoned_time(std::string_view text, std::string* why = nullptr);

/// Formats epoch seconds as RFC 3339 UTC ("2026-11-24T01:13:54Z"), for every int64.
std::string format_epoch_s(std::int64_t epoch_seconds);
/// Formats epoch microseconds as RFC 3339 UTC (fraction only when non-zero).
std::string format_epoch_us(std::int64_t epoch_us, bool postgres_style = false);

}  // namespace reos::util
