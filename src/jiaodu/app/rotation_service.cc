#include "jiaodu/app/rotation_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/formats/json/rotation_json.h"
#include "jiaodu/formats/rotation_file/rotation_file.h"
#include "jiaodu/formats/rotation_table/rotation_table.h"

namespace jiaodu {
namespace {

using nlohmann::json;

int ThisYear() {
  const std::chrono::year_month_day today{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return static_cast<int>(today.year());
}

rotation::Locale RotationLocale(Locale l) {
  switch (l) {
    case Locale::kUrban:
      return rotation::Locale::kUrban;
    case Locale::kTown:
      return rotation::Locale::kTown;
    case Locale::kRural:
      return rotation::Locale::kRural;
  }
  return rotation::Locale::kUrban;
}

// What the page shows while CBC works: the best plan's gap once there is
// one. The fraction is the share of the time limit used (a solve that
// proves optimality early jumps to 100 %).
void ReportProgress(JobContext& ctx, const optim::Progress& p, double limit) {
  const double fraction = std::min(0.95, 0.1 + 0.85 * p.seconds / limit);
  if (!p.has_solution) {
    ctx.Progress(
        fraction,
        Text(fmt::format("求解中：尚未找到可行方案（已用 {:.0f} 秒，上限 {:.0f} 秒）", p.seconds,
                         limit),
             fmt::format("solving: no plan yet ({:.0f} s of {:.0f} s)", p.seconds, limit)));
    return;
  }
  const std::string gap = std::isfinite(p.gap) ? fmt::format("{:.2f}%", p.gap * 100) : "未知";
  ctx.Progress(fraction,
               Text(fmt::format("求解中：已找到方案，与最优的差距不超过 {}（已用 {:.0f} 秒，上限 "
                                "{:.0f} 秒）",
                                gap, p.seconds, limit),
                    fmt::format("solving: a plan within {} of the optimum ({:.0f} s of {:.0f} s)",
                                gap, p.seconds, limit)));
}

json PinsJson(const std::vector<rotation::PinnedMove>& pins,
              const std::vector<rotation::ForbiddenMove>& forbids) {
  json p = json::array(), f = json::array();
  for (const auto& x : pins) p.push_back(json{{"teacher", x.teacher}, {"school", x.school}});
  for (const auto& x : forbids) f.push_back(json{{"teacher", x.teacher}, {"school", x.school}});
  return json{{"pins", p}, {"forbids", f}};
}

}  // namespace

RotationService::RotationService(Service& service, rotation::Rules rules, SolverFactory solver)
    : svc_(service), rules_(std::move(rules)), solver_(std::move(solver)) {}

Result<std::string> RotationService::Template(std::string_view county, std::string_view standard) {
  const Area area = JIAODU_TRY(svc_.FindArea(county));
  rotation::Instance in;
  auto year = JIAODU_TRY(svc_.LatestYear(standard));
  if (year) {
    auto eval = JIAODU_TRY(svc_.EvaluateCounty(county, *year, standard));
    for (const StageResult& st : eval->stages) {
      if (st.stage != Stage::kPrimary && st.stage != Stage::kJunior) continue;
      for (const SectionResult& s : st.sections) {
        // Sections without students cannot be planned (the domain refuses
        // 0 students); the county adds them by hand if they have teachers.
        if (!s.students || *s.students < 1) continue;
        in.schools.push_back(rotation::School{
            s.school_code,
            s.school_name,
            st.stage == Stage::kPrimary ? rotation::Stage::kPrimary : rotation::Stage::kJunior,
            RotationLocale(s.locale),
            static_cast<int>(std::lround(*s.students)),
            {},
            {},
            {},
            {}});
      }
    }
  }
  return rotation_table::WriteRotationWorkbook(in, area.name);
}

Result<RotationStart> RotationService::Start(JobQueue& jobs, RotationRequest req) {
  const Area area = JIAODU_TRY(svc_.FindArea(req.county));
  if (!(req.time_limit_seconds >= kRotationMinSeconds &&
        req.time_limit_seconds <= kRotationMaxSeconds)) {
    return Fail(ErrorCode::kInvalidInput, "rotation.time_limit",
                Text(fmt::format("求解时间上限应在 {:.0f} 到 {:.0f} 秒之间", kRotationMinSeconds,
                                 kRotationMaxSeconds),
                     fmt::format("the time limit must be {:.0f} to {:.0f} seconds",
                                 kRotationMinSeconds, kRotationMaxSeconds)));
  }
  if (!req.year) req.year = ThisYear();
  if (req.bytes.empty()) {
    std::lock_guard lock(mu_);
    auto it = uploads_.find(req.county);
    if (it == uploads_.end()) {
      return Fail(ErrorCode::kFailedPrecondition, "rotation.no_workbook",
                  Text("本县还没有上传交流轮岗工作簿（服务重启后需重新上传）",
                       "no rotation workbook uploaded for this county (upload again after a "
                       "restart)"));
    }
    req.file_name = it->second.file_name;
    req.bytes = it->second.bytes;
  }
  rotation_table::ReadResult read =
      rotation_table::ReadRotationWorkbook(req.bytes, req.file_name, *req.year);
  if (!read.errors.empty()) return RotationStart{"", std::move(read.errors)};
  auto standard = JIAODU_TRY(svc_.StandardFor(req.county, req.standard));
  rotation::Targets targets = JIAODU_TRY(TargetsFromStandard(*standard));
  {
    std::lock_guard lock(mu_);
    uploads_[req.county] = Upload{req.file_name, req.bytes};
  }
  rotation::Instance instance = std::move(read.instance);
  instance.pins.insert(instance.pins.end(), req.pins.begin(), req.pins.end());
  instance.forbids.insert(instance.forbids.end(), req.forbids.begin(), req.forbids.end());
  req.bytes.clear();  // the job keeps the instance, not a second copy of the file
  // The same request twice (a double click, two tabs) joins the queued or
  // running solve; other pins, forbids or time limits queue their own.
  const std::string key =
      fmt::format("rotation:{}:{}:{}:{}", req.county, req.file_name, req.time_limit_seconds,
                  PinsJson(req.pins, req.forbids).dump());
  std::string id = jobs.SubmitDocument(
      key,
      [this, req = std::move(req), instance = std::move(instance), targets,
       name = area.name](JobContext& ctx) -> Result<std::string> {
        ctx.Progress(0.05, Text("建立模型", "building the model"));
        std::unique_ptr<optim::Solver> solver = solver_();
        rotation::PlanOptions opt;
        opt.solve.time_limit_seconds = req.time_limit_seconds;
        // Two threads: the bench's setting (docs/rotation.md, "Speed"); the
        // time limit bounds how long the server's cores are busy.
        opt.solve.threads = 2;
        opt.solve.cancel = ctx.cancel_flag();
        const double limit = req.time_limit_seconds;
        opt.solve.on_progress = [&ctx, limit](const optim::Progress& p) {
          ReportProgress(ctx, p, limit);
        };
        rotation::Plan plan =
            JIAODU_TRY(rotation::PlanRotation(instance, rules_, targets, *solver, opt));
        auto result = std::make_shared<RotationResult>();
        result->county = req.county;
        result->county_name = name;
        result->year = instance.year;
        result->file_name = req.file_name;
        result->time_limit_seconds = req.time_limit_seconds;
        result->pins = req.pins;
        result->forbids = req.forbids;
        json doc = wire::RotationPlanJson(plan, rules_);
        doc["county"] = json{{"code", req.county}, {"name", name}};
        doc["year"] = instance.year;
        doc["file_name"] = req.file_name;
        doc["time_limit_seconds"] = req.time_limit_seconds;
        doc["decisions"] = PinsJson(req.pins, req.forbids);
        doc["rules"] = json{{"id", rules_.id}, {"title", wire::ToJson(rules_.title)}};
        result->plan = std::move(plan);
        result->json = doc.dump();
        std::string out = result->json;
        std::lock_guard lock(mu_);
        plans_[req.county] = std::move(result);
        return out;
      });
  return RotationStart{std::move(id), {}};
}

Result<std::shared_ptr<const RotationResult>> RotationService::LastPlan(std::string_view county) {
  std::lock_guard lock(mu_);
  auto it = plans_.find(county);
  if (it == plans_.end()) {
    return Fail(ErrorCode::kNotFound, "rotation.no_plan",
                Text("本县还没有交流轮岗方案：请先上传工作簿并求解",
                     "no rotation plan for this county yet: upload a workbook and solve"));
  }
  return it->second;
}

RotationService::Held RotationService::Holding(std::string_view county) {
  std::lock_guard lock(mu_);
  Held h;
  if (auto it = uploads_.find(county); it != uploads_.end()) h.file_name = it->second.file_name;
  h.has_plan = plans_.find(county) != plans_.end();
  return h;
}

Result<JobFile> RotationService::PlanXlsx(std::string_view county) {
  auto last = JIAODU_TRY(LastPlan(county));
  std::string bytes = JIAODU_TRY(rotation_table::WritePlanWorkbook(last->plan, last->county_name));
  return JobFile{fmt::format("{}{}年教师交流轮岗方案.xlsx", last->county_name, last->year),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 std::move(bytes)};
}

}  // namespace jiaodu
