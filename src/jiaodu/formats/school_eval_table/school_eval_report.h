// File: jiaodu/formats/school_eval_table/school_eval_report.h
//
// The 办学质量评价 通报 of one scheme and year as the application hands it to
// the writers (xlsx here, PDF in formats/pdf/school_eval_pdf): the scheme,
// the evaluation (scores, ranks, flags, notes) and each school's county, so
// the workbook, the PDF and the JSON print the same numbers.
#ifndef JIAODU_FORMATS_SCHOOL_EVAL_TABLE_SCHOOL_EVAL_REPORT_H_
#define JIAODU_FORMATS_SCHOOL_EVAL_TABLE_SCHOOL_EVAL_REPORT_H_

#include <map>
#include <string>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/quality/hs_evaluation.h"

namespace jiaodu {

struct SchoolEvalReport {
  const quality::HsScheme* scheme = nullptr;
  quality::HsEvaluation evaluation;
  std::map<std::string, std::string> county_of;  // 学校标识码 → county name
  std::string scope;                             // "全市", or the county's name
};

// The flags as the 通报 prints them.
inline constexpr std::string_view kInterviewFlag = "约谈";
inline constexpr std::string_view kFollowUpFlag = "连续两年靠后";

// 通报 (rank, school, county, area subtotals, total, flags, missing),
// 指标得分 (each indicator's value and points) and 说明 (the scheme, the
// rules, the notes). Errors: the writer's (xlsx.*).
Result<std::string> SchoolEvalReportXlsx(const SchoolEvalReport& report);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_SCHOOL_EVAL_TABLE_SCHOOL_EVAL_REPORT_H_
