// `mc --version`: identify the program, then the release gates every mc command checks.
#include "fuzz.hpp"
#include "reos/minio/identify.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto id = reos::minio::parse_version_output(reos::fuzz::text(data, size));
  for (const auto& gate : {reos::minio::kGateVersionCommand, reos::minio::kGateReplicateStatus, reos::minio::kGateIlmRule}) {
    (void)reos::minio::satisfies(id, gate);
    reos::fuzz::refusals_allowed([&] { reos::minio::require_minio_client(id, "/usr/local/bin/mc", gate); });
  }
  reos::fuzz::dumped(reos::minio::to_json(id));
  return 0;
}
