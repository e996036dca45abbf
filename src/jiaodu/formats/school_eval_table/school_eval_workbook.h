// File: jiaodu/formats/school_eval_table/school_eval_workbook.h
//
// The 办学质量评价 input workbook of one scheme and year: one row per school
// (学校标识码, 学校名称), one column per indicator headed "<id> <name>" with
// its unit and range in the note row and the cell comment. The template is
// generated from the scheme with the schools already listed (a blank cell is
// a missing value, E4), and reads back from .xlsx or CSV.
//
// All or nothing: every problem is collected with its file, sheet, row and
// column and a Chinese reason (ids school_eval_import.*, docs/errors.md):
// an indicator column missing from the header, a school not registered (or
// of no section the scheme evaluates), a school twice, a value that is not a
// number or lies outside the indicator's range. The caller stores the values
// only when the list is empty.
#ifndef JIAODU_FORMATS_SCHOOL_EVAL_TABLE_SCHOOL_EVAL_WORKBOOK_H_
#define JIAODU_FORMATS_SCHOOL_EVAL_TABLE_SCHOOL_EVAL_WORKBOOK_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/quality/hs_evaluation.h"

namespace jiaodu {

struct SchoolEvalSchool {
  std::string code;  // 学校标识码
  std::string name;  // 学校名称
};

// The sheet the template writes and the reader looks for first.
inline constexpr std::string_view kSchoolEvalSheet = "评价数据";

// The header of an indicator's column: "<id> <name>".
std::string SchoolEvalColumnHeader(const quality::HsIndicator& ind);

// The indicator's valid range as the reader checks it (expert: 0–100).
std::pair<double, double> SchoolEvalRange(const quality::HsIndicator& ind);

// The .xlsx bytes. Errors: the writer's (xlsx.*).
Result<std::string> SchoolEvalTemplateXlsx(const quality::HsScheme& scheme, int year,
                                           std::span<const SchoolEvalSchool> schools);

struct SchoolEvalRead {
  std::vector<quality::HsSchoolInput> inputs;  // in file order; values only where filled
  std::vector<Error> errors;
  size_t rows = 0;    // data rows read
  size_t values = 0;  // non-blank values
  bool ok() const { return errors.empty(); }
};

// `known`: the schools the scheme evaluates (a row naming another school is
// an error); matched by 学校标识码, or by 学校名称 when the code is blank.
// `file_name` ending .csv/.txt is read as CSV, anything else as .xlsx.
SchoolEvalRead ReadSchoolEvalWorkbook(std::string_view bytes, std::string_view file_name,
                                      const quality::HsScheme& scheme,
                                      std::span<const SchoolEvalSchool> known);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_SCHOOL_EVAL_TABLE_SCHOOL_EVAL_WORKBOOK_H_
