#include "jiaodu/optim/cbc/cbc_solver.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <thread>

namespace jiaodu::optim {
namespace {

// max Σ v·x  s.t.  Σ w·x ≤ cap, x binary  (as a minimisation of −Σ v·x).
Model Knapsack(const std::vector<double>& v, const std::vector<double>& w, double cap) {
  Model m;
  LinearExpr e;
  for (size_t i = 0; i < v.size(); ++i) e.Add(m.AddBinary("x" + std::to_string(i), -v[i]), w[i]);
  m.AddRow(e, "capacity", -kInfinity, cap);
  return m;
}

double BruteForceKnapsack(const std::vector<double>& v, const std::vector<double>& w, double cap) {
  double best = 0;
  for (uint32_t mask = 0; mask < (1u << v.size()); ++mask) {
    double value = 0, weight = 0;
    for (size_t i = 0; i < v.size(); ++i) {
      if (mask & (1u << i)) {
        value += v[i];
        weight += w[i];
      }
    }
    if (weight <= cap) best = std::max(best, value);
  }
  return -best;
}

// A multi-dimensional knapsack big enough that proving optimality takes CBC
// seconds: for the time limit, cancel and progress tests.
Model HardKnapsack(int n, int m, uint64_t seed) {
  Model model;
  uint64_t s = seed;
  auto next = [&s] {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>((s >> 33) % 1000 + 1);
  };
  std::vector<int> x;
  for (int j = 0; j < n; ++j) x.push_back(model.AddBinary("x" + std::to_string(j), -next()));
  for (int i = 0; i < m; ++i) {
    LinearExpr e;
    double total = 0;
    for (int j = 0; j < n; ++j) {
      const double w = next();
      e.Add(x[static_cast<size_t>(j)], w);
      total += w;
    }
    model.AddRow(e, "r" + std::to_string(i), -kInfinity, total / 2);
  }
  return model;
}

TEST(CbcSolverTest, KnapsackMatchesEnumeration) {
  const std::vector<double> v = {12, 7, 11, 8, 9, 6, 14, 5, 10, 3, 13, 4};
  const std::vector<double> w = {4, 3, 5, 3, 4, 2, 7, 2, 5, 1, 6, 2};
  CbcSolver cbc;
  SolveOptions o;
  o.relative_gap = 0;
  auto r = cbc.Solve(Knapsack(v, w, 20), o);
  ASSERT_TRUE(r) << r.error().Describe();
  EXPECT_EQ(r->status, SolveStatus::kOptimal);
  EXPECT_DOUBLE_EQ(r->objective, BruteForceKnapsack(v, w, 20));
  EXPECT_NEAR(r->gap, 0, 1e-9);
  ASSERT_EQ(r->values.size(), v.size());
  for (double x : r->values) EXPECT_TRUE(x == 0.0 || x == 1.0) << "integers are rounded";
  o.preprocess = false;
  auto plain = cbc.Solve(Knapsack(v, w, 20), o);
  ASSERT_TRUE(plain);
  EXPECT_DOUBLE_EQ(plain->objective, r->objective);
}

TEST(CbcSolverTest, GeneralIntegersAndContinuousColumns) {
  // min −3a − 2b + c  s.t. a + b ≤ 4.5, a − c ≤ 1.5, a,b ∈ {0..3}, c ≥ 0 continuous.
  Model m;
  const int a = m.AddColumn("a", 0, 3, -3, true);
  const int b = m.AddColumn("b", 0, 3, -2, true);
  const int c = m.AddColumn("c", 0, kInfinity, 1, false);
  LinearExpr r1, r2;
  r1.Add(a, 1);
  r1.Add(b, 1);
  r2.Add(a, 1);
  r2.Add(c, -1);
  m.AddRow(r1, "sum", -kInfinity, 4.5);
  m.AddRow(r2, "link", -kInfinity, 1.5);
  CbcSolver cbc;
  SolveOptions o;
  o.relative_gap = 0;
  auto r = cbc.Solve(m, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, SolveStatus::kOptimal);
  // a=3,b=1,c=1.5: −9 −2 +1.5 = −9.5; a=2,b=2,c=.5: −6−4+.5 = −9.5 — both optimal.
  EXPECT_NEAR(r->objective, -9.5, 1e-7);
  EXPECT_LE(m.MaxViolation(r->values), 1e-6);
}

TEST(CbcSolverTest, PureLinearProgram) {
  Model m;
  const int x = m.AddColumn("x", 0, kInfinity, 1, false);
  const int y = m.AddColumn("y", 0, kInfinity, 1, false);
  LinearExpr r1, r2;
  r1.Add(x, 1);
  r1.Add(y, 2);
  r2.Add(x, 3);
  r2.Add(y, 1);
  m.AddRow(r1, "a", 4, kInfinity);
  m.AddRow(r2, "b", 6, kInfinity);
  CbcSolver cbc;
  auto r = cbc.Solve(m, SolveOptions{});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, SolveStatus::kOptimal);
  EXPECT_NEAR(r->objective, 2.8, 1e-7);
}

TEST(CbcSolverTest, InfeasibleIntegerModelIsAStatusNotAnError) {
  Model m;
  LinearExpr e;
  e.Add(m.AddBinary("x"), 1);
  e.Add(m.AddBinary("y"), 1);
  m.AddRow(e, "need_three", 3, kInfinity);
  CbcSolver cbc;
  auto r = cbc.Solve(m, SolveOptions{});
  ASSERT_TRUE(r) << r.error().Describe();
  EXPECT_EQ(r->status, SolveStatus::kInfeasible);
  EXPECT_FALSE(r->has_solution());
}

TEST(CbcSolverTest, InfeasibleOnlyThroughIntegrality) {
  // 2x = 1 has the LP solution x = 0.5 but no integer one.
  Model m;
  const int x = m.AddColumn("x", 0, 10, 1, true);
  m.AddRow(Row{"odd", {x}, {2}, 1, 1});
  CbcSolver cbc;
  auto r = cbc.Solve(m, SolveOptions{});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, SolveStatus::kInfeasible);
}

