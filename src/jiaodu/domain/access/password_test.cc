#include "jiaodu/domain/access/password.h"

#include <gtest/gtest.h>

namespace jiaodu::access {
namespace {

const PasswordPolicy kPolicy;

TEST(AccessPassword, LengthCountsCharactersAtExactlyTheMinimum) {
  EXPECT_TRUE(CheckPassword(kPolicy, "Abcdef1!", "zhang"));  // 8
  auto r = CheckPassword(kPolicy, "Abcde1!", "zhang");       // 7
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "access.weak_password");
  // Chinese characters count one each (3 bytes in UTF-8): 7 characters.
  EXPECT_FALSE(CheckPassword(kPolicy, "教育督导Ab1", "zhang"));
  EXPECT_TRUE(CheckPassword(kPolicy, "教育督导Ab12", "zhang"));
}

TEST(AccessPassword, NeedsThreeKindsOfCharacters) {
  EXPECT_FALSE(CheckPassword(kPolicy, "abcdefgh12", "zhang"));  // 2 kinds
  EXPECT_TRUE(CheckPassword(kPolicy, "abcdefgH12", "zhang"));   // 3 kinds
  EXPECT_TRUE(CheckPassword(kPolicy, "abcdefgh1!", "zhang"));   // symbol counts
}

TEST(AccessPassword, MustNotContainTheLoginIgnoringCase) {
  auto r = CheckPassword(kPolicy, "xx-ZhangSan-2025", "zhangsan");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.zh.find("登录名"), std::string::npos);
}

TEST(AccessLockout, TheFifthConsecutiveFailureLocksForFifteenMinutes) {
  LoginState s;
  const int64_t t = 1'700'000'000;
  for (int i = 1; i <= 4; ++i) {
    s = AfterFailure(kPolicy, s, t + i);
    EXPECT_FALSE(IsLocked(s, t + i)) << i;
  }
  s = AfterFailure(kPolicy, s, t + 5);
  EXPECT_TRUE(IsLocked(s, t + 5));
  EXPECT_TRUE(IsLocked(s, t + 5 + 15 * 60 - 1));
  EXPECT_FALSE(IsLocked(s, t + 5 + 15 * 60)) << "unlocked exactly 15 minutes later";
  // Attempts while locked do not extend the lock.
  LoginState again = AfterFailure(kPolicy, s, t + 100);
  EXPECT_EQ(again.locked_until, s.locked_until);
  // A success clears the count: four more failures do not lock.
  s = AfterSuccess(s);
  for (int i = 0; i < 4; ++i) s = AfterFailure(kPolicy, s, t + 2000 + i);
  EXPECT_FALSE(IsLocked(s, t + 2004));
}

}  // namespace
}  // namespace jiaodu::access
