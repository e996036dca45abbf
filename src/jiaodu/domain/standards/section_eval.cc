#include "jiaodu/domain/standards/section_eval.h"

#include <fmt/format.h>

#include "jiaodu/core/number.h"

namespace jiaodu::internal {

double FloorThreshold(CompareOp op, double standard, double ratio) {
  if (ratio <= 0) return standard;
  switch (op) {
    case CompareOp::kGe:
    case CompareOp::kGt:
      return standard * ratio;
    case CompareOp::kLe:
    case CompareOp::kLt:
      return standard / ratio;
    case CompareOp::kEq:
      return standard;
  }
  return standard;
}

IndicatorValue EvaluateIndicator(const Standard& standard, const Indicator& indicator,
                                 const SectionView& section, const CountyYearRecord* county,
                                 std::span<const Delta> deltas) {
  IndicatorValue out;
  out.id = indicator.id;
  Stage stage = section.record->stage;
  const Expr* formula = indicator.formula.Get(stage);
  const double* threshold = indicator.standard.Get(stage);
  if (formula == nullptr) {
    out.status = IndicatorStatus::kMissing;
    out.missing_reason =
        Text(fmt::format("标准未规定{}的该项指标", StageName(stage)),
             fmt::format("the standard defines no value for {}", StageNameEn(stage)));
    return out;
  }
  if (threshold != nullptr) {
    out.standard = *threshold;
    // No tolerance band (floor_ratio 0, the preschool standard): below the
    // standard is simply below, reported as below the floor.
    if (standard.resource.floor_ratio > 0)
      out.floor = FloorThreshold(indicator.op, *threshold, standard.resource.floor_ratio);
  }
  SectionContext ctx(*standard.catalog, section, county, deltas);
  auto v = formula->EvaluateNumber(ctx);
  if (!v) {
    out.status = IndicatorStatus::kMissing;
    if (v.error().id == "expr.div_zero") {
      const FieldDef& w = standard.catalog->at(standard.resource.weight_field);
      out.missing_reason =
          Text(fmt::format("分母为 0（{}为 0），无法计算", w.name.zh),
               fmt::format("denominator is 0 ({} is 0); cannot compute", w.name.en));
    } else {
      out.missing_reason = v.error().message;
    }
    return out;
  }
  out.value = *v;
  if (threshold == nullptr) {
    out.status = IndicatorStatus::kNoStandard;  // measured for the CV only
    return out;
  }
  if (*threshold != 0) out.ratio = *v / *threshold;
  double compared = *v;
  if (standard.policy.round_values_before_compare) {
    compared = RoundHalfUp(compared, *standard.policy.round_values_before_compare);
  }
  if (Satisfies(indicator.op, compared, *threshold)) {
    out.status = IndicatorStatus::kMeets;
  } else if (out.floor && Satisfies(indicator.op, compared, *out.floor)) {
    out.status = IndicatorStatus::kAboveFloor;
  } else {
    out.status = IndicatorStatus::kBelowFloor;
  }
  return out;
}

void ApplySchoolRule(const Standard& standard, SectionResult& r) {
  r.meeting = r.below_standard = r.below_floor = r.missing = 0;
  r.reasons.clear();
  std::vector<std::string> short_zh;
  std::vector<std::string> short_en;
  for (size_t i = 0; i < r.indicators.size(); ++i) {
    const IndicatorValue& iv = r.indicators[i];
    const Indicator& def = standard.indicators[i];
    switch (iv.status) {
      case IndicatorStatus::kMeets:
        ++r.meeting;
        break;
      case IndicatorStatus::kAboveFloor:
        ++r.below_standard;
        break;
      case IndicatorStatus::kBelowFloor:
        ++r.below_standard;
        ++r.below_floor;
        break;
      case IndicatorStatus::kMissing:
        ++r.missing;
        break;
      case IndicatorStatus::kNoStandard:
        break;
    }
    if (iv.status == IndicatorStatus::kAboveFloor || iv.status == IndicatorStatus::kBelowFloor) {
      // The floor as the standard file sets it (85% in 2017), not a constant.
      const bool below =
          iv.status == IndicatorStatus::kBelowFloor && standard.resource.floor_ratio > 0;
      const std::string floor_pct = FormatFixed(standard.resource.floor_ratio * 100, 0);
      short_zh.push_back(fmt::format(
          "{} {}为 {}，标准 {}，达 {}%{}", def.id, def.short_name.zh,
          FormatFixed(*iv.value, def.decimals), FormatFixed(iv.standard.value_or(0), def.decimals),
          FormatFixed(*iv.ratio * 100, 1), below ? "，低于" + floor_pct + "%" : ""));
      short_en.push_back(fmt::format(
          "{} {} is {}, standard {}, {}%{}", def.id, def.short_name.en,
          FormatFixed(*iv.value, def.decimals), FormatFixed(iv.standard.value_or(0), def.decimals),
          FormatFixed(*iv.ratio * 100, 1), below ? ", below " + floor_pct + "%" : ""));
    }
    if (iv.status == IndicatorStatus::kMissing) {
      r.reasons.push_back(
          Text(fmt::format("{} 无法计算：{}", def.id, iv.missing_reason.zh),
               fmt::format("{} cannot be computed: {}", def.id, iv.missing_reason.en)));
    }
  }
  if (!standard.HasSchoolRule()) {
    // Monitoring-only standards (2012) judge dispersion, not schools.
    r.verdict = r.missing > 0 ? Verdict::kIncomplete : Verdict::kNotApplicable;
    return;
  }
  const int total = static_cast<int>(r.indicators.size());
  const int need = standard.resource.min_meeting;
  if (r.below_floor > 0 || r.meeting + r.missing < need) {
    r.verdict = Verdict::kFail;
  } else if (r.missing > 0) {
    r.verdict = Verdict::kIncomplete;
  } else {
    r.verdict = Verdict::kPass;
  }
  if (!short_zh.empty()) {
    std::string head_zh =
        fmt::format("{}项指标中{}项达到标准（须至少{}项，余项不低于标准的{}%）", total, r.meeting,
                    need, FormatFixed(standard.resource.floor_ratio * 100, 0));
    std::string head_en =
        fmt::format("{} of {} indicators reach the standard (at least {} required, the rest ≥ {}%)",
                    r.meeting, total, need, FormatFixed(standard.resource.floor_ratio * 100, 0));
    r.reasons.insert(r.reasons.begin(),
                     Text(fmt::format("{}：{}", head_zh, fmt::join(short_zh, "；")),
                          fmt::format("{}: {}", head_en, fmt::join(short_en, "; "))));
  }
}

SectionResult EvaluateSection(const Standard& standard, const SectionView& section,
                              const CountyYearRecord* county, std::span<const Delta> deltas) {
  SectionResult r;
  const SchoolYearRecord& rec = *section.school->record;
  r.school_code = rec.school.code;
  r.school_name = rec.school.name;
  r.type = rec.school.type;
  r.locale = rec.school.locale;
  r.ownership = rec.school.ownership;
  r.stage = section.record->stage;
  r.students = section.record->values.Get(standard.resource.weight_field);
  r.indicators.reserve(standard.indicators.size());
  for (const Indicator& ind : standard.indicators) {
    r.indicators.push_back(EvaluateIndicator(standard, ind, section, county, deltas));
  }
  ApplySchoolRule(standard, r);
  return r;
}

}  // namespace jiaodu::internal