TEST(CbcSolverTest, UnboundedLinearProgram) {
  Model m;
  const int x = m.AddColumn("x", 0, kInfinity, -1, false);
  m.AddRow(Row{"r", {x}, {1}, 1, kInfinity});
  CbcSolver cbc;
  auto r = cbc.Solve(m, SolveOptions{});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, SolveStatus::kUnbounded);
}

TEST(CbcSolverTest, EmptyModelsNeedNoSolver) {
  CbcSolver cbc;
  auto r = cbc.Solve(Model{}, SolveOptions{});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, SolveStatus::kOptimal);
  // Columns but no rows: each column sits at its cheaper bound.
  Model m;
  m.AddColumn("x", 1, 4, 2, true);
  m.AddColumn("y", 0, 3, -1, false);
  auto r2 = cbc.Solve(m, SolveOptions{});
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, SolveStatus::kOptimal);
  EXPECT_NEAR(r2->objective, 2 - 3, 1e-9);
}

TEST(CbcSolverTest, MalformedModelIsRejectedBeforeCbcSeesIt) {
  Model m;
  m.AddBinary("x");
  m.AddRow(Row{"r", {7}, {1}, 0, 1});
  CbcSolver cbc;
  auto r = cbc.Solve(m, SolveOptions{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "optim.invalid_model");
}

TEST(CbcSolverTest, TimeLimitStopsTheSearchWithTheGapReported) {
  CbcSolver cbc;
  SolveOptions o;
  o.relative_gap = 0;
  o.time_limit_seconds = 0.5;
  auto r = cbc.Solve(HardKnapsack(300, 8, 7), o);
  ASSERT_TRUE(r);
  EXPECT_LT(r->seconds, 5.0);
  ASSERT_TRUE(r->status == SolveStatus::kFeasible || r->status == SolveStatus::kNoSolution)
      << StatusName(r->status);
  if (r->status == SolveStatus::kFeasible) {
    EXPECT_GT(r->gap, 0);
    EXPECT_LE(r->bound, r->objective);
    EXPECT_GE(r->first_solution_seconds, 0);
  }
}

TEST(CbcSolverTest, CancelFlagStopsAStartedSolve) {
  CbcSolver cbc;
  std::atomic<bool> cancel{false};
  SolveOptions o;
  o.relative_gap = 0;
  o.time_limit_seconds = 60;
  o.cancel = &cancel;
  std::thread stopper([&cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancel = true;
  });
  auto r = cbc.Solve(HardKnapsack(300, 8, 7), o);
  stopper.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, SolveStatus::kCancelled);
  EXPECT_LT(r->seconds, 5.0);
}

TEST(CbcSolverTest, ProgressReportsImprovingSolutionsAndBounds) {
  CbcSolver cbc;
  SolveOptions o;
  o.relative_gap = 0;
  o.time_limit_seconds = 1;
  o.progress_interval_seconds = 0.05;
  std::vector<Progress> seen;
  o.on_progress = [&seen](const Progress& p) { seen.push_back(p); };
  auto r = cbc.Solve(HardKnapsack(300, 8, 7), o);
  ASSERT_TRUE(r);
  ASSERT_FALSE(seen.empty());
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_LE(seen[i].objective, seen[i - 1].objective);
    EXPECT_GE(seen[i].seconds, seen[i - 1].seconds);
  }
  for (const Progress& p : seen) {
    if (p.has_solution) {
      EXPECT_LE(p.bound, p.objective + 1e-6);
    }
  }
}

TEST(CbcSolverTest, StartPointIsUsedAndTwoThreadsAgreeWithOne) {
  const std::vector<double> v = {12, 7, 11, 8, 9, 6, 14, 5, 10, 3, 13, 4};
  const std::vector<double> w = {4, 3, 5, 3, 4, 2, 7, 2, 5, 1, 6, 2};
  Model m = Knapsack(v, w, 20);
  CbcSolver cbc;
  SolveOptions o;
  o.relative_gap = 0;
  o.start.assign(v.size(), 0.0);
  o.start[0] = o.start[1] = 1;  // feasible, poor
  auto one = cbc.Solve(m, o);
  o.threads = 2;
  auto two = cbc.Solve(m, o);
  ASSERT_TRUE(one && two);
  EXPECT_DOUBLE_EQ(one->objective, BruteForceKnapsack(v, w, 20));
  EXPECT_DOUBLE_EQ(two->objective, one->objective);
}

// CBC's driver parses its arguments through static state: without the
// adapter's lock, parallel solves garble each other's parameters.
TEST(CbcSolverTest, ConcurrentSolvesInOneProcessGiveTheirOwnOptimum) {
  const std::vector<double> v = {12, 7, 11, 8, 9, 6, 14, 5, 10, 3, 13, 4};
  const std::vector<double> w = {4, 3, 5, 3, 4, 2, 7, 2, 5, 1, 6, 2};
  std::vector<double> got(6, 0);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      CbcSolver cbc;
      SolveOptions o;
      o.relative_gap = 0;
      auto r = cbc.Solve(Knapsack(v, w, 10.0 + static_cast<double>(i)), o);
      got[i] = r && r->status == SolveStatus::kOptimal ? r->objective : 1;
    });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_DOUBLE_EQ(got[i], BruteForceKnapsack(v, w, 10.0 + static_cast<double>(i))) << i;
  }
}

}  // namespace
}  // namespace jiaodu::optim
