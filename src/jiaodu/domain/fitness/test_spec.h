// A small hand-made standard for the domain's unit tests: one grade, four
// items, short tables with round numbers, so each expectation can be checked
// by eye. The real tables are tested in formats/fitness_file against the
// data file itself.
#ifndef JIAODU_DOMAIN_FITNESS_TEST_SPEC_H_
#define JIAODU_DOMAIN_FITNESS_TEST_SPEC_H_

#include "jiaodu/domain/fitness/standard.h"

namespace jiaodu::fitness::testing {

inline FitnessStandardSpec SmallSpec() {
  FitnessStandardSpec s;
  s.id = "test";
  s.title = Text("测试标准", "test standard");
  s.levels = {{Text("优秀", "Excellent"), 9000},
              {Text("良好", "Good"), 8000},
              {Text("及格", "Pass"), 6000},
              {Text("不及格", "Fail"), 0}};
  s.grades = {{11, Text("小学一年级", "Grade 1"), "一年级", "一年级", "g", false}};
  Item bmi{"bmi",
           Text("体重指数", "BMI"),
           "千克/米²",
           ItemKind::kBmi,
           Better::kHigher,
           ValueFormat::kDecimal1,
           Rounding::kHalfUp,
           0,
           0};
  Item vc{"vital_capacity",
          Text("肺活量", "VC"),
          "毫升",
          ItemKind::kTable,
          Better::kHigher,
          ValueFormat::kInteger,
          Rounding::kDown,
          100,
          9999};
  Item run{"run_50m",
           Text("50米跑", "50 m"),
           "秒",
           ItemKind::kTable,
           Better::kLower,
           ValueFormat::kDecimal1,
           Rounding::kUp,
           50,
           300};
  Item rope{"rope_skipping",
            Text("一分钟跳绳", "rope"),
            "次",
            ItemKind::kTable,
            Better::kHigher,
            ValueFormat::kInteger,
            Rounding::kDown,
            0,
            400};
  s.items = {bmi, vc, run, rope};
  WeightSpec w;
  w.group = "g";
  w.weights[0] = {{"rope_skipping", 50}, {"bmi", 15}, {"vital_capacity", 15}, {"run_50m", 20}};
  w.weights[1] = w.weights[0];
  s.weights = {w};
  for (Sex sex : {Sex::kMale, Sex::kFemale}) {
    s.tables.push_back({"vital_capacity",
                        sex,
                        "表VC",
                        {"一年级"},
                        {{100, {1700}}, {90, {1500}}, {80, {1300}}, {60, {700}}, {10, {500}}}});
    s.tables.push_back({"run_50m",
                        sex,
                        "表50",
                        {"一年级"},
                        {{100, {102}}, {90, {104}}, {80, {106}}, {60, {126}}, {10, {136}}}});
    s.tables.push_back({"rope_skipping",
                        sex,
                        "表绳",
                        {"一年级"},
                        {{100, {109}}, {90, {99}}, {80, {kMissing}}, {60, {17}}, {10, {2}}}});
    s.bonus_tables.push_back(
        {"rope_skipping", sex, "表绳加分", {"一年级"}, {{20, {40}}, {2, {4}}, {1, {2}}}});
    BmiSpec b;
    b.sex = sex;
    b.source = "表BMI";
    b.columns = {"一年级"};
    b.bands = {{Text("正常", "normal"), 100, {{135, 181}}},
               {Text("低体重", "underweight"), 80, {{kMissing, 134}}},
               {Text("超重", "overweight"), 80, {{182, 203}}},
               {Text("肥胖", "obese"), 60, {{204, kMissing}}}};
    s.bmi_tables.push_back(b);
  }
  s.max_bonus = 20;
  return s;
}

}  // namespace jiaodu::fitness::testing

#endif  // JIAODU_DOMAIN_FITNESS_TEST_SPEC_H_
