#include "jiaodu/app/access_service.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "jiaodu/storage/sqlite/sqlite_storage.h"

namespace jiaodu {
namespace {

using access::Role;

class AccessServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStorage::Open(":memory:");
    ASSERT_TRUE(s) << s.error().Describe();
    storage_ = std::move(*s);
    access_ = std::make_unique<AccessService>(*storage_, access::PasswordPolicy{},
                                              [this] { return now_; });
  }

  IssuedPassword Create(const std::string& login, Role role, std::string county = {},
                        std::vector<std::string> schools = {}) {
    auto r = access_->CreateAccount(
        AccountSpec{access::Principal{login, role, std::move(county), std::move(schools)}, "张三"},
        Actor{});
    EXPECT_TRUE(r) << r.error().Describe();
    return r ? *r : IssuedPassword{};
  }

  // An account with a password of its own (the initial one changed).
  std::string Ready(const std::string& login, Role role, std::string county = {},
                    std::vector<std::string> schools = {}) {
    IssuedPassword p = Create(login, role, std::move(county), std::move(schools));
    auto first = access_->Login(login, p.password, "10.0.0.1");
    EXPECT_TRUE(first) << first.error().Describe();
    auto changed = access_->ChangePassword(first->caller, p.password, "Own-Passw0rd");
    EXPECT_TRUE(changed) << changed.error().Describe();
    return "Own-Passw0rd";
  }

  std::vector<std::string> Outcomes(const std::string& action) {
    std::vector<std::string> out;
    AuditQuery q;
    q.action = action;
    q.limit = 1000;
    auto entries = access_->SearchAudit(q);
    EXPECT_TRUE(entries);
    if (!entries) return out;
    for (auto it = entries->rbegin(); it != entries->rend(); ++it) out.push_back(it->outcome);
    return out;
  }

  int64_t now_ = 1'750'000'000;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<AccessService> access_;
};

TEST_F(AccessServiceTest, TheFirstAccountTurnsLoginOnAndItsInitialPasswordMustBeChanged) {
  EXPECT_FALSE(*access_->LoginRequired());
  IssuedPassword admin = Create("admin", Role::kAdmin);
  EXPECT_TRUE(*access_->LoginRequired());
  EXPECT_EQ(admin.password.size(), 12u);
  EXPECT_TRUE(access::CheckPassword(access_->policy(), admin.password, "admin"));
  EXPECT_EQ(admin.account.password_hash.rfind("$argon2id$", 0), 0u) << "stored hashed";

  auto login = access_->Login("admin", admin.password, "10.0.0.1");
  ASSERT_TRUE(login) << login.error().Describe();
  EXPECT_EQ(login->caller.must_change, access::ChangeReason::kInitial);
  EXPECT_EQ(login->token.size(), 43u);

  auto wrong_old = access_->ChangePassword(login->caller, "not-it-1A", "Better-Passw0rd");
  ASSERT_FALSE(wrong_old);
  EXPECT_EQ(wrong_old.error().id, "access.old_password_wrong");
  auto weak = access_->ChangePassword(login->caller, admin.password, "short");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().id, "access.weak_password");

  auto changed = access_->ChangePassword(login->caller, admin.password, "Better-Passw0rd");
  ASSERT_TRUE(changed) << changed.error().Describe();
  EXPECT_EQ(changed->caller.must_change, access::ChangeReason::kNone);
  auto old_session = access_->Authenticate(login->token, "10.0.0.1");
  ASSERT_FALSE(old_session) << "the session of the initial password ended";
  EXPECT_EQ(old_session.error().id, "access.session_ended");
  auto fresh = access_->Authenticate(changed->token, "10.0.0.1");
  ASSERT_TRUE(fresh) << fresh.error().Describe();
  EXPECT_EQ(fresh->principal.login, "admin");
  EXPECT_EQ(Outcomes("password_change"),
            (std::vector<std::string>{"wrong_password", "weak_password", "ok"}));
}

TEST_F(AccessServiceTest, EveryLoginOutcomeIsAuditedAndEveryRefusalSaysTheSameWords) {
  const std::string pw = Ready("clerk", Role::kSchoolClerk, "330102", {"3301020001"});
  std::set<std::string> messages;
  auto refused = [&](std::string_view login, std::string_view password) {
    auto r = access_->Login(login, password, "10.0.0.2");
    EXPECT_FALSE(r);
    if (!r) {
      EXPECT_EQ(r.error().id, "access.login_failed");
      messages.insert(r.error().message.zh);
    }
  };
  refused("nobody", pw);
  for (int i = 0; i < 5; ++i) refused("clerk", "Wrong-Passw0rd");
  refused("clerk", pw);  // locked: even the right password
  EXPECT_EQ(messages.size(), 1u) << "unknown, wrong and locked read the same";
  auto account = *storage_->FindAccount("clerk");
  ASSERT_TRUE(account);
  EXPECT_EQ(account->login.locked_until, now_ + 15 * 60);

  now_ += 15 * 60;  // the lock has run out
  auto ok = access_->Login("CLERK", pw, "10.0.0.2");
  ASSERT_TRUE(ok) << ok.error().Describe();
  EXPECT_EQ(ok->caller.principal.login, "clerk");
  EXPECT_EQ((*storage_->FindAccount("clerk"))->login.failures, 0);
  EXPECT_EQ(Outcomes("login"),
            (std::vector<std::string>{"must_change_password", "unknown_login", "wrong_password",
                                      "wrong_password", "wrong_password", "wrong_password",
                                      "wrong_password", "locked", "ok"}));
}

