#include "jiaodu/server/rotation_routes.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/server/access_guard.h"
#include "jiaodu/server/http_util.h"

namespace jiaodu::http {
namespace {

using nlohmann::json;
namespace J = jiaodu::wire;

constexpr const char* kCounty = R"(/api/rotation/([0-9]+))";
constexpr const char* kJob = R"(/api/rotation/jobs/([A-Za-z0-9-]+))";

Error BadDecisions(std::string_view why_zh, std::string_view why_en) {
  return BadRequest("rotation.bad_request", fmt::format("指定/禁止调动的格式不对：{}", why_zh),
                    fmt::format("malformed pins or forbids: {}", why_en));
}

// The UI's decisions: {"pins": [{"teacher", "school"}], "forbids": [...],
// "time_limit_seconds"}. A forbid without school: the teacher stays.
Status ReadDecisions(const json& body, RotationRequest& r) {
  if (!body.is_object()) return Fail(BadDecisions("应为 JSON 对象", "expected a JSON object"));
  auto list = [&](const char* key, bool school_required, auto add) -> Status {
    if (!body.contains(key)) return Ok();
    const json& a = body[key];
    if (!a.is_array()) return Fail(BadDecisions(fmt::format("{} 应为数组", key), "not an array"));
    for (const json& x : a) {
      if (!x.is_object() || !x.contains("teacher") || !x["teacher"].is_string() ||
          (x.contains("school") && !x["school"].is_string())) {
        return Fail(BadDecisions("每项应有教师编号 teacher 和学校 school",
                                 "each entry needs teacher and school"));
      }
      std::string school = x.value("school", "");
      if (school_required && school.empty()) {
        return Fail(BadDecisions("指定调动必须给出调入学校", "a pin needs a school"));
      }
      add(x["teacher"].get<std::string>(), std::move(school));
    }
    return Ok();
  };
  JIAODU_TRY_STATUS(list("pins", true, [&](std::string t, std::string s) {
    r.pins.push_back({std::move(t), std::move(s)});
  }));
  JIAODU_TRY_STATUS(list("forbids", false, [&](std::string t, std::string s) {
    r.forbids.push_back({std::move(t), std::move(s)});
  }));
  if (body.contains("time_limit_seconds")) {
    if (!body["time_limit_seconds"].is_number()) {
      return Fail(
          BadDecisions("time_limit_seconds 应为数字", "time_limit_seconds is not a number"));
    }
    r.time_limit_seconds = body["time_limit_seconds"].get<double>();
  }
  return Ok();
}

// Starts the solve and answers 202 {job}, or 400 with every error of the
// workbook (the first also as `error`, the shape of docs/api.md).
Status StartSolve(RotationService& rot, JobQueue& jobs, RotationRequest req,
                  httplib::Response& res) {
  RotationStart started = JIAODU_TRY(rot.Start(jobs, std::move(req)));
  if (!started.errors.empty()) {
    json errors = json::array();
    for (const Error& e : started.errors) errors.push_back(J::ToJson(e));
    SendJson(res, json{{"error", errors[0]}, {"errors", errors}}, 400);
    return Ok();
  }
  SendJson(res, json{{"job", started.job}}, 202);
  return Ok();
}

Result<JobStatus> FindJob(JobQueue& jobs, const std::string& id) {
  auto s = VisibleJob(jobs, id);
  if (!s || s->kind != JobKind::kSolve) {
    return Fail(ErrorCode::kNotFound, "job.not_found",
                Text("任务不存在或已过期", "job not found or expired"));
  }
  return *s;
}

}  // namespace

void AddRotationRoutes(httplib::Server& http, RotationService& rot, JobQueue& jobs) {
  http.Get(
      "/api/rotation/template.xlsx",
      Wrap([&rot](const httplib::Request& req, httplib::Response& res) -> Status {
        const std::string county = req.get_param_value("county");
        if (county.empty()) {
          return Fail(BadRequest("rotation.no_county", "请先选择县区", "choose a county first"));
        }
        const std::string standard = req.has_param("standard") ? req.get_param_value("standard")
                                                               : std::string(kDefaultStandard);
        std::string bytes = JIAODU_TRY(rot.Template(county, standard));
        SendXlsx(res, std::move(bytes), "教师交流轮岗测算模板.xlsx");
        return Ok();
      }));

  // Status of a solve: state, progress and step (no document: the plan is
  // GET /api/rotation/{county}/plan once the state is no longer running).
  http.Get(kJob, Wrap([&jobs](const httplib::Request& req, httplib::Response& res) -> Status {
             JobStatus s = JIAODU_TRY(FindJob(jobs, req.matches[1].str()));
             SendJson(res, json{{"id", s.id},
                                {"state", JobStateKey(s.state)},
                                {"progress", s.progress},
                                {"step", J::ToJson(s.step)},
                                {"cancel_requested", s.cancel_requested},
                                {"error", s.error ? J::ToJson(*s.error) : json()}});
             return Ok();
           }));

  http.Post(std::string(kJob) + "/cancel",
            Wrap([&jobs](const httplib::Request& req, httplib::Response& res) -> Status {
              JIAODU_TRY(FindJob(jobs, req.matches[1].str()));
              JIAODU_TRY_STATUS(jobs.Cancel(req.matches[1].str()));
              SendJson(res, json{{"ok", true}});
              return Ok();
            }));

  // Upload a workbook and solve: multipart with `file`, optional
  // `time_limit_seconds` and `decisions` (the JSON of ReadDecisions).
  http.Post(std::string(kCounty) + "/solve",
            Wrap([&rot, &jobs](const httplib::Request& req, httplib::Response& res) -> Status {
              Upload up = JIAODU_TRY(ReadUpload(req));
              RotationRequest r;
              r.county = req.matches[1].str();
              r.file_name = up.files[0].name;
              r.bytes = std::move(up.files[0].bytes);
              r.user = up.user;
              if (const std::string d = FormField(req, "decisions"); !d.empty()) {
                json body = json::parse(d, nullptr, false);
                if (body.is_discarded()) return Fail(BadDecisions("不是 JSON", "not JSON"));
                JIAODU_TRY_STATUS(ReadDecisions(body, r));
              }
              if (const std::string t = FormField(req, "time_limit_seconds"); !t.empty()) {
                json v = json::parse(t, nullptr, false);
                if (!v.is_number()) {
                  return Fail(BadDecisions("time_limit_seconds 应为数字", "not a number"));
                }
                r.time_limit_seconds = v.get<double>();
              }
              return StartSolve(rot, jobs, std::move(r), res);
            }));

  // Solve the last uploaded workbook again with the bureau's pins and
  // forbids (JSON body, ReadDecisions).
  http.Post(std::string(kCounty) + "/resolve",
            Wrap([&rot, &jobs](const httplib::Request& req, httplib::Response& res) -> Status {
              json body = req.body.empty() ? json::object() : json::parse(req.body, nullptr, false);
              if (body.is_discarded()) return Fail(BadDecisions("不是 JSON", "not JSON"));
              RotationRequest r;
              r.county = req.matches[1].str();
              JIAODU_TRY_STATUS(ReadDecisions(body, r));
              return StartSolve(rot, jobs, std::move(r), res);
            }));

  // What the server holds for the county: {file_name (null: none), has_plan}.
  http.Get(kCounty, Wrap([&rot](const httplib::Request& req, httplib::Response& res) -> Status {
             const RotationService::Held h = rot.Holding(req.matches[1].str());
             SendJson(res, json{{"file_name", h.file_name.empty() ? json() : json(h.file_name)},
                                {"has_plan", h.has_plan}});
             return Ok();
           }));

  http.Get(std::string(kCounty) + "/plan",
           Wrap([&rot](const httplib::Request& req, httplib::Response& res) -> Status {
             auto last = JIAODU_TRY(rot.LastPlan(req.matches[1].str()));
             res.status = 200;
             res.set_content(last->json, kJson);
             return Ok();
           }));

  http.Get(std::string(kCounty) + R"(/plan\.xlsx)",
           Wrap([&rot](const httplib::Request& req, httplib::Response& res) -> Status {
             JobFile f = JIAODU_TRY(rot.PlanXlsx(req.matches[1].str()));
             SendXlsx(res, std::move(f.bytes), f.name);
             return Ok();
           }));
}

}  // namespace jiaodu::http
