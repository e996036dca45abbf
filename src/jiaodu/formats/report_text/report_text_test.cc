#include "jiaodu/formats/report_text/report_text.h"

#include <gtest/gtest.h>

namespace jiaodu::report {
namespace {

CheckResult CoverageCheck() {
  CheckResult c;
  c.label = Text("普惠性幼儿园覆盖率", "inclusive coverage");
  c.scope = CheckScope::kCounty;
  c.value = 0.765;
  c.threshold = 0.8;
  c.op = CompareOp::kGe;
  c.percent = true;
  c.decimals = 2;
  c.verdict = Verdict::kFail;
  return c;
}

TEST(ReportText, RemedyGivesTheWholeAmountAndTheValueItReaches) {
  CheckResult c = CoverageCheck();
  CheckRemedyResult r;
  r.text = Text("非普惠性民办园转为普惠性民办园", "convert");
  r.unit = Text("人", "children");
  r.amount = 1230;
  r.value_after = 0.80012;
  c.remedies.push_back(r);
  EXPECT_EQ(RemedyText(c, r), "非普惠性民办园转为普惠性民办园：1,230 人（之后为 80.01%）");
  const std::string text = CheckText(c, 6);
  EXPECT_NE(text.find("普惠性幼儿园覆盖率：76.50%（标准≥80.00%），未达标"), std::string::npos)
      << text;
  EXPECT_NE(text.find("达标所需：非普惠性民办园转为普惠性民办园：1,230 人"), std::string::npos)
      << text;
}

TEST(ReportText, RemedyThatCannotReachSaysWhy) {
  CheckResult c = CoverageCheck();
  CheckRemedyResult r;
  r.text = Text("非普惠性民办园转为普惠性民办园", "convert");
  r.unit = Text("人", "children");
  r.limit = 300;
  r.problem = Text("即使全部非普惠性民办园转为普惠性民办园（300人）仍达不到要求", "not enough");
  EXPECT_EQ(RemedyText(c, r),
            "非普惠性民办园转为普惠性民办园：即使全部非普惠性民办园转为普惠性民办园（300人）"
            "仍达不到要求");
}

TEST(ReportText, UnitIsShownForAmountsButNotForPercentages) {
  CheckResult c = CoverageCheck();
  c.unit = Text("人", "");
  EXPECT_EQ(ThresholdText(c), "≥80.00%");
  c.percent = false;
  c.threshold = 15;
  c.decimals = 1;
  EXPECT_EQ(ThresholdText(c), "≥15.0人");
}

TEST(ReportText, GoalTargetSaysReachedOrNotAgainstTheGoalNotTheStandard) {
  GoalTargetResult t;
  t.label = Text("普惠性幼儿园覆盖率", "");
  t.value = 0.82;
  t.threshold = 0.85;
  t.percent = true;
  t.verdict = Verdict::kFail;
  EXPECT_EQ(GoalTargetText(t), "普惠性幼儿园覆盖率：82.00%，目标≥85.00%，未达到");
  t.verdict = Verdict::kPass;
  t.threshold = 0.8;
  EXPECT_EQ(GoalTargetText(t), "普惠性幼儿园覆盖率：82.00%，目标≥80.00%，已达到");
  t.value.reset();
  EXPECT_EQ(GoalTargetText(t), "普惠性幼儿园覆盖率：无法计算，目标≥80.00%");
}

TEST(ReportText, StageSummaryLeavesOutDispersionWhenTheStandardComputesNone) {
  Standard st;
  st.resource.compute_cv = false;
  StageResult sr;
  sr.stage = Stage::kPreschool;
  sr.schools = 12;
  sr.schools_verdict = Verdict::kNotApplicable;
  sr.cvs.push_back(CvResult{});
  const std::string s = StageSummary(st, sr);
  EXPECT_EQ(s.find("差异系数"), std::string::npos) << s;
  EXPECT_NE(s.find("参评学校 12 所（不设单校达标要求）"), std::string::npos) << s;
}

TEST(ReportText, StageSummaryCountsOnlyTheCvsThatHaveALimit) {
  Standard st;
  StageResult sr;
  sr.stage = Stage::kPrimary;
  sr.schools = 3;
  sr.schools_verdict = Verdict::kNotApplicable;
  CvResult judged;
  judged.cv = 0.4;
  judged.limit = 0.5;
  judged.verdict = Verdict::kPass;
  CvResult unjudged;  // 2012: single CVs have no limit of their own
  unjudged.cv = 0.7;
  unjudged.verdict = Verdict::kNotApplicable;
  sr.cvs = {judged, unjudged};
  EXPECT_NE(StageSummary(st, sr).find("1 项差异系数均未超标"), std::string::npos);
}

TEST(ReportText, PartDetailOfTheCoveragePartCountsCoverageItemsOnly) {
  Standard st;
  CountyEvaluation e;
  ItemResult p1;
  p1.part = ItemPart::kCoverage;
  p1.verdict = Verdict::kPass;
  ItemResult p2 = p1;
  p2.verdict = Verdict::kFail;
  ItemResult g1;
  g1.part = ItemPart::kGovernment;
  g1.verdict = Verdict::kFail;
  e.items = {p1, p2, g1};
  const PartVerdict coverage{"coverage", Text("普及普惠", ""), Verdict::kFail};
  EXPECT_EQ(PartDetail(st, e, coverage), "共 2 项：达标 1 项，未达标 1 项，待定 0 项");
}

TEST(ReportText, OverallSummaryNamesTheFailingPartsAsTheStandardNamesThem) {
  Standard st;
  CountyEvaluation e;
  e.verdict = Verdict::kFail;
  e.parts = {{"coverage", Text("普及普惠水平", ""), Verdict::kFail},
             {"government", Text("政府保障程度", ""), Verdict::kPass},
             {"quality", Text("保教质量", ""), Verdict::kFail}};
  EXPECT_EQ(OverallSummary(st, e), "未达标方面：普及普惠水平、保教质量。原因见下。");
}

TEST(ReportText, AdditionWithoutAPerSchoolRuleIsForTheDispersion) {
  Standard st;  // min_meeting 0: no per-school rule (2012 monitoring)
  Indicator ind;
  ind.id = "L1";
  ind.standard.Set(Stage::kPrimary, 4.2);
  st.indicators.push_back(ind);
  Change c;
  c.indicator_id = "L1";
  c.from_value = 3;
  c.to_value = 5;
  EXPECT_EQ(PurposeName(st, c), "降低差异系数");
  st.resource.min_meeting = 6;
  st.resource.floor_ratio = 0.85;
  EXPECT_EQ(PurposeName(st, c), "达到标准");
  c.to_value = 3.6;  // ≥ 0.85 × 4.2 = 3.57
  EXPECT_EQ(PurposeName(st, c), "达到85%");
}

}  // namespace
}  // namespace jiaodu::report
