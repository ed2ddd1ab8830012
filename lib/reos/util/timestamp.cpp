#include "reos/util/timestamp.hpp"

#include <cctype>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace reos::util {
namespace {

// Howard Hinnant's days_from_civil: proleptic Gregorian date -> days since 1970-01-01.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

std::nullopt_t fail(std::string* why, const char* msg) {
  if (why) *why = msg;
  return std::nullopt;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(std::int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Floor division and its remainder (0..b-1): negating INT64_MIN to round towards minus
// infinity would overflow, and so would a - floor_div(a, b) * b near INT64_MIN.
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b < 0 ? 1 : 0); }
std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a % b < 0 ? a % b + b : a % b; }

std::string format_seconds(std::int64_t secs, char separator) {
  const std::int64_t days = floor_div(secs, 86400);
  const std::int64_t rem = floor_mod(secs, 86400);
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  // Compiled format: info prints two of these per backup, tens of thousands of times.
  return fmt::format(FMT_COMPILE("{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}"), y, m, d, separator, rem / 3600, (rem % 3600) / 60,
                     rem % 60);
}

}  // namespace

std::string format_epoch_s(std::int64_t epoch_seconds) { return format_seconds(epoch_seconds, 'T') + "Z"; }

std::string format_epoch_us(std::int64_t epoch_us, bool postgres_style) {
  const std::int64_t secs = floor_div(epoch_us, 1'000'000);
  const std::int64_t frac = floor_mod(epoch_us, 1'000'000);
  std::string out = format_seconds(secs, postgres_style ? ' ' : 'T');
  if (frac) {
    std::string f = fmt::format("{:06}", frac);
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out + (postgres_style ? "+00" : "Z");
}

std::optional<ZonedTime> parse_zoned_time(std::string_view s, std::string* why) {
  const char* form = "use e.g. 2026-11-24T10:15:00Z or 2026-11-24T10:15:00+05:30";
  int Y, M, D, h, m, sec = 0;
  if (!digits(s, 0, 4, Y) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, M) || s[7] != '-' || !digits(s, 8, 2, D) ||
      (s[10] != 'T' && s[10] != ' ' && s[10] != 't') || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, m)) {
    if (why) *why = std::string("is not a date and time; ") + form;
    return std::nullopt;
  }
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, sec)) return fail(why, "has malformed seconds");
    pos += 3;
  }
  std::int64_t frac_us = 0;
  if (pos < s.size() && s[pos] == '.') {
    std::size_t start = ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    if (pos == start || pos - start > 6) return fail(why, "has a fraction of more than 6 digits");
    std::string f(s.substr(start, pos - start));
    f.resize(6, '0');
    frac_us = std::stoll(f);
  }
  if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60) {
    return fail(why, "has a field out of range");
  }
  // 2026-02-30 would silently become 2026-03-02: a recovery to an instant nobody asked for.
  if (D > days_in_month(Y, M)) {
    if (why) *why = fmt::format("has day {} but {:04}-{:02} has {} days", D, Y, M, days_in_month(Y, M));
    return std::nullopt;
  }
  if (pos >= s.size()) {
    if (why)
      *why = std::string("has no time zone, so it would mean different instants on different hosts; add Z or an offset: ") + form;
    return std::nullopt;
  }
  int offset_min = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int sign = s[pos] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!digits(s, pos + 1, 2, oh)) return fail(why, "has a malformed zone offset");
    pos += 3;
    if (pos < s.size() && s[pos] == ':') ++pos;
    if (pos < s.size()) {
      if (!digits(s, pos, 2, om)) return fail(why, "has a malformed zone offset");
      pos += 2;
    }
    if (oh > 15 || om > 59) return fail(why, "has a zone offset out of range");
    offset_min = sign * (oh * 60 + om);
  } else {
    if (why) *why = std::string("has an unrecognised time zone (named zones are not accepted); ") + form;
    return std::nullopt;
  }
  if (pos != s.size()) return fail(why, "has trailing characters");

  std::int64_t days = days_from_civil(Y, static_cast<unsigned>(M), static_cast<unsigned>(D));
  std::int64_t secs = days * 86400 + h * 3600 + m * 60 + sec - offset_min * 60;
  ZonedTime t;
  t.input = std::string(s);
  t.epoch_us = secs * 1'000'000 + frac_us;
  t.utc_rfc3339 = format_epoch_us(t.epoch_us, false);
  t.utc_postgres = format_epoch_us(t.epoch_us, true);
  return t;
}

}  // namespace reos::util
