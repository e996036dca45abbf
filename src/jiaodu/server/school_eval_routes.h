// File: jiaodu/server/school_eval_routes.h
//
// The /api/school-eval/* routes (docs/api.md § 学校办学质量评价): thin
// translations between HTTP and SchoolEvalService. The ranking is
// city-wide; `?place=` narrows the rows shown to a county's schools or one
// school, ranks unchanged (docs/quality.md E8) — the access guard decides
// which places a caller may name. Imports run on the job queue.
#ifndef JIAODU_SERVER_SCHOOL_EVAL_ROUTES_H_
#define JIAODU_SERVER_SCHOOL_EVAL_ROUTES_H_

#include <httplib.h>

#include "jiaodu/app/jobs.h"
#include "jiaodu/app/school_eval_service.h"

namespace jiaodu::http {

void AddSchoolEvalRoutes(httplib::Server& server, SchoolEvalService& eval, JobQueue& jobs);

}  // namespace jiaodu::http

#endif  // JIAODU_SERVER_SCHOOL_EVAL_ROUTES_H_
