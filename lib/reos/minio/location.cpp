#include "reos/minio/location.hpp"

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/minio/aliases.hpp"

namespace reos::minio {

using error::Error;
using error::ExitCode;

void check_bucket_name(std::string_view b, std::string_view given_as) {
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  bool ok = b.size() >= 3 && b.size() <= 63 && alnum(b.front()) && alnum(b.back()) && b.find("..") == std::string_view::npos;
  for (char c : b) ok = ok && (alnum(c) || c == '.' || c == '-');
  if (!ok) {
    throw Error(ExitCode::Usage, fmt::format("{}: '{}' is not a valid bucket name", given_as, b),
                "bucket names have 3 to 63 lower-case letters, digits, '.' or '-', and start and end with a letter or digit");
  }
}

std::string Location::mc_arg() const {
  if (is_local()) return local;
  return prefix.empty() ? alias + "/" + bucket : alias + "/" + bucket + "/" + prefix;
}

Location parse_location(const std::string& text, std::string_view given_as, bool allow_local) {
  Location loc;
  if (!text.empty() && text[0] == '/') {
    if (!allow_local) {
      throw Error(ExitCode::Usage, fmt::format("{}: '{}' is a local path; ALIAS/BUCKET is needed here", given_as, text),
                  "name a configured alias and a bucket, e.g. myminio/realestate-memos");
    }
    loc.local = text;
    return loc;
  }
  if (text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0) {
    throw Error(ExitCode::Usage, fmt::format("{}: '{}' is a URL; mc needs an alias here", given_as, text),
                "configure the endpoint as an alias ([minio:NAME] url=...) and write NAME/BUCKET");
  }
  auto slash = text.find('/');
  if (slash == std::string::npos) {
    throw Error(ExitCode::Usage, fmt::format("{}: '{}' has no bucket", given_as, text),
                allow_local ? "write ALIAS/BUCKET[/PREFIX], or an absolute local directory" : "write ALIAS/BUCKET[/PREFIX]");
  }
  loc.alias = text.substr(0, slash);
  check_alias_name(loc.alias, given_as);
  std::string rest = text.substr(slash + 1);
  auto slash2 = rest.find('/');
  loc.bucket = rest.substr(0, slash2);
  check_bucket_name(loc.bucket, given_as);
  if (slash2 != std::string::npos) {
    loc.prefix = rest.substr(slash2 + 1);
    while (!loc.prefix.empty() && loc.prefix.back() == '/') loc.prefix.pop_back();
    if (loc.prefix.find("..") != std::string::npos) {
      throw Error(ExitCode::Usage, fmt::format("{}: prefix '{}' contains '..'", given_as, loc.prefix),
                  "give the prefix without '..'");
    }
  }
  return loc;
}

MirrorPair parse_mirror_pair(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos) {
    throw Error(ExitCode::Usage, fmt::format("--mirror: '{}' is not SOURCE=TARGET", text),
                "e.g. --mirror myminio/realestate-memos=s3backup/realestate-memos");
  }
  return {parse_location(text.substr(0, eq), "--mirror source", false),
          parse_location(text.substr(eq + 1), "--mirror target", false)};
}

}  // namespace reos::minio
