#include "jiaodu/domain/standards/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "jiaodu/core/number.h"
#include "jiaodu/domain/standards/context.h"
#include "jiaodu/domain/standards/cv.h"
#include "jiaodu/domain/standards/remedy.h"
#include "jiaodu/domain/standards/section_eval.h"

namespace jiaodu {

using internal::CountyContext;
using internal::SchoolContext;
using internal::SchoolView;
using internal::SectionContext;
using internal::SectionView;

namespace {

std::string ShowValue(double v, bool percent, int decimals) {
  return percent ? FormatFixed(v * 100, decimals) + "%" : FormatFixed(v, decimals);
}

bool CvOk(const Standard& st, double cv, double limit) {
  if (st.policy.round_cv_before_compare) cv = RoundHalfUp(cv, *st.policy.round_cv_before_compare);
  return Satisfies(st.resource.cv_op, cv, limit);
}

CvResult EvaluateCv(const Standard& st, size_t j, Stage stage,
                    const std::vector<const SectionView*>& sections,
                    const std::vector<SectionResult>& results, const CountyYearRecord* county,
                    const EvaluationOptions& options) {
  const Indicator& ind = st.indicators[j];
  CvResult c;
  c.indicator_id = ind.id;
  const double* limit = st.resource.cv_limit.Get(stage);
  if (limit != nullptr) c.limit = *limit;
  // A CV is judged by its own limit (2017) or through the composite (2012).
  const bool judged = limit != nullptr || st.resource.composite_limit.Has(stage);
  std::vector<double> values;
  std::vector<double> weights;
  std::vector<size_t> index;  // position in `sections`
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& iv = results[i].indicators[j];
    if (!iv.value || !results[i].students) {
      ++c.schools_missing;
      continue;
    }
    values.push_back(*iv.value);
    weights.push_back(*results[i].students);
    index.push_back(i);
  }
  c.schools = static_cast<int>(values.size());
  auto stats = WeightedCv(values, weights);
  if (!stats) {
    c.verdict = Verdict::kIncomplete;
    c.problem = stats.error().message;
    return c;
  }
  c.mean = stats->mean;
  c.sd = stats->sd;
  c.cv = stats->cv;
  c.students = stats->total_weight;
  if (!judged) {
    c.verdict = Verdict::kNotApplicable;
  } else if (c.schools_missing > 0) {
    c.verdict = Verdict::kIncomplete;
    c.problem =
        Text(fmt::format("{}所学校该项指标无法计算，差异系数仅供参考", c.schools_missing),
             fmt::format("{} schools lack this indicator; the coefficient is indicative only",
                         c.schools_missing));
  } else if (limit != nullptr) {
    c.verdict = CvOk(st, stats->cv, *limit) ? Verdict::kPass : Verdict::kFail;
  } else {
    c.verdict = Verdict::kNotApplicable;  // no limit of its own; the composite decides
  }
  // Drivers: each school's share of S².
  double var = stats->sd * stats->sd;
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return stats->terms[a] > stats->terms[b]; });
  for (size_t k = 0; k < order.size() && static_cast<int>(k) < options.max_drivers; ++k) {
    size_t i = order[k];
    const SectionResult& r = results[index[i]];
    CvDriver d;
    d.school_code = r.school_code;
    d.school_name = r.school_name;
    d.value = values[i];
    d.weight_share = weights[i] / stats->total_weight;
    d.share = var > 0 ? stats->terms[i] / var : 0;
    d.above_mean = values[i] > stats->mean;
    c.drivers.push_back(std::move(d));
  }
  (void)options;
  (void)county;
  (void)sections;
  return c;
}

// Levelling-up plan for indicator j down to `target` (its own limit, or the
// composite's cap).
void PlanIndicatorCv(const Standard& st, size_t j, const std::vector<const SectionView*>& sections,
                     const std::vector<SectionResult>& results, const CountyYearRecord* county,
                     double target, CvResult& c) {
  std::vector<internal::CvMember> members;
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& iv = results[i].indicators[j];
    if (!iv.value || !results[i].students) return;  // incomplete: no plan
    members.push_back({sections[i], *iv.value, *results[i].students, {}});
  }
  internal::PlanCv(st, st.indicators[j], members, target, county, c);
}

