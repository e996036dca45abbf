// File: jiaodu/domain/standards/standard.h
//
// A supervision standard as data: what is measured (indicators written as
// formulas over catalog fields), what the thresholds are, how a school and
// a county pass, and why (a citation on every entry, and the project's
// decision on every doubt the text leaves open). Loaded from
// data/standards/*.toml by formats/standard_file; evaluated by Engine.
//
// Nothing in C++ knows a threshold: the 2017 优质均衡 figures (4.2, 0.50, 85%
// ...) live only in data/standards/cn-yzjh-2017.toml.
#ifndef JIAODU_DOMAIN_STANDARDS_STANDARD_H_
#define JIAODU_DOMAIN_STANDARDS_STANDARD_H_

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/domain/schools/catalog.h"
#include "jiaodu/domain/schools/kinds.h"
#include "jiaodu/domain/standards/expr.h"

namespace jiaodu {

enum class CompareOp { kGe, kGt, kLe, kLt, kEq };
std::string_view CompareOpSymbol(CompareOp op);  // ≥ > ≤ < =
std::string_view CompareOpKey(CompareOp op);     // ">=" ...
// Applies the comparison with the tolerance of core/number.h.
bool Satisfies(CompareOp op, double value, double threshold);

// A value that may differ by stage (小学 4.2 / 初中 5.3).
template <typename T>
class PerStage {
 public:
  const T* Get(Stage s) const {
    const auto& v = values_[static_cast<size_t>(s)];
    return v ? &*v : nullptr;
  }
  void Set(Stage s, T v) { values_[static_cast<size_t>(s)] = std::move(v); }
  bool Has(Stage s) const { return values_[static_cast<size_t>(s)].has_value(); }

 private:
  std::array<std::optional<T>, std::size(kAllStages)> values_;
};

// The resource a remedy adds to raise an indicator: the field that grows,
// what it is called, and the smallest meaningful step (1 teacher, 1 m²,
// 100 元). The indicator must not decrease when the field grows.
struct Lever {
  size_t field = 0;
  std::string field_id;
  Text resource;  // 县级及以上骨干教师
  Text unit;      // 人
  double step = 1;
};

// A resource-allocation indicator, evaluated per school section, with a
// per-school threshold and a student-weighted 校际差异系数 across schools.
struct Indicator {
  std::string id;   // L1
  Text name;        // 每百名学生拥有高于规定学历教师数
  Text short_name;  // 高于规定学历教师
  Text unit;        // 人/百名学生
  PerStage<Expr> formula;
  PerStage<std::string> definition_zh;  // formula in words, for reports
  PerStage<double> standard;            // per-school threshold; absent = not judged per school
  CompareOp op = CompareOp::kGe;
  PerStage<Lever> lever;
  int decimals = 2;
  std::string source;
};

struct ResourceRule {
  // Whether the 校际差异系数 is computed at all (the preschool standard
  // judges kindergartens one by one and by county rates, not by dispersion).
  bool compute_cv = true;
  // The per-school rule; 0 when the standard judges schools on no
  // threshold (the 2012 monitoring only measures dispersion).
  int min_meeting = 0;        // indicators that must reach the standard (6 of 7)
  double floor_ratio = 0;     // the rest must reach this share of it (0.85)
  PerStage<double> cv_limit;  // per-indicator 差异系数 limit (2017: 0.50 / 0.45), may be absent
  // Limit on the composite (mean of the unrounded single CVs), may be absent
  // (2012: 0.65 / 0.55; 2017: none, the composite is informational).
  PerStage<double> composite_limit;
  CompareOp cv_op = CompareOp::kLe;
  std::string weight_field_id;  // P_i, the student weight (在校生数)
  size_t weight_field = 0;
  std::string school_rule_source;
  std::string cv_source;
  Text composite_note;  // why the composite is informational
};

// Schools left out of the resource evaluation (特殊教育学校, small 教学点).
struct Exclusion {
  Expr when;  // section scope
  Text reason;
  std::string source;
};

enum class CheckScope { kCounty, kSchool, kSection };

// A "what it takes" lever of a county check (a new kind of rule for the
// 普及普惠 ratios, docs/standards.md): `value` restates the check's value as a
// county formula in the variable x (places moved from 非普惠 to 普惠, 公办
// places added, teachers hired); the remedy is the smallest whole x ≥ 0 that
// makes the check pass. `value` must not decrease (or, for "<=" checks,
// increase) as x grows; `limit` bounds x when the lever is finite (only so
// many 非普惠 places exist to convert).
struct CheckRemedy {
  Text text;  // 非普惠性民办园转为普惠性民办园
  Text unit;  // 人
  Expr value;
  std::optional<Expr> limit;
};
enum class MemberKind { kSections, kSchools };

// One measurable condition of an item.
struct Check {
  Text label;  // 培训完成率
  CheckScope scope = CheckScope::kCounty;
  MemberKind over = MemberKind::kSections;  // county scope: what aggregates iterate
  std::optional<Expr> where;  // filter: which schools/sections the check covers or sums over
  Expr value;
  CompareOp op = CompareOp::kGe;
  std::optional<double> threshold;     // same for all stages, or:
  PerStage<double> stage_threshold;    // section scope, e.g. 班额 45 / 50, or:
  std::optional<Expr> threshold_expr;  // per member, e.g. ceil(classes / 12)
  Text threshold_text;                 // the threshold in words, for people (每12个班1间)
  std::vector<Stage> stages;           // section scope: stages checked
  Text unit;
  bool percent = false;  // display value and threshold × 100 with "%"
  int decimals = 2;
  std::vector<CheckRemedy> remedies;  // county scope only

