#pragma once
// SHA-256 (FIPS 180-4), small and self-contained: the audit log's hash chain needs it and
// libcrypto is not a build dependency. Not for secrets (no constant-time claims needed).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace reos::util {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  /// The digest; the object must not be updated afterwards.
  std::array<std::uint8_t, 32> finish();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_{};
  std::size_t used_ = 0;
  std::uint64_t total_ = 0;
};

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace reos::util
