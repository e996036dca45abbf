// File: jiaodu/formats/plan_file/plan_test_util.h
//
// For tests: two plans compared field by field, each difference reported
// with the indicator and the field, so a round trip that loses something
// says what it lost.
#ifndef JIAODU_FORMATS_PLAN_FILE_PLAN_TEST_UTIL_H_
#define JIAODU_FORMATS_PLAN_FILE_PLAN_TEST_UTIL_H_

#include <gtest/gtest.h>

#include "jiaodu/domain/plans/plan.h"

namespace jiaodu::plans::testing {

// What an indicator table (xlsx) carries; the TOML file carries more.
enum class Fields { kAll, kTable };

inline void ExpectSameSource(const Source& a, const Source& b, const std::string& where) {
  EXPECT_EQ(a.kind, b.kind) << where;
  EXPECT_EQ(a.catalog, b.catalog) << where;
  EXPECT_EQ(a.members, b.members) << where;
  EXPECT_EQ(a.where, b.where) << where;
  EXPECT_EQ(a.value, b.value) << where;
  EXPECT_EQ(a.numerator, b.numerator) << where;
  EXPECT_EQ(a.denominator, b.denominator) << where;
  EXPECT_EQ(a.scale, b.scale) << where;
  EXPECT_EQ(a.gap_unit.zh, b.gap_unit.zh) << where;
}

inline void ExpectSameIndicator(const Indicator& a, const Indicator& b, Fields fields) {
  const std::string w = "indicator " + a.id;
  EXPECT_EQ(a.id, b.id) << w;
  EXPECT_EQ(a.name.zh, b.name.zh) << w;
  EXPECT_EQ(a.unit, b.unit) << w;
  EXPECT_EQ(a.group, b.group) << w;
  EXPECT_EQ(a.attribute, b.attribute) << w;
  EXPECT_EQ(a.comparison, b.comparison) << w;
  EXPECT_EQ(a.higher_better, b.higher_better) << w;
  EXPECT_EQ(a.decimals, b.decimals) << w;
  EXPECT_EQ(a.baseline_year, b.baseline_year) << w;
  EXPECT_EQ(a.baseline, b.baseline) << w;
  EXPECT_EQ(a.target_year, b.target_year) << w;
  EXPECT_EQ(a.target, b.target) << w;
  ASSERT_EQ(a.milestones.size(), b.milestones.size()) << w;
  for (size_t i = 0; i < a.milestones.size(); ++i) {
    EXPECT_EQ(a.milestones[i].year, b.milestones[i].year) << w;
    EXPECT_EQ(a.milestones[i].value, b.milestones[i].value) << w;
  }
  EXPECT_EQ(a.note, b.note) << w;
  ExpectSameSource(a.source, b.source, w);
  if (fields == Fields::kAll) {
    EXPECT_EQ(a.name.en, b.name.en) << w;
    EXPECT_EQ(a.source.gap_unit.en, b.source.gap_unit.en) << w;
    EXPECT_EQ(a.level, b.level) << w;
    EXPECT_EQ(a.county_targets, b.county_targets) << w;
    EXPECT_EQ(a.rollup, b.rollup) << w;
    EXPECT_EQ(a.weight, b.weight) << w;
  }
}

inline void ExpectSamePlan(const Plan& a, const Plan& b, Fields fields = Fields::kAll) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name.zh, b.name.zh);
  EXPECT_EQ(a.issuer, b.issuer);
  EXPECT_EQ(a.doc_number, b.doc_number);
  EXPECT_EQ(a.area, b.area);
  EXPECT_EQ(a.start_year, b.start_year);
  EXPECT_EQ(a.end_year, b.end_year);
  if (fields == Fields::kAll) {
    EXPECT_EQ(a.name.en, b.name.en);
    EXPECT_EQ(a.source, b.source);
  }
  ASSERT_EQ(a.indicators.size(), b.indicators.size());
  for (size_t i = 0; i < a.indicators.size(); ++i) {
    ExpectSameIndicator(a.indicators[i], b.indicators[i], fields);
  }
}

}  // namespace jiaodu::plans::testing

#endif  // JIAODU_FORMATS_PLAN_FILE_PLAN_TEST_UTIL_H_
