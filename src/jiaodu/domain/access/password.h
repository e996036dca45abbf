// File: jiaodu/domain/access/password.h
//
// Password rules and login-failure handling. GB/T 22239-2019 (网络安全等级
// 保护基本要求, 8.1.4.1 身份鉴别) requires "身份鉴别信息具有复杂度要求并
// 定期更换" and "登录失败处理功能…限制非法登录次数和当登录连接超时自动退出";
// it leaves the numbers to the operator. The defaults below are the ones
// 等保 assessments commonly accept (docs/access.md, A7), kept in one struct
// so a bureau's own policy is a setting, not a code change.
#ifndef JIAODU_DOMAIN_ACCESS_PASSWORD_H_
#define JIAODU_DOMAIN_ACCESS_PASSWORD_H_

#include <cstdint>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu::access {

struct PasswordPolicy {
  int min_length = 8;             // characters (code points), not bytes
  int min_classes = 3;            // of: lower case, upper case, digits, other
  int max_age_days = 90;          // forced change after; 0 = never
  int lockout_failures = 5;       // consecutive failures that lock the account
  int lockout_minutes = 15;       // how long it stays locked
  int session_idle_minutes = 30;  // a session unused this long ends
  int session_max_hours = 12;     // and any session this long after login (A9)
};

// Ok, or access.weak_password saying which rule the password breaks (too
// short, too few kinds of characters, contains the login name).
Status CheckPassword(const PasswordPolicy& policy, std::string_view password,
                     std::string_view login);

// Consecutive failed logins and the lock they caused (unix seconds).
struct LoginState {
  int failures = 0;
  int64_t locked_until = 0;
};
bool IsLocked(const LoginState& s, int64_t now);
// The state after a failed attempt: the lockout_failures-th consecutive
// failure locks the account for lockout_minutes and starts the count again.
LoginState AfterFailure(const PasswordPolicy& policy, LoginState s, int64_t now);
// A successful login clears the count.
inline LoginState AfterSuccess(LoginState) { return {}; }

}  // namespace jiaodu::access

#endif  // JIAODU_DOMAIN_ACCESS_PASSWORD_H_
