#pragma once
// Writing files that may hold secrets (exported MinIO server configuration, lifecycle
// exports): readers see either the old file or the complete new one, never a partial file,
// and the content is never readable by others, not even for a moment.
#include <string>
#include <string_view>

namespace reos::util {

/// Writes `content` to `path` through a temporary file in the same directory (created with
/// mode `mode`, fsync'ed, then renamed over `path`). Throws error::Error(Config) naming the
/// path and the system error when any step fails; the temporary file is removed then.
void write_file_atomically(const std::string& path, std::string_view content, unsigned mode = 0600);

}  // namespace reos::util
