// File: jiaodu/formats/json/fitness_json.h
//
// The JSON shapes of the fitness API (docs/api.md § Student physical
// fitness): a Tally with counts beside every rate, one scored student, and
// the standard's names the UI labels them with. Rates are unrounded
// percentages, null when the denominator is 0.
#ifndef JIAODU_FORMATS_JSON_FITNESS_JSON_H_
#define JIAODU_FORMATS_JSON_FITNESS_JSON_H_

#include <nlohmann/json.hpp>

#include "jiaodu/domain/fitness/rollup.h"
#include "jiaodu/domain/fitness/scorer.h"
#include "jiaodu/domain/fitness/standard.h"
#include "jiaodu/domain/fitness/vision.h"

namespace jiaodu::wire {

// count / denominator × 100, or null.
nlohmann::json Percent(int64_t count, int64_t denominator);
nlohmann::json TallyJson(const fitness::FitnessStandard& standard, const fitness::Tally& t,
                         bool with_items);
// {id, title, document, levels, bmi_bands, items, grades}
nlohmann::json FitnessStandardJson(const fitness::FitnessStandard& standard,
                                   const fitness::VisionRule& vision);
// One student's year: items with value, score, level, weight; totals;
// vision. `in` and `score` come from the same roster row.
nlohmann::json ScoredStudentJson(const fitness::FitnessStandard& standard,
                                 const fitness::StudentInput& in,
                                 const fitness::StudentScore& score,
                                 const fitness::VisionInput& vision_in,
                                 const fitness::VisionResult& vision);
nlohmann::json HundredthsJson(int32_t hundredths);  // 8125 → 81.25
std::string_view TestStatusKey(fitness::TestStatus s);

}  // namespace jiaodu::wire

#endif  // JIAODU_FORMATS_JSON_FITNESS_JSON_H_
