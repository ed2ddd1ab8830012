#pragma once
// When a scheduled job runs, written once and rendered twice: as the time fields of a cron
// line and as a systemd OnCalendar= expression. Operators write "Sun 02:00", "Mon-Sat 02:00",
// "daily 03:30" or an interval such as "6h"; every time is UTC (the seed's schedule is UTC).
#include <optional>
#include <string>
#include <string_view>

namespace reos::schedule {

struct Calendar {
  std::string cron;         // the five time fields, e.g. "0 2 * * 1-6"
  std::string on_calendar;  // e.g. "Mon..Sat *-*-* 02:00:00 UTC"
  std::string summary;      // for people, e.g. "Mon-Sat 02:00 UTC"
};

/// "DAYS HH:MM" (DAYS: a day, a range Mon-Sat, a list Mon,Wed,Fri, or daily) or just "HH:MM".
/// std::nullopt for "off" (the job is not scheduled). Throws error::Error(Usage) naming
/// `given_as` (e.g. "--full-at") when the text is not such a time.
std::optional<Calendar> parse_weekly(std::string_view text, std::string_view given_as);

/// A whole number of hours that divides 24 ("6h", "12h", "1h"), at minute 0: cron's */N
/// restarts at midnight, so other intervals would leave uneven gaps. std::nullopt for "off".
/// Throws error::Error(Usage) naming `given_as`.
std::optional<Calendar> parse_every(std::string_view text, std::string_view given_as);

}  // namespace reos::schedule
