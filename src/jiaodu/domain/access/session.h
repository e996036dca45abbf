// File: jiaodu/domain/access/session.h
//
// Session rules, pure: the server keeps a Session per login (by the digest of
// its token, auth/token.h) and asks CheckSession on every request with the
// time of the request. A session ends
//   * after session_idle_minutes without a request (GB/T 22239 "登录连接超时
//     自动退出"; 30 minutes, A7): exactly 30 minutes idle is ended;
//   * session_max_hours after the login however busy it is (12 h, A9), so a
//     token copied from a shared office computer dies the same day;
//   * when the person logs out, or an administrator disables the account or
//     resets its password (the app sets `ended`; rows are kept, not deleted).
#ifndef JIAODU_DOMAIN_ACCESS_SESSION_H_
#define JIAODU_DOMAIN_ACCESS_SESSION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/access/account.h"
#include "jiaodu/domain/access/password.h"

namespace jiaodu::access {

struct Session {
  std::string token_digest;  // auth::TokenDigest; the token itself is never stored
  std::string login;
  std::string from;        // the address it was opened from
  int64_t created_at = 0;  // unix seconds
  int64_t last_seen = 0;
  // Not kNone: opened by a kMustChangePassword login; only the password
  // change (and logout) may use it (MustChangePasswordError otherwise).
  ChangeReason must_change = ChangeReason::kNone;
  bool ended = false;  // logged out, or ended by an administrator
};

// The session a successful login (kOk or kMustChangePassword) opens.
Session OpenSession(const LoginDecision& d, std::string token_digest, std::string_view login,
                    std::string_view from, int64_t now);

enum class SessionState { kValid, kIdle, kTooOld, kEnded };

struct SessionCheck {
  SessionState state = SessionState::kEnded;
  int64_t last_seen = 0;  // to store when kValid: `now`, never moved backwards
};

// Ended, then too old, then idle, in that order (the first that applies).
SessionCheck CheckSession(const PasswordPolicy& policy, const Session& s, int64_t now);

// Ok when kValid; otherwise access.session_ended (kUnauthenticated) saying
// why (idle for N minutes, older than N hours, logged out): log in again.
Status SessionStatus(const PasswordPolicy& policy, const SessionCheck& c);

}  // namespace jiaodu::access

#endif  // JIAODU_DOMAIN_ACCESS_SESSION_H_
