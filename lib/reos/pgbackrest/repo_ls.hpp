#pragma once
// pgBackRest's `repo-ls --output=json`: a repository directory's entries with their sizes and
// write times ({"NAME":{"type":"file","size":N,"time":EPOCH}, ".":{"type":"path"}}).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reos::pgbackrest {

/// When WAL segment `segment` was written to the repository: the newest `time` of a file
/// entry named `segment-...` (the archived segment, `-<sha1>[.ext]`). nullopt when there is no
/// such entry or the text is not repo-ls's JSON; never throws (the text is a child's output).
std::optional<std::int64_t> newest_segment_time(std::string_view repo_ls_json, const std::string& segment);

}  // namespace reos::pgbackrest
