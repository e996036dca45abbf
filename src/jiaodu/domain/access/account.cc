#include "jiaodu/domain/access/account.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "jiaodu/core/text.h"

namespace jiaodu::access {
namespace {

constexpr int64_t kDay = 24 * 60 * 60;

struct OutcomeInfo {
  LoginOutcome outcome;
  std::string_view key;
  const char* zh;
  const char* en;
};
constexpr std::array<OutcomeInfo, 6> kOutcomes{{
    {LoginOutcome::kOk, "ok", "登录成功", "logged in"},
    {LoginOutcome::kMustChangePassword, "must_change_password", "登录成功，须修改密码",
     "logged in, must change the password"},
    {LoginOutcome::kWrongPassword, "wrong_password", "密码错误", "wrong password"},
    {LoginOutcome::kLocked, "locked", "账号已锁定", "account locked"},
    {LoginOutcome::kDisabled, "disabled", "账号已停用", "account disabled"},
    {LoginOutcome::kUnknownLogin, "unknown_login", "登录名不存在", "no such login"},
}};

// Looked up by value, so the rows need not follow the enum's order.
const OutcomeInfo& Info(LoginOutcome o) {
  return *std::find_if(kOutcomes.begin(), kOutcomes.end(),
                       [o](const OutcomeInfo& i) { return i.outcome == o; });
}

bool LoginCharOk(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '@';
}

Error BadAccount(std::string zh, std::string en) {
  return Error{
      ErrorCode::kInvalidInput, "access.bad_account", Text(std::move(zh), std::move(en)), {}, {}};
}

bool Expired(const PasswordPolicy& policy, const Account& a, int64_t now) {
  return policy.max_age_days > 0 &&
         now - a.password_changed_at >= int64_t{policy.max_age_days} * kDay;
}

}  // namespace

Status ValidateAccount(const Account& a) {
  const std::string& login = a.principal.login;
  if (login.empty() || login.size() > 64 || !std::all_of(login.begin(), login.end(), LoginCharOk)) {
    return Fail(BadAccount(
        fmt::format("登录名“{}”不符合要求：须为 1–64 个英文字母、数字或 . _ - @", login),
        fmt::format("login \"{}\" rejected: use 1-64 letters, digits or . _ - @", login)));
  }
  if (Trim(a.display_name).empty()) {
    return Fail(BadAccount(fmt::format("账号“{}”缺少姓名", login),
                           fmt::format("account \"{}\" has no display name", login)));
  }
  return ValidatePrincipal(a.principal);
}

std::string_view LoginOutcomeKey(LoginOutcome o) { return Info(o).key; }
Text LoginOutcomeName(LoginOutcome o) { return Text(Info(o).zh, Info(o).en); }

LoginDecision DecideLogin(const PasswordPolicy& policy, const Account* account,
                          bool password_verified, int64_t now) {
  if (account == nullptr) return {LoginOutcome::kUnknownLogin, {}, false, ChangeReason::kNone};
  const LoginState& s = account->login;
  if (account->disabled) return {LoginOutcome::kDisabled, s, false, ChangeReason::kNone};
  if (IsLocked(s, now)) return {LoginOutcome::kLocked, s, false, ChangeReason::kNone};
  if (!password_verified) {
    const LoginState after = AfterFailure(policy, s, now);
    return {LoginOutcome::kWrongPassword, after, IsLocked(after, now), ChangeReason::kNone};
  }
  const ChangeReason why = account->must_change_password    ? ChangeReason::kInitial
                           : Expired(policy, *account, now) ? ChangeReason::kExpired
                                                            : ChangeReason::kNone;
  return {why == ChangeReason::kNone ? LoginOutcome::kOk : LoginOutcome::kMustChangePassword,
          AfterSuccess(s), false, why};
}

Status LoginStatus(const PasswordPolicy& policy, const LoginDecision& d) {
  if (d.outcome == LoginOutcome::kOk || d.outcome == LoginOutcome::kMustChangePassword) {
    return Ok();
  }
  // The lockout rule is stated to everyone, locked or not, so that the words
  // themselves do not reveal a lock.
  return Fail(ErrorCode::kUnauthenticated, "access.login_failed",
              Text(fmt::format("登录名或密码错误。连续 {} 次失败的账号将锁定 {} 分钟；"
                               "如仍无法登录，请联系系统管理员",
                               policy.lockout_failures, policy.lockout_minutes),
                   fmt::format("wrong login or password. After {} consecutive failures an "
                               "account is locked for {} minutes; if you still cannot log in, "
                               "ask the administrator",
                               policy.lockout_failures, policy.lockout_minutes)));
}

Error MustChangePasswordError(const PasswordPolicy& policy, ChangeReason why) {
  Text text = why == ChangeReason::kExpired
                  ? Text(fmt::format("密码已使用 {} 天以上，请先修改密码", policy.max_age_days),
                         fmt::format("the password is {} days old or more; change it first",
                                     policy.max_age_days))
                  : Text("首次登录或密码被重置后，请先修改密码",
                         "the password was set by an administrator; change it first");
  return Error{
      ErrorCode::kFailedPrecondition, "access.must_change_password", std::move(text), {}, {}};
}

Account WithPassword(Account a, std::string hash, int64_t now, bool by_admin) {
  a.password_hash = std::move(hash);
  a.password_changed_at = now;
  a.must_change_password = by_admin;
  if (by_admin) a.login = {};
  return a;
}

AuditEntry LoginAudit(const LoginDecision& d, const Account* account, std::string_view login,
                      std::string_view from, int64_t now) {
  AuditEntry e;
  e.time = now;
  e.actor = std::string(login);
  if (account != nullptr) {
    e.role = std::string(RoleKey(account->principal.role));
    e.object.area = account->principal.county;
    if (account->login.failures != d.state.failures ||
        account->login.locked_until != d.state.locked_until) {
      e.old_value = fmt::format("failures={};locked_until={}", account->login.failures,
                                account->login.locked_until);
      e.new_value =
          fmt::format("failures={};locked_until={}", d.state.failures, d.state.locked_until);
    }
  }
  e.from = std::string(from);
  e.action = "login";
  e.object.kind = "account";
  e.object.id = std::string(login);
  e.outcome = std::string(LoginOutcomeKey(d.outcome));
  return e;
}

}  // namespace jiaodu::access
