// The state file: read as metrics reads it, then the metrics built from it.
#include "fuzz.hpp"
#include "reos/observe/metrics.hpp"
#include "reos/observe/state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reos::fuzz::TempFile f(reos::fuzz::text(data, size));
  reos::fuzz::refusals_allowed([&] {
    reos::observe::MetricsInput m;
    m.now_epoch = 1795482881;
    m.state = reos::observe::read_state(f.path());
    m.stanzas.push_back({"lab", std::nullopt, std::nullopt, std::nullopt});
    (void)reos::observe::render_exposition(reos::observe::build_metrics(m));
  });
  return 0;
}
