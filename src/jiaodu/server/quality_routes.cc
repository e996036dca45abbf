#include "jiaodu/server/quality_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/formats/json/quality_json.h"
#include "jiaodu/server/http_util.h"

namespace jiaodu::http {
namespace {

using nlohmann::json;
namespace J = jiaodu::wire;

constexpr const char* kTest = R"(/api/quality/tests/([^/]+))";

// The national monitoring figures the bureau entered for a county (its
// county data under the default standard: qm_min_level, qm_max_diff_rate),
// for the test's academic year or, when that year has none, the latest
// earlier year that has them. nullopt for the city or when none is entered:
// the page then shows the local estimate alone, labelled.
Result<std::optional<J::NationalFigures>> National(Service& svc, const QualityTest& test,
                                                   const QualityBulletin& b) {
  auto area = svc.FindArea(b.place_code);
  if (!area || area->level != AreaLevel::kCounty) return std::optional<J::NationalFigures>();
  auto standard = JIAODU_TRY(svc.FindStandard(kDefaultStandard));
  const FieldCatalog& catalog = *standard->catalog;
  const auto level = catalog.IndexOf("qm_min_level");
  const auto rate = catalog.IndexOf("qm_max_diff_rate");
  if (!level || !rate) return std::optional<J::NationalFigures>();
  for (int y = test.year.start(); y >= test.year.start() - 2; --y) {
    auto record = JIAODU_TRY(svc.CountyData(b.place_code, AcademicYear(y), catalog.id()));
    if (!record || record->values.size() != catalog.size()) continue;
    J::NationalFigures f;
    if (auto v = record->values.Get(*level)) f.min_level = static_cast<int>(*v);
    f.max_diff_rate = record->values.Get(*rate);
    if (!f.min_level && !f.max_diff_rate) continue;
    f.year = AcademicYear(y).Label();
    return std::optional<J::NationalFigures>(f);
  }
  return std::optional<J::NationalFigures>();
}

bool Flag(const httplib::Request& req, const char* name) {
  const std::string v = req.get_param_value(name);
  return v == "1" || v == "true" || v == "yes";
}

// 示范市2024-2025学年第二学期八年级抽测通报.xlsx
std::string BulletinName(const QualityBulletin& b) {
  return fmt::format("{}{}通报.xlsx", b.place_name, b.test_name);
}

}  // namespace

void AddQualityRoutes(httplib::Server& http, QualityService& quality, Service& svc,
                      JobQueue& jobs) {
  // Oldest first (by academic year and term); `latest` is the page's default.
  http.Get(
      "/api/quality/tests",
      Wrap([&quality](const httplib::Request&, httplib::Response& res) -> Status {
        auto tests = JIAODU_TRY(quality.Tests());
        std::stable_sort(tests.begin(), tests.end(),
                         [](const QualityTestSummary& a, const QualityTestSummary& b) {
                           return std::pair(a.test.year.start(), a.test.term) <
                                  std::pair(b.test.year.start(), b.test.term);
                         });
        json list = json::array();
        for (const QualityTestSummary& t : tests) {
          list.push_back(J::QualityTestJson(t.test, t.semester, t.schools, t.students, t.scores));
        }
        json cuts = json::array();
        for (const quality::CutScoreSet& c : quality.library().cut_sets) {
          cuts.push_back(json{{"id", c.id()},
                              {"title", J::ToJson(c.title())},
                              {"test", c.test()},
                              {"example", c.example()}});
        }
        SendJson(res, json{{"tests", list},
                           {"latest", tests.empty() ? json() : json(tests.back().test.id)},
                           {"cut_sets", cuts}});
        return Ok();
      }));

  http.Get(std::string(kTest) + "/bulletin",
           Wrap([&quality, &svc](const httplib::Request& req, httplib::Response& res) -> Status {
             const QualityTest test = JIAODU_TRY(quality.FindTest(req.matches[1].str()));
             auto b = JIAODU_TRY(quality.Bulletin(test.id, req.get_param_value("place")));
             SendJson(res, J::QualityBulletinJson(*b, JIAODU_TRY(National(svc, test, *b))));
             return Ok();
           }));

  http.Get(std::string(kTest) + R"(/bulletin\.xlsx)",
           Wrap([&quality](const httplib::Request& req, httplib::Response& res) -> Status {
             const std::string id = req.matches[1].str();
             const std::string place = req.get_param_value("place");
             const std::string user =
                 ActingUser(req.has_param("user") ? req.get_param_value("user") : "网页用户");
             std::string bytes = JIAODU_TRY(quality.BulletinXlsx(id, place, user));
             // The same cached 通报 the workbook was written from: only its names.
             auto b = JIAODU_TRY(quality.Bulletin(id, place));
             SendXlsx(res, std::move(bytes), BulletinName(*b));
             return Ok();
           }));

  // One school against its county: the county's 通报, the school's rows.
  http.Get(std::string(kTest) + R"(/schools/([0-9A-Za-z]+))",
           Wrap([&quality, &svc](const httplib::Request& req, httplib::Response& res) -> Status {
             const QualityTest test = JIAODU_TRY(quality.FindTest(req.matches[1].str()));
             const std::string code = req.matches[2].str();
             std::string county;
             for (const School& s : JIAODU_TRY(svc.storage().ListSchools())) {
               if (s.code == code) county = s.county;
             }
             if (county.empty()) {
               return Fail(ErrorCode::kNotFound, "quality.unknown_school",
                           Text(fmt::format("学校“{}”不存在", code),
                                fmt::format("school \"{}\" not found", code)));
             }
             auto b = JIAODU_TRY(quality.Bulletin(test.id, county));
             auto j = J::QualitySchoolJson(*b, code);
             if (!j) {
               return Fail(ErrorCode::kNotFound, "quality.school_not_in_test",
                           Text(fmt::format("学校“{}”没有参加抽测“{}”", code, test.name),
                                fmt::format("school \"{}\" has no scores in test \"{}\"", code,
                                            test.name)));
             }
             SendJson(res, *j);
             return Ok();
           }));

  // ?place=&grade=&subject=: the place's figures for one subject across
  // every stored test that has it, oldest first.
  http.Get("/api/quality/trend",
           Wrap([&quality](const httplib::Request& req, httplib::Response& res) -> Status {
             const std::string subject = req.get_param_value("subject");
             if (subject.empty()) {
               return Fail(
                   BadRequest("quality.no_subject", "请选择科目", "choose a subject (?subject=)"));
             }
             auto trend = JIAODU_TRY(quality.Trend(req.get_param_value("place"),
                                                   req.get_param_value("grade"), subject));
             std::stable_sort(trend.points.begin(), trend.points.end(),
                              [](const QualityTrendPoint& a, const QualityTrendPoint& b) {
                                return std::pair(a.test.year.start(), a.test.term) <
                                       std::pair(b.test.year.start(), b.test.term);
                              });
             json points = json::array();
             for (const QualityTrendPoint& p : trend.points) {
               points.push_back(J::QualityTrendPointJson(p.test, p.semester, *p.subject));
             }
             json place;
             if (!trend.bulletins.empty()) {
               place = json{{"code", trend.bulletins.front()->place_code},
                            {"name", trend.bulletins.front()->place_name}};
             }
             SendJson(res, json{{"place", place},
                                {"subject", subject},
                                {"grade", req.get_param_value("grade")},
                                {"points", points}});
             return Ok();
           }));

  http.Get("/api/quality/template.xlsx",
           Wrap([&quality](const httplib::Request& req, httplib::Response& res) -> Status {
             std::string bytes = JIAODU_TRY(quality.Template(
                 req.get_param_value("cuts"), req.get_param_value("county"), Flag(req, "wide")));
             SendXlsx(res, std::move(bytes), "教学质量抽测成绩上报模板.xlsx");
             return Ok();
           }));

  // Multipart: files + test, name, year, term, grade, cuts. 202 {job}; the
  // outcome (all or nothing, every error placed) at /api/jobs/{id}.
  http.Post("/api/quality/imports",
            Wrap([&quality, &jobs](const httplib::Request& req, httplib::Response& res) -> Status {
              Upload up = JIAODU_TRY(ReadUpload(req));
              QualityImportRequest r;
              r.test_id = FormField(req, "test");
              r.name = FormField(req, "name");
              r.grade = FormField(req, "grade");
              r.cuts_id = FormField(req, "cuts");
              const std::string year_text = FormField(req, "year");
              if (year_text.empty()) {
                return Fail(BadRequest("quality_import.no_year", "请选择抽测所属的学年",
                                       "choose the academic year of the test"));
              }
              r.year = JIAODU_TRY(AcademicYear::Parse(year_text));
              const std::string term = FormField(req, "term");
              r.term = term == "1" ? 1 : term == "2" ? 2 : 0;  // 0: refused by Import
              std::string id = jobs.Submit([&quality, up = std::move(up), r](JobContext& ctx) {
                return quality.Import(up.files, r, up.user, &ctx);
              });
              SendJson(res, json{{"job", id}}, 202);
              return Ok();
            }));
}

}  // namespace jiaodu::http
