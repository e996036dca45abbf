// File: jiaodu/domain/standards/remedy.h  (internal to the engine)
//
// "What it would take to pass": the smallest additions of real resources
// (teachers, m², 元, rooms) that make a failing school pass the per-school
// rule, that bring an indicator's 差异系数 under its limit, and, combining
// both, that make a whole stage of a county pass (verified by re-evaluating
// with the additions applied).
//
// Additions are found by search on the indicator's formula, not by
// inverting it by hand, so any formula in a standard file works as long as
// the indicator does not decrease when its lever field grows. Amounts are
// whole steps of the lever (1 teacher, 1 m², 100 元), so a plan never asks
// for 0.3 of a teacher.
#ifndef JIAODU_DOMAIN_STANDARDS_REMEDY_H_
#define JIAODU_DOMAIN_STANDARDS_REMEDY_H_

#include <optional>
#include <span>
#include <vector>

#include "jiaodu/domain/standards/context.h"
#include "jiaodu/domain/standards/evaluation.h"

namespace jiaodu::internal {

struct LeverSolution {
  double amount = 0;  // added to the lever field
  double value = 0;   // indicator value reached
};

// The smallest whole number of lever steps, on top of `base`, that makes the
// indicator satisfy `op target`; nullopt when it has no lever, cannot be
// computed, or would need an absurd amount (> 10^12 steps).
std::optional<LeverSolution> SolveLever(const Standard& standard, const Indicator& indicator,
                                        const SectionView& section, const CountyYearRecord* county,
                                        std::span<const Delta> base, CompareOp op, double target);

// Fills result.remedy for a failing section: which indicators to raise to
// the standard and which may stay at the 85% line, choosing the cheapest mix.
void PlanSection(const Standard& standard, const SectionView& section,
                 const CountyYearRecord* county, std::span<const Delta> base,
                 SectionResult& result);

struct CvMember {
  const SectionView* section = nullptr;
  double value = 0;   // current indicator value (with base deltas)
  double weight = 0;  // students
  std::span<const Delta> base;
};

// Levelling-up plan for one indicator's CV: the lowest level T such that
// raising every school below T to T brings the CV within `limit`.
// Fills out.target_level, out.remedy, out.cv_after.
void PlanCv(const Standard& standard, const Indicator& indicator, std::span<const CvMember> members,
            double limit, const CountyYearRecord* county, CvResult& out);

// For a composite limit (mean of the CVs): the largest cap c such that
// mean(min(CV_j, c)) meets `limit` — bringing every CV above c down to c is
// the cheapest way to bring the mean down. nullopt if even c = 0 fails.
std::optional<double> CompositeCap(const Standard& standard, std::span<const double> cvs,
                                   double limit);

// The combined plan for a stage (see PassPlan).
void PlanStage(const Standard& standard, std::span<const SectionView* const> sections,
               const std::vector<SectionResult>& results, const std::vector<CvResult>& cvs,
               Verdict composite_verdict, const CountyYearRecord* county, PassPlan& out);

}  // namespace jiaodu::internal

#endif  // JIAODU_DOMAIN_STANDARDS_REMEDY_H_
