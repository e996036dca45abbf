#include "jiaodu/domain/planning/capacity.h"

#include <gtest/gtest.h>

#include "jiaodu/domain/planning/test_util.h"

namespace jiaodu::planning {
namespace {

using testing::HasNotice;
using testing::NationalParams;

SectionSupply Section(std::string school, std::string area, Level l, int classes,
                      std::optional<int64_t> design = std::nullopt) {
  SectionSupply s;
  s.school = std::move(school);
  s.school_name = s.school;
  s.area = std::move(area);
  s.level = l;
  s.classes = classes;
  s.design_capacity = design;
  return s;
}

DemandPoint D(int year, std::optional<int64_t> students, bool observed = false) {
  return {"A", Level::kPrimary, year, students, observed};
}

// Area A, 小学: 24 classes × 45 = 1080 and a declared 600 → 1680 places;
// an expansion of 6 classes (6 × 45 = 270) opens in 2026.
CapacityInput AreaA() {
  CapacityInput in;
  in.sections = {Section("S1", "A", Level::kPrimary, 24),
                 Section("S2", "A", Level::kPrimary, 12, 600)};
  PlannedProject pr;
  pr.id = "P1";
  pr.name = "二小扩建";
  pr.area = "A";
  pr.kind = ProjectKind::kExpansion;
  pr.opening_year = 2026;
  pr.classes = 6;
  in.projects = {pr};
  in.demand = {D(2022, 1500, true), D(2023, 1600, true), D(2024, 1700),
               D(2025, 1900),       D(2026, 1800),       D(2027, 3100)};
  return in;
}

TEST(Capacity, PlacesAreClassesTimesStandardUnlessADesignCapacityIsDeclared) {
  CapacityInput in;
  in.sections = {Section("S1", "A", Level::kPrimary, 24),
                 Section("S2", "A", Level::kPrimary, 12, 600),
                 Section("S3", "A", Level::kJunior, 10), Section("K1", "A", Level::kPreschool, 6),
                 Section("K2", "A", Level::kPreschool, 0)};
  in.sections[4].classes_by_grade = {2, 2, 2};
  auto r = Capacity(in, NationalParams());
  ASSERT_EQ(r.sections.size(), 5u);
  EXPECT_EQ(r.sections[0].places, 24 * 45);
  EXPECT_EQ(r.sections[0].basis, CapacityBasis::kClasses);
  EXPECT_EQ(r.sections[1].places, 600);
  EXPECT_EQ(r.sections[1].by_classes, 12 * 45);  // shown beside the declared figure
  EXPECT_EQ(r.sections[1].basis, CapacityBasis::kDesign);
  EXPECT_EQ(r.sections[2].places, 10 * 50);
  EXPECT_EQ(r.sections[3].places, 6 * 30);                    // 混合班 standard
  EXPECT_EQ(r.sections[4].places, 2 * 25 + 2 * 30 + 2 * 35);  // 小班, 中班, 大班
}

// Year by year (existing 1680; +270 from 2026):
//   2023 1680 − 1600 = +80            needed 0
//   2024 1680 − 1700 = −20  short     needed 20   (+20)   1 school of 1080
//   2025 1680 − 1900 = −220           needed 220  (+200)  1
//   2026 1950 − 1800 = +150           needed 220  (+0)    1
//   2027 1950 − 3100 = −1150          needed 1150 (+930)  2 (+1)
TEST(Capacity, GapsFirstShortYearAndPlacesNeededByWhen) {
  auto r = Capacity(AreaA(), NationalParams());
  const auto* a = r.Find("A", Level::kPrimary);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->standard_school_places, 1080);
  ASSERT_EQ(a->years.size(), 5u);  // from the base year 2023 (2022 is history)
  EXPECT_EQ(a->years[0].year, 2023);
  EXPECT_EQ(a->years[0].gap, 80);
  EXPECT_EQ(a->first_short_year, 2024);
  const int64_t needed[] = {0, 20, 220, 220, 1150};
  const int64_t needed_new[] = {0, 20, 200, 0, 930};
  const int64_t schools[] = {0, 1, 1, 1, 2};
  const int64_t added[] = {0, 0, 0, 270, 270};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(a->years[i].needed, needed[i]) << a->years[i].year;
    EXPECT_EQ(a->years[i].needed_new, needed_new[i]) << a->years[i].year;
    EXPECT_EQ(a->years[i].schools_needed, schools[i]) << a->years[i].year;
    EXPECT_EQ(a->years[i].added, added[i]) << a->years[i].year;
  }
  EXPECT_EQ(a->years[3].gap, 150);
  EXPECT_EQ(a->years[4].schools_new, 1);
  EXPECT_EQ(a->needed, 1150);
  EXPECT_EQ(a->schools_needed, 2);
  EXPECT_TRUE(a->demand_complete);
}

