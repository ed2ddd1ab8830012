// reos/util/time: every time leaves reos-backup as RFC 3339 UTC with a Z.
#include <catch2/catch.hpp>

#include "reos/util/time.hpp"

using namespace reos::util;

TEST_CASE("rfc3339_utc formats epoch seconds in UTC", "[time]") {
  CHECK(rfc3339_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(rfc3339_utc(1795482834) == "2026-11-24T01:13:54Z");  // a pgBackRest fixture's backup start
  CHECK(rfc3339_utc(951782400) == "2000-02-29T00:00:00Z");   // leap day
}

TEST_CASE("rfc3339_utc_ms adds milliseconds", "[time]") {
  const SystemTime t{std::chrono::milliseconds(1795482834123LL)};
  CHECK(rfc3339_utc_ms(t) == "2026-11-24T01:13:54.123Z");
  CHECK(rfc3339_utc_ms(SystemTime{std::chrono::milliseconds(1795482834005LL)}) == "2026-11-24T01:13:54.005Z");
  CHECK(rfc3339_utc_ms(SystemTime{}) == "1970-01-01T00:00:00.000Z");
}
