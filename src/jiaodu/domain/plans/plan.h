// File: jiaodu/domain/plans/plan.h
//
// A bureau's development plan (e.g. a county's "十四五"教育发展规划) as
// jiaodu tracks it: the indicator table (主要指标) with baselines, targets,
// milestones and where each year's value comes from. Plans are data — a
// TOML file (data/plans/*.toml, docs/plans.md) or a county's published
// xlsx table — never code, so a new plan is an upload, not a release.
//
// Years in a plan are calendar years as the plan writes them ("2025年");
// decision P1 (docs/plans.md) maps year Y to the data of the academic year
// that starts in Y (the autumn 教育事业统计 of Y).
#ifndef JIAODU_DOMAIN_PLANS_PLAN_H_
#define JIAODU_DOMAIN_PLANS_PLAN_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::plans {

// How a value is compared with a target. kMaintain is the plans' "保持高水平"
// / "巩固": the target is a level to stay at (direction from `higher_better`),
// with no path to follow.
enum class Comparison { kAtLeast, kAtMost, kEqual, kMaintain };
std::string_view ComparisonSymbol(Comparison c);  // ≥ ≤ = 保持
Result<Comparison> ParseComparison(std::string_view text);

// 约束性 (binding, the plan's hard commitments) or 预期性 (expected).
enum class Attribute { kBinding, kExpected };
std::string_view AttributeName(Attribute a, bool english = false);
Result<Attribute> ParseAttribute(std::string_view text);

// The level an indicator is tracked at: the plan's own area, or every county
// under it (a city target split into county targets, see Cascade).
enum class Level { kArea, kCounties };

struct Milestone {
  int year = 0;
  double value = 0;
};

// Where an indicator's yearly value comes from. kManual: entered by the
// bureau with evidence. kFormula: computed by jiaodu from its own data by
// `value`, or by `numerator`/`denominator` (× `scale`), which also gives the
// gap in real units ("needs +412 本科 teachers"). Formulas are the standards'
// expression language (domain/standards/expr.h) in county scope over the
// area's schools or sections of `catalog`, plus the data variables listed in
// docs/plans.md (fitness_tested, fitness_top2, ...).
struct Source {
  enum class Kind { kManual, kFormula };
  Kind kind = Kind::kManual;
  std::string catalog;      // field catalog the formula binds to
  std::string members;      // "sections" (default) or "schools"
  std::string where;        // optional member filter, e.g. "stage == '小学'"
  std::string value;        // value = this formula, or
  std::string numerator;    // value = scale × numerator / denominator
  std::string denominator;  //
  double scale = 1;
  Text gap_unit;  // what the numerator counts: "名本科及以上学历教师"
};

struct Indicator {
  std::string id;  // stable within the plan: values are stored by it
  Text name;
  std::string unit;   // "%", "万个", "所"
  std::string group;  // the plan table's section, e.g. "学前教育"
  Attribute attribute = Attribute::kExpected;
  Comparison comparison = Comparison::kAtLeast;
  // For kMaintain (and kEqual): which side is better when off target.
  bool higher_better = true;
  int decimals = 2;  // how values are shown and compared (rounded half up)
  std::optional<int> baseline_year;
  std::optional<double> baseline;
  int target_year = 0;
  double target = 0;
  std::vector<Milestone> milestones;  // ascending years, strictly between baseline and target
  Source source;
  Level level = Level::kArea;
  // kCounties: each county's own target (行政区划代码 → value); counties not
  // listed get the plan's target. `rollup` says how county values make the
  // plan area's value when the indicator is manual: "sum" or "mean"
  // (weighted by `weight`, a formula like the source's).
  std::map<std::string, double> county_targets;
  std::string rollup;
  std::string weight;
  std::string note;  // 说明 / 口径, shown beside the indicator
};

struct Plan {
  std::string id;
  Text name;
  std::string issuer;      // 印发机关
  std::string doc_number;  // 文号
  std::string area;        // 行政区划代码 of the area the plan covers
  int start_year = 0;      // period, e.g. 2021–2025
  int end_year = 0;
  std::string source;  // where the text can be found (URL or archive reference)
  std::vector<Indicator> indicators;

  const Indicator* Find(std::string_view id) const;
};

// Checks the relations a loader cannot see field by field: unique ids,
// baseline before milestones before target, milestones ascending, a target
// year inside the plan period, formulas present for kFormula. Errors name
// the indicator.
Status Validate(const Plan& plan);

}  // namespace jiaodu::plans

#endif  // JIAODU_DOMAIN_PLANS_PLAN_H_
