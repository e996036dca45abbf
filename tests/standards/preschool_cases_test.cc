// Runs the case files of tests/standards/cn-xqpp-2020/ through the engine
// with the shipped 普及普惠 standard: county checks on and just off each
// threshold, the solved "what it takes" levers, and the goals. Each row
// names the rule it checks; a failure message repeats it.
#include <gtest/gtest.h>

#include <cmath>

#include "jiaodu/core/number.h"
#include "standards/case_loader.h"

namespace jiaodu::testing {
namespace {

const std::string kId = "cn-xqpp-2020";

std::string Dir() { return std::string(JIAODU_TEST_FIXTURE_DIR) + "/../standards/" + kId; }

class PreschoolCases : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { standard_ = LoadShippedStandard(kId); }
  static void TearDownTestSuite() { standard_.reset(); }

  const CountyEvaluation& Run(const std::string& name) {
    auto it = runs_.find(name);
    if (it != runs_.end()) return it->second.second;
    CaseData data = LoadCase(*standard_, Dir(), name);
    Engine engine(standard_);
    CountyEvaluation e = engine.EvaluateCounty(data.Input());
    auto& slot = runs_[name];
    slot.first = std::move(data);
    slot.second = std::move(e);
    return slot.second;
  }
  static const ItemResult* Item(const CountyEvaluation& e, const std::string& id) {
    for (const auto& it : e.items) {
      if (it.id == id) return &it;
    }
    return nullptr;
  }
  static const GoalResult* Goal(const CountyEvaluation& e, const std::string& id) {
    for (const auto& g : e.goals) {
      if (g.id == id) return &g;
    }
    return nullptr;
  }