StageResult EvaluateStage(const Standard& st, Stage stage,
                          const std::vector<const SectionView*>& sections,
                          const CountyYearRecord* county, const EvaluationOptions& options) {
  StageResult sr;
  sr.stage = stage;
  if (sections.empty()) {
    sr.verdict = sr.schools_verdict = sr.cv_verdict = Verdict::kNotApplicable;
    sr.reasons.push_back(Text(fmt::format("本县无参评的{}", StageName(stage)),
                              fmt::format("no {} schools to evaluate", StageNameEn(stage))));
    return sr;
  }
  sr.schools = static_cast<int>(sections.size());
  sr.sections.reserve(sections.size());
  for (const SectionView* sec : sections) {
    SectionResult r = internal::EvaluateSection(st, *sec, county);
    if (options.remedies && r.verdict == Verdict::kFail)
      internal::PlanSection(st, *sec, county, {}, r);
    sr.students += r.students.value_or(0);
    switch (r.verdict) {
      case Verdict::kPass:
        ++sr.schools_passing;
        break;
      case Verdict::kFail:
        ++sr.schools_failing;
        break;
      case Verdict::kNotApplicable:  // no per-school rule (2012 monitoring)
        break;
      case Verdict::kIncomplete:
        ++sr.schools_incomplete;
        break;
    }
    sr.sections.push_back(std::move(r));
  }
  sr.schools_verdict = !st.HasSchoolRule()         ? Verdict::kNotApplicable
                       : sr.schools_failing > 0    ? Verdict::kFail
                       : sr.schools_incomplete > 0 ? Verdict::kIncomplete
                                                   : Verdict::kPass;
  sr.cv_verdict = st.resource.compute_cv ? Verdict::kPass : Verdict::kNotApplicable;
  double cv_sum = 0;
  bool all_cv = true;
  const size_t cv_count = st.resource.compute_cv ? st.indicators.size() : 0;
  for (size_t j = 0; j < cv_count; ++j) {
    CvResult c = EvaluateCv(st, j, stage, sections, sr.sections, county, options);
    sr.cv_verdict = Combine(sr.cv_verdict, c.verdict);
    if (c.cv) {
      cv_sum += *c.cv;
    } else {
      all_cv = false;
    }
    sr.cvs.push_back(std::move(c));
  }
  // The composite is the mean of the unrounded CVs (the 2012 method; a
  // published table whose printed CVs average 0.56275 prints 0.562).
  if (all_cv && !sr.cvs.empty()) sr.composite_cv = cv_sum / static_cast<double>(sr.cvs.size());
  if (const double* climit = st.resource.composite_limit.Get(stage)) {
    sr.composite_limit = *climit;
    sr.composite_verdict = !sr.composite_cv                      ? Verdict::kIncomplete
                           : CvOk(st, *sr.composite_cv, *climit) ? Verdict::kPass
                                                                 : Verdict::kFail;
    sr.cv_verdict = Combine(sr.cv_verdict, sr.composite_verdict);
  }
  if (options.remedies) {
    // Per-indicator targets: own limits, and the composite's cap.
    std::optional<double> cap;
    if (sr.composite_verdict == Verdict::kFail) {
      std::vector<double> all;
      for (const CvResult& c : sr.cvs) all.push_back(*c.cv);
      cap = internal::CompositeCap(st, all, *sr.composite_limit);
      sr.composite_cap = cap;
    }
    double after_sum = 0;
    for (size_t j = 0; j < sr.cvs.size(); ++j) {
      CvResult& c = sr.cvs[j];
      std::optional<double> target = c.limit;
      if (cap) target = target ? std::min(*target, *cap) : *cap;
      if (c.cv && target && !CvOk(st, *c.cv, *target)) {
        PlanIndicatorCv(st, j, sections, sr.sections, county, *target, c);
      }
      after_sum += c.cv_after ? *c.cv_after : c.cv.value_or(0);
    }
    if (cap) sr.composite_after = after_sum / static_cast<double>(sr.cvs.size());
  }
  sr.verdict = Combine(sr.schools_verdict, sr.cv_verdict);

  // Reasons, most important first.
  if (sr.schools_failing > 0) {
    sr.reasons.push_back(
        Text(fmt::format("{}所{}未达到校级资源配置要求", sr.schools_failing, StageName(stage)),
             fmt::format("{} {} schools fail the per-school resource rule", sr.schools_failing,
                         StageNameEn(stage))));
  }
  for (size_t j = 0; j < sr.cvs.size(); ++j) {
    const CvResult& c = sr.cvs[j];
    const Indicator& ind = st.indicators[j];
    int d = st.policy.cv_display_decimals;
    if (c.verdict == Verdict::kFail) {
      sr.reasons.push_back(
          Text(fmt::format("{}{}差异系数 {} 超过 {}", ind.id, ind.short_name.zh,
                           FormatFixed(*c.cv, d), FormatFixed(c.limit.value_or(0), 2)),
               fmt::format("{} {} CV {} exceeds {}", ind.id, ind.short_name.en,
                           FormatFixed(*c.cv, d), FormatFixed(c.limit.value_or(0), 2))));
    } else if (c.verdict == Verdict::kIncomplete) {
      sr.reasons.push_back(
          Text(fmt::format("{}{}差异系数待定：{}", ind.id, ind.short_name.zh, c.problem.zh),
               fmt::format("{} {} CV incomplete: {}", ind.id, ind.short_name.en, c.problem.en)));
    }
  }
  if (sr.composite_verdict == Verdict::kFail) {
    int d = st.policy.cv_display_decimals;
    sr.reasons.push_back(
        Text(fmt::format("综合差异系数 {} 超过 {}", FormatFixed(*sr.composite_cv, d),
                         FormatFixed(*sr.composite_limit, 2)),
             fmt::format("composite CV {} exceeds {}", FormatFixed(*sr.composite_cv, d),
                         FormatFixed(*sr.composite_limit, 2))));
  }
  if (sr.schools_incomplete > 0) {
    sr.reasons.push_back(
        Text(fmt::format("{}所学校数据不全，结论待定", sr.schools_incomplete),
             fmt::format("{} schools have incomplete data", sr.schools_incomplete)));
  }
  if (options.remedies && st.JudgesResources()) {
    std::vector<const SectionView*> secs = sections;
    internal::PlanStage(st, secs, sr.sections, sr.cvs, sr.composite_verdict, county, sr.plan);
  }
  return sr;
}

