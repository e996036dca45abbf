// File: jiaodu/demo/demo_fitness.h
//
// A seeded generator of synthetic student fitness rosters (国家学生体质健康标准
// 测试 results) that look like a real city's: per item, grade and sex the
// results are normal around values read from the standard's own score
// tables, so the city's 优良率 is about half, schools differ by their
// `quality`, and every cohort improves a little year over year (about one
// point of 优良率 a year). About 1% of students are 免测 and 0.3% 缓测, 0.5%
// miss one item, ~15% are overweight or obese, and 筛查性近视 rises with the
// grade (about 30% in 小学, 70% in 初中, 80% in 高中) with 等效球镜 missing
// for ~10% of students (those with poor acuity are then 视力不良（未验光）).
//
// Students carry over: the same 学籍号 ("G" + an 18-character resident ID
// number whose birth date is the 出生日期) is in grade g in year Y and in
// grade g+1 in Y+1, in the same school and the same 班级编号 (classes are
// coded by their entry year, "202301"), with the same name, sex and birth
// date, and a persistent ability, growth curve and eyesight. A new stage is
// a new school life: 小学六年级 students are not the 初一 of the next year.
// 学籍号 are unique within a generated roster and across years as long as
// the same `schools` are given in the same order.
//
// Deterministic: the same (standard, schools, year, seed) give the same
// roster on every machine (own PRNG, no std::*_distribution). Every value is
// one the standard accepts: inside each item's plausible range, in its
// recording precision, 身高/体重 inside the body limits, 裸眼视力 4.0–5.3.
//
//   std::vector<demo::FitnessDemoSchool> schools = demo::FitnessSchoolsFromCity(city, catalog,
//   2024); fitness::Roster roster = demo::GenerateFitnessRoster(standard, schools, 2024, 7);
#ifndef JIAODU_DEMO_DEMO_FITNESS_H_
#define JIAODU_DEMO_DEMO_FITNESS_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/demo/demo_city.h"
#include "jiaodu/domain/fitness/roster.h"
#include "jiaodu/domain/fitness/standard.h"
#include "jiaodu/domain/schools/catalog.h"

namespace jiaodu::demo {

struct FitnessDemoSchool {
  std::string code;         // 学校标识码
  std::vector<int> grades;  // 年级编号 tested, e.g. 11..16 for a 小学, 21..23 for 初中
  int classes_per_grade = 2;
  int class_size = 40;   // mean; classes of a grade differ by a few, the grade's total is exact
  double quality = 0.0;  // school effect, about -1..+1 (shifts results)
};

// Students in a school's roster: grades × classes_per_grade × class_size.
int64_t FitnessDemoStudents(const FitnessDemoSchool& school);

// Deterministic for (standard, schools, year, seed); see the header comment.
// Grades the standard does not have are skipped.
fitness::Roster GenerateFitnessRoster(const fitness::FitnessStandard& standard,
                                      std::span<const FitnessDemoSchool> schools, int year,
                                      uint64_t seed);

// The fitness schools of a demo city in `year` (its records of that year;
// the city's first year when it has none): school type → grades (小学 and
// 教学点 11–16, 初中 21–23, 九年一贯制 both, 完全中学 21–23 and 31–33,
// 十二年一贯制 all three, 高级中学/中职 31–33; 特殊教育学校 and 幼儿园 are
// left out), students per grade from the sections' reported "students" of
// `catalog` (the compulsory-school catalog) when present, else 2 classes of
// 40; classes of about 42; quality from a hash of the code and the school's
// 城乡 (城区 schools a little better, 乡村 a little worse).
std::vector<FitnessDemoSchool> FitnessSchoolsFromCity(const DemoCity& city,
                                                      const FieldCatalog& catalog, int year);

}  // namespace jiaodu::demo

#endif  // JIAODU_DEMO_DEMO_FITNESS_H_
