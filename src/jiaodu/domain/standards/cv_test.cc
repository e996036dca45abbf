#include "jiaodu/domain/standards/cv.h"

#include <gtest/gtest.h>

#include <cmath>

#include "jiaodu/core/number.h"

namespace jiaodu {
namespace {

// The published worked example "县域义务教育校际均衡指标计算方法（以生均图书册数为例）":
// 5 schools, 302 students, 1913 books; Σ差异情况 = 10.65, √ = 3.26, 差异系数 0.52.
// Inputs from standards-notes §2.1: 45人/279册, 37/137, 89/935, 76/160, 55/402.
TEST(WeightedCv, PublishedWorkedExampleBooksPerStudentGives0_5153) {
  const double students[] = {45, 37, 89, 76, 55};
  const double books[] = {279, 137, 935, 160, 402};
  std::vector<double> x;
  for (int i = 0; i < 5; ++i) x.push_back(books[i] / students[i]);
  auto s = WeightedCv(x, students);
  ASSERT_TRUE(s) << s.error().message.zh;
  EXPECT_NEAR(s->total_weight, 302, 1e-12);
  EXPECT_NEAR(s->mean, 1913.0 / 302.0, 1e-12);  // 全县生均册数 6.33
  double sum_terms = 0;
  for (double t : s->terms) sum_terms += t;
  EXPECT_EQ(FormatFixed(sum_terms, 2), "10.65");
  EXPECT_EQ(FormatFixed(s->sd, 2), "3.26");
  EXPECT_NEAR(s->cv, 0.5153, 5e-5);
  EXPECT_EQ(FormatFixed(s->cv, 2), "0.52");  // as printed
}

TEST(WeightedCv, OneSchoolHasZeroDispersion) {
  const double x[] = {4.2};
  const double p[] = {300};
  auto s = WeightedCv(x, p);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->cv, 0.0);
}

TEST(WeightedCv, AllEqualValuesGiveZero) {
  const double x[] = {7.5, 7.5, 7.5};
  const double p[] = {10, 2000, 55};
  auto s = WeightedCv(x, p);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->cv, 0.0, 1e-15);
}

TEST(WeightedCv, ZeroMeanIsAClearErrorNotNaN) {
  const double x[] = {0, 0};
  const double p[] = {10, 20};
  auto s = WeightedCv(x, p);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().id, "cv.zero_mean");
  EXPECT_NE(s.error().message.zh.find("无定义"), std::string::npos);
}

TEST(WeightedCv, NoSchoolsOrNoStudentsAreErrors) {
  EXPECT_EQ(WeightedCv({}, {}).error().id, "cv.no_schools");
  const double x[] = {1, 2};
  const double p[] = {0, 0};
  EXPECT_EQ(WeightedCv(x, p).error().id, "cv.zero_weight");
}

TEST(WeightedCv, WeightsAreStudentsNotSchools) {
  // A big school near the mean and a tiny outlier: the student-weighted CV
  // is much smaller than the unweighted one would be.
  const double x[] = {10, 20};
  const double p[] = {990, 10};
  auto s = WeightedCv(x, p);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->mean, 10.1, 1e-12);
  EXPECT_NEAR(s->sd, std::sqrt(0.99 * 0.01 + 0.01 * 98.01), 1e-12);
}

}  // namespace
}  // namespace jiaodu
