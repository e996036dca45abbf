#include "jiaodu/auth/sha256.h"

#include <sodium.h>

namespace jiaodu::auth {

// crypto_hash_sha256 is plain portable code with no CPU dispatch, so unlike
// randombytes and crypto_pwhash it is safe before sodium_init; these stay
// infallible and usable as a plain function pointer.
std::array<uint8_t, 32> Sha256(std::string_view bytes) {
  static_assert(crypto_hash_sha256_BYTES == 32);
  std::array<uint8_t, 32> out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  const auto digest = Sha256(bytes);
  char hex[2 * 32 + 1];
  sodium_bin2hex(hex, sizeof hex, digest.data(), digest.size());
  return hex;
}

}  // namespace jiaodu::auth
