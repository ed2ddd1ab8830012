#pragma once
// Sizes, durations and times as the text output shows them to people, one formatter for every
// command (JSON keeps bytes, milliseconds and epoch seconds / RFC 3339).
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace reos::util {

/// Binary units with one decimal: "512 B", "21.9 MiB", "1.2 TiB".
std::string human_bytes(std::uint64_t n);

/// "850ms", "4.2s", "42s", "2m13s", "1h05m", "3d04h" (rounded down to the unit shown last).
std::string human_duration(std::chrono::milliseconds d);
/// The same for seconds, fractions kept to the millisecond ("0.3 s" of measured loss is "300ms").
inline std::string human_seconds(double s) { return human_duration(std::chrono::milliseconds(std::llround(s * 1000))); }

/// UTC with the zone shown: "2026-11-24 10:06:24 UTC".
std::string human_time(std::int64_t epoch_seconds);
/// The same for an RFC 3339 UTC text ("2026-11-24T10:06:24Z", a fraction dropped); other text
/// is returned as it is.
std::string human_time(std::string_view rfc3339_utc);

}  // namespace reos::util
