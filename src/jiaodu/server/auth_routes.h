// File: jiaodu/server/auth_routes.h
//
// /api/auth (docs/api.md, "账号与登录"): login, logout, the caller, the
// password change, the administrator's account routes; /api/audit/entries
// and /api/audit/verify. Role and area are checked by the guard
// (access_guard.h) before these run, like every other route.
#ifndef JIAODU_SERVER_AUTH_ROUTES_H_
#define JIAODU_SERVER_AUTH_ROUTES_H_

#include <httplib.h>

#include "jiaodu/app/access_service.h"

namespace jiaodu::http {

void AddAuthRoutes(httplib::Server& http, AccessService& access);

}  // namespace jiaodu::http

#endif  // JIAODU_SERVER_AUTH_ROUTES_H_
