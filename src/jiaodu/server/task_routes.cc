#include "jiaodu/server/task_routes.h"

#include <fmt/format.h>

#include <charconv>
#include <map>
#include <nlohmann/json.hpp>

#include "jiaodu/core/civil_date.h"
#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/server/http_util.h"

namespace jiaodu::http {
namespace {

using nlohmann::json;
namespace J = jiaodu::wire;
using tasks::Role;
using tasks::State;

json Date(int64_t day) { return day == 0 ? json() : json(IsoDate(day)); }

json RuleJson(const tasks::Rule& r) {
  json roles = json::array();
  for (Role role : r.roles) roles.push_back(tasks::RoleKey(role));
  return json{{"to", tasks::StateKey(r.to)},
              {"action", J::ToJson(r.action)},
              {"roles", roles},
              {"needs_due", r.needs_due}};
}

json ViewJson(const TaskView& v) {
  const tasks::Task& t = v.task;
  json ms = json::array();
  for (const tasks::Milestone& m : t.milestones)
    ms.push_back(json{{"date", IsoDate(m.date)}, {"text", m.text}});
  json open = json::array();
  for (const tasks::Rule* r : v.open) open.push_back(RuleJson(*r));
  return json{{"id", t.id},
              {"title", t.title},
              {"plan_id", t.plan_id},
              {"clause", t.clause},
              {"indicator", t.indicator},
              {"lead_unit", t.lead_unit},
              {"co_units", t.co_units},
              {"owner", t.owner},
              {"target", t.target},
              {"target_value", t.target_value ? json(*t.target_value) : json()},
              {"target_unit", t.target_unit},
              {"start", Date(t.start)},
              {"deadline", Date(t.deadline)},
              {"milestones", ms},
              {"remind_days", t.remind_days},
              {"publish", t.publish},
              {"state", tasks::StateKey(v.status.state)},
              {"state_name", J::ToJson(tasks::StateName(v.status.state))},
              {"due", Date(v.status.due)},
              {"days_left", v.days_left},
              {"notice_no", v.status.notice_no},
              {"notices", v.status.notices},
              {"late", v.status.late},
              {"closed", Date(v.status.closed_day)},
              {"pending", v.status.pending.size()},
              {"pending_final", !v.status.pending_final.empty()},
              {"open", open}};
}

json EventJson(const tasks::Event& e) {
  return json{{"id", e.id},
              {"kind", tasks::EventKindKey(e.kind)},
              {"at", e.at},
              {"day", Date(e.day)},
              {"actor", e.actor},
              {"role", tasks::RoleKey(e.role)},
              {"role_name", J::ToJson(tasks::RoleName(e.role))},
              {"reason", e.reason},
              {"from", e.from ? json(tasks::StateKey(*e.from)) : json()},
              {"to", e.to ? json(tasks::StateKey(*e.to)) : json()},
              {"to_name", e.to ? J::ToJson(tasks::StateName(*e.to)) : json()},
              {"due", e.due ? Date(*e.due) : json()},
              {"notice_no", e.notice_no},
              {"report_id", e.report_id},
              {"decision", tasks::DecisionKey(e.decision)},
              {"final", e.final}};
}

json DetailJson(const TaskDetail& d) {
  std::map<int64_t, const tasks::Event*> reviews;
  json events = json::array();
  for (const tasks::Event& e : d.events) {
    events.push_back(EventJson(e));
    if (e.kind == tasks::EventKind::kReview) reviews[e.report_id] = &e;
  }
  json reports = json::array();
  for (const tasks::Report& r : d.reports) {
    json files = json::array();
    for (const tasks::EvidenceFile& f : r.files) {
      files.push_back(json{{"id", f.id},
                           {"name", f.name},
                           {"content_type", f.content_type},
                           {"size", f.size},
                           {"sha256", f.sha256},
                           {"uploaded_by", f.uploaded_by},
                           {"uploaded_at", f.uploaded_at},
                           {"url", fmt::format("api/tasks/files/{}", f.id)}});
    }
    json review;
    if (auto it = reviews.find(r.id); it != reviews.end()) {
      review = json{{"decision", tasks::DecisionKey(it->second->decision)},
                    {"by", it->second->actor},
                    {"reason", it->second->reason},
                    {"day", Date(it->second->day)}};
    }
    reports.push_back(json{{"id", r.id},
                           {"at", r.at},
                           {"day", Date(r.day)},
                           {"by", r.by},
                           {"text", r.text},
                           {"value", r.value ? json(*r.value) : json()},
                           {"final", r.final},
                           {"files", files},
                           {"review", review}});
  }
  json out = ViewJson(d.view);
  out["events"] = events;
  out["reports"] = reports;
  return out;
}

Result<json> Body(const httplib::Request& req) {
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Fail(BadRequest("task.bad_body", "请求内容不是有效的 JSON 对象",
                           "the request body is not a JSON object"));
  }
  return body;
}

std::string Str(const json& body, const char* k) {
  return body.contains(k) && body[k].is_string() ? body[k].get<std::string>() : std::string();
}

Result<Role> RoleOf(std::string_view key) {
  auto r = tasks::ParseRole(key);
  if (!r || *r == Role::kSystem) {
    return Fail(
        BadRequest("task.bad_role",
                   fmt::format("身份“{}”无效（应为 supervisor、leader、inspector 或 owner）", key),
                   fmt::format("role \"{}\" is not valid", key)));
  }
  return *r;
}

Result<std::optional<int64_t>> DateOf(const std::string& text, const char* what) {
  if (text.empty()) return std::optional<int64_t>();
  auto d = ParseIsoDate(text);
  if (!d) {
    return Fail(BadRequest("task.bad_date",
                           fmt::format("{}“{}”不是有效日期（格式 2026-12-31）", what, text),
                           fmt::format("{} \"{}\" is not a date (2026-12-31)", what, text)));
  }
  return std::optional<int64_t>(*d);
}

// A numeric id from the path (the route's pattern allows digits only).
int64_t IdOf(const std::string& digits) {
  int64_t id = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), id);
  return id;
}

