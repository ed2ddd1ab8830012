#include "reos/schedule/systemd_units.hpp"

#include <fmt/format.h>

#include "reos/util/text.hpp"

namespace reos::schedule {

std::string common_hardening() {
  return "PrivateDevices=yes\n"
         "NoNewPrivileges=yes\n"
         "CapabilityBoundingSet=\n"
         "RestrictSUIDSGID=yes\n"
         "ProtectKernelTunables=yes\n"
         "ProtectKernelModules=yes\n"
         "ProtectKernelLogs=yes\n"
         "ProtectControlGroups=yes\n"
         "ProtectClock=yes\n"
         "ProtectHostname=yes\n"
         "ProtectProc=invisible\n"
         "RestrictRealtime=yes\n"
         "RestrictNamespaces=yes\n"
         "LockPersonality=yes\n"
         // Local sockets (PostgreSQL, syslog, the resolver) and TCP (PostgreSQL, S3, MinIO,
         // repository hosts).
         "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n"
         "SystemCallArchitectures=native\n"
         "SystemCallFilter=@system-service\n"
         // A call outside the list fails with EPERM instead of killing the job mid-backup.
         "SystemCallErrorNumber=EPERM\n"
         "UMask=0077\n";
}

namespace {

// The sandbox of one job (systemd.exec(5)); `systemd-analyze security` rates the result, and
// tests/shell/schedule.sh holds every generated unit to an exposure of 5.0 at most.
std::string sandbox(const ScheduleRequest& r, const Job& j) {
  std::string s;
  // Everything is read-only but the directories the job writes; "-" because a path that does
  // not exist on this host (an unused default) must not stop the unit from starting.
  s += "# Read-only file system but for what this job writes:\n";
  for (const auto& w : j.writes) s += fmt::format("#   {}: {}\n", w.path, w.why);
  s += "ProtectSystem=strict\n";
  std::vector<std::string> rw;
  for (const auto& w : j.writes) rw.push_back("-" + w.path);
  s += "ReadWritePaths=" + util::join(rw, " ") + "\n";
  // The directories reos-backup owns are created first, outside the sandbox ("+") but as the
  // job's user (so parents like ~/.local stay theirs): a read-only parent would keep the job
  // from creating them.
  for (const auto& c : j.creates)
    s += fmt::format("ExecStartPre=+/usr/sbin/runuser -u {} -- /usr/bin/mkdir -p -m 0700 {}\n", r.user, c);
  for (const auto& c : r.credentials) s += fmt::format("LoadCredential={}:{}/{}\n", c, kCredentialStore, c);
  s += "ProtectHome=yes\n"
       // PrivateTmp= stays off: pgBackRest's default lock-path is /tmp/pgbackrest, shared with
       // archive-push and manual runs, and the drill's staging copy lives in /var/tmp, which a
       // private /var/tmp would wipe between runs and so defeat --delta.
       "# no PrivateTmp=: pgBackRest's lock-path /tmp/pgbackrest is shared with archive-push, and the drill keeps\n"
       "# its staging copy in /var/tmp between runs (--delta)\n"
       // RemoveIPC= stays off: the job runs as the cluster owner, so it would remove the
       // production server's shared memory and semaphores when the job ends.
       "# no RemoveIPC=: it would remove the production server's IPC objects (same user) when the job ends\n";
  s += common_hardening();
  if (j.runs_postgres) {
    // PostgreSQL's JIT (LLVM) maps memory writable and executable, and the server reads
    // /proc/meminfo for huge_pages=try.
    s += "# no MemoryDenyWriteExecute= nor ProcSubset=pid: the drill's PostgreSQL JIT-compiles and reads /proc/meminfo\n";
  } else {
    s += "MemoryDenyWriteExecute=yes\n"
         "ProcSubset=pid\n";
  }
  return s;
}

}  // namespace

std::vector<UnitFile> render_systemd(const ScheduleRequest& request, const std::vector<Job>& jobs) {
  std::vector<UnitFile> units;
  for (const auto& j : jobs) {
    // Type=oneshot: the unit stays "activating" while the job runs, so its timer cannot start
    // it a second time; the flock shared with the stanza's other backup units keeps a full
    // and an incr from overlapping, and pgBackRest's lock guards the repository too.
    units.push_back(
        {j.unit + ".service", fmt::format("# {}.service: written by reos-backup schedule --format systemd\n"
                                          "[Unit]\n"
                                          "Description=reos-backup: {}\n"
                                          "Documentation=man:reos-backup(1)\n"
                                          "Wants=network-online.target\n"
                                          "After=network-online.target postgresql.service\n"
                                          "\n"
                                          "[Service]\n"
                                          "Type=oneshot\n"
                                          "User={}\n"
                                          "ExecStart={}\n"
                                          "{}",
                                          j.unit, j.description, request.user, util::join(j.argv, " "), sandbox(request, j))});
    // Persistent=true: a run missed while the host was down happens at the next boot.
    units.push_back({j.unit + ".timer", fmt::format("# {}.timer: written by reos-backup schedule --format systemd\n"
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
