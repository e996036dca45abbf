// File: jiaodu/server/plan_routes.h
//
// The /api/plans/* routes (docs/api.md § Plans): thin translations between
// HTTP and PlanService.
#ifndef JIAODU_SERVER_PLAN_ROUTES_H_
#define JIAODU_SERVER_PLAN_ROUTES_H_

#include <httplib.h>

#include "jiaodu/app/plan_service.h"

namespace jiaodu::http {

void AddPlanRoutes(httplib::Server& server, PlanService& plans);

}  // namespace jiaodu::http

#endif  // JIAODU_SERVER_PLAN_ROUTES_H_
