#include "jiaodu/server/auth_routes.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/server/access_guard.h"
#include "jiaodu/server/http_util.h"

namespace jiaodu::http {
namespace {

using nlohmann::json;

Result<json> Body(const httplib::Request& req) {
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Fail(BadRequest("access.bad_body", "请求内容不是有效的 JSON 对象",
                           "the request body is not a JSON object"));
  }
  return body;
}

std::string Str(const json& body, const char* k) {
  return body.contains(k) && body[k].is_string() ? body[k].get<std::string>() : std::string();
}

json PrincipalJson(const access::Principal& p) {
  return json{{"login", p.login},
              {"role", access::RoleKey(p.role)},
              {"role_name", wire::ToJson(access::RoleName(p.role))},
              {"county", p.county},
              {"schools", p.schools}};
}

json AccountJson(const access::Account& a) {
  json j = PrincipalJson(a.principal);
  j["name"] = a.display_name;
  j["disabled"] = a.disabled;
  j["must_change_password"] = a.must_change_password;
  j["password_changed_at"] = a.password_changed_at;
  j["failures"] = a.login.failures;
  j["locked_until"] = a.login.locked_until;
  return j;
}

// What the page may offer: the role's actions (the matrix of
// docs/access.md), except bulk imports for accounts with an area, which the
// server keeps city-wide for now (A16). The page hides what is not here; the
// guard still decides every request.
json ActionsJson(const access::Principal& p) {
  json out = json::array();
  const bool city_wide = p.county.empty() && p.schools.empty();
  for (access::Action a : access::AllActions()) {
    if (!access::Allowed(p.role, a)) continue;
    if (a == access::Action::kImportBulk && !city_wide) continue;
    out.push_back(access::ActionKey(a));
  }
  return out;
}

json CallerJson(const Caller& c) {
  json j = PrincipalJson(c.principal);
  j["login_required"] = true;
  j["actions"] = ActionsJson(c.principal);
  j["name"] = c.display_name;
  j["must_change_password"] = c.must_change != access::ChangeReason::kNone;
  j["change_reason"] = c.must_change == access::ChangeReason::kExpired   ? "expired"
                       : c.must_change == access::ChangeReason::kInitial ? "initial"
                                                                         : "";
  return j;
}

// The cookie: HttpOnly (page scripts never see the token), SameSite=Strict
// (no other site's page can send it), Secure behind an HTTPS proxy.
void SetSessionCookie(const httplib::Request& req, httplib::Response& res,
                      const std::string& token) {
  const bool https = req.get_header_value("X-Forwarded-Proto") == "https";
  res.set_header("Set-Cookie",
                 fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict{}{}", kSessionCookie, token,
                             token.empty() ? "; Max-Age=0" : "", https ? "; Secure" : ""));
}

// The caller the guard authenticated; with login off there is none.
Result<const Caller*> Required() {
  const Caller* c = CurrentCaller();
  if (c == nullptr) {
    return Fail(ErrorCode::kFailedPrecondition, "access.login_off",
                Text("尚未启用登录（数据库中没有账号）：请先用命令行创建系统管理员：jiaodu user "
                     "add admin --role admin --name 系统管理员",
                     "login is off (no account yet): create the administrator on the command "
                     "line first: jiaodu user add admin --role admin --name 系统管理员"));
  }
  return c;
}

Result<AccountSpec> SpecOf(const json& body, std::string login) {
  AccountSpec spec;
  spec.principal.login = std::move(login);
  const auto role = access::ParseRole(Str(body, "role"));
  if (!role) {
    return Fail(BadRequest(
        "access.bad_role",
        fmt::format(
            "角色“{}”无效（admin、city、county、inspector、clerk、school_reviewer、leader）",
            Str(body, "role")),
        fmt::format("role \"{}\" is not valid", Str(body, "role"))));
  }
  spec.principal.role = *role;
  spec.principal.county = Str(body, "county");
  if (body.contains("schools") && body["schools"].is_array()) {
    for (const auto& s : body["schools"]) {
      if (s.is_string()) spec.principal.schools.push_back(s.get<std::string>());
    }
  }
  spec.display_name = Str(body, "name");
  return spec;
}

int64_t IntParam(const httplib::Request& req, const char* name, int64_t fallback) {
  if (!req.has_param(name)) return fallback;
  try {
    return std::stoll(req.get_param_value(name));
  } catch (...) {
    return fallback;
  }
}

}  // namespace

