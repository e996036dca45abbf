#include "jiaodu/domain/access/session.h"

#include <fmt/format.h>

#include <algorithm>

namespace jiaodu::access {

Session OpenSession(const LoginDecision& d, std::string token_digest, std::string_view login,
                    std::string_view from, int64_t now) {
  return Session{
      std::move(token_digest), std::string(login), std::string(from), now, now, d.change, false};
}

SessionCheck CheckSession(const PasswordPolicy& policy, const Session& s, int64_t now) {
  if (s.ended) return {SessionState::kEnded, s.last_seen};
  if (now - s.created_at >= int64_t{policy.session_max_hours} * 3600) {
    return {SessionState::kTooOld, s.last_seen};
  }
  if (now - s.last_seen >= int64_t{policy.session_idle_minutes} * 60) {
    return {SessionState::kIdle, s.last_seen};
  }
  // Two servers' clocks may disagree by a little: a request stamped before
  // the last one must not make the session look idle sooner.
  return {SessionState::kValid, std::max(s.last_seen, now)};
}

Status SessionStatus(const PasswordPolicy& policy, const SessionCheck& c) {
  Text why;
  switch (c.state) {
    case SessionState::kValid:
      return Ok();
    case SessionState::kIdle:
      why = Text(fmt::format("{} 分钟未操作，已自动退出", policy.session_idle_minutes),
                 fmt::format("no activity for {} minutes", policy.session_idle_minutes));
      break;
    case SessionState::kTooOld:
      why = Text(fmt::format("登录已超过 {} 小时", policy.session_max_hours),
                 fmt::format("logged in more than {} hours ago", policy.session_max_hours));
      break;
    case SessionState::kEnded:
      why = Text("已退出登录", "logged out");
      break;
  }
  return Fail(ErrorCode::kUnauthenticated, "access.session_ended",
              Text(why.zh + "，请重新登录", why.en + "; log in again"));
}

}  // namespace jiaodu::access
