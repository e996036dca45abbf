// File: jiaodu/domain/plans/compiled_plan.h
//
// A plan with its formulas bound: what turns an area's data for a year into
// each computed indicator's value. The data come from the caller (the app
// reads storage and the fitness roll-up), so the plans domain knows nothing
// of where numbers are kept.
//
//   CompiledPlan cp = CompiledPlan::Compile(plan, find_catalog).value();
//   AreaInput in = ...;                 // an area's schools and variables for a year
//   auto v = cp.Compute(indicator_index, in);  // nullopt: not computed by jiaodu
#ifndef JIAODU_DOMAIN_PLANS_COMPILED_PLAN_H_
#define JIAODU_DOMAIN_PLANS_COMPILED_PLAN_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/domain/plans/plan.h"
#include "jiaodu/domain/plans/progress.h"
#include "jiaodu/domain/standards/area_formula.h"

namespace jiaodu::plans {

// The data variables formulas may use besides catalog fields, all counts for
// the area and year (docs/plans.md lists their definitions): from the
// fitness roll-up, fitness_roster, fitness_scored (the denominator of the
// level rates), fitness_excellent, fitness_good, fitness_pass, fitness_fail,
// fitness_top2 (优良), fitness_qualified (合格), fitness_screened (视力筛查)
// and fitness_myopia (筛查性近视).
std::span<const std::string> DataVariables();

// One catalog's data for an area and year.
struct CatalogInput {
  std::vector<const SchoolYearRecord*> schools;
  const CountyYearRecord* county = nullptr;  // county fields (a city: summed, see app)
};

struct AreaInput {
  std::string area;
  int year = 0;
  std::map<std::string, CatalogInput> catalogs;  // by catalog id; absent = no data
  // Values of DataVariables() in order; NaN = no data for the area and year.
  std::vector<double> variables;
};

using CatalogLookup = std::function<std::shared_ptr<const FieldCatalog>(std::string_view id)>;

class CompiledPlan {
 public:
  // Validates the plan and compiles every formula; errors name the indicator
  // and quote the formula.
  static Result<CompiledPlan> Compile(std::shared_ptr<const Plan> plan,
                                      const CatalogLookup& catalogs);

  const Plan& plan() const { return *plan_; }
  std::shared_ptr<const Plan> shared() const { return plan_; }

  // The indicator's value from the data: nullopt when the indicator is
  // manual or the area has no data of its catalog (or variables) that year;
  // an error when data exist but a value is missing (naming the field).
  Result<std::optional<YearValue>> Compute(size_t indicator, const AreaInput& in) const;
  // The weight of an area in a mean roll-up (indicator.weight), nullopt when
  // not computable.
  Result<std::optional<double>> Weight(size_t indicator, const AreaInput& in) const;

 private:
  struct Formulas {
    std::string catalog;
    std::optional<AreaFormula> value, numerator, denominator, weight;
    bool uses_variables = false;
  };
  std::shared_ptr<const Plan> plan_;
  std::vector<Formulas> formulas_;  // per indicator
};

}  // namespace jiaodu::plans

#endif  // JIAODU_DOMAIN_PLANS_COMPILED_PLAN_H_
