// File: jiaodu/auth/sha256.h
//
// SHA-256 (FIPS 180-4) through libsodium's crypto_hash_sha256: the token
// digests and the links of the audit chain. Sha256Hex has the shape of
// access::HashHex, so the domain's audit chain takes it without knowing
// libsodium: VerifyChain(entries, &auth::Sha256Hex).
#ifndef JIAODU_AUTH_SHA256_H_
#define JIAODU_AUTH_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace jiaodu::auth {

std::array<uint8_t, 32> Sha256(std::string_view bytes);
// 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace jiaodu::auth

#endif  // JIAODU_AUTH_SHA256_H_
