#include "jiaodu/formats/rotation_file/rotation_file.h"

#include <gtest/gtest.h>

#include "jiaodu/formats/standard_file/standard_file.h"

namespace jiaodu {
namespace {

const std::string kDataDir = JIAODU_TEST_DATA_DIR;

TEST(RotationFileTest, NationalRulesFileLoadsWithSources) {
  auto rules = LoadRotationRules(kDataDir + "/rotation/cn-rotation-2017.toml");
  ASSERT_TRUE(rules) << rules.error().Describe();
  EXPECT_EQ(rules->id, "cn-rotation-2017");
  EXPECT_EQ(rules->quota.num, 1);
  EXPECT_EQ(rules->quota.den, 10);
  EXPECT_EQ(rules->backbone.num, 1);
  EXPECT_EQ(rules->backbone.den, 5);
  EXPECT_EQ(rules->min_years_at_school, 6);
  EXPECT_EQ(rules->min_years_to_retirement, 5);
  EXPECT_EQ(rules->no_move_within_years, 3);
  EXPECT_EQ(rules->max_km, 0);
  for (const auto& row : rules->direction) {
    for (bool allowed : row) EXPECT_TRUE(allowed);
  }
  bool quota_national = false, years_province = false;
  for (const rotation::RuleSource& s : rules->sources) {
    EXPECT_FALSE(s.text.zh.empty()) << s.rule;
    if (s.rule == "quota")
      quota_national = !s.province_choice && s.text.zh.find("教督〔2017〕6号") != std::string::npos;
    if (s.rule == "min_years_at_school") years_province = s.province_choice;
  }
  EXPECT_TRUE(quota_national);
  EXPECT_TRUE(years_province);
}

// The numbers the rotation tests use are the 2017 standard's.
TEST(RotationFileTest, TargetsComeFromTheEvaluatedStandard) {
  auto lib = LoadLibrary(kDataDir);
  ASSERT_TRUE(lib) << lib.error().Describe();
  auto standard = lib->Find("cn-yzjh-2017");
  ASSERT_TRUE(standard);
  auto t = TargetsFromStandard(*standard);
  ASSERT_TRUE(t) << t.error().Describe();
  EXPECT_DOUBLE_EQ(t->stage[0].threshold[rotation::kL1], 4.2);
  EXPECT_DOUBLE_EQ(t->stage[1].threshold[rotation::kL1], 5.3);
  EXPECT_DOUBLE_EQ(t->stage[0].threshold[rotation::kL2], 1.0);
  EXPECT_DOUBLE_EQ(t->stage[1].threshold[rotation::kL2], 1.0);
  EXPECT_DOUBLE_EQ(t->stage[0].threshold[rotation::kL3], 0.9);
  EXPECT_DOUBLE_EQ(t->stage[1].threshold[rotation::kL3], 0.9);
  EXPECT_DOUBLE_EQ(t->stage[0].cv_limit, 0.50);
  EXPECT_DOUBLE_EQ(t->stage[1].cv_limit, 0.45);
}

constexpr const char* kMinimal = R"(
[rules]
id = "x"
title = "测试"
[quota]
share = 0.10
source = "s"
[backbone]
share = 0.2
source = "s"
[eligibility.min_years_at_school]
value = 9
source = "s"
province_choice = true
[eligibility.min_years_to_retirement]
value = 5
source = "s"
[eligibility.retirement_age]
value = 60
source = "s"
[eligibility.no_move_within_years]
value = 3
source = "s"
[direction]
allowed = [["城区", "乡村"], ["镇区", "乡村"]]
source = "s"
[distance]
max_km = 30
)";

TEST(RotationFileTest, DirectionPairsAndDistanceAreRead) {
  auto rules = ParseRotationRules(kMinimal, "x.toml");
  ASSERT_TRUE(rules) << rules.error().Describe();
  EXPECT_EQ(rules->min_years_at_school, 9);
  EXPECT_EQ(rules->max_km, 30);
  EXPECT_TRUE(rules->direction[0][2]);
  EXPECT_TRUE(rules->direction[1][2]);
  EXPECT_FALSE(rules->direction[2][0]);
  EXPECT_FALSE(rules->direction[0][0]);
  EXPECT_DOUBLE_EQ(rules->weights.move, 1);  // no [objective]: the defaults
}

TEST(RotationFileTest, ErrorsNameTheLineAndKeyInChinese) {
  std::string bad_share = kMinimal;
  bad_share.replace(bad_share.find("share = 0.10"), 12, "share = 1.5");
  auto r1 = ParseRotationRules(bad_share, "x.toml");
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().id, "rotation_file.invalid");
  EXPECT_NE(r1.error().message.zh.find("第 6 行"), std::string::npos) << r1.error().message.zh;
  EXPECT_NE(r1.error().message.zh.find("quota.share"), std::string::npos);
  EXPECT_EQ(r1.error().where.file, "x.toml");

  std::string bad_dir = kMinimal;
  const std::string urban_rural = "[\"城区\", \"乡村\"]";
  bad_dir.replace(bad_dir.find(urban_rural), urban_rural.size(), "[\"城市\", \"乡村\"]");
  auto r2 = ParseRotationRules(bad_dir, "x.toml");
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.error().message.zh.find("城区、镇区、乡村"), std::string::npos)
      << r2.error().message.zh;

  std::string no_years = kMinimal;
  const std::string years = "[eligibility.min_years_at_school]";
  no_years.replace(no_years.find(years), years.size(), "[eligibility.other]");
  auto r3 = ParseRotationRules(no_years, "x.toml");
  ASSERT_FALSE(r3);
  EXPECT_NE(r3.error().message.zh.find("min_years_at_school"), std::string::npos)
      << r3.error().message.zh;

  auto r4 = ParseRotationRules(std::string(kMinimal) + "[objective]\nmoves = 2\n", "x.toml");
  ASSERT_FALSE(r4);
  EXPECT_NE(r4.error().message.zh.find("未知的权重"), std::string::npos);

  auto r5 = ParseRotationRules("[rules\nid=", "x.toml");
  ASSERT_FALSE(r5);
  EXPECT_EQ(r5.error().id, "standard_file.syntax");

  std::string rounding = kMinimal;
  rounding.replace(rounding.find("share = 0.10"), 12, "share = 0.10\nrounding = \"half_up\"");
  auto r6 = ParseRotationRules(rounding, "x.toml");
  ASSERT_FALSE(r6);
  EXPECT_NE(r6.error().message.zh.find("R1"), std::string::npos);
}

}  // namespace
}  // namespace jiaodu
