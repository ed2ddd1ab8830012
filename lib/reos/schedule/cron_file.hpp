#pragma once
// A schedule as a file for /etc/cron.d (with the user field, as cron.d files have).
#include <string>
#include <vector>

#include "reos/schedule/jobs.hpp"

namespace reos::schedule {

/// "reos-backup-realestate-db": cron ignores /etc/cron.d files whose names contain a dot, so
/// dots of the stanza become '_'.
std::string cron_file_name(const std::string& stanza);

/// The whole file: a header that says where it goes and what the times mean, then one
/// commented line per job.
std::string render_cron(const ScheduleRequest& request, const std::vector<Job>& jobs);

/// One job's cron line ("0 2 * * 0 postgres /usr/bin/flock -n ... backup ...").
std::string cron_line(const ScheduleRequest& request, const Job& job);

}  // namespace reos::schedule
