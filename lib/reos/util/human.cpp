#include "reos/util/human.hpp"

#include <fmt/format.h>

#include "reos/util/timestamp.hpp"

namespace reos::util {

std::string human_bytes(std::uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double v = static_cast<double>(n);
  int u = 0;
  // 1023.95 KiB would print as "1024.0 KiB": move up a unit before the rounding does.
  while (v >= 1023.95 && u < 5) {
    v /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{} B", n) : fmt::format("{:.1f} {}", v, units[u]);
}

std::string human_duration(std::chrono::milliseconds d) {
  const long long ms = d.count() < 0 ? 0 : d.count();
  if (ms < 1000) return fmt::format("{}ms", ms);
  if (ms < 10'000) return fmt::format("{}.{}s", ms / 1000, ms % 1000 / 100);
  const long long s = ms / 1000;
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  if (s < 86400) return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
  return fmt::format("{}d{:02}h", s / 86400, s % 86400 / 3600);
}

std::string human_time(std::int64_t epoch_seconds) { return human_time(format_epoch_s(epoch_seconds)); }

std::string human_time(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.fraction]Z
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (i >= t.size() || t[i] < '0' || t[i] > '9') return false;
    return true;
  };
  const bool shape = t.size() >= 20 && digits(0, 4) && t[4] == '-' && digits(5, 2) && t[7] == '-' && digits(8, 2) &&
                     t[10] == 'T' && digits(11, 2) && t[13] == ':' && digits(14, 2) && t[16] == ':' && digits(17, 2) &&
                     t.back() == 'Z' && (t.size() == 20 || (t[19] == '.' && t.size() > 21 && digits(20, t.size() - 21)));
  if (!shape) return std::string(t);
  return fmt::format("{} {} UTC", t.substr(0, 10), t.substr(11, 8));
}

}  // namespace reos::util
