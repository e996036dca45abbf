// For the HTTP tests that log in: an account created through AccessService
// whose initial password is already changed, so its session may do
// everything its role may (no forced change pending).
#ifndef JIAODU_TESTS_HTTP_ACCOUNTS_H_
#define JIAODU_TESTS_HTTP_ACCOUNTS_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "jiaodu/app/access_service.h"

namespace jiaodu::testing {

// The bearer token of a session of the new account ("" after a failure,
// reported as a gtest failure).
inline std::string ReadyAccount(AccessService& access, access::Principal who,
                                std::string_view own_password) {
  const std::string login = who.login;
  auto p = access.CreateAccount(AccountSpec{std::move(who), "测试"}, Actor{});
  EXPECT_TRUE(p) << p.error().Describe();
  if (!p) return {};
  auto first = access.Login(login, p->password, "127.0.0.1");
  EXPECT_TRUE(first) << first.error().Describe();
  if (!first) return {};
  auto own = access.ChangePassword(first->caller, p->password, own_password);
  EXPECT_TRUE(own) << own.error().Describe();
  return own ? own->token : std::string();
}

}  // namespace jiaodu::testing

#endif  // JIAODU_TESTS_HTTP_ACCOUNTS_H_
