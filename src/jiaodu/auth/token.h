// File: jiaodu/auth/token.h
//
// Session tokens. A token is 32 random bytes (libsodium's randombytes, the
// kernel's CSPRNG) written base64url without padding: 43 characters, safe in
// a cookie or header. The database keeps only the token's digest (hex
// SHA-256 of its 32 bytes), so a stolen copy of the database or a backup
// holds no live session. A plain, unsalted hash suffices because the token
// has 256 bits of entropy: nobody can search for it (docs/access.md, A10).
#ifndef JIAODU_AUTH_TOKEN_H_
#define JIAODU_AUTH_TOKEN_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu::auth {

inline constexpr size_t kTokenBytes = 32;

struct NewToken {
  std::string token;   // given to the browser once, never stored
  std::string digest;  // stored: 64 lower-case hex digits
};

// A fresh token and its digest (auth.init if libsodium cannot start).
Result<NewToken> NewSessionToken();

// The token's 32 bytes. auth.bad_token unless `token` is exactly the
// canonical base64url form of 32 bytes (no padding, no stray characters).
Result<std::array<uint8_t, kTokenBytes>> DecodeToken(std::string_view token);

// The digest to look a presented token up by; auth.bad_token as above.
Result<std::string> TokenDigest(std::string_view token);

// Equal contents, in time independent of where they differ (sodium_memcmp).
// Lengths are compared first and are not secret.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

}  // namespace jiaodu::auth

#endif  // JIAODU_AUTH_TOKEN_H_
