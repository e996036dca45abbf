#include "jiaodu/auth/sodium_init.h"

#include <sodium.h>

namespace jiaodu::auth {

Status EnsureSodium() {
  // 0 = initialised now, 1 = already initialised, -1 = failure.
  static const int rc = sodium_init();
  if (rc < 0) {
    return Fail(ErrorCode::kInternal, "auth.init",
                Text("密码组件（libsodium）无法初始化，请检查系统随机数源",
                     "libsodium could not be initialised (check the system's random source)"));
  }
  return Ok();
}

}  // namespace jiaodu::auth
