#include "jiaodu/server/school_eval_routes.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "jiaodu/domain/quality/stats.h"
#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/server/http_util.h"

namespace jiaodu::http {
namespace {

using nlohmann::json;

// /api/school-eval/{scheme}/{year}
constexpr const char* kBase = R"(/api/school-eval/([A-Za-z0-9_.-]+)/(\d{4}))";

std::string_view RuleKey(quality::RuleKind k) {
  switch (k) {
    case quality::RuleKind::kLinear:
      return "linear";
    case quality::RuleKind::kBanded:
      return "banded";
    case quality::RuleKind::kRank:
      return "rank";
    case quality::RuleKind::kExpert:
      return "expert";
  }
  return "";
}

json SchemeJson(const quality::HsScheme& scheme) {
  const quality::HsSchemeSpec& spec = scheme.spec();
  json areas = json::array();
  for (const std::string& a : scheme.areas()) {
    double full = 0;
    for (const auto& ind : spec.indicators) full += ind.area == a ? ind.points : 0;
    areas.push_back(json{{"name", a}, {"points", full}});
  }
  json indicators = json::array();
  for (const quality::HsIndicator& ind : spec.indicators) {
    const bool lower = ind.rule.kind == quality::RuleKind::kLinear ? ind.rule.worst > ind.rule.best
                                                                   : !ind.rule.higher_is_better;
    indicators.push_back(
        json{{"id", ind.id},
             {"name", wire::ToJson(ind.name)},
             {"area", ind.area},
             {"points", ind.points},
             {"rule", RuleKey(ind.rule.kind)},
             {"lower_is_better", lower},
             {"unit", ind.unit},
             {"missing", ind.missing == quality::MissingPolicy::kUnranked ? "unranked" : "zero"}});
  }
  return json{
      {"id", spec.id},
      {"title", wire::ToJson(spec.title)},
      {"family", spec.family},
      {"example", spec.example},
      {"source", spec.source},
      {"sections", spec.sections},
      {"decimals", spec.decimals},
      {"total_points", scheme.total_points()},
      {"tie_break", spec.tie_break},
      {"bottom",
       json{{"kind", spec.bottom.kind == quality::BottomRule::Kind::kCount ? "count" : "share"},
            {"value", spec.bottom.value}}},
      {"areas", areas},
      {"indicators", indicators}};
}

json ResultJson(const SchoolEvalResult& r, const SchoolEvalReport& rep, std::string_view place) {
  json schools = json::array();
  for (const quality::HsSchoolResult& s : rep.evaluation.schools) {
    json scores = json::array();
    for (size_t i = 0; i < s.scores.size(); ++i) {
      scores.push_back(
          json{{"id", r.scheme->indicators()[i].id},
               {"value", quality::HasValue(s.scores[i].value) ? json(s.scores[i].value) : json()},
               {"points", s.scores[i].points}});
    }
    auto school = r.schools.find(s.school);
    const std::string county = school != r.schools.end() ? school->second.county : "";
    auto county_name = rep.county_of.find(s.school);
    schools.push_back(
        json{{"code", s.school},
             {"name", s.name},
             {"county", county},
             {"county_name", county_name != rep.county_of.end() ? county_name->second : ""},
             {"rank", s.rank > 0 ? json(s.rank) : json()},
             {"total", s.total},
             {"areas", s.area_points},
             {"bottom", s.bottom},
             {"follow_up", s.follow_up},
             {"bottom_last_year", s.bottom_last_year ? json(*s.bottom_last_year) : json()},
             {"missing", s.missing},
             {"scores", scores}});
  }
  json notes = json::array();
  for (const Text& n : r.evaluation.notes) notes.push_back(wire::ToJson(n));
  return json{{"scheme", SchemeJson(*r.scheme)},
              {"year", r.year},
              {"place", json{{"code", std::string(place)}, {"name", rep.scope}}},
              {"ranked", std::count_if(r.evaluation.schools.begin(), r.evaluation.schools.end(),
                                       [](const auto& s) { return s.rank > 0; })},
              {"bottom_size", r.evaluation.bottom_size},
              {"previous_found", r.previous_found},
              {"stored", json{{"id", r.stored.id},
                              {"file_name", r.stored.file_name},
                              {"created_at", r.stored.created_at},
                              {"created_by", r.stored.created_by}}},
              {"schools", schools},
              {"notes", notes}};
}

std::string ReportName(const SchoolEvalReport& rep, int year, const char* ext) {
  return fmt::format("{}{}年办学质量评价通报.{}", rep.scope, year, ext);
}

std::string User(const httplib::Request& req) {
  return ActingUser(req.has_param("user") ? req.get_param_value("user") : "网页用户");
}

}  // namespace

void AddSchoolEvalRoutes(httplib::Server& http, SchoolEvalService& eval, JobQueue& jobs) {
  http.Get("/api/school-eval/schemes",
           Wrap([&eval](const httplib::Request&, httplib::Response& res) -> Status {
             json list = json::array();
             for (const quality::HsScheme& s : eval.schemes()) {
               json j = SchemeJson(s);
               j["years"] = JIAODU_TRY(eval.Years(s.spec().id));
               list.push_back(std::move(j));
             }
             SendJson(res, json{{"schemes", list}});
             return Ok();
           }));

  http.Get(std::string(kBase) + R"(/template\.xlsx)",
           Wrap([&eval](const httplib::Request& req, httplib::Response& res) -> Status {
             const int year = std::stoi(req.matches[2].str());
             std::string bytes = JIAODU_TRY(eval.Template(req.matches[1].str(), year));
             SendXlsx(res, std::move(bytes), fmt::format("{}年办学质量评价数据模板.xlsx", year));
             return Ok();
           }));

  http.Get(std::string(kBase) + R"(/report\.(xlsx|pdf))",
           Wrap([&eval](const httplib::Request& req, httplib::Response& res) -> Status {
             const std::string scheme = req.matches[1].str();
             const int year = std::stoi(req.matches[2].str());
             const bool pdf = req.matches[3].str() == "pdf";
             const std::string place = req.get_param_value("place");
             const SchoolEvalResult r = JIAODU_TRY(eval.Evaluate(scheme, year));
             const SchoolEvalReport rep = SchoolEvalService::Report(r, place);
             if (pdf) {
               std::string bytes = JIAODU_TRY(eval.ReportPdf(scheme, year, place, User(req)));
               SendFile(res, std::move(bytes), ReportName(rep, year, "pdf"), "application/pdf");
             } else {
               std::string bytes = JIAODU_TRY(eval.ReportXlsx(scheme, year, place, User(req)));
               SendXlsx(res, std::move(bytes), ReportName(rep, year, "xlsx"));
             }
             return Ok();
           }));

  http.Get(kBase, Wrap([&eval](const httplib::Request& req, httplib::Response& res) -> Status {
             const int year = std::stoi(req.matches[2].str());
             const std::string place = req.get_param_value("place");
             const SchoolEvalResult r = JIAODU_TRY(eval.Evaluate(req.matches[1].str(), year));
             SendJson(res, ResultJson(r, SchoolEvalService::Report(r, place), place));
             return Ok();
           }));

  // Multipart: one file (xlsx or CSV). 202 {job}; the outcome (all or
  // nothing, every error placed) at /api/jobs/{id}.
  http.Post(std::string(kBase) + "/imports",
            Wrap([&eval, &jobs](const httplib::Request& req, httplib::Response& res) -> Status {
              Upload up = JIAODU_TRY(ReadUpload(req));
              if (up.files.size() != 1) {
                return Fail(BadRequest("school_eval_import.one_file", "请只上传一个工作簿",
                                       "upload exactly one workbook"));
              }
              const std::string scheme = req.matches[1].str();
              const int year = std::stoi(req.matches[2].str());
              std::string id =
                  jobs.Submit([&eval, up = std::move(up), scheme, year](JobContext& ctx) {
                    return eval.Import(scheme, year, up.files[0], up.user, &ctx);
                  });
              SendJson(res, json{{"job", id}}, 202);
              return Ok();
            }));
}

}  // namespace jiaodu::http