// The member's threshold: a formula (ceil(classes / 12)) or a number.
Result<std::optional<double>> ThresholdOf(const Check& check, std::optional<Stage> stage,
                                          const ExprContext& ctx) {
  if (check.threshold_expr)
    return std::optional<double>(JIAODU_TRY(check.threshold_expr->EvaluateNumber(ctx)));
  return check.ThresholdFor(stage);
}

Verdict Judge(const Check& check, double value, std::optional<double> threshold) {
  if (!threshold) return Verdict::kNotApplicable;
  return Satisfies(check.op, value, *threshold) ? Verdict::kPass : Verdict::kFail;
}

// The smallest whole x ≥ 0 for which the remedy's value passes `threshold`
// under the check's comparison: doubling to bracket it, then bisection, so a
// lever of a million places costs about forty evaluations.
CheckRemedyResult SolveRemedy(const Check& check, const CheckRemedy& rem, const ExprContext& ctx,
                              double threshold) {
  CheckRemedyResult out;
  out.text = rem.text;
  out.unit = rem.unit;
  auto value_at = [&](double x) -> Result<double> {
    const double xs[1] = {x};
    BoundContext bound(ctx, xs);
    return rem.value.EvaluateNumber(bound);
  };
  auto passes = [&](double x) -> Result<bool> {
    return Satisfies(check.op, JIAODU_TRY(value_at(x)), threshold);
  };
  auto problem = [&](const Error& e) {
    out.problem = e.message;
    return out;
  };
  constexpr double kNoLimit = 1e12;
  double cap = kNoLimit;
  if (rem.limit) {
    auto l = rem.limit->EvaluateNumber(ctx);
    if (!l) return problem(l.error());
    cap = std::max(0.0, std::floor(*l + 1e-9));
    out.limit = cap;
  }
  auto ok0 = passes(0);
  if (!ok0) return problem(ok0.error());
  if (*ok0) {
    out.amount = 0;
    out.value_after = *value_at(0);
    return out;
  }
  double lo = 0;  // fails
  double hi = 1;
  while (true) {
    if (hi > cap) hi = cap;
    auto ok = passes(hi);
    if (!ok) return problem(ok.error());
    if (*ok) break;
    if (hi >= cap) {
      if (rem.limit) {
        auto v = value_at(cap);
        if (v) out.value_after = *v;
        out.problem = Text(
            fmt::format("即使全部{}（{}{}）仍达不到要求", rem.text.zh, FormatFixed(cap, 0),
                        rem.unit.zh),
            fmt::format("even all of it ({} {}) is not enough", FormatFixed(cap, 0), rem.unit.en));
      } else {
        out.problem = Text("无法通过此项措施达到要求", "this lever cannot reach the requirement");
      }
      return out;
    }
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    double mid = std::floor((lo + hi) / 2);
    auto ok = passes(mid);
    if (!ok) return problem(ok.error());
    (*ok ? hi : lo) = mid;
  }
  out.amount = hi;
  out.value_after = *value_at(hi);
  return out;
}

