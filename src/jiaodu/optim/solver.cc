#include "jiaodu/optim/solver.h"

#include <algorithm>
#include <cmath>

namespace jiaodu::optim {

std::string_view StatusName(SolveStatus status) {
  switch (status) {
    case SolveStatus::kOptimal:
      return "optimal";
    case SolveStatus::kFeasible:
      return "feasible";
    case SolveStatus::kInfeasible:
      return "infeasible";
    case SolveStatus::kUnbounded:
      return "unbounded";
    case SolveStatus::kNoSolution:
      return "no_solution";
    case SolveStatus::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

Text StatusText(SolveStatus status) {
  switch (status) {
    case SolveStatus::kOptimal:
      return Text("最优（已证明）", "optimal (proven)");
    case SolveStatus::kFeasible:
      return Text("可行（达到时间上限，未证明最优）", "feasible (time limit; not proven optimal)");
    case SolveStatus::kInfeasible:
      return Text("无可行解", "infeasible");
    case SolveStatus::kUnbounded:
      return Text("目标无界", "unbounded");
    case SolveStatus::kNoSolution:
      return Text("达到时间上限，尚未找到可行解", "time limit reached before any solution");
    case SolveStatus::kCancelled:
      return Text("已取消", "cancelled");
  }
  return Text::Same("?");
}

double RelativeGap(double objective, double bound) {
  if (!std::isfinite(objective) || !std::isfinite(bound)) return kInfinity;
  const double scale = std::max(std::fabs(objective), std::fabs(bound));
  if (scale == 0.0) return 0;
  return std::max(0.0, objective - bound) / scale;
}

}  // namespace jiaodu::optim
