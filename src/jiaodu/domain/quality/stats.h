// File: jiaodu/domain/quality/stats.h
//
// The few numerical building blocks the quality statistics share: sample
// moments computed in two passes (a 900,000-score city file summed in one
// pass loses digits in the SD), the percentile definition used everywhere
// (Hyndman–Fan type 7, as Excel PERCENTILE.INC and numpy's default), and
// the normal and Student-t quantiles behind every interval.
//
// Nothing here knows about schools or subjects; docs/quality.md gives the
// formulas and why these definitions were chosen (decisions Q3, Q6).
#ifndef JIAODU_DOMAIN_QUALITY_STATS_H_
#define JIAODU_DOMAIN_QUALITY_STATS_H_

#include <cstddef>
#include <limits>
#include <span>

namespace jiaodu::quality {

// "No value" for optional numbers held in bulk (a student's background
// index, prior score): a NaN, tested with HasValue. Optional<double> would
// double the memory of a city's score rows.
inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();
inline bool HasValue(double v) { return v == v; }

// n, mean and the sum of squared deviations from the mean (SS), two-pass.
struct Moments {
  size_t n = 0;
  double mean = 0;
  double ss = 0;
  // Sample variance SS/(n−1); 0 when n < 2 (callers check n first).
  double Variance() const;
  double Sd() const;
};
Moments ComputeMoments(std::span<const double> values);

// The p-th quantile (0 ≤ p ≤ 1) of `sorted` (ascending, non-empty) by
// Hyndman–Fan type 7: h = (n−1)p, x[⌊h⌋] + (h−⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
// This is Excel's PERCENTILE.INC / QUARTILE.INC and numpy.percentile's
// default ("linear"), so a clerk can check any figure in Excel.
double PercentileInc(std::span<const double> sorted, double p);

// Φ⁻¹(p) for 0 < p < 1 (Acklam's rational approximation refined by one
// Halley step on erfc: |error| < 1e-12 over the range used here).
double NormalQuantile(double p);

// The p-quantile of Student's t with `df` > 0 degrees of freedom (bisection
// on the CDF through the regularized incomplete beta; |error| < 1e-10).
double StudentTQuantile(double p, double df);

// P(T ≤ t) for Student's t with `df` degrees of freedom.
double StudentTCdf(double t, double df);

}  // namespace jiaodu::quality

#endif  // JIAODU_DOMAIN_QUALITY_STATS_H_
