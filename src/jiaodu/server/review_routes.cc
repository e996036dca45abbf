#include "jiaodu/server/review_routes.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/server/access_guard.h"
#include "jiaodu/server/http_util.h"

namespace jiaodu::http {
namespace {

using nlohmann::json;
namespace J = jiaodu::wire;
using access::ReviewState;

// The caller, or in single-user mode a city-wide reader.
struct Acting {
  access::Principal principal;
  std::string from;
  bool logged_in = false;
};

Acting Who(const httplib::Request& req) {
  if (const Caller* c = CurrentCaller()) return Acting{c->principal, c->from, true};
  return Acting{access::Principal{"本机用户", access::Role::kCity, "", {}}, req.remote_addr, false};
}

Status NeedsAccounts(const Acting& a) {
  if (a.logged_in) return Ok();
  return Fail(Error{ErrorCode::kFailedPrecondition,
                    "review.needs_accounts",
                    Text("填报审核需要登录：请先创建账号（jiaodu user add），再以填报员、审核人、"
                         "县局或市局账号登录后操作",
                         "the review chain needs accounts: create them (jiaodu user add) and log "
                         "in as a clerk, reviewer, county or city user"),
                    {},
                    {}});
}

Result<AcademicYear> YearOf(const std::string& text) { return AcademicYear::Parse(text); }

std::string StandardOf(const httplib::Request& req) {
  std::string s = req.get_param_value("standard");
  return s.empty() ? std::string(kDefaultStandard) : s;
}

json NotesJson(const std::vector<ReviewNote>& notes) {
  json a = json::array();
  for (const ReviewNote& n : notes) {
    a.push_back(json{{"section", n.section}, {"field", n.field}, {"note", n.note}});
  }
  return a;
}

json EventJson(const ReviewEvent& e) {
  const auto role = access::ParseRole(e.role);
  return json{{"id", e.id},
              {"step", access::ReviewStepKey(e.step)},
              {"step_name", J::ToJson(access::ReviewStepName(e.step))},
              {"from", access::ReviewStateKey(e.from)},
              {"to", access::ReviewStateKey(e.to)},
              {"to_name", J::ToJson(access::ReviewStateName(e.to))},
              {"actor", e.actor},
              {"role", e.role},
              {"role_name", role ? J::ToJson(access::RoleName(*role)) : json(e.role)},
              {"time", e.time},
              {"reason", e.reason},
              {"notes", NotesJson(e.notes)}};
}

json StateJson(const ReviewSchoolState& s) {
  return json{{"school", J::ToJson(s.school)},
              {"state", access::ReviewStateKey(s.state)},
              {"state_name", J::ToJson(access::ReviewStateName(s.state))},
              {"last", s.last ? EventJson(*s.last) : json()}};
}

json StatesJson() {
  json a = json::array();
  for (ReviewState s : access::AllReviewStates()) {
    a.push_back(
        json{{"key", access::ReviewStateKey(s)}, {"name", J::ToJson(access::ReviewStateName(s))}});
  }
  return a;
}

json SchoolJson(const ReviewSchoolView& v, const ReviewChecks& checks) {
  json fields = json::array();
  for (const ReviewField& f : v.fields) {
    fields.push_back(json{{"section", f.where.section},
                          {"field", f.where.field},
                          {"name", J::ToJson(f.def->name)},
                          {"unit", J::ToJson(f.def->stored_unit)},
                          {"group", J::ToJson(f.def->group)},
                          {"required", f.def->required},
                          {"value", f.value ? json(*f.value) : json()},
                          {"last", f.last ? json(*f.last) : json()},
                          {"flagged", f.flagged}});
  }
  json flags = json::array();
  for (const ChangeFlag& f : v.flags) {
    flags.push_back(json{{"section", f.where.section},
                         {"field", f.where.field},
                         {"old", f.old_value},
                         {"new", f.new_value}});
  }
  json problems = json::array();
  for (const RecordProblem& p : v.problems) {
    problems.push_back(json{{"section", p.where.section},
                            {"field", p.where.field},
                            {"id", p.error.id},
                            {"message", J::ToJson(p.error.message)}});
  }
  json steps = json::array();
  for (access::ReviewStep s : v.steps) {
    const access::ReviewRule* rule = nullptr;
    for (const access::ReviewRule& r : access::ReviewRules()) {
      if (r.from == v.state && r.step == s) rule = &r;
    }
    steps.push_back(json{{"step", access::ReviewStepKey(s)},
                         {"name", J::ToJson(access::ReviewStepName(s))},
                         {"needs_reason", rule && rule->needs_reason},
                         {"needs_items", rule && rule->needs_items}});
  }
  json events = json::array();
  for (const ReviewEvent& e : v.events) events.push_back(EventJson(e));
  return json{{"school", J::ToJson(v.school)},
              {"county", J::ToJson(v.county)},
              {"year", J::ToJson(v.year)},
              {"standard", v.standard->id},
              {"state", access::ReviewStateKey(v.state)},
              {"state_name", J::ToJson(access::ReviewStateName(v.state))},
              {"steps", steps},
              {"editable", v.editable},
              {"last_event", v.last_event},
              {"has_data", v.has_data},
              {"has_last_year", v.has_last_year},
              {"factor", checks.factor},
              {"factor_reason", J::ToJson(checks.reason)},
              {"fields", fields},
              {"flags", flags},
              {"problems", problems},
              {"events", events}};
}

Result<json> Body(const httplib::Request& req) {
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Fail(BadRequest("review.bad_body", "请求内容不是有效的 JSON 对象",
                           "the request body is not a JSON object"));
  }
  return body;
}

std::string Str(const json& o, const char* k) {
  return o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
}

std::vector<ReviewNote> NotesOf(const json& body, const char* key) {
  std::vector<ReviewNote> out;
  if (!body.contains(key) || !body[key].is_array()) return out;
  for (const json& n : body[key]) {
    if (!n.is_object()) continue;
    out.push_back(ReviewNote{Str(n, "section"), Str(n, "field"), Str(n, "note")});
  }
  return out;
}

}  // namespace