// `remedies`: solve the check's levers when it fails (EvaluationOptions).
CheckResult EvaluateCheck(const Standard& st, const Check& check,
                          const std::vector<SchoolView>& views, const CountyYearRecord* county,
                          bool remedies) {
  CheckResult r;
  r.label = check.label;
  r.scope = check.scope;
  r.threshold = check.threshold;
  r.stage_threshold = check.stage_threshold;
  if (check.threshold_expr) r.threshold_formula = check.threshold_expr->text();
  r.threshold_text = check.threshold_text;
  r.op = check.op;
  r.percent = check.percent;
  r.decimals = check.decimals;
  r.unit = check.unit;
  const FieldCatalog& catalog = *st.catalog;
  const Expr* where = check.where ? &*check.where : nullptr;
  switch (check.scope) {
    case CheckScope::kCounty: {
      r.members = 1;
      CountyContext ctx(catalog, views, county, check.over, where);
      if (where != nullptr) {
        // A rate over a subset (园 designed after 2017) with no members does
        // not apply, rather than being 待定 for a division by zero.
        int members = 0;
        Status counted = ctx.ForEachMember([&](const ExprContext&) -> Status {
          ++members;
          return Ok();
        });
        if (counted && members == 0) {
          r.members = 0;
          r.verdict = Verdict::kNotApplicable;
          r.problem = Text(fmt::format("没有符合条件的{}", catalog.member_noun().zh),
                           fmt::format("no {} matches", catalog.member_noun().en));
          return r;
        }
      }
      auto v = check.value.EvaluateNumber(ctx);
      if (!v) {
        r.verdict = Verdict::kIncomplete;
        r.problem = v.error().message;
        if (county == nullptr) r.problem = Text("县级数据尚未填报", "county data not entered yet");
        return r;
      }
      r.value = *v;
      auto t = ThresholdOf(check, std::nullopt, ctx);
      if (!t) {
        r.verdict = Verdict::kIncomplete;
        r.problem = t.error().message;
        return r;
      }
      if (*t) r.threshold = **t;
      r.verdict = Judge(check, *v, *t);
      if (remedies && r.verdict == Verdict::kFail) {
        for (const CheckRemedy& rem : check.remedies)
          r.remedies.push_back(SolveRemedy(check, rem, ctx, **t));
      }
      return r;
    }
    case CheckScope::kSchool: {
      bool missing = false;
      for (const SchoolView& sv : views) {
        if (!sv.has_in_scope) continue;
        SchoolContext ctx(catalog, sv, county);
        if (where != nullptr) {
          auto w = where->EvaluateBool(ctx);
          if (!w) {
            r.missing.push_back({sv.record->school.code, sv.record->school.name, std::nullopt,
                                 std::nullopt, std::nullopt, w.error().message});
            missing = true;
            continue;
          }
          if (!*w) continue;
        }
        ++r.members;
        auto v = check.value.EvaluateNumber(ctx);
        if (!v) {
          r.missing.push_back({sv.record->school.code, sv.record->school.name, std::nullopt,
                               std::nullopt, std::nullopt, v.error().message});
          missing = true;
          continue;
        }
        auto t = ThresholdOf(check, std::nullopt, ctx);
        if (!t) {
          r.missing.push_back({sv.record->school.code, sv.record->school.name, std::nullopt, *v,
                               std::nullopt, t.error().message});
          missing = true;
          continue;
        }
        if (Judge(check, *v, *t) == Verdict::kFail) {
          r.failing.push_back(
              {sv.record->school.code, sv.record->school.name, std::nullopt, *v, *t, {}});
        }
      }
      r.verdict = !r.failing.empty() ? Verdict::kFail
                  : missing          ? Verdict::kIncomplete
                  : r.members == 0   ? Verdict::kNotApplicable
                                     : Verdict::kPass;
      return r;
    }
    case CheckScope::kSection: {
      bool missing = false;
      for (const SchoolView& sv : views) {
        for (const SectionView& sec : sv.sections) {
          Stage stage = sec.record->stage;
          bool stage_ok = check.stages.empty() ? sec.in_scope
                                               : std::find(check.stages.begin(), check.stages.end(),
                                                           stage) != check.stages.end();
          if (!stage_ok) continue;
          SectionContext ctx(catalog, sec, county);
          if (where != nullptr) {
            auto w = where->EvaluateBool(ctx);
            if (!w || !*w) continue;
          }
          ++r.members;
          auto v = check.value.EvaluateNumber(ctx);
          if (!v) {
            r.missing.push_back({sv.record->school.code, sv.record->school.name, stage,
                                 std::nullopt, std::nullopt, v.error().message});
            missing = true;
            continue;
          }
          auto t = ThresholdOf(check, stage, ctx);
          if (!t) {
            r.missing.push_back({sv.record->school.code, sv.record->school.name, stage, *v,
                                 std::nullopt, t.error().message});
            missing = true;
            continue;
          }
          if (Judge(check, *v, *t) == Verdict::kFail) {
            r.failing.push_back(
                {sv.record->school.code, sv.record->school.name, stage, *v, *t, {}});
          }
        }
      }
      r.verdict = !r.failing.empty() ? Verdict::kFail
                  : missing          ? Verdict::kIncomplete
                  : r.members == 0   ? Verdict::kNotApplicable
                                     : Verdict::kPass;
      return r;
    }
  }
  return r;
}

