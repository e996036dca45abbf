// File: jiaodu/formats/planning_table/planning_table.h
//
// The bureau's planning workbook (学位与编制测算工作簿) in and out of Excel:
// what a county has for 学位, 班额 and 编制 planning that the stored school
// data do not hold (sections, students, classes and 专任教师 come from
// storage and are never asked again):
//
//   出生人口      县区代码, 出生年份, 户籍出生人口, 常住出生人口 (at least one)
//   分年级在校生  县区代码, 学年, 学段, 年级, 在校生数, optional 其中随迁子女
//                 (the forecast's history: stored data hold section totals only)
//   规划项目      项目名称, 县区代码, 学段, 类型 (新建/改扩建), 启用年份,
//                 新增学位 and/or 新增班数
//   班级名册      optional: 学校标识码, 学段, 年级, 班级, 学生数 (for the 大班额 bands)
//   教职工        optional: 学校标识码, 实有在编教职工, 寄宿生数
//   学科教师      optional: 学校标识码, 学科, 专任教师数, optional 需求教师数
//   周转池        optional: 县区代码, 周转池空编数
//
// Columns are found by their labels in row 1 (any order, extra columns
// ignored, "在校生数（人）" reads as 在校生数). A CSV holds one sheet, named by
// the file ("出生人口.csv"). All or nothing: every problem is returned with
// file, sheet, row and column in Chinese (planning_table.* ids), and the
// inputs only when there is none.
#ifndef JIAODU_FORMATS_PLANNING_TABLE_PLANNING_TABLE_H_
#define JIAODU_FORMATS_PLANNING_TABLE_PLANNING_TABLE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/planning/capacity.h"
#include "jiaodu/domain/planning/class_size.h"
#include "jiaodu/domain/planning/forecast.h"
#include "jiaodu/domain/planning/staffing.h"

namespace jiaodu::planning_table {

inline constexpr std::string_view kBirthSheet = "出生人口";
inline constexpr std::string_view kEnrolmentSheet = "分年级在校生";
inline constexpr std::string_view kProjectSheet = "规划项目";
inline constexpr std::string_view kRosterSheet = "班级名册";
inline constexpr std::string_view kStaffSheet = "教职工";
inline constexpr std::string_view kSubjectSheet = "学科教师";
inline constexpr std::string_view kPoolSheet = "周转池";

// Past it one planning_table.too_many_errors ends the list.
inline constexpr size_t kMaxErrors = 200;

struct StaffRow {
  std::optional<int64_t> actual_staff;  // 实有在编教职工
  int64_t boarders = 0;                 // 寄宿生数
};

struct PlanningInputs {
  std::string file_name;
  std::map<std::string, std::vector<planning::BirthYear>> births;          // county → by year
  std::map<std::string, std::vector<planning::GradeEnrolment>> enrolment;  // county → rows
  std::vector<planning::PlannedProject> projects;
  std::map<std::string, std::vector<planning::ClassRecord>> rosters;  // school → classes
  std::map<std::string, StaffRow> staff;                              // school → staff
  std::map<std::string, std::vector<planning::SubjectCount>> subject_teachers;  // school →
  std::map<std::string, std::vector<planning::SubjectCount>> subject_need;      // school →
  std::map<std::string, int64_t> reserve;  // county → 周转池空编数

  // The part of the inputs about one county (`schools`: its school codes).
  PlanningInputs ForCounty(std::string_view county, const std::set<std::string>& schools) const;
  bool empty() const;
  // The sheets these inputs hold rows of (kBirthSheet, …).
  std::set<std::string_view> Sheets() const;
  // Replaces the sheets `newer` holds rows of and keeps the others, so a
  // county may upload one CSV per sheet (出生人口.csv, then 规划项目.csv).
  void Replace(PlanningInputs newer);
};

// Who may appear in the workbook: the counties and their schools (school
// code → county). Codes outside it are errors placed at their cell.
struct Directory {
  std::set<std::string> counties;
  std::map<std::string, std::string> schools;
};

struct ReadResult {
  PlanningInputs inputs;  // valid only when errors is empty
  std::vector<Error> errors;
};

// `system` gives the grades per level (a grade outside it is an error).
ReadResult ReadPlanningWorkbook(std::string_view bytes, std::string_view file_name,
                                const planning::SchoolSystem& system, const Directory& directory);

// The workbook for `inputs` in the sheets above plus 填写说明: the template
// (inputs empty, or prefilled with the county's code in the county sheets),
// or a filled workbook for tests and the demo.
Result<std::string> WritePlanningWorkbook(const PlanningInputs& inputs,
                                          std::string_view county_name);

// The results a county's plan export holds.
struct PlanReport {
  std::string county, county_name;
  std::string scenario_name;
  const planning::ForecastResult* forecast = nullptr;  // may be null (no births)
  const planning::CapacityResult* capacity = nullptr;
  const planning::ClassSizeResult* class_size = nullptr;
  const planning::StaffingResult* staffing = nullptr;
  std::vector<planning::Notice> notices;
};

// 学位缺口, 规划项目, 学段容量, 班额, 编制, 周转池, 说明 sheets.
Result<std::string> WritePlanReport(const PlanReport& report);

}  // namespace jiaodu::planning_table

#endif  // JIAODU_FORMATS_PLANNING_TABLE_PLANNING_TABLE_H_
