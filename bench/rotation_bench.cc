// The 交流轮岗 optimiser on a synthetic county (rotation::SyntheticCounty):
// 3,000 teachers in 60 stage sections by default, the rules of
// data/rotation/cn-rotation-2017.toml and the L1–L3 targets of
// data/standards/cn-yzjh-2017.toml, solved by CBC. Reports the model size,
// the time to the first feasible plan (target ≤ 10 s) and to a proven gap
// ≤ 1% (target ≤ 60 s), then a smaller county solved to proven optimality and
// checked: the plan's objective recomputed directly from its moves (the CV
// with its square root) and every hard rule re-counted.
//
//   jiaodu_rotation_bench [--teachers 3000] [--schools 60] [--seed 1]
//                         [--threads 2] [--gap 0.01] [--time-limit 60]
//                         [--opportunistic] [--small-teachers 400]
//                         [--small-schools 12] [--uneven] [--max-km K]
//                         [--cancel-after S] [--quiet]
//
// --cancel-after S sets the cancel flag S seconds into the big solve and
// reports how long the solver took to return after it.
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <string>
#include <thread>

#include "jiaodu/domain/rotation/rotation.h"
#include "jiaodu/domain/rotation/synthetic.h"
#include "jiaodu/formats/rotation_file/rotation_file.h"
#include "jiaodu/formats/standard_file/standard_file.h"
#include "jiaodu/optim/cbc/cbc_solver.h"

using namespace jiaodu;
using namespace jiaodu::rotation;
using Clock = std::chrono::steady_clock;

