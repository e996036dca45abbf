#include "jiaodu/domain/rotation/cv_secant.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "jiaodu/domain/standards/cv.h"

namespace jiaodu::rotation {
namespace {

double MaxSecant(const std::vector<Secant>& secants, double k) {
  double best = -1e300;
  for (const Secant& s : secants) best = std::max(best, s.slope * k + s.intercept);
  return best;
}

TEST(CvSecantTest, LargestSecantEqualsTheTermAtEveryIntegerCount) {
  std::mt19937 rng(7);
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  for (int trial = 0; trial < 200; ++trial) {
    const double n = 20 + pick(2000);
    const double mean = 0.2 + pick(800) / 100.0;
    const int lo = pick(30);
    const int hi = lo + 1 + pick(60);
    const double scale = 1 + pick(5000);
    const auto secants = CvSecants(n, mean, lo, hi, scale);
    ASSERT_EQ(secants.size(), static_cast<size_t>(hi - lo));
    for (int k = lo; k <= hi; ++k) {
      const double exact = CvTerm(n, mean, k) / scale;
      EXPECT_NEAR(MaxSecant(secants, k), exact, 1e-9 * std::max(1.0, exact))
          << "n=" << n << " k=" << k;
    }
    // Between integers the envelope is the chord: above the convex term.
    for (int k = lo; k < hi; ++k) {
      const double x = k + 0.37;
      EXPECT_GE(MaxSecant(secants, x) + 1e-12, CvTerm(n, mean, x) / scale);
    }
  }
}

TEST(CvSecantTest, CountCvAgreesWithTheEngineWeightedCv) {
  const std::vector<int> counts = {3, 0, 12, 7, 1};
  const std::vector<int> students = {300, 120, 1500, 800, 60};
  const CountCv ours = ComputeCountCv(counts, students);
  std::vector<double> values, weights;
  for (size_t i = 0; i < counts.size(); ++i) {
    values.push_back(100.0 * counts[i] / students[i]);
    weights.push_back(students[i]);
  }
  auto engine = WeightedCv(values, weights);
  ASSERT_TRUE(engine);
  ASSERT_TRUE(ours.defined);
  EXPECT_NEAR(ours.mean, engine->mean, 1e-12);
  EXPECT_NEAR(ours.cv, engine->cv, 1e-12);
  EXPECT_FALSE(ComputeCountCv(std::vector<int>{0, 0}, std::vector<int>{10, 20}).defined);
}

// Σ f_s(k_s) / B = (CV / c)²: the CV limit is one linear row over the t_s.
TEST(CvSecantTest, SumOfTermsOverBudgetIsTheSquaredCvRatio) {
  std::mt19937 rng(11);
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  for (int trial = 0; trial < 100; ++trial) {
    const size_t schools = static_cast<size_t>(2 + pick(10));
    std::vector<int> counts(schools), students(schools);
    double n = 0, k = 0;
    for (size_t s = 0; s < schools; ++s) {
      students[s] = 30 + pick(1500);
      counts[s] = pick(25);
      n += students[s];
      k += counts[s];
    }
    if (k == 0) continue;
    const double mean = 100 * k / n;
    const double limit = 0.45;
    const double budget = limit * limit * mean * mean * n;
    double sum = 0;
    for (size_t s = 0; s < schools; ++s) sum += CvTerm(students[s], mean, counts[s]) / budget;
    const CountCv cv = ComputeCountCv(counts, students);
    EXPECT_NEAR(sum, (cv.cv / limit) * (cv.cv / limit), 1e-9 * std::max(1.0, sum));
    EXPECT_EQ(sum <= 1 + 1e-12, cv.cv <= limit + 1e-12);
  }
}

}  // namespace
}  // namespace jiaodu::rotation
