#include "jiaodu/domain/access/session.h"

#include <gtest/gtest.h>

namespace jiaodu::access {
namespace {

const PasswordPolicy kPolicy;
constexpr int64_t kT0 = 1'740'787'200;

Session Opened(ChangeReason change = ChangeReason::kNone) {
  LoginDecision d;
  d.outcome = change == ChangeReason::kNone ? LoginOutcome::kOk : LoginOutcome::kMustChangePassword;
  d.change = change;
  return OpenSession(d, std::string(64, 'a'), "wang.li", "10.1.2.3", kT0);
}

TEST(AccessSession, ASessionIdleExactlyThirtyMinutesHasEnded) {
  const Session s = Opened();
  SessionCheck c = CheckSession(kPolicy, s, kT0 + 30 * 60 - 1);
  EXPECT_EQ(c.state, SessionState::kValid);
  EXPECT_EQ(c.last_seen, kT0 + 30 * 60 - 1);
  c = CheckSession(kPolicy, s, kT0 + 30 * 60);
  EXPECT_EQ(c.state, SessionState::kIdle);
  const auto st = SessionStatus(kPolicy, c);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().id, "access.session_ended");
  EXPECT_EQ(st.error().code, ErrorCode::kUnauthenticated);
  EXPECT_NE(st.error().message.zh.find("30 分钟未操作"), std::string::npos);
}

TEST(AccessSession, UseMovesTheIdleClockButNotTheTwelveHourLimit) {
  Session s = Opened();
  // A request every 20 minutes keeps it alive up to 12 h after the login.
  for (int64_t t = kT0 + 20 * 60; t < kT0 + 12 * 3600; t += 20 * 60) {
    const SessionCheck c = CheckSession(kPolicy, s, t);
    ASSERT_EQ(c.state, SessionState::kValid) << (t - kT0);
    s.last_seen = c.last_seen;
  }
  EXPECT_EQ(CheckSession(kPolicy, s, kT0 + 12 * 3600 - 1).state, SessionState::kValid);
  const SessionCheck c = CheckSession(kPolicy, s, kT0 + 12 * 3600);
  EXPECT_EQ(c.state, SessionState::kTooOld);
  EXPECT_NE(SessionStatus(kPolicy, c).error().message.zh.find("12 小时"), std::string::npos);
}

TEST(AccessSession, ALoggedOutSessionStaysEndedWhateverTheTime) {
  Session s = Opened();
  s.ended = true;
  const SessionCheck c = CheckSession(kPolicy, s, kT0 + 1);
  EXPECT_EQ(c.state, SessionState::kEnded);
  EXPECT_NE(SessionStatus(kPolicy, c).error().message.zh.find("已退出登录"), std::string::npos);
}

TEST(AccessSession, ARequestStampedEarlierDoesNotMoveLastSeenBack) {
  Session s = Opened();
  s.last_seen = kT0 + 600;
  const SessionCheck c = CheckSession(kPolicy, s, kT0 + 590);
  EXPECT_EQ(c.state, SessionState::kValid);
  EXPECT_EQ(c.last_seen, kT0 + 600);
}

TEST(AccessSession, AMustChangeLoginOpensASessionLimitedToThePasswordChange) {
  const Session s = Opened(ChangeReason::kExpired);
  EXPECT_EQ(s.must_change, ChangeReason::kExpired);
  EXPECT_EQ(s.created_at, kT0);
  EXPECT_EQ(s.last_seen, kT0);
  EXPECT_EQ(s.login, "wang.li");
  EXPECT_EQ(s.from, "10.1.2.3");
  EXPECT_EQ(Opened().must_change, ChangeReason::kNone);
}

TEST(AccessSession, TheLimitsComeFromThePolicy) {
  PasswordPolicy p = kPolicy;
  p.session_idle_minutes = 10;
  p.session_max_hours = 1;
  const Session s = Opened();
  EXPECT_EQ(CheckSession(p, s, kT0 + 10 * 60).state, SessionState::kIdle);
  Session busy = s;
  busy.last_seen = kT0 + 3600 - 1;
  EXPECT_EQ(CheckSession(p, busy, kT0 + 3600).state, SessionState::kTooOld);
}

}  // namespace
}  // namespace jiaodu::access
