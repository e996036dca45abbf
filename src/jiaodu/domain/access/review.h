// File: jiaodu/domain/access/review.h
//
// The review chain of a school's annual data (one school, one year, one
// dataset), as one rule table:
//
//   填报中 ─(学校填报员 提交)→ 待学校审核 ─(学校审核人 通过)→ 待县级审核
//     ─(县局 通过)→ 待市级审核 ─(市局 通过并锁定)→ 已锁定
//
// * 退回 needs a reason and, from the county and the city, the fields or
//   rows it concerns, each with its own reason, so the clerk knows what to
//   fix. The school reviewer and the county return to 填报中; the city
//   returns to 待县级审核 (the county answers for its schools' data and
//   decides whether the school must change it).
// * The clerk may withdraw a submission the school reviewer has not
//   handled yet (撤回, back to 填报中).
// * Only the city reopens a locked year, with a reason; the school then
//   fills again from 填报中. Nothing is erased: every step is an event.
// Validation at submit (the field checks, and year-on-year changes beyond
// a factor that the clerk must confirm) is the app's, before Transition.
#ifndef JIAODU_DOMAIN_ACCESS_REVIEW_H_
#define JIAODU_DOMAIN_ACCESS_REVIEW_H_

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/access/role.h"

namespace jiaodu::access {

enum class ReviewState {
  kDraft,         // 填报中
  kSchoolReview,  // 待学校审核
  kCountyReview,  // 待县级审核
  kCityReview,    // 待市级审核
  kLocked,        // 已锁定
};
std::span<const ReviewState> AllReviewStates();
std::string_view ReviewStateKey(ReviewState s);  // draft, school_review, county_review, ...
Text ReviewStateName(ReviewState s);
std::optional<ReviewState> ParseReviewState(std::string_view key);

enum class ReviewStep { kSubmit, kWithdraw, kApprove, kReturn, kReopen };
std::string_view ReviewStepKey(ReviewStep s);  // submit, withdraw, approve, return, reopen
Text ReviewStepName(ReviewStep s);
std::optional<ReviewStep> ParseReviewStep(std::string_view key);

struct ReviewRule {
  ReviewState from;
  ReviewStep step;
  ReviewState to;
  Role role;
  bool needs_reason = false;
  bool needs_items = false;  // 退回 naming fields or rows
};
std::span<const ReviewRule> ReviewRules();

// A field or row a return is about, with why ("在校生数：与学籍系统不符").
struct ReturnItem {
  std::string target;  // a field id, or "row 12" of an uploaded table
  std::string reason;
};

struct ReviewRequest {
  ReviewStep step = ReviewStep::kSubmit;
  Role role = Role::kSchoolClerk;
  std::string reason;
  std::vector<ReturnItem> items;
};

// The state `request` leads to from `from`, or why not (zh/en, ids
// review.not_allowed naming the allowed steps, review.wrong_role naming the
// role that may, review.needs_reason, review.needs_items).
Result<ReviewState> ReviewTransition(ReviewState from, const ReviewRequest& request);

// The steps `role` may take from `state` (for the UI's buttons).
std::vector<ReviewStep> AvailableSteps(ReviewState state, Role role);

}  // namespace jiaodu::access

#endif  // JIAODU_DOMAIN_ACCESS_REVIEW_H_
