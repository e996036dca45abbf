// File: jiaodu/domain/rotation/cv_secant.h
//
// The exact linear form of a 差异系数 limit over integer teacher counts.
//
// Within one stage of a county, teachers only move between that stage's
// schools, so the total K of flagged teachers and the total N of students are
// fixed, and so is the student-weighted mean v̄ = 100·K/N. With v_s = 100·k_s/n_s:
//
//   CV ≤ c  ⟺  Σ_s n_s (v_s − v̄)² ≤ (c·v̄)² · N  ⟺  Σ_s f_s(k_s) ≤ B
//   where f_s(k) = (100·k − v̄·n_s)² / n_s  and  B = (c·v̄)²·N.
//
// f_s is convex in k, and k_s only takes integer values. The secant through
// (j, f(j)) and (j+1, f(j+1)) lies below f outside [j, j+1], so the largest
// secant at an integer k is exactly f(k): t_s ≥ every secant, with t_s pushed
// down by the objective, equals f_s(k_s) at every integer point — not an
// approximation (cv_secant_test.cc checks it, and against the CV computed
// directly).
#ifndef JIAODU_DOMAIN_ROTATION_CV_SECANT_H_
#define JIAODU_DOMAIN_ROTATION_CV_SECANT_H_

#include <span>
#include <vector>

namespace jiaodu::rotation {

// f(k) = (100·k − mean·students)² / students.
double CvTerm(double students, double mean, double k);

// t ≥ slope·k + intercept.
struct Secant {
  double slope = 0;
  double intercept = 0;
};

// The secants of f/scale between consecutive integers of [k_lo, k_hi]
// (k_hi − k_lo lines; none when k_lo == k_hi, where t ≥ f(k_lo)/scale is a bound).
std::vector<Secant> CvSecants(double students, double mean, int k_lo, int k_hi, double scale);

// The student-weighted CV of v_s = 100·counts_s / students_s, computed directly
// (the 教督〔2012〕3号 formula, population form). `defined` is false when the
// mean is 0 or there are no students.
struct CountCv {
  bool defined = false;
  double mean = 0;
  double cv = 0;
};
CountCv ComputeCountCv(std::span<const int> counts, std::span<const int> students);

}  // namespace jiaodu::rotation

#endif  // JIAODU_DOMAIN_ROTATION_CV_SECANT_H_
