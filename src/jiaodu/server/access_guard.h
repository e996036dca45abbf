// File: jiaodu/server/access_guard.h
//
// The server's one check of role and area (issue 8, docs/access.md), run
// before any handler: every /api route is a row of RouteRules() — method,
// path pattern, the action it is (domain/access/role.h) and where its area
// comes from (the city; a county or school from a path capture or a query
// parameter). With login on (A14), a request needs a valid session (cookie
// `jiaodu_session`, or `Authorization: Bearer <token>` for scripts), a
// session opened with an initial password may only change it, and the
// principal must be allowed the action on the resource. An /api route
// missing from the table is refused (deny by default), so a new route
// cannot be reached until someone has decided who may use it.
#ifndef JIAODU_SERVER_ACCESS_GUARD_H_
#define JIAODU_SERVER_ACCESS_GUARD_H_

#include <httplib.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "jiaodu/app/access_service.h"
#include "jiaodu/app/jobs.h"
#include "jiaodu/app/service.h"
#include "jiaodu/domain/access/role.h"

namespace jiaodu::http {

inline constexpr std::string_view kSessionCookie = "jiaodu_session";

// Where a route's area comes from.
enum class RouteScope {
  kPublic,    // no session needed (the login itself)
  kSelf,      // any session, even one that may only change its password
  kLoggedIn,  // any session (no data: the standards, the list of areas)
  kRole,      // the action checked, no area (the administrator's routes)
  kCity,      // the whole city
  kCounty,    // a county code (empty = the whole city)
  kSchool,    // a 学校标识码
  kPlace,     // a city, county or school code, as the fitness and 抽测 views take
};

struct RouteRule {
  const char* method;
  const char* pattern;  // a regex over the whole path, as the route's own
  access::Action action;
  RouteScope scope;
  int capture = 0;         // the path capture naming the area (1-based), or 0
  const char* param = "";  // else the query parameter naming it ("" = none)
};

// Every /api route with what it needs. tests/fixtures/access/routes.csv
// checks the rules' consequences route by route.
std::span<const RouteRule> RouteRules();

// The caller of the request this thread handles (nullptr: none, or login off).
const Caller* CurrentCaller();

// A background job as the caller may see it: only who submitted it, or
// joined it by asking for the same export (the 系统管理员 reads no data at
// all); nullopt for anyone else, exactly as for an unknown id, since a
// refusal would tell that the id exists. Everyone sees every job when login
// is off.
std::optional<JobStatus> VisibleJob(JobQueue& jobs, const std::string& id);

// The session token a request presents (cookie or bearer), "" if none.
std::string SessionToken(const httplib::Request& req);

class AccessGuard {
 public:
  AccessGuard(AccessService& access, Service& service) : access_(access), svc_(service) {}

  // For set_pre_routing_handler: Unhandled when the request may go on;
  // Handled with the refusal (401, 403, 409) written otherwise.
  httplib::Server::HandlerResponse Check(const httplib::Request& req, httplib::Response& res);

 private:
  Status Decide(const httplib::Request& req);
  Result<access::Resource> ResourceOf(RouteScope scope, const std::string& code);

  AccessService& access_;
  Service& svc_;
};

// Single-user mode (no account) may only listen on a loopback address:
// server.single_user_remote otherwise, saying how to create the first
// administrator.
Status CheckListenAddress(std::string_view host, AccessService* access);

}  // namespace jiaodu::http

#endif  // JIAODU_SERVER_ACCESS_GUARD_H_
