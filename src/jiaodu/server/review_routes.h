// File: jiaodu/server/review_routes.h
//
// The /api/review/* routes (docs/api.md § 填报审核): thin translations
// between HTTP and ReviewService. The acting user is the guard's caller;
// without accounts (single-user mode, A14) reads act as the city and
// changes are refused (review.needs_accounts): the chain records who acts.
#ifndef JIAODU_SERVER_REVIEW_ROUTES_H_
#define JIAODU_SERVER_REVIEW_ROUTES_H_

#include <httplib.h>

#include "jiaodu/app/review_service.h"

namespace jiaodu::http {

void AddReviewRoutes(httplib::Server& server, ReviewService& review);

}  // namespace jiaodu::http

#endif  // JIAODU_SERVER_REVIEW_ROUTES_H_
