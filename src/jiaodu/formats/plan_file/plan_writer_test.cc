#include <gtest/gtest.h>

#include "jiaodu/formats/plan_file/plan_file.h"
#include "jiaodu/formats/plan_file/plan_test_util.h"

namespace jiaodu {
namespace {

using plans::testing::ExpectSamePlan;

const std::string kData = JIAODU_TEST_DATA_DIR;

TEST(PlanWriter, DemoPlanReadsBackIdenticalAfterWriting) {
  auto plan = LoadPlanFile(kData + "/plans/demo-city-14th.toml");
  ASSERT_TRUE(plan) << plan.error().Describe();
  const std::string text = WritePlanToml(**plan, "由测试写出");
  auto back = ParsePlan(text, "back.toml");
  ASSERT_TRUE(back) << back.error().Describe() << "\n" << text;
  ExpectSamePlan(**plan, **back);
  // Writing the read-back plan gives the same text: nothing drifts.
  EXPECT_EQ(WritePlanToml(**back, "由测试写出"), text);
}

TEST(PlanWriter, AwkwardStringsAndNumbersSurviveTheRoundTrip) {
  plans::Plan p;
  p.id = "p-1";
  p.name = Text("某县“十四五”规划 \"引号\" \\ 反斜杠", "County plan");
  p.issuer = "某县人民政府\n（第二行）";
  p.doc_number = "某政发〔2021〕7号\t";
  p.area = "990103";
  p.start_year = 2021;
  p.end_year = 2025;
  p.source = std::string("控制字符") + '\x01' + "结束";
  plans::Indicator a;
  a.id = "ratio";
  a.name = Text::Same("生师比");
  a.comparison = plans::Comparison::kAtMost;
  a.higher_better = false;
  a.baseline_year = 2020;
  a.baseline = 17.123456789012345;
  a.milestones = {{2022, 16.5}, {2023, 0.1 + 0.2}};
  a.target_year = 2025;
  a.target = 15;
  a.decimals = 1;
  a.note = "# 不是注释 = 也不是键";
  plans::Indicator b;
  b.id = "keep";
  b.name = Text::Same("巩固率");
  b.comparison = plans::Comparison::kMaintain;
  b.higher_better = false;
  b.attribute = plans::Attribute::kBinding;
  b.target_year = 2025;
  b.target = -0.5;
  b.level = plans::Level::kCounties;
  b.rollup = "mean";
  b.weight = "sum(students)";
  b.county_targets = {{"990102", 1e-7}, {"990103", 123456789.25}};
  b.source.kind = plans::Source::Kind::kFormula;
  b.source.value = "sum(if(stage == '小学', students, 0))";
  b.source.gap_unit = Text("名“学生”", "students");
  p.indicators = {a, b};
  const std::string text = WritePlanToml(p);
  auto back = ParsePlan(text, "p.toml");
  ASSERT_TRUE(back) << back.error().Describe() << "\n" << text;
  ExpectSamePlan(p, **back);
}

TEST(IndicatorLibrary, ShippedLibraryFormulasAreThoseOfTheDemoPlan) {
  auto lib = LoadIndicatorLibrary(kData + "/plans/indicator_library.toml");
  ASSERT_TRUE(lib) << lib.error().Describe();
  auto plan = LoadPlanFile(kData + "/plans/demo-city-14th.toml");
  ASSERT_TRUE(plan) << plan.error().Describe();
  int matched = 0;
  for (const plans::Indicator& ind : (*plan)->indicators) {
    const LibraryIndicator* li = lib->FindName(ind.name.zh);
    if (ind.source.kind == plans::Source::Kind::kManual) {
      EXPECT_EQ(li, nullptr) << ind.id << " is entered by hand in the demo";
      continue;
    }
    ASSERT_NE(li, nullptr) << ind.name.zh;
    ++matched;
    EXPECT_EQ(li->id, ind.id);
    plans::testing::ExpectSameSource(li->source, ind.source, ind.id);
    EXPECT_EQ(li->decimals, ind.decimals) << ind.id;
  }
  EXPECT_GT(matched, 0);
  // Every library entry is one of the demo's formulas: none invented.
  for (const LibraryIndicator& li : lib->indicators) {
    EXPECT_NE((*plan)->Find(li.id), nullptr) << li.id;
  }
}

TEST(IndicatorLibrary, NamesMatchWithNumberingUnitsAndFullWidthForms) {
  EXPECT_EQ(NormalizeIndicatorName("1. 学前教育毛入园率（%）"), "学前教育毛入园率");
  EXPECT_EQ(NormalizeIndicatorName("（三）新增公办基础教育学位（万个）"), "新增公办基础教育学位");
  EXPECT_EQ(NormalizeIndicatorName("二、 学前教育"), "学前教育");
  EXPECT_EQ(NormalizeIndicatorName("１２、近视率"), "近视率");
  EXPECT_EQ(NormalizeIndicatorName("①近视率"), "近视率");
  // A name that is only a number keeps it (nothing follows the numbering).
  EXPECT_EQ(NormalizeIndicatorName("2025"), "2025");
}

TEST(IndicatorLibrary, AliasUsedTwiceIsRefused) {
  auto lib = ParseIndicatorLibrary(R"toml([[indicator]]
id = "a"
name = "甲"
[indicator.source]
value = "sum(students)"

[[indicator]]
id = "b"
name = "乙"
aliases = ["（1）甲（%）"]
[indicator.source]
value = "sum(students)"
)toml",
                                   "lib.toml");
  ASSERT_FALSE(lib);
  EXPECT_EQ(lib.error().id, "plan.library_duplicate");
}

TEST(IndicatorLibrary, EntryWithoutFormulaIsRefused) {
  auto lib = ParseIndicatorLibrary("[[indicator]]\nid = \"a\"\nname = \"甲\"\n", "lib.toml");
  ASSERT_FALSE(lib);
  EXPECT_NE(lib.error().Describe().find("source"), std::string::npos) << lib.error().Describe();
}

}  // namespace
}  // namespace jiaodu
