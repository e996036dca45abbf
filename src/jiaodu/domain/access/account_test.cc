#include "jiaodu/domain/access/account.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace jiaodu::access {
namespace {

const PasswordPolicy kPolicy;
constexpr int64_t kT0 = 1'740'787'200;  // 2025-03-01 08:00 北京时间
constexpr int64_t kDay = 86'400;

Account Clerk() {
  Account a;
  a.principal = Principal{"wang.li", Role::kSchoolClerk, "", {"3401020001"}};
  a.display_name = "王丽";
  a.password_hash = "$argon2id$opaque";
  a.must_change_password = false;
  a.password_changed_at = kT0 - 10 * kDay;
  return a;
}

// tests/fixtures/access/lockout.csv: each attempt's time, whether the
// password verified, and the outcome and counters it must give, applied to
// one account in order.
TEST(AccessLogin, LockoutSequenceMatchesTheFixture) {
  std::ifstream in(JIAODU_TEST_FIXTURE_DIR "/access/lockout.csv");
  ASSERT_TRUE(in) << "fixture missing";
  Account a = Clerk();
  int rows = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line.rfind("t,", 0) == 0) continue;
    std::stringstream ss(line);
    std::string t, verified, outcome, failures, locked_until;
    std::getline(ss, t, ',');
    std::getline(ss, verified, ',');
    std::getline(ss, outcome, ',');
    std::getline(ss, failures, ',');
    std::getline(ss, locked_until, ',');
    const int64_t now = kT0 + std::stoll(t);
    const LoginDecision d = DecideLogin(kPolicy, &a, verified == "1", now);
    EXPECT_EQ(LoginOutcomeKey(d.outcome), outcome) << "t=" << t;
    EXPECT_EQ(d.state.failures, std::stoi(failures)) << "t=" << t;
    const int64_t want_until = std::stoll(locked_until) == 0 ? 0 : kT0 + std::stoll(locked_until);
    EXPECT_EQ(d.state.locked_until, want_until) << "t=" << t;
    EXPECT_EQ(d.locked_now, a.login.locked_until != want_until && want_until > now) << "t=" << t;
    a.login = d.state;
    ++rows;
  }
  EXPECT_EQ(rows, 21);
}

TEST(AccessLogin, EveryRefusalTellsTheCallerTheSameWordsButTheAuditTellsThemApart) {
  Account disabled = Clerk();
  disabled.disabled = true;
  Account locked = Clerk();
  locked.login.locked_until = kT0 + 60;
  Account normal = Clerk();
  const LoginDecision ds[] = {
      DecideLogin(kPolicy, nullptr, false, kT0),
      DecideLogin(kPolicy, &disabled, true, kT0),
      DecideLogin(kPolicy, &locked, true, kT0),
      DecideLogin(kPolicy, &normal, false, kT0),
  };
  const LoginOutcome expected[] = {LoginOutcome::kUnknownLogin, LoginOutcome::kDisabled,
                                   LoginOutcome::kLocked, LoginOutcome::kWrongPassword};
  const auto first = LoginStatus(kPolicy, ds[0]);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().id, "access.login_failed");
  EXPECT_EQ(first.error().code, ErrorCode::kUnauthenticated);
  EXPECT_NE(first.error().message.zh.find("登录名或密码错误"), std::string::npos);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(ds[i].outcome, expected[i]) << i;
    const auto st = LoginStatus(kPolicy, ds[i]);
    ASSERT_FALSE(st) << i;
    EXPECT_EQ(st.error().id, first.error().id) << i;
    EXPECT_EQ(st.error().message.zh, first.error().message.zh) << i;
    EXPECT_EQ(st.error().message.en, first.error().message.en) << i;
    EXPECT_EQ(LoginAudit(ds[i], i == 0 ? nullptr : &normal, "wang.li", "10.1.2.3", kT0).outcome,
              LoginOutcomeKey(expected[i]));
  }
}

TEST(AccessLogin, ADisabledAccountCountsNoFailureAndAcceptsNoPassword) {
  Account a = Clerk();
  a.disabled = true;
  a.login.failures = 2;
  const LoginDecision d = DecideLogin(kPolicy, &a, false, kT0);
  EXPECT_EQ(d.outcome, LoginOutcome::kDisabled);
  EXPECT_EQ(d.state.failures, 2);
  EXPECT_FALSE(LoginStatus(kPolicy, DecideLogin(kPolicy, &a, true, kT0)));
}

TEST(AccessLogin, TheInitialPasswordMustBeChangedAtTheFirstLogin) {
  Account a = Clerk();
  a.must_change_password = true;
  a.login.failures = 3;
  const LoginDecision d = DecideLogin(kPolicy, &a, true, kT0);
  EXPECT_EQ(d.outcome, LoginOutcome::kMustChangePassword);
  EXPECT_EQ(d.change, ChangeReason::kInitial);
  EXPECT_EQ(d.state.failures, 0) << "a success clears the count";
  EXPECT_TRUE(LoginStatus(kPolicy, d)) << "the login itself succeeds";
  const Error e = MustChangePasswordError(kPolicy, d.change);
  EXPECT_EQ(e.id, "access.must_change_password");
  EXPECT_NE(e.message.zh.find("修改密码"), std::string::npos);
}

