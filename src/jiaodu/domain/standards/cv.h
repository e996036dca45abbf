// File: jiaodu/domain/standards/cv.h
//
// The student-weighted coefficient of variation (差异系数) of the 2012
// method (教督〔2012〕3号, 附件2), used unchanged by the 2017 standard:
//
//   X̄ = Σ P_i·X_i / P        S = √( Σ (P_i/P)·(X_i − X̄)² )        CV = S / X̄
//
// with X_i a school's indicator value and P_i its students (P = Σ P_i). This
// is the population form (weights P_i/P, no n−1). The published worked
// example (5 schools, 生均图书册数) gives 0.5153, printed 0.52; see the test.
#ifndef JIAODU_DOMAIN_STANDARDS_CV_H_
#define JIAODU_DOMAIN_STANDARDS_CV_H_

#include <span>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu {

struct CvStats {
  double mean = 0;          // X̄, student-weighted
  double sd = 0;            // S
  double cv = 0;            // S / X̄
  double total_weight = 0;  // P
  // Each school's term (P_i/P)·(X_i − X̄)², whose sum is S². A school's share
  // of that sum says how much of the dispersion it causes.
  std::vector<double> terms;
};

// Fails (id "cv.no_schools", "cv.zero_weight", "cv.negative_weight",
// "cv.zero_mean", "cv.size_mismatch") instead of returning NaN: a zero mean
// makes the coefficient undefined, and the report must say so plainly.
Result<CvStats> WeightedCv(std::span<const double> values, std::span<const double> weights);

}  // namespace jiaodu

#endif  // JIAODU_DOMAIN_STANDARDS_CV_H_
