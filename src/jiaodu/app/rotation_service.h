// File: jiaodu/app/rotation_service.h
//
// 交流轮岗 in the product (issue 7; docs/rotation.md, "In the product"): a
// county uploads its rotation workbook (formats/rotation_table), jiaodu
// solves the plan as a background job (JobQueue::SubmitDocument) with
// progress, cancel and a time limit, and keeps the county's last workbook
// and plan in memory so the bureau can pin or forbid moves and solve again.
//
//   RotationService rot(service, rules, optim::MakeCbcSolver);
//   auto started = rot.Start(jobs, {.county = "990103", .file_name = f, .bytes = b});
//   // started->errors (the workbook's, all of them) or started->job
//   auto plan = rot.LastPlan("990103");   // once the job is done
//
// The rules are data (data/rotation/*.toml); the L1–L3 thresholds and CV
// limits are the county's standard's (TargetsFromStandard on
// Service::StandardFor), so the plan aims at what the evaluation judges.
// Uploaded rosters live in memory only: a restart forgets them (storing
// them is a later increment).
#ifndef JIAODU_APP_ROTATION_SERVICE_H_
#define JIAODU_APP_ROTATION_SERVICE_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/app/jobs.h"
#include "jiaodu/app/service.h"
#include "jiaodu/domain/rotation/rotation.h"
#include "jiaodu/optim/solver.h"

namespace jiaodu {

// The time limit a user may ask for, in seconds.
inline constexpr double kRotationMinSeconds = 5;
inline constexpr double kRotationDefaultSeconds = 60;
inline constexpr double kRotationMaxSeconds = 600;

struct RotationRequest {
  std::string county;
  // The workbook; empty on a re-solve (the county's last upload is used).
  std::string file_name;
  std::string bytes;
  // The bureau's decisions from the UI, added to the workbook's own
  // 指定禁止 sheet. On a re-solve they replace the previous ones.
  std::vector<rotation::PinnedMove> pins;
  std::vector<rotation::ForbiddenMove> forbids;
  double time_limit_seconds = kRotationDefaultSeconds;
  std::optional<int> year;  // the plan's year; default: this calendar year
  std::string standard = std::string(kDefaultStandard);
  std::string user;
};

// One solved (or cancelled, or infeasible) plan of a county.
struct RotationResult {
  std::string county, county_name;
  int year = 0;
  std::string file_name;
  double time_limit_seconds = 0;
  std::vector<rotation::PinnedMove> pins;  // the UI's, as solved
  std::vector<rotation::ForbiddenMove> forbids;
  rotation::Plan plan;
  std::string json;  // the job's document (docs/api.md § Teacher rotation)
};

struct RotationStart {
  std::string job;            // when the workbook read
  std::vector<Error> errors;  // every problem of the workbook, else empty
};

class RotationService {
 public:
  using SolverFactory = std::function<std::unique_ptr<optim::Solver>()>;

  RotationService(Service& service, rotation::Rules rules, SolverFactory solver);

  const rotation::Rules& rules() const { return rules_; }

  // The county's template: its evaluated 小学/初中 sections (code, name, 城乡,
  // students of the latest year with data) prefilled, no teachers.
  Result<std::string> Template(std::string_view county, std::string_view standard);

  // Reads the workbook (or, without one, the county's last upload) and
  // queues the solve. Errors: the workbook's (RotationStart::errors); as a
  // Result, an unknown county (app.*), rotation.no_workbook (re-solve with
  // nothing uploaded), rotation.time_limit (outside the bounds above).
  Result<RotationStart> Start(JobQueue& jobs, RotationRequest request);

  // The county's last finished plan (done, cancelled or infeasible), or
  // rotation.no_plan.
  Result<std::shared_ptr<const RotationResult>> LastPlan(std::string_view county);

  // What the server holds for a county (pages ask before fetching a plan).
  struct Held {
    std::string file_name;  // the last uploaded workbook, "" when none
    bool has_plan = false;
  };
  Held Holding(std::string_view county);

  // The plan as the export workbook.
  Result<JobFile> PlanXlsx(std::string_view county);

 private:
  struct Upload {
    std::string file_name, bytes;
  };
  Result<std::string> Solve(JobContext& ctx, const RotationRequest& request,
                            const std::string& county_name);

  Service& svc_;
  rotation::Rules rules_;
  SolverFactory solver_;
  std::mutex mu_;
  std::map<std::string, Upload, std::less<>> uploads_;  // county → last workbook
  std::map<std::string, std::shared_ptr<const RotationResult>, std::less<>> plans_;
};

}  // namespace jiaodu

#endif  // JIAODU_APP_ROTATION_SERVICE_H_
