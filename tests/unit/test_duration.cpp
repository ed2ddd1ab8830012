// reos/util/duration: the duration syntax of --timeout and config values.
#include <catch2/catch.hpp>

#include "reos/util/duration.hpp"

using reos::util::format_duration;
using reos::util::parse_duration;
using std::chrono::milliseconds;

TEST_CASE("parse_duration accepts unit suffixes and their combinations", "[duration]") {
  CHECK(parse_duration("90s") == milliseconds(90'000));
  CHECK(parse_duration("5m") == milliseconds(300'000));
  CHECK(parse_duration("2h") == milliseconds(7'200'000));
  CHECK(parse_duration("1h30m") == milliseconds(5'400'000));
  CHECK(parse_duration("1d") == milliseconds(86'400'000));
  CHECK(parse_duration("250ms") == milliseconds(250));
  CHECK(parse_duration("1d2h3m4s5ms") == milliseconds(86'400'000 + 7'200'000 + 180'000 + 4'000 + 5));
  CHECK(parse_duration("0s") == milliseconds(0));
}

TEST_CASE("parse_duration reads plain digits as seconds", "[duration]") {
  CHECK(parse_duration("45") == milliseconds(45'000));
  CHECK(parse_duration("0") == milliseconds(0));
  CHECK(parse_duration("3600") == milliseconds(3'600'000));
}

TEST_CASE("parse_duration rejects text that is not a duration", "[duration]") {
  for (const char* bad :
       {"abc", "", "5x", "s", "m5", "1h 30m", " 5m", "5m ", "-5s", "5.5s", "5S", "1h30", "ms", "5sec", "1,5h"}) {
    INFO("input: '" << bad << "'");
    CHECK_FALSE(parse_duration(bad).has_value());
  }
}

TEST_CASE("parse_duration rejects numbers too long to be a sane duration", "[duration]") {
  CHECK_FALSE(parse_duration("1234567890123").has_value());                      // 13 plain digits
  CHECK_FALSE(parse_duration("1234567890123s").has_value());                     // 13 digits with a unit
  CHECK(parse_duration("123456789012") == milliseconds(123'456'789'012'000LL));  // 12 digits: fine
}

TEST_CASE("parse_duration rejects values whose milliseconds overflow 64 bits", "[duration]") {
  // 999999999999 days is about 8.6e19 ms, beyond INT64_MAX (9.2e18): must not wrap around.
  CHECK_FALSE(parse_duration("999999999999d").has_value());
  CHECK_FALSE(parse_duration("99999999999d99999999999d").has_value());
  // The largest whole-day value that fits is accepted.
  CHECK(parse_duration("106751991167d") == milliseconds(106'751'991'167LL * 86'400'000LL));
}

TEST_CASE("format_duration renders compactly", "[duration]") {
  CHECK(format_duration(milliseconds(0)) == "0s");
  CHECK(format_duration(milliseconds(250)) == "250ms");
  CHECK(format_duration(milliseconds(45'000)) == "45s");
  CHECK(format_duration(milliseconds(90'000)) == "1m30s");
  CHECK(format_duration(milliseconds(5'400'000)) == "1h30m");
  CHECK(format_duration(milliseconds(86'400'000)) == "1d");
  CHECK(format_duration(milliseconds(43'200'000)) == "12h");
  CHECK(format_duration(milliseconds(90'061'001)) == "1d1h1m1s1ms");
}

TEST_CASE("format_duration round-trips through parse_duration", "[duration]") {
  for (long long ms : {0LL, 1LL, 999LL, 1'000LL, 59'999LL, 60'000LL, 90'000LL, 3'599'999LL, 5'400'000LL, 86'400'000LL,
                       90'061'001LL, 1'209'600'000LL}) {
    INFO("ms = " << ms);
    const auto text = format_duration(milliseconds(ms));
    CHECK(parse_duration(text) == milliseconds(ms));
  }
  // Canonical texts come back unchanged; non-canonical ones come back normalized.
  for (const char* text : {"1m30s", "1h30m", "1d", "250ms", "12h", "1d1h1m1s1ms", "45s"}) {
    INFO("text = " << text);
    REQUIRE(parse_duration(text).has_value());
    CHECK(format_duration(*parse_duration(text)) == text);
  }
  CHECK(format_duration(*parse_duration("90s")) == "1m30s");
  CHECK(format_duration(*parse_duration("90m")) == "1h30m");
  CHECK(format_duration(*parse_duration("24h")) == "1d");
  CHECK(format_duration(*parse_duration("7200")) == "2h");
}
