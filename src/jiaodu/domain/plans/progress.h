// File: jiaodu/domain/plans/progress.h
//
// Is a plan indicator on track? The status rules (decisions P2–P6 in
// docs/plans.md), kept in one place because every figure in a 督导 report
// about a plan comes from them:
//
//   已达标   the value meets the target (also before the target year)
//   按进度   not yet, but at or beyond the path for the year: the straight
//            line from the baseline through each milestone to the target
//   滞后     behind the path, having made at least `severe_share` (½) of the
//            progress the path expects by now
//   严重滞后 behind the path with less than that, or moving away from the
//            target; for 保持 targets, missed two recorded years running
//
// Values are compared as the plan prints them: rounded half up to the
// indicator's decimals. "Better" follows the comparison (≥ up, ≤ down); an
// = target moves from the baseline toward the target.
//
//   Assessment a = Assess(indicator, values, 2024);
#ifndef JIAODU_DOMAIN_PLANS_PROGRESS_H_
#define JIAODU_DOMAIN_PLANS_PROGRESS_H_

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "jiaodu/domain/plans/plan.h"

namespace jiaodu::plans {

enum class ProgressStatus { kNoData, kMet, kOnTrack, kBehind, kFarBehind };
std::string_view ProgressStatusName(ProgressStatus s, bool english = false);
std::string_view ProgressStatusKey(ProgressStatus s);  // met, on_track, behind, far_behind, no_data

// One year's value with what it is made of when it is a ratio (for the gap
// in real units): value = scale × numerator / denominator.
struct YearValue {
  int year = 0;
  double value = 0;
  std::optional<double> numerator;
  std::optional<double> denominator;
};

struct Rules {
  // Share of the expected progress below which "behind" becomes "far behind".
  double severe_share = 0.5;
};

struct Assessment {
  int year = 0;
  ProgressStatus status = ProgressStatus::kNoData;
  std::optional<double> value;     // rounded to the indicator's decimals
  std::optional<double> required;  // the path's value for the year (none for 保持)
  // Progress made since the baseline as a share of what the path expects by
  // now (1 = exactly on the path); none when nothing is expected yet.
  std::optional<double> progress_share;
  // Shortfall in the indicator's unit, positive when short (0 when met).
  std::optional<double> gap_to_path;
  std::optional<double> gap_to_target;
  // The same in whole numerator units (students, teachers) with the
  // denominator unchanged, for ratio indicators.
  std::optional<long long> units_to_path;
  std::optional<long long> units_to_target;
  // Least-squares line through the values up to this year (baseline
  // included), read at the target year.
  std::optional<double> projected;
  std::optional<bool> projected_meets;
  Text reason;
};

// Which way is better for the indicator: +1 higher, −1 lower, 0 when an =
// target equals its baseline.
int Direction(const Indicator& ind);

// The path's value for `year`: the baseline before it, the target after it,
// linear between the baseline, the milestones and the target.
std::optional<double> PathValue(const Indicator& ind, int year);

// Whether `value` (already rounded) meets `target` under the comparison.
bool Meets(const Indicator& ind, double value, double target);

// `values` in any order; the assessment uses those up to `year`.
Assessment Assess(const Indicator& ind, std::span<const YearValue> values, int year,
                  const Rules& rules = {});

// The smallest whole change of the numerator (more when higher is better,
// fewer when lower is better) that makes scale × n / d (rounded) meet
// `target`; 0 when it already does, nullopt when no change can (d ≤ 0).
std::optional<long long> UnitsToMeet(const Indicator& ind, double numerator, double denominator,
                                     double target);

}  // namespace jiaodu::plans

#endif  // JIAODU_DOMAIN_PLANS_PROGRESS_H_