  static std::shared_ptr<const Standard> standard_;
  std::map<std::string, std::pair<CaseData, CountyEvaluation>> runs_;
};

std::shared_ptr<const Standard> PreschoolCases::standard_;

TEST_F(PreschoolCases, CountyChecksOnAndJustOffEachThreshold) {
  ASSERT_TRUE(standard_);
  auto rows = ReadCsv(Dir() + "/expect_checks.csv");
  ASSERT_GE(rows.size(), 25u);
  for (const Row& r : rows) {
    SCOPED_TRACE(r.at("case") + " " + r.at("item") + "[" + r.at("check") + "]: " + r.at("rule"));
    const CountyEvaluation& e = Run(r.at("case"));
    const ItemResult* item = Item(e, r.at("item"));
    ASSERT_NE(item, nullptr);
    size_t k = static_cast<size_t>(std::stoi(r.at("check")));
    ASSERT_LT(k, item->checks.size());
    const CheckResult& c = item->checks[k];
    EXPECT_EQ(VerdictKey(c.verdict), r.at("verdict"));
    if (r.at("value").empty()) continue;
    ASSERT_TRUE(c.value.has_value());
    EXPECT_NEAR(*c.value, std::stod(r.at("value")), 5e-7);
  }
}

TEST_F(PreschoolCases, RemediesAreTheSmallestWholeAmountThatPasses) {
  ASSERT_TRUE(standard_);
  auto rows = ReadCsv(Dir() + "/expect_remedies.csv");
  ASSERT_GE(rows.size(), 8u);
  for (const Row& r : rows) {
    SCOPED_TRACE(r.at("case") + " " + r.at("goal") + " " + r.at("item") + ": " + r.at("rule"));
    const CountyEvaluation& e = Run(r.at("case"));
    const std::vector<CheckRemedyResult>* remedies = nullptr;
    if (r.at("goal").empty()) {
      const ItemResult* item = Item(e, r.at("item"));
      ASSERT_NE(item, nullptr);
      remedies = &item->checks.at(static_cast<size_t>(std::stoi(r.at("check")))).remedies;
    } else {
      const GoalResult* g = Goal(e, r.at("goal"));
      ASSERT_NE(g, nullptr);
      for (const auto& t : g->targets) {
        if (t.item_id == r.at("item")) remedies = &t.remedies;
      }
      ASSERT_NE(remedies, nullptr);
    }
    size_t k = static_cast<size_t>(std::stoi(r.at("remedy")));
    ASSERT_LT(k, remedies->size());
    const CheckRemedyResult& rem = (*remedies)[k];
    ASSERT_TRUE(rem.amount.has_value()) << rem.problem.zh;
    EXPECT_EQ(*rem.amount, std::stod(r.at("amount")));
    ASSERT_TRUE(rem.value_after.has_value());
    EXPECT_NEAR(*rem.value_after, std::stod(r.at("value_after")), 5e-7);
  }
}

TEST_F(PreschoolCases, GoalsAreJudgedBesideTheVerdictNotInIt) {
  ASSERT_TRUE(standard_);
  for (const Row& r : ReadCsv(Dir() + "/expect_goals.csv")) {
    SCOPED_TRACE(r.at("case") + " " + r.at("goal") + " " + r.at("item") + ": " + r.at("rule"));
    const CountyEvaluation& e = Run(r.at("case"));
    const GoalResult* g = Goal(e, r.at("goal"));
    ASSERT_NE(g, nullptr);
    if (r.at("item").empty()) {
      EXPECT_EQ(VerdictKey(g->verdict), r.at("verdict"));
      continue;
    }
    bool found = false;
    for (const auto& t : g->targets) {
      if (t.item_id != r.at("item")) continue;
      found = true;
      EXPECT_EQ(VerdictKey(t.verdict), r.at("verdict"));
    }
    EXPECT_TRUE(found);
  }
  // The 十四五 goal fails on_thresholds, yet the coverage part passes: a goal
  // never changes the verdict.
  const CountyEvaluation& e = Run("on_thresholds");
  EXPECT_EQ(e.coverage_verdict, Verdict::kPass);
  EXPECT_EQ(Goal(e, "2025")->verdict, Verdict::kFail);
}

TEST_F(PreschoolCases, PartsAreNamedAsThe2020MethodNamesThem) {
  ASSERT_TRUE(standard_);
  const CountyEvaluation& e = Run("on_thresholds");
  auto parts = CountyParts(*standard_, e);
  std::vector<std::string> keys;
  for (const auto& p : parts) keys.push_back(p.key);
  // No resource part (kindergartens are informational) and no vetoes.
  EXPECT_EQ(keys, (std::vector<std::string>{"coverage", "government", "quality", "recognition"}));
  EXPECT_EQ(parts[0].name.zh, "普及普惠水平");
  EXPECT_EQ(parts[1].name.zh, "政府保障情况");
  EXPECT_EQ(parts[2].name.zh, "幼儿园保教质量保障情况");
  // Judged items without a judgment keep the county 待定, whatever the rates.
  EXPECT_EQ(e.government_verdict, Verdict::kIncomplete);
  EXPECT_EQ(e.verdict, Verdict::kIncomplete);
}

TEST_F(PreschoolCases, KindergartensAreListedWithoutCvOrPerSchoolVerdict) {
  ASSERT_TRUE(standard_);
  const CountyEvaluation& e = Run("on_thresholds");
  ASSERT_EQ(e.stages.size(), 1u);
  const StageResult& sr = e.stages[0];
  EXPECT_EQ(sr.stage, Stage::kPreschool);
  EXPECT_EQ(sr.sections.size(), 4u);  // three kindergartens and the 附设幼儿班
  EXPECT_TRUE(sr.cvs.empty());
  EXPECT_EQ(e.resource_verdict, Verdict::kNotApplicable);
  for (const SectionResult& s : sr.sections) {
    EXPECT_EQ(s.verdict, Verdict::kNotApplicable) << s.school_name;
    if (s.school_code != "3301000001") continue;
    // Exactly 4 / 8.17 / 10.44 m² per child meet the standard.
    for (size_t i = 0; i < 3; ++i)
      EXPECT_EQ(s.indicators[i].status, IndicatorStatus::kMeets) << s.indicators[i].id;
    EXPECT_EQ(s.indicators[3].status, IndicatorStatus::kNoStandard);  // 幼师比: county rule only
  }
  for (const SectionResult& s : sr.sections) {
    if (s.school_code != "3301000002") continue;
    // 150 m² of activity rooms for 20 children is below 8.17: no 85% band here.
    EXPECT_EQ(s.indicators[1].status, IndicatorStatus::kBelowFloor);
    EXPECT_FALSE(s.indicators[1].floor.has_value());
  }
}

TEST_F(PreschoolCases, RemediesAreSolvedOnlyWhenAskedFor) {
  // The city overview evaluates every county without plans (options.remedies
  // = false); county checks and goals must then carry no solved levers.
  CaseData data = LoadCase(*standard_, Dir(), "just_below");
  Engine engine(standard_);
  const CountyEvaluation with = engine.EvaluateCounty(data.Input());
  const CountyEvaluation without = engine.EvaluateCounty(data.Input(), {.remedies = false});
  size_t solved = 0;
  for (const ItemResult& it : with.items) {
    for (const CheckResult& c : it.checks) solved += c.remedies.size();
  }
  for (const GoalResult& g : with.goals) {
    for (const GoalTargetResult& t : g.targets) solved += t.remedies.size();
  }
  EXPECT_GT(solved, 0u);
  for (const ItemResult& it : without.items) {
    for (const CheckResult& c : it.checks) EXPECT_TRUE(c.remedies.empty()) << it.id;
  }
  for (const GoalResult& g : without.goals) {
    for (const GoalTargetResult& t : g.targets) EXPECT_TRUE(t.remedies.empty()) << g.id;
  }
  EXPECT_EQ(with.verdict, without.verdict);
}

}  // namespace
}  // namespace jiaodu::testing
