#include "jiaodu/optim/model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "jiaodu/optim/solver.h"

namespace jiaodu::optim {
namespace {

TEST(LinearExprTest, RepeatedColumnsAreSummedAndCancellingTermsDropped) {
  LinearExpr e;
  e.Add(3, 1.0);
  e.Add(1, 2.0);
  e.Add(3, 1.5);
  e.Add(2, 1.0);
  e.Add(2, -1.0);  // in and out of the same column: no term
  e.Add(4, 0.0);
  Row r = e.ToRow("r", 0, 5);
  ASSERT_EQ(r.index, (std::vector<int>{1, 3}));
  EXPECT_EQ(r.value, (std::vector<double>{2.0, 2.5}));
  EXPECT_EQ(r.lower, 0);
  EXPECT_EQ(r.upper, 5);
}

TEST(ModelTest, CountsAndActivityAndViolation) {
  Model m;
  const int x = m.AddBinary("x", 3);
  const int y = m.AddColumn("y", 0, 10, -1, false);
  LinearExpr e;
  e.Add(x, 2);
  e.Add(y, 1);
  m.AddRow(e, "cap", -kInfinity, 4);
  EXPECT_EQ(m.num_columns(), 2);
  EXPECT_EQ(m.num_rows(), 1);
  EXPECT_EQ(m.num_integers(), 1);
  EXPECT_EQ(m.num_nonzeros(), 2u);
  const std::vector<double> ok = {1, 2};
  EXPECT_DOUBLE_EQ(m.Objective(ok), 1.0);
  EXPECT_DOUBLE_EQ(m.Activity(0, ok), 4.0);
  EXPECT_DOUBLE_EQ(m.MaxViolation(ok), 0.0);
  EXPECT_DOUBLE_EQ(m.MaxViolation(std::vector<double>{1, 3}), 1.0);    // row over by 1
  EXPECT_DOUBLE_EQ(m.MaxViolation(std::vector<double>{0.5, 0}), 0.5);  // not integral
  EXPECT_TRUE(std::isinf(m.MaxViolation(std::vector<double>{1})));     // wrong size
  EXPECT_TRUE(m.Validate());
}

TEST(ModelTest, ValidateRejectsOutOfRangeAndDuplicateIndicesAndCrossedBounds) {
  {
    Model m;
    m.AddBinary("x");
    m.AddRow(Row{"bad", {0, 1}, {1, 1}, 0, 1});
    auto s = m.Validate();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().id, "optim.invalid_model");
    EXPECT_NE(s.error().message.zh.find("bad"), std::string::npos);
  }
  {
    Model m;
    m.AddBinary("x");
    m.AddRow(Row{"dup", {0, 0}, {1, 1}, 0, 1});
    EXPECT_FALSE(m.Validate());
  }
  {
    Model m;
    m.AddColumn("z", 2, 1, 0, false);
    EXPECT_FALSE(m.Validate());
  }
  {
    Model m;
    m.AddColumn("nan", 0, 1, std::nan(""), false);
    EXPECT_FALSE(m.Validate());
  }
}

TEST(RelativeGapTest, MeasuredAgainstTheLargerMagnitudeLikeCbc) {
  EXPECT_DOUBLE_EQ(RelativeGap(100, 99), 0.01);
  EXPECT_DOUBLE_EQ(RelativeGap(-99, -100), 0.01);
  EXPECT_DOUBLE_EQ(RelativeGap(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(RelativeGap(5, 6), 0.0);  // bound above (rounding): no gap
  EXPECT_TRUE(std::isinf(RelativeGap(kInfinity, 1)));
  EXPECT_EQ(StatusName(SolveStatus::kNoSolution), "no_solution");
  EXPECT_EQ(StatusText(SolveStatus::kInfeasible).zh, "无可行解");
}

}  // namespace
}  // namespace jiaodu::optim
