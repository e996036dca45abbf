// File: jiaodu/server/fitness_routes.h
//
// The /api/fitness/* routes (docs/api.md § Student physical fitness): thin
// translations between HTTP and FitnessService, as server.cc is for Service.
#ifndef JIAODU_SERVER_FITNESS_ROUTES_H_
#define JIAODU_SERVER_FITNESS_ROUTES_H_

#include <httplib.h>

#include "jiaodu/app/fitness_service.h"
#include "jiaodu/app/jobs.h"

namespace jiaodu::http {

void AddFitnessRoutes(httplib::Server& server, FitnessService& fitness, JobQueue& jobs);

}  // namespace jiaodu::http

#endif  // JIAODU_SERVER_FITNESS_ROUTES_H_
