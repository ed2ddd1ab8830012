#pragma once
// Validation of a lifecycle policy before it reaches `mc ilm rule import`. mc matches keys
// case-insensitively and ignores unknown ones, so a typo ("Expiraton") silently drops a rule's
// action, and the server's own errors come late and vague. Here every key must be one mc
// knows, in its canonical spelling, and every number must make sense.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace reos::minio {

struct LifecycleProblem {
  std::string where;  // "Rules[0].Expiration.Days"
  std::string what;   // "must be a whole number of days, 1 or more (got 0)"
};

struct LifecycleCheck {
  std::vector<LifecycleProblem> problems;  // empty: valid
  std::vector<std::string> rule_ids;
  nlohmann::json document;  // the parsed policy (when it parsed)
  bool ok() const { return problems.empty(); }
};

/// Parses and checks `text` (the JSON form `{"Rules":[...]}` that mc imports).
LifecycleCheck check_lifecycle(std::string_view text);

}  // namespace reos::minio
