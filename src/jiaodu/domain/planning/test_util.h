// File: jiaodu/domain/planning/test_util.h
//
// A parameter set for the domain tests, built in C++ with the national
// figures of data/planning/cn-planning-2017.toml (the formats tests check
// that file loads to the same values), so each domain test can change one
// parameter and see its effect.
#ifndef JIAODU_DOMAIN_PLANNING_TEST_UTIL_H_
#define JIAODU_DOMAIN_PLANNING_TEST_UTIL_H_

#include <algorithm>
#include <string_view>

#include "jiaodu/domain/planning/params.h"

namespace jiaodu::planning::testing {

inline Rate R(int64_t millionths) { return Rate::FromMillionths(millionths); }

// Whether a result (anything with `notices`) carries a notice of this id.
template <typename WithNotices>
bool HasNotice(const WithNotices& r, std::string_view id) {
  return std::any_of(r.notices.begin(), r.notices.end(),
                     [&](const Notice& n) { return n.id == id; });
}

inline PlanningParams NationalParams() {
  PlanningParams p;
  p.id = "test";
  p.title = Text("测试参数", "test parameters");
  p.system.grades = {3, 6, 3, 3};
  auto& cs = p.class_size;
  cs.standard = {30, 45, 50, 50};
  cs.preschool_by_grade = {25, 30, 35};
  cs.limit = {0, 45, 50, 0};
  cs.bands = {{Text("偏大班额", "oversized"), 46, 55, false},
              {Text("大班额", "large"), 56, 65, true},
              {Text("超大班额", "very large"), 66, 0, true}};
  cs.banded = {false, true, true, true};
  auto& sp = p.staffing;
  sp.students_per_staff = {Rate(), Rate::Whole(19), R(13'500'000), R(12'500'000)};
  sp.rounding = Rounding::kHalfUp;
  auto& fp = p.forecast;
  fp.horizon_years = 10;
  fp.estimation_years = 3;
  fp.basis = BirthBasis::kHuji;
  fp.entry_age = {3, 6, 0, 0};
  fp.migrant_share = Rate();
  fp.default_entry = {R(900'000), Rate::Whole(1), Rate::Whole(1), Rate::Whole(1)};
  fp.default_progression = Rate::Whole(1);
  fp.scenarios = {
      {"low", Text("低方案", "low"), R(-30'000), Rate::Whole(1), R(-5'000), R(-20'000), ""},
      {"medium", Text("中方案", "medium"), Rate(), Rate::Whole(1), Rate(), Rate(), ""},
      {"high", Text("高方案", "high"), R(30'000), Rate::Whole(1), R(5'000), R(20'000), ""}};
  fp.default_scenario = "medium";
  p.capacity.standard_school_classes = {9, 24, 24, 24};
  return p;
}

}  // namespace jiaodu::planning::testing

#endif  // JIAODU_DOMAIN_PLANNING_TEST_UTIL_H_
