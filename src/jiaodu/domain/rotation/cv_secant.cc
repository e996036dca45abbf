#include "jiaodu/domain/rotation/cv_secant.h"

#include <cmath>

namespace jiaodu::rotation {

double CvTerm(double students, double mean, double k) {
  const double d = 100.0 * k - mean * students;
  return d * d / students;
}

std::vector<Secant> CvSecants(double students, double mean, int k_lo, int k_hi, double scale) {
  std::vector<Secant> out;
  for (int j = k_lo; j < k_hi; ++j) {
    const double fj = CvTerm(students, mean, j) / scale;
    const double fj1 = CvTerm(students, mean, j + 1) / scale;
    const double slope = fj1 - fj;
    out.push_back(Secant{slope, fj - slope * j});
  }
  return out;
}

CountCv ComputeCountCv(std::span<const int> counts, std::span<const int> students) {
  CountCv r;
  double n = 0, k = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    n += students[i];
    k += counts[i];
  }
  if (n <= 0 || k <= 0) return r;
  r.defined = true;
  r.mean = 100.0 * k / n;
  double var = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    const double v = 100.0 * counts[i] / students[i];
    var += (students[i] / n) * (v - r.mean) * (v - r.mean);
  }
  r.cv = std::sqrt(var) / r.mean;
  return r;
}

}  // namespace jiaodu::rotation
