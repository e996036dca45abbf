#include "jiaodu/server/plan_routes.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/server/http_util.h"

namespace jiaodu::http {
namespace {

using nlohmann::json;
namespace J = jiaodu::wire;
using plans::Assessment;
using plans::Indicator;

json Opt(const std::optional<double>& v) { return v ? json(*v) : json(); }
json Opt(const std::optional<long long>& v) { return v ? json(*v) : json(); }

json AssessmentJson(const Assessment& a) {
  return json{
      {"year", a.year},
      {"status", plans::ProgressStatusKey(a.status)},
      {"status_name", J::ToJson(Text(std::string(plans::ProgressStatusName(a.status)),
                                     std::string(plans::ProgressStatusName(a.status, true))))},
      {"value", Opt(a.value)},
      {"required", Opt(a.required)},
      {"progress_share", Opt(a.progress_share)},
      {"gap_to_path", Opt(a.gap_to_path)},
      {"gap_to_target", Opt(a.gap_to_target)},
      {"units_to_path", Opt(a.units_to_path)},
      {"units_to_target", Opt(a.units_to_target)},
      {"projected", Opt(a.projected)},
      {"projected_meets", a.projected_meets ? json(*a.projected_meets) : json()},
      {"reason", J::ToJson(a.reason)}};
}

json TrackJson(const PlanAreaTrack& t) {
  json cells = json::array();
  for (const PlanCell& c : t.cells) {
    json cj{{"year", c.year},
            {"origin", PlanValueOriginKey(c.origin)},
            {"value", c.value ? json(c.value->value) : json()},
            {"status", plans::ProgressStatusKey(c.assessment.status)},
            {"required", Opt(c.assessment.required)}};
    if (c.value && c.value->numerator) {
      cj["numerator"] = *c.value->numerator;
      cj["denominator"] = *c.value->denominator;
    }
    if (c.origin == PlanValueOrigin::kManual) {
      cj["evidence"] = c.evidence;
      cj["entered_by"] = c.entered_by;
      cj["entered_at"] = c.entered_at;
    }
    if (c.problem) cj["problem"] = J::ToJson(*c.problem);
    cells.push_back(std::move(cj));
  }
  return json{{"area", t.area},     {"name", t.area_name},
              {"target", t.target}, {"weight", Opt(t.weight)},
              {"cells", cells},     {"latest", AssessmentJson(t.latest)}};
}

json IndicatorJson(const Indicator& ind) {
  json ms = json::array();
  for (const auto& m : ind.milestones) ms.push_back(json{{"year", m.year}, {"value", m.value}});
  return json{
      {"id", ind.id},
      {"name", J::ToJson(ind.name)},
      {"group", ind.group},
      {"unit", ind.unit},
      {"attribute", plans::AttributeName(ind.attribute)},
      {"attribute_en", plans::AttributeName(ind.attribute, true)},
      {"comparison", plans::ComparisonSymbol(ind.comparison)},
      {"higher_better", ind.higher_better},
      {"decimals", ind.decimals},
      {"baseline",
       ind.baseline_year ? json{{"year", *ind.baseline_year}, {"value", *ind.baseline}} : json()},
      {"target", json{{"year", ind.target_year}, {"value", ind.target}}},
      {"milestones", ms},
      {"source", ind.source.kind == plans::Source::Kind::kFormula ? "data" : "manual"},
      {"gap_unit", J::ToJson(ind.source.gap_unit)},
      {"by_county", ind.level == plans::Level::kCounties},
      {"note", ind.note}};
}

json PlanHeadJson(const plans::Plan& p, const StoredPlan& s) {
  return json{{"id", p.id},
              {"name", J::ToJson(p.name)},
              {"issuer", p.issuer},
              {"doc_number", p.doc_number},
              {"area", p.area},
              {"period", json::array({p.start_year, p.end_year})},
              {"source", p.source},
              {"indicators", p.indicators.size()},
              {"saved_at", s.saved_at},
              {"saved_by", s.saved_by},
              {"file_name", s.file_name}};
}

json CountsJson(const PlanStatusCount& c) {
  return json{{"met", c.met},
              {"on_track", c.on_track},
              {"behind", c.behind},
              {"far_behind", c.far_behind},
              {"no_data", c.no_data}};
}

json ReportJson(const PlanReport& r) {
  json inds = json::array();
  for (const PlanIndicatorReport& ir : r.indicators) {
    json j = IndicatorJson(*ir.indicator);
    j["area_track"] = TrackJson(ir.area);
    json counties = json::array();
    for (const PlanAreaTrack& t : ir.counties) counties.push_back(TrackJson(t));
    j["counties"] = counties;
    j["counties_target"] = Opt(ir.counties_target);
    j["holding_back"] = ir.holding_back;
    inds.push_back(std::move(j));
  }
  return json{{"plan", PlanHeadJson(*r.plan, r.stored)},
              {"year", r.year},
              {"years", r.years},
              {"counts", CountsJson(r.counts)},
              {"indicators", inds}};
}

Result<std::optional<int>> YearParam(const httplib::Request& req) {
  if (!req.has_param("year")) return std::optional<int>();
  const std::string t = req.get_param_value("year");
  int y = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), y);
  if (ec != std::errc() || p != t.data() + t.size() || y < 1990 || y > 2100) {
    return Fail(BadRequest("plan.bad_year", fmt::format("年份“{}”无效", t),
                           fmt::format("year \"{}\" is not valid", t)));
  }
  return std::optional<int>(y);
}