std::string UserOr(std::string user) {
  return ActingUser(user.empty() ? std::string("网页用户") : user);
}

// A task from the JSON of POST /api/tasks.
Result<tasks::Task> TaskOf(const json& j) {
  tasks::Task t;
  t.id = Str(j, "id");
  t.title = Str(j, "title");
  t.plan_id = Str(j, "plan_id");
  t.clause = Str(j, "clause");
  t.indicator = Str(j, "indicator");
  t.lead_unit = Str(j, "lead_unit");
  if (j.contains("co_units") && j["co_units"].is_array()) {
    for (const json& u : j["co_units"])
      if (u.is_string()) t.co_units.push_back(u.get<std::string>());
  }
  t.owner = Str(j, "owner");
  t.target = Str(j, "target");
  if (j.contains("target_value") && j["target_value"].is_number())
    t.target_value = j["target_value"].get<double>();
  t.target_unit = Str(j, "target_unit");
  t.start = JIAODU_TRY(DateOf(Str(j, "start"), "下达日期")).value_or(0);
  t.deadline = JIAODU_TRY(DateOf(Str(j, "deadline"), "完成时限")).value_or(0);
  if (j.contains("milestones") && j["milestones"].is_array()) {
    for (const json& m : j["milestones"]) {
      if (!m.is_object()) continue;
      auto d = JIAODU_TRY(DateOf(Str(m, "date"), "节点日期"));
      if (d) t.milestones.push_back(tasks::Milestone{*d, Str(m, "text")});
    }
  }
  if (j.contains("remind_days") && j["remind_days"].is_number_integer())
    t.remind_days = j["remind_days"].get<int>();
  if (j.contains("publish") && j["publish"].is_boolean()) t.publish = j["publish"].get<bool>();
  return t;
}

}  // namespace

