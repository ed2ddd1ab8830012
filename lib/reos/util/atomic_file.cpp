#include "reos/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "reos/error/error.hpp"

namespace reos::util {

void write_file_atomically(const std::string& path, std::string_view content, unsigned mode) {
  using error::Error;
  using error::ExitCode;
  auto fail = [&](const std::string& what, int err) {
    return Error(ExitCode::Config, fmt::format("cannot write '{}': {}: {}", path, what, std::strerror(err)),
                 "check that the directory exists and is writable by this user");
  };
  // Same directory as the target: rename(2) is only atomic within one file system.
  std::string tmpl = path + ".tmp-XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());  // created 0600: never readable by others, even briefly
  if (fd < 0) throw fail("cannot create a temporary file beside it", errno);
  const std::string tmp(name.data());
  auto abandon = [&](const std::string& what) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    throw fail(what, err);
  };
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) abandon("fchmod");
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      abandon("write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) abandon("fsync");
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw fail("close", err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw fail("rename", err);
  }
}

}  // namespace reos::util
