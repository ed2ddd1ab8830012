#include "reos/schedule/systemd_units.hpp"

#include <fmt/format.h>

#include "reos/util/text.hpp"

namespace reos::schedule {

std::vector<UnitFile> render_systemd(const ScheduleRequest& request, const std::vector<Job>& jobs) {
  std::vector<UnitFile> units;
  for (const auto& j : jobs) {
    // Type=oneshot: the unit stays "activating" while the job runs, so its timer cannot start
    // it a second time; the flock shared with the stanza's other backup units keeps a full
    // and an incr from overlapping, and pgBackRest's lock guards the repository too.
    units.push_back({j.unit + ".service",
                     fmt::format("# {}.service: written by reos-backup schedule --format systemd\n"
                                 "[Unit]\n"
                                 "Description=reos-backup: {}\n"
                                 "Documentation=man:reos-backup(1)\n"
                                 "Wants=network-online.target\n"
                                 "After=network-online.target postgresql.service\n"
                                 "\n"
                                 "[Service]\n"
                                 "Type=oneshot\n"
                                 "User={}\n"
                                 "ExecStart={}\n",
                                 j.unit, j.description, request.user, util::join(j.argv, " "))});
    // Persistent=true: a run missed while the host was down happens at the next boot.
    units.push_back({j.unit + ".timer",
                     fmt::format("# {}.timer: written by reos-backup schedule --format systemd\n"
                                 "[Unit]\n"
                                 "Description=reos-backup: {}, {}\n"
                                 "Documentation=man:reos-backup(1)\n"
                                 "\n"
                                 "[Timer]\n"
                                 "OnCalendar={}\n"
                                 "Persistent=true\n"
                                 "\n"
                                 "[Install]\n"
                                 "WantedBy=timers.target\n",
                                 j.unit, j.description, j.when.summary, j.when.on_calendar)});
  }
  return units;
}

}  // namespace reos::schedule
