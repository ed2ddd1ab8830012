#pragma once
// Durations as operators write them: "90s", "5m", "2h", "1h30m", "1d", or plain seconds.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace reos::util {

/// Parses a duration; std::nullopt when the text is not one (callers build the error,
/// because they know which option or file line it came from).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

/// Renders a duration compactly ("1h30m", "45s", "250ms"); round-trips through parse_duration.
std::string format_duration(std::chrono::milliseconds d);

}  // namespace reos::util
