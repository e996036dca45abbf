#include "jiaodu/domain/quality/variance.h"

#include <gtest/gtest.h>

#include <cmath>

#include "jiaodu/domain/quality/test_util.h"

namespace jiaodu::quality {
namespace {

BetweenSchools Analyse(const ScoreSet& set, std::span<const std::string> labels = {}) {
  const auto reports = Summarize(set, nullptr, {});
  EXPECT_EQ(reports.size(), 1u);
  return AnalyseBetweenSchools(reports.at(0), labels);
}

TEST(VarianceComponents, BalancedGroupsByHand) {
  // A: 1 2 3 (ȳ 2, SS 2)   B: 4 5 6 (ȳ 5, SS 2)   C: 7 8 9 (ȳ 8, SS 2)
  // ȳ = 5; SSB = 3·(9 + 0 + 9) = 54, MSB = 54/2 = 27; SSW = 6, MSW = 6/6 = 1
  // n0 = (9 − 27/9)/2 = 3 (= n for equal groups)
  // σ²_b = (27 − 1)/3 = 26/3; σ²_w = 1; ICC = (26/3)/(26/3 + 1) = 26/29
  const VarianceComponents v = Analyse(testing::Groups({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}})).anova;
  EXPECT_EQ(v.status, IccStatus::kOk);
  EXPECT_EQ(v.groups, 3u);
  EXPECT_DOUBLE_EQ(v.grand_mean, 5);
  EXPECT_DOUBLE_EQ(v.ss_between, 54);
  EXPECT_DOUBLE_EQ(v.ms_between, 27);
  EXPECT_DOUBLE_EQ(v.ms_within, 1);
  EXPECT_DOUBLE_EQ(v.n0, 3);
  EXPECT_DOUBLE_EQ(v.sigma2_between, 26.0 / 3);
  EXPECT_DOUBLE_EQ(v.sigma2_within, 1);
  EXPECT_DOUBLE_EQ(*v.icc, 26.0 / 29);
  EXPECT_FALSE(v.truncated);
}

TEST(VarianceComponents, UnbalancedGroupsUseN0ByHand) {
  // A: 2 4 (n 2, ȳ 3, SS 2)   B: 5 6 7 (n 3, ȳ 6, SS 2)   C: 8 … 12 (n 5, ȳ 10, SS 10)
  // N = 10, ȳ = (6 + 18 + 50)/10 = 7.4
  // SSB = 2·4.4² + 3·1.4² + 5·2.6² = 38.72 + 5.88 + 33.8 = 78.4, MSB = 39.2
  // SSW = 14, df 7, MSW = 2
  // n0 = (10 − (4 + 9 + 25)/10)/2 = (10 − 3.8)/2 = 3.1 (the mean n would be 3.33)
  // σ²_b = (39.2 − 2)/3.1 = 12; ICC = 12/(12 + 2) = 6/7
  const VarianceComponents v =
      Analyse(testing::Groups({{2, 4}, {5, 6, 7}, {8, 9, 10, 11, 12}})).anova;
  EXPECT_DOUBLE_EQ(v.grand_mean, 7.4);
  EXPECT_NEAR(v.ss_between, 78.4, 1e-12);
  EXPECT_DOUBLE_EQ(v.ss_within, 14);
  EXPECT_DOUBLE_EQ(v.df_within, 7);
  EXPECT_DOUBLE_EQ(v.n0, 3.1);
  EXPECT_NEAR(v.sigma2_between, 12, 1e-12);
  EXPECT_NEAR(*v.icc, 6.0 / 7, 1e-14);
}

TEST(VarianceComponents, ZeroBetweenSchoolVarianceIsTruncatedToZero) {
  // A: 1 3 (ȳ 2, SS 2)   B: 0 2 4 (ȳ 2, SS 8)   C: 2 (ȳ 2, SS 0): equal means
  // SSB = 0, MSB = 0; SSW = 10, df = 6 − 3 = 3, MSW = 10/3
  // n0 = (6 − 14/6)/2 = 11/6; raw σ²_b = (0 − 10/3)/(11/6) = −20/11 → 0, ICC 0
  const VarianceComponents v = Analyse(testing::Groups({{1, 3}, {0, 2, 4}, {2}})).anova;
  EXPECT_EQ(v.status, IccStatus::kOk);
  EXPECT_NEAR(v.sigma2_between_raw, -20.0 / 11, 1e-12);
  EXPECT_EQ(v.sigma2_between, 0);
  EXPECT_TRUE(v.truncated);
  EXPECT_EQ(*v.icc, 0);
  EXPECT_NE(v.note.zh.find("按 0 计"), std::string::npos);
}

TEST(VarianceComponents, ASingleSchoolCountyHasNoIcc) {
  // One school: no between-school variance to estimate; σ²_w is still its
  // variance (1 2 3: SS 2, df 2, σ²_w 1).
  const VarianceComponents v = Analyse(testing::Groups({{1, 2, 3}})).anova;
  EXPECT_EQ(v.status, IccStatus::kOneGroup);
  EXPECT_FALSE(v.icc);
  EXPECT_DOUBLE_EQ(v.sigma2_within, 1);
  EXPECT_NE(v.note.zh.find("只有一所学校"), std::string::npos);
}

TEST(VarianceComponents, OneStudentPerSchoolOrEqualScoresHaveNoIcc) {
  EXPECT_EQ(Analyse(testing::Groups({{1}, {2}, {3}})).anova.status, IccStatus::kNoWithin);
  EXPECT_EQ(Analyse(testing::Groups({{5, 5}, {5, 5, 5}})).anova.status, IccStatus::kNoVariance);
  // Each school uniform, schools different: all the variance is between.
  EXPECT_DOUBLE_EQ(*Analyse(testing::Groups({{5, 5}, {7, 7, 7}})).anova.icc, 1);
  EXPECT_EQ(OneWayAnova({}).status, IccStatus::kEmpty);
}

// Expected values from tests/fixtures/quality/anova_check.py (numpy, written
// from the textbook formulas independently of this code), run on
// anova_check.csv: 8 schools of 1, 3, 5, 8, 12, 20, 2 and 30 students.
TEST(VarianceComponents, AgreesWithTheIndependentNumpyComputation) {
  const ScoreSet set = testing::Fixture();
  const auto reports = Summarize(set, nullptr, {});
  ASSERT_EQ(reports.size(), 2u);
  // 数学: a negative raw σ²_b (−1.188), truncated.
  const BetweenSchools math = AnalyseBetweenSchools(reports[0], {});
  EXPECT_EQ(reports[0].subject_name, "数学");
  EXPECT_NEAR(math.anova.grand_mean, 67.8148148148, 1e-9);
  EXPECT_NEAR(math.anova.ss_between, 735.984722222, 1e-8);
  EXPECT_NEAR(math.anova.ss_within, 8442.2375, 1e-8);
  EXPECT_NEAR(math.anova.ms_between, 105.140674603, 1e-8);
  EXPECT_NEAR(math.anova.ms_within, 115.647089041, 1e-8);
  EXPECT_NEAR(math.anova.n0, 8.8430335097, 1e-9);
  EXPECT_NEAR(math.anova.sigma2_between_raw, -1.18810071526, 1e-9);
  EXPECT_EQ(*math.anova.icc, 0);
  EXPECT_NEAR(*math.cv_of_means, 0.0444495440052, 1e-12);
  // 语文: positive.
  const BetweenSchools chinese = AnalyseBetweenSchools(reports[1], {});
  EXPECT_NEAR(chinese.anova.ms_between, 135.844301146, 1e-8);
  EXPECT_NEAR(chinese.anova.ms_within, 121.362300228, 1e-8);
  EXPECT_NEAR(chinese.anova.sigma2_between, 1.63767341854, 1e-9);
  EXPECT_NEAR(*chinese.anova.icc, 0.0133144208895, 1e-12);
  EXPECT_NEAR(*chinese.cv_of_means, 0.0503093398786, 1e-12);
}

TEST(WeightedCv, WeightsSchoolMeansByStudents) {
  // Means 60 (n 1) and 90 (n 3): ȳ_w = 82.5; σ = √((1·22.5² + 3·7.5²)/4) = √168.75
  const std::vector<GroupMoments> g = {{1, 60, 0}, {3, 90, 0}};
  EXPECT_NEAR(*WeightedCvOfMeans(g), std::sqrt(168.75) / 82.5, 1e-15);
  const std::vector<GroupMoments> zero = {{1, 0, 0}};
  EXPECT_FALSE(WeightedCvOfMeans(zero));
}

TEST(GroupGaps, UrbanTownRuralGapsAgainstTheReferenceGroup) {
  // Urban A (1 2 3) and B (4 5 6); rural C (7 8 9).
  const ScoreSet set = testing::Groups({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
  const std::vector<std::string> labels = {"城区", "城区", "乡村"};
  const std::vector<std::string> order = {"城区", "镇区", "乡村"};
  const auto reports = Summarize(set, nullptr, {});
  const BetweenSchools b = AnalyseBetweenSchools(reports[0], labels, order, "城区");
  ASSERT_EQ(b.gaps.size(), 2u);  // 镇区 has no school
  EXPECT_EQ(b.gaps[0].label, "城区");
  EXPECT_EQ(b.gaps[0].schools, 2u);
  EXPECT_DOUBLE_EQ(b.gaps[0].mean, 3.5);
  // Pooled SD of 1…6: SS = 17.5, √(17.5/5)
  EXPECT_DOUBLE_EQ(b.gaps[0].sd, std::sqrt(3.5));
  EXPECT_EQ(b.gaps[1].label, "乡村");
  EXPECT_DOUBLE_EQ(b.gaps[1].gap, 4.5);
  // In units of √(σ²_b + σ²_w) = √(26/3 + 1)
  EXPECT_NEAR(*b.gaps[1].gap_in_sd, 4.5 / std::sqrt(29.0 / 3), 1e-14);
}

}  // namespace
}  // namespace jiaodu::quality
