// File: jiaodu/core/error.h
//
// One error type for the whole code base. Expected failures (bad user data,
// a missing school, a conflicting import) are returned as values:
//
//   Result<School> FindSchool(std::string_view code);
//   auto school = JIAODU_TRY(FindSchool(code));
//
// Exceptions are only used at the edges (third-party libraries throw; their
// adapters catch and convert). Every user-facing error carries a stable id
// (documented in docs/errors.md), a Chinese message and an English one, and,
// for imports, the place in the user's file it refers to.
#ifndef JIAODU_CORE_ERROR_H_
#define JIAODU_CORE_ERROR_H_

#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

namespace jiaodu {

// Canonical categories: return the most specific one that applies.
enum class ErrorCode {
  kInvalidInput,        // the user's data or request is malformed
  kNotFound,            // a referenced object does not exist
  kConflict,            // the data contradicts what is stored (unique keys, ...)
  kFailedPrecondition,  // the operation cannot run in the current state
  kIo,                  // a file or database could not be read/written
  kCorrupt,             // a file is damaged or not of the expected kind
  kUnsupported,         // a feature or format version we do not handle
  kInternal,            // a bug: never caused by user data
  kUnauthenticated,     // no valid session (log in first)
  kPermissionDenied,    // the user's role or area does not allow it
};

std::string_view ErrorCodeName(ErrorCode code);

// Text in both UI languages. Official terms stay Chinese in `en` too when
// there is no accepted English equivalent (e.g. 差异系数 → "差异系数 (CV)").
struct Text {
  std::string zh;
  std::string en;

  Text() = default;
  Text(std::string zh_text, std::string en_text) : zh(std::move(zh_text)), en(std::move(en_text)) {}
  // A text that reads the same in both languages (numbers, codes, names).
  static Text Same(std::string s) { return Text(s, s); }
};

// Where in the user's input an error was found. Rows are 1-based as Excel
// shows them; column is the letter plus the header, e.g. "C (在校生数)".
struct Location {
  std::string file;
  std::string sheet;
  int row = 0;
  std::string column;
  std::string value;  // the offending cell text, verbatim (truncated to 64 chars)

  bool empty() const { return file.empty() && sheet.empty() && row == 0 && column.empty(); }
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string id;  // stable, e.g. "import.not_a_number"; UIs and tests key on it
  Text message;
  Location where;
  std::vector<Text> context;  // outermost last: "读取文件 a.xlsx 时" ...

  // "文件 a.xlsx，工作表 分学段数据，第 7 行，C (在校生数) 列：…" (or the English form).
  std::string Describe(bool english = false) const;
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }
inline tl::unexpected<Error> Fail(ErrorCode code, std::string id, Text message) {
  return tl::unexpected<Error>(Error{code, std::move(id), std::move(message), {}, {}});
}
inline Status Ok() { return {}; }

}  // namespace jiaodu

#define JIAODU_CONCAT_INNER_(a, b) a##b
#define JIAODU_CONCAT_(a, b) JIAODU_CONCAT_INNER_(a, b)

// Evaluates `expr` (a Result<T>); on error returns it from the enclosing
// function, otherwise yields the value. A GNU statement expression: compiles
// cleanly with -Wpedantic thanks to __extension__ (g++ 12, clang 14/16).
// Each use gets its own temporary name, so nested uses do not shadow.
#define JIAODU_TRY(expr) JIAODU_TRY_IMPL_(expr, JIAODU_CONCAT_(jiaodu_try_, __COUNTER__))
#define JIAODU_TRY_IMPL_(expr, tmp)                    \
  __extension__({                                      \
    auto tmp = (expr);                                 \
    if (!tmp) {                                        \
      return ::tl::unexpected(std::move(tmp).error()); \
    }                                                  \
    std::move(tmp).value();                            \
  })

// For Status-returning expressions whose value is void.
#define JIAODU_TRY_STATUS(expr) \
  JIAODU_TRY_STATUS_IMPL_(expr, JIAODU_CONCAT_(jiaodu_try_status_, __COUNTER__))
#define JIAODU_TRY_STATUS_IMPL_(expr, tmp)             \
  do {                                                 \
    auto tmp = (expr);                                 \
    if (!tmp) {                                        \
      return ::tl::unexpected(std::move(tmp).error()); \
    }                                                  \
  } while (false)

#endif  // JIAODU_CORE_ERROR_H_
