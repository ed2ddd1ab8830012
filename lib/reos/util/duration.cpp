#include "reos/util/duration.hpp"

#include <cctype>
#include <cstdint>
#include <limits>

namespace reos::util {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // Plain digits mean seconds, the unit cron users think in.
  bool all_digits = true;
  for (char c : text) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
  if (all_digits) {
    if (text.size() > 12) return std::nullopt;
    return std::chrono::milliseconds(std::stoll(std::string(text)) * 1000);
  }
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start || i - start > 12) return std::nullopt;
    std::int64_t n = std::stoll(std::string(text.substr(start, i - start)));
    std::size_t ustart = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view unit = text.substr(ustart, i - ustart);
    std::int64_t ms_per;
    if (unit == "ms")
      ms_per = 1;
    else if (unit == "s")
      ms_per = 1000;
    else if (unit == "m")
      ms_per = 60'000;
    else if (unit == "h")
      ms_per = 3'600'000;
    else if (unit == "d")
      ms_per = 86'400'000;
    else
      return std::nullopt;
    // 12 digits of days overflow 64-bit milliseconds: reject instead of wrapping around.
    if (n > (std::numeric_limits<std::int64_t>::max() - total) / ms_per) return std::nullopt;
    total += n * ms_per;
  }
  return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds d) {
  std::int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  const std::pair<std::int64_t, const char*> units[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};
  for (const auto& [size, name] : units) {
    if (ms >= size) {
      out += std::to_string(ms / size) + name;
      ms %= size;
    }
  }
  return out;
}

}  // namespace reos::util
