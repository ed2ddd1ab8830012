#include "reos/util/syslog.hpp"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

namespace reos::util {

namespace {

struct Facility {
  std::string_view name;
  int value;
};

const std::vector<Facility>& facilities() {
  static const std::vector<Facility> table = {{"authpriv", LOG_AUTHPRIV}, {"auth", LOG_AUTH},     {"daemon", LOG_DAEMON},
                                              {"user", LOG_USER},         {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1},
                                              {"local2", LOG_LOCAL2},     {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4},
                                              {"local5", LOG_LOCAL5},     {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7}};
  return table;
}

// Closes the socket on every path out of send_syslog.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string reason(std::string_view what, const std::string& path) {
  return fmt::format("{} {}: {}", what, path, std::strerror(errno));
}

}  // namespace

const std::vector<std::string_view>& syslog_facility_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> n;
    for (const auto& f : facilities()) n.push_back(f.name);
    return n;
  }();
  return names;
}

std::optional<int> syslog_facility(std::string_view name) {
  for (const auto& f : facilities())
    if (f.name == name) return f.value;
  return std::nullopt;
}

std::string syslog_datagram(int facility, int severity, std::string_view tag, std::string_view message, long long epoch,
                            int pid) {
  // RFC 3164's TIMESTAMP is local time, "Mmm dd hh:mm:ss" with the day padded by a blank; the
  // month names are English whatever the locale (the "C" locale's, as this program keeps).
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(epoch);
  struct tm tm {};
  ::localtime_r(&t, &tm);
  return fmt::format("<{}>{} {:2} {:02}:{:02}:{:02} {}[{}]: {}", (facility & LOG_FACMASK) | (severity & LOG_PRIMASK),
                     months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tag, pid, message);
}

std::optional<std::string> send_syslog(const std::string& socket_path, int facility, int severity, std::string_view tag,
                                       std::string_view message) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof addr.sun_path) return fmt::format("socket path '{}' is too long", socket_path);
  std::memcpy(addr.sun_path, socket_path.c_str(), socket_path.size() + 1);
  const std::string datagram =
      syslog_datagram(facility, severity, tag, message, static_cast<long long>(std::time(nullptr)), ::getpid());
  const timeval timeout{2, 0};
  for (int type : {SOCK_DGRAM, SOCK_STREAM}) {
    Fd s{::socket(AF_UNIX, type | SOCK_CLOEXEC, 0)};
    if (s.fd < 0) return reason("socket for", socket_path);
    ::setsockopt(s.fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (::connect(s.fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      if (errno == EPROTOTYPE && type == SOCK_DGRAM) continue;  // a stream socket: syslog(3)'s fallback too
      return reason("connect to", socket_path);
    }
    // A datagram is one record; on a stream the record ends with a NUL, as syslog(3) sends it.
    const std::string& bytes = type == SOCK_DGRAM ? datagram : datagram + std::string(1, '\0');
    ssize_t n;
    do n = ::send(s.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n < 0) return reason("send to", socket_path);
    if (static_cast<std::size_t>(n) != bytes.size())
      return fmt::format("send to {}: {} of {} bytes sent", socket_path, n, bytes.size());
    return std::nullopt;
  }
  return fmt::format("{} is neither a datagram nor a stream socket", socket_path);
}

}  // namespace reos::util
