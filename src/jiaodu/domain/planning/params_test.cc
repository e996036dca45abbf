#include "jiaodu/domain/planning/params.h"

#include <gtest/gtest.h>

#include "jiaodu/domain/planning/test_util.h"

namespace jiaodu::planning {
namespace {

using testing::NationalParams;

TEST(PlanningParams, NationalSetIsValid) { EXPECT_TRUE(NationalParams().Validate()); }

TEST(PlanningParams, PreschoolStandardIsByGradeAndMixedClassesUseThirty) {
  const auto p = NationalParams();
  EXPECT_EQ(p.class_size.StandardFor(Level::kPreschool, 1), 25);
  EXPECT_EQ(p.class_size.StandardFor(Level::kPreschool, 2), 30);
  EXPECT_EQ(p.class_size.StandardFor(Level::kPreschool, 3), 35);
  EXPECT_EQ(p.class_size.StandardFor(Level::kPreschool, 0), 30);
  EXPECT_EQ(p.class_size.StandardFor(Level::kPrimary, 3), 45);
  // The 优质均衡 limits: 小学 45, 初中 50; 高中 none; 幼儿园 its grade's standard.
  EXPECT_EQ(p.class_size.LimitFor(Level::kPrimary, 1), 45);
  EXPECT_EQ(p.class_size.LimitFor(Level::kJunior, 1), 50);
  EXPECT_EQ(p.class_size.LimitFor(Level::kSenior, 1), 0);
  EXPECT_EQ(p.class_size.LimitFor(Level::kPreschool, 1), 25);
}

TEST(PlanningParams, StandardSchoolPlacesAreClassesTimesStandard) {
  const auto p = NationalParams();
  EXPECT_EQ(p.StandardSchoolPlaces(Level::kPrimary), 24 * 45);
  EXPECT_EQ(p.StandardSchoolPlaces(Level::kJunior), 24 * 50);
  // 9 班 幼儿园 = 3 × (25 + 30 + 35).
  EXPECT_EQ(p.StandardSchoolPlaces(Level::kPreschool), 270);
}

TEST(PlanningParams, OverlappingBandsAreRejected) {
  auto p = NationalParams();
  p.class_size.bands[1].min = 55;  // 偏大 46–55 and 大 55–65 overlap at 55
  auto s = p.Validate();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().id, "planning.invalid_params");
  EXPECT_NE(s.error().message.zh.find("大班额"), std::string::npos);
}

TEST(PlanningParams, OnlyTheLastBandMayBeOpen) {
  auto p = NationalParams();
  p.class_size.bands[0].max = 0;
  EXPECT_FALSE(p.Validate());
}

TEST(PlanningParams, MissingDefaultScenarioIsRejected) {
  auto p = NationalParams();
  p.forecast.default_scenario = "central";
  auto s = p.Validate();
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.zh.find("central"), std::string::npos);
}

TEST(PlanningParams, DuplicateScenarioIdsAreRejected) {
  auto p = NationalParams();
  p.forecast.scenarios[2].id = "low";
  EXPECT_FALSE(p.Validate());
}

TEST(PlanningParams, AnAdditionWithoutItsFigureIsRejected) {
  auto p = NationalParams();
  StaffingAddition a;
  a.id = "boarding";
  a.kind = StaffingAddition::Kind::kPerBoarders;
  a.target = StaffingAddition::Target::kBoardingSchool;
  p.staffing.additions.push_back(a);
  EXPECT_FALSE(p.Validate());
  p.staffing.additions[0].boarders_per_post = 50;
  EXPECT_TRUE(p.Validate());
}

TEST(PlanningParams, HorizonOutsideOneToThirtyIsRejected) {
  auto p = NationalParams();
  p.forecast.horizon_years = 0;
  EXPECT_FALSE(p.Validate());
  p.forecast.horizon_years = 31;
  EXPECT_FALSE(p.Validate());
}

TEST(BirthBasis, ParsesBothNames) {
  EXPECT_EQ(*ParseBirthBasis("户籍"), BirthBasis::kHuji);
  EXPECT_EQ(*ParseBirthBasis("resident"), BirthBasis::kResident);
  EXPECT_FALSE(ParseBirthBasis("both"));
}

}  // namespace
}  // namespace jiaodu::planning
