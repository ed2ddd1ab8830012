// PITR times (--target-time): parse, format, and the round trip of the UTC form.
#include "reos/util/timestamp.hpp"
#include "fuzz.hpp"
#include "reos/util/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string why;
  if (auto t = reos::util::parse_zoned_time(reos::fuzz::text(data, size), &why)) {
    const auto again = reos::util::parse_zoned_time(t->utc_rfc3339);
    if (!again || again->epoch_us != t->epoch_us) std::abort();
    (void)reos::util::rfc3339_utc(t->epoch_us / 1000000);
  } else if (why.empty()) {
    std::abort();  // a refusal says why
  }
  return 0;
}
