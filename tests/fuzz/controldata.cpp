// pg_controldata output: the settings read from it and the staging config written from them.
#include "fuzz.hpp"
#include "reos/postgres/staging.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto cd = reos::postgres::parse_controldata(reos::fuzz::text(data, size));
  reos::fuzz::refusals_allowed([&] {
    (void)reos::postgres::staging_conf_text({"/tmp/reos-fuzz-data", "/tmp/reos-fuzz-control"}, 54321, cd);
  });
  return 0;
}
