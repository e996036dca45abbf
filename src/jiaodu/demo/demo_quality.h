// File: jiaodu/demo/demo_quality.h
//
// A seeded generator of a city 教学质量抽测 (issue 9) for the demo city: the
// 八年级 of every school with an 初中 section (初中, and the 初中 part of
// 九年一贯制, 十二年一贯制 and 完全中学 schools), one score per student and
// subject of a cut-score set (语文 / 数学 / 英语 in the example set), with a
// 前测成绩 (the 七年级 final, out of 100) and a 家庭背景指数 (standardised,
// about −2.5…2.5) so value-added is meaningful.
//
// The model, on a standardised scale (within-school SD 1):
//   θ_i   = intake_j + ability_i                   (what the student brings)
//   score = full × (0.68 + 0.15·(θ_i + va_j + subject and test noise))
// intake_j is the county's shift (the weak counties of the demo city, 青山县
// and 石门县, lower and more spread out), the school's 城乡 (城区 +, 乡村 −)
// and a bell-shaped school part; va_j is what the school adds, persistent
// across tests with a little drift. Between-school variance is thus
// ~0.10–0.25 of the total (ICC), larger in the weak counties. 前测 and
// 背景 are noisy measures of θ_i (correlations ≈ 0.8 and ≈ 0.5), so the
// intake model explains most of intake_j and leaves va_j.
//
// Students carry over: the 八年级 of academic year Y entered in Y − 1, and
// the same student (same 考号, ability and background) sits both tests of
// that year. Schools' 八年级 sizes come from their 初中 section's students
// (a third), so small rural schools have a few dozen students, or fewer —
// which is where shrinkage shows.
//
// Deterministic: the same (cuts, schools, year, term, seed) give the same
// scores on every machine (demo/rng.h, no std::*_distribution).
#ifndef JIAODU_DEMO_DEMO_QUALITY_H_
#define JIAODU_DEMO_DEMO_QUALITY_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/demo/demo_city.h"
#include "jiaodu/domain/quality/cut_scores.h"
#include "jiaodu/domain/quality/scores.h"
#include "jiaodu/domain/schools/catalog.h"

namespace jiaodu::demo {

struct QualityDemoSchool {
  std::string code;
  std::string name;
  std::string county;
  Locale locale = Locale::kUrban;
  int students = 0;  // in 八年级
};

// The schools of `city` with an 初中 section in academic year `year` (the
// city's first year when it has none), with their 八年级 size; 特殊教育学校
// are left out.
std::vector<QualityDemoSchool> QualitySchoolsFromCity(const DemoCity& city,
                                                      const FieldCatalog& catalog, int year);

// One test: `term` 1 (autumn) or 2 (spring) of academic year `year`; the
// subjects are the set's subjects for 八年级 (or for every grade).
quality::ScoreSet GenerateQualityScores(const quality::CutScoreSet& cuts,
                                        std::span<const QualityDemoSchool> schools, int year,
                                        int term, uint64_t seed);

}  // namespace jiaodu::demo

#endif  // JIAODU_DEMO_DEMO_QUALITY_H_
