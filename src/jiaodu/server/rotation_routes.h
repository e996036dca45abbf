// File: jiaodu/server/rotation_routes.h
//
// The /api/rotation/* routes (docs/api.md § Teacher rotation): thin
// translations between HTTP and RotationService; solves run on the
// server's job queue.
#ifndef JIAODU_SERVER_ROTATION_ROUTES_H_
#define JIAODU_SERVER_ROTATION_ROUTES_H_

#include <httplib.h>

#include "jiaodu/app/jobs.h"
#include "jiaodu/app/rotation_service.h"

namespace jiaodu::http {

void AddRotationRoutes(httplib::Server& server, RotationService& rotation, JobQueue& jobs);

}  // namespace jiaodu::http

#endif  // JIAODU_SERVER_ROTATION_ROUTES_H_
