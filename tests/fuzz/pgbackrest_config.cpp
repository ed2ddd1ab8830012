// pgbackrest.conf as restore and verify read it (pg1-path, port, retention of a stanza).
#include "fuzz.hpp"
#include "reos/pgbackrest/config_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reos::fuzz::TempFile f(reos::fuzz::text(data, size));
  reos::fuzz::refusals_allowed([&] {
    (void)reos::pgbackrest::stanza_location(reos::pgbackrest::read_config({f.path(), {}, {}}), "lab", "restore");
  });
  return 0;
}
