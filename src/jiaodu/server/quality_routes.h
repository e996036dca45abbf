// File: jiaodu/server/quality_routes.h
//
// The /api/quality/* routes (docs/api.md § 质量监测): thin translations
// between HTTP and QualityService; imports run on the server's job queue
// like the fitness imports. `service` gives the county data the national
// monitoring figures are read from (shown beside the local estimate).
#ifndef JIAODU_SERVER_QUALITY_ROUTES_H_
#define JIAODU_SERVER_QUALITY_ROUTES_H_

#include <httplib.h>

#include "jiaodu/app/jobs.h"
#include "jiaodu/app/quality_service.h"
#include "jiaodu/app/service.h"

namespace jiaodu::http {

void AddQualityRoutes(httplib::Server& server, QualityService& quality, Service& service,
                      JobQueue& jobs);

}  // namespace jiaodu::http

#endif  // JIAODU_SERVER_QUALITY_ROUTES_H_
