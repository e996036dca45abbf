// File: jiaodu/app/access_service.h
//
// Accounts, sessions, login and the chained audit trail as use cases
// (issue 8; rules in domain/access, cryptography in auth/, docs/access.md).
// The server and the CLI call this; the rules themselves are not here.
//
//   AccessService access(service.storage());
//   auto r = access.Login("zhang", "Secret-123", "10.0.0.8");   // r->token to the browser
//   auto caller = access.Authenticate(token, "10.0.0.8");       // every request
//   JIAODU_TRY_STATUS(access.Authorize(caller->principal, Action::kReadData, resource));
//
// Login is on exactly when the database holds an account (A14); without one
// the server runs in single-user laptop mode and the CLI creates the first
// administrator. Every login attempt, logout, password change and account
// change is an entry of the audit chain.
#ifndef JIAODU_APP_ACCESS_SERVICE_H_
#define JIAODU_APP_ACCESS_SERVICE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/access/account.h"
#include "jiaodu/domain/access/audit.h"
#include "jiaodu/domain/access/scope.h"
#include "jiaodu/domain/access/session.h"
#include "jiaodu/storage/storage.h"

namespace jiaodu {

// Unix seconds now.
int64_t UnixNow();

// Who does something, for the audit trail: a logged-in principal, or the
// command line ("system", from "cli").
struct Actor {
  std::string login = "system";
  std::string role;  // RoleKey; empty for the command line
  std::string from;  // client address, or "cli"
};

// A request's authenticated caller.
struct Caller {
  access::Principal principal;
  std::string display_name;
  // Not kNone: the session may only change the password (and log out).
  access::ChangeReason must_change = access::ChangeReason::kNone;
  std::string token_digest;
  std::string from;

  Actor AsActor() const {
    return Actor{principal.login, std::string(access::RoleKey(principal.role)), from};
  }
};

// A login that succeeded: the token goes to the client once.
struct LoginResult {
  std::string token;
  Caller caller;
};

// What an administrator fills in for a new account.
struct AccountSpec {
  access::Principal principal;  // login, role, county, schools
  std::string display_name;
};

// A new account or a reset: the password to hand over once (it must be
// changed at the first login).
struct IssuedPassword {
  access::Account account;
  std::string password;
};

// The head of a verified chain, to record outside the database (A11).
struct AuditHead {
  int64_t seq = 0;  // 0: the trail is empty
  std::string hash;
  int64_t entries = 0;
};

class AccessService {
 public:
  explicit AccessService(Storage& storage, access::PasswordPolicy policy = {},
                         std::function<int64_t()> now = UnixNow);

  const access::PasswordPolicy& policy() const { return policy_; }
  int64_t Now() const { return now_(); }

  // A14: whether the database holds an account. Accounts are never deleted,
  // so once true it stays true and is not asked again.
  Result<bool> LoginRequired();

  // DecideLogin with the password verified by Argon2id in every case, the
  // counters stored, an audit entry for every outcome, a stale hash
  // replaced (NeedsRehash). Refusals are access.login_failed.
  Result<LoginResult> Login(std::string_view login, std::string_view password,
                            std::string_view from);
  // Ends the session of `caller` (audited).
  Status Logout(const Caller& caller);
  // The caller of a request: the session checked (access.session_ended),
  // its account still enabled, last-seen moved on (at most every 30 s).
  Result<Caller> Authenticate(std::string_view token, std::string_view from);
  // Role and area (access.denied_role / access.denied_scope).
  Status Authorize(const access::Principal& p, access::Action action,
                   const access::Resource& r) const;
  // The caller's own change: the old password verified
  // (access.old_password_wrong), the new one checked against the policy.
  // Every session of the login ends; a fresh one is returned.
  Result<LoginResult> ChangePassword(const Caller& caller, std::string_view old_password,
                                     std::string_view new_password);

  // Administration (the server lets only 系统管理员 reach these).
  Result<IssuedPassword> CreateAccount(const AccountSpec& spec, const Actor& by);
  // A new initial password; the lock lifted, every session ended.
  Result<IssuedPassword> ResetPassword(std::string_view login, const Actor& by);
  // Disabling ends every session of the login.
  Status SetDisabled(std::string_view login, bool disabled, const Actor& by);
  // Role, area and display name (sessions end: the old scope must not live on).
  Result<access::Account> UpdateAccount(const AccountSpec& spec, const Actor& by);
  Result<std::vector<access::Account>> ListAccounts();

  // Appends an entry for `actor` (time set here).
  Status Record(const Actor& actor, access::AuditEntry e);
  Result<std::vector<access::AuditEntry>> SearchAudit(const AuditQuery& q);
  // Reads the whole chain in pages and verifies it (against `anchor`, a
  // head recorded earlier); returns the head to record now.
  Result<AuditHead> VerifyAudit(const std::optional<access::ChainAnchor>& anchor = std::nullopt);

 private:
  Result<access::Account> Existing(std::string_view login);
  Result<LoginResult> OpenSession(const access::Account& a, const access::LoginDecision& d,
                                  std::string_view from);
  Result<std::string> NewInitialPassword(std::string_view login) const;

  Storage& storage_;
  access::PasswordPolicy policy_;
  std::function<int64_t()> now_;
  std::atomic<bool> login_on_{false};
};

}  // namespace jiaodu

#endif  // JIAODU_APP_ACCESS_SERVICE_H_
