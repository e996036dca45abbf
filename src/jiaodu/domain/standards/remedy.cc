#include "jiaodu/domain/standards/remedy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "jiaodu/core/number.h"
#include "jiaodu/domain/standards/cv.h"
#include "jiaodu/domain/standards/section_eval.h"

namespace jiaodu::internal {
namespace {

constexpr double kMaxSteps = 1e12;
constexpr int kPlanIterations = 8;

void AddDelta(std::vector<Delta>& deltas, size_t field, double amount) {
  if (amount == 0) return;
  for (Delta& d : deltas) {
    if (d.field == field) {
      d.amount += amount;
      return;
    }
  }
  deltas.push_back({field, amount});
}

std::optional<double> ComparedValue(const Standard& standard, const Expr& formula,
                                    const SectionView& section, const CountyYearRecord* county,
                                    std::span<const Delta> deltas) {
  SectionContext ctx(*standard.catalog, section, county, deltas);
  auto v = formula.EvaluateNumber(ctx);
  if (!v) return std::nullopt;
  double c = *v;
  if (standard.policy.round_values_before_compare) {
    c = RoundHalfUp(c, *standard.policy.round_values_before_compare);
  }
  return c;
}

Change MakeChange(const SectionView& section, const Indicator& ind, const Lever& lever,
                  double amount, double from, double to, Change::Target target) {
  Change c;
  c.school_code = section.school->record->school.code;
  c.school_name = section.school->record->school.name;
  c.stage = section.record->stage;
  c.indicator_id = ind.id;
  c.field_id = lever.field_id;
  c.resource = lever.resource;
  c.unit = lever.unit;
  c.amount = amount;
  c.from_value = from;
  c.to_value = to;
  c.target = target;
  return c;
}

bool CvSatisfied(const Standard& standard, double cv, double limit) {
  if (standard.policy.round_cv_before_compare)
    cv = RoundHalfUp(cv, *standard.policy.round_cv_before_compare);
  return Satisfies(standard.resource.cv_op, cv, limit);
}

std::optional<double> CvOf(std::span<const double> values, std::span<const double> weights) {
  auto s = WeightedCv(values, weights);
  if (!s) return std::nullopt;
  return s->cv;
}

}  // namespace

std::optional<LeverSolution> SolveLever(const Standard& standard, const Indicator& indicator,
                                        const SectionView& section, const CountyYearRecord* county,
                                        std::span<const Delta> base, CompareOp op, double target) {
  Stage stage = section.record->stage;
  const Lever* lever = indicator.lever.Get(stage);
  const Expr* formula = indicator.formula.Get(stage);
  if (lever == nullptr || formula == nullptr || lever->step == 0) return std::nullopt;
  std::vector<Delta> deltas(base.begin(), base.end());
  deltas.push_back({lever->field, 0});
  auto value_at = [&](double steps) {
    deltas.back().amount = steps * lever->step;
    return ComparedValue(standard, *formula, section, county, deltas);
  };
  auto ok = [&](double steps) {
    auto v = value_at(steps);
    return v && Satisfies(op, *v, target);
  };
  auto v0 = value_at(0);
  if (!v0) return std::nullopt;
  if (Satisfies(op, *v0, target)) return LeverSolution{0, *v0};
  double hi = 1;
  while (!ok(hi)) {
    hi *= 2;
    if (hi > kMaxSteps) return std::nullopt;
  }
  double lo = hi == 1 ? 0 : hi / 2;  // lo fails, hi passes
  while (hi - lo > 1) {
    double mid = std::floor((lo + hi) / 2);
    if (ok(mid)) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  auto reached = value_at(hi);
  return LeverSolution{hi * lever->step, reached.value_or(target)};
}

void PlanSection(const Standard& standard, const SectionView& section,
                 const CountyYearRecord* county, std::span<const Delta> base,
                 SectionResult& result) {
  result.remedy.clear();
  result.remedy_complete = true;
  if (result.verdict == Verdict::kPass) return;
  if (result.missing > 0) {
    result.remedy_complete = false;
    return;
  }
  const double floor_ratio = standard.resource.floor_ratio;
  std::vector<size_t> misses;
  for (size_t i = 0; i < result.indicators.size(); ++i) {
    auto s = result.indicators[i].status;
    if (s == IndicatorStatus::kAboveFloor || s == IndicatorStatus::kBelowFloor) misses.push_back(i);
  }
  // Up to (indicators − min_meeting) misses may stay below the standard if
  // they reach the floor. Leave there the ones where that saves most: the
  // saving (in shares of the standard) is min(1 − ratio, 1 − floor_ratio).
  const size_t allowed = static_cast<size_t>(
      std::max(0, static_cast<int>(result.indicators.size()) - standard.resource.min_meeting));
  auto saving = [&](size_t i) {
    double ratio = result.indicators[i].ratio.value_or(0);
    return std::min(1 - ratio, 1 - floor_ratio);
  };
  std::stable_sort(misses.begin(), misses.end(), [&](size_t a, size_t b) {
    double sa = saving(a);
    double sb = saving(b);
    if (std::fabs(sa - sb) > 1e-12) return sa > sb;
    return result.indicators[a].ratio.value_or(0) < result.indicators[b].ratio.value_or(0);
  });
  for (size_t k = 0; k < misses.size(); ++k) {
    size_t i = misses[k];
    const Indicator& ind = standard.indicators[i];
    const IndicatorValue& iv = result.indicators[i];
    bool to_floor = k < allowed;
    if (to_floor && iv.status == IndicatorStatus::kAboveFloor) continue;  // already enough
    double target = to_floor ? iv.floor.value_or(0) : iv.standard.value_or(0);
    auto sol = SolveLever(standard, ind, section, county, base, ind.op, target);
    const Lever* lever = ind.lever.Get(section.record->stage);
    if (!sol || lever == nullptr) {
      result.remedy_complete = false;
      continue;
    }
    result.remedy.push_back(
        MakeChange(section, ind, *lever, sol->amount, iv.value.value_or(0), sol->value,
                   to_floor ? Change::Target::kFloor : Change::Target::kStandard));
  }
}

void PlanCv(const Standard& standard, const Indicator& indicator, std::span<const CvMember> members,
            double limit, const CountyYearRecord* county, CvResult& out) {
  out.remedy.clear();
  out.target_level.reset();
  out.cv_after.reset();
  if (members.empty() || indicator.op != CompareOp::kGe) return;
  std::vector<double> values;
  std::vector<double> weights;
  for (const CvMember& m : members) {
    values.push_back(m.value);
    weights.push_back(m.weight);
  }
  auto current = CvOf(values, weights);
  if (!current || CvSatisfied(standard, *current, limit)) return;
  double lo = *std::min_element(values.begin(), values.end());
  double hi = *std::max_element(values.begin(), values.end());
  std::vector<double> raised(values.size());
  auto cv_at = [&](double t) {
    for (size_t i = 0; i < values.size(); ++i) raised[i] = std::max(values[i], t);
    return CvOf(raised, weights);
  };
  // CV of max(X_i, T) falls as T rises (the low tail is compressed toward the
  // rest, and the mean rises); at T = max it is 0. Bisect for the lowest T.
  for (int it = 0; it < 100 && hi - lo > 1e-12 * std::max(1.0, std::fabs(hi)); ++it) {
    double mid = (lo + hi) / 2;
    auto c = cv_at(mid);
    if (c && CvSatisfied(standard, *c, limit)) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  double target = hi;
  const double top = *std::max_element(values.begin(), values.end());
  // Whole lever steps overshoot T a little; re-check with the amounts
  // actually proposed and nudge T up if that is not enough.
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::vector<Change> changes;
    std::vector<double> reached = values;
    bool solvable = true;
    for (size_t i = 0; i < members.size(); ++i) {
      if (!Less(values[i], target)) continue;
      const SectionView& sec = *members[i].section;
      auto sol =
          SolveLever(standard, indicator, sec, county, members[i].base, CompareOp::kGe, target);
      const Lever* lever = indicator.lever.Get(sec.record->stage);
      if (!sol || lever == nullptr) {
        solvable = false;
        break;
      }
      reached[i] = sol->value;
      changes.push_back(MakeChange(sec, indicator, *lever, sol->amount, values[i], sol->value,
                                   Change::Target::kCv));
    }
    if (!solvable) return;
    auto after = CvOf(reached, weights);
    if (after && CvSatisfied(standard, *after, limit)) {
      out.target_level = target;
      out.remedy = std::move(changes);
      out.cv_after = *after;
      return;
    }
    target += (top - target) * 0.02 + 1e-9 * std::max(1.0, std::fabs(top));
  }
}

std::optional<double> CompositeCap(const Standard& standard, std::span<const double> cvs,
                                   double limit) {
  if (cvs.empty()) return std::nullopt;
  auto mean_capped = [&](double c) {
    double sum = 0;
    for (double v : cvs) sum += std::min(v, c);
    return sum / static_cast<double>(cvs.size());
  };
  double lo = 0;
  double hi = *std::max_element(cvs.begin(), cvs.end());
  if (CvSatisfied(standard, mean_capped(hi), limit)) return hi;  // nothing to cap
  if (!CvSatisfied(standard, mean_capped(0), limit)) return std::nullopt;
  for (int it = 0; it < 100; ++it) {
    double mid = (lo + hi) / 2;
    if (CvSatisfied(standard, mean_capped(mid), limit)) {
      lo = mid;  // lo always satisfies
    } else {
      hi = mid;
    }
  }
  return lo;
}

namespace {

// Every indicator's CV for the stage with `deltas` applied (nullopt when it
// cannot be computed), with the members PlanCv needs.
struct StageCvs {
  std::vector<std::optional<double>> cv;
  std::vector<std::vector<CvMember>> members;
};

StageCvs ComputeCvs(const Standard& standard, std::span<const SectionView* const> sections,
                    const std::vector<SectionResult>& now,
                    const std::vector<std::vector<Delta>>& deltas) {
  StageCvs out;
  const size_t n = sections.size();
  for (size_t j = 0; j < standard.indicators.size(); ++j) {
    std::vector<CvMember> members(n);
    std::vector<double> values(n);
    std::vector<double> weights(n);
    for (size_t i = 0; i < n; ++i) {
      members[i] = CvMember{sections[i], now[i].indicators[j].value.value_or(0),
                            now[i].students.value_or(0), deltas[i]};
      values[i] = members[i].value;
      weights[i] = members[i].weight;
    }
    out.cv.push_back(CvOf(values, weights));
    out.members.push_back(std::move(members));
  }
  return out;
}

// The CV each indicator must come down to: its own limit, and, when the
// composite is over its limit, the cap of CompositeCap (the largest CVs are
// brought down first, which needs the fewest resources overall).
std::vector<std::optional<double>> CvTargets(const Standard& standard, Stage stage,
                                             const std::vector<std::optional<double>>& cvs) {
  std::vector<std::optional<double>> targets(cvs.size());
  for (size_t j = 0; j < cvs.size(); ++j) {
    if (const double* l = standard.resource.cv_limit.Get(stage)) targets[j] = *l;
  }
  const double* composite_limit = standard.resource.composite_limit.Get(stage);
  if (composite_limit == nullptr) return targets;
  std::vector<double> all;
  for (const auto& c : cvs) {
    if (!c) return targets;
    all.push_back(*c);
  }
  double sum = 0;
  for (double c : all) sum += c;
  if (CvSatisfied(standard, sum / static_cast<double>(all.size()), *composite_limit))
    return targets;
  auto cap = CompositeCap(standard, all, *composite_limit);
  if (!cap) return targets;
  for (auto& t : targets) t = t ? std::min(*t, *cap) : *cap;
  return targets;
}

}  // namespace

void PlanStage(const Standard& standard, std::span<const SectionView* const> sections,
               const std::vector<SectionResult>& results, const std::vector<CvResult>& cvs,
               Verdict composite_verdict, const CountyYearRecord* county, PassPlan& out) {
  out = PassPlan{};
  bool anything_fails = composite_verdict == Verdict::kFail;
  for (const SectionResult& r : results) {
    if (r.missing > 0) {
      out.note = Text("部分学校数据不全，暂不能给出完整的达标方案",
                      "Some schools' data are incomplete; no full plan yet");
      return;
    }
    anything_fails = anything_fails || r.verdict == Verdict::kFail;
  }
  for (const CvResult& c : cvs) {
    if (!c.cv) {
      out.note = Text("差异系数无法计算，暂不能给出完整的达标方案",
                      "A coefficient of variation cannot be computed; no full plan yet");
      return;
    }
    anything_fails = anything_fails || c.verdict == Verdict::kFail;
  }
  if (!anything_fails) {
    out.verified = true;
    return;
  }
  out.needed = true;
  const size_t n = sections.size();
  const Stage stage = sections.empty() ? Stage::kPrimary : sections[0]->record->stage;
  std::vector<std::vector<Delta>> deltas(n);
  for (size_t i = 0; i < n; ++i) {
    for (const Change& c : results[i].remedy) {
      if (auto f = standard.catalog->IndexOf(c.field_id)) AddDelta(deltas[i], *f, c.amount);
    }
  }
  std::vector<SectionResult> now(n);
  bool verified = false;
  for (int iter = 0; iter < kPlanIterations && !verified; ++iter) {
    bool added = false;
    for (size_t i = 0; i < n; ++i) {
      now[i] = EvaluateSection(standard, *sections[i], county, deltas[i]);
      if (now[i].verdict == Verdict::kFail) {
        PlanSection(standard, *sections[i], county, deltas[i], now[i]);
        for (const Change& c : now[i].remedy) {
          if (auto f = standard.catalog->IndexOf(c.field_id)) {
            AddDelta(deltas[i], *f, c.amount);
            added = true;
          }
        }
      }
    }
    if (added) continue;  // re-evaluate before looking at the CVs
    StageCvs current = ComputeCvs(standard, sections, now, deltas);
    std::vector<std::optional<double>> targets = CvTargets(standard, stage, current.cv);
    for (size_t j = 0; j < standard.indicators.size(); ++j) {
      if (!targets[j] || !current.cv[j] || CvSatisfied(standard, *current.cv[j], *targets[j]))
        continue;
      CvResult tmp;
      PlanCv(standard, standard.indicators[j], current.members[j], *targets[j], county, tmp);
      for (const Change& ch : tmp.remedy) {
        for (size_t i = 0; i < n; ++i) {
          if (sections[i]->school->record->school.code != ch.school_code) continue;
          if (auto f = standard.catalog->IndexOf(ch.field_id)) {
            AddDelta(deltas[i], *f, ch.amount);
            added = true;
          }
        }
      }
    }
    if (!added) verified = true;
  }
  // Verify: every school and every limit, with all the additions applied.
  for (size_t i = 0; i < n; ++i)
    now[i] = EvaluateSection(standard, *sections[i], county, deltas[i]);
  StageCvs final_cvs = ComputeCvs(standard, sections, now, deltas);
  std::vector<std::optional<double>> final_targets = CvTargets(standard, stage, final_cvs.cv);
  verified = true;
  for (size_t i = 0; i < n; ++i) verified = verified && now[i].verdict != Verdict::kFail;
  for (size_t j = 0; j < final_cvs.cv.size(); ++j) {
    if (!final_targets[j]) continue;
    verified =
        verified && final_cvs.cv[j] && CvSatisfied(standard, *final_cvs.cv[j], *final_targets[j]);
  }
  out.verified = verified;
  // Report: one change per school section and lever field.
  std::map<std::string, size_t> total_index;
  for (size_t i = 0; i < n; ++i) {
    for (const Delta& d : deltas[i]) {
      if (d.amount == 0) continue;
      // The indicator this lever raises (first match).
      for (size_t j = 0; j < standard.indicators.size(); ++j) {
        const Indicator& ind = standard.indicators[j];
        const Lever* lever = ind.lever.Get(sections[i]->record->stage);
        if (lever == nullptr || lever->field != d.field) continue;
        double from = results[i].indicators[j].value.value_or(0);
        double to = now[i].indicators[j].value.value_or(from);
        // Why this addition: the indicator already met its standard or has
        // none (so it is for the CV), reaches it, or reaches only the 85% line.
        const IndicatorValue& before = results[i].indicators[j];
        const bool for_cv = before.status == IndicatorStatus::kMeets ||
                            before.status == IndicatorStatus::kNoStandard;
        Change::Target target = for_cv ? Change::Target::kCv
                                : before.standard && Satisfies(ind.op, to, *before.standard)
                                    ? Change::Target::kStandard
                                : before.floor ? Change::Target::kFloor
                                               : Change::Target::kCv;
        out.changes.push_back(MakeChange(*sections[i], ind, *lever, d.amount, from, to, target));
        auto [it, fresh] = total_index.emplace(lever->field_id, out.totals.size());
        if (fresh)
          out.totals.push_back(
              PassPlan::Total{lever->field_id, lever->resource, lever->unit, 0, 0});
        out.totals[it->second].amount += d.amount;
        out.totals[it->second].schools += 1;
        break;
      }
    }
  }
  if (!verified) {
    out.note = Text("按此方案补充后仍未全部达标，请人工研判（可能存在无法通过增加资源解决的指标）",
                    "Even with these additions the stage does not pass; manual review needed");
  }
}

}  // namespace jiaodu::internal
