#include "jiaodu/formats/json/quality_json.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "jiaodu/domain/quality/test_util.h"

namespace jiaodu::wire {
namespace {

using nlohmann::json;

quality::CutScoreSet Cuts() {
  quality::CutScoreSetSpec spec;
  spec.id = "t";
  for (const char* subject : {"数学", "语文"}) {
    quality::SubjectCutsSpec s;
    s.subject = subject;
    s.full_marks = 100;
    s.levels = {{"优秀", 85.0}, {"良好", 75.0}, {"合格", 60.0}, {"待合格", std::nullopt}};
    s.pass = "合格";
    s.excellent = "优秀";
    spec.subjects.push_back(s);
  }
  return *quality::CutScoreSet::Build(spec);
}

// The bulletin of the committed fixture (8 schools of 1–30 students, with
// intake), built as the application builds it: the JSON must print it.
QualityBulletin FixtureBulletin(const quality::ScoreSet& set, const quality::CutScoreSet& cuts) {
  QualityBulletin b;
  b.test_id = "t1";
  b.test_name = "测试抽测";
  b.place_code = "990103";
  b.place_name = "东湖区";
  b.schools = set.schools().size();
  b.students = set.student_count();
  std::vector<std::string> labels;
  for (size_t i = 0; i < set.schools().size(); ++i) labels.push_back(i % 2 ? "乡村" : "城区");
  const std::vector<std::string> order = {"城区", "乡村"};
  for (const quality::SubjectReport& rep : quality::Summarize(set, &cuts, {})) {
    BulletinSubject s;
    s.subject = rep.subject_name;
    s.grade = rep.grade_name;
    s.cuts = *rep.cuts;
    s.overall = rep.overall;
    s.between = quality::AnalyseBetweenSchools(rep, labels, order, "城区");
    auto va = quality::EstimateValueAdded(set, rep.subject, rep.grade, {});
    for (const quality::SchoolSummary& m : rep.schools) {
      BulletinSchool row;
      row.code = set.schools()[m.school].code;
      row.summary = m;
      for (const quality::SchoolEffect& e : va->schools) {
        if (e.school == m.school) row.effect = e;
      }
      s.schools.push_back(row);
    }
    va->schools.clear();
    s.value_added = *va;
    b.subjects.push_back(std::move(s));
  }
  return b;
}

const json& SchoolIn(const json& subject, const std::string& code) {
  for (const json& s : subject["schools"]) {
    if (s["code"] == code) return s;
  }
  ADD_FAILURE() << code;
  return subject["schools"][0];
}

const json& Subject(const json& bulletin, const std::string& name) {
  for (const json& s : bulletin["subjects"]) {
    if (s["subject"] == name) return s;
  }
  ADD_FAILURE() << name;
  return bulletin["subjects"][0];
}

TEST(QualityJson, BulletinPrintsTheComputedFiguresAndLabelsTheIccALocalEstimate) {
  const quality::ScoreSet set = quality::testing::Fixture();
  const quality::CutScoreSet cuts = Cuts();
  const QualityBulletin b = FixtureBulletin(set, cuts);
  const json j = QualityBulletinJson(b, std::nullopt);
  ASSERT_EQ(j["subjects"].size(), b.subjects.size());
  const BulletinSubject& math = *std::find_if(b.subjects.begin(), b.subjects.end(),
                                              [](const auto& s) { return s.subject == "数学"; });
  const json& m = Subject(j, "数学");
  EXPECT_DOUBLE_EQ(m["overall"]["mean"].get<double>(), math.overall.mean);
  EXPECT_EQ(m["overall"]["n"].get<size_t>(), math.overall.n);
  EXPECT_DOUBLE_EQ(m["overall"]["pass_rate"].get<double>(), *math.overall.pass_rate);
  EXPECT_EQ(m["overall"]["levels"].size(), 4u);
  EXPECT_EQ(m["cuts"]["pass"], "合格");
  // The ICC appears twice: in the ANOVA and as the labelled local estimate.
  ASSERT_TRUE(math.between.anova.icc.has_value());
  EXPECT_DOUBLE_EQ(m["between"]["anova"]["icc"].get<double>(), *math.between.anova.icc);
  EXPECT_DOUBLE_EQ(m["diff_rate"]["local"].get<double>(), *math.between.anova.icc);
  EXPECT_EQ(m["diff_rate"]["local_label"]["zh"], "校际差异率（本地估计）");
  EXPECT_TRUE(m["diff_rate"]["national"].is_null());
  EXPECT_TRUE(j["national"].is_null());
  // 城乡 gaps against 城区.
  ASSERT_EQ(m["between"]["gaps"].size(), 2u);
  EXPECT_EQ(m["between"]["reference"], "城区");
  EXPECT_DOUBLE_EQ(m["between"]["gaps"][0]["gap"].get<double>(), 0.0);
}

TEST(QualityJson, OneStudentSchoolHasNoIntervalAndEffectsCarryTheirStanding) {
  const quality::ScoreSet set = quality::testing::Fixture();
  const quality::CutScoreSet cuts = Cuts();
  const json m = Subject(QualityBulletinJson(FixtureBulletin(set, cuts), std::nullopt), "数学");
  const json& one = SchoolIn(m, "9901000001");
  EXPECT_EQ(one["n"], 1);
  EXPECT_TRUE(one["ci_low"].is_null());
  EXPECT_TRUE(one["ci_high"].is_null());
  // value_added_test.cc: 9901000008 wholly below, 9901000003 wholly above.
  EXPECT_EQ(SchoolIn(m, "9901000008")["effect"]["standing"], "below");
  EXPECT_EQ(SchoolIn(m, "9901000003")["effect"]["standing"], "above");
  EXPECT_EQ(SchoolIn(m, "9901000006")["effect"]["standing"], "within");
  EXPECT_LT(SchoolIn(m, "9901000008")["effect"]["high"].get<double>(), 0.0);
  // The flag counts are those of the schools' standings.
  int above = 0;
  int below = 0;
  for (const json& s : m["schools"]) {
    above += s["effect"]["standing"] == "above";
    below += s["effect"]["standing"] == "below";
  }
  EXPECT_EQ(m["value_added"]["above"], above);
  EXPECT_EQ(m["value_added"]["below"], below);
  EXPECT_GE(above + below, 2);
  // A small school is drawn further toward 0 than a large one.
  EXPECT_LT(one["effect"]["shrinkage"].get<double>(),
            SchoolIn(m, "9901000008")["effect"]["shrinkage"].get<double>());
}

TEST(QualityJson, NationalFigureStandsBesideTheLocalEstimateNeverInItsPlace) {
  const quality::ScoreSet set = quality::testing::Fixture();
  const quality::CutScoreSet cuts = Cuts();
  const json j =
      QualityBulletinJson(FixtureBulletin(set, cuts), NationalFigures{3, 0.12, "2024-2025学年"});
  const json& m = Subject(j, "数学");
  EXPECT_DOUBLE_EQ(m["diff_rate"]["national"].get<double>(), 0.12);
  EXPECT_NE(m["diff_rate"]["local"].get<double>(), 0.12);
  EXPECT_EQ(j["national"]["min_level"], 3);
}

TEST(QualityJson, SchoolAgainstCountyRanksByMeanWithTies) {
  const quality::ScoreSet set = quality::testing::Fixture();
  const quality::CutScoreSet cuts = Cuts();
  QualityBulletin b = FixtureBulletin(set, cuts);
  // Make two schools equal at the top of 数学: both rank 1 (competition ranks).
  BulletinSubject& math = b.subjects[*set.FindSubject("数学")];
  double best = 0;
  for (const BulletinSchool& s : math.schools) best = std::max(best, s.summary.mean);
  math.schools[0].summary.mean = best + 1;
  math.schools[1].summary.mean = best + 1;
  auto j = QualitySchoolJson(b, math.schools[1].code);
  ASSERT_TRUE(j.has_value());
  const json& m = Subject(*j, "数学");
  EXPECT_EQ(m["rank"], 1);
  EXPECT_EQ(m["of"], math.schools.size());
  EXPECT_DOUBLE_EQ(m["difference"].get<double>(), best + 1 - math.overall.mean);
  auto third = QualitySchoolJson(b, math.schools[2].code);
  ASSERT_TRUE(third.has_value());
  EXPECT_GE(Subject(*third, "数学")["rank"].get<int>(), 3);
  EXPECT_FALSE(QualitySchoolJson(b, "9999999999").has_value());
}

TEST(QualityJson, TrendPointCarriesTheTestAndThePlaceFigures) {
  const quality::ScoreSet set = quality::testing::Fixture();
  const quality::CutScoreSet cuts = Cuts();
  const QualityBulletin b = FixtureBulletin(set, cuts);
  QualityTest t;
  t.id = "2025-spring-g8";
  t.name = "2025年春季八年级抽测";
  t.year = AcademicYear(2024);
  t.term = 2;
  const json p = QualityTrendPointJson(t, "2024-2025学年第二学期", b.subjects[0]);
  EXPECT_EQ(p["test"]["id"], "2025-spring-g8");
  EXPECT_EQ(p["test"]["year"]["start"], 2024);
  EXPECT_DOUBLE_EQ(p["mean"].get<double>(), b.subjects[0].overall.mean);
  EXPECT_EQ(p["schools"], b.subjects[0].schools.size());
  EXPECT_EQ(p["full_marks"], 100.0);
}

}  // namespace
}  // namespace jiaodu::wire