  std::optional<double> ThresholdFor(std::optional<Stage> stage) const;
};

// The parts of a county verdict made of items. Each standard may rename a
// part (2017: 政府保障程度; 2020: 政府保障情况); these are the defaults.
enum class ItemPart { kCoverage, kGovernment, kQuality, kRecognition };
inline constexpr ItemPart kAllItemParts[] = {ItemPart::kCoverage, ItemPart::kGovernment,
                                             ItemPart::kQuality, ItemPart::kRecognition};
std::string_view ItemPartName(ItemPart p);  // 普及普惠水平 / 政府保障程度 / 教育质量 / 社会认可度
std::string_view ItemPartNameEn(ItemPart p);
std::string_view ItemPartKey(ItemPart p);
Result<ItemPart> ParseItemPart(std::string_view key);

// An item of the standard (G1 ... G15, Q1 ... Q9, 社会认可度): measurable
// checks, a bureau judgment with evidence, or both.
struct Item {
  std::string id;
  ItemPart part = ItemPart::kGovernment;
  Text text;
  std::vector<Check> checks;
  bool needs_judgment = false;  // 达标/未达标 recorded by the bureau, with evidence
  Text evidence_hint;           // what evidence is expected
  std::string source;
  Text note;
};

struct Veto {
  std::string id;
  Text text;
  std::string source;
};

// A policy target shown beside the legal standard (5080; the 十四五 goals),
// never part of the verdict: each target restates one county check of an
// item with another threshold, judged with that check's comparison.
struct GoalTarget {
  std::string item_id;  // P2
  size_t check = 0;     // index in the item's checks
  double threshold = 0;
};

struct Goal {
  std::string id;  // 5080
  Text name;       // 学前教育“5080”目标（2020年）
  Text note;
  std::string source;
  std::vector<GoalTarget> targets;
};

// A decision on a doubt (standards-notes §7) the official text leaves open.
struct Decision {
  std::string doubt;  // "D1"
  Text topic;
  Text decision;
  Text reason;
};

// One difference between a variant and its parent standard: the entry path
// (e.g. "items[G7].checks") and both values as TOML text.
struct VariantChange {
  std::string entry;
  std::string parent_value;   // empty: added by the variant
  std::string variant_value;  // empty: removed by the variant
};

struct Policy {
  // D2: compare unrounded (default), or round half-up to N places first.
  std::optional<int> round_values_before_compare;
  std::optional<int> round_cv_before_compare;
  int cv_display_decimals = 3;
};

struct Standard {
  std::string id;        // cn-yzjh-2017
  std::string version;   // 1
  Text title;            // 县域义务教育优质均衡发展督导评估办法
  Text short_title;      // 优质均衡
  Text report_title;     // 义务教育优质均衡发展督导评估 (titles of reports)
  std::string document;  // 教督〔2017〕6号
  std::string issuer;    // 教育部
  std::string issued;    // 2017-04-26
  std::string source_file;
  std::string source;  // citation of the document as a whole
  // Variants (a province's restatement) name their parent; `family_id` is
  // the root of the chain (the national standard). `changes` lists what the
  // variant changes, for people to review.
  std::string parent_id;
  std::string family_id;
  std::vector<VariantChange> changes;
  std::vector<Stage> stages;
  std::shared_ptr<const FieldCatalog> catalog;
  std::vector<Exclusion> exclusions;
  std::vector<Indicator> indicators;
  ResourceRule resource;
  std::vector<Item> items;
  std::vector<Veto> vetoes;
  std::vector<Goal> goals;
  std::vector<Decision> decisions;
  Policy policy;
  // Names of the item parts where the standard words them differently.
  std::map<ItemPart, Text> part_names;
  // What the resource part is called (资源配置; 幼儿园办园条件).
  Text resource_name{"资源配置", "Resource allocation"};

  const Indicator* FindIndicator(std::string_view id) const;
  bool HasSchoolRule() const { return resource.min_meeting > 0; }
  const Item* FindItem(std::string_view id) const;
  Text PartName(ItemPart p) const;
  // Whether resources count towards the verdict: a per-school rule, a CV
  // limit or a composite limit (the preschool indicators are informational).
  bool JudgesResources() const;
  // The lowest value an indicator may take for a school that otherwise
  // passes (standard × floor_ratio; ÷ for "≤" indicators), or nullopt when
  // the indicator has no standard for the stage or the standard tolerates
  // no shortfall (floor_ratio 0).
  std::optional<double> FloorOf(const Indicator& ind, Stage stage) const;
};

}  // namespace jiaodu

#endif  // JIAODU_DOMAIN_STANDARDS_STANDARD_H_
