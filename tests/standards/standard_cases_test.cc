// Runs the data-driven case files of tests/standards/cn-yzjh-2017/ through
// the engine with the shipped standard file. Each expectation row names the
// rule it checks; a failure message repeats it.
#include <gtest/gtest.h>

#include <fstream>

#include "jiaodu/core/number.h"
#include "standards/case_loader.h"

namespace jiaodu::testing {
namespace {

std::string DirOf(const std::string& standard) {
  return std::string(JIAODU_TEST_FIXTURE_DIR) + "/../standards/" + standard;
}

bool Exists(const std::string& path) { return std::ifstream(path).good(); }

char Letter(IndicatorStatus s) {
  switch (s) {
    case IndicatorStatus::kMeets:
      return 'M';
    case IndicatorStatus::kAboveFloor:
      return 'A';
    case IndicatorStatus::kBelowFloor:
      return 'B';
    case IndicatorStatus::kMissing:
      return 'X';
    case IndicatorStatus::kNoStandard:
      return '-';
  }
  return '?';
}

// Every standard with a case directory runs the same checks; a standard
// without a given expectation file skips that check.
class StandardCases : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    standard_ = LoadShippedStandard(GetParam());
    ASSERT_TRUE(standard_);
    dir_ = DirOf(GetParam());
  }
  std::vector<Row> Expect(const std::string& file) {
    if (!Exists(dir_ + "/" + file)) return {};
    return ReadCsv(dir_ + "/" + file);
  }
  CountyEvaluation Run(const std::string& name, CaseData& holder) {
    holder = LoadCase(*standard_, dir_, name);
    Engine engine(standard_);
    return engine.EvaluateCounty(holder.Input());
  }
  static const SectionResult* FindSection(const CountyEvaluation& e, const std::string& school,
                                          Stage stage) {
    for (const auto& sr : e.stages) {
      for (const auto& s : sr.sections) {
        if (s.school_code == school && s.stage == stage) return &s;
      }
    }
    return nullptr;
  }
  std::shared_ptr<const Standard> standard_;
  std::string dir_;
};

TEST_P(StandardCases, PerSchoolRuleEdges) {
  auto rows = Expect("expect_sections.csv");
  if (rows.empty()) GTEST_SKIP() << "no per-school rule cases";
  for (const Row& r : rows) {
    SCOPED_TRACE(r.at("case") + ": " + r.at("rule"));
    CaseData data;
    CountyEvaluation e = Run(r.at("case"), data);
    const SectionResult* s = FindSection(e, r.at("school"), *ParseStage(r.at("stage")));
    ASSERT_NE(s, nullptr);
    std::string letters;
    for (const auto& iv : s->indicators) letters.push_back(Letter(iv.status));
    EXPECT_EQ(letters, r.at("statuses"));
    EXPECT_EQ(VerdictKey(s->verdict), r.at("verdict"));
  }
}

TEST_P(StandardCases, StudentWeightedCvAgainstLimits) {
  auto rows = Expect("expect_cv.csv");
  ASSERT_GE(rows.size(), 5u);
  for (const Row& r : rows) {
    SCOPED_TRACE(r.at("case") + " " + r.at("indicator") + ": " + r.at("rule"));
    CaseData data;
    CountyEvaluation e = Run(r.at("case"), data);
    const StageResult* sr = e.FindStage(*ParseStage(r.at("stage")));
    ASSERT_NE(sr, nullptr);
    const CvResult* cv = nullptr;
    for (const auto& c : sr->cvs) {
      if (c.indicator_id == r.at("indicator")) cv = &c;
    }
    ASSERT_NE(cv, nullptr);
    EXPECT_EQ(VerdictKey(cv->verdict), r.at("verdict"));
    if (r.at("cv").empty()) {
      EXPECT_FALSE(cv->cv.has_value());
      EXPECT_FALSE(cv->problem.zh.empty());
    } else {
      ASSERT_TRUE(cv->cv.has_value());
      EXPECT_EQ(FormatFixed(*cv->cv, 6), r.at("cv"));
    }
  }
}

