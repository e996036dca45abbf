#include "jiaodu/domain/quality/hs_evaluation.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <set>
#include <unordered_map>

#include "jiaodu/core/number.h"

namespace jiaodu::quality {
namespace {

Error SchemeError(std::string id, const std::string& scheme, std::string_view zh,
                  std::string_view en) {
  return Error{ErrorCode::kInvalidInput,
               std::move(id),
               Text(fmt::format("评价方案“{}”：{}", scheme, zh),
                    fmt::format("evaluation scheme \"{}\": {}", scheme, en)),
               {},
               {}};
}

struct QualitySource {
  std::string stat;
  std::string subject;
  std::string grade;
};

constexpr std::string_view kStats[] = {"mean", "pass_rate", "excellent_rate", "value_added",
                                       "adjusted_mean"};

// "quality.mean:数学/高三" → {mean, 数学, 高三}; nullopt for "input".
Result<std::optional<QualitySource>> ParseSource(std::string_view s) {
  if (s.empty() || s == "input") return std::optional<QualitySource>();
  auto bad = [&] {
    return Error{ErrorCode::kInvalidInput,
                 "quality.scheme_source",
                 Text(fmt::format("数据来源“{}”无效（应为 input 或 quality.统计量:科目，统计量为 "
                                  "mean、pass_rate、excellent_rate、value_added、adjusted_mean）",
                                  s),
                      fmt::format("source \"{}\" is not input or quality.<stat>:<subject> (stat "
                                  "one of mean, pass_rate, excellent_rate, value_added, "
                                  "adjusted_mean)",
                                  s)),
                 {},
                 {}};
  };
  constexpr std::string_view kPrefix = "quality.";
  if (!s.starts_with(kPrefix)) return Fail(bad());
  s.remove_prefix(kPrefix.size());
  const size_t colon = s.find(':');
  if (colon == std::string_view::npos) return Fail(bad());
  QualitySource q;
  q.stat = std::string(s.substr(0, colon));
  std::string_view rest = s.substr(colon + 1);
  if (const size_t slash = rest.find('/'); slash != std::string_view::npos) {
    q.grade = std::string(rest.substr(slash + 1));
    rest = rest.substr(0, slash);
  }
  q.subject = std::string(rest);
  if (q.subject.empty() ||
      std::find(std::begin(kStats), std::end(kStats), q.stat) == std::end(kStats)) {
    return Fail(bad());
  }
  return std::optional<QualitySource>(std::move(q));
}

Status CheckRule(const HsIndicator& ind, const std::string& scheme) {
  const ScoringRule& r = ind.rule;
  const std::string who = fmt::format("指标 {}", ind.id);
  if (!(ind.points > 0)) {
    return Fail(SchemeError("quality.scheme_rule", scheme, who + " 的分值应大于 0",
                            fmt::format("indicator {}: points must be above 0", ind.id)));
  }
  switch (r.kind) {
    case RuleKind::kLinear:
      if (r.worst == r.best) {
        return Fail(SchemeError("quality.scheme_rule", scheme,
                                who + " 的线性计分需要 worst 与 best 不同",
                                fmt::format("indicator {}: linear needs worst ≠ best", ind.id)));
      }
      break;
    case RuleKind::kBanded: {
      if (r.bands.empty()) {
        return Fail(SchemeError("quality.scheme_rule", scheme, who + " 的分档计分没有档次",
                                fmt::format("indicator {}: banded without bands", ind.id)));
      }
      for (size_t i = 0; i < r.bands.size(); ++i) {
        const Band& b = r.bands[i];
        const bool order_ok =
            i == 0 || (r.higher_is_better ? b.at < r.bands[i - 1].at : b.at > r.bands[i - 1].at);
        if (!order_ok || b.points < 0 || b.points > ind.points ||
            (i > 0 && b.points > r.bands[i - 1].points)) {
          return Fail(SchemeError(
              "quality.scheme_rule", scheme,
              who + " 的档次应从最好的一档排起，门槛依次变差、得分不增，且得分在 0 到分值之间",
              fmt::format("indicator {}: bands must run from the best down, thresholds "
                          "worsening, points not rising and within 0–points",
                          ind.id)));
        }
      }
      break;
    }
    case RuleKind::kRank:
      break;
    case RuleKind::kExpert:
      if (ind.min.value_or(0) < 0 || ind.max.value_or(100) > 100) {
        return Fail(SchemeError("quality.scheme_rule", scheme,
                                who + " 的专家评分在 0–100 之间，min/max 不能超出",
                                fmt::format("indicator {}: expert scores are 0–100", ind.id)));
      }
      break;
  }
  if (ind.min && ind.max && !(*ind.min < *ind.max)) {
    return Fail(SchemeError("quality.scheme_rule", scheme, who + " 的 min 应小于 max",
                            fmt::format("indicator {}: min must be below max", ind.id)));
  }
  return Ok();
}

}  // namespace

Result<HsScheme> HsScheme::Build(HsSchemeSpec spec) {
  if (spec.indicators.empty()) {
    return Fail(SchemeError("quality.scheme_empty", spec.id, "没有任何指标", "no indicators"));
  }
  std::set<std::string> ids;
  for (const HsIndicator& ind : spec.indicators) {
    if (ind.id.empty() || !ids.insert(ind.id).second) {
      return Fail(SchemeError("quality.scheme_duplicate", spec.id,
                              fmt::format("指标编号“{}”为空或重复", ind.id),
                              fmt::format("indicator id \"{}\" is empty or repeated", ind.id)));
    }
    JIAODU_TRY_STATUS(CheckRule(ind, spec.id));
    auto src = ParseSource(ind.source);
    if (!src) {
      Error e = src.error();
      e.message.zh = fmt::format("评价方案“{}”指标 {}：{}", spec.id, ind.id, e.message.zh);
      e.message.en =
          fmt::format("evaluation scheme \"{}\" indicator {}: {}", spec.id, ind.id, e.message.en);
      return Fail(std::move(e));
    }
  }
  const bool count = spec.bottom.kind == BottomRule::Kind::kCount;
  if (count ? !(spec.bottom.value >= 1) || spec.bottom.value != std::floor(spec.bottom.value)
            : !(spec.bottom.value > 0 && spec.bottom.value <= 1)) {
    return Fail(SchemeError("quality.scheme_bottom", spec.id,
                            "排名靠后的范围应为至少 1 所学校，或 0–100% 之间的比例",
                            "the bottom group must be at least 1 school or a share within 0–100%"));
  }
  if (spec.decimals < 0 || spec.decimals > 6) {
    return Fail(SchemeError("quality.scheme_rule", spec.id, "decimals 应在 0–6 之间",
                            "decimals must be within 0–6"));
  }
  if (spec.declared_total) {
    double sum = 0;
    for (const HsIndicator& ind : spec.indicators) sum += ind.points;
    if (!ApproxEqual(sum, *spec.declared_total)) {
      return Fail(SchemeError(
          "quality.scheme_weights", spec.id,
          fmt::format("各指标分值之和为 {}，与声明的总分 {} 不符", sum, *spec.declared_total),
          fmt::format("the points add up to {}, not the declared total {}", sum,
                      *spec.declared_total)));
    }
  }
  if (!spec.tie_break.empty() &&
      std::none_of(spec.indicators.begin(), spec.indicators.end(),
                   [&](const HsIndicator& i) { return i.id == spec.tie_break; })) {
    return Fail(SchemeError("quality.scheme_rule", spec.id,
                            fmt::format("并列时比较的指标“{}”不在方案中", spec.tie_break),
                            fmt::format("tie_break \"{}\" is not an indicator", spec.tie_break)));
  }
  if (spec.family.empty()) spec.family = spec.id;
  HsScheme s;
  for (const HsIndicator& ind : spec.indicators) {
    if (!ind.area.empty() &&
        std::find(s.areas_.begin(), s.areas_.end(), ind.area) == s.areas_.end()) {
      s.areas_.push_back(ind.area);
    }
  }
  s.spec_ = std::move(spec);
  return s;
}

double HsScheme::total_points() const {
  double t = 0;
  for (const HsIndicator& i : spec_.indicators) t += i.points;
  return t;
}

int HsScheme::IndicatorIndex(std::string_view id) const {
  for (size_t i = 0; i < spec_.indicators.size(); ++i) {
    if (spec_.indicators[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

double ScoreValue(const ScoringRule& rule, double points, double value) {
  if (!HasValue(value)) return 0;
  switch (rule.kind) {
    case RuleKind::kLinear: {
      const double f = (value - rule.worst) / (rule.best - rule.worst);
      return points * std::clamp(f, 0.0, 1.0);
    }
    case RuleKind::kBanded:
      for (const Band& b : rule.bands) {
        const bool reached =
            rule.higher_is_better ? GreaterOrEqual(value, b.at) : LessOrEqual(value, b.at);
        if (reached) return b.points;
      }
      return 0;
    case RuleKind::kRank:
      return 0;  // needs the other schools: EvaluateHighSchools
    case RuleKind::kExpert:
      return points * std::clamp(value, 0.0, 100.0) / 100;
  }
  return 0;
}

Status FillQualityValues(const HsScheme& scheme, const ScoreSet& set,
                         std::span<const SubjectReport> reports,
                         std::span<const ValueAdded> value_added,
                         std::vector<HsSchoolInput>& inputs) {
  for (const HsIndicator& ind : scheme.indicators()) {
    const std::optional<QualitySource> src = JIAODU_TRY(ParseSource(ind.source));
    if (!src) continue;
    auto fail = [&](std::string_view zh, std::string_view en) {
      return Fail(SchemeError("quality.scheme_source", scheme.spec().id,
                              fmt::format("指标 {}（{}）：{}", ind.id, ind.source, zh),
                              fmt::format("indicator {} ({}): {}", ind.id, ind.source, en)));
    };
    // The report of the subject (and grade) named.
    const SubjectReport* report = nullptr;
    for (const SubjectReport& r : reports) {
      if (r.subject_name != src->subject) continue;
      if (!src->grade.empty() && r.grade_name != src->grade) continue;
      if (report != nullptr) {
        return fail("该科目有多个年级的成绩，请写明年级（如 quality.mean:数学/高三）",
                    "the subject has several grades: name one (quality.mean:数学/高三)");
      }
      report = &r;
    }
    if (report == nullptr) {
      return fail("本次成绩中没有这个科目（年级）", "no scores of that subject (grade)");
    }
    std::unordered_map<uint32_t, double> by_school;
    if (src->stat == "value_added" || src->stat == "adjusted_mean") {
      const ValueAdded* va = nullptr;
      for (const ValueAdded& v : value_added) {
        if (v.subject == report->subject && v.grade == report->grade) va = &v;
      }
      if (va == nullptr) {
        return fail("没有该科目的增值评价结果", "no value-added result for that subject");
      }
      for (const SchoolEffect& e : va->schools) {
        by_school[e.school] = src->stat == "value_added" ? e.effect : e.adjusted_mean;
      }
    } else {
      for (const SchoolSummary& s : report->schools) {
        std::optional<double> v;
        if (src->stat == "mean") v = s.mean;
        if (src->stat == "pass_rate") v = s.pass_rate;
        if (src->stat == "excellent_rate") v = s.excellent_rate;
        if (!v) return fail("该科目没有分数线，无法计算合格率或优秀率", "the subject has no cuts");
        by_school[s.school] = *v;
      }
    }
    for (HsSchoolInput& in : inputs) {
      const std::optional<uint32_t> school = set.FindSchool(in.school);
      if (!school) continue;
      if (auto it = by_school.find(*school); it != by_school.end()) in.values[ind.id] = it->second;
    }
  }
  return Ok();
}

Result<HsEvaluation> EvaluateHighSchools(const HsScheme& scheme, int year,
                                         std::span<const HsSchoolInput> inputs,
                                         const HsEvaluation* previous) {
  const HsSchemeSpec& spec = scheme.spec();
  if (inputs.empty()) {
    return Fail(SchemeError("quality.hs_no_schools", spec.id, "没有参评学校", "no schools"));
  }
  std::set<std::string> seen;
  for (const HsSchoolInput& in : inputs) {
    if (!seen.insert(in.school).second) {
      return Fail(SchemeError("quality.hs_duplicate_school", spec.id,
                              fmt::format("学校“{}”出现了两次", in.school),
                              fmt::format("school \"{}\" appears twice", in.school)));
    }
    for (const auto& [id, v] : in.values) {
      const int idx = scheme.IndicatorIndex(id);
      if (idx < 0) {
        return Fail(SchemeError(
            "quality.hs_unknown_indicator", spec.id,
            fmt::format("学校“{}”的指标“{}”不在方案中", in.school, id),
            fmt::format("school \"{}\": indicator \"{}\" is not in the scheme", in.school, id)));
      }
      const HsIndicator& ind = spec.indicators[static_cast<size_t>(idx)];
      const double lo =
          ind.rule.kind == RuleKind::kExpert ? ind.min.value_or(0) : ind.min.value_or(-HUGE_VAL);
      const double hi =
          ind.rule.kind == RuleKind::kExpert ? ind.max.value_or(100) : ind.max.value_or(HUGE_VAL);
      if (HasValue(v) && (Less(v, lo) || Greater(v, hi))) {
        return Fail(SchemeError(
            "quality.hs_value_range", spec.id,
            fmt::format("学校“{}”的指标“{}”的值 {} 超出 {}–{}", in.school, id, v, lo, hi),
            fmt::format("school \"{}\": indicator \"{}\" value {} is outside {}–{}", in.school, id,
                        v, lo, hi)));
      }
    }
  }
  HsEvaluation out;
  out.scheme = spec.id;
  out.family = spec.family;
  out.year = year;
  const size_t n = inputs.size();
  const std::vector<std::string>& areas = scheme.areas();
  std::vector<HsSchoolResult> res(n);
  std::vector<bool> unranked(n, false);
  for (size_t s = 0; s < n; ++s) {
    res[s].school = inputs[s].school;
    res[s].name = inputs[s].name;
    res[s].scores.resize(spec.indicators.size());
    res[s].area_points.assign(areas.size(), 0);
  }
  for (size_t i = 0; i < spec.indicators.size(); ++i) {
    const HsIndicator& ind = spec.indicators[i];
    std::vector<double> values(n, kNoValue);
    for (size_t s = 0; s < n; ++s) {
      if (auto it = inputs[s].values.find(ind.id); it != inputs[s].values.end()) {
        values[s] = it->second;
      }
      res[s].scores[i].value = values[s];
      if (!HasValue(values[s])) {
        res[s].missing.push_back(ind.id);
        if (ind.missing == MissingPolicy::kUnranked) unranked[s] = true;
      }
    }
    std::vector<double> points(n, 0);
    if (ind.rule.kind == RuleKind::kRank) {
      const std::vector<int> ranks = CompetitionRanks(values, ind.rule.higher_is_better, -1);
      const auto ranked = static_cast<double>(
          std::count_if(ranks.begin(), ranks.end(), [](int r) { return r > 0; }));
      for (size_t s = 0; s < n; ++s) {
        if (ranks[s] == 0) continue;
        points[s] = ranked <= 1 ? ind.points : ind.points * (ranked - ranks[s]) / (ranked - 1);
      }
    } else {
      for (size_t s = 0; s < n; ++s) points[s] = ScoreValue(ind.rule, ind.points, values[s]);
    }
    // Rounded as printed (E3): the columns of the 通报 add up to its total.
    const auto area = std::find(areas.begin(), areas.end(), ind.area) - areas.begin();
    for (size_t s = 0; s < n; ++s) {
      res[s].scores[i].points = RoundHalfUp(points[s], spec.decimals);
      if (!ind.area.empty())
        res[s].area_points[static_cast<size_t>(area)] += res[s].scores[i].points;
    }
  }
  const int tb = spec.tie_break.empty() ? -1 : scheme.IndicatorIndex(spec.tie_break);
  std::vector<double> totals(n, kNoValue);
  for (size_t s = 0; s < n; ++s) {
    double t = 0;
    for (const HsIndicatorScore& sc : res[s].scores) t += sc.points;
    res[s].total = RoundHalfUp(t, spec.decimals);
    for (double& a : res[s].area_points) a = RoundHalfUp(a, spec.decimals);
    if (!unranked[s]) totals[s] = res[s].total;
  }
  std::vector<int> ranks = CompetitionRanks(totals, true, spec.decimals);
  if (tb >= 0) {
    // Within a tie of the total, the tie-break indicator's points order the
    // schools; equal on both, they still share the rank (E5).
    std::vector<int> fine(n, 0);
    for (size_t s = 0; s < n; ++s) {
      if (ranks[s] == 0) continue;
      for (size_t o = 0; o < n; ++o) {
        if (o == s || ranks[o] == 0) continue;
        const bool better =
            ranks[o] < ranks[s] ||
            (ranks[o] == ranks[s] && res[o].scores[static_cast<size_t>(tb)].points >
                                         res[s].scores[static_cast<size_t>(tb)].points);
        fine[s] += better ? 1 : 0;
      }
      fine[s] += 1;
    }
    ranks = fine;
  }
  const std::vector<bool> bottom = BottomGroup(ranks, spec.bottom);
  const auto ranked_count =
      static_cast<size_t>(std::count_if(ranks.begin(), ranks.end(), [](int r) { return r > 0; }));
  out.bottom_size = spec.bottom.Size(ranked_count);
  const bool consecutive =
      previous != nullptr && previous->year == year - 1 && previous->family == spec.family;
  if (previous != nullptr && previous->year != year - 1) {
    out.notes.emplace_back(fmt::format("上一次评价是 {} 年，不是 {} 年：不判断连续两年排名靠后",
                                       previous->year, year - 1),
                           fmt::format("the previous evaluation is of {}, not {}: no two-year flag",
                                       previous->year, year - 1));
  } else if (previous != nullptr && !consecutive) {
    out.notes.emplace_back(
        fmt::format("上一年的评价属于另一方案系列“{}”：不判断连续两年排名靠后", previous->family),
        fmt::format("last year's evaluation is of another scheme family \"{}\": no two-year flag",
                    previous->family));
  }
  for (size_t s = 0; s < n; ++s) {
    res[s].rank = ranks[s];
    res[s].bottom = bottom[s];
    if (consecutive) {
      for (const HsSchoolResult& p : previous->schools) {
        if (p.school == res[s].school) res[s].bottom_last_year = p.bottom;
      }
    }
    res[s].follow_up = res[s].bottom && res[s].bottom_last_year.value_or(false);
  }
  // By rank, the unranked last (in input order).
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const int ra = res[a].rank == 0 ? INT_MAX : res[a].rank;
    const int rb = res[b].rank == 0 ? INT_MAX : res[b].rank;
    return ra < rb;
  });
  for (size_t s : order) out.schools.push_back(std::move(res[s]));
  size_t incomplete = 0;
  for (const HsSchoolResult& r : out.schools)
    incomplete += r.missing.empty() || r.rank == 0 ? 0u : 1u;
  if (incomplete > 0) {
    out.notes.emplace_back(
        fmt::format("{} 所学校有指标缺少数据，缺项按 0 分计", incomplete),
        fmt::format("{} schools lack some values; a missing value scores 0", incomplete));
  }
  const auto not_ranked = static_cast<size_t>(std::count(unranked.begin(), unranked.end(), true));
  if (not_ranked > 0) {
    out.notes.emplace_back(
        fmt::format("{} 所学校缺少必需的指标数据，不参加排名", not_ranked),
        fmt::format("{} schools lack a value the ranking requires and are not ranked", not_ranked));
  }
  return out;
}

}  // namespace jiaodu::quality
