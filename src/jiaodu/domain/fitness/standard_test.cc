#include "jiaodu/domain/fitness/standard.h"

#include <gtest/gtest.h>

#include "jiaodu/domain/fitness/test_spec.h"

namespace jiaodu::fitness {
namespace {

TEST(FitnessStandard, PlansFollowItemOrderNotWeightOrder) {
  auto std = FitnessStandard::Build(testing::SmallSpec());
  ASSERT_TRUE(std) << std.error().message.zh;
  const TestPlan* plan = std->Plan(11, Sex::kFemale);
  ASSERT_NE(plan, nullptr);
  ASSERT_EQ(plan->items.size(), 4u);
  EXPECT_EQ(std->items()[static_cast<size_t>(plan->items[0].item)].id, "bmi");
  EXPECT_EQ(std->items()[static_cast<size_t>(plan->items[3].item)].id, "rope_skipping");
  EXPECT_EQ(std->Plan(12, Sex::kMale), nullptr);
}

TEST(FitnessStandard, BlankCellIsAScoreTheTableDoesNotAward) {
  auto std = FitnessStandard::Build(testing::SmallSpec());
  ASSERT_TRUE(std);
  const auto& rope = std->Plan(11, Sex::kMale)->items[3];
  ASSERT_EQ(rope.rows.size(), 4u);  // the 80 row is blank
  EXPECT_EQ(rope.rows[1].score, 90);
  EXPECT_EQ(rope.rows[2].score, 60);
  ASSERT_EQ(rope.bonus.size(), 3u);
}

TEST(FitnessStandard, TranspositionInATableIsRefused) {
  auto spec = testing::SmallSpec();
  spec.tables[0].rows[2].second[0] = 1600;  // 80 points asks more than 90 points
  auto std = FitnessStandard::Build(spec);
  ASSERT_FALSE(std);
  EXPECT_EQ(std.error().id, "fitness_standard.not_monotone");
  EXPECT_NE(std.error().message.zh.find("表VC"), std::string::npos);
}

TEST(FitnessStandard, WeightsMustSumToOneHundred) {
  auto spec = testing::SmallSpec();
  spec.weights[0].weights[1][0].second = 45;
  auto std = FitnessStandard::Build(spec);
  ASSERT_FALSE(std);
  EXPECT_EQ(std.error().id, "fitness_standard.weights_sum");
}

TEST(FitnessStandard, BmiBandsMustMeetWithoutGap) {
  auto spec = testing::SmallSpec();
  spec.bmi_tables[0].bands[2].ranges[0] = {183, 203};  // 18.2 belongs to no band
  auto std = FitnessStandard::Build(spec);
  ASSERT_FALSE(std);
  EXPECT_EQ(std.error().id, "fitness_standard.bmi_gap");
}

TEST(FitnessStandard, LevelBandsLowerBoundInclusive) {
  auto std = FitnessStandard::Build(testing::SmallSpec());
  ASSERT_TRUE(std);
  EXPECT_EQ(std->LevelOf(9000), 0);
  EXPECT_EQ(std->LevelOf(8999), 1);
  EXPECT_EQ(std->LevelOf(8000), 1);
  EXPECT_EQ(std->LevelOf(7999), 2);
  EXPECT_EQ(std->LevelOf(6000), 2);
  EXPECT_EQ(std->LevelOf(5999), 3);
  EXPECT_EQ(std->LevelOf(0), 3);
}

Item MinSecItem() {
  return Item{"run_800",
              Text("800米跑", "800 m"),
              "分·秒",
              ItemKind::kTable,
              Better::kLower,
              ValueFormat::kMinSec,
              Rounding::kUp,
              120,
              900};
}

TEST(ParseItemValue, MinutesAndSecondsInEveryTypedForm) {
  Item it = MinSecItem();
  for (const char* s : {"3'55", "3'55\"", "3′55″", "3分55秒", "3:55", "3.55", "235", " 3'55 "}) {
    auto v = ParseItemValue(it, s);
    ASSERT_TRUE(v) << s;
    EXPECT_EQ(*v, 235) << s;
  }
}

TEST(ParseItemValue, FractionalSecondsRoundUpForRuns) {
  Item it = MinSecItem();
  EXPECT_EQ(*ParseItemValue(it, "3'55.1"), 236);
  EXPECT_EQ(*ParseItemValue(it, "3'55.0"), 235);
}

TEST(ParseItemValue, SixtySecondsIsATypo) {
  Item it = MinSecItem();
  auto v = ParseItemValue(it, "3'75");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().id, "fitness.value_invalid");
  EXPECT_EQ(*ParseItemValue(it, "3.5"), 230);  // Excel's 3.50 typed as a number
  EXPECT_EQ(*ParseItemValue(it, "3.05"), 185);
  EXPECT_FALSE(ParseItemValue(it, "3.555"));  // neither 分.秒 nor whole seconds
  EXPECT_FALSE(ParseItemValue(it, "3.65"));   // 65 seconds
  EXPECT_FALSE(ParseItemValue(it, "abc"));
}

TEST(ParseItemValue, FiftyMetresRoundsUpTheSecondDecimal) {
  const Item it = testing::SmallSpec().items[2];  // run_50m, rounding up
  EXPECT_EQ(*ParseItemValue(it, "10.11"), 102);
  EXPECT_EQ(*ParseItemValue(it, "10.10"), 101);
  EXPECT_EQ(*ParseItemValue(it, "10"), 100);
  EXPECT_EQ(*ParseItemValue(it, "１０．２"), 102);
}

TEST(ParseItemValue, HalfUpForSitAndReachIncludingNegatives) {
  Item it{"sit_and_reach",
          Text("坐位体前屈", "sit"),
          "厘米",
          ItemKind::kTable,
          Better::kHigher,
          ValueFormat::kDecimal1,
          Rounding::kHalfUp,
          -300,
          400};
  EXPECT_EQ(*ParseItemValue(it, "12.35"), 124);
  EXPECT_EQ(*ParseItemValue(it, "12.34"), 123);
  EXPECT_EQ(*ParseItemValue(it, "-0.85"), -9);
  EXPECT_EQ(*ParseItemValue(it, "-0.8"), -8);
}

TEST(FormatItemValue, OfficialNotation) {
  EXPECT_EQ(FormatItemValue(MinSecItem(), 235), "3'55\"");
  EXPECT_EQ(FormatItemValue(MinSecItem(), 65), "1'05\"");
  Item d{
      "x", Text(), "", ItemKind::kTable, Better::kHigher, ValueFormat::kDecimal1, Rounding::kHalfUp,
      0,   0};
  EXPECT_EQ(FormatItemValue(d, -8), "-0.8");
  EXPECT_EQ(FormatItemValue(d, 161), "16.1");
}

}  // namespace
}  // namespace jiaodu::fitness
