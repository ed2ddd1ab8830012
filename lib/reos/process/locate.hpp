#pragma once
// Finding the programs we wrap, before anything runs.
#include <string>

namespace reos::process {

/// Resolves `name_or_path` to an absolute path of an executable file: a value containing '/'
/// is checked as given; a bare name is searched in `path_env` (the PATH value).
/// Throws reos::error::Error(ProgramMissing) naming `option_hint` ("--pgbackrest-bin") so the
/// user knows how to point at the right binary.
std::string locate_program(const std::string& name_or_path, const std::string& path_env, const std::string& option_hint);

}  // namespace reos::process
