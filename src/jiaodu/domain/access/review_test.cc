#include "jiaodu/domain/access/review.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

namespace jiaodu::access {
namespace {

ReviewRequest Req(ReviewStep step, Role role, std::string reason = "理由",
                  std::vector<ReturnItem> items = {{"students", "与学籍系统不符"}}) {
  return ReviewRequest{step, role, std::move(reason), std::move(items)};
}

// Every (state, step, role) triple, 5 × 5 × 7 = 175, against the fixture
// listing the only ones allowed: those lead where it says, every other is
// refused with a review.* id and a Chinese reason.
TEST(ReviewChain, EveryStateStepAndRoleMatchesTheFixture) {
  std::ifstream in(JIAODU_TEST_FIXTURE_DIR "/access/review.csv");
  std::map<std::tuple<std::string, std::string, std::string>, std::string> allowed;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line.rfind("from,", 0) == 0) continue;
    std::stringstream ss(line);
    std::string f, s, r, t;
    std::getline(ss, f, ',');
    std::getline(ss, s, ',');
    std::getline(ss, r, ',');
    std::getline(ss, t, ',');
    allowed[{f, s, r}] = t;
  }
  ASSERT_EQ(allowed.size(), 9u);
  int passed = 0, refused = 0;
  for (ReviewState from : AllReviewStates()) {
    for (int k = 0; k < 5; ++k) {
      const auto step = static_cast<ReviewStep>(k);
      for (Role role : AllRoles()) {
        auto r = ReviewTransition(from, Req(step, role));
        auto it = allowed.find({std::string(ReviewStateKey(from)), std::string(ReviewStepKey(step)),
                                std::string(RoleKey(role))});
        if (it != allowed.end()) {
          ASSERT_TRUE(r) << it->second << ": " << r.error().message.zh;
          EXPECT_EQ(ReviewStateKey(*r), it->second);
          ++passed;
        } else {
          ASSERT_FALSE(r);
          EXPECT_TRUE(r.error().id == "review.not_allowed" || r.error().id == "review.wrong_role");
          EXPECT_FALSE(r.error().message.zh.empty());
          ++refused;
        }
      }
    }
  }
  EXPECT_EQ(passed, 9);
  EXPECT_EQ(refused, 175 - 9);
}

TEST(ReviewChain, AReturnNeedsAReasonAndFromTheCountyEachFieldWithItsOwn) {
  auto r = ReviewTransition(ReviewState::kSchoolReview,
                            Req(ReviewStep::kReturn, Role::kSchoolReviewer, "  "));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "review.needs_reason");
  // The school reviewer need not itemise; the county must.
  EXPECT_TRUE(ReviewTransition(ReviewState::kSchoolReview,
                               Req(ReviewStep::kReturn, Role::kSchoolReviewer, "数据不全", {})));
  r = ReviewTransition(ReviewState::kCountyReview,
                       Req(ReviewStep::kReturn, Role::kCounty, "数据有误", {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "review.needs_items");
  r = ReviewTransition(ReviewState::kCountyReview,
                       Req(ReviewStep::kReturn, Role::kCounty, "数据有误", {{"students", ""}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "review.needs_items");
}

TEST(ReviewChain, OnlyTheCityReopensALockedYearAndOnlyWithAReason) {
  auto county = ReviewTransition(ReviewState::kLocked, Req(ReviewStep::kReopen, Role::kCounty));
  ASSERT_FALSE(county);
  EXPECT_EQ(county.error().id, "review.wrong_role");
  EXPECT_NE(county.error().message.zh.find("市局"), std::string::npos);
  auto bare = ReviewTransition(ReviewState::kLocked, Req(ReviewStep::kReopen, Role::kCity, ""));
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().id, "review.needs_reason");
  auto ok = ReviewTransition(ReviewState::kLocked, Req(ReviewStep::kReopen, Role::kCity));
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, ReviewState::kDraft);
}

TEST(ReviewChain, ARefusalNamesTheStepsPossibleNow) {
  auto r = ReviewTransition(ReviewState::kDraft, Req(ReviewStep::kApprove, Role::kCounty));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "review.not_allowed");
  EXPECT_NE(r.error().message.zh.find("提交"), std::string::npos) << r.error().message.zh;
}

TEST(ReviewChain, AvailableStepsAreTheButtonsARoleSees) {
  EXPECT_EQ(AvailableSteps(ReviewState::kSchoolReview, Role::kSchoolClerk),
            std::vector<ReviewStep>{ReviewStep::kWithdraw});
  EXPECT_EQ(AvailableSteps(ReviewState::kCityReview, Role::kCity),
            (std::vector<ReviewStep>{ReviewStep::kApprove, ReviewStep::kReturn}));
  EXPECT_TRUE(AvailableSteps(ReviewState::kLocked, Role::kCounty).empty());
}

}  // namespace
}  // namespace jiaodu::access
