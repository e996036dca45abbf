// File: jiaodu/server/server.h
//
// The HTTP adapter: the JSON API of docs/api.md and the built web UI, over
// cpp-httplib. Every route is a thin translation between HTTP and the
// Service; no business rule lives here.
//
//   ServerOptions opt{.host = "127.0.0.1", .port = 8080, .web_dir = "web/dist"};
//   RunServer(service, opt);   // blocks until Stop() or a signal
#ifndef JIAODU_SERVER_SERVER_H_
#define JIAODU_SERVER_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include "jiaodu/app/access_service.h"
#include "jiaodu/app/fitness_service.h"
#include "jiaodu/app/plan_service.h"
#include "jiaodu/app/planning_service.h"
#include "jiaodu/app/quality_service.h"
#include "jiaodu/app/review_service.h"
#include "jiaodu/app/rotation_service.h"
#include "jiaodu/app/school_eval_service.h"
#include "jiaodu/app/service.h"
#include "jiaodu/app/task_service.h"

namespace jiaodu {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web_dir;  // static files of the UI; empty = API only
  int threads = 16;     // one per keep-alive connection (cpp-httplib model)
  size_t max_upload = 64u << 20;
};

// The optional parts of the API: each one that is set adds its routes. One
// field per module, so a new module is one line here and one in Run().
struct ServerModules {
  FitnessService* fitness = nullptr;         // /api/fitness
  PlanService* plans = nullptr;              // /api/plans
  TaskService* tasks = nullptr;              // /api/tasks
  RotationService* rotation = nullptr;       // /api/rotation
  QualityService* quality = nullptr;         // /api/quality
  AccessService* access = nullptr;           // /api/auth and the role and area check of every route
  PlanningService* planning = nullptr;       // /api/planning
  ReviewService* review = nullptr;           // /api/review
  SchoolEvalService* school_eval = nullptr;  // /api/school-eval
};

class HttpServer {
 public:
  HttpServer(Service& service, ServerOptions options, ServerModules modules = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and serves until Stop(); returns an error if the port is taken.
  // Port 0 picks a free port; `on_listening` runs once it is bound.
  Status Run(const std::function<void()>& on_listening = {});
  int port() const;  // the bound port, once listening
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jiaodu

#endif  // JIAODU_SERVER_SERVER_H_
