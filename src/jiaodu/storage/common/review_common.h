// File: jiaodu/storage/common/review_common.h
//
// What both adapters do the same way for the review chain apart from SQL:
// the notes' JSON text, the school-years an import batch touches, and the
// errors (same ids and messages on every back end).
#ifndef JIAODU_STORAGE_COMMON_REVIEW_COMMON_H_
#define JIAODU_STORAGE_COMMON_REVIEW_COMMON_H_

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jiaodu/storage/storage.h"

namespace jiaodu::storage_common {

// [{"section":"primary","field":"students","note":"…"}], the text stored in
// review_events.notes (SQL users can read it with json_extract / jsonb).
std::string EncodeReviewNotes(const std::vector<ReviewNote>& notes);
Result<std::vector<ReviewNote>> DecodeReviewNotes(std::string_view text);

// (school code, academic start year) of every school record in `batch`.
std::set<std::pair<std::string, int>> BatchSchoolYears(const ImportBatch& batch);

// review.locked naming the (school, start year) pairs of `candidates` that
// are locked, asking `locked_in` once per year for the schools locked in it
// (a city locks a year once: few rows, read whole, rather than a query per
// school of a bulk import). Ok when none is.
Status RefuseLocked(const std::vector<std::pair<std::string, int>>& candidates,
                    const std::function<Result<std::set<std::string>>(int year)>& locked_in);

// storage.review_changed (kConflict): the school-year's log moved on since
// the caller read it.
Error ReviewChanged(AcademicYear year, std::string_view school);
// review.locked (kFailedPrecondition): a change to locked school-years,
// naming them ("school/year" pairs, sorted).
Error ReviewLocked(const std::vector<std::pair<std::string, int>>& locked);

}  // namespace jiaodu::storage_common

#endif  // JIAODU_STORAGE_COMMON_REVIEW_COMMON_H_