ItemResult EvaluateItem(const Standard& st, const Item& item, const std::vector<SchoolView>& views,
                        const CountyYearRecord* county, bool remedies) {
  ItemResult r;
  r.id = item.id;
  r.part = item.part;
  r.part_name = st.PartName(item.part);
  r.text = item.text;
  r.needs_judgment = item.needs_judgment;
  Verdict v = Verdict::kNotApplicable;
  for (const Check& check : item.checks) {
    CheckResult c = EvaluateCheck(st, check, views, county, remedies);
    v = Combine(v, c.verdict);
    if (c.verdict == Verdict::kFail) {
      if (c.scope == CheckScope::kCounty) {
        std::string t = c.threshold ? ShowValue(*c.threshold, c.percent, c.decimals) : "";
        r.reasons.push_back(Text(
            fmt::format("{}为 {}，未达到 {}{}", c.label.zh,
                        ShowValue(*c.value, c.percent, c.decimals), CompareOpSymbol(c.op), t),
            fmt::format("{} is {}, required {}{}", c.label.en,
                        ShowValue(*c.value, c.percent, c.decimals), CompareOpSymbol(c.op), t)));
      } else {
        r.reasons.push_back(Text(fmt::format("{}：{}所学校不符合", c.label.zh, c.failing.size()),
                                 fmt::format("{}: {} schools fail", c.label.en, c.failing.size())));
      }
    } else if (c.verdict == Verdict::kIncomplete) {
      std::string why_zh =
          c.problem.zh.empty() && !c.missing.empty() ? c.missing.front().problem.zh : c.problem.zh;
      std::string why_en =
          c.problem.en.empty() && !c.missing.empty() ? c.missing.front().problem.en : c.problem.en;
      r.reasons.push_back(Text(fmt::format("{}待定：{}", c.label.zh, why_zh),
                               fmt::format("{} incomplete: {}", c.label.en, why_en)));
    }
    r.checks.push_back(std::move(c));
  }
  if (item.needs_judgment) {
    if (county != nullptr) {
      auto it = county->judgments.find(item.id);
      if (it != county->judgments.end()) r.judgment = it->second;
    }
    switch (r.judgment.status) {
      case JudgmentStatus::kMet:
        v = Combine(v, Verdict::kPass);
        break;
      case JudgmentStatus::kNotMet:
        v = Combine(v, Verdict::kFail);
        r.reasons.push_back(
            Text("经评定未达标" + (r.judgment.note.empty() ? "" : "：" + r.judgment.note),
                 "judged not met" + (r.judgment.note.empty() ? "" : ": " + r.judgment.note)));
        break;
      case JudgmentStatus::kUnset:
        v = Combine(v, Verdict::kIncomplete);
        r.reasons.push_back(Text("尚未评定（需填写结论及佐证材料）",
                                 "not yet judged (conclusion and evidence needed)"));
        break;
    }
  }
  r.verdict = v;
  return r;
}