// A period year from the import form ("" = not given).
Result<std::optional<int>> FormYear(const httplib::Request& req, const char* field) {
  const std::string t = FormField(req, field);
  if (t.empty()) return std::optional<int>();
  int y = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), y);
  if (ec != std::errc() || p != t.data() + t.size() || y < 1990 || y > 2100) {
    return Fail(BadRequest("plan.bad_year", fmt::format("规划期年份“{}”无效", t),
                           fmt::format("period year \"{}\" is not valid", t)));
  }
  return std::optional<int>(y);
}

std::string User(const httplib::Request& req) {
  std::string u = req.has_param("user") ? req.get_param_value("user") : std::string();
  return ActingUser(u.empty() ? std::string("网页用户") : u);
}

}  // namespace

void AddPlanRoutes(httplib::Server& http, PlanService& plans) {
  // Before /api/plans/{id}: "template.xlsx" would match the id pattern.
  http.Get("/api/plans/template.xlsx",
           Wrap([&plans](const httplib::Request&, httplib::Response& res) -> Status {
             PlanFile f = JIAODU_TRY(plans.TemplateXlsx());
             SendXlsx(res, std::move(f.bytes), f.name);
             return Ok();
           }));

  // An indicator table (xlsx) with the plan's metadata as form fields.
  http.Post("/api/plans/import",
            Wrap([&plans](const httplib::Request& req, httplib::Response& res) -> Status {
              Upload up = JIAODU_TRY(ReadUpload(req));
              if (up.files.size() != 1) {
                return Fail(BadRequest("plan.one_file", "请一次上传一个指标表（xlsx）",
                                       "upload one indicator table (xlsx) at a time"));
              }
              plan_table::PlanMeta meta;
              meta.id = FormField(req, "id");
              meta.name = FormField(req, "name");
              meta.issuer = FormField(req, "issuer");
              meta.doc_number = FormField(req, "doc_number");
              meta.area = FormField(req, "area");
              meta.source = FormField(req, "source");
              meta.start_year = JIAODU_TRY(FormYear(req, "period_from"));
              meta.end_year = JIAODU_TRY(FormYear(req, "period_to"));
              auto got =
                  JIAODU_TRY(plans.ImportTable(up.files[0].name, up.files[0].bytes, meta, up.user));
              SendJson(res,
                       json{{"id", got.plan->id},
                            {"indicators", got.plan->indicators.size()},
                            {"computed", got.computed},
                            {"manual", got.manual}},
                       201);
              return Ok();
            }));

  http.Get(R"(/api/plans/([A-Za-z0-9_.-]+)/report\.xlsx)",
           Wrap([&plans](const httplib::Request& req, httplib::Response& res) -> Status {
             PlanFile f = JIAODU_TRY(
                 plans.ReportXlsx(req.matches[1].str(), JIAODU_TRY(YearParam(req)), User(req)));
             SendXlsx(res, std::move(f.bytes), f.name);
             return Ok();
           }));

  http.Get(R"(/api/plans/([A-Za-z0-9_.-]+)/report\.pdf)",
           Wrap([&plans](const httplib::Request& req, httplib::Response& res) -> Status {
             PlanFile f = JIAODU_TRY(
                 plans.ReportPdf(req.matches[1].str(), JIAODU_TRY(YearParam(req)), User(req)));
             SendFile(res, std::move(f.bytes), f.name, kPdf);
             return Ok();
           }));

  http.Get(R"(/api/plans/([A-Za-z0-9_.-]+)/plan\.toml)",
           Wrap([&plans](const httplib::Request& req, httplib::Response& res) -> Status {
             PlanFile f = JIAODU_TRY(plans.PlanToml(req.matches[1].str()));
             SendFile(res, std::move(f.bytes), f.name, "application/toml; charset=utf-8");
             return Ok();
           }));

  http.Get("/api/plans", Wrap([&plans](const httplib::Request&, httplib::Response& res) -> Status {
             json out = json::array();
             for (const PlanService::Listed& l : JIAODU_TRY(plans.List())) {
               json j = PlanHeadJson(*l.plan, l.stored);
               auto report = JIAODU_TRY(plans.Track(l.plan->id, std::nullopt));
               j["year"] = report->year;
               j["counts"] = CountsJson(report->counts);
               out.push_back(std::move(j));
             }
             SendJson(res, out);
             return Ok();
           }));

  http.Get(R"(/api/plans/([A-Za-z0-9_.-]+))",
           Wrap([&plans](const httplib::Request& req, httplib::Response& res) -> Status {
             auto report =
                 JIAODU_TRY(plans.Track(req.matches[1].str(), JIAODU_TRY(YearParam(req))));
             SendJson(res, ReportJson(*report));
             return Ok();
           }));

  http.Get(R"(/api/plans/([A-Za-z0-9_.-]+)/values)",
           Wrap([&plans](const httplib::Request& req, httplib::Response& res) -> Status {
             json out = json::array();
             for (const PlanValueEntry& e : JIAODU_TRY(plans.History(req.matches[1].str()))) {
               out.push_back(json{{"id", e.id},
                                  {"indicator", e.indicator},
                                  {"area", e.area},
                                  {"year", e.year},
                                  {"value", Opt(e.value)},
                                  {"evidence", e.evidence},
                                  {"note", e.note},
                                  {"entered_at", e.entered_at},
                                  {"entered_by", e.entered_by},
                                  {"current", e.current}});
             }
             SendJson(res, out);
             return Ok();
           }));

  // A hand-entered value: JSON {indicator, area, year, value (null =
  // withdraw), evidence, note, user}.
  http.Post(
      R"(/api/plans/([A-Za-z0-9_.-]+)/values)",
      Wrap([&plans](const httplib::Request& req, httplib::Response& res) -> Status {
        json body = json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object()) {
          return Fail(BadRequest("plan.bad_body", "请求内容不是有效的 JSON 对象",
                                 "the request body is not a JSON object"));
        }
        auto str = [&](const char* k) {
          return body.contains(k) && body[k].is_string() ? body[k].get<std::string>()
                                                         : std::string();
        };
        if (!body.contains("year") || !body["year"].is_number_integer()) {
          return Fail(BadRequest("plan.bad_year", "请填写年份", "the year is missing"));
        }
        std::optional<double> value;
        if (body.contains("value") && !body["value"].is_null()) {
          if (!body["value"].is_number()) {
            return Fail(BadRequest("plan.value_number", "数值无效", "the value is not a number"));
          }
          value = body["value"].get<double>();
        }
        std::string user = str("user");
        if (user.empty()) user = "网页用户";
        user = ActingUser(std::move(user));
        int64_t id = JIAODU_TRY(plans.EnterValue(req.matches[1].str(), str("indicator"),
                                                 str("area"), body["year"].get<int>(), value,
                                                 str("evidence"), str("note"), user));
        SendJson(res, json{{"id", id}}, 201);
        return Ok();
      }));

  // A plan file (TOML) uploaded as multipart `file`.
  http.Post("/api/plans",
            Wrap([&plans](const httplib::Request& req, httplib::Response& res) -> Status {
              Upload up = JIAODU_TRY(ReadUpload(req));
              if (up.files.size() != 1) {
                return Fail(BadRequest("plan.one_file", "请一次上传一个规划文件",
                                       "upload one plan file at a time"));
              }
              auto plan = JIAODU_TRY(plans.Save(up.files[0].name, up.files[0].bytes, up.user));
              SendJson(res, json{{"id", plan->id}}, 201);
              return Ok();
            }));
}

}  // namespace jiaodu::http
