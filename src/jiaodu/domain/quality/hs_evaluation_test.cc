#include "jiaodu/domain/quality/hs_evaluation.h"

#include <gtest/gtest.h>

#include "jiaodu/domain/quality/test_util.h"

namespace jiaodu::quality {
namespace {

HsSchemeSpec Spec() {
  HsSchemeSpec s;
  s.id = "example";
  s.bottom = {BottomRule::Kind::kCount, 1};
  HsIndicator mean;
  mean.id = "Q1";
  mean.points = 60;
  mean.rule = {RuleKind::kLinear, 40, 100, true, {}};  // 0 points at 40, 60 at 100
  HsIndicator dropout;
  dropout.id = "G1";
  dropout.points = 20;
  dropout.rule.kind = RuleKind::kBanded;
  dropout.rule.higher_is_better = false;  // 辍学率: lower is better
  dropout.rule.bands = {{0.005, 20}, {0.01, 15}, {0.02, 8}};
  HsIndicator rank;
  rank.id = "R1";
  rank.points = 20;
  rank.rule.kind = RuleKind::kRank;
  s.indicators = {mean, dropout, rank};
  return s;
}

HsSchoolInput School(std::string id, double mean, double dropout, double rank_value) {
  return {id, id, {{"Q1", mean}, {"G1", dropout}, {"R1", rank_value}}};
}

TEST(HsScoring, LinearBandedAndRankRules) {
  const ScoringRule linear{RuleKind::kLinear, 40, 100, true, {}};
  EXPECT_DOUBLE_EQ(ScoreValue(linear, 60, 70), 30);
  EXPECT_DOUBLE_EQ(ScoreValue(linear, 60, 120), 60);  // clamped
  EXPECT_DOUBLE_EQ(ScoreValue(linear, 60, 10), 0);
  const ScoringRule lower{RuleKind::kLinear, 0.05, 0, true, {}};  // worst > best: lower better
  EXPECT_DOUBLE_EQ(ScoreValue(lower, 10, 0.01), 8);
  const auto scheme = HsScheme::Build(Spec());
  ASSERT_TRUE(scheme) << scheme.error().Describe();
  const ScoringRule& banded = scheme->indicators()[1].rule;
  EXPECT_DOUBLE_EQ(ScoreValue(banded, 20, 0.005), 20);  // on the threshold: that band
  EXPECT_DOUBLE_EQ(ScoreValue(banded, 20, 0.0051), 15);
  EXPECT_DOUBLE_EQ(ScoreValue(banded, 20, 0.03), 0);
}

TEST(HsEvaluation, TotalsRankWithTiesAndTheLastIsFlaggedForInterview) {
  auto scheme = HsScheme::Build(Spec());
  ASSERT_TRUE(scheme);
  // A: 60·(85−40)/60 = 45, band 20, rank 1 → 20: 85
  // B: 45, 15 (0.008), rank 2 of 4 → 20·(4−2)/3 = 13.33: 73.33
  // C: same as B: 73.33 (tie at rank 2)
  // D: 30, 8, rank 4 → 0: 38
  const std::vector<HsSchoolInput> in = {School("A", 85, 0.004, 9), School("B", 85, 0.008, 5),
                                         School("C", 85, 0.008, 5), School("D", 70, 0.015, 1)};
  auto ev = EvaluateHighSchools(*scheme, 2025, in);
  ASSERT_TRUE(ev) << ev.error().Describe();
  ASSERT_EQ(ev->schools.size(), 4u);
  EXPECT_EQ(ev->schools[0].school, "A");
  EXPECT_DOUBLE_EQ(ev->schools[0].total, 85);
  EXPECT_EQ(ev->schools[1].rank, 2);
  EXPECT_EQ(ev->schools[2].rank, 2);
  EXPECT_DOUBLE_EQ(ev->schools[1].total, 73.33);
  EXPECT_EQ(ev->schools[3].school, "D");
  EXPECT_EQ(ev->schools[3].rank, 4);
  EXPECT_TRUE(ev->schools[3].bottom);
  EXPECT_FALSE(ev->schools[2].bottom);
  EXPECT_FALSE(ev->schools[3].follow_up);  // no previous year
  EXPECT_FALSE(ev->schools[3].bottom_last_year);
}

TEST(HsEvaluation, BottomTwoYearsRunningIsFlaggedForFollowUp) {
  auto scheme = HsScheme::Build(Spec());
  ASSERT_TRUE(scheme);
  const std::vector<HsSchoolInput> y1 = {School("A", 85, 0.004, 9), School("D", 50, 0.03, 1)};
  auto last = EvaluateHighSchools(*scheme, 2024, y1);
  ASSERT_TRUE(last);
  const std::vector<HsSchoolInput> y2 = {School("A", 90, 0.004, 9), School("D", 52, 0.03, 1),
                                         School("N", 99, 0.0, 9)};
  auto now = EvaluateHighSchools(*scheme, 2025, y2, &*last);
  ASSERT_TRUE(now);
  const HsSchoolResult& d = now->schools.back();
  EXPECT_EQ(d.school, "D");
  EXPECT_TRUE(d.bottom);
  EXPECT_EQ(d.bottom_last_year, true);
  EXPECT_TRUE(d.follow_up);
  // Not consecutive years: no follow-up, and a note says why.
  auto gap = EvaluateHighSchools(*scheme, 2026, y2, &*last);
  ASSERT_TRUE(gap);
  EXPECT_FALSE(gap->schools.back().follow_up);
  EXPECT_FALSE(gap->notes.empty());
}

TEST(HsEvaluation, AMissingValueScoresZeroAndIsListed) {
  auto scheme = HsScheme::Build(Spec());
  ASSERT_TRUE(scheme);
  std::vector<HsSchoolInput> in = {School("A", 85, 0.004, 9), School("B", 85, 0.004, 8)};
  in[1].values.erase("G1");
  auto ev = EvaluateHighSchools(*scheme, 2025, in);
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->schools[1].missing, std::vector<std::string>{"G1"});
  EXPECT_DOUBLE_EQ(ev->schools[1].scores[1].points, 0);
  EXPECT_FALSE(ev->notes.empty());
}

TEST(HsEvaluation, RefusesUnknownIndicatorsAndDuplicateSchools) {
  auto scheme = HsScheme::Build(Spec());
  ASSERT_TRUE(scheme);
  std::vector<HsSchoolInput> in = {School("A", 85, 0.004, 9)};
  in[0].values["Q9"] = 1;
  EXPECT_EQ(EvaluateHighSchools(*scheme, 2025, in).error().id, "quality.hs_unknown_indicator");
  const std::vector<HsSchoolInput> twice = {School("A", 85, 0.004, 9), School("A", 1, 1, 1)};
  EXPECT_EQ(EvaluateHighSchools(*scheme, 2025, twice).error().id, "quality.hs_duplicate_school");
  EXPECT_EQ(EvaluateHighSchools(*scheme, 2025, {}).error().id, "quality.hs_no_schools");
}

TEST(HsScheme, RefusesMalformedRulesSourcesAndBottomGroups) {
  HsSchemeSpec s = Spec();
  s.indicators[1].rule.bands = {{0.01, 15}, {0.005, 20}};  // worst band first
  EXPECT_EQ(HsScheme::Build(s).error().id, "quality.scheme_rule");
  s = Spec();
  s.indicators[0].rule.best = 40;
  EXPECT_EQ(HsScheme::Build(s).error().id, "quality.scheme_rule");
  s = Spec();
  s.indicators[0].source = "quality.median:数学";
  EXPECT_EQ(HsScheme::Build(s).error().id, "quality.scheme_source");
  s = Spec();
  s.indicators[2].id = "Q1";
  EXPECT_EQ(HsScheme::Build(s).error().id, "quality.scheme_duplicate");
  s = Spec();
  s.bottom = {BottomRule::Kind::kShare, 1.5};
  EXPECT_EQ(HsScheme::Build(s).error().id, "quality.scheme_bottom");
}

TEST(HsScheme, PointsMustAddUpToTheDeclaredTotalAndTheTieBreakMustExist) {
  HsSchemeSpec s = Spec();  // 60 + 20 + 20
  s.declared_total = 100;
  EXPECT_TRUE(HsScheme::Build(s));
  s.declared_total = 1;  // weights written as shares would need 0.6, 0.2, 0.2
  EXPECT_EQ(HsScheme::Build(s).error().id, "quality.scheme_weights");
  s = Spec();
  s.tie_break = "Z9";
  EXPECT_EQ(HsScheme::Build(s).error().id, "quality.scheme_rule");
  s = Spec();
  s.indicators[2].rule.kind = RuleKind::kExpert;
  s.indicators[2].max = 120;  // an expert score is 0–100
  EXPECT_EQ(HsScheme::Build(s).error().id, "quality.scheme_rule");
}

TEST(HsEvaluation, AValueOutsideTheIndicatorsRangeIsRefused) {
  HsSchemeSpec s = Spec();
  s.indicators[1].min = 0;
  s.indicators[1].max = 1;  // 辍学率 is a share
  auto scheme = HsScheme::Build(s);
  ASSERT_TRUE(scheme);
  const std::vector<HsSchoolInput> in = {School("A", 85, 1.5, 9)};
  EXPECT_EQ(EvaluateHighSchools(*scheme, 2025, in).error().id, "quality.hs_value_range");
  const std::vector<HsSchoolInput> edge = {School("A", 85, 1, 9)};  // on the bound: allowed
  EXPECT_TRUE(EvaluateHighSchools(*scheme, 2025, edge));
}

TEST(HsEvaluation, NoTwoYearFlagAcrossSchemeFamilies) {
  HsSchemeSpec s = Spec();
  s.family = "old";
  auto old_scheme = HsScheme::Build(s);
  auto new_scheme = HsScheme::Build(Spec());  // family defaults to its id
  ASSERT_TRUE(old_scheme && new_scheme);
  const std::vector<HsSchoolInput> in = {School("A", 85, 0.004, 9), School("B", 50, 0.03, 1)};
  auto last = EvaluateHighSchools(*old_scheme, 2024, in);
  ASSERT_TRUE(last);
  ASSERT_TRUE(last->schools[1].bottom);
  auto now = EvaluateHighSchools(*new_scheme, 2025, in, &*last);
  ASSERT_TRUE(now);
  EXPECT_TRUE(now->schools[1].bottom);
  EXPECT_FALSE(now->schools[1].follow_up);
  ASSERT_FALSE(now->notes.empty());
  EXPECT_NE(now->notes.back().zh.find("另一方案系列"), std::string::npos);
  auto same = EvaluateHighSchools(*old_scheme, 2025, in, &*last);
  ASSERT_TRUE(same);
  EXPECT_TRUE(same->schools[1].follow_up);
}

TEST(HsEvaluation, QualityIndicatorsAreFilledFromTheScoreResults) {
  HsSchemeSpec s = Spec();
  s.indicators[0].source = "quality.mean:数学";
  s.indicators.resize(1);
  auto scheme = HsScheme::Build(s);
  ASSERT_TRUE(scheme) << scheme.error().Describe();
  const ScoreSet set = testing::Groups({{60, 70}, {90, 100}});
  const auto reports = Summarize(set, nullptr, {});
  std::vector<HsSchoolInput> in = {{"A", "甲", {}}, {"B", "乙", {}}, {"Z", "无成绩", {}}};
  ASSERT_TRUE(FillQualityValues(*scheme, set, reports, {}, in));
  EXPECT_DOUBLE_EQ(in[0].values.at("Q1"), 65);
  EXPECT_DOUBLE_EQ(in[1].values.at("Q1"), 95);
  EXPECT_FALSE(in[2].values.contains("Q1"));
  s.indicators[0].source = "quality.mean:物理";
  auto physics = HsScheme::Build(s);
  ASSERT_TRUE(physics);
  EXPECT_EQ(FillQualityValues(*physics, set, reports, {}, in).error().id, "quality.scheme_source");
}

}  // namespace
}  // namespace jiaodu::quality
