#include "reos/schedule/cron_file.hpp"

#include <fmt/format.h>

#include "reos/util/text.hpp"

namespace reos::schedule {

std::string cron_file_name(const std::string& stanza) {
  std::string name = "reos-backup-" + stanza;
  for (char& c : name)
    if (c == '.') c = '_';
  return name;
}

std::string cron_line(const ScheduleRequest& request, const Job& job) {
  // Every word was checked to need no quoting (plan_jobs), so joining with blanks is exact.
  return fmt::format("{} {} {}", job.when.cron, request.user, util::join(job.argv, " "));
}

std::string render_cron(const ScheduleRequest& request, const std::vector<Job>& jobs) {
  std::string out = fmt::format(
      "# /etc/cron.d/{}: backups of stanza {}, written by reos-backup schedule.\n"
      "# Times are UTC, but cron reads them in the host's time zone (Debian's cron has no CRON_TZ):\n"
      "# run the host in UTC (timedatectl set-timezone Etc/UTC) or use reos-backup schedule --format systemd.\n"
      "# flock -n: a run that finds the previous one still holding the lock exits 1 at once instead of\n"
      "# overlapping it (cron mails that); pgBackRest's own lock guards the repository as well.\n"
      "SHELL=/bin/sh\n"
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n",
      cron_file_name(request.stanza), request.stanza);
  for (const auto& j : jobs) out += fmt::format("\n# {}, {}\n{}\n", j.description, j.when.summary, cron_line(request, j));
  return out;
}

}  // namespace reos::schedule
