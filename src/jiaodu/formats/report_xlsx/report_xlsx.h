// File: jiaodu/formats/report_xlsx/report_xlsx.h
//
// The Excel workbooks a bureau downloads: a county's evaluation results laid
// out the way official monitoring tables are (结论, 差异系数, 校级指标, 达标所需,
// 评估事项, 一票否决, 不参评学校), the city's side-by-side overview of its
// counties, and the list of errors that stopped an import. The facts are
// those of the JSON form (formats/json/evaluation_json.h); only the layout
// differs. Everything is in Chinese: the readers are 教育局 staff.
//
//   CountyEvaluation e = engine.EvaluateCounty(input);
//   std::string bytes = JIAODU_TRY(CountyReportXlsx(engine.standard(), e));
//   // serve as 城关区2024-2025学年评估结果.xlsx
//
// Numbers are written as numeric cells with number formats (CVs 0.000,
// values 0.00, money #,##0), never as text, so clerks can sum and sort them;
// codes (学校标识码) are text so that leading digits survive. Colours are
// Excel's familiar conditional-format palette (green = 达标, yellow = close
// or 待定, red = 未达标, grey = cannot be computed), applied from the
// engine's verdicts rather than from Excel rules: the engine compares
// unrounded values with a tolerance (docs/standards.md, D2) that an Excel
// rule on the displayed cell would not reproduce.
//
// Errors: only the writer's (xlsx.write_failed, xlsx.write_rejected); the
// content comes from the engine and cannot be refused.
#ifndef JIAODU_FORMATS_REPORT_XLSX_REPORT_XLSX_H_
#define JIAODU_FORMATS_REPORT_XLSX_REPORT_XLSX_H_

#include <span>
#include <string>
#include <string_view>

#include "jiaodu/core/academic_year.h"
#include "jiaodu/core/error.h"
#include "jiaodu/domain/standards/evaluation.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu {

// One county's results (the bytes of an .xlsx). Sheets, in order:
// 评估结论, 差异系数, one 校级指标 sheet per stage of the standard (小学校级指标,
// 初中校级指标), 达标所需, 评估事项, 一票否决, 不参评学校. `e` must have been
// evaluated against `standard`.
Result<std::string> CountyReportXlsx(const Standard& standard, const CountyEvaluation& e);

// The city overview: 各县汇总 (one row per county: verdicts and school
// counts per stage) and 差异系数对比 (every county's CVs per stage against
// the limit). Counties appear in the order given.
Result<std::string> CityReportXlsx(const Standard& standard, std::string_view city_name,
                                   const AcademicYear& year,
                                   std::span<const CountyEvaluation> counties);

// The downloadable list of import errors: 错误清单 (one row per error with
// its file, sheet, row, column, cell text, id and Chinese message) and 说明
// (what the clerk should do). `title` names the import, e.g.
// "学校基本情况.xlsx 导入错误".
Result<std::string> ErrorWorkbookXlsx(std::span<const Error> errors, std::string_view title);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_REPORT_XLSX_REPORT_XLSX_H_
