// A lifecycle policy file as minio-lifecycle import checks it before mc sees it.
#include "fuzz.hpp"
#include "reos/minio/lifecycle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto c = reos::minio::check_lifecycle(reos::fuzz::text(data, size));
  for (const auto& p : c.problems)
    if (p.where.empty() || p.what.empty()) std::abort();
  reos::fuzz::dumped(c.document);
  return 0;
}
