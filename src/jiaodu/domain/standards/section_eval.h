// File: jiaodu/domain/standards/section_eval.h  (internal to the engine)
//
// One school section against the resource indicators and the per-school
// rule ("至少6项指标达到要求，余项不能低于要求的85%").
#ifndef JIAODU_DOMAIN_STANDARDS_SECTION_EVAL_H_
#define JIAODU_DOMAIN_STANDARDS_SECTION_EVAL_H_

#include <span>

#include "jiaodu/domain/standards/context.h"
#include "jiaodu/domain/standards/evaluation.h"

namespace jiaodu::internal {

// The 85% line of a standard: standard × ratio for "≥" indicators, and
// standard ÷ ratio for "≤" ones (none in 2017, but a province may add one).
double FloorThreshold(CompareOp op, double standard, double ratio);

IndicatorValue EvaluateIndicator(const Standard& standard, const Indicator& indicator,
                                 const SectionView& section, const CountyYearRecord* county,
                                 std::span<const Delta> deltas = {});

// Fills counts, verdict and reasons of `result` from its indicators.
void ApplySchoolRule(const Standard& standard, SectionResult& result);

// All indicators of a section with `deltas` applied, then the rule.
SectionResult EvaluateSection(const Standard& standard, const SectionView& section,
                              const CountyYearRecord* county, std::span<const Delta> deltas = {});

}  // namespace jiaodu::internal

#endif  // JIAODU_DOMAIN_STANDARDS_SECTION_EVAL_H_
