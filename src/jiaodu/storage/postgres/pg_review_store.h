// File: jiaodu/storage/postgres/pg_review_store.h  (internal)
//
// The review chain's SQL on PostgreSQL (table review_events, schema v4), as
// functions over the adapter's transaction: the adapter holds the data lock
// (LockData), so a step and an import never interleave between checking the
// state and writing.
#ifndef JIAODU_STORAGE_POSTGRES_PG_REVIEW_STORE_H_
#define JIAODU_STORAGE_POSTGRES_PG_REVIEW_STORE_H_

#include <pqxx/pqxx>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/storage/storage.h"

namespace jiaodu::pg {

Result<int64_t> InsertReviewEvent(pqxx::transaction_base& tx, const ReviewEvent& e,
                                  int64_t expected_last);
Result<std::vector<ReviewEvent>> ReadReviewEvents(pqxx::transaction_base& tx, AcademicYear year,
                                                  std::string_view school);
Result<std::vector<ReviewEvent>> ReadLatestReviewEvents(pqxx::transaction_base& tx,
                                                        AcademicYear year,
                                                        std::span<const std::string> counties);
// review.locked when any (school, start year) pair is locked.
Status CheckNotLocked(pqxx::transaction_base& tx,
                      const std::set<std::pair<std::string, int>>& school_years);
Status CheckImportNotLocked(pqxx::transaction_base& tx, int64_t import_id);

}  // namespace jiaodu::pg

#endif  // JIAODU_STORAGE_POSTGRES_PG_REVIEW_STORE_H_
