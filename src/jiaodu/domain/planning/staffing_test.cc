#include "jiaodu/domain/planning/staffing.h"

#include <gtest/gtest.h>

#include "jiaodu/domain/planning/test_util.h"

namespace jiaodu::planning {
namespace {

using testing::HasNotice;
using testing::NationalParams;
using testing::R;
using Kind = StaffingAddition::Kind;
using Target = StaffingAddition::Target;

StaffSchool School(std::string code, std::vector<SectionStudents> sections,
                   std::optional<int64_t> actual = std::nullopt, std::string area = "A") {
  StaffSchool s;
  s.school = std::move(code);
  s.name = s.school;
  s.area = std::move(area);
  s.sections = std::move(sections);
  s.actual_staff = actual;
  return s;
}

SchoolStaffing One(const StaffSchool& s, const PlanningParams& p = NationalParams()) {
  StaffingInput in;
  in.schools = {s};
  return ComputeStaffing(in, p).schools.at(0);
}

TEST(Staffing, ExactRatioGivesWholePosts190PrimaryIs10) {
  auto r = One(School("S", {{Level::kPrimary, 190, 6}}));
  EXPECT_EQ(r.exact, Fraction::Of(10));
  EXPECT_EQ(r.quota, 10);
  EXPECT_EQ(One(School("S", {{Level::kJunior, 135, 3}})).quota, 10);  // 1:13.5
  EXPECT_EQ(One(School("S", {{Level::kSenior, 125, 3}})).quota, 10);  // 1:12.5
}

// 191 ÷ 19 = 10.0526… → 10 (四舍五入); 200 ÷ 19 = 10.526… → 11.
TEST(Staffing, FractionalPostsRoundHalfUpByDefault) {
  auto r191 = One(School("S", {{Level::kPrimary, 191, 6}}));
  EXPECT_EQ(r191.exact.ToFixed(2), "10.05");
  EXPECT_EQ(r191.quota, 10);
  EXPECT_EQ(One(School("S", {{Level::kPrimary, 200, 6}})).quota, 11);
  // No whole number of students is exactly half a post at 1:19 or 1:13.5,
  // so the half itself is checked at a 1:2 ratio: 21 students = 10.5 → 11.
  auto p = NationalParams();
  p.staffing.students_per_staff[LevelIndex(Level::kSenior)] = Rate::Whole(2);
  EXPECT_EQ(One(School("S", {{Level::kSenior, 21, 1}}), p).quota, 11);  // 10.5 → 11
}

TEST(Staffing, RoundingRuleIsConfigurable) {
  auto p = NationalParams();
  p.staffing.rounding = Rounding::kUp;
  EXPECT_EQ(One(School("S", {{Level::kPrimary, 191, 6}}), p).quota, 11);
  EXPECT_EQ(One(School("S", {{Level::kPrimary, 190, 6}}), p).quota, 10);
  p.staffing.rounding = Rounding::kDown;
  EXPECT_EQ(One(School("S", {{Level::kPrimary, 200, 6}}), p).quota, 10);
}

// 九年一贯制: 199 ÷ 19 = 10.47 and 141 ÷ 13.5 = 10.44; rounded per section
// that would be 20, but the school's 编制 is rounded once: 20.92 → 21.
TEST(Staffing, SectionsAreAddedExactlyAndRoundedOncePerSchool) {
  auto r = One(School("S", {{Level::kPrimary, 199, 6}, {Level::kJunior, 141, 3}}));
  ASSERT_EQ(r.sections.size(), 2u);
  EXPECT_EQ(r.sections[0].posts, Fraction::Of(199, 19));
  EXPECT_EQ(r.sections[1].posts, Fraction::Of(282, 27));
  EXPECT_EQ(r.exact.ToFixed(2), "20.92");
  EXPECT_EQ(r.quota, 21);
}

TEST(Staffing, PreschoolHasNoNationalRatioAndIsReported) {
  StaffingInput in;
  in.schools = {School("K", {{Level::kPreschool, 180, 6}}, 20)};
  auto r = ComputeStaffing(in, NationalParams());
  EXPECT_TRUE(HasNotice(r, "planning.no_ratio"));
  EXPECT_EQ(r.schools[0].quota, 0);
}

PlanningParams WithAddition(StaffingAddition a) {
  auto p = NationalParams();
  p.staffing.additions.push_back(std::move(a));
  return p;
}

StaffingAddition ClassRatio(Target target, int below = 0) {
  StaffingAddition a;
  a.id = "class_ratio";
  a.name = Text("班师比", "class ratio");
  a.kind = Kind::kClassRatio;
  a.target = target;
  a.level = Level::kPrimary;
  a.staff_per_class = R(1'500'000);
  a.below_students = below;
  return a;
}

// 教学点, 3 classes, 20 students, 班师比 1.5: ratio 20 ÷ 19 = 1.05, classes give
// 4.5, so the addition is 4.5 − 20/19 and the 编制 4.5 → 5.
TEST(Staffing, ClassRatioAdditionLiftsATeachingPointToItsClassFloor) {
  auto p = WithAddition(ClassRatio(Target::kTeachingPoint));
  auto s = School("T", {{Level::kPrimary, 20, 3}});
  s.teaching_point = true;
  auto r = One(s, p);
  ASSERT_EQ(r.additions.size(), 1u);
  EXPECT_EQ(r.additions[0].posts, Fraction::Of(9, 2) - Fraction::Of(20, 19));
  EXPECT_EQ(r.exact, Fraction::Of(9, 2));
  EXPECT_EQ(r.quota, 5);
  // Not a 教学点: no addition.
  s.teaching_point = false;
  EXPECT_TRUE(One(s, p).additions.empty());
}

// The floor equals the ratio exactly (4 classes × 1.5 = 6 = 114 ÷ 19): no
// addition; one student fewer and the floor adds 1/19.
TEST(Staffing, ClassRatioAdditionIsZeroAtTheEdgeWhereTheRatioMeetsTheFloor) {
  auto p = WithAddition(ClassRatio(Target::kTeachingPoint));
  auto s = School("T", {{Level::kPrimary, 114, 4}});
  s.teaching_point = true;
  EXPECT_TRUE(One(s, p).additions.empty());
  EXPECT_EQ(One(s, p).quota, 6);
  s.sections[0].students = 113;
  auto r = One(s, p);
  ASSERT_EQ(r.additions.size(), 1u);
  EXPECT_EQ(r.additions[0].posts, Fraction::Of(1, 19));
  EXPECT_EQ(r.exact, Fraction::Of(6));
}

// "不足 100 名学生": 99 qualifies, 100 does not.
TEST(Staffing, SmallSchoolAdditionAppliesBelow100StudentsNotAt100) {
  auto p = WithAddition(ClassRatio(Target::kSmallSchool, 100));
  EXPECT_EQ(One(School("S", {{Level::kPrimary, 99, 6}}), p).additions.size(), 1u);
  EXPECT_EQ(One(School("S", {{Level::kPrimary, 99, 6}}), p).quota, 9);  // 6 × 1.5
  EXPECT_TRUE(One(School("S", {{Level::kPrimary, 100, 6}}), p).additions.empty());
  EXPECT_EQ(One(School("S", {{Level::kPrimary, 100, 6}}), p).quota, 5);  // 5.26
}

// A 教学点 of 20 students is also a school under 100: the two floors (1.5
// and 1.7 a class) do not add up; the higher applies: 3 × 1.7 = 5.1 → 5.
TEST(Staffing, ClassRatioFloorsDoNotStackTheHighestApplies) {
  auto p = WithAddition(ClassRatio(Target::kTeachingPoint));
  auto small = ClassRatio(Target::kSmallSchool, 100);
  small.id = "small";
  small.staff_per_class = R(1'700'000);
  p.staffing.additions.push_back(small);
  auto s = School("T", {{Level::kPrimary, 20, 3}});
  s.teaching_point = true;
  auto r = One(s, p);
  ASSERT_EQ(r.additions.size(), 1u);
  EXPECT_EQ(r.additions[0].id, "small");
  EXPECT_EQ(r.exact, Fraction::Of(51, 10));
  EXPECT_EQ(r.quota, 5);
}

StaffingAddition Boarders(bool whole_steps) {
  StaffingAddition a;
  a.id = "boarding";
  a.name = Text("寄宿生", "boarders");
  a.kind = Kind::kPerBoarders;
  a.target = Target::kBoardingSchool;
  a.boarders_per_post = 50;
  a.whole_steps = whole_steps;
  return a;
}

// 每满 50 名寄宿生增加 1 名: 49 → 0, 50 → 1, 99 → 1, 100 → 2.
TEST(Staffing, BoardingAdditionCountsWholeStepsAtTheirEdges) {
  auto p = WithAddition(Boarders(true));
  auto s = School("B", {{Level::kPrimary, 190, 6}});
  s.boarding = true;
  for (auto [boarders, quota] :
       {std::pair<int64_t, int64_t>{49, 10}, {50, 11}, {99, 11}, {100, 12}}) {
    s.boarders = boarders;
    EXPECT_EQ(One(s, p).quota, quota) << boarders << " boarders";
  }
}

TEST(Staffing, ProportionalBoardingAdditionIsExact) {
  auto p = WithAddition(Boarders(false));
  auto s = School("B", {{Level::kPrimary, 190, 6}});
  s.boarders = 25;
  auto r = One(s, p);
  ASSERT_EQ(r.additions.size(), 1u);
  EXPECT_EQ(r.additions[0].posts, Fraction::Of(1, 2));
  EXPECT_EQ(r.quota, 11);  // 10.5 → 11
}

TEST(Staffing, DisabledAdditionsAreIgnoredAndUnconfiguredOnesReported) {
  auto a = ClassRatio(Target::kTeachingPoint);
  a.enabled = false;
  auto p = WithAddition(a);
  StaffingInput in;
  in.schools = {School("T", {{Level::kPrimary, 20, 3}}, 2)};
  in.schools[0].teaching_point = true;
  auto r = ComputeStaffing(in, p);
  EXPECT_TRUE(r.schools[0].additions.empty());
  EXPECT_EQ(r.schools[0].quota, 1);
  EXPECT_TRUE(HasNotice(r, "planning.addition_not_configured"));
}

// Area A: S1 quota 10 has 13 (+3), S2 10 has 8 (−2), S3 20 has 16 (−4),
// S4 5 has 6 (+1); S5 reports no staff. Surplus 4, shortfall 6, reserve 1:
// S3 gets 3 from S1 and 1 from S4 (largest first), S2 gets 1 from the
// reserve, 1 post stays unmet.
TEST(Staffing, PoolLendsSurplusToTheLargestShortfallFirstThenTheReserve) {
  StaffingInput in;
  in.schools = {
      School("S1", {{Level::kPrimary, 190, 6}}, 13), School("S2", {{Level::kPrimary, 190, 6}}, 8),
      School("S3", {{Level::kPrimary, 380, 12}}, 16), School("S4", {{Level::kPrimary, 95, 6}}, 6),
      School("S5", {{Level::kPrimary, 95, 6}})};
  in.pool_reserve["A"] = 1;
  auto r = ComputeStaffing(in, NationalParams());
  EXPECT_TRUE(HasNotice(r, "planning.no_staff_count"));
  EXPECT_EQ(r.schools[0].gap, 3);
  EXPECT_EQ(r.schools[2].gap, -4);
  EXPECT_FALSE(r.schools[4].gap);
  ASSERT_EQ(r.pools.size(), 1u);
  const auto& pool = r.pools[0];
  EXPECT_EQ(pool.surplus, 4);
  EXPECT_EQ(pool.shortfall, 6);
  EXPECT_EQ(pool.rebalanced, 4);  // = min(surplus, shortfall): the most possible
  EXPECT_EQ(pool.from_reserve, 1);
  EXPECT_EQ(pool.unmet, 1);
  EXPECT_EQ(pool.idle, 0);
  ASSERT_EQ(pool.transfers.size(), 3u);
  EXPECT_EQ(pool.transfers[0].from, "S1");
  EXPECT_EQ(pool.transfers[0].to, "S3");
  EXPECT_EQ(pool.transfers[0].amount, 3);
  EXPECT_EQ(pool.transfers[1].from, "S4");
  EXPECT_EQ(pool.transfers[1].to, "S3");
  EXPECT_EQ(pool.transfers[2].from, "");
  EXPECT_EQ(pool.transfers[2].to, "S2");
  const auto& area = r.areas[0];
  EXPECT_EQ(area.quota, 10 + 10 + 20 + 5 + 5);
  EXPECT_EQ(area.actual, 13 + 8 + 16 + 6);
  EXPECT_EQ(area.gap, -2);
  EXPECT_EQ(area.short_schools, 2);
  EXPECT_EQ(area.surplus_schools, 2);
  EXPECT_EQ(area.unknown_schools, 1);
}

TEST(Staffing, PoolsStayWithinTheirArea) {
  StaffingInput in;
  in.schools = {School("S1", {{Level::kPrimary, 190, 6}}, 12, "A"),
                School("S2", {{Level::kPrimary, 190, 6}}, 8, "B")};
  auto r = ComputeStaffing(in, NationalParams());
  ASSERT_EQ(r.pools.size(), 2u);
  EXPECT_EQ(r.pools[0].rebalanced, 0);
  EXPECT_EQ(r.pools[0].idle, 2);
  EXPECT_EQ(r.pools[1].unmet, 2);
}

TEST(Rebalance, SurplusBeyondTheShortfallStaysIdleAndTiesGoByCode) {
  const std::vector<Balance> b = {{"B", 2}, {"A", 2}, {"C", -3}};
  auto plan = Rebalance("X", "", b, 0);
  EXPECT_EQ(plan.rebalanced, 3);
  EXPECT_EQ(plan.idle, 1);
  ASSERT_EQ(plan.transfers.size(), 2u);
  EXPECT_EQ(plan.transfers[0].from, "A");  // equal surplus: code order
  EXPECT_EQ(plan.transfers[0].amount, 2);
  EXPECT_EQ(plan.transfers[1].from, "B");
  EXPECT_EQ(plan.transfers[1].amount, 1);
}

// Loads: 语文 7 periods per class per week, 14 per teacher → 0.5 teacher a
// class; 数学 5 and 15 → 1/3. 12 classes need 6 语文 and 4 数学 teachers.
TEST(Staffing, SubjectGapsFromTeachingLoadsAndTheSubjectPool) {
  auto p = NationalParams();
  p.staffing.subject_loads = {{Level::kPrimary, "语文", Rate::Whole(7), Rate::Whole(14), ""},
                              {Level::kPrimary, "数学", Rate::Whole(5), Rate::Whole(15), ""}};
  StaffingInput in;
  in.schools = {School("S1", {{Level::kPrimary, 540, 12}}, 28),
                School("S2", {{Level::kPrimary, 540, 12}}, 28)};
  in.schools[0].teachers = {{"语文", 5}, {"数学", 5}};
  in.schools[1].teachers = {{"语文", 7}, {"数学", 3}, {"音乐", 1}};
  auto r = ComputeStaffing(in, p);
  const auto& s1 = r.schools[0].subjects;
  ASSERT_EQ(s1.size(), 2u);
  EXPECT_EQ(s1[0].subject, "数学");  // sorted by name
  EXPECT_EQ(s1[0].need, 4);
  EXPECT_EQ(s1[0].gap, 1);
  EXPECT_EQ(s1[1].need, 6);
  EXPECT_EQ(s1[1].gap, -1);
  // S2: 音乐 has teachers but no load → no gap, and a notice.
  EXPECT_TRUE(HasNotice(r, "planning.no_subject_need"));
  ASSERT_EQ(r.subject_pools.size(), 2u);
  for (const auto& pool : r.subject_pools) {
    EXPECT_EQ(pool.rebalanced, 1) << pool.subject;
    EXPECT_EQ(pool.unmet, 0) << pool.subject;
  }
}

TEST(Staffing, StatedSubjectNeedReplacesTheLoads) {
  auto p = NationalParams();
  p.staffing.subject_loads = {{Level::kPrimary, "语文", Rate::Whole(7), Rate::Whole(14), ""}};
  auto s = School("S1", {{Level::kPrimary, 540, 12}}, 28);
  s.subject_need = {{"语文", 8}};
  s.teachers = {{"语文", 7}};
  auto r = One(s, p);
  ASSERT_EQ(r.subjects.size(), 1u);
  EXPECT_EQ(r.subjects[0].need, 8);
  EXPECT_EQ(r.subjects[0].gap, -1);
}

}  // namespace
}  // namespace jiaodu::planning
