#include "jiaodu/domain/quality/value_added.h"

#include <gtest/gtest.h>

#include <cmath>

#include "jiaodu/domain/quality/test_util.h"

namespace jiaodu::quality {
namespace {

const SchoolEffect& Of(const ValueAdded& va, const ScoreSet& set, const std::string& code) {
  for (const SchoolEffect& e : va.schools) {
    if (set.schools()[e.school].code == code) return e;
  }
  ADD_FAILURE() << code;
  return va.schools.front();
}

// Expected values from tests/fixtures/quality/anova_check.py (numpy lstsq
// and the EB formulas written independently), on anova_check.csv.
TEST(ValueAdded, AgreesWithTheIndependentNumpyComputation) {
  const ScoreSet set = testing::Fixture();
  auto va = EstimateValueAdded(set, *set.FindSubject("数学"), 0, {});
  ASSERT_TRUE(va) << va.error().Describe();
  ASSERT_EQ(va->coefficients.size(), 3u);
  EXPECT_EQ(va->covariates[1], "前测成绩");
  EXPECT_NEAR(va->coefficients[0], 23.1979907362, 1e-8);
  EXPECT_NEAR(va->coefficients[1], 0.635488227661, 1e-10);
  EXPECT_NEAR(va->coefficients[2], 1.01420098641, 1e-10);
  EXPECT_NEAR(va->r2, 0.448584422871, 1e-11);
  EXPECT_NEAR(va->residual.sigma2_between, 11.9043256341, 1e-8);
  EXPECT_NEAR(va->residual.sigma2_within, 54.0515281279, 1e-8);
  const SchoolEffect& one = Of(*va, set, "9901000001");
  EXPECT_EQ(one.n, 1u);
  EXPECT_NEAR(one.raw_effect, -2.226560517, 1e-8);
  EXPECT_NEAR(one.shrinkage, 0.1804892963, 1e-9);
  EXPECT_NEAR(one.effect, -0.4018703409, 1e-9);
  EXPECT_NEAR(one.posterior_sd, 3.123415162, 1e-8);
  const SchoolEffect& big = Of(*va, set, "9901000008");
  EXPECT_NEAR(big.effect, -3.299091963, 1e-8);
  EXPECT_NEAR(big.low, -5.750907554, 1e-8);
  EXPECT_NEAR(big.high, -0.8472763722, 1e-8);
  EXPECT_EQ(big.standing, Standing::kBelow);
  const SchoolEffect& third = Of(*va, set, "9901000003");
  EXPECT_NEAR(third.low, 0.1478613337, 1e-8);
  EXPECT_EQ(third.standing, Standing::kAbove);
  EXPECT_EQ(Of(*va, set, "9901000006").standing, Standing::kWithin);  // [−0.28, 5.54]
}

TEST(ValueAdded, CaterpillarOrderIsAscendingEffect) {
  const ScoreSet set = testing::Fixture();
  auto va = EstimateValueAdded(set, *set.FindSubject("语文"), 0, {});
  ASSERT_TRUE(va);
  ASSERT_EQ(va->schools.size(), 8u);
  for (size_t i = 1; i < va->schools.size(); ++i) {
    EXPECT_LE(va->schools[i - 1].effect, va->schools[i].effect);
  }
}

// Ten schools whose students gained the same except for a school offset:
// prior p, score = p + offset + (±2 alternating).
ScoreSet Offsets(const std::vector<std::pair<int, double>>& schools) {
  ScoreSet set;
  const uint16_t subject = set.Subject("数学");
  const uint16_t grade = set.Grade("八年级");
  int id = 0;
  for (size_t s = 0; s < schools.size(); ++s) {
    const uint32_t school = set.School("S" + std::to_string(s), "");
    for (int i = 0; i < schools[s].first; ++i) {
      ScoreRow r;
      r.school = school;
      r.student = set.Student(std::to_string(++id));
      r.subject = subject;
      r.grade = grade;
      r.prior = 50 + (id * 37) % 41;
      r.score = r.prior + schools[s].second + (i % 2 == 0 ? 2.0 : -2.0);
      set.Add(r);
    }
  }
  return set;
}

TEST(ValueAdded, SmallSchoolsAreShrunkTowardTheMeanMoreThanLargeOnes) {
  // S1 (2 students) and S2 (40) both sit +3 above the rest, a small rural
  // school and a large town school with the same raw gain.
  const ScoreSet set = Offsets({{20, 0}, {2, 3}, {40, 3}, {20, -3}, {20, 0}, {20, 1}, {20, -1}});
  auto va = EstimateValueAdded(set, 0, 0, {});
  ASSERT_TRUE(va) << va.error().Describe();
  const SchoolEffect& small = Of(*va, set, "S1");
  const SchoolEffect& large = Of(*va, set, "S2");
  EXPECT_NEAR(small.raw_effect, large.raw_effect, 1.0);         // similar raw gains …
  EXPECT_LT(small.shrinkage, large.shrinkage);                  // … trusted less …
  EXPECT_LT(std::fabs(small.effect), std::fabs(large.effect));  // … pulled toward 0
  EXPECT_LT(std::fabs(small.effect), std::fabs(small.raw_effect));
  EXPECT_GT(small.posterior_sd, large.posterior_sd);  // and a wider interval
  EXPECT_EQ(small.standing, Standing::kWithin);       // not ranked first by chance
  EXPECT_EQ(large.standing, Standing::kAbove);
  // Shrinkage factor by the formula σ²_b / (σ²_b + σ²_w / n).
  const double sb = va->residual.sigma2_between, sw = va->residual.sigma2_within;
  EXPECT_NEAR(small.shrinkage, sb / (sb + sw / 2), 1e-12);
}

TEST(ValueAdded, NoBetweenSchoolVarianceShrinksEveryEffectToZero) {
  const ScoreSet set = Offsets({{10, 0}, {10, 0}, {10, 0}});
  auto va = EstimateValueAdded(set, 0, 0, {});
  ASSERT_TRUE(va);
  for (const SchoolEffect& e : va->schools) {
    EXPECT_EQ(e.effect, 0);
    EXPECT_EQ(e.standing, Standing::kWithin);
  }
  EXPECT_FALSE(va->notes.empty());
}

TEST(ValueAdded, StudentsLackingACovariateAreLeftOutAndCounted) {
  ScoreSet set = Offsets({{10, 0}, {10, 2}, {10, -2}});
  ScoreRow r = set.rows()[0];
  r.student = set.Student("no-prior");
  r.prior = kNoValue;
  set.Add(r);
  auto va = EstimateValueAdded(set, 0, 0, {});
  ASSERT_TRUE(va);
  EXPECT_EQ(va->excluded, 1u);
  EXPECT_EQ(va->students, 30u);
  // No background index in the data: dropped with a note, not an error.
  EXPECT_EQ(va->covariates.size(), 2u);
}

TEST(ValueAdded, RefusesWithoutIntakeDataOrWithOneSchoolOrAConstantCovariate) {
  const ScoreSet plain = testing::Groups({{1, 2, 3}, {4, 5, 6}});
  EXPECT_EQ(EstimateValueAdded(plain, 0, 0, {}).error().id, "quality.va_no_intake");
  const ScoreSet one = Offsets({{10, 0}});
  EXPECT_EQ(EstimateValueAdded(one, 0, 0, {}).error().id, "quality.va_few_schools");
  ScoreSet flat = testing::Groups({{1, 2, 3}, {4, 5, 6}});
  ScoreSet copy;
  for (ScoreRow row : flat.rows()) {
    row.prior = 50;  // every student the same prior score
    copy.Add(row);
  }
  copy.School("A", "");
  copy.School("B", "");
  copy.Subject("数学");
  copy.Grade("八年级");
  EXPECT_EQ(EstimateValueAdded(copy, 0, 0, {}).error().id, "quality.va_singular");
}

TEST(ValueAdded, ContextualModelAddsTheSchoolMeansOfIntake) {
  const ScoreSet set = testing::Fixture();
  ValueAddedOptions o;
  o.contextual = true;
  auto va = EstimateValueAdded(set, 0, 0, {}, o);
  ASSERT_TRUE(va) << va.error().Describe();
  EXPECT_EQ(va->covariates.size(), 5u);
  EXPECT_EQ(va->covariates[3], "学校平均前测成绩");
}

}  // namespace
}  // namespace jiaodu::quality
