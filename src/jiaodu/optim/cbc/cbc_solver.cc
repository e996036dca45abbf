#include "jiaodu/optim/cbc/cbc_solver.h"

// CBC's headers are found through pkg-config's -I/usr/include/coin (as SYSTEM
// includes, so their old-style casts do not trip our warning flags).
#include <fmt/format.h>

#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CoinError.hpp>
#include <CoinMessageHandler.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <string>
#include <thread>

namespace jiaodu::optim {
namespace {

using Clock = std::chrono::steady_clock;

// What the event handler and its clones share: CBC copies the handler into
// every model it creates (preprocessed model, heuristic sub-trees, threads),
// so the state lives here, reached through a pointer, and is locked.
struct SharedState {
  Clock::time_point start;
  const SolveOptions* options = nullptr;
  std::mutex mu;
  double best_objective = kInfinity;
  double best_bound = -kInfinity;
  long nodes = 0;
  double first_solution = -1;
  double last_report = -1;
  bool cancelled = false;

  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start).count(); }
};

class Handler final : public CbcEventHandler {
 public:
  explicit Handler(SharedState* state) : state_(state) {}
  Handler(const Handler& other) = default;
  Handler& operator=(const Handler&) = delete;
  CbcEventHandler* clone() const override { return new Handler(*this); }

  CbcAction event(CbcEvent which) override {
    if (state_->options->cancel != nullptr && state_->options->cancel->load()) {
      std::lock_guard lock(state_->mu);
      state_->cancelled = true;
      return stop;
    }
    const CbcModel* m = getModel();
    if (m == nullptr) return noAction;
    const bool is_solution = which == solution || which == heuristicSolution;
    std::lock_guard lock(state_->mu);
    const double now = state_->Seconds();
    bool report = false;
    if (is_solution) {
      // Any model's solution is a point of the whole problem (sub-trees only
      // fix variables), so it counts as the incumbent.
      const double z = m->getObjValue();
      if (z < 1e50 && z < state_->best_objective) {
        state_->best_objective = z;
        if (state_->first_solution < 0) state_->first_solution = now;
        report = true;
      }
    }
    // Bounds and node counts only from a top-level model: a heuristic's
    // sub-tree has its own, tighter "bound" that is not valid for the whole
    // problem.
    if (m->parentModel() == nullptr) {
      const double b = m->getBestPossibleObjValue();
      if (b > -1e50 && b < 1e50) state_->best_bound = std::max(state_->best_bound, b);
      state_->nodes = std::max<long>(state_->nodes, m->getNodeCount());
    }
    const SolveOptions& o = *state_->options;
    if (o.on_progress && (report || state_->last_report < 0 ||
                          now - state_->last_report >= o.progress_interval_seconds)) {
      state_->last_report = now;
      Progress p;
      p.seconds = now;
      p.has_solution = state_->best_objective < kInfinity;
      p.objective = state_->best_objective;
      p.bound = std::min(state_->best_bound, state_->best_objective);
      p.gap = RelativeGap(p.objective, p.bound);
      p.nodes = state_->nodes;
      o.on_progress(p);
    }
    return noAction;
  }

 private:
  SharedState* state_;
};

std::mutex& CbcDriverMutex() {
  static std::mutex mu;
  return mu;
}

double Coin(double v) { return std::isinf(v) ? (v > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX) : v; }

std::string Number(double v) { return fmt::format("{}", v); }

Error Failed(const std::string& what) {
  return Error{ErrorCode::kInternal,
               "optim.solver_failed",
               Text("求解器 CBC 运行失败：" + what, "the CBC solver failed: " + what),
               {},
               {}};
}

}  // namespace

std::string_view CbcSolver::Name() const { return "COIN-OR CBC 2.10"; }

