#include "jiaodu/app/school_eval_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "jiaodu/formats/pdf/school_eval_pdf.h"

namespace jiaodu {
namespace {

Error NoData(std::string_view scheme, int year) {
  return Error{
      ErrorCode::kNotFound,
      "school_eval.no_data",
      Text(fmt::format("评价方案“{}”{}年还没有导入评价数据", scheme, year),
           fmt::format("no evaluation data imported for scheme \"{}\" in {}", scheme, year)),
      {},
      {}};
}

// Whether a school of this type has a section the scheme evaluates (no
// sections named: every school). 中职 and 特殊教育学校 are never in the
// cohort: the guides are for 普通高中 and 义务教育 schools (E9).
bool Evaluated(const quality::HsScheme& scheme, const School& s) {
  if (s.type == SchoolType::kVocational || s.type == SchoolType::kSpecial) return false;
  const auto& sections = scheme.spec().sections;
  if (sections.empty()) return true;
  for (Stage st : StagesOf(s.type)) {
    if (std::find(sections.begin(), sections.end(), StageName(st)) != sections.end()) return true;
  }
  return false;
}

}  // namespace

SchoolEvalService::SchoolEvalService(std::vector<quality::HsScheme> schemes, Service& service)
    : schemes_(std::move(schemes)), svc_(service) {}

Result<const quality::HsScheme*> SchoolEvalService::Find(std::string_view id) const {
  for (const quality::HsScheme& s : schemes_) {
    if (s.spec().id == id) return &s;
  }
  return Fail(Error{ErrorCode::kNotFound,
                    "school_eval.unknown_scheme",
                    Text(fmt::format("没有编号为“{}”的办学质量评价方案", id),
                         fmt::format("no school evaluation scheme \"{}\"", id)),
                    {},
                    {}});
}

Result<std::vector<SchoolEvalSchool>> SchoolEvalService::Cohort(const quality::HsScheme& scheme) {
  std::vector<SchoolEvalSchool> out;
  for (const School& s : JIAODU_TRY(svc_.storage().ListSchools())) {
    if (Evaluated(scheme, s)) out.push_back({s.code, s.name});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  return out;
}

Result<std::vector<int>> SchoolEvalService::Years(std::string_view scheme) {
  std::set<int> years;
  for (const SchoolEvalInputs& v : JIAODU_TRY(svc_.storage().ListSchoolEvalInputs(scheme))) {
    if (v.current) years.insert(v.year);
  }
  return std::vector<int>(years.begin(), years.end());
}

Result<std::string> SchoolEvalService::Template(std::string_view scheme_id, int year) {
  const quality::HsScheme* scheme = JIAODU_TRY(Find(scheme_id));
  const std::vector<SchoolEvalSchool> cohort = JIAODU_TRY(Cohort(*scheme));
  return SchoolEvalTemplateXlsx(*scheme, year, cohort);
}

ImportOutcome SchoolEvalService::Import(std::string_view scheme_id, int year,
                                        const Service::UploadedFile& file, std::string_view user,
                                        JobContext* progress) {
  ImportOutcome out;
  out.summary.files = 1;
  auto fail = [&](const Error& e) {
    out.ok = false;
    out.errors.push_back(e);
    return out;
  };
  auto scheme = Find(scheme_id);
  if (!scheme) return fail(scheme.error());
  auto cohort = Cohort(**scheme);
  if (!cohort) return fail(cohort.error());
  if (progress) progress->Progress(0.1, Text("读取评价数据", "reading the evaluation data"));
  SchoolEvalRead read = ReadSchoolEvalWorkbook(file.bytes, file.name, **scheme, *cohort);
  if (!read.ok()) {
    out.errors = std::move(read.errors);
    return out;
  }
  if (progress) progress->Progress(0.7, Text("保存评价数据", "storing the evaluation data"));
  auto id = Store(scheme_id, year, std::move(read.inputs), file.name, user);
  if (!id) return fail(id.error());
  out.ok = true;
  out.import_id = *id;
  out.summary.schools = static_cast<int>(read.rows);
  out.summary.years = {year};
  return out;
}

Result<int64_t> SchoolEvalService::Store(std::string_view scheme, int year,
                                         std::vector<quality::HsSchoolInput> inputs,
                                         std::string_view file_name, std::string_view user) {
  SchoolEvalInputs in;
  in.scheme = std::string(scheme);
  in.year = year;
  in.file_name = std::string(file_name);
  in.created_by = std::string(user);
  in.inputs = std::move(inputs);
  return svc_.storage().SaveSchoolEvalInputs(in);
}

Result<quality::HsEvaluation> SchoolEvalService::EvaluateStored(
    const quality::HsScheme& scheme, const SchoolEvalInputs& stored, int year,
    const quality::HsEvaluation* previous) {
  std::vector<quality::HsSchoolInput> inputs = stored.inputs;
  std::map<std::string, std::string> names;
  for (const School& s : JIAODU_TRY(svc_.storage().ListSchools())) names[s.code] = s.name;
  for (quality::HsSchoolInput& in : inputs) in.name = names[in.school];
  return quality::EvaluateHighSchools(scheme, year, inputs, previous);
}

// Last year's evaluation under the same family: this scheme's inputs for
// year − 1, else those of another scheme of the family (a scheme revised
// under a new id). Its own previous year is not needed: only its bottom
// group counts.
Result<std::optional<quality::HsEvaluation>> SchoolEvalService::Previous(
    const quality::HsScheme& scheme, int year) {
  std::vector<const quality::HsScheme*> family = {&scheme};
  for (const quality::HsScheme& s : schemes_) {
    if (&s != &scheme && s.spec().family == scheme.spec().family) family.push_back(&s);
  }
  for (const quality::HsScheme* s : family) {
    auto stored = JIAODU_TRY(svc_.storage().LoadSchoolEvalInputs(s->spec().id, year - 1));
    if (!stored || stored->inputs.empty()) continue;
    return std::optional<quality::HsEvaluation>(
        JIAODU_TRY(EvaluateStored(*s, *stored, year - 1, nullptr)));
  }
  return std::optional<quality::HsEvaluation>();
}

Result<SchoolEvalResult> SchoolEvalService::Evaluate(std::string_view scheme_id, int year) {
  SchoolEvalResult r;
  r.scheme = JIAODU_TRY(Find(scheme_id));
  r.year = year;
  auto stored = JIAODU_TRY(svc_.storage().LoadSchoolEvalInputs(scheme_id, year));
  if (!stored || stored->inputs.empty()) return Fail(NoData(scheme_id, year));
  r.stored = std::move(*stored);
  const std::optional<quality::HsEvaluation> previous = JIAODU_TRY(Previous(*r.scheme, year));
  r.previous_found = previous.has_value();
  r.evaluation =
      JIAODU_TRY(EvaluateStored(*r.scheme, r.stored, year, previous ? &*previous : nullptr));
  for (const School& s : JIAODU_TRY(svc_.storage().ListSchools())) r.schools[s.code] = s;
  for (const Area& a : JIAODU_TRY(svc_.storage().ListAreas())) {
    r.county_names[a.code] = a.name;
    r.area_levels[a.code] = a.level;
  }
  return r;
}

SchoolEvalReport SchoolEvalService::Report(const SchoolEvalResult& result, std::string_view place) {
  SchoolEvalReport rep;
  rep.scheme = result.scheme;
  rep.evaluation = result.evaluation;
  rep.evaluation.schools.clear();
  const auto level = result.area_levels.find(std::string(place));
  const bool all =
      place.empty() || (level != result.area_levels.end() && level->second != AreaLevel::kCounty);
  const auto one = result.schools.find(std::string(place));
  for (const quality::HsSchoolResult& s : result.evaluation.schools) {
    auto school = result.schools.find(s.school);
    const std::string c = school != result.schools.end() ? school->second.county : "";
    const bool shown = all || (one != result.schools.end() ? s.school == place : c == place);
    if (!shown) continue;
    rep.evaluation.schools.push_back(s);
    auto name = result.county_names.find(c);
    if (name != result.county_names.end()) rep.county_of[s.school] = name->second;
  }
  if (all) {
    rep.scope = "全市";
  } else if (one != result.schools.end()) {
    rep.scope = one->second.name;
  } else if (auto name = result.county_names.find(std::string(place));
             name != result.county_names.end()) {
    rep.scope = name->second;
  } else {
    rep.scope = std::string(place);
  }
  return rep;
}

// The 通报 as `write` renders it, audited as an export in `format`.
Result<std::string> SchoolEvalService::Rendered(
    std::string_view scheme, int year, std::string_view place, std::string_view user,
    std::string_view format, Result<std::string> (*write)(const SchoolEvalReport&)) {
  const SchoolEvalResult r = JIAODU_TRY(Evaluate(scheme, year));
  const SchoolEvalReport rep = Report(r, place);
  auto bytes = JIAODU_TRY(write(rep));
  JIAODU_TRY_STATUS(svc_.storage().AppendAudit(
      user, "export",
      fmt::format("导出办学质量评价通报 {} {}年 {}（{}）", scheme, year, rep.scope, format)));
  return bytes;
}

Result<std::string> SchoolEvalService::ReportXlsx(std::string_view scheme, int year,
                                                  std::string_view place, std::string_view user) {
  return Rendered(scheme, year, place, user, "xlsx", &SchoolEvalReportXlsx);
}

Result<std::string> SchoolEvalService::ReportPdf(std::string_view scheme, int year,
                                                 std::string_view place, std::string_view user) {
  return Rendered(scheme, year, place, user, "PDF", &SchoolEvalPdf);
}

}  // namespace jiaodu
