#pragma once
// The environment a child starts with: ours plus the invocation's overrides (how secrets reach
// children), as the plain KEY=VALUE strings execve takes.
#include <map>
#include <string>
#include <vector>

namespace reos::process {

/// `inherited` (a NULL-terminated KEY=VALUE array like environ) with `overrides` on top: an
/// override replaces every inherited entry of the same name; inherited order is kept and new
/// names follow in key order. Entries without '=' are kept as they are (they name nothing an
/// override could replace). Each name is cut at its own '=', so no entry is read past its end.
std::vector<std::string> child_environment(const char* const* inherited, const std::map<std::string, std::string>& overrides);

/// Pointers into `entries` followed by nullptr, valid while `entries` is unchanged.
std::vector<char*> exec_pointers(std::vector<std::string>& entries);

}  // namespace reos::process
