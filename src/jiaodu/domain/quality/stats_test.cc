#include "jiaodu/domain/quality/stats.h"

#include <gtest/gtest.h>

#include <vector>

namespace jiaodu::quality {
namespace {

TEST(Moments, SampleSdUsesNMinusOne) {
  const std::vector<double> v = {2, 4, 4, 4, 5, 5, 7, 9};  // mean 5, SS 32
  const Moments m = ComputeMoments(v);
  EXPECT_EQ(m.n, 8u);
  EXPECT_DOUBLE_EQ(m.mean, 5);
  EXPECT_DOUBLE_EQ(m.ss, 32);
  EXPECT_DOUBLE_EQ(m.Variance(), 32.0 / 7);
}

TEST(Moments, TwoPassKeepsDigitsOfLargeOffsets) {
  // One pass (Σy² − n·ȳ²) loses every digit here; two passes keep them.
  const std::vector<double> v = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
  EXPECT_DOUBLE_EQ(ComputeMoments(v).Variance(), 30);
}

TEST(PercentileInc, MatchesExcelPercentileInc) {
  // Excel: =PERCENTILE.INC({1,2,3,4,5,6,7,8,9,10}, p)
  const std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_DOUBLE_EQ(PercentileInc(v, 0), 1);
  EXPECT_DOUBLE_EQ(PercentileInc(v, 0.25), 3.25);
  EXPECT_DOUBLE_EQ(PercentileInc(v, 0.5), 5.5);
  EXPECT_DOUBLE_EQ(PercentileInc(v, 0.9), 9.1);
  EXPECT_DOUBLE_EQ(PercentileInc(v, 1), 10);
  const std::vector<double> one = {42};
  EXPECT_DOUBLE_EQ(PercentileInc(one, 0.3), 42);
}

TEST(Quantiles, NormalAndStudentTMatchTables) {
  EXPECT_NEAR(NormalQuantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.5), 0, 1e-15);
  EXPECT_NEAR(NormalQuantile(0.001), -3.090232306167813, 1e-11);
  // Student t, two-sided 95 % (Excel T.INV(0.975, df)).
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.706204736174698, 1e-8);
  EXPECT_NEAR(StudentTQuantile(0.975, 4), 2.7764451051977934, 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.975, 30), 2.0422724563012373, 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.025, 10), -2.2281388519649385, 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.975, 1e6), 1.959966, 1e-5);
}

}  // namespace
}  // namespace jiaodu::quality
