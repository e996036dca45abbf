#include "jiaodu/domain/plans/progress.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace jiaodu::plans {
namespace {

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

Plan With(std::vector<Indicator> inds) {
  Plan p;
  p.indicators = std::move(inds);
  return p;
}

YearValue At(int year, double value) { return {year, value, std::nullopt, std::nullopt}; }

struct Case {
  std::string name;
  Indicator ind;
  std::vector<YearValue> values;
  int year = 0;
  std::string status;
  std::optional<double> required;
};

std::vector<Case> LoadCases() {
  std::ifstream in(std::string(JIAODU_TEST_FIXTURE_DIR) + "/plans/status_cases.csv");
  EXPECT_TRUE(in.good());
  std::vector<Case> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = Split(line, ',');
    EXPECT_EQ(f.size(), 12u) << line;
    if (f.size() != 12) continue;
    Case c;
    c.name = f[0];
    c.ind.id = f[0];
    c.ind.comparison = ParseComparison(f[1]).value();
    if (!f[2].empty()) {
      c.ind.baseline_year = std::stoi(f[2]);
      c.ind.baseline = std::stod(f[3]);
    }
    c.ind.target_year = std::stoi(f[4]);
    c.ind.target = std::stod(f[5]);
    for (const std::string& m : Split(f[6], ';')) {
      if (m.empty()) continue;
      auto p = Split(m, ':');
      c.ind.milestones.push_back({std::stoi(p[0]), std::stod(p[1])});
    }
    c.ind.decimals = std::stoi(f[7]);
    c.ind.unit = "%";
    for (const std::string& v : Split(f[8], ';')) {
      auto p = Split(v, ':');
      c.values.push_back({std::stoi(p[0]), std::stod(p[1]), std::nullopt, std::nullopt});
    }
    c.year = std::stoi(f[9]);
    c.status = f[10];
    if (!f[11].empty()) c.required = std::stod(f[11]);
    cases.push_back(std::move(c));
  }
  return cases;
}

TEST(PlanStatus, EveryCaseInTheCaseFile) {
  auto cases = LoadCases();
  ASSERT_GE(cases.size(), 30u);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_TRUE(Validate(With({c.ind})).has_value());
    Assessment a = Assess(c.ind, c.values, c.year);
    EXPECT_EQ(ProgressStatusKey(a.status), c.status) << a.reason.zh;
    if (c.required) {
      ASSERT_TRUE(a.required.has_value()) << a.reason.zh;
      EXPECT_NEAR(*a.required, *c.required, 1e-6);
    }
    EXPECT_FALSE(a.reason.zh.empty());
  }
}

Indicator Rate(Comparison cmp, double target, int decimals = 2) {
  Indicator ind;
  ind.id = "rate";
  ind.comparison = cmp;
  ind.target = target;
  ind.target_year = 2025;
  ind.decimals = decimals;
  ind.source.kind = Source::Kind::kFormula;
  ind.source.scale = 100;
  return ind;
}

TEST(PlanUnits, MoreStudentsNeededWithTheDenominatorFixed) {
  Indicator ind = Rate(Comparison::kAtLeast, 52);
  EXPECT_EQ(UnitsToMeet(ind, 500, 1000, 52), 20);
  EXPECT_EQ(UnitsToMeet(ind, 520, 1000, 52), 0);
  EXPECT_EQ(UnitsToMeet(ind, 519, 1000, 52), 1);
}

TEST(PlanUnits, RoundingToThePrintedDecimalsCounts) {
  // 51.995% prints as 52.00%: 10,399 of 20,000 already meets 52%.
  Indicator ind = Rate(Comparison::kAtLeast, 52);
  EXPECT_EQ(UnitsToMeet(ind, 10399, 20000, 52), 0);
  EXPECT_EQ(UnitsToMeet(ind, 10398, 20000, 52), 1);  // 51.99% → needs one
}

TEST(PlanUnits, FewerWhenLowerIsBetter) {
  Indicator ind = Rate(Comparison::kAtMost, 44.5, 1);
  EXPECT_EQ(UnitsToMeet(ind, 450, 1000, 44.5), 5);
  EXPECT_EQ(UnitsToMeet(ind, 445, 1000, 44.5), 0);
}

TEST(PlanUnits, NoDenominatorNoAnswer) {
  EXPECT_FALSE(UnitsToMeet(Rate(Comparison::kAtLeast, 52), 0, 0, 52).has_value());
}

TEST(PlanStatus, RatioGapsInStudents) {
  Indicator ind = Rate(Comparison::kAtLeast, 58);
  ind.baseline_year = 2020;
  ind.baseline = 50.15;
  // 2023 path 54.86%: 54.00% of 10,000 needs 86 more to be on the path and
  // 400 more for the target.
  std::vector<YearValue> v = {{2023, 54.0, 5400, 10000}};
  Assessment a = Assess(ind, v, 2023);
  EXPECT_EQ(a.status, ProgressStatus::kBehind);
  EXPECT_EQ(a.units_to_path, 86);
  EXPECT_EQ(a.units_to_target, 400);
  EXPECT_NEAR(*a.gap_to_path, 0.86, 1e-9);
  EXPECT_NEAR(*a.gap_to_target, 4.0, 1e-9);
}

TEST(PlanStatus, ProjectionFromTheTrend) {
  Indicator ind = Rate(Comparison::kAtLeast, 58);
  ind.baseline_year = 2020;
  ind.baseline = 50;
  // +1 a year from 50: 55 in 2025, short of 58.
  std::vector<YearValue> v = {At(2021, 51), At(2022, 52)};
  Assessment a = Assess(ind, v, 2022);
  ASSERT_TRUE(a.projected.has_value());
  EXPECT_NEAR(*a.projected, 55.0, 1e-9);
  EXPECT_EQ(a.projected_meets, false);
}

TEST(PlanValidate, MilestonesMustLieBetweenBaselineAndTarget) {
  Indicator ind = Rate(Comparison::kAtLeast, 58);
  ind.baseline_year = 2020;
  ind.baseline = 50;
  ind.source.kind = Source::Kind::kManual;
  ind.milestones = {{2026, 60}};
  auto s = Validate(With({ind}));
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().id, "plan.invalid_indicator");
  EXPECT_NE(s.error().message.zh.find("阶段目标"), std::string::npos);
}

TEST(PlanValidate, DuplicateIdsAreRefused) {
  Indicator ind = Rate(Comparison::kAtLeast, 58);
  ind.source.kind = Source::Kind::kManual;
  auto s = Validate(With({ind, ind}));
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.zh.find("重复"), std::string::npos);
}

}  // namespace
}  // namespace jiaodu::plans
