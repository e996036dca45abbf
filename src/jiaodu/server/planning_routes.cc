#include "jiaodu/server/planning_routes.h"

#include <nlohmann/json.hpp>

#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/formats/json/planning_json.h"
#include "jiaodu/server/http_util.h"

namespace jiaodu::http {
namespace {

using nlohmann::json;
namespace J = jiaodu::wire;

constexpr const char* kArea = R"(/api/planning/([0-9]+))";

json ScopeJson(const PlanningScope& s) {
  json counties = json::array();
  for (const Area& a : s.counties) counties.push_back(json{{"code", a.code}, {"name", a.name}});
  return json{{"code", s.code},
              {"name", s.name},
              {"city", s.city},
              {"counties", counties},
              {"year", s.year ? J::ToJson(*s.year) : json()}};
}

json HeldJson(const std::vector<PlanningHeld>& held) {
  json out = json::array();
  for (const auto& h : held) {
    out.push_back(json{{"county", h.county},
                       {"file_name", h.file_name.empty() ? json() : json(h.file_name)},
                       {"birth_years", h.birth_years},
                       {"enrolment_rows", h.enrolment_rows},
                       {"projects", h.projects},
                       {"roster_schools", h.roster_schools},
                       {"staff_schools", h.staff_schools}});
  }
  return out;
}

json SectionsJson(const std::vector<PlanningSection>& sections) {
  json out = json::array();
  for (const auto& s : sections) {
    out.push_back(json{{"school", s.school},
                       {"name", s.name},
                       {"county", s.county},
                       {"level", J::LevelKey(s.level)},
                       {"students", s.students},
                       {"classes", s.classes},
                       {"standard", s.standard},
                       {"places", s.places},
                       {"average", s.classes > 0 ? json(s.average.ToDouble()) : json()},
                       {"max_class_size", s.max_class_size ? json(*s.max_class_size) : json()},
                       {"limit", s.limit},
                       {"over_limit", s.over_limit}});
  }
  return out;
}

}  // namespace

void AddPlanningRoutes(httplib::Server& http, PlanningService& plan) {
  http.Get("/api/planning/template.xlsx",
           Wrap([&plan](const httplib::Request& req, httplib::Response& res) -> Status {
             std::string area = req.get_param_value("area");
             if (area.empty()) area = req.get_param_value("county");
             if (area.empty()) {
               return Fail(BadRequest("planning_service.no_area", "请先选择县区或全市",
                                      "choose a county or the city first"));
             }
             std::string bytes = JIAODU_TRY(plan.Template(area));
             SendXlsx(res, std::move(bytes), "学位与编制测算模板.xlsx");
             return Ok();
           }));

  // The scope, the parameter set, its scenarios and what is uploaded.
  http.Get(kArea, Wrap([&plan](const httplib::Request& req, httplib::Response& res) -> Status {
             const PlanningScope scope = JIAODU_TRY(plan.Scope(req.matches[1].str()));
             const auto& p = plan.params();
             SendJson(res, json{{"scope", ScopeJson(scope)},
                                {"params", json{{"id", p.id}, {"title", J::ToJson(p.title)}}},
                                {"scenarios", J::ScenariosJson(p)},
                                {"held", HeldJson(plan.Holding(scope.code))}});
             return Ok();
           }));

  http.Get(std::string(kArea) + "/staffing",
           Wrap([&plan](const httplib::Request& req, httplib::Response& res) -> Status {
             const PlanningStaffing s = JIAODU_TRY(plan.Staffing(req.matches[1].str()));
             SendJson(res, json{{"scope", ScopeJson(s.scope)},
                                {"staffing", J::StaffingJson(s.result)},
                                {"staff_from_teachers", s.staff_from_teachers},
                                {"notices", J::NoticesJson(s.notices)}});
             return Ok();
           }));

  http.Get(std::string(kArea) + "/capacity",
           Wrap([&plan](const httplib::Request& req, httplib::Response& res) -> Status {
             const PlanningCapacity c = JIAODU_TRY(plan.Capacity(req.matches[1].str()));
             SendJson(res, json{{"scope", ScopeJson(c.scope)},
                                {"sections", SectionsJson(c.sections)},
                                {"rosters", c.rosters},
                                {"class_size", J::ClassSizeJson(c.class_size)},
                                {"notices", J::NoticesJson(c.notices)}});
             return Ok();
           }));

  http.Get(std::string(kArea) + "/forecast",
           Wrap([&plan](const httplib::Request& req, httplib::Response& res) -> Status {
             const PlanningForecast f =
                 JIAODU_TRY(plan.Forecast(req.matches[1].str(), req.get_param_value("scenario")));
             SendJson(res, json{{"scope", ScopeJson(f.scope)},
                                {"forecast", J::ForecastJson(f.forecast)},
                                {"capacity", J::CapacityJson(f.capacity)},
                                {"notices", J::NoticesJson(f.notices)}});
             return Ok();
           }));

  // The planning workbook (multipart `file`): 200 {held}, or 400 with every
  // error of the workbook (the first also as `error`, as docs/api.md says).
  http.Post(std::string(kArea) + "/inputs",
            Wrap([&plan](const httplib::Request& req, httplib::Response& res) -> Status {
              Upload up = JIAODU_TRY(ReadUpload(req));
              const PlanningUpload done = JIAODU_TRY(
                  plan.Upload(req.matches[1].str(), up.files[0].name, up.files[0].bytes));
              if (!done.errors.empty()) {
                json errors = json::array();
                for (const Error& e : done.errors) errors.push_back(J::ToJson(e));
                SendJson(res, json{{"error", errors[0]}, {"errors", errors}}, 400);
                return Ok();
              }
              SendJson(res, json{{"held", HeldJson(done.held)}});
              return Ok();
            }));

  http.Get(std::string(kArea) + R"(/plan\.xlsx)",
           Wrap([&plan](const httplib::Request& req, httplib::Response& res) -> Status {
             JobFile f =
                 JIAODU_TRY(plan.PlanXlsx(req.matches[1].str(), req.get_param_value("scenario")));
             SendXlsx(res, std::move(f.bytes), f.name);
             return Ok();
           }));
}

}  // namespace jiaodu::http
