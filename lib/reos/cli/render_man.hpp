#pragma once
// reos-backup(1) in roff, rendered from the option table (spec), the exit-code table and the
// schedule module, so the manual cannot drift from the parser.
#include <string>

namespace reos::cli {

/// The whole man page. Deterministic: the same tables always give the same bytes (the
/// committed man/reos-backup.1 is compared against this by a test).
std::string render_man();

/// Escapes text for a roff text line: backslashes, '-' as \- (so options copy-paste as
/// ASCII), non-ASCII as \[uXXXX], and a leading '.' or '\'' guarded with \&.
std::string roff_escape(std::string_view text);

}  // namespace reos::cli
