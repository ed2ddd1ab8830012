// Durations (--timeout, --max-age, checks): parse, format, and the round trip.
#include "reos/util/duration.hpp"
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (auto d = reos::util::parse_duration(reos::fuzz::text(data, size))) {
    const auto again = reos::util::parse_duration(reos::util::format_duration(*d));
    if (!again || *again != *d) std::abort();
  }
  return 0;
}
