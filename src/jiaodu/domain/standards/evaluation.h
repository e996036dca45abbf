// File: jiaodu/domain/standards/evaluation.h
//
// What an evaluation produces: plain data, with every figure, threshold,
// verdict and reason, so that the server, the Excel export and the CLI's JSON
// render the same facts (docs/evaluation-json.md documents the JSON form).
//
// Verdicts are three-valued plus "not applicable": a county with a missing
// figure is 待定 (incomplete), never silently 达标 or 未达标.
#ifndef JIAODU_DOMAIN_STANDARDS_EVALUATION_H_
#define JIAODU_DOMAIN_STANDARDS_EVALUATION_H_

#include <optional>
#include <string>
#include <vector>

#include "jiaodu/core/academic_year.h"
#include "jiaodu/core/error.h"
#include "jiaodu/domain/schools/kinds.h"
#include "jiaodu/domain/schools/record.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu {

enum class Verdict { kPass, kFail, kIncomplete, kNotApplicable };
std::string_view VerdictName(Verdict v);    // 达标 / 未达标 / 待定 / 不适用
std::string_view VerdictNameEn(Verdict v);  // pass / fail / incomplete / n/a
std::string_view VerdictKey(Verdict v);     // "pass" / "fail" / "incomplete" / "na"
// Fail beats incomplete beats pass; N/A is neutral.
Verdict Combine(Verdict a, Verdict b);

enum class IndicatorStatus {
  kMeets,       // reaches the standard
  kAboveFloor,  // below the standard, at or above 85% of it
  kBelowFloor,  // below 85% of the standard
  kMissing,     // cannot be computed (data missing, no students)
  kNoStandard,  // computed, but the standard sets no per-school threshold
};
std::string_view IndicatorStatusKey(IndicatorStatus s);

struct IndicatorValue {
  std::string id;
  std::optional<double> value;
  std::optional<double> standard;  // per-school threshold, if the standard sets one
  std::optional<double> floor;     // standard × floor ratio (85%)
  std::optional<double> ratio;     // value / standard
  IndicatorStatus status = IndicatorStatus::kMissing;
  Text missing_reason;
};

// One addition in a "what it takes" plan.
struct Change {
  std::string school_code;
  std::string school_name;
  Stage stage = Stage::kPrimary;
  std::string indicator_id;
  std::string field_id;
  Text resource;          // 县级及以上骨干教师
  Text unit;              // 人
  double amount = 0;      // to add, in the field's stored unit
  double from_value = 0;  // indicator value before
  double to_value = 0;    // indicator value after
  enum class Target { kStandard, kFloor, kCv } target = Target::kStandard;
};
std::string_view ChangeTargetKey(Change::Target t);

struct SectionResult {
  std::string school_code;
  std::string school_name;
  SchoolType type = SchoolType::kPrimary;
  Locale locale = Locale::kUrban;
  Ownership ownership = Ownership::kPublic;
  Stage stage = Stage::kPrimary;
  std::optional<double> students;
  std::vector<IndicatorValue> indicators;  // in the standard's order
  int meeting = 0;
  int below_standard = 0;
  int below_floor = 0;
  int missing = 0;
  Verdict verdict = Verdict::kIncomplete;
  std::vector<Text> reasons;
  // What it takes to pass (failing schools only). remedy_complete is false
  // when some indicator has no lever or cannot be raised (e.g. 0 students).
  std::vector<Change> remedy;
  bool remedy_complete = true;
};

struct CvDriver {
  std::string school_code;
  std::string school_name;
  double value = 0;
  double weight_share = 0;  // P_i / P
  double share = 0;         // share of Σ(P_i/P)(X_i − X̄)²
  bool above_mean = false;
};

struct CvResult {
  std::string indicator_id;
  std::optional<double> mean;
  std::optional<double> sd;
  std::optional<double> cv;
  std::optional<double> limit;  // per-indicator limit, if the standard sets one
  Verdict verdict = Verdict::kIncomplete;
  Text problem;  // why it is incomplete
  int schools = 0;
  int schools_missing = 0;
  double students = 0;
  std::vector<CvDriver> drivers;  // largest share first (top N)
  // Levelling-up plan: raise every school below `target_level` to it.
  std::optional<double> target_level;
  std::vector<Change> remedy;
  std::optional<double> cv_after;
};

// The county's combined plan for one stage: every school passes and every
// CV is under its limit once these additions are made, verified by
// re-evaluating with them applied.
struct PassPlan {
  struct Total {
    std::string field_id;
    Text resource;
    Text unit;
    double amount = 0;
    int schools = 0;
  };
  std::vector<Change> changes;
  std::vector<Total> totals;
  bool needed = false;
  bool verified = false;
  Text note;
};

