// File: jiaodu/formats/school_workbook/school_workbook.h
//
// The school-data workbook: the template jiaodu hands out and the files
// clerks send back. Its columns are generated from the field catalog, so a
// new field in data/fields/*.toml is a new column here with no code change.
// docs/data-formats.md describes the sheets for users.
//
//   std::string xlsx = JIAODU_TRY(WriteTemplate(standard, {.year = AcademicYear(2024)}));
//   ParsedImport p = ParseImport(files, standard, context);
//   if (p.errors.empty()) storage.ApplyImport(...);
//
// Parsing never stops at the first problem: it reads everything and lists
// every error with file, sheet, Excel row, column letter + header and the
// cell's text, so a clerk can fix a whole file in one pass. Nothing is
// returned for writing unless there are no errors at all.
#ifndef JIAODU_FORMATS_SCHOOL_WORKBOOK_SCHOOL_WORKBOOK_H_
#define JIAODU_FORMATS_SCHOOL_WORKBOOK_SCHOOL_WORKBOOK_H_

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/core/academic_year.h"
#include "jiaodu/domain/schools/record.h"
#include "jiaodu/domain/schools/school.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu {

struct TemplateOptions {
  std::optional<AcademicYear> year;  // preselected in the year column
  std::vector<Area> areas;           // offered in the county dropdown and 行政区划 sheet
  // Prefilled rows (e.g. a county's schools): attributes only, numbers blank.
  std::vector<School> schools;
  bool include_county_sheets = true;  // 县级数据 / 评估事项 / 一票否决 (bureau use)
};

Result<std::string> WriteTemplate(const Standard& standard, const TemplateOptions& options);

struct InputFile {
  std::string name;   // as uploaded ("城关一小.xlsx")
  std::string bytes;  // raw content
};

// What the importer needs to know about the database to check references.
struct ImportContext {
  std::vector<Area> areas;      // existing areas
  std::vector<School> schools;  // existing schools (to refuse a change of county)
};

struct ParsedImport {
  std::vector<Area> areas;                     // from 行政区划 sheets
  std::vector<SchoolYearRecord> school_years;  // complete records (replace what is stored)
  // County rows carry only the values, judgments and vetoes present in the
  // files; the caller merges them into the stored record (blank = unchanged).
  std::vector<CountyYearRecord> county_years;
  std::vector<Error> errors;
  int files_read = 0;
};

// `progress(fraction)` is called as files are read (may be empty).
ParsedImport ParseImport(std::span<const InputFile> files, const Standard& standard,
                         const ImportContext& context,
                         const std::function<void(double)>& progress = {});

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_SCHOOL_WORKBOOK_SCHOOL_WORKBOOK_H_
