// File: jiaodu/auth/sodium_init.h
//
// sodium_init() once per process (internal to auth/). libsodium requires it
// before randombytes and crypto_pwhash; it picks the CPU's fastest code paths
// and opens the system's random source. A function-local static makes the one
// call thread-safe without relying on libsodium's own lock.
#ifndef JIAODU_AUTH_SODIUM_INIT_H_
#define JIAODU_AUTH_SODIUM_INIT_H_

#include "jiaodu/core/error.h"

namespace jiaodu::auth {

// Ok once libsodium is ready; auth.init if it cannot start (no random source).
Status EnsureSodium();

}  // namespace jiaodu::auth

#endif  // JIAODU_AUTH_SODIUM_INIT_H_
