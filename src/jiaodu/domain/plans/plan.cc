#include "jiaodu/domain/plans/plan.h"

#include <fmt/format.h>

#include <set>

namespace jiaodu::plans {

std::string_view ComparisonSymbol(Comparison c) {
  switch (c) {
    case Comparison::kAtLeast:
      return "≥";
    case Comparison::kAtMost:
      return "≤";
    case Comparison::kEqual:
      return "=";
    case Comparison::kMaintain:
      return "保持";
  }
  return "?";
}

Result<Comparison> ParseComparison(std::string_view text) {
  if (text == "≥" || text == ">=" || text == "不低于" || text == "达到")
    return Comparison::kAtLeast;
  if (text == "≤" || text == "<=" || text == "不高于" || text == "控制在")
    return Comparison::kAtMost;
  if (text == "=" || text == "==") return Comparison::kEqual;
  if (text == "保持" || text == "巩固" || text == "maintain") return Comparison::kMaintain;
  return Fail(ErrorCode::kInvalidInput, "plan.bad_comparison",
              Text(fmt::format("比较方式“{}”无效，应为 ≥、≤、= 或 保持", text),
                   fmt::format("comparison \"{}\" is not one of ≥, ≤, =, 保持", text)));
}

std::string_view AttributeName(Attribute a, bool english) {
  if (a == Attribute::kBinding) return english ? "binding" : "约束性";
  return english ? "expected" : "预期性";
}

Result<Attribute> ParseAttribute(std::string_view text) {
  if (text == "约束性" || text == "binding") return Attribute::kBinding;
  if (text == "预期性" || text == "expected" || text.empty()) return Attribute::kExpected;
  return Fail(ErrorCode::kInvalidInput, "plan.bad_attribute",
              Text(fmt::format("指标属性“{}”无效，应为 约束性 或 预期性", text),
                   fmt::format("attribute \"{}\" is neither 约束性 nor 预期性", text)));
}

const Indicator* Plan::Find(std::string_view indicator_id) const {
  for (const Indicator& i : indicators) {
    if (i.id == indicator_id) return &i;
  }
  return nullptr;
}

namespace {

tl::unexpected<Error> Bad(const Indicator& ind, std::string zh, std::string en) {
  return Fail(ErrorCode::kInvalidInput, "plan.invalid_indicator",
              Text(fmt::format("指标“{}”（{}）：{}", ind.name.zh, ind.id, zh),
                   fmt::format("indicator \"{}\" ({}): {}", ind.name.en, ind.id, en)));
}

}  // namespace

Status Validate(const Plan& plan) {
  if (plan.start_year > plan.end_year) {
    return Fail(
        ErrorCode::kInvalidInput, "plan.bad_period",
        Text(fmt::format("规划期 {}–{} 无效：起始年份晚于截止年份", plan.start_year, plan.end_year),
             fmt::format("plan period {}–{} ends before it starts", plan.start_year,
                         plan.end_year)));
  }
  std::set<std::string> ids;
  for (const Indicator& ind : plan.indicators) {
    if (ind.id.empty()) return Bad(ind, "缺少指标编号 id", "id is missing");
    if (!ids.insert(ind.id).second) return Bad(ind, "指标编号重复", "duplicate id");
    if (ind.target_year == 0) return Bad(ind, "缺少目标年份", "target year is missing");
    if (ind.baseline_year && *ind.baseline_year >= ind.target_year) {
      return Bad(ind,
                 fmt::format("基期 {} 年不早于目标年份 {} 年", *ind.baseline_year, ind.target_year),
                 fmt::format("baseline year {} is not before target year {}", *ind.baseline_year,
                             ind.target_year));
    }
    if (ind.baseline_year.has_value() != ind.baseline.has_value()) {
      return Bad(ind, "基期年份与基期值须同时填写", "baseline year and value go together");
    }
    int last = ind.baseline_year.value_or(0);
    for (const Milestone& m : ind.milestones) {
      if (m.year <= last || m.year >= ind.target_year) {
        return Bad(
            ind, fmt::format("阶段目标 {} 年须在基期与目标年份之间且按年份递增", m.year),
            fmt::format("milestone {} must lie between baseline and target, ascending", m.year));
      }
      last = m.year;
    }
    if (ind.decimals < 0 || ind.decimals > 6) {
      return Bad(ind, "小数位数须在 0–6 之间", "decimals must be 0–6");
    }
    if (ind.source.kind == Source::Kind::kFormula && ind.source.value.empty() &&
        (ind.source.numerator.empty() || ind.source.denominator.empty())) {
      return Bad(ind, "自动计算的指标须给出 value 公式，或 numerator 与 denominator 公式",
                 "a computed indicator needs a value formula or numerator and denominator");
    }
    if (ind.level == Level::kCounties && ind.source.kind == Source::Kind::kManual &&
        ind.rollup != "sum" && ind.rollup != "mean") {
      return Bad(ind, "分解到县的手填指标须说明汇总方式 rollup = \"sum\" 或 \"mean\"",
                 "a manual indicator split by county needs rollup = \"sum\" or \"mean\"");
    }
  }
  return Ok();
}

}  // namespace jiaodu::plans
