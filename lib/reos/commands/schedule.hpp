#pragma once
// The seed's schedule as the option table's defaults say: `schedule` starts from it, and the
// man page's example renders it.
#include <string>

#include "reos/schedule/jobs.hpp"

namespace reos::commands {

/// The request made of the schedule options' defaults for `stanza`; `verify_command` says
/// whether the table has a verify command.
schedule::ScheduleRequest seed_schedule_request(const std::string& stanza);

}  // namespace reos::commands
