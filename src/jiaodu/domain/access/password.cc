#include "jiaodu/domain/access/password.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace jiaodu::access {
namespace {

Error Weak(std::string zh, std::string en) {
  return Error{ErrorCode::kInvalidInput,
               "access.weak_password",
               Text("密码不符合要求：" + zh, "password rejected: " + en),
               {},
               {}};
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Status CheckPassword(const PasswordPolicy& policy, std::string_view password,
                     std::string_view login) {
  int chars = 0;
  bool lower = false, upper = false, digit = false, other = false;
  for (char ch : password) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) ++chars;  // count UTF-8 lead bytes: one per character
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      other = true;  // punctuation, spaces, and any non-ASCII character
    }
  }
  if (chars < policy.min_length) {
    return Fail(Weak(fmt::format("至少 {} 个字符（现为 {} 个）", policy.min_length, chars),
                     fmt::format("at least {} characters (has {})", policy.min_length, chars)));
  }
  const int classes = int{lower} + int{upper} + int{digit} + int{other};
  if (classes < policy.min_classes) {
    return Fail(Weak(fmt::format("须包含小写字母、大写字母、数字、符号中的至少 {} 类（现为 {} 类）",
                                 policy.min_classes, classes),
                     fmt::format("needs at least {} of lower case, upper case, digits, symbols "
                                 "(has {})",
                                 policy.min_classes, classes)));
  }
  if (login.size() >= 3 && Lower(password).find(Lower(login)) != std::string::npos) {
    return Fail(Weak("不能包含登录名", "must not contain the login name"));
  }
  return Ok();
}

bool IsLocked(const LoginState& s, int64_t now) { return now < s.locked_until; }

LoginState AfterFailure(const PasswordPolicy& policy, LoginState s, int64_t now) {
  if (IsLocked(s, now)) return s;  // attempts while locked neither count nor extend
  ++s.failures;
  if (s.failures >= policy.lockout_failures) {
    s.failures = 0;
    s.locked_until = now + int64_t{policy.lockout_minutes} * 60;
  }
  return s;
}

}  // namespace jiaodu::access
