#include "jiaodu/server/fitness_routes.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "jiaodu/formats/fitness_roster/roster_writer.h"
#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/formats/json/fitness_json.h"
#include "jiaodu/server/http_util.h"

namespace jiaodu::http {
namespace {

using nlohmann::json;
namespace J = jiaodu::wire;

// The 优良率 target every plan we have seen starts from (≥ 52% by 2023;
// docs/fitness.md); the page lets the user change it.
constexpr int32_t kDefaultTargetBp = 5200;
constexpr int32_t kDefaultQualifiedBp = 9800;

Result<int32_t> TargetBp(const httplib::Request& req) {
  if (!req.has_param("target")) return kDefaultTargetBp;
  const std::string text = req.get_param_value("target");
  auto bp = fitness::ParseFixed(text, 2, fitness::Rounding::kHalfUp);
  if (!bp || *bp < 0 || *bp > 10000) {
    return Fail(BadRequest("fitness.target_invalid",
                           fmt::format("目标“{}”不是 0–100 之间的百分数", text),
                           fmt::format("target \"{}\" is not a percentage 0–100", text)));
  }
  return *bp;
}

Result<std::optional<AcademicYear>> YearParam(const httplib::Request& req) {
  if (!req.has_param("year")) return std::optional<AcademicYear>();
  return std::optional<AcademicYear>(JIAODU_TRY(AcademicYear::Parse(req.get_param_value("year"))));
}

json YearJson(AcademicYear y) { return json{{"start", y.start()}, {"label", y.Label()}}; }

std::string_view ScopeKey(fitness::Scope s) {
  switch (s) {
    case fitness::Scope::kCity:
      return "city";
    case fitness::Scope::kCounty:
      return "county";
    case fitness::Scope::kSchool:
      return "school";
    case fitness::Scope::kClass:
      return "class";
  }
  return "city";
}

json PlaceJson(const FitnessPlace& p) {
  json area = J::ToJson(p.area);
  if (p.scope == fitness::Scope::kSchool) {
    area = json{{"code", p.code}, {"name", p.name}, {"level", "school"}, {"parent", p.county}};
  }
  return area;
}

json SummaryJson(const FitnessSummary& s) {
  const fitness::FitnessStandard& st = *s.standard;
  auto tally = [&](const fitness::Tally& t, bool items) { return J::TallyJson(st, t, items); };
  json grades = json::array();
  for (const auto& g : s.grades) {
    const fitness::Grade* def = st.FindGrade(g.grade);
    grades.push_back(json{{"grade", g.grade},
                          {"name", def ? J::ToJson(def->name) : json()},
                          {"total", tally(g.total, true)},
                          {"male", tally(g.male, false)},
                          {"female", tally(g.female, false)}});
  }
  json children = json::array();
  for (const auto& c : s.children) {
    json cj{{"code", c.code},
            {"name", c.name},
            {"kind", ScopeKey(c.scope)},
            {"total", tally(c.total, false)},
            {"needed", c.needed}};
    if (c.scope == fitness::Scope::kClass) cj["grade"] = c.grade;
    children.push_back(std::move(cj));
  }
  return json{{"year", YearJson(s.year)},
              {"area", PlaceJson(s.place)},
              {"scope", ScopeKey(s.place.scope)},
              {"standard", st.id()},
              {"target", {{"excellent_good", s.target_bp / 100.0}, {"needed", s.needed}}},
              {"total", tally(s.total, true)},
              {"male", tally(s.male, false)},
              {"female", tally(s.female, false)},
              {"grades", grades},
              {"children", children}};
}

// The largest export GET /api/fitness/export.xlsx writes inside the
// request: ~7 s of writing (fitness_report.h measures 100,000 students at
// 7 s), below the 30 s write timeout and what a proxy waits. A county fits;
// the demo city (~394,000 students, ~47 s) does not.
constexpr int64_t kSyncExportMaxStudents = 100'000;

// What an export is asked for: the place (area: city, county or school),
// the year and the 优良率 target, checked before any work starts.
struct ExportAsk {
  FitnessPlace place;
  AcademicYear year;
  int32_t target_bp = kDefaultTargetBp;
};

Result<ExportAsk> ReadExportAsk(FitnessService& fit, const httplib::Request& req) {
  JIAODU_TRY_STATUS(fit.Check());
  ExportAsk ask;
  ask.place = JIAODU_TRY(fit.Place(req.get_param_value("area")));
  ask.year = JIAODU_TRY(fit.YearOr(JIAODU_TRY(YearParam(req))));
  ask.target_bp = JIAODU_TRY(TargetBp(req));
  return ask;
}

// 示范市2024-2025学年学生体质健康测试结果.xlsx
std::string ExportName(const ExportAsk& ask) {
  return fmt::format("{}{}学生体质健康测试结果.xlsx", ask.place.name, ask.year.Label());
}

json ClassJson(const fitness::Roster& r, size_t i) {
  const auto& row = r.row(i);
  if (row.klass < 0) return json{{"code", ""}, {"name", ""}};
  const auto& c = r.classes()[static_cast<size_t>(row.klass)];
  return json{{"code", c.code}, {"name", c.name}};
}

}  // namespace

void AddFitnessRoutes(httplib::Server& http, FitnessService& fit, JobQueue& jobs) {
  http.Get("/api/fitness/meta",
           Wrap([&fit](const httplib::Request&, httplib::Response& res) -> Status {
             JIAODU_TRY_STATUS(fit.Check());
             json j = J::FitnessStandardJson(*fit.standard(), fit.vision());
             json years = json::array();
             auto ys = JIAODU_TRY(fit.Years());
             for (AcademicYear y : ys) years.push_back(y.start());
             j["years"] = years;
             j["latest_year"] = ys.empty() ? json() : json(ys.back().start());
             j["default_targets"] = {{"excellent_good", kDefaultTargetBp / 100.0},
                                     {"qualified", kDefaultQualifiedBp / 100.0}};
             SendJson(res, j);
             return Ok();
           }));

  http.Get("/api/fitness/summary",
           Wrap([&fit](const httplib::Request& req, httplib::Response& res) -> Status {
             auto s =
                 JIAODU_TRY(fit.Summary(req.get_param_value("area"), JIAODU_TRY(YearParam(req)),
                                        JIAODU_TRY(TargetBp(req))));
             SendJson(res, SummaryJson(s));
             return Ok();
           }));

  http.Get("/api/fitness/trend",
           Wrap([&fit](const httplib::Request& req, httplib::Response& res) -> Status {
             const std::string area = req.get_param_value("area");
             FitnessPlace place = JIAODU_TRY(fit.Place(area));
             auto points = JIAODU_TRY(fit.Trend(area, JIAODU_TRY(TargetBp(req))));
             const auto& st = *fit.standard();
             json years = json::array();
             for (const auto& p : points) {
               years.push_back(json{{"year", YearJson(p.year)},
                                    {"total", J::TallyJson(st, p.total, false)},
                                    {"male", J::TallyJson(st, p.male, false)},
                                    {"female", J::TallyJson(st, p.female, false)},
                                    {"needed", p.needed}});
             }
             SendJson(res, json{{"area", PlaceJson(place)}, {"years", years}});
             return Ok();
           }));

  http.Get(R"(/api/fitness/schools/([0-9A-Za-z]+)/students)",
           Wrap([&fit](const httplib::Request& req, httplib::Response& res) -> Status {
             auto s = JIAODU_TRY(fit.Students(req.matches[1].str(), JIAODU_TRY(YearParam(req))));
             const int grade =
                 req.has_param("grade") ? std::atoi(req.get_param_value("grade").c_str()) : 0;
             const std::string klass = req.get_param_value("class");
             json students = json::array();
             for (size_t i = 0; i < s.roster.size(); ++i) {
               const auto& row = s.roster.row(i);
               json cls = ClassJson(s.roster, i);
               if (grade != 0 && row.grade != grade) continue;
               if (!klass.empty() && cls["code"] != klass) continue;
               const auto& sc = s.scores[i];
               const auto vs = s.vision[i].status;
               students.push_back(
                   json{{"student_id", s.roster.student_id(i)},
                        {"name", s.roster.name(i)},
                        {"sex", static_cast<int>(row.sex)},
                        {"grade", row.grade},
                        {"class", cls},
                        {"status", J::TestStatusKey(row.status)},
                        {"total", sc.scored() ? J::HundredthsJson(sc.total_hundredths) : json()},
                        {"level", sc.level < 0 ? json() : json(sc.level)},
                        {"complete", sc.status == fitness::ScoreStatus::kComplete},
                        {"myopia", vs == fitness::VisionStatus::kNotScreened
                                       ? json()
                                       : json(vs == fitness::VisionStatus::kMyopia)}});
             }
             SendJson(res, json{{"school", {{"code", s.place.code}, {"name", s.place.name}}},
                                {"year", YearJson(s.year)},
                                {"students", students}});
             return Ok();
           }));

  http.Get(R"(/api/fitness/students/([^/]+))",
           Wrap([&fit](const httplib::Request& req, httplib::Response& res) -> Status {
             auto h = JIAODU_TRY(fit.Student(req.matches[1].str()));
             const auto& st = *fit.standard();
             json records = json::array();
             for (const auto& y : h.years) {
               const auto& row = y.roster.row(0);
               const fitness::Grade* g = st.FindGrade(row.grade);
               json r = J::ScoredStudentJson(st, y.roster.Input(0), y.score, row.vision, y.vision);
               r["year"] = YearJson(y.year);
               r["school"] = {{"code", y.school}, {"name", y.school_name}};
               r["county"] = {{"code", y.county}, {"name", y.county_name}};
               r["grade"] = row.grade;
               r["grade_name"] = g ? J::ToJson(g->name) : json();
               r["class"] = {{"code", y.class_code}, {"name", y.class_name}};
               records.push_back(std::move(r));
             }
             json grad;
             if (h.graduation_hundredths) {
               json years = json::array();
               for (AcademicYear y : h.graduation_years) years.push_back(y.start());
               grad = {{"score", J::HundredthsJson(*h.graduation_hundredths)},
                       {"level", st.LevelOf(*h.graduation_hundredths)},
                       {"years", years}};
             }
             SendJson(res, json{{"student_id", h.student_id},
                                {"name", h.name},
                                {"sex", static_cast<int>(h.sex)},
                                {"records", records},
                                {"graduation", grad}});
             return Ok();
           }));

  // Inside the request: a school or a county (up to kSyncExportMaxStudents
  // students, a few seconds). Larger places are refused with the route to
  // use instead, before anything is loaded.
  http.Get("/api/fitness/export.xlsx",
           Wrap([&fit](const httplib::Request& req, httplib::Response& res) -> Status {
             ExportAsk ask = JIAODU_TRY(ReadExportAsk(fit, req));
             const int64_t students = JIAODU_TRY(fit.ExportStudents(ask.place, ask.year));
             if (students > kSyncExportMaxStudents) {
               return Fail(
                   ErrorCode::kFailedPrecondition, "fitness.export_too_large",
                   Text(fmt::format("{}{}有 {} 名学生，导出需要较长时间，不能在一次请求内完成："
                                    "请用后台导出（POST /api/fitness/exports，网页上的“导出 "
                                    "Excel”按钮即是），完成后下载",
                                    ask.place.name, ask.year.Label(), students),
                        fmt::format("{} {} has {} students, too many to export within one "
                                    "request: start a background export (POST "
                                    "/api/fitness/exports, the page's Export Excel button) and "
                                    "download the file when it is done",
                                    ask.place.name, ask.year.LabelEn(), students)));
             }
             std::string bytes = JIAODU_TRY(fit.ExportXlsx(ask.place, ask.year, ask.target_bp));
             SendXlsx(res, std::move(bytes), ExportName(ask));
             return Ok();
           }));

  // The same workbook as a background job (any place; the city takes about
  // a minute): 202 {job}; progress at /api/jobs/{id}, the file at
  // /api/jobs/{id}/file. Parameters in the query (or a urlencoded form).
  http.Post(
      "/api/fitness/exports",
      Wrap([&fit, &jobs](const httplib::Request& req, httplib::Response& res) -> Status {
        ExportAsk ask = JIAODU_TRY(ReadExportAsk(fit, req));
        // The same place, year and target while one is under way: the
        // same job (see JobQueue::SubmitFile).
        const std::string key =
            fmt::format("fitness.xlsx:{}:{}:{}", ask.place.code, ask.year.start(), ask.target_bp);
        std::string id = jobs.SubmitFile(key, [&fit, ask](JobContext& ctx) -> Result<JobFile> {
          std::string bytes = JIAODU_TRY(fit.ExportXlsx(ask.place, ask.year, ask.target_bp, &ctx));
          return JobFile{ExportName(ask), kXlsx, std::move(bytes)};
        });
        SendJson(res, json{{"job", id}}, 202);
        return Ok();
      }));

  http.Get(R"(/api/fitness/schools/([0-9A-Za-z]+)/cards\.pdf)",
           Wrap([&fit](const httplib::Request& req, httplib::Response& res) -> Status {
             FitnessPlace place = JIAODU_TRY(fit.Place(req.matches[1].str()));
             AcademicYear year = JIAODU_TRY(fit.YearOr(JIAODU_TRY(YearParam(req))));
             const std::string student = req.get_param_value("student");
             std::string bytes = JIAODU_TRY(fit.CardsPdf(place, year, student));
             SendFile(res, std::move(bytes),
                      student.empty()
                          ? fmt::format("{}{}学生体质健康登记卡.pdf", place.name, year.Label())
                          : fmt::format("{}学生体质健康登记卡.pdf", student),
                      kPdf);
             return Ok();
           }));

  http.Get("/api/fitness/template.xlsx",
           Wrap([&fit](const httplib::Request&, httplib::Response& res) -> Status {
             JIAODU_TRY_STATUS(fit.Check());
             std::string bytes = JIAODU_TRY(FitnessTemplateXlsx(*fit.standard()));
             SendXlsx(res, std::move(bytes), "学生体质健康测试数据上报模板.xlsx");
             return Ok();
           }));

  http.Post("/api/fitness/imports",
            Wrap([&fit, &jobs](const httplib::Request& req, httplib::Response& res) -> Status {
              JIAODU_TRY_STATUS(fit.Check());
              Upload up = JIAODU_TRY(ReadUpload(req));
              const std::string school = FormField(req, "school");
              const std::string year_text = FormField(req, "year");
              if (year_text.empty()) {
                return Fail(BadRequest("fitness_import.no_year", "请选择体测数据所属的学年",
                                       "choose the academic year of the test results"));
              }
              AcademicYear year = JIAODU_TRY(AcademicYear::Parse(year_text));
              std::string id =
                  jobs.Submit([&fit, up = std::move(up), year, school](JobContext& ctx) {
                    return fit.Import(up.files, year, school, up.user, &ctx);
                  });
              SendJson(res, json{{"job", id}}, 202);
              return Ok();
            }));
}

}  // namespace jiaodu::http
