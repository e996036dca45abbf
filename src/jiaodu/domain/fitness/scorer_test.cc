#include "jiaodu/domain/fitness/scorer.h"

#include <gtest/gtest.h>

#include <vector>

#include "jiaodu/domain/fitness/test_spec.h"

namespace jiaodu::fitness {
namespace {

class ScorerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = FitnessStandard::Build(testing::SmallSpec());
    ASSERT_TRUE(s) << s.error().message.zh;
    std_ = std::make_unique<FitnessStandard>(std::move(*s));
  }
  // values by item index: bmi (unused), vital_capacity, run_50m, rope_skipping
  StudentScore Run(int32_t vc, int32_t run, int32_t rope, int32_t h = 1200, int32_t w = 220,
                   TestStatus status = TestStatus::kTested) {
    values_ = {kMissing, vc, run, rope};
    StudentInput in;
    in.grade_code = 11;
    in.sex = Sex::kMale;
    in.status = status;
    in.height = h;
    in.weight = w;
    in.values = values_;
    return Score(*std_, in);
  }
  std::unique_ptr<FitnessStandard> std_;
  std::vector<int32_t> values_;
};

TEST(BmiTenths, ComputedInIntegersAndRoundedHalfUp) {
  // 22.0 kg / 1.20 m² = 15.277… → 15.3
  EXPECT_EQ(BmiTenths(1200, 220), 153);
  // 18.15 exactly: 26.136 kg at 1.20 m is not representable in tenths; use
  // 1.00 m and 18.15 kg: 18.15 → 18.2 (half-up, not banker's rounding).
  EXPECT_EQ(BmiTenths(1000, 181), 181);
  EXPECT_EQ(BmiTenths(2000, 726), 182);  // 72.6 / 4 = 18.15 → 18.2
  EXPECT_EQ(BmiTenths(kMissing, 200), kMissing);
}

TEST_F(ScorerTest, ExactlyOnAThresholdScoresThatRow) {
  auto s = Run(1500, 104, 99);
  ASSERT_EQ(s.status, ScoreStatus::kComplete);
  EXPECT_EQ(s.items[1].score, 90);
  EXPECT_EQ(s.items[2].score, 90);
  EXPECT_EQ(s.items[3].score, 90);
}

TEST_F(ScorerTest, BetweenTwoRowsScoresTheLowerRow) {
  auto s = Run(1499, 105, 98);
  EXPECT_EQ(s.items[1].score, 80);
  EXPECT_EQ(s.items[2].score, 80);
  EXPECT_EQ(s.items[3].score, 60);  // the blank 80 row is skipped
}

TEST_F(ScorerTest, BelowTheTenPointRowScoresZero) {
  auto s = Run(499, 137, 1);
  EXPECT_EQ(s.items[1].score, 0);
  EXPECT_EQ(s.items[2].score, 0);
  EXPECT_EQ(s.items[3].score, 0);
  EXPECT_EQ(s.items[1].level, 3);  // 不及格
  auto t = Run(500, 136, 2);
  EXPECT_EQ(t.items[1].score, 10);
  EXPECT_EQ(t.items[2].score, 10);
  EXPECT_EQ(t.items[3].score, 10);
}

TEST_F(ScorerTest, BmiBandEdges) {
  EXPECT_EQ(Run(1500, 104, 99, 1000, 135).items[0].score, 100);  // 13.5 正常
  EXPECT_EQ(Run(1500, 104, 99, 1000, 134).items[0].score, 80);   // 13.4 低体重
  EXPECT_EQ(Run(1500, 104, 99, 1000, 181).items[0].score, 100);  // 18.1 正常
  EXPECT_EQ(Run(1500, 104, 99, 1000, 182).items[0].score, 80);   // 18.2 超重
  EXPECT_EQ(Run(1500, 104, 99, 1000, 204).items[0].score, 60);   // 20.4 肥胖
  EXPECT_EQ(Run(1500, 104, 99, 1000, 204).items[0].level, 3);    // band index
}

TEST_F(ScorerTest, BonusOnlyAboveTheHundredPointRow) {
  EXPECT_EQ(Run(1500, 104, 109).bonus, 0);   // exactly 100: no bonus
  EXPECT_EQ(Run(1500, 104, 110).bonus, 0);   // +1: below the first step
  EXPECT_EQ(Run(1500, 104, 111).bonus, 1);   // +2 → 1
  EXPECT_EQ(Run(1500, 104, 113).bonus, 2);   // +4 → 2
  EXPECT_EQ(Run(1500, 104, 148).bonus, 2);   // +39 → the table's next row is 20 at +40
  EXPECT_EQ(Run(1500, 104, 149).bonus, 20);  // +40 → 20
  EXPECT_EQ(Run(1500, 104, 400).bonus, 20);  // capped by the top row
}

