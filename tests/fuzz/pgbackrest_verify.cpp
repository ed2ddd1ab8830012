// `pgbackrest verify --output=text --verbose`: the report verify builds and dumps.
#include "fuzz.hpp"
#include "reos/pgbackrest/restore.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto rep = reos::pgbackrest::parse_verify_output(reos::fuzz::text(data, size));
  reos::fuzz::dumped(rep.backups);
  for (const auto& p : rep.problems) reos::fuzz::dumped(p);
  return 0;
}