Result<SolveResult> CbcSolver::Solve(const Model& model, const SolveOptions& options) {
  JIAODU_TRY_STATUS(model.Validate());
  SolveResult result;
  auto start = Clock::now();
  const int n = model.num_columns();
  if (n == 0) {  // CBC needs at least one column; the empty model is trivially optimal.
    result.status = SolveStatus::kOptimal;
    result.objective = result.bound = result.gap = 0;
    for (const Row& r : model.rows()) {
      if (r.lower > 0 || r.upper < 0) {
        result.status = SolveStatus::kInfeasible;
        result.objective = kInfinity;
        result.bound = -kInfinity;
        result.gap = kInfinity;
      }
    }
    return result;
  }

  try {
    // Row-ordered matrix straight from our rows (no transposition on our side).
    std::vector<CoinBigIndex> starts;
    std::vector<int> lengths, index;
    std::vector<double> value, row_lower, row_upper;
    starts.reserve(model.rows().size());
    index.reserve(model.num_nonzeros());
    value.reserve(model.num_nonzeros());
    for (const Row& r : model.rows()) {
      starts.push_back(static_cast<CoinBigIndex>(index.size()));
      lengths.push_back(static_cast<int>(r.index.size()));
      index.insert(index.end(), r.index.begin(), r.index.end());
      value.insert(value.end(), r.value.begin(), r.value.end());
      row_lower.push_back(Coin(r.lower));
      row_upper.push_back(Coin(r.upper));
    }
    CoinPackedMatrix matrix(false, n, model.num_rows(), static_cast<CoinBigIndex>(index.size()),
                            value.data(), index.data(), starts.data(), lengths.data());
    std::vector<double> col_lower, col_upper, cost;
    for (const Column& c : model.columns()) {
      col_lower.push_back(Coin(c.lower));
      col_upper.push_back(Coin(c.upper));
      cost.push_back(c.cost);
    }
    OsiClpSolverInterface lp;
    lp.messageHandler()->setLogLevel(0);
    lp.loadProblem(matrix, col_lower.data(), col_upper.data(), cost.data(), row_lower.data(),
                   row_upper.data());
    for (int j = 0; j < n; ++j) {
      if (model.column(j).integer) lp.setInteger(j);
    }
    const bool has_start = options.start.size() == static_cast<size_t>(n);
    if (has_start) {
      // MIP starts are matched by column name.
      for (int j = 0; j < n; ++j) lp.setColName(j, "c" + std::to_string(j));
    }

    // CbcMain0/CbcMain1 parse their arguments through static state
    // (CbcOrClpRead_mode & co.): two solves at once in one process garble
    // each other's parameters ("String of -quit is illegal for double
    // parameter seconds"). Solves are therefore serialised; a queued solve can
    // be cancelled while it waits, and its clock starts when it runs.
    std::unique_lock lock(CbcDriverMutex(), std::defer_lock);
    while (!lock.try_lock()) {
      if (options.cancel != nullptr && options.cancel->load()) {
        result.status = SolveStatus::kCancelled;
        return result;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    start = Clock::now();

    CbcModel cbc(lp);
    cbc.messageHandler()->setLogLevel(options.log_level);
    CbcSolverUsefulData data;
    data.noPrinting_ = options.log_level <= 0;
    data.useSignalHandler_ = false;
    CbcMain0(cbc, data);

    SharedState state;
    state.start = start;
    state.options = &options;
    Handler handler(&state);
    cbc.passInEventHandler(&handler);  // CBC keeps a clone

    if (has_start) {
      std::vector<std::pair<std::string, double>> mip_start;
      for (int j = 0; j < n; ++j) {
        if (model.column(j).integer) {
          mip_start.emplace_back("c" + std::to_string(j),
                                 std::round(options.start[static_cast<size_t>(j)]));
        }
      }
      cbc.setMIPStart(mip_start);
    }

    std::vector<std::string> args = {"jiaodu",
                                     "-log",
                                     std::to_string(std::max(0, options.log_level)),
                                     "-slog",
                                     std::to_string(std::max(0, options.log_level - 1)),
                                     "-timeMode",
                                     "elapsed",
                                     "-ratioGap",
                                     Number(std::max(0.0, options.relative_gap))};
    if (options.time_limit_seconds > 0) {
      args.insert(args.end(), {"-seconds", Number(options.time_limit_seconds)});
    }
    if (!options.preprocess) args.insert(args.end(), {"-preprocess", "off"});
    if (options.threads > 1) {
      args.insert(args.end(), {"-threads", std::to_string(options.threads +
                                                          (options.deterministic ? 100 : 0))});
    }
    args.insert(args.end(), {"-solve", "-quit"});
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    CbcMain1(
        static_cast<int>(argv.size()), argv.data(), cbc, [](CbcModel*, int) { return 0; }, data);
    lock.unlock();  // the rest reads only this call's model

    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.nodes = std::max<long>(state.nodes, cbc.getNodeCount());
    const double* best = cbc.bestSolution();
    if (best != nullptr && cbc.getNumCols() == n) {
      result.values.assign(best, best + n);
      for (int j = 0; j < n; ++j) {
        // CBC returns integers within its tolerance (0.9999999): round them so
        // callers can compare and count exactly.
        if (model.column(j).integer) {
          result.values[static_cast<size_t>(j)] = std::round(result.values[static_cast<size_t>(j)]);
        }
      }
      result.objective = model.Objective(result.values);
      result.first_solution_seconds =
          state.first_solution >= 0 ? state.first_solution : result.seconds;
    }
    const bool has = result.has_solution();
    if (!state.cancelled && !has && options.preprocess && cbc.isProvenInfeasible()) {
      // CBC 2.10.8's preprocessing has been seen to declare a feasible model
      // infeasible ("Pre-processing says infeasible", a 200k-column rotation
      // model whose elastic form had zero slack): an infeasible verdict is
      // only trusted once the search without it confirms it.
      SolveOptions again = options;
      again.preprocess = false;
      if (options.time_limit_seconds > 0) {
        again.time_limit_seconds = std::max(1.0, options.time_limit_seconds - result.seconds);
      }
      auto confirmed = Solve(model, again);
      if (confirmed) confirmed->seconds += result.seconds;
      return confirmed;
    }
    if (state.cancelled) {
      result.status = SolveStatus::kCancelled;
    } else if (cbc.isProvenInfeasible()) {
      result.status = SolveStatus::kInfeasible;
    } else if (cbc.isContinuousUnbounded() || cbc.secondaryStatus() == 7) {
      result.status = SolveStatus::kUnbounded;
    } else if (has && cbc.isProvenOptimal()) {
      result.status = SolveStatus::kOptimal;
    } else if (has) {
      result.status = SolveStatus::kFeasible;
    } else if (cbc.status() == 1 || cbc.isSecondsLimitReached()) {
      result.status = SolveStatus::kNoSolution;
    } else {
      return Fail(Failed(
          fmt::format("status {}, secondary status {}", cbc.status(), cbc.secondaryStatus())));
    }
    if (has) {
      double bound = cbc.getBestPossibleObjValue();
      if (!(bound > -1e50)) bound = state.best_bound;
      if (result.status == SolveStatus::kOptimal && !(bound > -1e50)) bound = result.objective;
      result.bound = std::min(bound, result.objective);
      result.gap = RelativeGap(result.objective, result.bound);
    } else if (state.best_bound > -kInfinity) {
      result.bound = state.best_bound;
    }
    return result;
  } catch (const CoinError& e) {
    return Fail(Failed(e.className() + "::" + e.methodName() + ": " + e.message()));
  } catch (const std::exception& e) {
    return Fail(Failed(e.what()));
  }
}

std::unique_ptr<Solver> MakeCbcSolver() { return std::make_unique<CbcSolver>(); }

}  // namespace jiaodu::optim
