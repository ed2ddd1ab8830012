// LSNs (--target-lsn, info's lsn.stop): parse and compare as restore-pitr does.
#include "fuzz.hpp"
#include "reos/pgbackrest/restore.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in = reos::fuzz::text(data, size);
  if (auto v = reos::pgbackrest::parse_lsn(in)) {
    reos::pgbackrest::StanzaInfo s;
    s.backups.push_back({});
    s.backups[0].lsn_stop = in;
    reos::pgbackrest::RecoveryTarget t;
    t.kind = reos::pgbackrest::RecoveryTarget::Kind::lsn;
    t.value = in;
    if (!reos::pgbackrest::backup_for_target(s, t)) std::abort();  // a backup stopping at the target precedes it
  }
  return 0;
}
