#include "jiaodu/auth/token.h"

#include <sodium.h>

#include "jiaodu/auth/sha256.h"
#include "jiaodu/auth/sodium_init.h"

namespace jiaodu::auth {
namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

std::string_view Bytes(const std::array<uint8_t, kTokenBytes>& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace

Result<NewToken> NewSessionToken() {
  JIAODU_TRY_STATUS(EnsureSodium());
  std::array<uint8_t, kTokenBytes> raw{};
  randombytes_buf(raw.data(), raw.size());
  char text[sodium_base64_ENCODED_LEN(kTokenBytes, kVariant)];
  sodium_bin2base64(text, sizeof text, raw.data(), raw.size(), kVariant);
  NewToken t{text, Sha256Hex(Bytes(raw))};
  sodium_memzero(raw.data(), raw.size());
  return t;
}

Result<std::array<uint8_t, kTokenBytes>> DecodeToken(std::string_view token) {
  std::array<uint8_t, kTokenBytes> raw{};
  size_t len = 0;
  // b64_end = nullptr makes libsodium refuse any character outside the
  // alphabet, and it refuses non-zero trailing bits, so each 32-byte value
  // has exactly one accepted spelling.
  if (token.size() != sodium_base64_ENCODED_LEN(kTokenBytes, kVariant) - 1 ||
      sodium_base642bin(raw.data(), raw.size(), token.data(), token.size(), nullptr, &len, nullptr,
                        kVariant) != 0 ||
      len != kTokenBytes) {
    return Fail(ErrorCode::kUnauthenticated, "auth.bad_token",
                Text("登录凭据格式不正确，请重新登录", "malformed session token; log in again"));
  }
  return raw;
}

Result<std::string> TokenDigest(std::string_view token) {
  const auto raw = JIAODU_TRY(DecodeToken(token));
  return Sha256Hex(Bytes(raw));
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace jiaodu::auth