void AddReviewRoutes(httplib::Server& http, ReviewService& review) {
  http.Get(R"(/api/review/(\d+))",
           Wrap([&review](const httplib::Request& req, httplib::Response& res) -> Status {
             const AcademicYear year = JIAODU_TRY(YearOf(req.matches[1].str()));
             const Acting who = Who(req);
             std::string area = req.get_param_value("area");
             if (area.empty()) area = who.principal.county;  // "" = the city
             const ReviewAreaStatus s =
                 JIAODU_TRY(review.AreaStatus(who.principal, year, area, StandardOf(req)));
             json schools = json::array();
             for (const ReviewSchoolState& x : s.schools) schools.push_back(StateJson(x));
             json counts = json::object();
             for (ReviewState st : access::AllReviewStates()) {
               counts[std::string(access::ReviewStateKey(st))] = s.counts[static_cast<size_t>(st)];
             }
             SendJson(res, json{{"area", J::ToJson(s.area)},
                                {"year", J::ToJson(s.year)},
                                {"states", StatesJson()},
                                {"counts", counts},
                                {"schools", schools}});
             return Ok();
           }));
  http.Get(R"(/api/review/(\d+)/queue)",
           Wrap([&review](const httplib::Request& req, httplib::Response& res) -> Status {
             const AcademicYear year = JIAODU_TRY(YearOf(req.matches[1].str()));
             const Acting who = Who(req);
             const ReviewQueue q = JIAODU_TRY(review.Queue(who.principal, year, StandardOf(req)));
             json waiting = json::array(), mine = json::array();
             for (const ReviewSchoolState& x : q.waiting) waiting.push_back(StateJson(x));
             for (const ReviewSchoolState& x : q.mine) mine.push_back(StateJson(x));
             SendJson(res, json{{"year", J::ToJson(year)},
                                {"role", access::RoleKey(who.principal.role)},
                                {"waiting", waiting},
                                {"mine", mine}});
             return Ok();
           }));
  http.Get(R"(/api/review/(\d+)/schools/([0-9A-Za-z]+))",
           Wrap([&review](const httplib::Request& req, httplib::Response& res) -> Status {
             const AcademicYear year = JIAODU_TRY(YearOf(req.matches[1].str()));
             const Acting who = Who(req);
             const ReviewSchoolView v = JIAODU_TRY(
                 review.SchoolView(who.principal, year, req.matches[2].str(), StandardOf(req)));
             SendJson(res, SchoolJson(v, review.checks()));
             return Ok();
           }));
  http.Put(R"(/api/review/(\d+)/schools/([0-9A-Za-z]+)/values)",
           Wrap([&review](const httplib::Request& req, httplib::Response& res) -> Status {
             const AcademicYear year = JIAODU_TRY(YearOf(req.matches[1].str()));
             const Acting who = Who(req);
             JIAODU_TRY_STATUS(NeedsAccounts(who));
             const json body = JIAODU_TRY(Body(req));
             std::vector<ReviewValueChange> changes;
             if (body.contains("values") && body["values"].is_array()) {
               for (const json& v : body["values"]) {
                 if (!v.is_object()) continue;
                 ReviewValueChange c{{Str(v, "section"), Str(v, "field")}, std::nullopt};
                 if (v.contains("value") && v["value"].is_number()) {
                   c.value = v["value"].get<double>();
                 }
                 changes.push_back(std::move(c));
               }
             }
             const int64_t id = JIAODU_TRY(review.SaveValues(
                 who.principal, year, req.matches[2].str(), changes, StandardOf(req)));
             SendJson(res, json{{"import_id", id}});
             return Ok();
           }));
  http.Post(
      R"(/api/review/(\d+)/schools/([0-9A-Za-z]+)/steps)",
      Wrap([&review](const httplib::Request& req, httplib::Response& res) -> Status {
        const AcademicYear year = JIAODU_TRY(YearOf(req.matches[1].str()));
        const Acting who = Who(req);
        JIAODU_TRY_STATUS(NeedsAccounts(who));
        const json body = JIAODU_TRY(Body(req));
        const std::string key = Str(body, "step");
        auto step = access::ParseReviewStep(key);
        if (!step) {
          return Fail(BadRequest(
              "review.bad_body",
              fmt::format("审核步骤“{}”无效（应为 submit、withdraw、approve、return 或 reopen）",
                          key),
              fmt::format("review step \"{}\" is not valid", key)));
        }
        ReviewStepRequest r{*step, Str(body, "reason"), NotesOf(body, "notes"),
                            NotesOf(body, "confirmations")};
        const ReviewEvent e = JIAODU_TRY(review.TakeStep(who.principal, year, req.matches[2].str(),
                                                         r, who.from, StandardOf(req)));
        SendJson(res, EventJson(e), 201);
        return Ok();
      }));
}

}  // namespace jiaodu::http
