// util/syslog: the record as it goes to the system log's socket.
#include <syslog.h>

#include <ctime>
#include <string>

#include <catch2/catch.hpp>

#include "reos/util/syslog.hpp"

TEST_CASE("syslog: the record is <PRI>Mmm dd hh:mm:ss TAG[PID]: MESSAGE, as syslog(3) writes it", "[syslog]") {
  // 2026-03-05 07:08:09 UTC; TZ is the process's, so the expectation uses localtime as well.
  const long long t = 1772694489;
  const std::time_t tt = t;
  struct tm tm {};
  ::localtime_r(&tt, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%b %e %H:%M:%S", &tm);
  CHECK(reos::util::syslog_datagram(LOG_AUTHPRIV, LOG_NOTICE, "reos-backup", "{\"a\":1}", t, 42) ==
        std::string("<85>") + stamp + " reos-backup[42]: {\"a\":1}");
  CHECK(reos::util::syslog_datagram(LOG_LOCAL3, LOG_WARNING, "x", "m", t, 1).substr(0, 5) == "<156>");
  CHECK(reos::util::syslog_facility("authpriv") == LOG_AUTHPRIV);
  CHECK(reos::util::syslog_facility("local7") == LOG_LOCAL7);
  CHECK_FALSE(reos::util::syslog_facility("kern").has_value());
}
