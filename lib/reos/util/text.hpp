#pragma once
// Small text helpers shared by parsers and renderers.
#include <string>
#include <string_view>
#include <vector>

namespace reos::util {

/// Replaces every ill-formed UTF-8 sequence with U+FFFD. pgBackRest puts raw decrypted bytes
/// into JSON strings when the cipher pass is wrong; strict parsers reject that.
std::string sanitize_utf8(std::string_view in);

/// The last `max_lines` non-empty lines of `text` (for stderr tails in errors).
std::string tail_lines(std::string_view text, std::size_t max_lines);

/// First non-empty line, trimmed.
std::string first_line(std::string_view text);

/// Control characters (other than newline and tab) replaced with U+FFFD: text for a
/// terminal must not carry raw bytes from a failed decryption.
std::string printable(std::string_view text);

std::vector<std::string> split_lines(std::string_view text);
std::string trim(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
/// Letters, digits and / . _ - only: safe inside a command line a shell will split (pg_ctl -o,
/// PostgreSQL's restore_command). `absolute` also requires a leading '/'.
bool is_plain_word(std::string_view s, bool absolute = false);

}  // namespace reos::util
