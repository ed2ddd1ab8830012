// `pgbackrest repo-ls --output=json` of an archive directory: the newest segment's write time,
// then what info and metrics do with it (the lag, rendered as JSON).
#include "fuzz.hpp"
#include "reos/observe/repo_lag.hpp"
#include "reos/pgbackrest/repo_ls.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto written = reos::pgbackrest::newest_segment_time(reos::fuzz::text(data, size), "000000010000000000000019");
  reos::observe::RepoLag lag;
  lag.repo = 2;
  lag.segments = 3;
  lag.newest_written_epoch = written;
  if (written) lag.seconds = 1796141400 - *written;
  reos::fuzz::dumped(reos::observe::to_json(lag));
  return 0;
}
