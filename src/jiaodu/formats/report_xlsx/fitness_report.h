// File: jiaodu/formats/report_xlsx/fitness_report.h
//
// The Excel workbook of an area's student physical fitness test
// (《国家学生体质健康标准（2014年修订）》, 教体艺〔2014〕5号): every figure a
// bureau reports, with the counts beside every rate, and every student's
// scored results.
//
//   FitnessReportInput in{.standard = &standard, .vision = &vision, .roster = &roster,
//                         .area_name = "东湖区", .year_label = "2025-2026学年",
//                         .school_name = name_of, .county_of = county_of,
//                         .county_name = county_name_of};
//   std::string bytes = JIAODU_TRY(FitnessWorkbookXlsx(in));
//   // serve as 东湖区2025-2026学年学生体质健康测试结果.xlsx
//
// Sheets, in order:
//   说明      area, year, the standard and the vision rule, the level bands and
//             the counting rules (免测/缓测 out of every denominator, 缺项
//             students scored with the missing item at 0, counts beside rates).
//   汇总      the area, then each county followed by its schools: 应测人数, 免测,
//             缓测, 实测（评定）人数, 缺项, 优秀/良好/及格/不及格 人数 and 率, 优良,
//             合格, 平均学年总分, 视力筛查人数, 筛查性近视人数 and 近视率, and the
//             students still needed for the 优良率 target (fitness::StudentsNeeded).
//   分年级    the area and each county × grade × 男/女/合计, with the same figures.
//   单项      the area × grade × item: 测试人数, 缺测, the level (table items) or
//             BMI class (体重指数) counts with their shares, 平均得分, 加分人数.
//   学生成绩  one row per student: 学校, 年级, 班级, 学籍号, 姓名, 性别, 身高, 体重,
//             BMI and its 得分, each item's 成绩 (as recorded, in the official
//             notation; times as 3'55") and 得分, 标准分, 附加分, 学年总分, 等级,
//             测试状态, 左/右眼裸眼视力 and the 视力筛查结果. Past Excel's
//             1,048,575 data rows it continues on 学生成绩(2), 学生成绩(3), ...
// Counties are in the order of their codes, schools by code within them;
// grades by 年级编号. Rates are numeric cells (count / denominator, shown as
// 0.00%); a rate over no student is "—". Every sheet has frozen headers and
// filter buttons.
//
// Memory and time: the workbook is written in libxlsxwriter's
// constant_memory mode (rows stream to a temp file) and scores are
// recomputed per student rather than kept, so beyond the roster the export
// needs a few MB plus the returned bytes (about 185 per student). Measured
// (RelWithDebInfo, one core): 100,000 students 7 s / 18 MB, 1,000,000
// students 71 s / 185 MB, half of it zlib compressing the sheet XML; run
// large areas as a background job.
//
// Errors: only the writer's (xlsx.write_failed, xlsx.write_rejected).
#ifndef JIAODU_FORMATS_REPORT_XLSX_FITNESS_REPORT_H_
#define JIAODU_FORMATS_REPORT_XLSX_FITNESS_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/fitness/roster.h"
#include "jiaodu/domain/fitness/standard.h"
#include "jiaodu/domain/fitness/vision.h"

namespace jiaodu {

struct FitnessReportInput {
  // All three required; the roster must have been read against `standard`.
  const fitness::FitnessStandard* standard = nullptr;
  const fitness::VisionRule* vision = nullptr;
  const fitness::Roster* roster = nullptr;  // the students of the area (may be 1,000,000)
  std::string area_name = {};               // "东湖区"
  std::string year_label = {};              // "2025-2026学年"
  // Names and the county of a school by its 学校标识码. Any may be empty:
  // a school is then shown by its code, and with no county_of the 汇总 and
  // 分年级 sheets have no county level.
  std::function<std::string(const std::string& school_code)> school_name = {};
  std::function<std::string(const std::string& school_code)> county_of = {};
  std::function<std::string(const std::string& county_code)> county_name = {};
  int target_excellent_good_bp = 5200;  // 优良率 target in basis points (52.00%)
  // Student rows per 学生成绩 sheet: Excel's 1,048,576 rows less the header.
  // Tests lower it to check the continuation sheets.
  size_t students_per_sheet = 1'048'575;
};

// The bytes of the .xlsx.
Result<std::string> FitnessWorkbookXlsx(const FitnessReportInput& input);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_REPORT_XLSX_FITNESS_REPORT_H_
