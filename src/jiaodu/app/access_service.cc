#include "jiaodu/app/access_service.h"

#include <fmt/format.h>

#include <chrono>
#include <utility>

#include "jiaodu/auth/password_hash.h"
#include "jiaodu/auth/sha256.h"
#include "jiaodu/auth/token.h"
#include "jiaodu/domain/access/password.h"

namespace jiaodu {
namespace {

using access::Account;

std::string Sha256(std::string_view bytes) { return auth::Sha256Hex(bytes); }

// A session's last-seen time is written at most this often: the idle limit
// is counted in minutes, and a page polling every second must not turn every
// request into a write.
constexpr int64_t kTouchEverySeconds = 30;

// Pages of the chain read at once by VerifyAudit.
constexpr int kVerifyPage = 10000;

// Letters and digits a person copies from a screen without mistaking one
// for another (no 0/O, 1/l/I).
constexpr std::string_view kPasswordAlphabet =
    "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
constexpr size_t kInitialPasswordLength = 12;

Error OldPasswordWrong() {
  return Error{ErrorCode::kInvalidInput,
               "access.old_password_wrong",
               Text("原密码不正确，密码未修改", "the current password is wrong; nothing changed"),
               {},
               {}};
}

access::AuditEntry AccountEntry(const Actor& by, std::string_view action, const Account& a,
                                std::string old_value, std::string new_value) {
  access::AuditEntry e;
  e.actor = by.login;
  e.role = by.role;
  e.from = by.from;
  e.action = std::string(action);
  e.object = access::AuditObject{"account", a.principal.login, a.principal.county};
  e.old_value = std::move(old_value);
  e.new_value = std::move(new_value);
  e.outcome = "ok";
  return e;
}

// What the audit trail keeps of an account (never its hash).
std::string Describe(const Account& a) {
  std::string schools;
  for (const auto& s : a.principal.schools) schools += (schools.empty() ? "" : ",") + s;
  return fmt::format("role={};county={};schools={};name={};disabled={}",
                     access::RoleKey(a.principal.role), a.principal.county, schools, a.display_name,
                     a.disabled ? 1 : 0);
}

}  // namespace

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

AccessService::AccessService(Storage& storage, access::PasswordPolicy policy,
                             std::function<int64_t()> now)
    : storage_(storage), policy_(policy), now_(std::move(now)) {}

Result<bool> AccessService::LoginRequired() {
  if (login_on_.load()) return true;
  const bool on = JIAODU_TRY(storage_.HasAccounts());
  if (on) login_on_.store(true);
  return on;
}

Result<LoginResult> AccessService::Login(std::string_view login, std::string_view password,
                                         std::string_view from) {
  const int64_t now = now_();
  const std::optional<Account> account = JIAODU_TRY(storage_.FindAccount(login));
  bool verified = false;
  if (!account) {
    auth::VerifyNoAccount(password);  // the same time as a real account (A13)
  } else {
    auto v = auth::VerifyPassword(account->password_hash, password);
    if (!v) {
      // A damaged hash is not the person's failure (auth.bad_hash): recorded
      // and refused without counting.
      access::AuditEntry e;
      e.time = now;
      e.actor = std::string(login);
      e.role = std::string(access::RoleKey(account->principal.role));
      e.from = std::string(from);
      e.action = "login";
      e.object =
          access::AuditObject{"account", account->principal.login, account->principal.county};
      e.outcome = "bad_hash";
      JIAODU_TRY(storage_.AppendAuditEntry(std::move(e)));
      return tl::unexpected(v.error());
    }
    verified = *v;
  }
  const access::LoginDecision d =
      access::DecideLogin(policy_, account ? &*account : nullptr, verified, now);
  if (account) {
    Account updated = *account;
    updated.login = d.state;
    if (verified && JIAODU_TRY(auth::NeedsRehash(account->password_hash))) {
      updated.password_hash = JIAODU_TRY(auth::HashPassword(password));
    }
    if (updated.login.failures != account->login.failures ||
        updated.login.locked_until != account->login.locked_until ||
        updated.password_hash != account->password_hash) {
      JIAODU_TRY_STATUS(storage_.UpdateAccount(updated));
    }
  }
  JIAODU_TRY(storage_.AppendAuditEntry(
      access::LoginAudit(d, account ? &*account : nullptr, login, from, now)));
  JIAODU_TRY_STATUS(access::LoginStatus(policy_, d));
  return OpenSession(*account, d, from);
}

Result<LoginResult> AccessService::OpenSession(const Account& a, const access::LoginDecision& d,
                                               std::string_view from) {
  const auth::NewToken token = JIAODU_TRY(auth::NewSessionToken());
  const access::Session s = access::OpenSession(d, token.digest, a.principal.login, from, now_());
  JIAODU_TRY_STATUS(storage_.CreateSession(s));
  login_on_.store(true);
  return LoginResult{token.token, Caller{a.principal, a.display_name, s.must_change, s.token_digest,
                                         std::string(from)}};
}

Status AccessService::Logout(const Caller& caller) {
  JIAODU_TRY_STATUS(storage_.EndSession(caller.token_digest));
  access::AuditEntry e;
  e.action = "logout";
  e.object = access::AuditObject{"account", caller.principal.login, caller.principal.county};
  e.outcome = "ok";
  return Record(caller.AsActor(), std::move(e));
}

Result<Caller> AccessService::Authenticate(std::string_view token, std::string_view from) {
  const int64_t now = now_();
  const std::string digest = JIAODU_TRY(auth::TokenDigest(token));
  const std::optional<access::Session> s = JIAODU_TRY(storage_.FindSession(digest));
  const access::SessionCheck ended{access::SessionState::kEnded, 0};
  if (!s) return tl::unexpected(access::SessionStatus(policy_, ended).error());
  const access::SessionCheck check = access::CheckSession(policy_, *s, now);
  JIAODU_TRY_STATUS(access::SessionStatus(policy_, check));
  const std::optional<Account> a = JIAODU_TRY(storage_.FindAccount(s->login));
  if (!a || a->disabled) {
    JIAODU_TRY_STATUS(storage_.EndSession(digest));
    return tl::unexpected(access::SessionStatus(policy_, ended).error());
  }
  if (check.last_seen - s->last_seen >= kTouchEverySeconds) {
    JIAODU_TRY_STATUS(storage_.TouchSession(digest, check.last_seen));
  }
  return Caller{a->principal, a->display_name, s->must_change, digest, std::string(from)};
}

Status AccessService::Authorize(const access::Principal& p, access::Action action,
                                const access::Resource& r) const {
  return access::Authorize(p, action, r);
}

Result<LoginResult> AccessService::ChangePassword(const Caller& caller,
                                                  std::string_view old_password,
                                                  std::string_view new_password) {
  const Account a = JIAODU_TRY(Existing(caller.principal.login));
  access::AuditEntry e;
  e.action = "password_change";
  e.object = access::AuditObject{"account", a.principal.login, a.principal.county};
  if (!JIAODU_TRY(auth::VerifyPassword(a.password_hash, old_password))) {
    e.outcome = "wrong_password";
    JIAODU_TRY_STATUS(Record(caller.AsActor(), e));
    return Fail(OldPasswordWrong());
  }
  if (auto weak = access::CheckPassword(policy_, new_password, a.principal.login); !weak) {
    e.outcome = "weak_password";
    JIAODU_TRY_STATUS(Record(caller.AsActor(), e));
    return tl::unexpected(weak.error());
  }
  const Account changed =
      access::WithPassword(a, JIAODU_TRY(auth::HashPassword(new_password)), now_(), false);
  JIAODU_TRY_STATUS(storage_.UpdateAccount(changed));
  JIAODU_TRY(storage_.EndSessions(a.principal.login));
  e.outcome = "ok";
  JIAODU_TRY_STATUS(Record(caller.AsActor(), e));
  access::LoginDecision d;
  d.outcome = access::LoginOutcome::kOk;
  return OpenSession(changed, d, caller.from);
}

Result<std::string> AccessService::NewInitialPassword(std::string_view login) const {
  for (int attempt = 0; attempt < 100; ++attempt) {
    // 32 random bytes from the kernel's CSPRNG (a session token's), mapped
    // onto the alphabet without bias: bytes past the last whole multiple of
    // its size are skipped.
    const auth::NewToken t = JIAODU_TRY(auth::NewSessionToken());
    const auto bytes = JIAODU_TRY(auth::DecodeToken(t.token));
    const size_t n = kPasswordAlphabet.size();
    const size_t limit = 256 / n * n;
    std::string pw;
    for (uint8_t b : bytes) {
      if (b >= limit) continue;
      pw.push_back(kPasswordAlphabet[b % n]);
      if (pw.size() == kInitialPasswordLength) break;
    }
    if (pw.size() == kInitialPasswordLength && access::CheckPassword(policy_, pw, login)) {
      return pw;
    }
  }
  return Fail(ErrorCode::kInternal, "access.password_generation",
              Text("无法生成符合规则的初始密码", "could not generate an initial password"));
}

Result<IssuedPassword> AccessService::CreateAccount(const AccountSpec& spec, const Actor& by) {
  Account a;
  a.principal = spec.principal;
  a.display_name = spec.display_name;
  JIAODU_TRY_STATUS(access::ValidateAccount(a));
  const std::string password = JIAODU_TRY(NewInitialPassword(a.principal.login));
  a = access::WithPassword(std::move(a), JIAODU_TRY(auth::HashPassword(password)), now_(), true);
  JIAODU_TRY_STATUS(storage_.CreateAccount(a));
  login_on_.store(true);
  JIAODU_TRY_STATUS(Record(by, AccountEntry(by, "account_create", a, "", Describe(a))));
  return IssuedPassword{std::move(a), password};
}

Result<access::Account> AccessService::Existing(std::string_view login) {
  std::optional<access::Account> a = JIAODU_TRY(storage_.FindAccount(login));
  if (!a) {
    return Fail(
        ErrorCode::kNotFound, "storage.no_account",
        Text(fmt::format("账号 {} 不存在", login), fmt::format("there is no account {}", login)));
  }
  return std::move(*a);
}

Result<IssuedPassword> AccessService::ResetPassword(std::string_view login, const Actor& by) {
  const access::Account a = JIAODU_TRY(Existing(login));
  const std::string password = JIAODU_TRY(NewInitialPassword(a.principal.login));
  access::Account reset =
      access::WithPassword(a, JIAODU_TRY(auth::HashPassword(password)), now_(), true);
  JIAODU_TRY_STATUS(storage_.UpdateAccount(reset));
  JIAODU_TRY(storage_.EndSessions(a.principal.login));
  JIAODU_TRY_STATUS(Record(by, AccountEntry(by, "password_reset", a,
                                            fmt::format("failures={};locked_until={}",
                                                        a.login.failures, a.login.locked_until),
                                            "failures=0;locked_until=0")));
  return IssuedPassword{std::move(reset), password};
}

Status AccessService::SetDisabled(std::string_view login, bool disabled, const Actor& by) {
  access::Account a = JIAODU_TRY(Existing(login));
  const std::string before = Describe(a);
  a.disabled = disabled;
  JIAODU_TRY_STATUS(storage_.UpdateAccount(a));
  if (disabled) JIAODU_TRY(storage_.EndSessions(a.principal.login));
  return Record(by, AccountEntry(by, disabled ? "account_disable" : "account_enable", a, before,
                                 Describe(a)));
}

Result<access::Account> AccessService::UpdateAccount(const AccountSpec& spec, const Actor& by) {
  access::Account a = JIAODU_TRY(Existing(spec.principal.login));
  const std::string before = Describe(a);
  const std::string login = a.principal.login;  // the stored spelling
  a.principal = spec.principal;
  a.principal.login = login;
  a.display_name = spec.display_name;
  JIAODU_TRY_STATUS(access::ValidateAccount(a));
  JIAODU_TRY_STATUS(storage_.UpdateAccount(a));
  JIAODU_TRY(storage_.EndSessions(login));
  JIAODU_TRY_STATUS(Record(by, AccountEntry(by, "account_update", a, before, Describe(a))));
  return a;
}

Result<std::vector<access::Account>> AccessService::ListAccounts() {
  return storage_.ListAccounts();
}

Status AccessService::Record(const Actor& actor, access::AuditEntry e) {
  e.time = now_();
  e.actor = actor.login;
  e.role = actor.role;
  e.from = actor.from;
  if (e.outcome.empty()) e.outcome = "ok";
  return storage_.AppendAuditEntry(std::move(e)).transform([](auto&&) {});
}

Result<std::vector<access::AuditEntry>> AccessService::SearchAudit(const AuditQuery& q) {
  return storage_.FindAudit(q);
}

Result<AuditHead> AccessService::VerifyAudit(const std::optional<access::ChainAnchor>& anchor) {
  AuditHead head;
  std::optional<access::AuditEntry> last;
  for (;;) {
    std::vector<access::AuditEntry> page =
        JIAODU_TRY(storage_.ReadAuditChain(head.seq, kVerifyPage));
    if (page.empty()) break;
    // Each page is checked with the previous page's last entry in front, so
    // the link between pages is checked too; the anchor is checked on the
    // page that holds its seq (or, past the end, below).
    std::vector<access::AuditEntry> run;
    if (last) run.push_back(*last);
    run.insert(run.end(), page.begin(), page.end());
    std::optional<access::ChainAnchor> here;
    if (anchor && anchor->seq > (last ? last->seq : 0) && anchor->seq <= page.back().seq) {
      here = anchor;
    }
    JIAODU_TRY_STATUS(access::VerifyChain(run, &Sha256, here));
    head.entries += static_cast<int64_t>(page.size());
    last = page.back();
    head.seq = last->seq;
    head.hash = last->hash;
    if (page.size() < static_cast<size_t>(kVerifyPage)) break;
  }
  if (anchor && anchor->seq > head.seq) {
    // The chain ends before the recorded head: its newest entries are gone.
    std::vector<access::AuditEntry> run;
    if (last) run.push_back(*last);
    JIAODU_TRY_STATUS(access::VerifyChain(run, &Sha256, anchor));
  }
  return head;
}

}  // namespace jiaodu
