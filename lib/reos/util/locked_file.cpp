#include "reos/util/locked_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "reos/error/error.hpp"

namespace reos::util {

namespace {
error::Error file_error(const std::string& path, const std::string& what, int err) {
  return error::Error(error::ExitCode::Config, fmt::format("cannot use '{}': {}: {}", path, what, std::strerror(err)),
                      "check that the directory exists and is writable by this user, or choose another path");
}
}  // namespace

void make_parent_dirs(const std::string& file_path) {
  for (std::size_t pos = file_path.find('/', 1); pos != std::string::npos; pos = file_path.find('/', pos + 1)) {
    const std::string dir = file_path.substr(0, pos);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) throw file_error(dir, "mkdir", errno);
  }
}

LockedFile::LockedFile(const std::string& path, int open_flags, unsigned mode) : path_(path) {
  if (open_flags & O_CREAT) make_parent_dirs(path);
  fd_ = ::open(path.c_str(), open_flags | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd_ < 0) throw file_error(path, "open", errno);
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    ::close(fd_);
    throw file_error(path, "flock", err);
  }
}

LockedFile::~LockedFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string LockedFile::read_all() const {
  std::string out;
  char buf[65536];
  for (off_t off = 0;;) {
    ssize_t n = ::pread(fd_, buf, sizeof buf, off);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw file_error(path_, "read", errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    off += n;
  }
  return out;
}

}  // namespace reos::util
