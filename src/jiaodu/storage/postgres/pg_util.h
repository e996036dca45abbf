// File: jiaodu/storage/postgres/pg_util.h  (internal)
//
// What the PostgreSQL adapter needs around libpqxx: exceptions turned into
// the project's Error (libpqxx throws; nothing outside storage/postgres sees
// it), array parameters, the ISO timestamps the port returns, and
// connection-string editing.
#ifndef JIAODU_STORAGE_POSTGRES_PG_UTIL_H_
#define JIAODU_STORAGE_POSTGRES_PG_UTIL_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::pg {

// The exception being handled (call only inside a catch block) as an Error:
// unique violation → storage.duplicate, other constraint → storage.constraint
// (both kConflict), serialisation failure, deadlock or lock timeout →
// storage.busy, anything else → storage.postgres (kIo), with the server's
// message.
Error CurrentError(std::string_view what);

// Runs `f` (returning a Result) and turns any exception into its Error.
template <typename F>
auto Guarded(std::string_view what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (...) {
    return tl::unexpected<Error>(CurrentError(what));
  }
}

// A text[] / integer[] literal for a parameter: {"a","b"} (every element
// quoted, so commas, braces, quotes and backslashes survive).
std::string TextArray(std::span<const std::string> items);
std::string IntArray(std::span<const int64_t> items);

// The SQL expression for `column` (timestamptz) as the port's ISO 8601 UTC
// text, second precision: 2025-03-01T08:00:00Z, exactly what the SQLite
// adapter stores, so results compare equal whichever back end wrote them.
std::string Iso(std::string_view column);

// `url` (a libpq URI or key=value string) with search_path set to `schema`
// for every session it opens ([a-z0-9_] only).
std::string WithSearchPath(std::string_view url, std::string_view schema);
// `url` with its password replaced by *** (for messages and Describe).
std::string Redact(std::string_view url);

}  // namespace jiaodu::pg

#endif  // JIAODU_STORAGE_POSTGRES_PG_UTIL_H_
