// File: jiaodu/app/planning_service.h
//
// 学位, 班额 and 编制 planning in the product (issue 7; docs/planning.md, "In
// the product"). For a county, or the city (every county under it):
//
//   Staffing  each school's 教职工编制 from its stored sections (students,
//             classes, 教学点 / 寄宿制) and the parameter file, against its
//             actual staff (the planning workbook's 实有在编教职工, else the
//             stored 专任教师 with a notice), county totals and the 编制周转池;
//   Capacity  every stored section's places (classes × standard 班额) and
//             average class size, the sections whose 最大班额 is over the
//             优质均衡 limit, and, from uploaded class rosters, the 大班额
//             bands per school;
//   Forecast  the 10-year 学位 forecast of a scenario from the uploaded
//             births and per-grade enrolment (grade 1 also from the stored
//             起始年级新生数), against the stored places and the uploaded
//             projects: the yearly gap per level, the first short year and
//             the places and standard schools needed.
//
// What the stored school data hold is never asked again; the planning
// workbook (formats/planning_table) adds what they do not. The last
// workbook per county lives in memory only, like the rotation rosters: a
// restart forgets it (storing it is a later increment).
//
//   PlanningService plan(service, params);
//   auto up = plan.Upload("990103", "测算.xlsx", bytes);   // up->errors, all placed
//   auto f = plan.Forecast("990103", "high");
#ifndef JIAODU_APP_PLANNING_SERVICE_H_
#define JIAODU_APP_PLANNING_SERVICE_H_

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/app/jobs.h"
#include "jiaodu/app/service.h"
#include "jiaodu/domain/planning/capacity.h"
#include "jiaodu/domain/planning/class_size.h"
#include "jiaodu/domain/planning/forecast.h"
#include "jiaodu/domain/planning/staffing.h"
#include "jiaodu/formats/planning_table/planning_table.h"

namespace jiaodu {

// A county, or the city and every county under it.
struct PlanningScope {
  std::string code, name;
  bool city = false;
  std::vector<Area> counties;
  std::optional<AcademicYear> year;  // the latest year with school data
};

struct PlanningStaffing {
  PlanningScope scope;
  planning::StaffingResult result;
  // Schools whose actual staff is the stored 专任教师数 (no 实有在编教职工
  // uploaded): their gap understates the staff (教职工 ⊇ 专任教师).
  std::vector<std::string> staff_from_teachers;
  std::vector<planning::Notice> notices;
};

// One stored section's places and class size.
struct PlanningSection {
  std::string school, name, county;
  planning::Level level = planning::Level::kPrimary;
  int64_t students = 0;
  int classes = 0;
  int standard = 0;                       // standard 班额 of the level
  int64_t places = 0;                     // classes × standard
  planning::Rate average;                 // students ÷ classes (0 without classes)
  std::optional<int64_t> max_class_size;  // 最大班额 as stored
  int limit = 0;                          // the 优质均衡 limit (0 = none)
  bool over_limit = false;  // 最大班额 (or, without it, the average) above the limit
};

struct PlanningCapacity {
  PlanningScope scope;
  std::vector<PlanningSection> sections;
  bool rosters = false;  // any class roster uploaded in the scope
  planning::ClassSizeResult class_size;
  std::vector<planning::Notice> notices;
};

struct PlanningForecast {
  PlanningScope scope;
  planning::ForecastResult forecast;
  planning::CapacityResult capacity;
  std::vector<planning::Notice> notices;
};

// What the service holds for a county.
struct PlanningHeld {
  std::string county;
  std::string file_name;  // "" = nothing uploaded
  size_t birth_years = 0, enrolment_rows = 0, projects = 0, roster_schools = 0, staff_schools = 0;
};

struct PlanningUpload {
  std::vector<Error> errors;       // the workbook's, all of them; empty = stored
  std::vector<PlanningHeld> held;  // per county of the scope, after the upload
};

class PlanningService {
 public:
  PlanningService(Service& service, planning::PlanningParams params);

  const planning::PlanningParams& params() const { return params_; }

  Result<PlanningScope> Scope(std::string_view code);

  // The planning workbook: the sheets and 填写说明, no data.
  Result<std::string> Template(std::string_view code);

  // Reads a planning workbook (xlsx or a CSV named after its sheet) for a
  // county or the city: all or nothing. For each county it has rows for,
  // the sheets with rows replace what the service held; other sheets stay
  // (one CSV per sheet can be uploaded in turn).
  Result<PlanningUpload> Upload(std::string_view code, std::string_view file_name,
                                std::string_view bytes);

  std::vector<PlanningHeld> Holding(std::string_view code);

  Result<PlanningStaffing> Staffing(std::string_view code);
  Result<PlanningCapacity> Capacity(std::string_view code);
  // scenario "" = the parameters' default.
  Result<PlanningForecast> Forecast(std::string_view code, std::string_view scenario);

  // Every result of the scope in one workbook (formats/planning_table).
  Result<JobFile> PlanXlsx(std::string_view code, std::string_view scenario);

  // The demo city's planning workbook, made from the stored demo schools
  // (planning_demo.cc): births with the 2016 peak, enrolment by grade that
  // adds up to the stored students, one 初中 and one 小学 project, class
  // rosters and staff. Deterministic.
  Result<std::string> DemoWorkbook();

 private:
  // The scope's stored school data of the latest year (and, for the
  // forecast's grade 1, every year), with the field indices planning reads.
  struct Stored {
    std::vector<SchoolYearRecord> latest;
    std::map<int, std::vector<SchoolYearRecord>> by_year;
    std::optional<size_t> students, classes, max_class, entrants, teachers;
  };
  Result<Stored> LoadStored(const PlanningScope& scope);
  planning_table::PlanningInputs InputsOf(const PlanningScope& scope);

  Service& svc_;
  planning::PlanningParams params_;
  std::mutex mu_;
  std::map<std::string, planning_table::PlanningInputs, std::less<>> inputs_;  // by county
};

}  // namespace jiaodu

#endif  // JIAODU_APP_PLANNING_SERVICE_H_