TEST_F(ScorerTest, WeightedTotalIsExactInHundredths) {
  // BMI 100×15 + VC 90×15 + run 80×20 + rope 60×50 = 1500+1350+1600+3000 = 7450 → 74.5
  auto s = Run(1500, 105, 17, 1200, 220);
  EXPECT_EQ(s.standard_hundredths, 7450);
  EXPECT_EQ(s.total_hundredths, 7450);
  EXPECT_EQ(s.level, 2);  // 及格
  EXPECT_EQ(FormatHundredths(s.total_hundredths), "74.5");
}

TEST_F(ScorerTest, TotalIsStandardPlusBonusAndLevelUsesTheTotal) {
  // 100×15 + 90×15 + 90×20 + 100×50 = 1500+1350+1800+5000 = 9650 → 96.5, +20 bonus
  auto s = Run(1500, 104, 149, 1200, 220);
  EXPECT_EQ(s.standard_hundredths, 9650);
  EXPECT_EQ(s.bonus, 20);
  EXPECT_EQ(s.total_hundredths, 11650);
  EXPECT_EQ(s.level, 0);
  // 89.x standard + bonus lifts the level: 60×50 rope + … = 74.5 stays 及格
}

TEST_F(ScorerTest, MissingItemScoresZeroAndMarksIncomplete) {
  auto s = Run(kMissing, 104, 99);
  EXPECT_EQ(s.status, ScoreStatus::kIncomplete);
  EXPECT_EQ(s.missing_count, 1);
  EXPECT_TRUE(s.items[1].missing);
  EXPECT_EQ(s.items[1].level, -1);
  // 100×15 + 0 + 90×20 + 90×50 = 1500+1800+4500 = 7800
  EXPECT_EQ(s.total_hundredths, 7800);
}

TEST_F(ScorerTest, MissingHeightMakesBmiMissing) {
  auto s = Run(1500, 104, 99, kMissing, 220);
  EXPECT_EQ(s.status, ScoreStatus::kIncomplete);
  EXPECT_TRUE(s.items[0].missing);
}

TEST_F(ScorerTest, ExemptAndDeferredAreNotScored) {
  auto e = Run(1500, 104, 99, 1200, 220, TestStatus::kExempt);
  EXPECT_EQ(e.status, ScoreStatus::kExempt);
  EXPECT_FALSE(e.scored());
  auto d = Run(1500, 104, 99, 1200, 220, TestStatus::kDeferred);
  EXPECT_EQ(d.status, ScoreStatus::kDeferred);
}

TEST_F(ScorerTest, UnknownGradeHasNoPlan) {
  StudentInput in;
  in.grade_code = 99;
  EXPECT_EQ(Score(*std_, in).status, ScoreStatus::kNoPlan);
}

TEST_F(ScorerTest, GraduationIsHalfFinalYearHalfMeanOfOthers) {
  std::vector<int32_t> others{8000, 8500, 9000};  // mean 85
  // 0.5 × 70 + 0.5 × 85 = 77.5
  EXPECT_EQ(GraduationHundredths(*std_, 7000, others), 7750);
  std::vector<int32_t> two{8001, 8002};  // mean 80.015; 0.5×70 + 0.5×80.015 = 75.0075 → 75.01
  EXPECT_EQ(GraduationHundredths(*std_, 7000, two), 7501);
  EXPECT_EQ(GraduationHundredths(*std_, 7000, {}), 7000);
}

TEST(FormatHundredths, TrimsTrailingZeros) {
  EXPECT_EQ(FormatHundredths(9000), "90");
  EXPECT_EQ(FormatHundredths(8950), "89.5");
  EXPECT_EQ(FormatHundredths(1425), "14.25");
  EXPECT_EQ(FormatHundredths(5), "0.05");
}

TEST(FormatScore, KeepsAtLeastOneDecimalAsTheStandardPrintsBands) {
  EXPECT_EQ(FormatScore(9600), "96.0");
  EXPECT_EQ(FormatScore(8460), "84.6");
  EXPECT_EQ(FormatScore(8645), "86.45");
  EXPECT_EQ(FormatScore(-50), "-0.5");
}

TEST(FormatFixed, IsTheInverseOfParseFixedIncludingSignsAndLeadingZeros) {
  EXPECT_EQ(FormatFixed(-35, 1), "-3.5");
  EXPECT_EQ(FormatFixed(5, 2), "0.05");
  EXPECT_EQ(FormatFixed(-5, 2), "-0.05");
  EXPECT_EQ(FormatFixed(235, 0), "235");
  for (int64_t t : {-3000, -75, -1, 0, 1, 98, 12345}) {
    for (int d : {0, 1, 2}) EXPECT_EQ(*ParseFixed(FormatFixed(t, d), d, Rounding::kExact), t);
  }
}

}  // namespace
}  // namespace jiaodu::fitness
