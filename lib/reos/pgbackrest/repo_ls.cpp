#include "reos/pgbackrest/repo_ls.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace reos::pgbackrest {

std::optional<std::int64_t> newest_segment_time(std::string_view repo_ls_json, const std::string& segment) {
  const auto doc = nlohmann::json::parse(repo_ls_json, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || segment.empty()) return std::nullopt;
  const std::string prefix = segment + "-";
  std::optional<std::int64_t> newest;
  for (const auto& [name, entry] : doc.items()) {
    if (name.rfind(prefix, 0) != 0 || !entry.is_object()) continue;
    const auto type = entry.find("type");
    const auto time = entry.find("time");
    if (type == entry.end() || *type != "file" || time == entry.end()) continue;
    // An integer of a plausible range only: a float or a huge number is not a file time.
    if (!time->is_number_integer()) continue;
    const auto t = time->is_number_unsigned()
                       ? static_cast<std::int64_t>(std::min<std::uint64_t>(time->get<std::uint64_t>(), 1ULL << 40))
                       : time->get<std::int64_t>();
    if (t < 0 || t >= (std::int64_t{1} << 40)) continue;
    if (!newest || t > *newest) newest = t;
  }
  return newest;
}

}  // namespace reos::pgbackrest