TEST_P(StandardCases, SharedResourcesOfOneSchoolAreSplitBySection) {
  auto rows = Expect("expect_values.csv");
  if (rows.empty()) GTEST_SKIP() << "no value cases";
  for (const Row& r : rows) {
    SCOPED_TRACE(r.at("case") + " " + r.at("indicator") + ": " + r.at("rule"));
    CaseData data;
    CountyEvaluation e = Run(r.at("case"), data);
    const SectionResult* s = FindSection(e, r.at("school"), *ParseStage(r.at("stage")));
    ASSERT_NE(s, nullptr);
    const IndicatorValue* iv = nullptr;
    for (const auto& v : s->indicators) {
      if (v.id == r.at("indicator")) iv = &v;
    }
    ASSERT_NE(iv, nullptr);
    ASSERT_TRUE(iv->value.has_value()) << iv->missing_reason.zh;
    EXPECT_EQ(FormatFixed(*iv->value, 6), r.at("value"));
  }
}

TEST_P(StandardCases, ExcludedSchoolsAreListedWithReason) {
  auto rows = Expect("expect_excluded.csv");
  if (rows.empty()) GTEST_SKIP() << "no exclusion cases";
  for (const Row& r : rows) {
    SCOPED_TRACE(r.at("rule"));
    CaseData data;
    CountyEvaluation e = Run(r.at("case"), data);
    Stage stage = *ParseStage(r.at("stage"));
    EXPECT_EQ(FindSection(e, r.at("school"), stage), nullptr);
    bool listed = false;
    for (const auto& x : e.excluded) {
      if (x.school_code == r.at("school") && x.stage == stage) listed = !x.reason.zh.empty();
    }
    EXPECT_TRUE(listed);
  }
}

TEST_P(StandardCases, CompositeIsTheMeanOfUnroundedCvsAgainstItsLimit) {
  auto rows = Expect("expect_composite.csv");
  if (rows.empty()) GTEST_SKIP() << "no composite cases";
  for (const Row& r : rows) {
    SCOPED_TRACE(r.at("case") + ": " + r.at("rule"));
    CaseData data;
    CountyEvaluation e = Run(r.at("case"), data);
    const StageResult* sr = e.FindStage(*ParseStage(r.at("stage")));
    ASSERT_NE(sr, nullptr);
    ASSERT_TRUE(sr->composite_cv);
    EXPECT_EQ(FormatFixed(*sr->composite_cv, 6), r.at("composite"));
    EXPECT_EQ(FormatFixed(*sr->composite_cv, standard_->policy.cv_display_decimals),
              r.at("printed"));
    EXPECT_EQ(VerdictKey(sr->composite_verdict), r.at("verdict"));
    EXPECT_EQ(VerdictKey(sr->verdict), r.at("verdict"));
    if (sr->composite_verdict == Verdict::kFail) {
      // What it takes: a cap on the largest CVs, verified.
      EXPECT_TRUE(sr->composite_cap);
      ASSERT_TRUE(sr->composite_after);
      EXPECT_LE(*sr->composite_after, *sr->composite_limit + 1e-9);
      EXPECT_TRUE(sr->plan.verified);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shipped, StandardCases, ::testing::Values("cn-yzjh-2017", "cn-jbjh-2012"));

class Yzjh2017Cases : public StandardCases {
 protected:
  void SetUp() override {
    standard_ = LoadShippedStandard("cn-yzjh-2017");
    ASSERT_TRUE(standard_);
    dir_ = DirOf("cn-yzjh-2017");
  }
};

TEST_F(Yzjh2017Cases, CompositeIsMeanOfUnroundedCvsAndInformational) {
  CaseData data;
  CountyEvaluation e = Run("mixed_five_schools", data);
  const StageResult* sr = e.FindStage(Stage::kPrimary);
  ASSERT_NE(sr, nullptr);
  ASSERT_TRUE(sr->composite_cv);
  EXPECT_EQ(FormatFixed(*sr->composite_cv, 6), "0.160382");  // expected_cv.py
  EXPECT_EQ(sr->cv_verdict, Verdict::kPass);
}

TEST_F(Yzjh2017Cases, SeniorSectionOfCompleteSchoolIsNotEvaluated) {
  CaseData data;
  CountyEvaluation e = Run("complete_school_split", data);
  for (const auto& sr : e.stages) EXPECT_NE(sr.stage, Stage::kSenior);
  EXPECT_EQ(e.FindStage(Stage::kJunior)->sections.size(), 1u);
  EXPECT_EQ(e.FindStage(Stage::kPrimary)->verdict, Verdict::kNotApplicable);
}

}  // namespace
}  // namespace jiaodu::testing