GoalResult EvaluateGoal(const Standard& st, const Goal& goal, const CountyEvaluation& e,
                        const std::vector<SchoolView>& views, const CountyYearRecord* county,
                        bool remedies) {
  GoalResult g;
  g.id = goal.id;
  g.name = goal.name;
  g.note = goal.note;
  // Not applicable until a target says otherwise: a goal whose targets all
  // cover no kindergarten is not "reached".
  g.verdict = Verdict::kNotApplicable;
  for (const GoalTarget& target : goal.targets) {
    GoalTargetResult t;
    t.item_id = target.item_id;
    t.threshold = target.threshold;
    const Item* item = st.FindItem(target.item_id);  // checked when the file was loaded
    const ItemResult* ir = nullptr;
    for (const ItemResult& x : e.items) {
      if (x.id == target.item_id) ir = &x;
    }
    if (item == nullptr || ir == nullptr || target.check >= item->checks.size()) {
      g.verdict = Combine(g.verdict, Verdict::kIncomplete);
      g.targets.push_back(std::move(t));
      continue;
    }
    const Check& check = item->checks[target.check];
    const CheckResult& cr = ir->checks[target.check];
    t.label = cr.label;
    t.value = cr.value;
    t.op = check.op;
    t.percent = check.percent;
    t.decimals = check.decimals;
    if (!cr.value) {
      t.verdict =
          cr.verdict == Verdict::kNotApplicable ? Verdict::kNotApplicable : Verdict::kIncomplete;
    } else {
      t.verdict =
          Satisfies(check.op, *cr.value, target.threshold) ? Verdict::kPass : Verdict::kFail;
    }
    if (remedies && t.verdict == Verdict::kFail) {
      CountyContext ctx(*st.catalog, views, county, check.over,
                        check.where ? &*check.where : nullptr);
      for (const CheckRemedy& rem : check.remedies)
        t.remedies.push_back(SolveRemedy(check, rem, ctx, target.threshold));
    }
    g.verdict = Combine(g.verdict, t.verdict);
    g.targets.push_back(std::move(t));
  }
  return g;
}

}  // namespace

CountyInput CountyInputOf(const Area& county, AcademicYear year,
                          std::span<const SchoolYearRecord> schools,
                          std::span<const CountyYearRecord> counties) {
  CountyInput in;
  in.county_code = county.code;
  in.county_name = county.name;
  in.year = year;
  for (const SchoolYearRecord& s : schools) {
    if (s.school.county == county.code && s.year == year) in.schools.push_back(&s);
  }
  for (const CountyYearRecord& c : counties) {
    if (c.county == county.code && c.year == year) in.county = &c;
  }
  return in;
}

Engine::Engine(std::shared_ptr<const Standard> standard) : standard_(std::move(standard)) {}

