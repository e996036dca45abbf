#include "jiaodu/demo/demo_quality.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "jiaodu/domain/quality/value_added.h"
#include "jiaodu/domain/quality/variance.h"
#include "jiaodu/formats/quality_file/quality_file.h"
#include "jiaodu/formats/standard_file/standard_file.h"

namespace jiaodu::demo {
namespace {

class DemoQualityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib);
    auto standard = lib->Find("cn-yzjh-2017");
    city_ = new DemoCity(GenerateDemoCity(*standard->catalog));
    schools_ = new std::vector<QualityDemoSchool>(
        QualitySchoolsFromCity(*city_, *standard->catalog, 2024));
    auto q = LoadQualityLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(q) << q.error().Describe();
    cuts_ = new quality::CutScoreSet(*q->FindCuts("example-2025-spring-g8"));
    scores_ = new quality::ScoreSet(GenerateQualityScores(*cuts_, *schools_, 2024, 2, 7));
  }
  static void TearDownTestSuite() {
    delete scores_;
    delete cuts_;
    delete schools_;
    delete city_;
  }

  // The ICC of 数学 among the schools of `county`.
  static double CountyIcc(const std::string& county) {
    std::vector<uint32_t> in;
    std::vector<std::string> labels;
    for (uint32_t i = 0; i < scores_->schools().size(); ++i) {
      labels.emplace_back();
      if (scores_->schools()[i].code.substr(0, 6) == county) in.push_back(i);
    }
    for (const quality::SubjectReport& rep : quality::Summarize(*scores_, cuts_, in)) {
      if (rep.subject_name != "数学") continue;
      auto b = quality::AnalyseBetweenSchools(rep, labels);
      EXPECT_TRUE(b.anova.icc.has_value()) << county;
      return b.anova.icc.value_or(-1);
    }
    ADD_FAILURE() << county;
    return -1;
  }

  static DemoCity* city_;
  static std::vector<QualityDemoSchool>* schools_;
  static quality::CutScoreSet* cuts_;
  static quality::ScoreSet* scores_;
};

DemoCity* DemoQualityTest::city_ = nullptr;
std::vector<QualityDemoSchool>* DemoQualityTest::schools_ = nullptr;
quality::CutScoreSet* DemoQualityTest::cuts_ = nullptr;
quality::ScoreSet* DemoQualityTest::scores_ = nullptr;

TEST_F(DemoQualityTest, EverySchoolWithAnJuniorSectionSitsTheTestAndNoOther) {
  std::set<std::string> expected;
  std::set<SchoolType> types;
  for (const SchoolYearRecord& r : city_->schools) {
    if (r.year.start() == 2024 && r.Section(Stage::kJunior) != nullptr &&
        r.school.type != SchoolType::kSpecial) {
      expected.insert(r.school.code);
      types.insert(r.school.type);
    }
  }
  std::set<std::string> got;
  for (const QualityDemoSchool& s : *schools_) got.insert(s.code);
  EXPECT_EQ(got, expected);
  // 初中 alone and the 初中 part of combined schools.
  EXPECT_TRUE(types.count(SchoolType::kJunior));
  EXPECT_GE(types.size(), 2u);
  EXPECT_EQ(scores_->subjects(), (std::vector<std::string>{"语文", "数学", "英语"}));
}

TEST_F(DemoQualityTest, SameSeedSameScoresAndTheCohortCarriesOverWithinTheYear) {
  const quality::ScoreSet again = GenerateQualityScores(*cuts_, *schools_, 2024, 2, 7);
  ASSERT_EQ(again.rows().size(), scores_->rows().size());
  for (size_t i = 0; i < again.rows().size(); i += 997) {
    EXPECT_EQ(again.rows()[i].score, scores_->rows()[i].score);
  }
  // The autumn test of the same year: the same students with the same
  // intake, different sittings.
  const quality::ScoreSet autumn = GenerateQualityScores(*cuts_, *schools_, 2024, 1, 7);
  ASSERT_EQ(autumn.student_count(), scores_->student_count());
  const quality::ScoreRow& a = autumn.rows()[10];
  const quality::ScoreRow& b = scores_->rows()[10];
  EXPECT_EQ(autumn.student_id(a.student), scores_->student_id(b.student));
  EXPECT_EQ(a.prior, b.prior);
  EXPECT_EQ(a.background, b.background);
  size_t differ = 0;
  for (size_t i = 0; i < autumn.rows().size(); i += 101) {
    differ += autumn.rows()[i].score != scores_->rows()[i].score;
  }
  EXPECT_GT(differ, 0u);
}

TEST_F(DemoQualityTest, ScoresAreWithinFullMarksAndLevelsAreAllUsed) {
  for (const quality::SubjectReport& rep : quality::Summarize(*scores_, cuts_, {})) {
    EXPECT_GE(rep.overall.min, 0.0);
    EXPECT_LE(rep.overall.max, rep.cuts->full_marks);
    // A plausible test: most pass, some excel, some do not pass.
    EXPECT_GT(*rep.overall.pass_rate, 0.55) << rep.subject_name;
    EXPECT_LT(*rep.overall.pass_rate, 0.95) << rep.subject_name;
    EXPECT_GT(*rep.overall.excellent_rate, 0.03) << rep.subject_name;
    for (const quality::LevelCount& l : rep.overall.levels) EXPECT_GT(l.count, 0u) << l.name;
  }
}

TEST_F(DemoQualityTest, BetweenSchoolShareIsRealisticAndLargerInTheWeakCounties) {
  const double urban = CountyIcc("990102");     // 城关区
  const double qingshan = CountyIcc("990104");  // 青山县
  const double shimen = CountyIcc("990107");    // 石门县
  for (double icc : {urban, qingshan, shimen}) {
    EXPECT_GT(icc, 0.05);
    EXPECT_LT(icc, 0.35);
  }
  EXPECT_GT(qingshan, urban);
  EXPECT_GT(shimen, urban);
}

TEST_F(DemoQualityTest, ValueAddedIsEstimableAndSmallSchoolsAreShrunk) {
  auto va = quality::EstimateValueAdded(*scores_, *scores_->FindSubject("数学"),
                                        *scores_->FindGrade("八年级"), {});
  ASSERT_TRUE(va) << va.error().Describe();
  EXPECT_EQ(va->covariates.size(), 3u);  // 截距, 前测成绩, 家庭背景指数
  EXPECT_GT(va->r2, 0.3);
  EXPECT_GT(va->residual.sigma2_between, 0.0);
  double small_lambda = 1;
  double large_lambda = 0;
  size_t flagged = 0;
  for (const quality::SchoolEffect& e : va->schools) {
    if (e.n < 30) small_lambda = std::min(small_lambda, e.shrinkage);
    if (e.n > 150) large_lambda = std::max(large_lambda, e.shrinkage);
    flagged += e.standing != quality::Standing::kWithin;
  }
  EXPECT_LT(small_lambda, 0.8);  // at least one small school visibly shrunk
  EXPECT_GT(large_lambda, 0.9);
  EXPECT_GT(flagged, 0u);
}

}  // namespace
}  // namespace jiaodu::demo
