#include "jiaodu/formats/plan_file/plan_file.h"

#include <gtest/gtest.h>

namespace jiaodu {
namespace {

const std::string kData = JIAODU_TEST_DATA_DIR;

// A plan header and the start of its first indicator (7 lines).
constexpr const char* kHead = R"([plan]
id = "p"
name = "规划"
area = "990100"
period = [2021, 2025]

[[indicators]]
)";

TEST(PlanFile, ShippedDemoPlanLoadsWithEveryIndicator) {
  auto plan = LoadPlanFile(kData + "/plans/demo-city-14th.toml");
  ASSERT_TRUE(plan.has_value()) << plan.error().Describe();
  const plans::Plan& p = **plan;
  EXPECT_EQ(p.area, "990100");
  EXPECT_EQ(p.start_year, 2021);
  EXPECT_EQ(p.end_year, 2025);
  EXPECT_EQ(p.indicators.size(), 12u);
  const plans::Indicator* fit = p.Find("fitness_top2_rate");
  ASSERT_NE(fit, nullptr);
  EXPECT_EQ(fit->milestones.size(), 1u);
  EXPECT_EQ(fit->level, plans::Level::kCounties);
  EXPECT_EQ(fit->county_targets.at("990103"), 56);
  EXPECT_EQ(fit->source.kind, plans::Source::Kind::kFormula);
  EXPECT_EQ(fit->source.scale, 100);
  const plans::Indicator* myopia = p.Find("myopia_rate");
  ASSERT_NE(myopia, nullptr);
  EXPECT_EQ(myopia->comparison, plans::Comparison::kAtMost);
  EXPECT_FALSE(myopia->higher_better);
  const plans::Indicator* keep = p.Find("consolidation_rate");
  ASSERT_NE(keep, nullptr);
  EXPECT_EQ(keep->comparison, plans::Comparison::kMaintain);
  EXPECT_EQ(keep->source.kind, plans::Source::Kind::kManual);
  EXPECT_EQ(keep->attribute, plans::Attribute::kBinding);
}

TEST(PlanFile, MissingTargetNamesTheIndicatorAndLine) {
  auto plan = ParsePlan(std::string(kHead) + R"(id = "a"
name = "指标甲"
baseline = [2020, 1]
)",
                        "p.toml");
  ASSERT_FALSE(plan.has_value());
  const std::string d = plan.error().Describe();
  EXPECT_NE(d.find("p.toml"), std::string::npos) << d;
  EXPECT_NE(d.find("指标 a"), std::string::npos) << d;
  EXPECT_NE(d.find("target"), std::string::npos) << d;
}

TEST(PlanFile, BadComparisonIsRefusedInChinese) {
  auto plan = ParsePlan(std::string(kHead) + R"(id = "a"
name = "指标甲"
comparison = "大约"
target = [2025, 1]
)",
                        "p.toml");
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().id, "plan.bad_comparison");
  EXPECT_NE(plan.error().Describe().find("第 10 行"), std::string::npos) << plan.error().Describe();
}

TEST(PlanFile, MilestoneAfterTargetIsRefused) {
  auto plan = ParsePlan(std::string(kHead) + R"(id = "a"
name = "指标甲"
baseline = [2020, 1]
milestones = [[2026, 2]]
target = [2025, 3]
)",
                        "p.toml");
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().id, "plan.invalid_indicator");
  EXPECT_EQ(plan.error().where.file, "p.toml");
}

TEST(PlanFile, MissingPlanTableIsExplained) {
  auto plan = ParsePlan("x = 1\n", "p.toml");
  ASSERT_FALSE(plan.has_value());
  EXPECT_NE(plan.error().message.zh.find("[plan]"), std::string::npos);
}

}  // namespace
}  // namespace jiaodu
