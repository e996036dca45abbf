// File: jiaodu/domain/planning/forecast.h
//
// Demand forecast by cohort progression (队列递推), per area (county or
// 学区) and level, for `horizon_years` after the last year with enrolment
// data. Method and decisions: docs/planning.md.
//
//   first grade, levels fed by births (幼儿园 at 3, 小学 at 6):
//     local(t)    = round(births(t − age) × entry rate)
//     entrants(t) = round(local(t) ÷ (1 − 随迁子女 share))
//   first grade of 初中 / 高中: round(last grade of the previous level in
//     t − 1 × transition ratio)
//   grade g + 1 in t = round(grade g in t − 1 × progression ratio)
//
// Entry rates, progression ratios (they include migration, repetition and
// drop-out) and the 随迁子女 share are estimated from the area's past
// per-grade enrolment, pooled over the last `estimation_years` year pairs;
// a user's edit replaces an estimate; the scenario (低/中/高) then shifts it.
// Every count is a whole number at every step (rounded half up), so a
// forecast can be checked by hand.
//
// Nothing is invented: a cohort whose births or base-year count are missing
// stays unknown (std::nullopt) through the years it reaches, and a level
// total with an unknown grade is unknown. Each such case is a Notice.
#ifndef JIAODU_DOMAIN_PLANNING_FORECAST_H_
#define JIAODU_DOMAIN_PLANNING_FORECAST_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/planning/params.h"

namespace jiaodu::planning {

// Births of one calendar year in an area, by the two 口径 a bureau gets:
// 户籍 (registered, from 公安) and 常住 (resident, from 卫健 birth records).
struct BirthYear {
  int year = 0;
  std::optional<int64_t> huji;
  std::optional<int64_t> resident;
};

// Students of one grade in one academic year (named by the year it starts
// in), from the school data of that year. Rows with the same key are added
// up, so per-school rows can be passed as they are (decision D17).
struct GradeEnrolment {
  int year = 0;
  Level level = Level::kPrimary;
  int grade = 1;  // 1-based within the level
  int64_t students = 0;
  std::optional<int64_t> migrants;  // of whom 随迁子女, when the school data say
};

// A user's edit replacing an estimated rate (the "editable" in the issue).
struct RateEdit {
  enum class Kind { kEntry, kMigrantShare, kProgression };
  Kind kind = Kind::kEntry;
  Level level = Level::kPrimary;
  int grade = 0;  // kProgression: the grade the students leave (last grade = transition)
  Rate value;
};

struct AreaHistory {
  std::string area;  // area code
  std::string name;
  std::vector<BirthYear> births;
  std::vector<GradeEnrolment> enrolment;
  std::vector<RateEdit> edits;
};

enum class RateOrigin { kHistory, kDefault, kEdited };
std::string_view RateOriginName(RateOrigin o,
                                bool english = false);  // 历史数据 / 默认值 / 人工修改

struct EstimatedRate {
  Rate base;  // from history, the parameters' default or the user's edit
  Rate used;  // after the scenario
  RateOrigin origin = RateOrigin::kDefault;
  int pairs = 0;            // year pairs pooled (history only)
  int64_t numerator = 0;    // Σ of the later counts  (history only)
  int64_t denominator = 0;  // Σ of the earlier counts
};

struct EntryEstimate {
  Level level = Level::kPrimary;
  int age = 6;
  EstimatedRate entry;          // local entrants ÷ births
  EstimatedRate migrant_share;  // 随迁子女 ÷ entrants
};

struct ProgressionEstimate {
  Level from_level = Level::kPrimary;
  int from_grade = 1;
  Level to_level = Level::kPrimary;
  int to_grade = 2;
  EstimatedRate ratio;
};

// One level in one year: observed (the data) or projected.
struct LevelYear {
  int year = 0;
  Level level = Level::kPrimary;
  bool observed = false;
  std::vector<std::optional<int64_t>> grades;  // index = grade − 1
  std::optional<int64_t> students;             // Σ grades; unknown if any grade is
  // Projected years of a level fed by births: how the first grade was made.
  int birth_year = 0;
  std::optional<int64_t> births;
  bool births_projected = false;
  std::optional<int64_t> local_entrants;
  std::optional<int64_t> migrant_entrants;
};

struct BirthsUsed {
  int year = 0;
  std::optional<int64_t> count;
  bool projected = false;  // after the last entered year, by the scenario's change
};

struct AreaForecast {
  std::string area;
  std::string name;
  BirthBasis basis = BirthBasis::kHuji;  // the series actually used
  bool has_births = false;
  int base_year = 0;  // last year with enrolment data
  std::vector<EntryEstimate> entry;
  std::vector<ProgressionEstimate> progression;
  std::vector<BirthsUsed> births;  // the years the projection needed
  std::vector<LevelYear> rows;     // by year, then level; observed years first

  const LevelYear* Find(int year, Level level) const;
};

struct ForecastResult {
  std::string scenario;
  Text scenario_name;
  int horizon_years = 0;
  std::vector<AreaForecast> areas;
  std::vector<Notice> notices;
};

// Forecasts every area under one scenario (empty id = the parameters'
// default). Fails only for an unknown scenario (planning.unknown_scenario);
// missing data are notices.
Result<ForecastResult> Forecast(std::span<const AreaHistory> areas, const PlanningParams& params,
                                std::string_view scenario_id = {});

}  // namespace jiaodu::planning

#endif  // JIAODU_DOMAIN_PLANNING_FORECAST_H_