TEST_F(AccessServiceTest, ASessionEndsWhenIdleOnLogoutAndWhenTheAccountIsDisabled) {
  const std::string pw = Ready("county", Role::kCounty, "330102");
  auto a = access_->Login("county", pw, "10.0.0.3");
  ASSERT_TRUE(a);
  now_ += 29 * 60;
  ASSERT_TRUE(access_->Authenticate(a->token, "10.0.0.3"));
  now_ += 29 * 60;
  ASSERT_TRUE(access_->Authenticate(a->token, "10.0.0.3")) << "the last request counts";
  now_ += 30 * 60;
  auto idle = access_->Authenticate(a->token, "10.0.0.3");
  ASSERT_FALSE(idle);
  EXPECT_EQ(idle.error().id, "access.session_ended");

  auto b = access_->Login("county", pw, "10.0.0.3");
  ASSERT_TRUE(b);
  ASSERT_TRUE(access_->Logout(b->caller));
  EXPECT_FALSE(access_->Authenticate(b->token, "10.0.0.3"));

  auto c = access_->Login("county", pw, "10.0.0.3");
  ASSERT_TRUE(c);
  ASSERT_TRUE(access_->SetDisabled("county", true, Actor{"admin", "admin", "10.0.0.9"}));
  EXPECT_FALSE(access_->Authenticate(c->token, "10.0.0.3"));
  EXPECT_FALSE(access_->Login("county", pw, "10.0.0.3"));
  ASSERT_TRUE(access_->SetDisabled("county", false, Actor{"admin", "admin", "10.0.0.9"}));
  EXPECT_TRUE(access_->Login("county", pw, "10.0.0.3"));

  auto bad = access_->Authenticate("not a token", "10.0.0.3");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AccessServiceTest, AResetIssuesANewInitialPasswordLiftsTheLockAndEndsSessions) {
  const std::string pw = Ready("leader", Role::kLeader);
  auto s = access_->Login("leader", pw, "10.0.0.4");
  ASSERT_TRUE(s);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(access_->Login("leader", "Wrong-Passw0rd", "x"));
  auto reset = access_->ResetPassword("leader", Actor{"admin", "admin", "10.0.0.9"});
  ASSERT_TRUE(reset) << reset.error().Describe();
  EXPECT_NE(reset->password, pw);
  EXPECT_FALSE(access_->Authenticate(s->token, "10.0.0.4"));
  auto again = access_->Login("leader", reset->password, "10.0.0.4");
  ASSERT_TRUE(again) << "no longer locked";
  EXPECT_EQ(again->caller.must_change, access::ChangeReason::kInitial);
  auto unknown = access_->ResetPassword("ghost", Actor{});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().id, "storage.no_account");
}

TEST_F(AccessServiceTest, ADamagedHashIsRefusedWithoutCountingAFailure) {
  IssuedPassword p = Create("broken", Role::kCity);
  access::Account a = p.account;
  a.password_hash = "plain-text";
  ASSERT_TRUE(storage_->UpdateAccount(a));
  auto r = access_->Login("broken", p.password, "10.0.0.5");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "auth.bad_hash");
  EXPECT_EQ((*storage_->FindAccount("broken"))->login.failures, 0);
  EXPECT_EQ(Outcomes("login").back(), "bad_hash");
}

TEST_F(AccessServiceTest, AuthorizeRefusesAnotherSchoolAndTheAdministratorData) {
  access::Principal clerk{"c", Role::kSchoolClerk, "330102", {"3301020001"}};
  EXPECT_TRUE(access_->Authorize(clerk, access::Action::kReadData,
                                 access::Resource::School("3301020001", "330102")));
  auto other = access_->Authorize(clerk, access::Action::kReadData,
                                  access::Resource::School("3301020002", "330102"));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().id, "access.denied_scope");
  auto admin = access_->Authorize(access::Principal{"a", Role::kAdmin, {}, {}},
                                  access::Action::kReadData, access::Resource::City());
  ASSERT_FALSE(admin);
  EXPECT_EQ(admin.error().id, "access.denied_role");
}

TEST_F(AccessServiceTest, VerifyAuditReturnsTheHeadAndACutTailBreaksAgainstTheRecordedHead) {
  Create("admin", Role::kAdmin);
  Create("city", Role::kCity);
  auto head = access_->VerifyAudit();
  ASSERT_TRUE(head) << head.error().Describe();
  EXPECT_EQ(head->seq, 2);
  EXPECT_EQ(head->entries, 2);
  EXPECT_EQ(head->hash.size(), 64u);
  auto same = access_->VerifyAudit(access::ChainAnchor{head->seq, head->hash});
  ASSERT_TRUE(same) << same.error().Describe();
  auto longer = access_->VerifyAudit(access::ChainAnchor{head->seq + 3, head->hash});
  ASSERT_FALSE(longer) << "the recorded head is past the stored end";
  EXPECT_EQ(longer.error().id, "access.audit_broken");
  auto rewritten = access_->VerifyAudit(access::ChainAnchor{1, head->hash});
  ASSERT_FALSE(rewritten);
  EXPECT_EQ(rewritten.error().id, "access.audit_broken");
}

}  // namespace
}  // namespace jiaodu
