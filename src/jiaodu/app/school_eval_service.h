// File: jiaodu/app/school_eval_service.h
//
// The 学校办学质量评价 use cases (issue 9, docs/quality.md §8): the schemes of
// data/quality ([hs_scheme] files), the input template of a scheme and year
// with the schools it evaluates, the import of the filled workbook (all or
// nothing, every error placed; a re-import replaces the stored values and
// keeps the earlier version), and the evaluation — scores, area subtotals,
// city-wide ranks, the bottom group (约谈) and the two-year flag against
// the previous year's evaluation of the same scheme family — with its 通报
// as xlsx and PDF.
//
// The ranking is always city-wide; a county's 通报 lists its schools with
// their city ranks (E8), so a county never sees a rank that differs from
// the city's.
#ifndef JIAODU_APP_SCHOOL_EVAL_SERVICE_H_
#define JIAODU_APP_SCHOOL_EVAL_SERVICE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/app/jobs.h"
#include "jiaodu/app/service.h"
#include "jiaodu/formats/school_eval_table/school_eval_report.h"
#include "jiaodu/formats/school_eval_table/school_eval_workbook.h"

namespace jiaodu {

// One scheme and year evaluated, with what is needed to show it.
struct SchoolEvalResult {
  const quality::HsScheme* scheme = nullptr;
  int year = 0;
  SchoolEvalInputs stored;                          // the current import (values, who, when)
  quality::HsEvaluation evaluation;                 // every school, city-wide
  std::map<std::string, School> schools;            // by code: county, name, type
  std::map<std::string, std::string> county_names;  // area code → name
  std::map<std::string, AreaLevel> area_levels;     // area code → level
  bool previous_found = false;                      // last year's evaluation of the family exists
};

class SchoolEvalService {
 public:
  SchoolEvalService(std::vector<quality::HsScheme> schemes, Service& service);

  const std::vector<quality::HsScheme>& schemes() const { return schemes_; }
  // school_eval.unknown_scheme (kNotFound).
  Result<const quality::HsScheme*> Find(std::string_view id) const;
  // The registered schools the scheme evaluates (a section it names), in
  // code order.
  Result<std::vector<SchoolEvalSchool>> Cohort(const quality::HsScheme& scheme);
  // The years with stored inputs of the scheme, ascending.
  Result<std::vector<int>> Years(std::string_view scheme);

  Result<std::string> Template(std::string_view scheme, int year);
  // Reads the workbook (xlsx or CSV) and stores its values as the current
  // inputs of (scheme, year).
  ImportOutcome Import(std::string_view scheme, int year, const Service::UploadedFile& file,
                       std::string_view user, JobContext* progress = nullptr);
  // Stores values directly (the demo); returns the version id.
  Result<int64_t> Store(std::string_view scheme, int year,
                        std::vector<quality::HsSchoolInput> inputs, std::string_view file_name,
                        std::string_view user);

  // school_eval.no_data (kNotFound) when nothing is stored for the year.
  Result<SchoolEvalResult> Evaluate(std::string_view scheme, int year);
  // The 通报 seen from a place (as Report), audited as an export.
  Result<std::string> ReportXlsx(std::string_view scheme, int year, std::string_view place,
                                 std::string_view user);
  Result<std::string> ReportPdf(std::string_view scheme, int year, std::string_view place,
                                std::string_view user);

  // The result seen from a place, ranks kept (E8): "" or the city's code =
  // every school; a county's code = its schools; a 学校标识码 = that school.
  static SchoolEvalReport Report(const SchoolEvalResult& result, std::string_view place);

 private:
  Result<std::optional<quality::HsEvaluation>> Previous(const quality::HsScheme& scheme, int year);
  Result<quality::HsEvaluation> EvaluateStored(const quality::HsScheme& scheme,
                                               const SchoolEvalInputs& stored, int year,
                                               const quality::HsEvaluation* previous);
  Result<std::string> Rendered(std::string_view scheme, int year, std::string_view place,
                               std::string_view user, std::string_view format,
                               Result<std::string> (*write)(const SchoolEvalReport&));

  std::vector<quality::HsScheme> schemes_;
  Service& svc_;
};

}  // namespace jiaodu

#endif  // JIAODU_APP_SCHOOL_EVAL_SERVICE_H_
