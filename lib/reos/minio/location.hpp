#pragma once
// Where an mc command points: ALIAS/BUCKET[/PREFIX] on a configured alias, or (for mirror
// only) an absolute local directory. Anything else is refused here, because mc would take an
// unknown alias as a relative local path and, for mirror, "succeed" into a stray directory.
#include <optional>
#include <string>
#include <string_view>

namespace reos::minio {

/// S3 bucket naming rules (3-63 of a-z 0-9 . -, letter or digit at both ends). Throws
/// error::Error(Usage) naming `given_as` otherwise; also keeps '/' and '..' out of mc's argv.
void check_bucket_name(std::string_view bucket, std::string_view given_as);

struct Location {
  std::string alias;  // "" for a local directory
  std::string bucket;
  std::string prefix;  // "" or "dir/sub"
  std::string local;   // the absolute path when alias is ""

  bool is_local() const { return alias.empty(); }
  /// The argument as mc takes it: "alias/bucket[/prefix]" or the local path.
  std::string mc_arg() const;
};

/// Parses --source / --target. `allow_local`: accept an absolute path.
Location parse_location(const std::string& text, std::string_view given_as, bool allow_local);

/// A continuous mirror between two deployments (schedule and metrics --mirror).
struct MirrorPair {
  Location source, target;
};
/// Parses --mirror SOURCE=TARGET, both ALIAS/BUCKET[/PREFIX]. Throws error::Error(Usage).
MirrorPair parse_mirror_pair(const std::string& text);

}  // namespace reos::minio
