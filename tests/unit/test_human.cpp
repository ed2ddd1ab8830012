// util/human: the one formatter of sizes, durations and times in every command's text output.
#include <catch2/catch.hpp>

#include "reos/util/human.hpp"

using namespace std::chrono_literals;
using reos::util::human_bytes;
using reos::util::human_duration;
using reos::util::human_time;

TEST_CASE("human: sizes in binary units", "[human]") {
  CHECK(human_bytes(0) == "0 B");
  CHECK(human_bytes(1023) == "1023 B");
  CHECK(human_bytes(1024) == "1.0 KiB");
  CHECK(human_bytes(22992690) == "21.9 MiB");  // the 22992690 bytes
  CHECK(human_bytes(1048575) == "1.0 MiB");    // not "1024.0 KiB"
  CHECK(human_bytes(5ull << 30) == "5.0 GiB");
  CHECK(human_bytes(3ull << 40) == "3.0 TiB");
  CHECK(human_bytes(UINT64_MAX) == "16384.0 PiB");
}

TEST_CASE("human: durations", "[human]") {
  CHECK(human_duration(0ms) == "0ms");
  CHECK(human_duration(850ms) == "850ms");
  CHECK(human_duration(1879ms) == "1.8s");
  CHECK(human_duration(42s) == "42s");
  CHECK(human_duration(133s) == "2m13s");
  CHECK(human_duration(125s) == "2m05s");
  CHECK(human_duration(3644s) == "1h00m");
  CHECK(human_duration(std::chrono::hours(76) + 5min) == "3d04h");
  CHECK(human_duration(-5ms) == "0ms");
  CHECK(reos::util::human_seconds(90) == "1m30s");
  CHECK(reos::util::human_seconds(0.3) == "300ms");  // a measured loss keeps its fraction
  CHECK(reos::util::human_seconds(4.25) == "4.2s");
}

TEST_CASE("human: UTC times with the zone shown", "[human]") {
  CHECK(human_time(std::int64_t{1795482834}) == "2026-11-24 01:13:54 UTC");
  CHECK(human_time("2026-11-24T10:06:24Z") == "2026-11-24 10:06:24 UTC");
  CHECK(human_time("2026-11-24T10:06:24.120Z") == "2026-11-24 10:06:24 UTC");
  // Anything else stays as it is: never a wrong time.
  CHECK(human_time("2026-11-24T10:06:24+05:30") == "2026-11-24T10:06:24+05:30");
  CHECK(human_time("unknown") == "unknown");
  CHECK(human_time("2026-11-24T10:06:24.Z") == "2026-11-24T10:06:24.Z");
}
