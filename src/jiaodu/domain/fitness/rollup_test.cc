#include "jiaodu/domain/fitness/rollup.h"

#include <gtest/gtest.h>

namespace jiaodu::fitness {
namespace {

StudentScore Scored(int level, int32_t total, ScoreStatus status = ScoreStatus::kComplete) {
  StudentScore s;
  s.status = status;
  s.level = static_cast<int8_t>(level);
  s.total_hundredths = total;
  s.item_count = 1;
  s.items[0].item = 1;
  s.items[0].missing = false;
  s.items[0].score = 90;
  s.items[0].level = static_cast<int8_t>(level);
  return s;
}

TEST(RollUp, EveryStudentCountsInEachLevelOnce) {
  RollUp r;
  int32_t city = r.Intern("city"), c1 = r.Intern("C1"), c2 = r.Intern("C2");
  int32_t s1 = r.Intern("S1"), s2 = r.Intern("S2"), k1 = r.Intern("S1/1"), k2 = r.Intern("S2/1");
  VisionResult myopic{VisionStatus::kMyopia, 0};
  VisionResult none{};
  // School S1 (county C1): two boys in grade 11, one 优秀, one 及格; a girl exempt.
  r.Add(city, c1, s1, k1, 11, Sex::kMale, Scored(0, 9500), myopic);
  r.Add(city, c1, s1, k1, 11, Sex::kMale, Scored(2, 6500), none);
  StudentScore exempt;
  exempt.status = ScoreStatus::kExempt;
  r.Add(city, c1, s1, k1, 11, Sex::kFemale, exempt, none);
  // School S2 (county C2): a girl in grade 21, 良好.
  r.Add(city, c2, s2, k2, 21, Sex::kFemale, Scored(1, 8500), none);

  const Tally* all = r.Find({Scope::kCity, city, 0, 0});
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(all->roster, 4);
  EXPECT_EQ(all->scored, 3);
  EXPECT_EQ(all->exempt, 1);
  EXPECT_EQ(all->level[0] + all->level[1], 2);  // 优良
  EXPECT_EQ(all->total_sum, 9500 + 6500 + 8500);
  EXPECT_EQ(all->myopia, 1);
  EXPECT_EQ(all->vision_screened, 1);

  const Tally* boys_c1 = r.Find({Scope::kCounty, c1, 0, 1});
  ASSERT_NE(boys_c1, nullptr);
  EXPECT_EQ(boys_c1->scored, 2);
  const Tally* girls_c1 = r.Find({Scope::kCounty, c1, 0, 2});
  ASSERT_NE(girls_c1, nullptr);
  EXPECT_EQ(girls_c1->scored, 0);
  EXPECT_EQ(girls_c1->exempt, 1);
  const Tally* g21 = r.Find({Scope::kCity, city, 21, 0});
  ASSERT_NE(g21, nullptr);
  EXPECT_EQ(g21->scored, 1);
  const Tally* klass = r.Find({Scope::kClass, k1, 11, 0});
  ASSERT_NE(klass, nullptr);
  EXPECT_EQ(klass->roster, 3);
  EXPECT_EQ(r.Find({Scope::kSchool, s2, 11, 0}), nullptr);
  EXPECT_EQ(all->items[1].scored, 3);
}

TEST(RollUp, MergeOfSchoolsEqualsTheCounty) {
  RollUp r;
  int32_t city = r.Intern("city"), c = r.Intern("C"), a = r.Intern("A"), b = r.Intern("B");
  for (int i = 0; i < 7; ++i) r.Add(city, c, a, -1, 11, Sex::kMale, Scored(i % 4, 1000 * i), {});
  for (int i = 0; i < 5; ++i) r.Add(city, c, b, -1, 12, Sex::kFemale, Scored(i % 3, 900 * i), {});
  Tally merged = *r.Find({Scope::kSchool, a, 0, 0});
  merged.Merge(*r.Find({Scope::kSchool, b, 0, 0}));
  const Tally* county = r.Find({Scope::kCounty, c, 0, 0});
  EXPECT_EQ(merged.scored, county->scored);
  EXPECT_EQ(merged.level, county->level);
  EXPECT_EQ(merged.total_sum, county->total_sum);
}

TEST(StudentsNeeded, SmallestWholeNumberThatReachesTheTarget) {
  EXPECT_EQ(StudentsNeeded(50, 100, 5200), 2);  // 52% of 100 = 52
  EXPECT_EQ(StudentsNeeded(52, 100, 5200), 0);  // exactly on target
  EXPECT_EQ(StudentsNeeded(0, 3, 5200), 2);     // 1.56 → 2
  EXPECT_EQ(StudentsNeeded(1000, 2500, 5200), 300);
  EXPECT_EQ(StudentsNeeded(5, 0, 5200), 0);
}

TEST(RateBasisPoints, HalfUp) {
  EXPECT_EQ(RateBasisPoints(1, 3), 3333);
  EXPECT_EQ(RateBasisPoints(2, 3), 6667);
  EXPECT_EQ(RateBasisPoints(0, 0), -1);
}

}  // namespace
}  // namespace jiaodu::fitness
