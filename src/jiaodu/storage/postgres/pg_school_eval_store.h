// File: jiaodu/storage/postgres/pg_school_eval_store.h  (internal)
//
// The 办学质量评价 inputs' SQL on PostgreSQL (school_eval_imports and
// school_eval_values, schema v5), as functions over the adapter's
// transaction (the adapter holds the data lock).
#ifndef JIAODU_STORAGE_POSTGRES_PG_SCHOOL_EVAL_STORE_H_
#define JIAODU_STORAGE_POSTGRES_PG_SCHOOL_EVAL_STORE_H_

#include <optional>
#include <pqxx/pqxx>
#include <string_view>
#include <vector>

#include "jiaodu/storage/storage.h"

namespace jiaodu::pg {

// Supersedes the current version of (scheme, year) and inserts `in`;
// storage.unknown_school for a school not registered.
Result<int64_t> InsertSchoolEvalInputs(pqxx::transaction_base& tx, const SchoolEvalInputs& in);
Result<std::optional<SchoolEvalInputs>> ReadSchoolEvalInputs(pqxx::transaction_base& tx,
                                                             std::string_view scheme, int year);
Result<std::vector<SchoolEvalInputs>> ReadSchoolEvalVersions(pqxx::transaction_base& tx,
                                                             std::string_view scheme);

}  // namespace jiaodu::pg

#endif  // JIAODU_STORAGE_POSTGRES_PG_SCHOOL_EVAL_STORE_H_
