// File: jiaodu/optim/solver.h
//
// The solver port: what a caller asks of any MIP solver (time limit, gap,
// threads, progress, cancel) and what it gets back (status, incumbent, proven
// bound and gap). Adapters live in subfolders (optim/cbc); the domain only
// sees this header, so the app chooses and injects the solver.
#ifndef JIAODU_OPTIM_SOLVER_H_
#define JIAODU_OPTIM_SOLVER_H_

#include <atomic>
#include <functional>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/optim/model.h"

namespace jiaodu::optim {

enum class SolveStatus {
  kOptimal,     // search finished: proven within SolveOptions::relative_gap
  kFeasible,    // a solution, but the time limit stopped the search (gap says how good)
  kInfeasible,  // proven: no point satisfies every row and bound
  kUnbounded,   // the objective can decrease without limit
  kNoSolution,  // the time limit came before any solution was found
  kCancelled,   // the cancel flag stopped the search (a solution may be attached)
};

std::string_view StatusName(SolveStatus status);  // "optimal", "feasible", …
Text StatusText(SolveStatus status);              // 最优 / 可行（未证明最优） / …

// (objective − bound) / max(|objective|, |bound|), 0 when both are 0: the
// relative gap as CBC measures it, so a requested 1% stops where we report 1%.
double RelativeGap(double objective, double bound);

struct Progress {
  double seconds = 0;
  bool has_solution = false;
  double objective = kInfinity;  // best solution so far
  double bound = -kInfinity;     // best proven lower bound so far
  double gap = kInfinity;        // RelativeGap(objective, bound) when both known
  long nodes = 0;
};

struct SolveOptions {
  double time_limit_seconds = 60;  // wall clock; ≤ 0 means no limit
  double relative_gap = 1e-4;      // stop when the proven gap is at most this
  int threads = 1;
  // Same input, same answer (when no time limit interrupts): CBC's
  // deterministic parallel mode. Off = opportunistic threads, sometimes faster.
  bool deterministic = true;
  // Called from the solver's thread(s), never concurrently, at each new
  // solution and about every `progress_interval_seconds` otherwise.
  std::function<void(const Progress&)> on_progress;
  double progress_interval_seconds = 0.5;
  // Checked at the solver's events (each node, solution, heuristic pass).
  const std::atomic<bool>* cancel = nullptr;
  // A known feasible point (one value per column), if any: solvers use it as
  // their first incumbent. Empty = none.
  std::vector<double> start;
  // The solver's own MIP preprocessing (CBC: CglPreProcess). Usually a gain;
  // callers turn it off where it misbehaves on their models (see
  // docs/rotation.md, "Solver").
  bool preprocess = true;
  int log_level = 0;  // solver's own log on stdout (0 = silent)
};

struct SolveResult {
  SolveStatus status = SolveStatus::kNoSolution;
  double objective = kInfinity;  // of `values` (recomputed from the model)
  double bound = -kInfinity;     // proven lower bound on the optimum
  double gap = kInfinity;        // RelativeGap(objective, bound)
  std::vector<double> values;    // one per column, integers rounded; empty without a solution
  double seconds = 0;
  double first_solution_seconds = -1;  // when the first solution appeared (−1: none)
  long nodes = 0;

  bool has_solution() const { return !values.empty(); }
};

class Solver {
 public:
  virtual ~Solver() = default;
  virtual std::string_view Name() const = 0;
  // Errors are for a malformed model ("optim.invalid_model") or a solver
  // failure ("optim.solver_failed"); infeasibility is a status, not an error.
  virtual Result<SolveResult> Solve(const Model& model, const SolveOptions& options) = 0;
};

}  // namespace jiaodu::optim

#endif  // JIAODU_OPTIM_SOLVER_H_
