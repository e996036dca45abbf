// File: jiaodu/formats/json/planning_json.h
//
// The JSON shapes of the planning results (docs/api.md § 学位与编制): the
// 编制 of schools and areas with the 周转池 transfers, the 班额 bands, the
// forecast's rows and estimated rates, and the places against demand year by
// year. Levels are keys ("preschool", "primary", "junior", "senior"); exact
// figures are numbers (rates unrounded from their six decimals, the exact
// 编制 also as text "10.05"); unknown counts are null; texts are {zh, en}.
#ifndef JIAODU_FORMATS_JSON_PLANNING_JSON_H_
#define JIAODU_FORMATS_JSON_PLANNING_JSON_H_

#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "jiaodu/domain/planning/capacity.h"
#include "jiaodu/domain/planning/class_size.h"
#include "jiaodu/domain/planning/forecast.h"
#include "jiaodu/domain/planning/staffing.h"

namespace jiaodu::wire {

std::string_view LevelKey(planning::Level level);  // "primary", …
nlohmann::json NoticesJson(std::span<const planning::Notice> notices);
nlohmann::json StaffingJson(const planning::StaffingResult& r);
nlohmann::json ClassSizeJson(const planning::ClassSizeResult& r);
nlohmann::json ForecastJson(const planning::ForecastResult& r);
// Without the sections (the capacity view lists them with their class sizes).
nlohmann::json CapacityJson(const planning::CapacityResult& r);
nlohmann::json ScenariosJson(const planning::PlanningParams& params);

}  // namespace jiaodu::wire

#endif  // JIAODU_FORMATS_JSON_PLANNING_JSON_H_
