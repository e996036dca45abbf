// File: jiaodu/domain/standards/area_formula.h
//
// A county-scope formula evaluated over any set of schools outside a
// standard: a county's or a whole city's schools, for plan indicators
// ("本科及以上学历专任教师占比 = 100 × sum(teachers_postgrad + teachers_bachelor)
// / sum(teachers)"). It uses the engine's own contexts, so a formula means
// the same here as in a standard file (shared resources of an 一贯制 school
// split among its sections by students, decision D3), but every stage of the
// catalog is in scope and nothing is excluded: a plan counts all schools
// unless its `where` says otherwise.
//
//   auto f = AreaFormula::Compile("sum(students)", catalog, MemberKind::kSections,
//                                 "stage == '小学'", {});
//   double v = f->Evaluate(records, &county_record, {}).value();
#ifndef JIAODU_DOMAIN_STANDARDS_AREA_FORMULA_H_
#define JIAODU_DOMAIN_STANDARDS_AREA_FORMULA_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "jiaodu/domain/schools/record.h"
#include "jiaodu/domain/standards/expr.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu {

class AreaFormula {
 public:
  // `variables` are extra names bound at evaluation (in order), usable
  // outside aggregates (e.g. fitness_tested).
  static Result<AreaFormula> Compile(std::string_view text,
                                     std::shared_ptr<const FieldCatalog> catalog, MemberKind over,
                                     std::string_view where,
                                     std::span<const std::string> variables = {});

  // `county` supplies county-level fields (may be null: they are missing).
  // A variable given as NaN is "not available" and makes the evaluation an
  // error naming it.
  Result<double> Evaluate(std::span<const SchoolYearRecord* const> schools,
                          const CountyYearRecord* county, std::span<const double> variables) const;

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::shared_ptr<Standard> scope_;  // catalog + stages, no exclusions
  Expr expr_;
  std::shared_ptr<Expr> where_;
  MemberKind over_ = MemberKind::kSections;
  std::vector<std::string> variables_;
  std::vector<size_t> used_;  // indices of the variables the formula mentions
};

}  // namespace jiaodu

#endif  // JIAODU_DOMAIN_STANDARDS_AREA_FORMULA_H_
