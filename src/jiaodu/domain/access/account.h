// File: jiaodu/domain/access/account.h
//
// Accounts and the login decision, as pure rules: no clock (`now` is passed
// in, unix seconds) and no crypto (the password hash is opaque text that
// auth/ makes and checks). A login is:
//
//   1. find the account by login (or none);
//   2. verify the password — always, also for no account (auth's
//      VerifyNoAccount), a disabled or a locked one, so that every refusal
//      takes the same time;
//   3. DecideLogin(policy, account, verified, now) → outcome + new counters;
//   4. store the counters, write LoginAudit(...) to the audit trail, and
//      answer LoginStatus(...) — the same words for every refusal.
//
// Accounts are never deleted: `disabled` keeps the login, its history and its
// audit entries (docs/access.md, A12).
#ifndef JIAODU_DOMAIN_ACCESS_ACCOUNT_H_
#define JIAODU_DOMAIN_ACCESS_ACCOUNT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/access/audit.h"
#include "jiaodu/domain/access/password.h"
#include "jiaodu/domain/access/scope.h"

namespace jiaodu::access {

struct Account {
  Principal principal;        // login, role and area
  std::string display_name;   // 姓名, shown in the UI and the audit trail
  std::string password_hash;  // opaque: made and checked by auth/ (Argon2id)
  // Set whenever an administrator sets the password (a new account, a
  // reset): the person must choose their own at the first login (A12).
  bool must_change_password = true;
  int64_t password_changed_at = 0;  // unix seconds
  LoginState login;                 // consecutive failures and locked_until
  bool disabled = false;            // instead of deleting
};

// The principal fits its role (ValidatePrincipal), the login is 1–64 of
// A–Z a–z 0–9 . _ - @ (it appears in URLs, logs and the audit trail) and the
// display name is not blank; access.bad_account (or access.bad_scope).
Status ValidateAccount(const Account& a);

enum class LoginOutcome {
  kOk,                  // logged in
  kMustChangePassword,  // logged in, but may only change the password
  kWrongPassword,
  kLocked,  // refused without looking at the password: locked until LoginDecision::state
  kDisabled,
  kUnknownLogin,
};
// ok, must_change_password, wrong_password, locked, disabled, unknown_login
std::string_view LoginOutcomeKey(LoginOutcome o);
Text LoginOutcomeName(LoginOutcome o);  // for the audit view: 登录成功, 密码错误 …

enum class ChangeReason { kNone, kInitial, kExpired };

struct LoginDecision {
  LoginOutcome outcome = LoginOutcome::kUnknownLogin;
  LoginState state;         // the counters to store (unchanged when refused unseen)
  bool locked_now = false;  // this failure locked the account
  ChangeReason change = ChangeReason::kNone;  // why kMustChangePassword
};

// The rules of A7 and A12, in this order: no account → kUnknownLogin;
// disabled → kDisabled; locked at `now` → kLocked (nothing counted, the
// lock not extended, a right password not accepted); a wrong password → one
// more failure, the lockout_failures-th locks for lockout_minutes; a right
// one → counters cleared, and kMustChangePassword when the password was set
// by an administrator or is max_age_days old or more (exactly 90 days
// counts as expired).
LoginDecision DecideLogin(const PasswordPolicy& policy, const Account* account,
                          bool password_verified, int64_t now);

// What the person logging in is told. Ok for kOk and kMustChangePassword;
// for the four refusals the same access.login_failed (kUnauthenticated),
// word for word, so nobody learns which logins exist, are disabled or are
// locked (A13).
Status LoginStatus(const PasswordPolicy& policy, const LoginDecision& d);

// access.must_change_password (kFailedPrecondition): a session opened with
// kMustChangePassword asks for anything but changing the password.
Error MustChangePasswordError(const PasswordPolicy& policy, ChangeReason why);

// The account after its password hash became `hash` at `now`. By an
// administrator (`by_admin`: a new account, a reset) the person must change
// it at the next login, and the lock is lifted; by the person themselves
// (after CheckPassword and verifying the old one) it is their own.
Account WithPassword(Account a, std::string hash, int64_t now, bool by_admin);

// The audit entry of a login attempt (action "login", object the account,
// outcome LoginOutcomeKey, new value the counters when they changed). `seq`
// and the chain are set when it is appended (Chain).
AuditEntry LoginAudit(const LoginDecision& d, const Account* account, std::string_view login,
                      std::string_view from, int64_t now);

}  // namespace jiaodu::access

#endif  // JIAODU_DOMAIN_ACCESS_ACCOUNT_H_
