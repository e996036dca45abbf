#include "jiaodu/auth/password_hash.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <semaphore>
#include <thread>

#include "jiaodu/auth/sodium_init.h"

namespace jiaodu::auth {
namespace {

// See the header: bounds the memory of simultaneous hashes.
class HashSlot {
 public:
  HashSlot() { Slots().acquire(); }
  ~HashSlot() { Slots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;

 private:
  static std::counting_semaphore<>& Slots() {
    static std::counting_semaphore<> slots(std::max<std::ptrdiff_t>(
        2, static_cast<std::ptrdiff_t>(std::thread::hardware_concurrency())));
    return slots;
  }
};

Error BadHash(std::string_view why_zh, std::string_view why_en) {
  return Error{ErrorCode::kCorrupt,
               "auth.bad_hash",
               Text(fmt::format("账号保存的密码摘要已损坏（{}），请由系统管理员重置密码", why_zh),
                    fmt::format("the account's stored password hash is damaged ({}); an "
                                "administrator must reset the password",
                                why_en)),
               {},
               {}};
}

// libsodium reads the stored string up to its NUL, so it must be one C string
// shorter than crypto_pwhash_STRBYTES, and we only ever write Argon2id.
Result<std::string> CheckedStored(std::string_view stored) {
  if (stored.empty()) return Fail(BadHash("为空", "empty"));
  if (stored.size() >= crypto_pwhash_STRBYTES || stored.find('\0') != std::string_view::npos) {
    return Fail(BadHash("长度或字符不对", "wrong length or characters"));
  }
  if (!stored.starts_with(crypto_pwhash_argon2id_STRPREFIX)) {
    return Fail(BadHash("不是 Argon2id 摘要", "not an Argon2id hash"));
  }
  return std::string(stored);
}

// 0: made with `limits`; 1: other limits; -1: not a parsable Argon2id string.
int RehashCode(const std::string& stored, const HashLimits& limits) {
  return crypto_pwhash_str_needs_rehash(stored.c_str(), limits.ops, limits.mem_bytes);
}

}  // namespace

Result<std::string> HashPassword(std::string_view password, const HashLimits& limits) {
  JIAODU_TRY_STATUS(EnsureSodium());
  char out[crypto_pwhash_STRBYTES];
  int rc = 0;
  {
    HashSlot slot;
    rc = crypto_pwhash_str_alg(out, password.data(), password.size(), limits.ops, limits.mem_bytes,
                               crypto_pwhash_ALG_ARGON2ID13);
  }
  if (rc != 0) {
    return Fail(
        ErrorCode::kInternal, "auth.hash_failed",
        Text(fmt::format("无法计算密码摘要（Argon2id，{} 轮，{} KiB 内存）：参数超出范围或内存不足",
                         limits.ops, limits.mem_bytes / 1024),
             fmt::format("could not hash the password (Argon2id, {} passes, {} KiB): limits "
                         "out of range or out of memory",
                         limits.ops, limits.mem_bytes / 1024)));
  }
  return std::string(out);
}

Result<bool> VerifyPassword(std::string_view stored, std::string_view password) {
  JIAODU_TRY_STATUS(EnsureSodium());
  const std::string s = JIAODU_TRY(CheckedStored(stored));
  // crypto_pwhash_str_verify answers -1 for both "wrong password" and "not a
  // hash"; parsing first tells the two apart.
  if (RehashCode(s, HashLimits{}) < 0) return Fail(BadHash("格式无法解析", "unparsable"));
  HashSlot slot;
  return crypto_pwhash_str_verify(s.c_str(), password.data(), password.size()) == 0;
}

void VerifyNoAccount(std::string_view password) {
  // A hash of a random password under the default limits, made once. Its
  // result is ignored: only the time spent matters.
  static const std::string dummy = [] {
    unsigned char random[16];
    if (!EnsureSodium()) return std::string();
    randombytes_buf(random, sizeof random);
    auto h = HashPassword(std::string_view(reinterpret_cast<const char*>(random), sizeof random));
    return h ? *h : std::string();
  }();
  if (!dummy.empty()) (void)VerifyPassword(dummy, password);
}

Result<bool> NeedsRehash(std::string_view stored, const HashLimits& limits) {
  JIAODU_TRY_STATUS(EnsureSodium());
  const std::string s = JIAODU_TRY(CheckedStored(stored));
  const int rc = RehashCode(s, limits);
  if (rc < 0) return Fail(BadHash("格式无法解析", "unparsable"));
  return rc != 0;
}

}  // namespace jiaodu::auth
