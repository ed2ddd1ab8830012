#pragma once
// Reading a JSON number into a C++ integer only when it fits. Converting an out-of-range double
// (2e99) or integer to a narrower type is undefined behaviour, and a fraction is not a count:
// the documents we read (pgBackRest's, our own state file) may come from another version or a
// hand edit, so each reader decides what a number that does not fit means (an error, a default).
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

namespace reos::util {

/// `v` as a T when it is a whole number from `lo` to `hi`; std::nullopt otherwise (not a
/// number, a fraction, out of range).
template <typename T>
std::optional<T> whole_number(const nlohmann::json& v, T lo = std::numeric_limits<T>::min(),
                              T hi = std::numeric_limits<T>::max()) {
  if (!v.is_number()) return std::nullopt;
  // long double holds every 64-bit integer exactly (x86-64 and aarch64), so one comparison
  // covers integers and doubles before anything is narrowed.
  long double x = 0;
  if (v.is_number_unsigned())
    x = static_cast<long double>(v.get<std::uint64_t>());
  else if (v.is_number_integer())
    x = static_cast<long double>(v.get<std::int64_t>());
  else {
    const double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d)) return std::nullopt;
    x = d;
  }
  if (x < static_cast<long double>(lo) || x > static_cast<long double>(hi)) return std::nullopt;
  return static_cast<T>(x);
}

}  // namespace reos::util
