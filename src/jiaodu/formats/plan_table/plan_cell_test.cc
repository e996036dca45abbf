#include "jiaodu/formats/plan_table/plan_cell.h"

#include <gtest/gtest.h>

namespace jiaodu::plan_table {
namespace {

using plans::Comparison;

struct Case {
  const char* text;
  std::optional<Comparison> cmp;
  std::optional<double> value;
  const char* unit;
  int decimals;
};

// Every form of docs/plans.md's cell grammar, as published tables write it.
const Case kCases[] = {
    {"100.23%", std::nullopt, 100.23, "%", 2},
    {"≥100%", Comparison::kAtLeast, 100, "%", 0},
    {">=100%", Comparison::kAtLeast, 100, "%", 0},
    {"≥93%", Comparison::kAtLeast, 93, "%", 0},
    {"79.98%", std::nullopt, 79.98, "%", 2},
    {"1.5万", std::nullopt, 1.5, "万", 1},
    {"2.34万", std::nullopt, 2.34, "万", 2},
    {"2.34万个", std::nullopt, 2.34, "万个", 2},
    {"保持高水平", Comparison::kMaintain, std::nullopt, "", 0},
    {"≤41.2%", Comparison::kAtMost, 41.2, "%", 1},
    {"不低于98%", Comparison::kAtLeast, 98, "%", 0},
    {"95%以上", Comparison::kAtLeast, 95, "%", 0},
    {"95%及以上", Comparison::kAtLeast, 95, "%", 0},
    {"5%以内", Comparison::kAtMost, 5, "%", 0},
    {"控制在5%以下", Comparison::kAtMost, 5, "%", 0},
    {"不超过 12", Comparison::kAtMost, 12, "", 0},
    {"保持100%", Comparison::kMaintain, 100, "%", 0},
    {"巩固在95%以上", Comparison::kMaintain, 95, "%", 0},
    {"保持≥99%", Comparison::kMaintain, 99, "%", 0},
    {"达到 1,200 所", Comparison::kAtLeast, 1200, "所", 0},
    {"＞＝９５％", Comparison::kAtLeast, 95, "%", 0},  // full-width forms
    {" 50.15 ", std::nullopt, 50.15, "", 2},
    {"-0.5", std::nullopt, -0.5, "", 1},
    {"=100%", Comparison::kEqual, 100, "%", 0},
};

TEST(PlanCell, EveryPublishedFormParsesToComparisonValueAndUnit) {
  for (const Case& c : kCases) {
    auto v = ParsePlanCell(c.text);
    ASSERT_TRUE(v) << c.text << ": " << v.error().Describe();
    EXPECT_EQ(v->comparison, c.cmp) << c.text;
    EXPECT_EQ(v->value, c.value) << c.text;
    EXPECT_EQ(v->unit, c.unit) << c.text;
    EXPECT_EQ(v->decimals, c.decimals) << c.text;
  }
}

TEST(PlanCell, DashesSlashesAndBlanksAreNoValue) {
  for (const char* t : {"", "  ", "—", "——", "-", "--", "/", "无", "－"}) {
    auto v = ParsePlanCell(t);
    ASSERT_TRUE(v) << t;
    EXPECT_TRUE(v->empty()) << t;
  }
}

TEST(PlanCell, ApproximationsRangesWordsAndContradictionsAreRefusedQuotingTheCell) {
  for (const char* t :
       {"约95", "大约95%", "95%左右", "接近90%", "95%-98%", "95~98", "90至95", "较大提升",
        "显著提高", "50+", "1.5万2", "≥95%以下", "高水平", "#DIV/0!", "95%以上以下", "12.3.4"}) {
    auto v = ParsePlanCell(t);
    ASSERT_FALSE(v) << t << " was accepted";
    EXPECT_EQ(v.error().id, "plan.table_bad_cell") << t;
    EXPECT_NE(v.error().message.zh.find(std::string("“") + t + "”不是数值"), std::string::npos)
        << v.error().message.zh;
  }
}

TEST(PlanCell, ComparisonWordsOfTheTemplateColumn) {
  EXPECT_EQ(*ParseComparisonWord("≥"), Comparison::kAtLeast);
  EXPECT_EQ(*ParseComparisonWord("不低于"), Comparison::kAtLeast);
  EXPECT_EQ(*ParseComparisonWord("以下"), Comparison::kAtMost);
  EXPECT_EQ(*ParseComparisonWord("<="), Comparison::kAtMost);
  EXPECT_EQ(*ParseComparisonWord("保持"), Comparison::kMaintain);
  EXPECT_EQ(ParseComparisonWord("大约").error().id, "plan.bad_comparison");
}

}  // namespace
}  // namespace jiaodu::plan_table
