#include "jiaodu/server/access_guard.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <regex>
#include <vector>

#include "jiaodu/server/http_util.h"

namespace jiaodu::http {
namespace {

using access::Action;
using S = RouteScope;

// clang-format off
// Which role and area each route needs (docs/access.md, "The server's
// checks"). Bulk imports, plans and 督办 are city-scoped for now: which
// county an uploaded workbook or a task belongs to is in its content, which
// this check cannot see before the handler runs, so county users are refused
// rather than trusted with other counties' rows.
constexpr RouteRule kRules[] = {
    // Accounts and the audit trail.
    {"POST", "/api/auth/login", Action::kReadData, S::kPublic},
    {"GET", "/api/auth/state", Action::kReadData, S::kPublic},
    {"GET", "/api/auth/me", Action::kReadData, S::kSelf},
    {"POST", "/api/auth/logout", Action::kReadData, S::kSelf},
    {"POST", "/api/auth/password", Action::kReadData, S::kSelf},
    {"GET", "/api/auth/accounts", Action::kManageUsers, S::kRole},
    {"POST", "/api/auth/accounts", Action::kManageUsers, S::kRole},
    {"PUT", "/api/auth/accounts/[A-Za-z0-9._@-]+", Action::kManageUsers, S::kRole},
    {"POST", "/api/auth/accounts/[A-Za-z0-9._@-]+/(reset|disable|enable)", Action::kManageUsers,
     S::kRole},
    {"GET", "/api/audit", Action::kReadAudit, S::kCity},
    {"GET", "/api/audit/entries", Action::kReadAudit, S::kCity},
    {"GET", "/api/audit/verify", Action::kReadAudit, S::kCity},
    // What every page needs and shows no school's data.
    {"GET", "/api/meta", Action::kReadData, S::kLoggedIn},
    {"GET", "/api/areas", Action::kReadData, S::kLoggedIn},
    {"GET", "/api/standards", Action::kReadData, S::kLoggedIn},
    {"GET", "/api/standards/[A-Za-z0-9_.-]+", Action::kReadData, S::kLoggedIn},
    {"GET", "/api/catalogs/[A-Za-z0-9_.-]+", Action::kReadData, S::kLoggedIn},
    {"GET", "/api/fitness/meta", Action::kReadData, S::kLoggedIn},
    // The evaluation, counties and schools.
    {"GET", "/api/overview", Action::kReadData, S::kPlace, 0, "area"},
    {"GET", R"(/api/counties/(\d+)/standards)", Action::kReadData, S::kCounty, 1},
    {"PUT", R"(/api/counties/(\d+)/standards)", Action::kEditCounty, S::kCounty, 1},
    {"GET", R"(/api/counties/(\d+)/(trend|evaluation|data))", Action::kReadData, S::kCounty, 1},
    {"PUT", R"(/api/counties/(\d+)/data)", Action::kEditCounty, S::kCounty, 1},
    {"GET", "/api/schools", Action::kReadData, S::kCounty, 0, "county"},
    {"GET", R"(/api/schools/(\d+))", Action::kReadData, S::kSchool, 1},
    {"GET", "/api/template.xlsx", Action::kExport, S::kCounty, 0, "county"},
    {"GET", R"(/api/export/county/(\d+)\.(xlsx|pdf))", Action::kExport, S::kCounty, 1},
    {"GET", R"(/api/export/city/(\d+)\.xlsx)", Action::kExport, S::kCity},
    // Imports and their jobs (job ids are not guessable: jobs.cc).
    {"POST", "/api/imports", Action::kImportBulk, S::kCity},
    {"GET", "/api/imports", Action::kReadData, S::kCity},
    {"POST", R"(/api/imports/(\d+)/undo)", Action::kImportBulk, S::kCity},
    {"GET", R"(/api/jobs/[A-Za-z0-9-]+(/file|/errors\.xlsx)?)", Action::kReadData, S::kRole},
    // 体质健康.
    {"GET", "/api/fitness/(summary|trend)", Action::kReadData, S::kPlace, 0, "area"},
    {"GET", "/api/fitness/schools/([0-9A-Za-z]+)/students", Action::kReadData, S::kSchool, 1},
    // A 学籍号 does not name its school before it is looked up: city only.
    {"GET", "/api/fitness/students/[^/]+", Action::kReadData, S::kCity},
    {"GET", "/api/fitness/export.xlsx", Action::kExport, S::kPlace, 0, "area"},
    {"POST", "/api/fitness/exports", Action::kExport, S::kPlace, 0, "area"},
    {"GET", R"(/api/fitness/schools/([0-9A-Za-z]+)/cards\.pdf)", Action::kExport, S::kSchool, 1},
    {"GET", "/api/fitness/template.xlsx", Action::kImportBulk, S::kRole},
    {"POST", "/api/fitness/imports", Action::kImportBulk, S::kCity},
    // 规划指标 (the city's plans, values of every county).
    {"GET", "/api/plans/template.xlsx", Action::kEditCounty, S::kRole},
    {"POST", "/api/plans/import", Action::kEditCounty, S::kCity},
    {"GET", R"(/api/plans/[A-Za-z0-9_.-]+/report\.(xlsx|pdf))", Action::kExport, S::kCity},
    {"GET", R"(/api/plans(/[A-Za-z0-9_.-]+(/plan\.toml|/values)?)?)", Action::kReadData,
     S::kCity},
    {"POST", "/api/plans(/[A-Za-z0-9_.-]+/values)?", Action::kEditCounty, S::kCity},
    // 教学质量抽测.
    {"GET", "/api/quality/tests", Action::kReadData, S::kRole},
    {"GET", "/api/quality/tests/[^/]+/bulletin", Action::kReadData, S::kPlace, 0, "place"},
    {"GET", R"(/api/quality/tests/[^/]+/bulletin\.xlsx)", Action::kExport, S::kPlace, 0, "place"},
    {"GET", "/api/quality/tests/([^/]+)/schools/([0-9A-Za-z]+)", Action::kReadData, S::kSchool, 2},
    {"GET", "/api/quality/trend", Action::kReadData, S::kPlace, 0, "place"},
    {"GET", "/api/quality/template.xlsx", Action::kImportBulk, S::kCounty, 0, "county"},
    {"POST", "/api/quality/imports", Action::kImportBulk, S::kCity},
    // 学校办学质量评价: one city-wide ranking; ?place= narrows the rows shown
    // (a county's schools, one school) with their city ranks. The template
    // and the import are the city's, as the ranking is.
    {"GET", "/api/school-eval/schemes", Action::kReadData, S::kLoggedIn},
    {"GET", R"(/api/school-eval/[A-Za-z0-9_.-]+/\d+)", Action::kReadData, S::kPlace, 0, "place"},
    {"GET", R"(/api/school-eval/[A-Za-z0-9_.-]+/\d+/report\.(xlsx|pdf))", Action::kExport,
     S::kPlace, 0, "place"},
    {"GET", R"(/api/school-eval/[A-Za-z0-9_.-]+/\d+/template\.xlsx)", Action::kImportBulk,
     S::kCity},
    {"POST", R"(/api/school-eval/[A-Za-z0-9_.-]+/\d+/imports)", Action::kImportBulk, S::kCity},
    // 交流轮岗 (a county's plan).
    {"GET", "/api/rotation/template.xlsx", Action::kEditCounty, S::kCounty, 0, "county"},
    {"GET", "/api/rotation/jobs/[A-Za-z0-9-]+", Action::kEditCounty, S::kRole},
    {"POST", "/api/rotation/jobs/[A-Za-z0-9-]+/cancel", Action::kEditCounty, S::kRole},
    {"POST", "/api/rotation/([0-9]+)/(solve|resolve)", Action::kEditCounty, S::kCounty, 1},
    {"GET", "/api/rotation/([0-9]+)(/plan)?", Action::kReadData, S::kCounty, 1},
    {"GET", R"(/api/rotation/([0-9]+)/plan\.xlsx)", Action::kExport, S::kCounty, 1},
    // 学位与编制测算 (a county's or the city's planning).
    {"GET", "/api/planning/template.xlsx", Action::kEditCounty, S::kPlace, 0, "area"},
    {"GET", "/api/planning/([0-9]+)(/staffing|/capacity|/forecast)?", Action::kReadData,
     S::kPlace, 1},
    {"POST", "/api/planning/([0-9]+)/inputs", Action::kEditCounty, S::kPlace, 1},
    {"GET", R"(/api/planning/([0-9]+)/plan\.xlsx)", Action::kExport, S::kPlace, 1},
    // 督查督办 (tasks carry no area yet: the city's board).
    {"GET", "/api/tasks/template.xlsx", Action::kSuperviseTasks, S::kRole},
    {"GET", "/api/tasks/publicity.xlsx", Action::kExport, S::kCity},
    {"GET", R"(/api/tasks(/files/\d+|/[A-Za-z0-9_.-]+(/notices/\d+\.pdf)?)?)", Action::kReadData,
     S::kCity},
    {"POST", "/api/tasks(/import|/[A-Za-z0-9_.-]+/transitions)?", Action::kSuperviseTasks,
     S::kCity},
    {"POST", "/api/tasks/[A-Za-z0-9_.-]+/reports", Action::kReportTask, S::kCity},
    {"POST", R"(/api/tasks/[A-Za-z0-9_.-]+/reports/\d+/review)", Action::kSuperviseTasks,
     S::kCity},
    // 填报审核 (the review chain): the year, then the area or school. A step's
    // action follows from the step in the body (submit: fill; approve and
    // return: the reviewing level's; reopen: the city's), so the route asks
    // for reading the school and the service checks the step's role and
    // action itself (review.wrong_role, access.denied_role).
    {"GET", R"(/api/review/\d+)", Action::kReadData, S::kPlace, 0, "area"},
    {"GET", R"(/api/review/\d+/queue)", Action::kReadData, S::kRole},
    {"GET", R"(/api/review/\d+/schools/([0-9A-Za-z]+))", Action::kReadData, S::kSchool, 1},
    {"PUT", R"(/api/review/\d+/schools/([0-9A-Za-z]+)/values)", Action::kFillSchool, S::kSchool, 1},
    {"POST", R"(/api/review/\d+/schools/([0-9A-Za-z]+)/steps)", Action::kReadData, S::kSchool, 1},
};
// clang-format on

struct Compiled {
  const RouteRule* rule;
  std::regex re;
};

const std::vector<Compiled>& CompiledRules() {
  static const std::vector<Compiled> rules = [] {
    std::vector<Compiled> out;
    for (const RouteRule& r : kRules) out.push_back(Compiled{&r, std::regex(r.pattern)});
    return out;
  }();
  return rules;
}

thread_local std::optional<Caller> current_caller;

Error LoginRequired() {
  return Error{ErrorCode::kUnauthenticated,
               "access.login_required",
               Text("请先登录", "log in first"),
               {},
               {}};
}

Error NoRouteRule(const httplib::Request& req) {
  return Error{ErrorCode::kPermissionDenied,
               "access.no_route_rule",
               Text(fmt::format("接口 {} {} 未登记访问规则，已拒绝（请联系系统管理员）", req.method,
                                req.path),
                    fmt::format("{} {} has no access rule and is refused (tell the administrator)",
                                req.method, req.path)),
               {},
               {}};
}

bool IsLoopback(std::string_view host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

std::span<const RouteRule> RouteRules() { return kRules; }

const Caller* CurrentCaller() { return current_caller ? &*current_caller : nullptr; }

std::optional<JobStatus> VisibleJob(JobQueue& jobs, const std::string& id) {
  std::optional<JobStatus> s = jobs.Get(id);
  const Caller* c = CurrentCaller();
  if (!s || c == nullptr || s->owners.empty()) return s;
  const auto& o = s->owners;
  if (std::find(o.begin(), o.end(), c->principal.login) != o.end()) return s;
  return std::nullopt;
}

std::string SessionToken(const httplib::Request& req) {
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  const std::string cookies = req.get_header_value("Cookie");
  const std::string key = std::string(kSessionCookie) + "=";
  size_t p = 0;
  while (p < cookies.size()) {
    while (p < cookies.size() && (cookies[p] == ' ' || cookies[p] == ';')) ++p;
    size_t end = cookies.find(';', p);
    if (end == std::string::npos) end = cookies.size();
    if (cookies.compare(p, key.size(), key) == 0) {
      return cookies.substr(p + key.size(), end - p - key.size());
    }
    p = end;
  }
  return {};
}

httplib::Server::HandlerResponse AccessGuard::Check(const httplib::Request& req,
                                                    httplib::Response& res) {
  current_caller.reset();
  SetActingUser("");
  if (req.path.rfind("/api/", 0) != 0) return httplib::Server::HandlerResponse::Unhandled;
  if (Status st = Decide(req); !st) {
    spdlog::info("refused {} {} from {}: {}", req.method, req.path, req.remote_addr, st.error().id);
    // A logged-in person refused by role or area goes into the audit trail:
    // who tried to reach what is what an inspection of the trail looks for.
    // Requests without a session are not recorded: anyone can send them, and
    // they would drown the trail (the server log keeps them).
    if (current_caller && st.error().code == ErrorCode::kPermissionDenied) {
      access::AuditEntry e;
      e.action = "request_refused";
      e.object = {"route", req.method + " " + req.path, ""};
      e.new_value = st.error().id;
      e.outcome = "refused";
      if (Status rec = access_.Record(current_caller->AsActor(), std::move(e)); !rec) {
        spdlog::warn("audit of a refused request failed: {}", rec.error().Describe());
      }
    }
    SendError(res, st.error());
    return httplib::Server::HandlerResponse::Handled;
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

Status AccessGuard::Decide(const httplib::Request& req) {
  if (!JIAODU_TRY(access_.LoginRequired())) return Ok();  // single-user mode (A14)
  const Compiled* match = nullptr;
  std::smatch m;
  for (const Compiled& c : CompiledRules()) {
    if (req.method == c.rule->method && std::regex_match(req.path, m, c.re)) {
      match = &c;
      break;
    }
  }
  if (match != nullptr && match->rule->scope == RouteScope::kPublic) return Ok();
  const std::string token = SessionToken(req);
  if (token.empty()) return Fail(LoginRequired());
  Caller caller = JIAODU_TRY(access_.Authenticate(token, req.remote_addr));
  current_caller = caller;
  SetActingUser(caller.principal.login);
  if (match == nullptr) return Fail(NoRouteRule(req));
  const RouteRule& rule = *match->rule;
  if (rule.scope == RouteScope::kSelf) return Ok();
  if (caller.must_change != access::ChangeReason::kNone) {
    return Fail(access::MustChangePasswordError(access_.policy(), caller.must_change));
  }
  if (rule.scope == RouteScope::kLoggedIn) return Ok();
  if (rule.scope == RouteScope::kRole) {
    // The action alone decides; Authorize words the refusal (denied_role).
    if (access::Allowed(caller.principal.role, rule.action)) return Ok();
    return access_.Authorize(caller.principal, rule.action, access::Resource::City());
  }
  std::string code;
  if (rule.capture > 0) {
    code = m[static_cast<size_t>(rule.capture)].str();
  } else if (*rule.param != '\0') {
    code = req.get_param_value(rule.param);
  }
  const access::Resource r = JIAODU_TRY(ResourceOf(rule.scope, code));
  return access_.Authorize(caller.principal, rule.action, r);
}

Result<access::Resource> AccessGuard::ResourceOf(RouteScope scope, const std::string& code) {
  if (scope == RouteScope::kCity || code.empty()) return access::Resource::City();
  if (scope == RouteScope::kCounty) return access::Resource::County(code);
  if (scope == RouteScope::kPlace) {
    for (const Area& a : JIAODU_TRY(svc_.storage().ListAreas())) {
      if (a.code != code) continue;
      if (a.level == AreaLevel::kCounty) return access::Resource::County(code);
      // The city, or a 乡镇 (which no account is scoped to): city-wide roles.
      return access::Resource::City();
    }
  }
  // A school (kSchool, or a place that is no area): its county from storage.
  // An unknown code keeps an empty county, which only its own school role
  // or a city-wide role covers; the handler then answers 404.
  const std::optional<School> s = JIAODU_TRY(svc_.storage().FindSchool(code));
  return access::Resource::School(code, s ? s->county : std::string());
}

Status CheckListenAddress(std::string_view host, AccessService* access) {
  if (IsLoopback(host)) return Ok();
  if (access != nullptr && JIAODU_TRY(access->LoginRequired())) return Ok();
  return Fail(
      ErrorCode::kFailedPrecondition, "server.single_user_remote",
      Text(fmt::format("数据库中还没有账号，处于单机模式，只能在本机地址（127.0.0.1）上提供服务，"
                       "不能监听 {}。请先创建系统管理员：jiaodu user add admin --role admin "
                       "--name 系统管理员 --db <数据库>，再用其初始密码登录",
                       host),
           fmt::format("the database has no account yet (single-user mode), so it is served on "
                       "a loopback address only, not {}. Create the administrator first: jiaodu "
                       "user add admin --role admin --name 系统管理员 --db <database>, then log in "
                       "with its initial password",
                       host)));
}

}  // namespace jiaodu::http
