// File: jiaodu/formats/school_workbook/school_workbook.h
//
// The school-data workbook: the template jiaodu hands out and the files
// clerks send back. Its columns are generated from the field catalog, so a
// new field in data/fields/*.toml is a new column here with no code change.
// docs/data-formats.md describes the sheets for users.
//
//   std::string xlsx = JIAODU_TRY(WriteTemplate(standard, {.year = AcademicYear(2024)}));
//   ParsedImport p = ParseImport(files, standards, context);  // one per dataset
//   if (p.errors.empty()) storage.ApplyImport(...);  // one DatasetBatch per p.datasets
//
// There is one workbook per field catalog: the template of a standard is
// laid out from its catalog (sheet names from its labels, a 学段 column
// only when the catalog has several stages, 是否普惠性幼儿园 / 办园类别 for
// kindergartens), and the reader knows every workbook it is given.
//
// Parsing never stops at the first problem: it reads everything and lists
// every error with file, sheet, Excel row, column letter + header and the
// cell's text, so a clerk can fix a whole file in one pass. Nothing is
// returned for writing unless there are no errors at all.
#ifndef JIAODU_FORMATS_SCHOOL_WORKBOOK_SCHOOL_WORKBOOK_H_
#define JIAODU_FORMATS_SCHOOL_WORKBOOK_SCHOOL_WORKBOOK_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
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

// The workbook of `standard`'s field catalog. Prefilled schools whose type
// has no stage in the catalog (a kindergarten in the compulsory workbook)
// are left out.
Result<std::string> WriteTemplate(const Standard& standard, const TemplateOptions& options);

struct InputFile {
  std::string name;   // as uploaded ("城关一小.xlsx")
  std::string bytes;  // raw content
};

// What the importer needs to know about the database to check references.
struct ImportContext {
  std::vector<Area> areas;  // existing areas
  // Existing schools: to refuse a change of county or a kindergarten taking
  // a school's code, and to keep the attributes a workbook does not ask
  // (寄宿制 in the preschool one, 普惠 in the compulsory one).
  std::vector<School> schools;
};

// The records of one data collection (a field catalog's dataset:
// compulsory, preschool) found in the files.
struct ParsedDataset {
  std::shared_ptr<const Standard> standard;    // the standard its sheets were read with
  std::string dataset;                         // standard->catalog->dataset()
  std::vector<SchoolYearRecord> school_years;  // complete records (replace what is stored)
  // County rows carry only the values, judgments and vetoes present in the
  // files; the caller merges them into the stored record (blank = unchanged).
  std::vector<CountyYearRecord> county_years;
};

struct ParsedImport {
  std::vector<Area> areas;  // from 行政区划 sheets (shared by every dataset)
  // One entry per dataset with records, in the order of the standards given.
  std::vector<ParsedDataset> datasets;
  std::vector<Error> errors;
  int files_read = 0;

  const ParsedDataset* Find(std::string_view dataset) const;
};

// Reads the files with one standard per dataset (e.g. cn-yzjh-2017 for the
// compulsory workbook and cn-xqpp-2020 for the preschool one): each sheet
// belongs to the workbook whose sheet name it has (a CSV file: whose headers
// it has), so one upload may mix both workbooks. A standard whose dataset an
// earlier one already covers is ignored. `progress(fraction)` is called as
// files are read (may be empty).
ParsedImport ParseImport(std::span<const InputFile> files,
                         std::span<const std::shared_ptr<const Standard>> standards,
                         const ImportContext& context,
                         const std::function<void(double)>& progress = {});

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_SCHOOL_WORKBOOK_SCHOOL_WORKBOOK_H_
