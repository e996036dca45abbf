// File: jiaodu/app/review_service.h
//
// The review chain of a school's annual data as use cases (issue 8,
// docs/access.md "The review chain"): the clerk edits and submits, the
// school reviewer, the county and the city pass or return, the city locks
// and reopens. The rules are the domain's (access/review.h); this class
// checks the acting user's role and area on every call (the server's guard
// checks too, but the service does not rely on it), validates at submit,
// and stores each step as an event with its audit entry.
//
// The data under review are the school's SchoolYearRecord of one year in
// the standard's catalog; an edit is an ImportBatch of kind "edit" holding
// only that school, so evaluation, history and undo need nothing new.
//
//   ReviewService review(service, checks);
//   review.SaveValues(clerk, AcademicYear(2024), "3301020001", changes);
//   review.TakeStep(clerk, AcademicYear(2024), "3301020001", {ReviewStep::kSubmit, ...}, addr);
#ifndef JIAODU_APP_REVIEW_SERVICE_H_
#define JIAODU_APP_REVIEW_SERVICE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/app/review_checks.h"
#include "jiaodu/app/service.h"
#include "jiaodu/domain/access/review.h"
#include "jiaodu/domain/access/scope.h"
#include "jiaodu/storage/storage.h"

namespace jiaodu {

// A school and where it stands in the chain for a year.
struct ReviewSchoolState {
  School school;
  access::ReviewState state = access::ReviewState::kDraft;
  std::optional<ReviewEvent> last;  // none: nothing happened yet (填报中)
};

// An area's schools (a county's, the city's, or one school) and how many
// are in each state (indexed by ReviewState).
struct ReviewAreaStatus {
  Area area;
  AcademicYear year;
  std::vector<ReviewSchoolState> schools;
  std::array<int, 5> counts{};
};

// What waits for the user's role in their area, and, for school roles and
// 督学, their schools whatever their state.
struct ReviewQueue {
  std::vector<ReviewSchoolState> waiting;
  std::vector<ReviewSchoolState> mine;
};

// One field of the form with last year's value beside it.
struct ReviewField {
  FieldRef where;
  const FieldDef* def = nullptr;
  std::optional<double> value;
  std::optional<double> last;
  bool flagged = false;
};

struct ReviewSchoolView {
  School school;
  Area county;
  AcademicYear year;
  std::shared_ptr<const Standard> standard;
  access::ReviewState state = access::ReviewState::kDraft;
  std::vector<access::ReviewStep> steps;  // those the user may take now
  bool editable = false;                  // the user may save values now
  int64_t last_event = 0;
  bool has_data = false;       // a current record for the year
  bool has_last_year = false;  // a record of the year before
  std::vector<ReviewField> fields;
  std::vector<ChangeFlag> flags;
  std::vector<RecordProblem> problems;
  std::vector<ReviewEvent> events;
};

// A value to set (nullopt clears it).
struct ReviewValueChange {
  FieldRef where;
  std::optional<double> value;
};

struct ReviewStepRequest {
  access::ReviewStep step = access::ReviewStep::kSubmit;
  std::string reason;
  std::vector<ReviewNote> notes;          // 退回: per-field notes
  std::vector<ReviewNote> confirmations;  // 提交: a note per flagged change
};

class ReviewService {
 public:
  // `clock` gives unix seconds (tests pass a fixed one).
  ReviewService(Service& svc, ReviewChecks checks, std::function<int64_t()> clock = {});

  const ReviewChecks& checks() const { return checks_; }

  // The schools of `area` (the city, a county or a school code; "" = the
  // city) with data
  // for the year in the standard's data set, and their states.
  Result<ReviewAreaStatus> AreaStatus(const access::Principal& p, AcademicYear year,
                                      std::string_view area,
                                      std::string_view standard = kDefaultStandard);
  Result<ReviewQueue> Queue(const access::Principal& p, AcademicYear year,
                            std::string_view standard = kDefaultStandard);
  Result<ReviewSchoolView> SchoolView(const access::Principal& p, AcademicYear year,
                                      std::string_view code,
                                      std::string_view standard = kDefaultStandard);
  // The clerk's edit, in 填报中 only; returns the import id of the new
  // version.
  Result<int64_t> SaveValues(const access::Principal& p, AcademicYear year, std::string_view code,
                             std::span<const ReviewValueChange> changes,
                             std::string_view standard = kDefaultStandard);
  // A step of the chain; returns the stored event.
  Result<ReviewEvent> TakeStep(const access::Principal& p, AcademicYear year, std::string_view code,
                               const ReviewStepRequest& request, std::string_view from_addr,
                               std::string_view standard = kDefaultStandard);

 private:
  struct Loaded;
  Result<Loaded> Load(const access::Principal& p, access::Action action, AcademicYear year,
                      std::string_view code, std::string_view standard);

  Service& svc_;
  ReviewChecks checks_;
  std::function<int64_t()> clock_;
};

}  // namespace jiaodu

#endif  // JIAODU_APP_REVIEW_SERVICE_H_
