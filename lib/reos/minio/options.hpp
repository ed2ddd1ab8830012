#pragma once
// Reading the MinIO options shared by the minio-* commands out of resolved settings, with the
// checks that need no child program (names that mc would misread are refused here).
#include <string>
#include <vector>

#include "reos/config/settings.hpp"

namespace reos::minio {

/// --alias, checked against mc's alias naming rule. Throws error::Error(Usage).
std::string alias_setting(const config::Settings& s);

/// Every --bucket (at least one), each a valid bucket name, duplicates dropped.
std::vector<std::string> bucket_list(const config::Settings& s);

/// Exactly one --bucket (the commands that act on one bucket at a time).
std::string single_bucket(const config::Settings& s);

}  // namespace reos::minio
