// File: jiaodu/formats/json/evaluation_json.h
//
// The JSON form of standards and evaluation results, shared by the HTTP API
// and `jiaodu evaluate --json`. Documented field by field in
// docs/evaluation-json.md. Every human text is an object {"zh": …, "en": …};
// every verdict is a key ("pass", "fail", "incomplete", "na"); numbers are
// unrounded (clients round for display), missing numbers are null.
#ifndef JIAODU_FORMATS_JSON_EVALUATION_JSON_H_
#define JIAODU_FORMATS_JSON_EVALUATION_JSON_H_

#include <nlohmann/json.hpp>
#include <span>

#include "jiaodu/domain/schools/catalog.h"
#include "jiaodu/domain/schools/record.h"
#include "jiaodu/domain/standards/evaluation.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu::wire {

nlohmann::json ToJson(const Text& t);
nlohmann::json ToJson(const Error& e);
nlohmann::json ToJson(const Area& a);
nlohmann::json ToJson(const School& s);
nlohmann::json ToJson(const AcademicYear& y);  // {start, label, label_en}
nlohmann::json ToJson(const Standard& s);
nlohmann::json ToJson(const FieldCatalog& c);
nlohmann::json ToJson(const CountyEvaluation& e);
// One row per county, without school detail: the city overview.
nlohmann::json CountySummary(const CountyEvaluation& e);
// A school's raw values by field id: {"school": {...}, "sections": {"primary": {...}}}.
nlohmann::json RecordToJson(const FieldCatalog& catalog, const SchoolYearRecord& r);
nlohmann::json CountyRecordToJson(const FieldCatalog& catalog, const CountyYearRecord& r);

}  // namespace jiaodu::wire

#endif  // JIAODU_FORMATS_JSON_EVALUATION_JSON_H_