struct StageResult {
  Stage stage = Stage::kPrimary;
  int schools = 0;
  double students = 0;
  std::vector<SectionResult> sections;
  std::vector<CvResult> cvs;              // one per indicator
  std::optional<double> composite_cv;     // mean of the unrounded CVs
  std::optional<double> composite_limit;  // when the standard limits it (2012)
  Verdict composite_verdict = Verdict::kNotApplicable;
  // Composite over its limit: the cap c such that bringing every CV above c
  // down to c meets the limit, and the composite once the plans are applied.
  std::optional<double> composite_cap;
  std::optional<double> composite_after;
  int schools_passing = 0;
  int schools_failing = 0;
  int schools_incomplete = 0;
  Verdict schools_verdict = Verdict::kIncomplete;
  Verdict cv_verdict = Verdict::kIncomplete;
  Verdict verdict = Verdict::kIncomplete;
  std::vector<Text> reasons;
  PassPlan plan;
};

struct CheckFailure {
  std::string school_code;
  std::string school_name;
  std::optional<Stage> stage;
  std::optional<double> value;
  std::optional<double> required;  // the member's own threshold, when it varies
  Text problem;
};

// The solved lever of a failing county check (see CheckRemedy): the
// smallest whole amount that makes the check pass, with the value it gives.
struct CheckRemedyResult {
  Text text;
  Text unit;
  std::optional<double> amount;       // nullopt: not reachable (see problem)
  std::optional<double> value_after;  // the check's value with `amount` applied
  std::optional<double> limit;        // how far the lever goes, when bounded
  Text problem;                       // why there is no amount
};

struct CheckResult {
  Text label;
  CheckScope scope = CheckScope::kCounty;
  std::optional<double> value;  // county checks
  std::optional<double> threshold;
  PerStage<double> stage_threshold;
  std::string threshold_formula;  // when the threshold varies by school
  Text threshold_text;            // the threshold in words, when the standard gives it
  CompareOp op = CompareOp::kGe;
  bool percent = false;
  int decimals = 2;
  Text unit;
  Verdict verdict = Verdict::kIncomplete;
  Text problem;
  int members = 0;  // schools/sections checked
  std::vector<CheckFailure> failing;
  std::vector<CheckFailure> missing;
  std::vector<CheckRemedyResult> remedies;  // failing county checks with levers
};

struct ItemResult {
  std::string id;
  ItemPart part = ItemPart::kGovernment;
  Text part_name;  // as the standard words it
  Text text;
  Verdict verdict = Verdict::kIncomplete;
  std::vector<CheckResult> checks;
  bool needs_judgment = false;
  Judgment judgment;
  std::vector<Text> reasons;
};

// One target of a goal, measured on the county's value of the check.
struct GoalTargetResult {
  std::string item_id;
  Text label;
  std::optional<double> value;
  double threshold = 0;
  CompareOp op = CompareOp::kGe;
  bool percent = false;
  int decimals = 2;
  Verdict verdict = Verdict::kIncomplete;   // reached / not / unknown
  std::vector<CheckRemedyResult> remedies;  // what it takes to reach the goal
};

struct GoalResult {
  std::string id;
  Text name;
  Text note;
  Verdict verdict = Verdict::kIncomplete;  // all targets reached
  std::vector<GoalTargetResult> targets;
};

struct VetoResult {
  std::string id;
  Text text;
  std::optional<bool> occurred;  // nullopt: not recorded
  std::string note;
  Verdict verdict = Verdict::kIncomplete;
};

struct ExcludedSection {
  std::string school_code;
  std::string school_name;
  Stage stage = Stage::kPrimary;
  Text reason;
};

// A part of the county verdict as the standard names it, in the order
// reports show them; only the parts the standard has.
struct PartVerdict {
  std::string key;  // coverage | resource | government | quality | recognition | veto
  Text name;
  Verdict verdict = Verdict::kNotApplicable;
};

struct CountyEvaluation {
  std::string county_code;
  std::string county_name;
  AcademicYear year;
  std::string standard_id;
  std::vector<StageResult> stages;
  std::vector<ItemResult> items;
  std::vector<VetoResult> vetoes;
  std::vector<ExcludedSection> excluded;
  std::vector<GoalResult> goals;  // shown beside the verdict, never part of it
  Verdict coverage_verdict = Verdict::kNotApplicable;
  Verdict resource_verdict = Verdict::kIncomplete;
  Verdict government_verdict = Verdict::kIncomplete;
  Verdict quality_verdict = Verdict::kIncomplete;
  Verdict recognition_verdict = Verdict::kIncomplete;
  Verdict veto_verdict = Verdict::kIncomplete;
  Verdict verdict = Verdict::kIncomplete;
  std::vector<PartVerdict> parts;  // CountyParts(): the standard's parts, named its way
  std::vector<Text> reasons;
  bool has_county_data = false;

  const StageResult* FindStage(Stage s) const;
};

std::vector<PartVerdict> CountyParts(const Standard& standard, const CountyEvaluation& e);

}  // namespace jiaodu

#endif  // JIAODU_DOMAIN_STANDARDS_EVALUATION_H_