void AddTaskRoutes(httplib::Server& http, TaskService& tasks) {
  http.Get("/api/tasks", Wrap([&tasks](const httplib::Request&, httplib::Response& res) -> Status {
             json list = json::array();
             for (const TaskView& v : JIAODU_TRY(tasks.List())) list.push_back(ViewJson(v));
             json states = json::array();
             for (State s : tasks::kStates)
               states.push_back(
                   json{{"key", tasks::StateKey(s)}, {"name", J::ToJson(tasks::StateName(s))}});
             json roles = json::array();
             for (Role r : {Role::kSupervisor, Role::kLeader, Role::kInspector, Role::kOwner})
               roles.push_back(
                   json{{"key", tasks::RoleKey(r)}, {"name", J::ToJson(tasks::RoleName(r))}});
             const tasks::EvidenceLimits& lim = tasks.limits();
             SendJson(res, json{{"today", IsoDate(tasks.Today())},
                                {"states", states},
                                {"roles", roles},
                                {"limits",
                                 {{"max_file_bytes", lim.max_file_bytes},
                                  {"max_report_bytes", lim.max_report_bytes},
                                  {"max_files", lim.max_files},
                                  {"accepted", tasks::AcceptedExtensions()}}},
                                {"tasks", list}});
             return Ok();
           }));

  // Before /api/tasks/{id}, whose pattern would take these names.
  http.Get("/api/tasks/template.xlsx",
           Wrap([&tasks](const httplib::Request&, httplib::Response& res) -> Status {
             SendXlsx(res, JIAODU_TRY(tasks.Template()), "督办任务清单模板.xlsx");
             return Ok();
           }));
  http.Get("/api/tasks/publicity.xlsx",
           Wrap([&tasks](const httplib::Request&, httplib::Response& res) -> Status {
             SendXlsx(res, JIAODU_TRY(tasks.PublicityXlsx()),
                      fmt::format("督办事项公示清单{}.xlsx", IsoDate(tasks.Today())));
             return Ok();
           }));
  // An xlsx list of measures: multipart `file`, `user`, `replace` (true =
  // update tasks whose 编号 exists).
  http.Post("/api/tasks/import",
            Wrap([&tasks](const httplib::Request& req, httplib::Response& res) -> Status {
              Upload up = JIAODU_TRY(ReadUpload(req));
              if (up.files.size() != 1) {
                return Fail(BadRequest("task.one_file", "请一次上传一个任务清单文件",
                                       "upload one list at a time"));
              }
              const std::string replace = FormField(req, "replace");
              int n = JIAODU_TRY(tasks.ImportTable(up.files[0].bytes, up.files[0].name, up.user,
                                                   replace == "true" || replace == "1"));
              SendJson(res, json{{"saved", n}}, 201);
              return Ok();
            }));

  http.Get(R"(/api/tasks/files/(\d+))",
           Wrap([&tasks](const httplib::Request& req, httplib::Response& res) -> Status {
             const int64_t id = IdOf(req.matches[1].str());
             TaskFileBlob f = JIAODU_TRY(tasks.File(id));
             res.set_header("Content-Disposition", Attachment(f.meta.name));
             res.set_header("X-Content-SHA256", f.meta.sha256);
             res.set_content(std::move(f.bytes), f.meta.content_type);
             return Ok();
           }));

  http.Get(R"(/api/tasks/([A-Za-z0-9_.-]+)/notices/(\d+)\.pdf)",
           Wrap([&tasks](const httplib::Request& req, httplib::Response& res) -> Status {
             const int64_t eid = IdOf(req.matches[2].str());
             std::string pdf = JIAODU_TRY(tasks.NoticePdf(req.matches[1].str(), eid));
             SendFile(res, std::move(pdf),
                      fmt::format("督办通知单_{}_{}.pdf", req.matches[1].str(), eid),
                      "application/pdf");
             return Ok();
           }));

  http.Get(R"(/api/tasks/([A-Za-z0-9_.-]+))",
           Wrap([&tasks](const httplib::Request& req, httplib::Response& res) -> Status {
             SendJson(res, DetailJson(JIAODU_TRY(tasks.Get(req.matches[1].str()))));
             return Ok();
           }));

  // New tasks: JSON {tasks: [...], user, replace}.
  http.Post(
      "/api/tasks", Wrap([&tasks](const httplib::Request& req, httplib::Response& res) -> Status {
        json body = JIAODU_TRY(Body(req));
        if (!body.contains("tasks") || !body["tasks"].is_array()) {
          return Fail(
              BadRequest("task.bad_body", "缺少任务列表 tasks", "the body has no tasks list"));
        }
        std::vector<tasks::Task> batch;
        for (const json& j : body["tasks"]) batch.push_back(JIAODU_TRY(TaskOf(j)));
        const bool replace = body.value("replace", false);
        int n = JIAODU_TRY(tasks.Save(std::move(batch), UserOr(Str(body, "user")), replace));
        SendJson(res, json{{"saved", n}}, 201);
        return Ok();
      }));

  // An escalation step: JSON {to, role, user, reason, due}.
  http.Post(
      R"(/api/tasks/([A-Za-z0-9_.-]+)/transitions)",
      Wrap([&tasks](const httplib::Request& req, httplib::Response& res) -> Status {
        json body = JIAODU_TRY(Body(req));
        auto to = tasks::ParseState(Str(body, "to"));
        if (!to) {
          return Fail(BadRequest("task.bad_state", fmt::format("目标状态“{}”无效", Str(body, "to")),
                                 fmt::format("unknown state \"{}\"", Str(body, "to"))));
        }
        tasks::Request r;
        r.to = *to;
        r.role = JIAODU_TRY(RoleOf(Str(body, "role")));
        r.actor = UserOr(Str(body, "user"));
        r.reason = Str(body, "reason");
        r.due = JIAODU_TRY(DateOf(Str(body, "due"), "新的完成时限"));
        SendJson(res, DetailJson(JIAODU_TRY(tasks.Transition(req.matches[1].str(), r))));
        return Ok();
      }));

  // A progress report: multipart {text, value, final, user, files}.
  http.Post(R"(/api/tasks/([A-Za-z0-9_.-]+)/reports)",
            Wrap([&tasks](const httplib::Request& req, httplib::Response& res) -> Status {
              std::vector<tasks::EvidenceInput> files;
              for (const char* name : {"files", "files[]", "file"}) {
                auto range = req.files.equal_range(name);
                for (auto it = range.first; it != range.second; ++it) {
                  if (it->second.filename.empty() && it->second.content.empty()) continue;
                  files.push_back(tasks::EvidenceInput{it->second.filename, it->second.content});
                }
              }
              std::optional<double> value;
              const std::string v = FormField(req, "value");
              if (!v.empty()) {
                double d = 0;
                auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
                if (ec != std::errc() || p != v.data() + v.size()) {
                  return Fail(BadRequest("task.bad_value", fmt::format("完成数值“{}”不是数字", v),
                                         fmt::format("\"{}\" is not a number", v)));
                }
                value = d;
              }
              const std::string final_text = FormField(req, "final");
              const bool final = final_text == "true" || final_text == "1";
              int64_t id = JIAODU_TRY(tasks.FileReport(req.matches[1].str(), FormField(req, "text"),
                                                       value, final, std::move(files),
                                                       UserOr(FormField(req, "user"))));
              SendJson(res, json{{"id", id}}, 201);
              return Ok();
            }));

  // The bureau's review: JSON {decision: approved|returned, role, user, reason}.
  http.Post(R"(/api/tasks/([A-Za-z0-9_.-]+)/reports/(\d+)/review)",
            Wrap([&tasks](const httplib::Request& req, httplib::Response& res) -> Status {
              json body = JIAODU_TRY(Body(req));
              const std::string d = Str(body, "decision");
              const tasks::Decision decision = d == "approved"   ? tasks::Decision::kApproved
                                               : d == "returned" ? tasks::Decision::kReturned
                                                                 : tasks::Decision::kNone;
              const int64_t rid = IdOf(req.matches[2].str());
              Role role = JIAODU_TRY(RoleOf(Str(body, "role")));
              SendJson(res, DetailJson(JIAODU_TRY(tasks.Review(req.matches[1].str(), rid, decision,
                                                               role, UserOr(Str(body, "user")),
                                                               Str(body, "reason")))));
              return Ok();
            }));
}

}  // namespace jiaodu::http
