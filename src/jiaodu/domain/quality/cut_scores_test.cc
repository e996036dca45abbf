#include "jiaodu/domain/quality/cut_scores.h"

#include <gtest/gtest.h>

namespace jiaodu::quality {
namespace {

SubjectCutsSpec Math() {
  return {"数学", "",    120, {{"优秀", 102}, {"良好", 90}, {"合格", 72}, {"待合格", {}}},
          "合格", "优秀"};
}

CutScoreSetSpec Spec(std::vector<SubjectCutsSpec> subjects) {
  CutScoreSetSpec s;
  s.id = "t";
  s.subjects = std::move(subjects);
  return s;
}

TEST(CutScores, ScoreExactlyOnACutGetsTheHigherLevel) {
  auto set = CutScoreSet::Build(Spec({Math()}));
  ASSERT_TRUE(set) << set.error().Describe();
  const SubjectCuts& m = set->subjects()[0];
  EXPECT_EQ(m.LevelOf(102), 0u);  // on the 优秀 cut: 优秀
  EXPECT_EQ(m.LevelOf(101.5), 1u);
  EXPECT_EQ(m.LevelOf(90), 1u);
  EXPECT_EQ(m.LevelOf(72), 2u);  // on the 合格 cut: passes
  EXPECT_TRUE(m.Passes(72));
  EXPECT_FALSE(m.Passes(71.5));
  EXPECT_EQ(m.LevelOf(0), 3u);
  EXPECT_TRUE(m.Excellent(102));
  EXPECT_FALSE(m.Excellent(101.99));
}

TEST(CutScores, BinaryNoiseBelowACutStillCountsAsOnIt) {
  auto set = CutScoreSet::Build(Spec({Math()}));
  ASSERT_TRUE(set);
  // 0.1 + 0.2 style noise: a score computed as 72 − 1 ulp is 72 on paper.
  EXPECT_EQ(set->subjects()[0].LevelOf(71.99999999999999), 2u);
}

TEST(CutScores, GradeSpecificCutsWinOverAllGrades) {
  SubjectCutsSpec g8 = Math();
  g8.grade = "八年级";
  g8.levels[0].min = 108;
  auto set = CutScoreSet::Build(Spec({Math(), g8}));
  ASSERT_TRUE(set);
  EXPECT_EQ(*set->Find("数学", "八年级")->levels[0].min, 108);
  EXPECT_EQ(*set->Find("数学", "七年级")->levels[0].min, 102);
  EXPECT_EQ(set->Find("物理", "八年级"), nullptr);
}

TEST(CutScores, RefusesCutsOutOfOrderOrBeyondFullMarks) {
  SubjectCutsSpec s = Math();
  s.levels[1].min = 105;  // 良好 above 优秀
  EXPECT_EQ(CutScoreSet::Build(Spec({s})).error().id, "quality.cuts_order");
  s = Math();
  s.levels[0].min = 130;
  EXPECT_EQ(CutScoreSet::Build(Spec({s})).error().id, "quality.cuts_order");
  s = Math();
  s.levels[3].min = 30;  // the catch-all level with a cut
  EXPECT_EQ(CutScoreSet::Build(Spec({s})).error().id, "quality.cuts_order");
  s = Math();
  s.levels[3].min = 0;  // 0 says the same as no cut
  EXPECT_TRUE(CutScoreSet::Build(Spec({s})));
}

TEST(CutScores, RefusesUnknownOrInvertedPassAndExcellentLevels) {
  SubjectCutsSpec s = Math();
  s.pass = "及格";
  EXPECT_EQ(CutScoreSet::Build(Spec({s})).error().id, "quality.cuts_unknown_level");
  s = Math();
  s.pass = "优秀";
  s.excellent = "良好";
  EXPECT_EQ(CutScoreSet::Build(Spec({s})).error().id, "quality.cuts_unknown_level");
}

TEST(CutScores, RefusesDuplicatesAndEmptySets) {
  EXPECT_EQ(CutScoreSet::Build(Spec({Math(), Math()})).error().id, "quality.cuts_duplicate");
  EXPECT_EQ(CutScoreSet::Build(Spec({})).error().id, "quality.cuts_empty");
  SubjectCutsSpec s = Math();
  s.levels[2].name = "良好";
  EXPECT_EQ(CutScoreSet::Build(Spec({s})).error().id, "quality.cuts_duplicate");
}

}  // namespace
}  // namespace jiaodu::quality
