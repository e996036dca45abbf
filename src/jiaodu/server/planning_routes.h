// File: jiaodu/server/planning_routes.h
//
// The /api/planning/* routes (docs/api.md § 学位与编制): thin translations
// between HTTP and PlanningService. {code} is a county or the city.
#ifndef JIAODU_SERVER_PLANNING_ROUTES_H_
#define JIAODU_SERVER_PLANNING_ROUTES_H_

#include <httplib.h>

#include "jiaodu/app/planning_service.h"

namespace jiaodu::http {

void AddPlanningRoutes(httplib::Server& server, PlanningService& planning);

}  // namespace jiaodu::http

#endif  // JIAODU_SERVER_PLANNING_ROUTES_H_
