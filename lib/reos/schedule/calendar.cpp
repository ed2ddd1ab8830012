#include "reos/schedule/calendar.hpp"

#include <array>
#include <cctype>
#include <chrono>
#include <vector>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/text.hpp"

namespace reos::schedule {

using error::Error;
using error::ExitCode;

namespace {

// Index = cron's day-of-week number (0 = Sunday); the names are systemd's.
constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<int> day_number(std::string_view word) {
  const std::string w = lower(word);
  if (w.size() < 3) return std::nullopt;
  for (int i = 0; i < 7; ++i) {
    const std::string abbrev = lower(kDays[static_cast<std::size_t>(i)]);
    // "Sun", "sun", "Sunday" (a prefix of the full name is not accepted: "Sund" is a typo).
    static constexpr std::array<std::string_view, 7> full = {"sunday",   "monday", "tuesday", "wednesday",
                                                             "thursday", "friday", "saturday"};
    if (w == abbrev || w == full[static_cast<std::size_t>(i)]) return i;
  }
  return std::nullopt;
}

struct DayItem {
  int first, last;  // equal for a single day
};

Error bad_time(std::string_view given_as, std::string_view text, std::string_view why) {
  return Error(ExitCode::Usage, fmt::format("{}: '{}' {}", given_as, text, why),
               fmt::format("write {} 'Sun 02:00', 'Mon-Sat 02:00', 'Mon,Thu 03:30', 'daily 01:00' or off "
                           "(times are UTC)",
                           given_as));
}

std::vector<DayItem> parse_days(std::string_view spec, std::string_view given_as, std::string_view text) {
  std::vector<DayItem> items;
  const std::string s(spec);
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    auto dash = item.find('-');
    auto first = day_number(item.substr(0, dash));
    auto last = dash == std::string::npos ? first : day_number(item.substr(dash + 1));
    if (!first || !last) throw bad_time(given_as, text, fmt::format("has no day named '{}'", item));
    // cron cannot express a range that wraps past Saturday (6-1): ask for a list instead.
    if (*last < *first) throw bad_time(given_as, text, fmt::format("has a range '{}' that wraps past Saturday", item));
    items.push_back({*first, *last});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

}  // namespace

std::optional<Calendar> parse_weekly(std::string_view text, std::string_view given_as) {
  const std::string t = util::trim(text);
  if (lower(t) == "off") return std::nullopt;
  std::string days, clock = t;
  if (auto sp = t.find_first_of(" \t"); sp != std::string::npos) {
    days = t.substr(0, sp);
    clock = util::trim(t.substr(sp + 1));
  }
  int hour = -1, minute = -1;
  if (clock.size() == 5 && clock[2] == ':' && std::isdigit(static_cast<unsigned char>(clock[0])) &&
      std::isdigit(static_cast<unsigned char>(clock[1])) && std::isdigit(static_cast<unsigned char>(clock[3])) &&
      std::isdigit(static_cast<unsigned char>(clock[4]))) {
    hour = (clock[0] - '0') * 10 + (clock[1] - '0');
    minute = (clock[3] - '0') * 10 + (clock[4] - '0');
  }
  if (hour < 0 || hour > 23 || minute > 59) throw bad_time(given_as, text, "has no time of day HH:MM (00:00 to 23:59)");

  Calendar c;
  std::vector<std::string> cron_days, systemd_days, shown_days;
  const bool every_day = days.empty() || lower(days) == "daily" || days == "*";
  if (!every_day) {
    for (const auto& d : parse_days(days, given_as, text)) {
      const auto first = kDays[static_cast<std::size_t>(d.first)], last = kDays[static_cast<std::size_t>(d.last)];
      if (d.first == d.last) {
        cron_days.push_back(std::to_string(d.first));
        systemd_days.emplace_back(first);
        shown_days.emplace_back(first);
      } else {
        cron_days.push_back(fmt::format("{}-{}", d.first, d.last));
        systemd_days.push_back(fmt::format("{}..{}", first, last));
        shown_days.push_back(fmt::format("{}-{}", first, last));
      }
    }
  }
  c.cron = fmt::format("{} {} * * {}", minute, hour, every_day ? "*" : util::join(cron_days, ","));
  c.on_calendar = fmt::format("{}*-*-* {:02}:{:02}:00 UTC", every_day ? "" : util::join(systemd_days, ",") + " ", hour, minute);
  c.summary = fmt::format("{} {:02}:{:02} UTC", every_day ? "daily" : util::join(shown_days, ","), hour, minute);
  return c;
}

std::optional<Calendar> parse_every(std::string_view text, std::string_view given_as) {
  const std::string t = util::trim(text);
  if (lower(t) == "off") return std::nullopt;
  const auto d = util::parse_duration(t);
  const long long ms = d ? d->count() : -1;
  const long long hours = ms / 3'600'000;
  if (!d || ms % 3'600'000 != 0 || hours < 1 || hours > 24 || 24 % hours != 0) {
    throw Error(ExitCode::Usage, fmt::format("{}: '{}' is not a whole number of hours that divides 24", given_as, text),
                fmt::format("use {} 1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h or off", given_as));
  }
  Calendar c;
  if (hours == 24) {
    c.cron = "0 0 * * *";
    c.on_calendar = "*-*-* 00:00:00 UTC";
  } else if (hours == 1) {
    c.cron = "0 * * * *";
    c.on_calendar = "*-*-* *:00:00 UTC";
  } else {
    c.cron = fmt::format("0 */{} * * *", hours);
    c.on_calendar = fmt::format("*-*-* 00/{}:00:00 UTC", hours);
  }
  c.summary = fmt::format("every {} hour{} at minute 0 UTC", hours, hours == 1 ? "" : "s");
  return c;
}

}  // namespace reos::schedule
