#pragma once
// The continuous `mc mirror --watch` of a bucket to the secondary site as a systemd service:
// mc never exits on its own, so systemd keeps it running (Restart=always) and `metrics`
// reports whether the unit is active.
#include <string>
#include <vector>

#include "reos/schedule/systemd_units.hpp"

namespace reos::schedule {

/// One mirror, as planned by the schedule command (which validated the locations).
struct MirrorService {
  std::string source, target;                // ALIAS/BUCKET[/PREFIX]
  std::vector<std::string> argv;             // mc and its arguments (no secret in them)
  std::vector<std::string> credential_vars;  // MC_HOST_<alias> the environment file must set
};

/// Where the MC_HOST_* values of the mirror services are read from (root's, mode 0600):
/// systemd reads it before it drops privileges, so mc gets them only in its environment.
inline constexpr const char* kMirrorEnvironmentFile = "/etc/reos-backup/mirror.env";

/// "reos-backup-mirror-myminio-realestate-memos-to-s3backup-realestate-memos" ('/' -> '-').
std::string mirror_unit_name(const std::string& source, const std::string& target);

/// The mirror's own config directory (a RuntimeDirectory= of the unit).
std::string mirror_config_dir(const std::string& source, const std::string& target);

/// The .service of one mirror (no timer: it runs from boot, WantedBy=multi-user.target).
UnitFile render_mirror_service(const MirrorService& m);

}  // namespace reos::schedule
