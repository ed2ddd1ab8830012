#pragma once
// Base64 (RFC 4648, standard alphabet): `mc admin config export --json` carries the server
// configuration as a Go []byte, which Go's encoder writes as base64.
#include <optional>
#include <string>
#include <string_view>

namespace reos::util {

/// Decodes padded or unpadded base64; whitespace is skipped. nullopt for anything else.
std::optional<std::string> base64_decode(std::string_view in);

std::string base64_encode(std::string_view in);

}  // namespace reos::util
