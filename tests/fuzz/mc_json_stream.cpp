// mc --json output: documents and stray text, errors and successes as the mc commands read them.
#include "fuzz.hpp"
#include "reos/minio/json_stream.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto s = reos::minio::read_json_stream(reos::fuzz::text(data, size));
  for (const auto& d : s.documents) {
    if (auto e = reos::minio::error_of(d)) (void)e->summary();
    reos::fuzz::dumped(d);
  }
  for (const auto& d : reos::minio::successes(s)) reos::fuzz::dumped(d);
  return 0;
}
