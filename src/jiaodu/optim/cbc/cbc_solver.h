// File: jiaodu/optim/cbc/cbc_solver.h
//
// optim::Solver on COIN-OR CBC 2.10.8 (Debian coinor-libcbc-dev), through its
// C++ API: the model goes into an OsiClpSolverInterface, CbcMain0/CbcMain1
// run CBC's standard driver (preprocessing, cuts, heuristics, the same as the
// `cbc` command), and a CbcEventHandler carries progress and cancel.
//
// What works with this build (checked by cbc_solver_test.cc):
//  * time limit: "-seconds" with "-timeMode elapsed" (wall clock; CBC counts
//    CPU time by default, which with 2 threads runs out twice as fast);
//  * relative gap: "-ratioGap";
//  * threads: Debian builds CBC with CBC_THREAD, "-threads N"; with
//    SolveOptions::deterministic we pass 100+N, CBC's deterministic mode;
//  * progress and cancel: CbcEventHandler events (each node, each solution,
//    heuristic passes). Cancel is honoured at the next event: within the root
//    node's cut loop events are rarer, so a cancel there can take as long as
//    one cut pass (see docs/rotation.md, "Solver");
//  * a start point: CbcModel::setMIPStart (by column name);
//  * SolveOptions::preprocess = false: "-preprocess off". CBC's preprocessing
//    wrongly reported a feasible 200k-column rotation model infeasible (and
//    ignored the time limit while doing so), so an infeasible verdict reached
//    with preprocessing is re-checked without it before it is returned.
// CBC's driver keeps static state, so solves in one process run one at a
// time (a process-wide lock; a waiting solve honours its cancel flag).
// CBC's SIGINT handler is disabled (it would steal Ctrl-C from the server) and
// it prints nothing unless SolveOptions::log_level > 0.
#ifndef JIAODU_OPTIM_CBC_CBC_SOLVER_H_
#define JIAODU_OPTIM_CBC_CBC_SOLVER_H_

#include <memory>

#include "jiaodu/optim/solver.h"

namespace jiaodu::optim {

class CbcSolver final : public Solver {
 public:
  std::string_view Name() const override;
  Result<SolveResult> Solve(const Model& model, const SolveOptions& options) override;
};

std::unique_ptr<Solver> MakeCbcSolver();

}  // namespace jiaodu::optim

#endif  // JIAODU_OPTIM_CBC_CBC_SOLVER_H_
