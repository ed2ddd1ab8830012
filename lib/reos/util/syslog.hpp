#pragma once
// One record to the local syslog daemon, over its socket (/dev/log), in the format glibc's
// syslog(3) writes there (RFC 3164 without the host name, which the daemon adds):
// "<PRI>Mmm dd hh:mm:ss TAG[PID]: MESSAGE".
//
// Why not syslog(3) itself: it reports nothing. When no daemon listens, openlog/syslog drop the
// record silently (or write it to the console with LOG_CONS), so a caller cannot tell the
// operator that a record did not leave the process. A send(2) of our own on an AF_UNIX socket
// says ENOENT (no socket), ECONNREFUSED (a socket file nobody reads) or a timeout (a daemon
// that stopped reading), which is what the audit trail needs to warn about.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reos::util {

inline constexpr const char* kSyslogSocket = "/dev/log";

/// The facility names a syslog.conf selector uses, in the order shown to users.
const std::vector<std::string_view>& syslog_facility_names();
/// Their numbers (LOG_AUTHPRIV is 10 << 3, and so on); nullopt for an unknown name.
std::optional<int> syslog_facility(std::string_view name);

/// The datagram as it goes on the wire (`facility` a LOG_* facility, `severity` 0-7).
std::string syslog_datagram(int facility, int severity, std::string_view tag, std::string_view message, long long epoch, int pid);

/// Sends `message` as one record to the daemon at `socket_path` (a datagram socket, or a stream
/// socket as some daemons offer, as syslog(3) falls back to). Waits at most two seconds for a
/// daemon whose queue is full. Returns why it was not delivered, or nullopt when the daemon's
/// socket took it.
std::optional<std::string> send_syslog(const std::string& socket_path, int facility, int severity, std::string_view tag,
                                       std::string_view message);

}  // namespace reos::util
