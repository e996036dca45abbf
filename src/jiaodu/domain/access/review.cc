#include "jiaodu/domain/access/review.h"

#include <fmt/format.h>

#include <array>

namespace jiaodu::access {
namespace {

using S = ReviewState;
using P = ReviewStep;

constexpr std::array<S, 5> kStates{S::kDraft, S::kSchoolReview, S::kCountyReview, S::kCityReview,
                                   S::kLocked};
struct StateInfo {
  std::string_view key;
  const char* zh;
  const char* en;
};
constexpr std::array<StateInfo, 5> kStateInfo{{
    {"draft", "填报中", "being filled"},
    {"school_review", "待学校审核", "awaiting school review"},
    {"county_review", "待县级审核", "awaiting county review"},
    {"city_review", "待市级审核", "awaiting city review"},
    {"locked", "已锁定", "locked"},
}};
constexpr std::array<StateInfo, 5> kStepInfo{{
    {"submit", "提交", "submit"},
    {"withdraw", "撤回", "withdraw"},
    {"approve", "审核通过", "approve"},
    {"return", "退回", "return"},
    {"reopen", "解锁", "reopen"},
}};

const std::array<ReviewRule, 9> kRules{{
    {S::kDraft, P::kSubmit, S::kSchoolReview, Role::kSchoolClerk, false, false},
    {S::kSchoolReview, P::kWithdraw, S::kDraft, Role::kSchoolClerk, false, false},
    {S::kSchoolReview, P::kApprove, S::kCountyReview, Role::kSchoolReviewer, false, false},
    {S::kSchoolReview, P::kReturn, S::kDraft, Role::kSchoolReviewer, true, false},
    {S::kCountyReview, P::kApprove, S::kCityReview, Role::kCounty, false, false},
    {S::kCountyReview, P::kReturn, S::kDraft, Role::kCounty, true, true},
    {S::kCityReview, P::kApprove, S::kLocked, Role::kCity, false, false},
    {S::kCityReview, P::kReturn, S::kCountyReview, Role::kCity, true, true},
    {S::kLocked, P::kReopen, S::kDraft, Role::kCity, true, false},
}};

Error Refuse(std::string id, std::string zh, std::string en) {
  return Error{
      ErrorCode::kFailedPrecondition, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
}

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

std::span<const ReviewState> AllReviewStates() { return kStates; }
std::string_view ReviewStateKey(ReviewState s) { return kStateInfo[static_cast<size_t>(s)].key; }
Text ReviewStateName(ReviewState s) {
  const auto& i = kStateInfo[static_cast<size_t>(s)];
  return Text(i.zh, i.en);
}
std::optional<ReviewState> ParseReviewState(std::string_view key) {
  for (size_t i = 0; i < kStateInfo.size(); ++i) {
    if (kStateInfo[i].key == key) return kStates[i];
  }
  return std::nullopt;
}
std::string_view ReviewStepKey(ReviewStep s) { return kStepInfo[static_cast<size_t>(s)].key; }
Text ReviewStepName(ReviewStep s) {
  const auto& i = kStepInfo[static_cast<size_t>(s)];
  return Text(i.zh, i.en);
}
std::optional<ReviewStep> ParseReviewStep(std::string_view key) {
  for (size_t i = 0; i < kStepInfo.size(); ++i) {
    if (kStepInfo[i].key == key) return static_cast<ReviewStep>(i);
  }
  return std::nullopt;
}

std::span<const ReviewRule> ReviewRules() { return kRules; }

Result<ReviewState> ReviewTransition(ReviewState from, const ReviewRequest& r) {
  const ReviewRule* rule = nullptr;
  for (const ReviewRule& x : kRules) {
    if (x.from == from && x.step == r.step) rule = &x;
  }
  const Text state = ReviewStateName(from), step = ReviewStepName(r.step);
  if (rule == nullptr) {
    std::string zh, en;
    for (const ReviewRule& x : kRules) {
      if (x.from != from) continue;
      if (!zh.empty()) zh += "、", en += ", ";
      zh += ReviewStepName(x.step).zh;
      en += ReviewStepName(x.step).en;
    }
    return Fail(Refuse("review.not_allowed",
                       fmt::format("“{}”状态下不能{}（可以：{}）", state.zh, step.zh, zh),
                       fmt::format("cannot {} while {} (possible: {})", step.en, state.en, en)));
  }
  if (rule->role != r.role) {
    return Fail(Refuse("review.wrong_role",
                       fmt::format("“{}”状态下只有{}可以{}，{}不能", state.zh,
                                   RoleName(rule->role).zh, step.zh, RoleName(r.role).zh),
                       fmt::format("while {} only a {} may {}, not a {}", state.en,
                                   RoleName(rule->role).en, step.en, RoleName(r.role).en)));
  }
  if (rule->needs_reason && Blank(r.reason)) {
    return Fail(Refuse("review.needs_reason", fmt::format("{}须填写理由", step.zh),
                       fmt::format("{} needs a reason", step.en)));
  }
  if (rule->needs_items) {
    if (r.items.empty()) {
      return Fail(
          Refuse("review.needs_items", fmt::format("{}须逐项指明有问题的字段或行及其原因", step.zh),
                 fmt::format("{} must name each field or row at issue, with why", step.en)));
    }
    for (const ReturnItem& item : r.items) {
      if (Blank(item.target) || Blank(item.reason)) {
        return Fail(
            Refuse("review.needs_items",
                   fmt::format("退回的每一项都须写明字段或行及原因（“{}”不完整）", item.target),
                   fmt::format("each returned item needs a field or row and a reason "
                               "(\"{}\" is incomplete)",
                               item.target)));
      }
    }
  }
  return rule->to;
}

std::vector<ReviewStep> AvailableSteps(ReviewState state, Role role) {
  std::vector<ReviewStep> out;
  for (const ReviewRule& x : kRules) {
    if (x.from == state && x.role == role) out.push_back(x.step);
  }
  return out;
}

}  // namespace jiaodu::access