CountyEvaluation Engine::EvaluateCounty(const CountyInput& input,
                                        const EvaluationOptions& options) const {
  const Standard& st = *standard_;
  CountyEvaluation out;
  out.county_code = input.county_code;
  out.county_name = input.county_name;
  out.year = input.year;
  out.standard_id = st.id;
  out.has_county_data = input.county != nullptr;

  std::vector<SchoolView> views;
  internal::PrepareViews(st, input.schools, input.county, views);

  out.resource_verdict = Verdict::kNotApplicable;
  for (Stage stage : st.stages) {
    std::vector<const SectionView*> sections;
    for (const SchoolView& sv : views) {
      for (const SectionView& sec : sv.sections) {
        if (sec.record->stage != stage) continue;
        if (sec.excluded) {
          out.excluded.push_back(
              {sv.record->school.code, sv.record->school.name, stage, sec.exclusion_reason});
          continue;
        }
        sections.push_back(&sec);
      }
    }
    StageResult sr = EvaluateStage(st, stage, sections, input.county, options);
    out.resource_verdict = Combine(out.resource_verdict, sr.verdict);
    for (const Text& r : sr.reasons) {
      if (sr.verdict != Verdict::kNotApplicable) {
        out.reasons.push_back(Text(fmt::format("资源配置（{}）：{}", StageName(stage), r.zh),
                                   fmt::format("Resources ({}): {}", StageNameEn(stage), r.en)));
      }
    }
    out.stages.push_back(std::move(sr));
  }

  out.coverage_verdict = out.government_verdict = out.quality_verdict = out.recognition_verdict =
      Verdict::kNotApplicable;
  for (const Item& item : st.items) {
    ItemResult ir = EvaluateItem(st, item, views, input.county, options.remedies);
    Verdict* part = item.part == ItemPart::kCoverage     ? &out.coverage_verdict
                    : item.part == ItemPart::kGovernment ? &out.government_verdict
                    : item.part == ItemPart::kQuality    ? &out.quality_verdict
                                                         : &out.recognition_verdict;
    *part = Combine(*part, ir.verdict);
    if (ir.verdict == Verdict::kFail) {
      const Text part_name = st.PartName(item.part);
      out.reasons.push_back(
          Text(fmt::format("{}{}未达标：{}", part_name.zh, ir.id,
                           ir.reasons.empty() ? ir.text.zh : ir.reasons.front().zh),
               fmt::format("{} {} not met: {}", part_name.en, ir.id,
                           ir.reasons.empty() ? ir.text.en : ir.reasons.front().en)));
    }
    out.items.push_back(std::move(ir));
  }
  for (const Goal& goal : st.goals)
    out.goals.push_back(EvaluateGoal(st, goal, out, views, input.county, options.remedies));
  int pending_items = 0;
  for (const ItemResult& ir : out.items)
    pending_items += ir.verdict == Verdict::kIncomplete ? 1 : 0;
  if (pending_items > 0) {
    out.reasons.push_back(
        Text(fmt::format("{}个评估事项待定（数据未填报或尚未评定）", pending_items),
             fmt::format("{} items pending (data or judgment missing)", pending_items)));
  }

  out.veto_verdict = st.vetoes.empty() ? Verdict::kNotApplicable : Verdict::kPass;
  int unrecorded = 0;
  for (const Veto& veto : st.vetoes) {
    VetoResult vr;
    vr.id = veto.id;
    vr.text = veto.text;
    if (input.county != nullptr) {
      auto it = input.county->vetoes.find(veto.id);
      if (it != input.county->vetoes.end()) {
        vr.occurred = it->second.occurred;
        vr.note = it->second.note;
      }
    }
    vr.verdict = !vr.occurred   ? Verdict::kIncomplete
                 : *vr.occurred ? Verdict::kFail
                                : Verdict::kPass;
    if (!vr.occurred) ++unrecorded;
    if (vr.verdict == Verdict::kFail) {
      out.reasons.insert(out.reasons.begin(), Text(fmt::format("一票否决：{}", veto.text.zh),
                                                   fmt::format("Veto: {}", veto.text.en)));
    }
    out.veto_verdict = Combine(out.veto_verdict, vr.verdict);
    out.vetoes.push_back(std::move(vr));
  }
  if (unrecorded > 0) {
    out.reasons.push_back(Text(fmt::format("{}项一票否决情形尚未填报", unrecorded),
                               fmt::format("{} veto conditions not yet recorded", unrecorded)));
  }

  out.verdict = Combine(Combine(Combine(out.resource_verdict, out.government_verdict),
                                Combine(out.quality_verdict, out.recognition_verdict)),
                        Combine(out.coverage_verdict, out.veto_verdict));
  out.parts = CountyParts(st, out);
  return out;
}

}  // namespace jiaodu
