// `mc replicate status --json`: the status, its JSON and the metrics built from it.
#include "fuzz.hpp"
#include "reos/minio/json_stream.hpp"
#include "reos/minio/replication_status.hpp"
#include "reos/observe/metrics.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto stream = reos::minio::read_json_stream(reos::fuzz::text(data, size));
  for (const auto& doc : stream.documents) {
    const auto st = reos::minio::parse_replication_status(doc, 1795482881);
    for (const auto& t : st.targets) reos::fuzz::dumped(reos::minio::to_json(t));
    reos::observe::MetricsInput m;
    m.now_epoch = 1795482881;
    m.buckets.push_back({"myminio", "memos", true, st});
    (void)reos::observe::render_exposition(reos::observe::build_metrics(m));
  }
  return 0;
}
