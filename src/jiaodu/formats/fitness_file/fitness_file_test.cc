#include "jiaodu/formats/fitness_file/fitness_file.h"

#include <gtest/gtest.h>

#include "jiaodu/formats/fitness_file/test_util.h"

namespace jiaodu {
namespace {

TEST(FitnessFile, ShippedStandardLoadsWithEveryGradeAndSex) {
  auto s = testing::ShippedFitnessStandard();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->id(), "cn-tzjk-2014");
  EXPECT_EQ(s->grades().size(), 16u);
  for (const auto& g : s->grades()) {
    for (auto sex : {fitness::Sex::kMale, fitness::Sex::kFemale}) {
      const auto* plan = s->Plan(g.code, sex);
      ASSERT_NE(plan, nullptr) << g.code;
      int total = 0;
      for (const auto& pi : plan->items) total += pi.weight;
      EXPECT_EQ(total, 100) << g.code;
    }
  }
  // 初中及以上: 男 引体向上 + 1000米, 女 仰卧起坐 + 800米, each with 加分.
  const auto* boys = s->Plan(21, fitness::Sex::kMale);
  int bonus_items = 0;
  for (const auto& pi : boys->items) bonus_items += pi.bonus.empty() ? 0 : 1;
  EXPECT_EQ(bonus_items, 2);
  EXPECT_EQ(s->Plan(11, fitness::Sex::kFemale)->items.size(), 5u);
  EXPECT_EQ(s->Plan(15, fitness::Sex::kFemale)->items.size(), 7u);
}

TEST(FitnessFile, VisionRuleLoads) {
  auto v = testing::ShippedVisionRule();
  EXPECT_EQ(v.ucva_normal_min, 50);
  EXPECT_EQ(v.se_myopia_max, -50);
  EXPECT_EQ(v.poor_grades.size(), 3u);
}

TEST(FitnessFile, AMistypedCellFailsTheLoadNamingTheTable) {
  std::string text =
      testing::ReadText(std::string(JIAODU_TEST_DATA_DIR) + "/fitness/cn-tzjk-2014.toml");
  // 表1-3 一年级 男 肺活量: 95 → 1600; make it larger than the 100 row.
  const std::string row95 = "[ 95,   1600,";
  auto pos = text.find(row95);
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, row95.size(), "[ 95,   1800,");
  auto r = ParseFitnessStandard(text, "bad.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "fitness_standard.not_monotone");
  EXPECT_NE(r.error().message.zh.find("肺活量"), std::string::npos);
  EXPECT_EQ(r.error().where.file, "bad.toml");
}

TEST(FitnessFile, MissingBodyLimitsIsAnError) {
  auto r = ParseFitnessStandard("[standard]\nid='x'\ntitle='t'\ndocument='d'\n", "x.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where.file, "x.toml");
}

}  // namespace
}  // namespace jiaodu
