#include "jiaodu/optim/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace jiaodu::optim {
namespace {

// Solvers round integer columns within ~1e-6; checks use the same scale.
constexpr double kIntegralityTolerance = 1e-6;

Error Invalid(const std::string& zh, const std::string& en) {
  return Error{ErrorCode::kInternal, "optim.invalid_model", Text(zh, en), {}, {}};
}

}  // namespace

void LinearExpr::Add(int column, double coefficient) {
  if (coefficient != 0.0) terms_.emplace_back(column, coefficient);
}

Row LinearExpr::ToRow(std::string name, double lower, double upper) const {
  std::vector<std::pair<int, double>> t = terms_;
  std::sort(t.begin(), t.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Row r;
  r.name = std::move(name);
  r.lower = lower;
  r.upper = upper;
  for (const auto& [j, v] : t) {
    if (!r.index.empty() && r.index.back() == j) {
      r.value.back() += v;
    } else {
      r.index.push_back(j);
      r.value.push_back(v);
    }
  }
  // Terms that cancelled (in and out of the same column) are dropped.
  size_t w = 0;
  for (size_t k = 0; k < r.index.size(); ++k) {
    if (r.value[k] == 0.0) continue;
    r.index[w] = r.index[k];
    r.value[w] = r.value[k];
    ++w;
  }
  r.index.resize(w);
  r.value.resize(w);
  return r;
}

int Model::AddColumn(std::string name, double lower, double upper, double cost, bool integer) {
  columns_.push_back(Column{std::move(name), lower, upper, cost, integer});
  return static_cast<int>(columns_.size()) - 1;
}

int Model::AddRow(Row row) {
  rows_.push_back(std::move(row));
  return static_cast<int>(rows_.size()) - 1;
}

int Model::num_integers() const {
  return static_cast<int>(
      std::count_if(columns_.begin(), columns_.end(), [](const Column& c) { return c.integer; }));
}

size_t Model::num_nonzeros() const {
  size_t n = 0;
  for (const Row& r : rows_) n += r.index.size();
  return n;
}

double Model::Objective(std::span<const double> x) const {
  double z = 0;
  for (size_t j = 0; j < columns_.size() && j < x.size(); ++j) z += columns_[j].cost * x[j];
  return z;
}

double Model::Activity(int row, std::span<const double> x) const {
  const Row& r = rows_[static_cast<size_t>(row)];
  double a = 0;
  for (size_t k = 0; k < r.index.size(); ++k) a += r.value[k] * x[static_cast<size_t>(r.index[k])];
  return a;
}

double Model::MaxViolation(std::span<const double> x) const {
  if (x.size() != columns_.size()) return kInfinity;
  double worst = 0;
  for (size_t j = 0; j < columns_.size(); ++j) {
    const Column& c = columns_[j];
    worst = std::max({worst, c.lower - x[j], x[j] - c.upper});
    if (c.integer) worst = std::max(worst, std::fabs(x[j] - std::round(x[j])));
  }
  for (int i = 0; i < num_rows(); ++i) {
    const double a = Activity(i, x);
    worst = std::max({worst, row(i).lower - a, a - row(i).upper});
  }
  return worst;
}

Status Model::Validate() const {
  for (size_t j = 0; j < columns_.size(); ++j) {
    const Column& c = columns_[j];
    if (std::isnan(c.lower) || std::isnan(c.upper) || !std::isfinite(c.cost) || c.lower > c.upper ||
        c.lower == kInfinity || c.upper == -kInfinity) {
      return Fail(Invalid(fmt::format("模型变量 {}（第 {} 列）的上下界或目标系数无效", c.name, j),
                          fmt::format("column {} ({}) has invalid bounds or cost", c.name, j)));
    }
  }
  const int n = num_columns();
  std::vector<int> seen(columns_.size(), -1);
  for (size_t i = 0; i < rows_.size(); ++i) {
    const Row& r = rows_[i];
    bool bad = r.index.size() != r.value.size() || std::isnan(r.lower) || std::isnan(r.upper) ||
               r.lower > r.upper || r.lower == kInfinity || r.upper == -kInfinity;
    for (size_t k = 0; !bad && k < r.index.size(); ++k) {
      const int j = r.index[k];
      bad = j < 0 || j >= n || !std::isfinite(r.value[k]) ||
            seen[static_cast<size_t>(j)] == static_cast<int>(i);
      if (!bad) seen[static_cast<size_t>(j)] = static_cast<int>(i);
    }
    if (bad) {
      return Fail(Invalid(
          fmt::format("模型约束 {}（第 {} 行）的系数、列号或上下界无效", r.name, i),
          fmt::format("row {} ({}) has invalid coefficients, indices or bounds", r.name, i)));
    }
  }
  return Ok();
}

}  // namespace jiaodu::optim
