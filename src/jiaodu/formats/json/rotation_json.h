// File: jiaodu/formats/json/rotation_json.h
//
// The JSON shape of a 交流轮岗 plan (docs/api.md § Teacher rotation): status
// with the proven gap, the quota and backbone checks, the moves with their
// reasons, every section's L1–L3 before and after, every stage CV before
// and after against its limit, the binding rules and, for contradictory
// rules, the conflicts. Numbers are unrounded; texts are {zh, en}.
#ifndef JIAODU_FORMATS_JSON_ROTATION_JSON_H_
#define JIAODU_FORMATS_JSON_ROTATION_JSON_H_

#include <nlohmann/json.hpp>
#include <string_view>

#include "jiaodu/domain/rotation/rotation.h"

namespace jiaodu::wire {

std::string_view PlanStatusKey(rotation::PlanStatus status);  // "optimal", …
std::string_view RotationStageKey(rotation::Stage stage);     // "primary" / "junior"
std::string_view RotationLocaleKey(rotation::Locale locale);  // "urban" / "town" / "rural"

nlohmann::json RotationPlanJson(const rotation::Plan& plan, const rotation::Rules& rules);

}  // namespace jiaodu::wire

#endif  // JIAODU_FORMATS_JSON_ROTATION_JSON_H_
