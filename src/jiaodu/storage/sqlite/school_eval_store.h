// File: jiaodu/storage/sqlite/school_eval_store.h  (internal)
//
// The 办学质量评价 inputs' SQL on SQLite (tables school_eval_imports and
// school_eval_values, schema v11), as functions over the adapter's
// connection: the adapter holds its lock and the transaction.
#ifndef JIAODU_STORAGE_SQLITE_SCHOOL_EVAL_STORE_H_
#define JIAODU_STORAGE_SQLITE_SCHOOL_EVAL_STORE_H_

#include <optional>
#include <string_view>
#include <vector>

#include "jiaodu/storage/sqlite/sqlite_db.h"
#include "jiaodu/storage/storage.h"

namespace jiaodu::sqlite {

// Supersedes the current version of (scheme, year) and inserts `in` as the
// new one; storage.unknown_school for a school not registered. Inside a
// transaction.
Result<int64_t> InsertSchoolEvalInputs(Db& db, const SchoolEvalInputs& in);
Result<std::optional<SchoolEvalInputs>> ReadSchoolEvalInputs(Db& db, std::string_view scheme,
                                                             int year);
Result<std::vector<SchoolEvalInputs>> ReadSchoolEvalVersions(Db& db, std::string_view scheme);

}  // namespace jiaodu::sqlite

#endif  // JIAODU_STORAGE_SQLITE_SCHOOL_EVAL_STORE_H_