void AddAuthRoutes(httplib::Server& http, AccessService& access) {
  http.Get("/api/auth/state",
           Wrap([&access](const httplib::Request&, httplib::Response& res) -> Status {
             SendJson(res, json{{"login_required", JIAODU_TRY(access.LoginRequired())}});
             return Ok();
           }));

  // {login, password, token?}: the session in a cookie; with token: true
  // also in the answer, for scripts that send it as a bearer token.
  http.Post("/api/auth/login",
            Wrap([&access](const httplib::Request& req, httplib::Response& res) -> Status {
              const json body = JIAODU_TRY(Body(req));
              LoginResult r = JIAODU_TRY(
                  access.Login(Str(body, "login"), Str(body, "password"), req.remote_addr));
              SetSessionCookie(req, res, r.token);
              json j = CallerJson(r.caller);
              if (body.value("token", false)) j["token"] = r.token;
              SendJson(res, j);
              return Ok();
            }));

  http.Post("/api/auth/logout",
            Wrap([&access](const httplib::Request& req, httplib::Response& res) -> Status {
              const Caller* c = JIAODU_TRY(Required());
              JIAODU_TRY_STATUS(access.Logout(*c));
              SetSessionCookie(req, res, "");
              SendJson(res, json{{"logged_out", true}});
              return Ok();
            }));

  http.Get("/api/auth/me", Wrap([](const httplib::Request&, httplib::Response& res) -> Status {
             const Caller* c = CurrentCaller();
             SendJson(res, c == nullptr ? json{{"login_required", false}} : CallerJson(*c));
             return Ok();
           }));

  // {old_password, new_password}: every session of the login ends; the
  // answer carries a fresh one.
  http.Post("/api/auth/password",
            Wrap([&access](const httplib::Request& req, httplib::Response& res) -> Status {
              const Caller* c = JIAODU_TRY(Required());
              const json body = JIAODU_TRY(Body(req));
              LoginResult r = JIAODU_TRY(
                  access.ChangePassword(*c, Str(body, "old_password"), Str(body, "new_password")));
              SetSessionCookie(req, res, r.token);
              SendJson(res, CallerJson(r.caller));
              return Ok();
            }));

  http.Get("/api/auth/accounts",
           Wrap([&access](const httplib::Request&, httplib::Response& res) -> Status {
             JIAODU_TRY(Required());
             json out = json::array();
             for (const auto& a : JIAODU_TRY(access.ListAccounts())) out.push_back(AccountJson(a));
             SendJson(res, json{{"accounts", out}});
             return Ok();
           }));

  // {login, role, name, county, schools}: 201 {account, password}; the
  // initial password is shown this once and must be changed at first login.
  http.Post(
      "/api/auth/accounts",
      Wrap([&access](const httplib::Request& req, httplib::Response& res) -> Status {
        const Caller* c = JIAODU_TRY(Required());
        const json body = JIAODU_TRY(Body(req));
        const AccountSpec spec = JIAODU_TRY(SpecOf(body, Str(body, "login")));
        IssuedPassword p = JIAODU_TRY(access.CreateAccount(spec, c->AsActor()));
        SendJson(res, json{{"account", AccountJson(p.account)}, {"password", p.password}}, 201);
        return Ok();
      }));

  http.Put(R"(/api/auth/accounts/([A-Za-z0-9._@-]+))",
           Wrap([&access](const httplib::Request& req, httplib::Response& res) -> Status {
             const Caller* c = JIAODU_TRY(Required());
             const json body = JIAODU_TRY(Body(req));
             const AccountSpec spec = JIAODU_TRY(SpecOf(body, req.matches[1].str()));
             SendJson(res, AccountJson(JIAODU_TRY(access.UpdateAccount(spec, c->AsActor()))));
             return Ok();
           }));

  http.Post(R"(/api/auth/accounts/([A-Za-z0-9._@-]+)/(reset|disable|enable))",
            Wrap([&access](const httplib::Request& req, httplib::Response& res) -> Status {
              const Caller* c = JIAODU_TRY(Required());
              const std::string login = req.matches[1].str();
              const std::string what = req.matches[2].str();
              if (what == "reset") {
                IssuedPassword p = JIAODU_TRY(access.ResetPassword(login, c->AsActor()));
                SendJson(res, json{{"account", AccountJson(p.account)}, {"password", p.password}});
                return Ok();
              }
              JIAODU_TRY_STATUS(access.SetDisabled(login, what == "disable", c->AsActor()));
              SendJson(res, json{{"login", login}, {"disabled", what == "disable"}});
              return Ok();
            }));

  // ?actor=&action=&object_kind=&object_id=&area=&from=&to= (unix seconds)
  // &limit=&offset=, newest first.
  http.Get("/api/audit/entries",
           Wrap([&access](const httplib::Request& req, httplib::Response& res) -> Status {
             AuditQuery q;
             q.actor = req.get_param_value("actor");
             q.action = req.get_param_value("action");
             q.object_kind = req.get_param_value("object_kind");
             q.object_id = req.get_param_value("object_id");
             q.area = req.get_param_value("area");
             q.from_time = IntParam(req, "from", 0);
             q.to_time = IntParam(req, "to", 0);
             q.limit = static_cast<int>(std::clamp<int64_t>(IntParam(req, "limit", 200), 1, 5000));
             q.offset = static_cast<int>(
                 std::clamp<int64_t>(IntParam(req, "offset", 0), 0, 1'000'000'000));
             json out = json::array();
             for (const auto& e : JIAODU_TRY(access.SearchAudit(q))) {
               out.push_back(json{{"seq", e.seq},
                                  {"time", e.time},
                                  {"actor", e.actor},
                                  {"role", e.role},
                                  {"from", e.from},
                                  {"action", e.action},
                                  {"object_kind", e.object.kind},
                                  {"object_id", e.object.id},
                                  {"object_area", e.object.area},
                                  {"old", e.old_value},
                                  {"new", e.new_value},
                                  {"reason", e.reason},
                                  {"outcome", e.outcome},
                                  {"hash", e.hash}});
             }
             SendJson(res, json{{"entries", out}});
             return Ok();
           }));

  // The whole chain verified (?seq=&hash= a head recorded earlier); the
  // head to record now.
  http.Get(
      "/api/audit/verify",
      Wrap([&access](const httplib::Request& req, httplib::Response& res) -> Status {
        std::optional<access::ChainAnchor> anchor;
        if (req.has_param("seq")) {
          anchor = access::ChainAnchor{IntParam(req, "seq", 0), req.get_param_value("hash")};
        }
        const AuditHead head = JIAODU_TRY(access.VerifyAudit(anchor));
        SendJson(
            res,
            json{{"ok", true}, {"seq", head.seq}, {"hash", head.hash}, {"entries", head.entries}});
        return Ok();
      }));
}

}  // namespace jiaodu::http