namespace {

struct Failing {
  std::array<int, kIndicators> before{}, after{};
};

Failing CountFailing(const Plan& plan) {
  Failing f;
  for (const SchoolResult& s : plan.schools) {
    for (size_t i = 0; i < kIndicators; ++i) {
      f.before[i] += s.pass_before[i] ? 0 : 1;
      f.after[i] += s.pass_after[i] ? 0 : 1;
    }
  }
  return f;
}

void PrintState(const Plan& plan) {
  const Failing f = CountFailing(plan);
  for (int i = 0; i < kIndicators; ++i) {
    fmt::print("  {} 未达标学校: {} → {}\n", IndicatorId(i), f.before[static_cast<size_t>(i)],
               f.after[static_cast<size_t>(i)]);
  }
  for (const CvResult& cv : plan.cvs) {
    if (!cv.defined) continue;
    fmt::print("  {} {} 差异系数: {:.3f} → {:.3f} (限 {:.2f}){}\n", StageName(cv.stage),
               IndicatorId(cv.indicator), cv.before, cv.after, cv.limit,
               cv.pass_after ? "" : "  未达标");
  }
}

// Re-counts the hard rules from the move list alone.
std::string CheckHardRules(const Instance& in, const Plan& plan) {
  std::map<std::string, const Teacher*> by_id;
  for (const Teacher& t : in.teachers) by_id[t.id] = &t;
  std::map<std::string, int> moved_once;
  int backbone = 0;
  for (const Move& m : plan.moves) {
    if (++moved_once[m.teacher] > 1) return "teacher moves twice: " + m.teacher;
    const Teacher* t = by_id.at(m.teacher);
    if (t->stage != m.stage || t->school != m.from) return "wrong origin or stage: " + m.teacher;
    backbone += t->backbone ? 1 : 0;
  }
  const int moved = static_cast<int>(plan.moves.size());
  if (moved < plan.eligibility.quota) return "quota not met";
  if (5 * backbone < moved) return "backbone share not met";
  for (const SchoolResult& s : plan.schools) {
    if (s.staff_after - s.staff_before > 0) {
      const School* sc = nullptr;
      for (const School& x : in.schools) {
        if (x.code == s.code && x.stage == s.stage) sc = &x;
      }
      if (sc->posts && s.staff_after > std::max(*sc->posts, s.staff_before))
        return "posts exceeded at " + s.code;
    }
  }
  return "";
}

struct Run {
  Plan plan;
  double total_seconds = 0;
  double first_solution = -1;
  double gap_reached = -1;
};

Run Solve(const Instance& in, const Rules& rules, const Targets& targets, optim::Solver& solver,
          const optim::SolveOptions& base, double gap_target, bool quiet) {
  Run run;
  PlanOptions o;
  o.solve = base;
  o.solve.progress_interval_seconds = 2;
  o.solve.on_progress = [&](const optim::Progress& p) {
    if (p.has_solution && run.first_solution < 0) run.first_solution = p.seconds;
    if (p.has_solution && p.gap <= gap_target && run.gap_reached < 0) run.gap_reached = p.seconds;
    if (!quiet) {
      fmt::print("    [{:6.2f} s] 方案 {}  下界 {}  间隙 {}  节点 {}\n", p.seconds,
                 p.has_solution ? fmt::format("{:.2f}", p.objective) : "—",
                 std::isfinite(p.bound) ? fmt::format("{:.2f}", p.bound) : "—",
                 std::isfinite(p.gap) ? fmt::format("{:.2f}%", 100 * p.gap) : "—", p.nodes);
    }
  };
  const auto t0 = Clock::now();
  auto plan = PlanRotation(in, rules, targets, solver, o);
  run.total_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!plan) {
    std::cerr << plan.error().Describe() << "\n";
    std::exit(1);
  }
  run.plan = std::move(*plan);
  // The last improvement may come with the end of the search, after the
  // last progress report.
  if (run.first_solution < 0 && !run.plan.moves.empty())
    run.first_solution = run.plan.first_solution_seconds;
  if (run.gap_reached < 0 && !run.plan.moves.empty() && run.plan.gap <= gap_target) {
    run.gap_reached = run.plan.seconds;
  }
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  SyntheticOptions big{3000, 60, 1, 2025};
  SyntheticOptions small{400, 12, 1, 2025};
  optim::SolveOptions so;
  so.threads = 2;
  so.relative_gap = 0.01;
  so.time_limit_seconds = 60;
  bool quiet = false;
  double max_km = -1;
  double cancel_after = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string("0"); };
    if (a == "--teachers") big.teachers = std::stoi(next());
    if (a == "--schools") big.schools = std::stoi(next());
    if (a == "--seed") big.seed = small.seed = std::stoull(next());
    if (a == "--threads") so.threads = std::stoi(next());
    if (a == "--gap") so.relative_gap = std::stod(next());
    if (a == "--time-limit") so.time_limit_seconds = std::stod(next());
    if (a == "--opportunistic") so.deterministic = false;
    if (a == "--small-teachers") small.teachers = std::stoi(next());
    if (a == "--small-schools") small.schools = std::stoi(next());
    if (a == "--quiet") quiet = true;
    if (a == "--uneven") big.uneven = small.uneven = true;
    if (a == "--max-km") max_km = std::stod(next());
    if (a == "--cancel-after") cancel_after = std::stod(next());
  }
  const std::string data = JIAODU_SOURCE_DATA_DIR;
  auto rules = LoadRotationRules(data + "/rotation/cn-rotation-2017.toml");
  auto lib = LoadLibrary(data);
  if (!rules || !lib) {
    std::cerr << (rules ? lib.error().Describe() : rules.error().Describe()) << "\n";
    return 1;
  }
  if (max_km >= 0) rules->max_km = max_km;
  auto targets = TargetsFromStandard(*lib->Find("cn-yzjh-2017"));
  if (!targets) {
    std::cerr << targets.error().Describe() << "\n";
    return 1;
  }
  optim::CbcSolver cbc;

  const Instance county = SyntheticCounty(big);
  fmt::print("县 (合成): {} 名教师, {} 个学段, 种子 {}; {} 线程{}, 间隙目标 {:.2f}%, 时限 {} s\n",
             county.teachers.size(), county.schools.size(), big.seed, so.threads,
             so.deterministic ? " (确定性)" : " (非确定性)", 100 * so.relative_gap,
             so.time_limit_seconds);
  std::atomic<bool> cancel{false};
  Clock::time_point cancelled_at{};
  std::thread canceller;
  if (cancel_after >= 0) {
    so.cancel = &cancel;
    canceller = std::thread([&] {
      std::this_thread::sleep_for(std::chrono::duration<double>(cancel_after));
      cancelled_at = Clock::now();
      cancel = true;
    });
  }
  Run run = Solve(county, *rules, *targets, cbc, so, 0.01, quiet);
  if (canceller.joinable()) {
    canceller.join();
    fmt::print("  取消: 标志置位后 {:.3f} s 返回, 状态 {}\n",
               std::chrono::duration<double>(Clock::now() - cancelled_at).count(),
               PlanStatusText(run.plan.status).zh);
    so.cancel = nullptr;
  }
  const Plan& plan = run.plan;
  const Eligibility& el = plan.eligibility;
  fmt::print("  符合交流条件 {} 人 (不足年限 {}, 临近退休 {}, 近期交流 {}), 下限 {} 人\n",
             el.eligible, el.too_few_years, el.near_retirement, el.moved_recently, el.quota);
  fmt::print("  模型: {} 行, {} 列 ({} 整数), {} 非零元, {} 个教师类\n", plan.size.rows,
             plan.size.columns, plan.size.integers, plan.size.nonzeros, plan.size.classes);
  fmt::print("  状态: {}  目标 {:.3f}  下界 {:.3f}  间隙 {:.3f}%\n", PlanStatusText(plan.status).zh,
             plan.objective, plan.bound, 100 * plan.gap);
  fmt::print(
      "  首个可行方案 {:.2f} s (目标 ≤ 10 s); 间隙 ≤ 1% 于 {} (目标 ≤ 60 s); 总计 {:.2f} s "
      "(求解 {:.2f} s)\n",
      run.first_solution,
      run.gap_reached >= 0 ? fmt::format("{:.2f} s", run.gap_reached) : "未达到", run.total_seconds,
      plan.seconds);
  fmt::print(
      "  交流 {} 人, 其中骨干 {} 人; 缺口 {} 人次, 差异系数超出 {:.4f}, 未满足学科需求 {}, "
      "{:.0f} km\n",
      plan.moved, plan.backbone_moved, plan.costs.shortfall_teachers, plan.costs.cv_excess,
      plan.costs.unmet_needs, plan.costs.km);
  PrintState(plan);
  const std::string big_check = CheckHardRules(county, plan);
  fmt::print("  硬性规则复核: {}\n", big_check.empty() ? "通过" : big_check);

  // The smaller county, to proven optimality, checked.
  const Instance little = SyntheticCounty(small);
  optim::SolveOptions exact = so;
  exact.relative_gap = 0;
  exact.time_limit_seconds = 600;
  Run srun = Solve(little, *rules, *targets, cbc, exact, 0, true);
  const Plan& sp = srun.plan;
  const double diff = std::fabs(sp.costs.total - sp.objective);
  const std::string small_check = CheckHardRules(little, sp);
  fmt::print(
      "小县 (合成): {} 名教师, {} 个学段: {} 行, {} 列, {} 非零元; {} 于 {:.2f} s, 目标 {:.4f}, "
      "间隙 {:.2e}; 直接复算目标差 {:.1e}; 硬性规则复核: {}\n",
      little.teachers.size(), little.schools.size(), sp.size.rows, sp.size.columns,
      sp.size.nonzeros, PlanStatusText(sp.status).zh, srun.total_seconds, sp.objective, sp.gap,
      diff, small_check.empty() ? "通过" : small_check);

  fmt::print(
      "{{\"teachers\":{},\"schools\":{},\"rows\":{},\"columns\":{},\"integers\":{},\"nonzeros\":{},"
      "\"first_feasible_s\":{:.3f},\"gap_1pct_s\":{:.3f},\"total_s\":{:.3f},\"status\":\"{}\","
      "\"gap\":{:.5f},\"moved\":{},\"backbone_moved\":{},\"small_status\":\"{}\",\"small_s\":{:.3f}"
      ","
      "\"small_check\":{}}}\n",
      county.teachers.size(), county.schools.size(), plan.size.rows, plan.size.columns,
      plan.size.integers, plan.size.nonzeros, run.first_solution, run.gap_reached,
      run.total_seconds, optim::StatusName(plan.solver_status), plan.gap, plan.moved,
      plan.backbone_moved, optim::StatusName(sp.solver_status), srun.total_seconds,
      diff < 1e-6 * std::max(1.0, sp.objective) && small_check.empty() ? "true" : "false");
  const bool ok = big_check.empty() && small_check.empty() && sp.status == PlanStatus::kOptimal &&
                  diff < 1e-6 * std::max(1.0, sp.objective);
  return ok ? 0 : 2;
}
