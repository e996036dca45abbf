// File: jiaodu/server/task_routes.h
//
// The /api/tasks/* routes (docs/api.md § 督办 tasks): thin translations
// between HTTP and TaskService. Dates travel as "YYYY-MM-DD".
#ifndef JIAODU_SERVER_TASK_ROUTES_H_
#define JIAODU_SERVER_TASK_ROUTES_H_

#include <httplib.h>

#include "jiaodu/app/task_service.h"

namespace jiaodu::http {

void AddTaskRoutes(httplib::Server& server, TaskService& tasks);

}  // namespace jiaodu::http

#endif  // JIAODU_SERVER_TASK_ROUTES_H_
