#include "jiaodu/formats/json/planning_json.h"

#include <gtest/gtest.h>

namespace jiaodu::wire {
namespace {

using planning::Level;

TEST(PlanningJson, AnUnknownDemandIsNullNotZero) {
  planning::CapacityResult r;
  planning::AreaLevelCapacity a;
  a.area = "990103";
  a.level = Level::kJunior;
  planning::GapYear unknown;
  unknown.year = 2025;
  unknown.existing = unknown.supply = 1000;
  planning::GapYear short_year = unknown;
  short_year.year = 2026;
  short_year.demand = 1100;
  short_year.gap = -100;
  short_year.needed = short_year.needed_new = 100;
  short_year.schools_needed = 1;
  a.years = {unknown, short_year};
  a.first_short_year = 2026;
  r.areas.push_back(a);
  const auto j = CapacityJson(r);
  const auto& years = j["areas"][0]["years"];
  EXPECT_TRUE(years[0]["demand"].is_null());
  EXPECT_TRUE(years[0]["gap"].is_null());
  EXPECT_EQ(years[1]["gap"], -100);
  EXPECT_EQ(j["areas"][0]["first_short_year"], 2026);
  EXPECT_EQ(j["areas"][0]["level"]["key"], "junior");
  EXPECT_EQ(j["areas"][0]["level"]["name"]["zh"], "初中");
}

TEST(PlanningJson, TheExactQuotaKeepsItsFractionAsText) {
  planning::StaffingResult r;
  planning::SchoolStaffing s;
  s.school = "3399010301";
  s.exact = planning::Fraction::Of(191, 19);
  s.quota = 10;
  s.actual = 9;
  s.gap = -1;
  r.schools.push_back(s);
  planning::PoolPlan p;
  p.area = "990103";
  p.transfers.push_back({"", "3399010301", 1});
  r.pools.push_back(p);
  const auto j = StaffingJson(r);
  EXPECT_EQ(j["schools"][0]["exact"], "10.05");
  EXPECT_EQ(j["schools"][0]["gap"], -1);
  EXPECT_EQ(j["pools"][0]["transfers"][0]["from"], "");
  EXPECT_EQ(j["rounding"], "half_up");
}

TEST(PlanningJson, ClassTalliesCarryTheirCountsBesideTheShares) {
  planning::ClassSizeResult r;
  r.total.classes = 4;
  r.total.students = 213;
  r.total.large = 2;
  r.bands.push_back({Text("大班额", "large"), 56, 65, true});
  r.bands.push_back({Text("超大班额", "very large"), 66, 0, true});
  const auto j = ClassSizeJson(r);
  EXPECT_EQ(j["total"]["large"], 2);
  EXPECT_DOUBLE_EQ(j["total"]["large_share"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["total"]["mean"].get<double>(), 53.25);
  EXPECT_TRUE(j["bands"][1]["max"].is_null());
}

}  // namespace
}  // namespace jiaodu::wire
