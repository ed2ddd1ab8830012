#include "reos/minio/options.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/minio/aliases.hpp"
#include "reos/minio/location.hpp"

namespace reos::minio {

using error::Error;
using error::ExitCode;

std::string alias_setting(const config::Settings& s) {
  const std::string& a = s.text("alias");
  check_alias_name(a, "--alias");
  return a;
}

std::vector<std::string> bucket_list(const config::Settings& s) {
  std::vector<std::string> out;
  for (const auto& b : s.list("bucket")) {
    check_bucket_name(b, "--bucket");
    if (std::find(out.begin(), out.end(), b) == out.end()) out.push_back(b);
  }
  if (out.empty()) throw Error(ExitCode::Usage, fmt::format("{} needs --bucket", s.command), "give --bucket NAME");
  return out;
}

std::string single_bucket(const config::Settings& s) {
  auto list = bucket_list(s);
  if (list.size() != 1) {
    throw Error(ExitCode::Usage, fmt::format("{} takes exactly one --bucket, got {}", s.command, list.size()),
                "run the command once per bucket");
  }
  return list.front();
}

}  // namespace reos::minio