TEST(Capacity, AnAreaThatNeverRunsShortHasNoFirstShortYear) {
  auto in = AreaA();
  in.demand = {D(2023, 1000, true), D(2024, 1680)};  // exactly full is not short
  auto r = Capacity(in, NationalParams());
  const auto* a = r.Find("A", Level::kPrimary);
  EXPECT_FALSE(a->first_short_year);
  EXPECT_EQ(a->years[1].gap, 0);
  EXPECT_EQ(a->needed, 0);
}

TEST(Capacity, ProjectOpeningBeforeTheBaseYearIsNotCountedTwice) {
  auto in = AreaA();
  in.projects[0].opening_year = 2023;
  auto r = Capacity(in, NationalParams());
  EXPECT_TRUE(HasNotice(r, "planning.project_past"));
  EXPECT_FALSE(r.projects[0].counted);
  EXPECT_EQ(r.Find("A", Level::kPrimary)->years[3].added, 0);
}

TEST(Capacity, UnknownDemandIsNotTreatedAsZero) {
  auto in = AreaA();
  in.demand[2].students.reset();  // 2024 unknown
  auto r = Capacity(in, NationalParams());
  const auto* a = r.Find("A", Level::kPrimary);
  EXPECT_FALSE(a->demand_complete);
  EXPECT_TRUE(HasNotice(r, "planning.demand_unknown"));
  EXPECT_FALSE(a->years[1].gap);
  EXPECT_EQ(a->first_short_year, 2025);
}

// Target (2020, 2027]: needed beyond today's 1680 places by 2027 is
// 3100 − 1680 = 1420; the target of 1500 covers it (+80); the one planned
// project (270, opening 2026) falls 1230 short of the target.
TEST(Capacity, PlanTargetIsComparedWithTheNeedAndThePlannedProjects) {
  auto in = AreaA();
  in.targets = {{"T1", "新增小学学位", "A", Level::kPrimary, 2020, 2027, 1500},
                {"T2", "新增学位（2025年前）", "", std::nullopt, 2020, 2025, 100}};
  auto r = Capacity(in, NationalParams());
  ASSERT_EQ(r.targets.size(), 2u);
  EXPECT_EQ(r.targets[0].needed, 1420);
  EXPECT_TRUE(r.targets[0].covers_need);
  EXPECT_EQ(r.targets[0].target_minus_needed, 80);
  EXPECT_EQ(r.targets[0].planned, 270);
  EXPECT_EQ(r.targets[0].planned_minus_target, -1230);
  // By 2025: 1900 − 1680 = 220 needed; 100 does not cover it.
  EXPECT_EQ(r.targets[1].needed, 220);
  EXPECT_FALSE(r.targets[1].covers_need);
  EXPECT_EQ(r.targets[1].planned, 0);
}

TEST(Capacity, SupplyWithoutDemandAndSectionsWithoutPlacesAreReported) {
  CapacityInput in;
  in.sections = {Section("S9", "B", Level::kJunior, 0)};
  auto r = Capacity(in, NationalParams());
  EXPECT_TRUE(HasNotice(r, "planning.no_capacity"));
  EXPECT_TRUE(HasNotice(r, "planning.no_demand"));
  EXPECT_TRUE(r.areas.empty());
}

TEST(Capacity, ForecastRowsBecomeDemand) {
  ForecastResult f;
  AreaForecast a;
  a.area = "A";
  LevelYear y;
  y.year = 2024;
  y.level = Level::kJunior;
  y.students = 1234;
  a.rows = {y};
  f.areas = {a};
  auto d = DemandFrom(f);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].area, "A");
  EXPECT_EQ(d[0].level, Level::kJunior);
  EXPECT_EQ(d[0].students, 1234);
  EXPECT_FALSE(d[0].observed);
}

}  // namespace
}  // namespace jiaodu::planning
