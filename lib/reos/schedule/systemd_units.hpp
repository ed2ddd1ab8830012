#pragma once
// A schedule as systemd units: per job a oneshot .service and a .timer with OnCalendar= in UTC.
#include <string>
#include <vector>

#include "reos/schedule/jobs.hpp"

namespace reos::schedule {

struct UnitFile {
  std::string name;  // "reos-backup-realestate-db-full.service"
  std::string content;
};

/// The sandboxing every generated service shares (no devices, capabilities, kernel or
/// namespace access; a system-call allow list); each unit adds what fits its job.
std::string common_hardening();

/// Service and timer for each job, in job order (service first).
std::vector<UnitFile> render_systemd(const ScheduleRequest& request, const std::vector<Job>& jobs);

}  // namespace reos::schedule
