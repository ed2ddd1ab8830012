#pragma once
// Progress of a running backup or restore, read from pgBackRest's own per-file log lines at
// --log-level-console=detail (2.45, tests/fixtures/pgbackrest/ok-*-detail):
//   P01 DETAIL: backup file /pg/base/5/16384 (13MB, 37.25%) checksum c7fe...
//   P01 DETAIL: restore file /pg/base/5/1255 - exists and matches backup (768KB, 39.40%) checksum 46f8...
// The percentage is pgBackRest's cumulative share of the bytes it has to copy.
#include <cstdint>
#include <optional>
#include <string_view>

#include "reos/process/invocation.hpp"
#include "reos/util/progress.hpp"

namespace reos::pgbackrest {

/// One file line: the file's size (as pgBackRest printed it) and the cumulative percentage.
struct FileProgress {
  std::uint64_t size_bytes = 0;
  double percent = 0;
};

/// The file line of a backup or restore; nullopt for every other line.
std::optional<FileProgress> parse_file_progress(std::string_view line);

/// pgBackRest's size text ("0B", "768KB", "1.6KB", "13MB", "2.1GB"; 1024-based, as its
/// strSizeFormat writes it) in bytes; nullopt when it is not one.
std::optional<std::uint64_t> parse_size_text(std::string_view text);

/// The same invocation with pgBackRest's console at detail, so that it prints the file lines
/// (on stdout; warnings and errors still go to stderr at its default log-level-stderr=warn).
void with_file_progress(process::Invocation& inv);

/// Turns file lines into progress samples for a meter.
///
/// Bytes: pgBackRest prints each file's size rounded (one decimal, or whole units), but its
/// percentage exactly to 0.01 %. With `known_total` (a restore: the set's size from info, which
/// is the sum of the manifest's file sizes pgBackRest divides by) done is percent x total.
/// Without one (a backup: only pgBackRest knows which files it copies, an incremental only the
/// changed ones) done is the sum of the printed sizes and the total is estimated as done /
/// percent, which the sample marks as estimated; it settles within a few lines.
class FileProgressFeed {
 public:
  FileProgressFeed(util::ProgressMeter& meter, std::optional<std::uint64_t> known_total)
      : meter_(meter), known_total_(known_total) {}
  /// One line of the child's stdout; a file line updates the meter.
  void line(std::string_view text);

 private:
  util::ProgressMeter& meter_;
  std::optional<std::uint64_t> known_total_;
  std::uint64_t printed_sum_ = 0;
};

}  // namespace reos::pgbackrest
