#include "jiaodu/domain/quality/scores.h"

#include <gtest/gtest.h>

#include "jiaodu/domain/quality/test_util.h"

namespace jiaodu::quality {
namespace {

CutScoreSet Cuts() {
  CutScoreSetSpec spec;
  spec.id = "t";
  spec.subjects.push_back({"数学",
                           "",
                           100,
                           {{"优秀", 85}, {"良好", 70}, {"合格", 60}, {"待合格", {}}},
                           "合格",
                           "优秀"});
  return *CutScoreSet::Build(spec);
}

TEST(Describe, MeanSdPercentilesAndRatesOfOneSubject) {
  const CutScoreSet cuts = Cuts();
  // Scores exactly on the cuts count at the higher level (Q2).
  std::vector<double> v = {85, 70, 60, 59.5, 100, 40, 72, 90, 60, 85};
  const Distribution d = Describe(v, &cuts.subjects()[0], {});
  EXPECT_EQ(d.n, 10u);
  EXPECT_DOUBLE_EQ(d.mean, 72.15);
  // Σ(y − 72.15)² = 2918.025 → sd = √(2918.025 / 9) = √324.225
  EXPECT_NEAR(d.sd, 18.006248915307154, 1e-12);
  EXPECT_DOUBLE_EQ(d.min, 40);
  EXPECT_DOUBLE_EQ(d.max, 100);
  // sorted: 40 59.5 60 60 70 72 85 85 90 100; median (type 7) = (70 + 72)/2
  ASSERT_EQ(d.percentiles.size(), 5u);
  EXPECT_DOUBLE_EQ(d.percentiles[2].value, 71);
  EXPECT_DOUBLE_EQ(d.percentiles[1].value, 60);  // h = 2.25 → 60 + 0.25·0
  EXPECT_DOUBLE_EQ(d.percentiles[4].value, 91);  // h = 8.1 → 90 + 0.1·10
  EXPECT_DOUBLE_EQ(*d.excellent_rate, 0.4);      // 85 85 90 100
  EXPECT_DOUBLE_EQ(*d.pass_rate, 0.8);           // all but 40 and 59.5
  ASSERT_EQ(d.levels.size(), 4u);
  EXPECT_EQ(d.levels[0].count, 4u);
  EXPECT_EQ(d.levels[1].count, 2u);  // 70 72
  EXPECT_EQ(d.levels[2].count, 2u);  // 60 60
  EXPECT_EQ(d.levels[3].count, 2u);
}

TEST(Describe, HistogramRunsFromZeroToFullMarksWithTheLastBinClosed) {
  const CutScoreSet cuts = Cuts();
  std::vector<double> v = {0, 9.5, 10, 95, 100};
  const Distribution d = Describe(v, &cuts.subjects()[0], {});
  ASSERT_EQ(d.histogram.counts.size(), 10u);
  EXPECT_DOUBLE_EQ(d.histogram.width, 10);
  EXPECT_EQ(d.histogram.counts[0], 2u);  // 0, 9.5
  EXPECT_EQ(d.histogram.counts[1], 1u);  // 10
  EXPECT_EQ(d.histogram.counts[9], 2u);  // 95, 100 (full marks in the last bin)
}

TEST(Summarize, SchoolMeansCarryTIntervalsAndNoneForOneStudent) {
  ScoreSet set = testing::Groups({{60, 70, 80}, {90}});
  const CutScoreSet cuts = Cuts();
  const auto reports = Summarize(set, &cuts, {});
  ASSERT_EQ(reports.size(), 1u);
  const SubjectReport& r = reports[0];
  EXPECT_EQ(r.subject_name, "数学");
  ASSERT_EQ(r.schools.size(), 2u);
  const SchoolSummary& a = r.schools[0];
  EXPECT_DOUBLE_EQ(a.mean, 70);
  EXPECT_DOUBLE_EQ(a.sd, 10);
  // t(0.975, 2) = 4.302652729749464; half-width 4.3027·10/√3 = 24.8414
  EXPECT_NEAR(*a.ci_low, 70 - 24.841377, 1e-5);
  EXPECT_NEAR(*a.ci_high, 70 + 24.841377, 1e-5);
  EXPECT_DOUBLE_EQ(*a.pass_rate, 1);  // 60 is on the 合格 cut
  EXPECT_DOUBLE_EQ(*a.excellent_rate, 0);
  EXPECT_FALSE(r.schools[1].ci_low);
}

TEST(Summarize, ScopeKeepsOnlyTheSchoolsAsked) {
  ScoreSet set = testing::Groups({{60, 70}, {90, 100}, {10}});
  const std::vector<uint32_t> scope = {1};
  const auto reports = Summarize(set, nullptr, scope);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].overall.n, 2u);
  EXPECT_DOUBLE_EQ(reports[0].overall.mean, 95);
  EXPECT_FALSE(reports[0].overall.pass_rate);  // no cuts given
}

TEST(ScoreSet, InterningGivesOneIndexPerKey) {
  ScoreSet set;
  EXPECT_EQ(set.School("3299000001", "一中"), set.School("3299000001", ""));
  EXPECT_EQ(set.schools()[0].name, "一中");
  EXPECT_NE(set.Class(0, "1班"), set.Class(1, "1班"));  // class labels are per school
  EXPECT_EQ(set.Class(0, ""), 0u);
  EXPECT_EQ(set.Subject("数学"), set.Subject("数学"));
  EXPECT_FALSE(set.FindSubject("物理"));
  EXPECT_EQ(*set.FindSchool("3299000001"), 0u);
}

}  // namespace
}  // namespace jiaodu::quality
