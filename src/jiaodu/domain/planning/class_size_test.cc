#include "jiaodu/domain/planning/class_size.h"

#include <gtest/gtest.h>

#include "jiaodu/domain/planning/test_util.h"

namespace jiaodu::planning {
namespace {

using testing::HasNotice;
using testing::NationalParams;

// Bands: 46–55 偏大班额 (0), 56–65 大班额 (1), 66+ 超大班额 (2); ≤ 45 none.
TEST(ClassSize, BandEdgesAt45And46) {
  const auto cs = NationalParams().class_size;
  EXPECT_EQ(BandOf(cs, Level::kPrimary, 45), -1);
  EXPECT_EQ(BandOf(cs, Level::kPrimary, 46), 0);
}

TEST(ClassSize, BandEdgesAt55And56) {
  const auto cs = NationalParams().class_size;
  EXPECT_EQ(BandOf(cs, Level::kJunior, 55), 0);
  EXPECT_EQ(BandOf(cs, Level::kJunior, 56), 1);
}

TEST(ClassSize, BandEdgesAt65And66) {
  const auto cs = NationalParams().class_size;
  EXPECT_EQ(BandOf(cs, Level::kPrimary, 65), 1);
  EXPECT_EQ(BandOf(cs, Level::kPrimary, 66), 2);
  EXPECT_EQ(BandOf(cs, Level::kSenior, 120), 2);  // the last band is open
}

TEST(ClassSize, PreschoolClassesAreNotBanded) {
  const auto cs = NationalParams().class_size;
  EXPECT_EQ(BandOf(cs, Level::kPreschool, 70), -1);
}

SchoolRoster Roster(std::string code, std::string area, std::vector<ClassRecord> classes) {
  return {code, code + "校", std::move(area), std::move(classes)};
}

const ClassFinding* FindClass(const SchoolClassSize& s, std::string_view id) {
  for (const auto& f : s.flagged) {
    if (f.class_id == id) return &f;
  }
  return nullptr;
}

// 优质均衡 limits: 小学 ≤ 45, 初中 ≤ 50. A 初中 class of 48 is 偏大班额 by the
// bands yet within its limit; a 小学 class of 46 is both.
TEST(ClassSize, PrimaryLimit45AndJuniorLimit50) {
  const std::vector<SchoolRoster> rosters = {Roster("S1", "A",
                                                    {{"一(1)", Level::kPrimary, 1, 45},
                                                     {"一(2)", Level::kPrimary, 1, 46},
                                                     {"七(1)", Level::kJunior, 1, 50},
                                                     {"七(2)", Level::kJunior, 1, 51},
                                                     {"七(3)", Level::kJunior, 1, 48}})};
  auto r = AnalyseClassSizes(rosters, NationalParams());
  const auto& s = r.schools[0];
  EXPECT_EQ(FindClass(s, "一(1)"), nullptr);  // 45: neither banded nor over
  ASSERT_NE(FindClass(s, "一(2)"), nullptr);
  EXPECT_TRUE(FindClass(s, "一(2)")->over_limit);
  EXPECT_EQ(FindClass(s, "一(2)")->excess, 1);
  EXPECT_EQ(FindClass(s, "一(2)")->band, 0);
  ASSERT_NE(FindClass(s, "七(1)"), nullptr);  // 50: 偏大 band, but within 50
  EXPECT_FALSE(FindClass(s, "七(1)")->over_limit);
  EXPECT_EQ(FindClass(s, "七(1)")->limit, 50);
  EXPECT_TRUE(FindClass(s, "七(2)")->over_limit);
  EXPECT_EQ(FindClass(s, "七(2)")->excess, 1);
  EXPECT_FALSE(FindClass(s, "七(3)")->over_limit);
  EXPECT_EQ(s.all.over_limit, 2);
  EXPECT_EQ(s.all.excess_students, 2);
  EXPECT_EQ(s.by_level[LevelIndex(Level::kPrimary)].over_limit, 1);
  EXPECT_EQ(s.by_level[LevelIndex(Level::kJunior)].over_limit, 1);
}

TEST(ClassSize, PreschoolOverStandardByGradeAndMixedClass) {
  const std::vector<SchoolRoster> rosters = {Roster("K1", "A",
                                                    {{"小一班", Level::kPreschool, 1, 25},
                                                     {"小二班", Level::kPreschool, 1, 26},
                                                     {"大一班", Level::kPreschool, 3, 35},
                                                     {"混合班", Level::kPreschool, 0, 31}})};
  auto r = AnalyseClassSizes(rosters, NationalParams());
  const auto& s = r.schools[0];
  EXPECT_EQ(FindClass(s, "小一班"), nullptr);
  EXPECT_EQ(FindClass(s, "小二班")->limit, 25);
  EXPECT_TRUE(FindClass(s, "小二班")->over_limit);
  EXPECT_EQ(FindClass(s, "大一班"), nullptr);
  EXPECT_EQ(FindClass(s, "混合班")->limit, 30);
  EXPECT_EQ(s.all.within, 4);  // no bands for 幼儿园
}

TEST(ClassSize, SeniorClassesAreBandedButHaveNoLimit) {
  const std::vector<SchoolRoster> rosters = {
      Roster("H1", "A", {{"高一(1)", Level::kSenior, 1, 66}})};
  auto r = AnalyseClassSizes(rosters, NationalParams());
  const auto* f = FindClass(r.schools[0], "高一(1)");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->band, 2);
  EXPECT_FALSE(f->over_limit);
  EXPECT_EQ(f->limit, 0);
}

// Area A: S1 has 45, 56, 66 (小学); S2 has 40, 40 (小学); S3 no roster.
// Area B: S4 has 60 (初中).
TEST(ClassSize, SchoolAndAreaTalliesCountBandsAndTheLargeShare) {
  const std::vector<SchoolRoster> rosters = {
      Roster("S1", "A",
             {{"1", Level::kPrimary, 1, 45},
              {"2", Level::kPrimary, 2, 56},
              {"3", Level::kPrimary, 3, 66}}),
      Roster("S2", "A", {{"1", Level::kPrimary, 1, 40}, {"2", Level::kPrimary, 1, 40}}),
      Roster("S3", "A", {}), Roster("S4", "B", {{"1", Level::kJunior, 1, 60}})};
  auto r = AnalyseClassSizes(rosters, NationalParams());
  ASSERT_EQ(r.areas.size(), 2u);
  const auto& a = r.areas[0];
  EXPECT_EQ(a.area, "A");
  EXPECT_EQ(a.schools, 3);
  EXPECT_EQ(a.schools_without_roster, 1);
  EXPECT_EQ(a.schools_with_large, 1);
  EXPECT_EQ(a.all.classes, 5);
  EXPECT_EQ(a.all.students, 45 + 56 + 66 + 40 + 40);
  EXPECT_EQ(a.all.bands, (std::vector<int64_t>{0, 1, 1}));
  EXPECT_EQ(a.all.within, 3);
  EXPECT_EQ(a.all.large, 2);
  EXPECT_EQ(a.all.LargeShare(), Rate::FromMillionths(400'000));  // 2 of 5
  EXPECT_EQ(a.all.Mean().ToFixed(1), "49.4");                    // 247 / 5
  EXPECT_EQ(a.all.max_size, 66);
  EXPECT_EQ(r.schools[0].flagged.front().class_id, "3");  // largest first
  EXPECT_EQ(r.total.classes, 6);
  EXPECT_EQ(r.total.large, 3);
  EXPECT_EQ(r.bands.size(), 3u);
}

TEST(ClassSize, SchoolWithoutRosterIsReportedNotCountedCompliant) {
  const std::vector<SchoolRoster> rosters = {Roster("S3", "A", {})};
  auto r = AnalyseClassSizes(rosters, NationalParams());
  EXPECT_TRUE(HasNotice(r, "planning.no_class_roster"));
  EXPECT_FALSE(r.schools[0].has_roster);
  EXPECT_EQ(r.notices[0].school, "S3");
  EXPECT_NE(r.notices[0].message.zh.find("未提交班级名单"), std::string::npos);
}

TEST(ClassSize, EmptyClassesAreDroppedWithANotice) {
  const std::vector<SchoolRoster> rosters = {
      Roster("S1", "A", {{"1", Level::kPrimary, 1, 0}, {"2", Level::kPrimary, 9, 44}})};
  auto r = AnalyseClassSizes(rosters, NationalParams());
  EXPECT_TRUE(HasNotice(r, "planning.bad_class"));
  EXPECT_EQ(r.schools[0].all.classes, 1);  // the grade-9 class still counts
}

}  // namespace
}  // namespace jiaodu::planning
