// File: jiaodu/optim/model.h
//
// A mixed-integer linear model in the plainest solver-neutral form: columns
// (variables) with bounds, an objective coefficient and an integrality flag,
// and rows (constraints) as sparse index/value vectors between a lower and an
// upper bound. The objective is always minimised. Every column and row has a
// name, so a result can be explained ("row quota is at its bound") without
// knowing which solver produced it.
//
// The model owns no solver state: the same Model can be handed to CBC today
// and to another engine (HiGHS, SCIP) later through optim::Solver.
#ifndef JIAODU_OPTIM_MODEL_H_
#define JIAODU_OPTIM_MODEL_H_

#include <limits>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::optim {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct Column {
  std::string name;
  double lower = 0;
  double upper = kInfinity;
  double cost = 0;  // objective coefficient (minimised)
  bool integer = false;
};

// lower ≤ Σ value[k]·x[index[k]] ≤ upper; ±kInfinity for a missing side.
struct Row {
  std::string name;
  std::vector<int> index;
  std::vector<double> value;
  double lower = -kInfinity;
  double upper = kInfinity;
};

// Builds one row's left-hand side; adding the same column twice sums the
// coefficients, so callers can add flows term by term (in − out) without
// tracking duplicates. Zero coefficients are dropped.
class LinearExpr {
 public:
  void Add(int column, double coefficient);
  bool empty() const { return terms_.empty(); }
  // Sorted by column, merged.
  Row ToRow(std::string name, double lower, double upper) const;

 private:
  std::vector<std::pair<int, double>> terms_;
};

class Model {
 public:
  int AddColumn(std::string name, double lower, double upper, double cost, bool integer);
  int AddBinary(std::string name, double cost = 0) {
    return AddColumn(std::move(name), 0, 1, cost, true);
  }
  int AddRow(Row row);
  int AddRow(const LinearExpr& expr, std::string name, double lower, double upper) {
    return AddRow(expr.ToRow(std::move(name), lower, upper));
  }

  const std::vector<Column>& columns() const { return columns_; }
  const std::vector<Row>& rows() const { return rows_; }
  Column& column(int j) { return columns_[static_cast<size_t>(j)]; }
  const Column& column(int j) const { return columns_[static_cast<size_t>(j)]; }
  Row& row(int i) { return rows_[static_cast<size_t>(i)]; }
  const Row& row(int i) const { return rows_[static_cast<size_t>(i)]; }
  int num_columns() const { return static_cast<int>(columns_.size()); }
  int num_rows() const { return static_cast<int>(rows_.size()); }
  int num_integers() const;
  size_t num_nonzeros() const;

  double Objective(std::span<const double> x) const;
  double Activity(int row, std::span<const double> x) const;
  // The largest violation of a bound, a row or integrality by x (0 when x is
  // feasible). Lets callers and tests check what a solver hands back.
  double MaxViolation(std::span<const double> x) const;

  // Indices in range, no duplicate index in a row, no NaN, lower ≤ upper.
  // Fails with "optim.invalid_model" naming the column or row.
  Status Validate() const;

 private:
  std::vector<Column> columns_;
  std::vector<Row> rows_;
};

}  // namespace jiaodu::optim

#endif  // JIAODU_OPTIM_MODEL_H_
