// File: jiaodu/formats/school_eval_table/school_eval_test_util.h
//
// For the 通报 writers' tests (xlsx here, PDF in formats/pdf): a one-
// indicator scheme (an expert score worth 100 in 学校管理, the last school
// the bottom group) and its evaluation of the given schools two years
// running, so the rows carry both flags.
#ifndef JIAODU_FORMATS_SCHOOL_EVAL_TABLE_SCHOOL_EVAL_TEST_UTIL_H_
#define JIAODU_FORMATS_SCHOOL_EVAL_TABLE_SCHOOL_EVAL_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <vector>

#include "jiaodu/domain/quality/hs_evaluation.h"

namespace jiaodu::testing {

inline quality::HsScheme OneExpertScheme(bool example = false) {
  quality::HsSchemeSpec spec;
  spec.id = "s";
  spec.title = Text("测试评价方案", "test");
  spec.example = example;
  spec.bottom = {quality::BottomRule::Kind::kCount, 1};
  quality::HsIndicator a;
  a.id = "X";
  a.name = Text("专家评分", "expert");
  a.area = "学校管理";
  a.points = 100;
  a.rule.kind = quality::RuleKind::kExpert;
  spec.indicators = {a};
  auto scheme = quality::HsScheme::Build(spec);
  EXPECT_TRUE(scheme);
  return *scheme;
}

// `in` evaluated for 2024 and then for 2025 against 2024.
inline quality::HsEvaluation TwoYears(const quality::HsScheme& scheme,
                                      const std::vector<quality::HsSchoolInput>& in) {
  auto last = quality::EvaluateHighSchools(scheme, 2024, in);
  EXPECT_TRUE(last);
  auto ev = quality::EvaluateHighSchools(scheme, 2025, in, &*last);
  EXPECT_TRUE(ev);
  return *ev;
}

}  // namespace jiaodu::testing

#endif  // JIAODU_FORMATS_SCHOOL_EVAL_TABLE_SCHOOL_EVAL_TEST_UTIL_H_
