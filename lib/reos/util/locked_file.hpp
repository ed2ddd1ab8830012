#pragma once
// An open file descriptor holding an exclusive flock(2): concurrent reos-backup runs (cron's
// backup, an operator's verify) serialize their read-modify-write of the state file and
// their appends to the audit log. The lock goes away with the descriptor, also on a crash.
#include <string>

namespace reos::util {

class LockedFile {
 public:
  /// Opens (creating with `mode` if needed, and the parent directories with 0700) and waits
  /// for the exclusive lock. Throws error::Error(Config) naming the path on failure.
  LockedFile(const std::string& path, int open_flags, unsigned mode = 0600);
  ~LockedFile();
  LockedFile(const LockedFile&) = delete;
  LockedFile& operator=(const LockedFile&) = delete;

  int fd() const { return fd_; }
  /// The whole content (from offset 0, whatever the file offset is).
  std::string read_all() const;

 private:
  int fd_ = -1;
  std::string path_;
};

/// mkdir -p with mode 0700 for what it creates. Throws error::Error(Config).
void make_parent_dirs(const std::string& file_path);

}  // namespace reos::util
