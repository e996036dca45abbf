// File: jiaodu/auth/password_hash.h
//
// Password hashes: Argon2id (RFC 9106) through libsodium's crypto_pwhash_str_alg.
// The stored text is libsodium's self-describing string
// ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>", at most 127 bytes): it
// carries its own salt and limits, so accounts hashed under older limits still
// verify, and NeedsRehash tells the caller to store a new hash at the next
// successful login (docs/access.md, A8).
//
// At most max(2, hardware threads) hashes run at once; the others wait. Each
// hash holds its memory limit for its whole run, so this bounds the memory a
// crowd of simultaneous logins can take (2 × 19 MiB on a 2-core server)
// instead of letting 16 server threads take 16 × 19 MiB at the worst moment.
#ifndef JIAODU_AUTH_PASSWORD_HASH_H_
#define JIAODU_AUTH_PASSWORD_HASH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu::auth {

// Argon2id cost. The defaults are OWASP's first Argon2id setting (19 MiB,
// 2 passes, 1 lane): about 30 ms per hash on the 2-core EPYC build server
// (docs/access.md, A8, with the figures).
struct HashLimits {
  uint64_t ops = 2;                 // passes over memory (crypto_pwhash opslimit)
  size_t mem_bytes = 19456 * 1024;  // 19 MiB (crypto_pwhash memlimit)
};

// A new hash with a fresh random salt. auth.hash_failed if libsodium refuses
// the limits or cannot allocate the memory.
Result<std::string> HashPassword(std::string_view password, const HashLimits& limits = {});

// Whether `password` matches the stored hash. auth.bad_hash when `stored` is
// not an Argon2id hash string (empty, truncated, another algorithm, a plain
// password left by a careless import): that is a damaged account, not a wrong
// password, and the caller must not count it as a failed login.
Result<bool> VerifyPassword(std::string_view stored, std::string_view password);

// Spends the time of a VerifyPassword under the current limits without an
// account, so that "no such login" answers as slowly as "wrong password" and
// timing does not tell which logins exist.
void VerifyNoAccount(std::string_view password);

// Whether `stored` was made with limits other than `limits` (so the caller
// re-hashes the password it has just verified). auth.bad_hash as above.
Result<bool> NeedsRehash(std::string_view stored, const HashLimits& limits = {});

}  // namespace jiaodu::auth

#endif  // JIAODU_AUTH_PASSWORD_HASH_H_
