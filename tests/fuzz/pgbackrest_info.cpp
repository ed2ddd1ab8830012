// `pgbackrest info --output=json`: parse, then what info, metrics and restore-pitr do with it.
#include "fuzz.hpp"
#include "reos/observe/metrics.hpp"
#include "reos/pgbackrest/info.hpp"
#include "reos/pgbackrest/restore.hpp"
#include "reos/util/timestamp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in = reos::fuzz::text(data, size);
  reos::fuzz::refusals_allowed([&] {
    const auto stanzas = reos::pgbackrest::parse_info(in);
    reos::observe::MetricsInput m;
    m.now_epoch = 1795482881;
    for (const auto& s : stanzas) {
      reos::fuzz::dumped(reos::pgbackrest::to_json(s, m.now_epoch));
      (void)reos::pgbackrest::status_hint(s);
      for (const char* type : {"full", "diff", "incr"}) (void)reos::pgbackrest::newest_of_type(s, type);
      reos::pgbackrest::RecoveryTarget t;
      t.kind = reos::pgbackrest::RecoveryTarget::Kind::time;
      t.time = reos::util::parse_zoned_time("2026-11-24T10:00:00Z");
      (void)reos::pgbackrest::backup_for_target(s, t);
      t.kind = reos::pgbackrest::RecoveryTarget::Kind::lsn;
      t.value = "0/3000028";
      (void)reos::pgbackrest::backup_for_target(s, t);
      m.stanzas.push_back({s.name, s, std::nullopt, std::nullopt});
    }
    (void)reos::observe::render_exposition(reos::observe::build_metrics(m));
  });
  return 0;
}
