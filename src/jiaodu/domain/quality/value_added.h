// File: jiaodu/domain/quality/value_added.h
//
// Fair comparison of schools: contextual value-added with empirical-Bayes
// shrinkage, so a school is judged on what its students gained relative to
// students of the same intake elsewhere, and a small rural school is not
// ranked first or last by the luck of a few students.
//
//   1. Intake model, OLS at student level over the scope (a county or the
//      city), one subject and grade:  y_i = β0 + β1·prior_i + β2·background_i
//      [+ β3·prior̄_j + β4·background̄_j with `contextual`] + r_i   (Q9)
//   2. Raw school effect: ū_j = mean residual of the school's students.
//   3. Variance components of the residuals by school (variance.h):
//      σ²_b, σ²_w.
//   4. Shrinkage: λ_j = σ²_b / (σ²_b + σ²_w / n_j); effect_j = λ_j·ū_j (toward
//      0, the scope's average); posterior SD = √(λ_j·σ²_w / n_j); interval
//      effect ± z·SD. A school whose interval lies wholly above (below) 0 is
//      flagged above (below) the scope's average.
//
// The plug-in intervals ignore the uncertainty in β and in σ²_b, σ²_w (they
// are slightly too narrow when a scope has few schools; docs/quality.md Q10).
#ifndef JIAODU_DOMAIN_QUALITY_VALUE_ADDED_H_
#define JIAODU_DOMAIN_QUALITY_VALUE_ADDED_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/quality/scores.h"
#include "jiaodu/domain/quality/variance.h"

namespace jiaodu::quality {

struct ValueAddedOptions {
  bool prior = true;        // use 前测成绩 when the data has it
  bool background = true;   // use 家庭背景指数 when the data has it
  bool contextual = false;  // add the schools' mean intake as covariates
  double confidence = 0.95;
};

enum class Standing { kWithin, kAbove, kBelow };

struct SchoolEffect {
  uint32_t school = 0;
  size_t n = 0;             // students in the model
  double raw_mean = 0;      // the school's unadjusted mean score
  double raw_effect = 0;    // mean residual ū_j
  double shrinkage = 0;     // λ_j ∈ [0, 1)
  double effect = 0;        // λ_j·ū_j
  double posterior_sd = 0;  // √(λ_j σ²_w / n_j)
  double low = 0, high = 0;
  double adjusted_mean = 0;  // the scope's mean score + effect
  Standing standing = Standing::kWithin;
};

struct ValueAdded {
  uint16_t subject = 0;
  uint16_t grade = 0;
  std::vector<std::string> covariates;  // "截距", "前测成绩", … in coefficient order
  std::vector<double> coefficients;
  double r2 = 0;
  size_t students = 0;  // in the model
  size_t excluded = 0;  // in scope but lacking a covariate the model uses
  double mean_score = 0;
  VarianceComponents residual;  // σ²_b, σ²_w of the residuals
  double z = 0;                 // of the intervals
  // Caterpillar order: ascending effect (ties by school index), so a chart
  // draws them left to right as they come.
  std::vector<SchoolEffect> schools;
  std::vector<Text> notes;  // covariates dropped for lack of data, σ²_b = 0, …
};

// Errors: quality.va_no_intake (no covariate with data), quality.va_few_schools
// (fewer than 2 schools, or no school with 2 students), quality.va_singular
// (a covariate is constant or collinear with the others).
Result<ValueAdded> EstimateValueAdded(const ScoreSet& set, uint16_t subject, uint16_t grade,
                                      std::span<const uint32_t> schools,
                                      const ValueAddedOptions& options = {});

}  // namespace jiaodu::quality

#endif  // JIAODU_DOMAIN_QUALITY_VALUE_ADDED_H_
