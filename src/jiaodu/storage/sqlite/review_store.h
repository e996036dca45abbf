// File: jiaodu/storage/sqlite/review_store.h  (internal)
//
// The review chain's SQL on SQLite (table review_events, schema v10), as
// functions over the adapter's connection: the adapter holds its lock and
// the transaction, these only read and write rows.
#ifndef JIAODU_STORAGE_SQLITE_REVIEW_STORE_H_
#define JIAODU_STORAGE_SQLITE_REVIEW_STORE_H_

#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/storage/sqlite/sqlite_db.h"
#include "jiaodu/storage/storage.h"

namespace jiaodu::sqlite {

// Inserts `e` unless the school-year's last event id differs from
// `expected_last` (storage.review_changed). Inside a transaction.
Result<int64_t> InsertReviewEvent(Db& db, const ReviewEvent& e, int64_t expected_last);
Result<std::vector<ReviewEvent>> ReadReviewEvents(Db& db, AcademicYear year,
                                                  std::string_view school);
Result<std::vector<ReviewEvent>> ReadLatestReviewEvents(Db& db, AcademicYear year,
                                                        std::span<const std::string> counties);
// review.locked when any of the (school, start year) pairs is locked.
Status CheckNotLocked(Db& db, const std::set<std::pair<std::string, int>>& school_years);
// The same for the school-years an import wrote (before undoing it).
Status CheckImportNotLocked(Db& db, int64_t import_id);

}  // namespace jiaodu::sqlite

#endif  // JIAODU_STORAGE_SQLITE_REVIEW_STORE_H_
