// File: jiaodu/demo/demo_school_eval.h
//
// A seeded generator of 办学质量评价 inputs (issue 9, docs/quality.md §8) for
// the demo city: one value per school and indicator of a scheme, for one
// evaluation year. Each school has a persistent quality (from its code and
// the seed) and a small yearly drift, so the ranking is stable enough that
// some schools are in the bottom group two years running — the demo shows
// the 连续两年 flag. Values stay inside each indicator's range and are
// rounded as a clerk would type them (rates to 0.001, scores to 0.1).
//
// One school per year (the seed decides which) lacks one value of an
// indicator scored 0 when missing, so the page shows the missing-value note.
//
// Deterministic: the same (scheme, schools, year, seed) give the same values
// on every machine (demo/rng.h).
#ifndef JIAODU_DEMO_DEMO_SCHOOL_EVAL_H_
#define JIAODU_DEMO_DEMO_SCHOOL_EVAL_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/domain/quality/hs_evaluation.h"

namespace jiaodu::demo {

std::vector<quality::HsSchoolInput> GenerateSchoolEvalInputs(const quality::HsScheme& scheme,
                                                             std::span<const std::string> schools,
                                                             int year, uint64_t seed);

}  // namespace jiaodu::demo

#endif  // JIAODU_DEMO_DEMO_SCHOOL_EVAL_H_
