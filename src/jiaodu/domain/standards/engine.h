// File: jiaodu/domain/standards/engine.h
//
// Evaluates one county for one year against a Standard: per school section,
// each indicator against its standard and the per-school rule; per stage,
// each indicator's student-weighted 差异系数 against its limit; the county
// items and vetoes; the verdict with its reasons; and what it would take to
// pass (see remedy.h).
//
//   Engine engine(standard);
//   CountyEvaluation e = engine.EvaluateCounty(input);
//
// The engine never fails on data: a figure that cannot be computed makes its
// result 待定 with a reason. It is thread-compatible: one Engine may be used
// from several threads at once (it has no mutable state).
#ifndef JIAODU_DOMAIN_STANDARDS_ENGINE_H_
#define JIAODU_DOMAIN_STANDARDS_ENGINE_H_

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/domain/schools/record.h"
#include "jiaodu/domain/standards/evaluation.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu {

struct CountyInput {
  std::string county_code;
  std::string county_name;
  AcademicYear year;
  std::vector<const SchoolYearRecord*> schools;  // the county's schools for the year
  const CountyYearRecord* county = nullptr;      // may be null (nothing entered yet)
};

// A county's input picked out of a larger set of records (a city's, or
// several years'): its schools of `year` and its county record of `year`.
// The records must outlive the input, which points into them.
CountyInput CountyInputOf(const Area& county, AcademicYear year,
                          std::span<const SchoolYearRecord> schools,
                          std::span<const CountyYearRecord> counties);

struct EvaluationOptions {
  bool remedies = true;  // compute "what it takes" plans
  int max_drivers = 10;  // CV drivers listed per indicator
};

class Engine {
 public:
  explicit Engine(std::shared_ptr<const Standard> standard);

  CountyEvaluation EvaluateCounty(const CountyInput& input,
                                  const EvaluationOptions& options = {}) const;

  const Standard& standard() const { return *standard_; }

 private:
  std::shared_ptr<const Standard> standard_;
};

}  // namespace jiaodu

#endif  // JIAODU_DOMAIN_STANDARDS_ENGINE_H_
