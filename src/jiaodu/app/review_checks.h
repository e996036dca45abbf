// File: jiaodu/app/review_checks.h
//
// What a school's submission (提交) is checked against before it enters the
// review chain (docs/access.md): the checks every import runs on a school's
// record (required fields, each value's kind and plausibility limits, the
// catalog's cross-field rules through the engine's own contexts), and the
// cross-year check, whose factor is data (data/review/checks.toml).
#ifndef JIAODU_APP_REVIEW_CHECKS_H_
#define JIAODU_APP_REVIEW_CHECKS_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/schools/record.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu {

struct ReviewChecks {
  // A change is flagged when new > factor × old or new < old / factor
  // (old and new > 0).
  double factor = 2.0;
  Text reason;  // why this factor (shown beside the flags)
};

// data/review/checks.toml (review.bad_checks when a key is wrong).
Result<ReviewChecks> LoadReviewChecks(const std::filesystem::path& file);

// A field of a school-year: `section` is the stage key, "" at school level.
struct FieldRef {
  std::string section;
  std::string field;
  bool operator==(const FieldRef&) const = default;
  auto operator<=>(const FieldRef&) const = default;
};

// A problem in a school's record that refuses its submission.
struct RecordProblem {
  FieldRef where;  // field empty for a cross-field rule of a section
  Error error;
};
std::vector<RecordProblem> CheckSchoolRecord(const Standard& standard, const SchoolYearRecord& r);

// A value that moved by more than the factor since the previous year.
struct ChangeFlag {
  FieldRef where;
  double old_value = 0;
  double new_value = 0;
};
std::vector<ChangeFlag> CrossYearFlags(const FieldCatalog& catalog, const SchoolYearRecord& now,
                                       const SchoolYearRecord& before, double factor);

}  // namespace jiaodu

#endif  // JIAODU_APP_REVIEW_CHECKS_H_
