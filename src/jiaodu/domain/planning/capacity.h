// File: jiaodu/domain/planning/capacity.h
//
// School places (学位) supply against forecast demand, per area and level,
// year by year: existing places per school section (a declared design
// capacity, else classes × the standard 班额), planned new schools and
// expansions from their opening year, the gap, the first year an area runs
// short, the places (and standard-size schools) needed by when, and the
// plan's 新增学位 targets checked against that need. Decisions D10–D13 in
// docs/planning.md.
#ifndef JIAODU_DOMAIN_PLANNING_CAPACITY_H_
#define JIAODU_DOMAIN_PLANNING_CAPACITY_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/domain/planning/forecast.h"
#include "jiaodu/domain/planning/params.h"

namespace jiaodu::planning {

// One school section's places today.
struct SectionSupply {
  std::string school;  // 学校标识码
  std::string school_name;
  std::string area;
  Level level = Level::kPrimary;
  int classes = 0;
  std::vector<int> classes_by_grade;       // 幼儿园: 小班, 中班, 大班 (optional)
  std::optional<int64_t> design_capacity;  // 设计容量 (学位数), when declared
};

enum class ProjectKind { kNewSchool, kExpansion };
std::string_view ProjectKindName(ProjectKind k, bool english = false);  // 新建 / 改扩建

// A planned new school or expansion. Places as declared, else classes ×
// the standard 班额.
struct PlannedProject {
  std::string id;
  std::string name;
  std::string area;
  Level level = Level::kPrimary;
  ProjectKind kind = ProjectKind::kNewSchool;
  int opening_year = 0;  // the academic year it first takes students
  std::optional<int64_t> places;
  int classes = 0;
};

// A plan's 新增学位 target: `places` new places in (from_year, to_year].
// area "" = every area; no level = all levels together.
struct PlaceTarget {
  std::string id;
  std::string name;
  std::string area;
  std::optional<Level> level;
  int from_year = 0;
  int to_year = 0;
  int64_t places = 0;
};

// Demand of one area, level and year (a forecast row or any other source).
struct DemandPoint {
  std::string area;
  Level level = Level::kPrimary;
  int year = 0;
  std::optional<int64_t> students;
  bool observed = false;
};
// Every row of a forecast as demand.
std::vector<DemandPoint> DemandFrom(const ForecastResult& forecast);

struct CapacityInput {
  std::vector<SectionSupply> sections;
  std::vector<PlannedProject> projects;
  std::vector<PlaceTarget> targets;
  std::vector<DemandPoint> demand;
};

enum class CapacityBasis { kDesign, kClasses };

struct SectionCapacity {
  SectionSupply section;
  int64_t by_classes = 0;  // classes × standard 班额, always shown
  int64_t places = 0;      // what counts (D10)
  CapacityBasis basis = CapacityBasis::kClasses;
};

struct ProjectCapacity {
  PlannedProject project;
  int64_t places = 0;
  bool counted = false;  // false: opens at or before the base year (D11)
};

struct GapYear {
  int year = 0;
  bool observed = false;
  std::optional<int64_t> demand;
  int64_t existing = 0;        // today's sections
  int64_t added = 0;           // projects open by this year
  int64_t supply = 0;          // existing + added
  std::optional<int64_t> gap;  // supply − demand; negative = short
  // Places still to provide by this year beyond supply and projects: the
  // running maximum of the shortfall, since places built stay (D12).
  int64_t needed = 0;
  int64_t needed_new = 0;      // to be ready this year: needed − last year's needed
  int64_t schools_needed = 0;  // standard-size schools for `needed`, rounded up
  int64_t schools_new = 0;
};

struct AreaLevelCapacity {
  std::string area;
  Level level = Level::kPrimary;
  int64_t standard_school_places = 0;
  int standard_school_classes = 0;
  std::vector<GapYear> years;  // base year and projected years
  std::optional<int> first_short_year;
  int64_t needed = 0;  // by the last year
  int64_t schools_needed = 0;
  bool demand_complete = true;  // false: some year's demand is unknown
};

struct TargetCheck {
  PlaceTarget target;
  int64_t planned = 0;  // places of counted projects opening in (from, to]
  // New places the demand needs by to_year beyond today's places: the
  // running maximum of demand − existing, summed over the matching areas
  // and levels (unknown if any demand up to to_year is). Projects are not
  // subtracted: they are what the target is meant to pay for.
  std::optional<int64_t> needed;
  bool covers_need = false;  // target ≥ needed
  std::optional<int64_t> target_minus_needed;
  int64_t planned_minus_target = 0;
};

struct CapacityResult {
  std::vector<SectionCapacity> sections;
  std::vector<ProjectCapacity> projects;
  std::vector<AreaLevelCapacity> areas;
  std::vector<TargetCheck> targets;
  std::vector<Notice> notices;

  const AreaLevelCapacity* Find(std::string_view area, Level level) const;
};

CapacityResult Capacity(const CapacityInput& input, const PlanningParams& params);

}  // namespace jiaodu::planning

#endif  // JIAODU_DOMAIN_PLANNING_CAPACITY_H_