TEST(AccessLogin, APasswordExactlyNinetyDaysOldMustBeChanged) {
  Account a = Clerk();
  a.password_changed_at = kT0 - 90 * kDay;
  LoginDecision d = DecideLogin(kPolicy, &a, true, kT0);
  EXPECT_EQ(d.outcome, LoginOutcome::kMustChangePassword);
  EXPECT_EQ(d.change, ChangeReason::kExpired);
  EXPECT_NE(MustChangePasswordError(kPolicy, d.change).message.zh.find("90 天"), std::string::npos);
  d = DecideLogin(kPolicy, &a, true, kT0 - 1);  // one second short of 90 days
  EXPECT_EQ(d.outcome, LoginOutcome::kOk);
  PasswordPolicy never = kPolicy;
  never.max_age_days = 0;
  EXPECT_EQ(DecideLogin(never, &a, true, kT0 + 3650 * kDay).outcome, LoginOutcome::kOk);
}

TEST(AccessLogin, AnAdministratorsResetForcesAChangeAndLiftsTheLockTheOwnersChangeDoesNot) {
  Account a = Clerk();
  a.login.locked_until = kT0 + 600;
  a.login.failures = 0;
  Account reset = WithPassword(a, "$argon2id$new", kT0, /*by_admin=*/true);
  EXPECT_TRUE(reset.must_change_password);
  EXPECT_EQ(reset.login.locked_until, 0);
  EXPECT_EQ(reset.password_changed_at, kT0);
  EXPECT_EQ(DecideLogin(kPolicy, &reset, true, kT0 + 1).outcome, LoginOutcome::kMustChangePassword);
  Account own = WithPassword(reset, "$argon2id$mine", kT0 + 60, /*by_admin=*/false);
  EXPECT_FALSE(own.must_change_password);
  EXPECT_EQ(own.password_hash, "$argon2id$mine");
  EXPECT_EQ(DecideLogin(kPolicy, &own, true, kT0 + 120).outcome, LoginOutcome::kOk);
}

TEST(AccessAccount, LoginsAreOneToSixtyFourSafeCharactersAndANameIsRequired) {
  Account a = Clerk();
  EXPECT_TRUE(ValidateAccount(a));
  for (const std::string& bad :
       std::vector<std::string>{"", "wang li", "王丽", "a/b", "x\n", std::string(65, 'a')}) {
    a.principal.login = bad;
    auto st = ValidateAccount(a);
    ASSERT_FALSE(st) << bad;
    EXPECT_EQ(st.error().id, "access.bad_account") << bad;
  }
  a.principal.login = std::string(64, 'a');
  EXPECT_TRUE(ValidateAccount(a));
  a.display_name = "\u3000 ";
  ASSERT_FALSE(ValidateAccount(a));
  EXPECT_EQ(ValidateAccount(a).error().id, "access.bad_account");
  a = Clerk();
  a.principal.schools.clear();  // a clerk needs exactly one school
  EXPECT_EQ(ValidateAccount(a).error().id, "access.bad_scope");
}

TEST(AccessLogin, TheAuditEntryRecordsTheCountersOnlyWhenTheyChange) {
  Account a = Clerk();
  a.login.failures = 4;
  const LoginDecision lock = DecideLogin(kPolicy, &a, false, kT0);
  ASSERT_TRUE(lock.locked_now);
  const AuditEntry e = LoginAudit(lock, &a, "wang.li", "10.1.2.3", kT0);
  EXPECT_EQ(e.action, "login");
  EXPECT_EQ(e.role, "clerk");
  EXPECT_EQ(e.object.kind, "account");
  EXPECT_EQ(e.object.id, "wang.li");
  EXPECT_EQ(e.from, "10.1.2.3");
  EXPECT_EQ(e.time, kT0);
  EXPECT_EQ(e.old_value, "failures=4;locked_until=0");
  EXPECT_EQ(e.new_value, "failures=0;locked_until=" + std::to_string(kT0 + 900));
  a.login = lock.state;
  const AuditEntry while_locked =
      LoginAudit(DecideLogin(kPolicy, &a, false, kT0 + 5), &a, "wang.li", "10.1.2.3", kT0 + 5);
  EXPECT_EQ(while_locked.outcome, "locked");
  EXPECT_TRUE(while_locked.old_value.empty());
  EXPECT_TRUE(while_locked.new_value.empty());
  const AuditEntry unknown =
      LoginAudit(DecideLogin(kPolicy, nullptr, false, kT0), nullptr, "nobody", "10.9.9.9", kT0);
  EXPECT_EQ(unknown.outcome, "unknown_login");
  EXPECT_EQ(unknown.actor, "nobody");
  EXPECT_TRUE(unknown.role.empty());
}

}  // namespace
}  // namespace jiaodu::access
