#include "jiaodu/domain/plans/progress.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "jiaodu/core/number.h"

namespace jiaodu::plans {

std::string_view ProgressStatusName(ProgressStatus s, bool english) {
  switch (s) {
    case ProgressStatus::kNoData:
      return english ? "no data" : "无数据";
    case ProgressStatus::kMet:
      return english ? "met" : "已达标";
    case ProgressStatus::kOnTrack:
      return english ? "on track" : "按进度";
    case ProgressStatus::kBehind:
      return english ? "behind" : "滞后";
    case ProgressStatus::kFarBehind:
      return english ? "far behind" : "严重滞后";
  }
  return "?";
}

std::string_view ProgressStatusKey(ProgressStatus s) {
  switch (s) {
    case ProgressStatus::kNoData:
      return "no_data";
    case ProgressStatus::kMet:
      return "met";
    case ProgressStatus::kOnTrack:
      return "on_track";
    case ProgressStatus::kBehind:
      return "behind";
    case ProgressStatus::kFarBehind:
      return "far_behind";
  }
  return "?";
}

int Direction(const Indicator& ind) {
  switch (ind.comparison) {
    case Comparison::kAtLeast:
      return 1;
    case Comparison::kAtMost:
      return -1;
    case Comparison::kMaintain:
      return ind.higher_better ? 1 : -1;
    case Comparison::kEqual:
      if (!ind.baseline || ApproxEqual(*ind.baseline, ind.target)) return 0;
      return ind.target > *ind.baseline ? 1 : -1;
  }
  return 1;
}

std::optional<double> PathValue(const Indicator& ind, int year) {
  if (ind.comparison == Comparison::kMaintain) return std::nullopt;
  if (!ind.baseline_year) return ind.target;
  // Knots: baseline, milestones, target (Validate keeps them ascending).
  std::vector<std::pair<int, double>> knots;
  knots.emplace_back(*ind.baseline_year, *ind.baseline);
  for (const Milestone& m : ind.milestones) knots.emplace_back(m.year, m.value);
  knots.emplace_back(ind.target_year, ind.target);
  if (year <= knots.front().first) return knots.front().second;
  for (size_t i = 1; i < knots.size(); ++i) {
    if (year <= knots[i].first) {
      const auto [y0, v0] = knots[i - 1];
      const auto [y1, v1] = knots[i];
      return v0 + (v1 - v0) * static_cast<double>(year - y0) / static_cast<double>(y1 - y0);
    }
  }
  return knots.back().second;
}

bool Meets(const Indicator& ind, double value, double target) {
  switch (ind.comparison) {
    case Comparison::kAtLeast:
      return GreaterOrEqual(value, target);
    case Comparison::kAtMost:
      return LessOrEqual(value, target);
    case Comparison::kEqual:
      return ApproxEqual(value, RoundHalfUp(target, ind.decimals));
    case Comparison::kMaintain:
      return ind.higher_better ? GreaterOrEqual(value, target) : LessOrEqual(value, target);
  }
  return false;
}

std::optional<long long> UnitsToMeet(const Indicator& ind, double numerator, double denominator,
                                     double target) {
  if (!(denominator > 0)) return std::nullopt;
  const double scale = ind.source.scale;
  auto value_with = [&](long long change) {
    return RoundHalfUp(scale * (numerator + static_cast<double>(change)) / denominator,
                       ind.decimals);
  };
  const int dir = Direction(ind) >= 0 ? 1 : -1;
  if (Meets(ind, value_with(0), target)) return 0;
  // Start just below the exact solution and step: rounding to the printed
  // decimals can make the boundary one unit either side of the algebra.
  const double exact = (target * denominator / scale - numerator) * dir;
  long long k = std::max<long long>(1, static_cast<long long>(std::floor(exact)) - 2);
  for (int guard = 0; guard < 16; ++guard, ++k) {
    if (Meets(ind, value_with(dir * k), target)) return k;
  }
  return static_cast<long long>(std::ceil(exact));  // not reached for sane inputs
}

namespace {

// Least squares through (year, value); nullopt with fewer than two years.
std::optional<double> Project(const std::vector<std::pair<int, double>>& pts, int at) {
  if (pts.size() < 2) return std::nullopt;
  double sx = 0, sy = 0;
  for (const auto& [x, y] : pts) {
    sx += x;
    sy += y;
  }
  const double n = static_cast<double>(pts.size());
  const double mx = sx / n, my = sy / n;
  double sxy = 0, sxx = 0;
  for (const auto& [x, y] : pts) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) * (x - mx);
  }
  if (sxx == 0) return std::nullopt;
  return my + sxy / sxx * (at - mx);
}

std::string Fmt(const Indicator& ind, double v) {
  return FormatFixed(v, ind.decimals) + (ind.unit == "%" ? "%" : "");
}

}  // namespace

Assessment Assess(const Indicator& ind, std::span<const YearValue> values, int year,
                  const Rules& rules) {
  Assessment a;
  a.year = year;
  std::vector<YearValue> upto;
  for (const YearValue& v : values) {
    if (v.year <= year) upto.push_back(v);
  }
  std::sort(upto.begin(), upto.end(),
            [](const YearValue& x, const YearValue& y) { return x.year < y.year; });
  if (upto.empty() || upto.back().year != year) {
    a.reason = Text(fmt::format("{} 年无数据", year), fmt::format("no value for {}", year));
    return a;
  }
  const YearValue& cur = upto.back();
  const double v = RoundHalfUp(cur.value, ind.decimals);
  a.value = v;
  const int dir = Direction(ind);
  const int sign = dir >= 0 ? 1 : -1;

  // The baseline: the plan's, or else the first recorded value (P3).
  std::optional<std::pair<int, double>> base;
  if (ind.baseline_year) {
    base = std::make_pair(*ind.baseline_year, *ind.baseline);
  } else {
    base = std::make_pair(upto.front().year, RoundHalfUp(upto.front().value, ind.decimals));
  }
  Indicator with_base = ind;
  if (!ind.baseline_year) {
    with_base.baseline_year = base->first;
    with_base.baseline = base->second;
  }

  std::vector<std::pair<int, double>> pts;
  if (base->first < upto.front().year) pts.push_back(*base);
  for (const YearValue& u : upto) pts.emplace_back(u.year, u.value);
  a.projected = Project(pts, ind.target_year);
  if (a.projected)
    a.projected_meets = Meets(ind, RoundHalfUp(*a.projected, ind.decimals), ind.target);

  const bool met = Meets(ind, v, ind.target);
  a.gap_to_target = met ? 0.0 : std::abs(ind.target - v);
  if (cur.numerator && cur.denominator) {
    a.units_to_target = UnitsToMeet(ind, *cur.numerator, *cur.denominator, ind.target);
  }
  if (met) {
    a.status = ProgressStatus::kMet;
    a.reason = Text(fmt::format("{} 年 {}，已达到目标 {} {}", year, Fmt(ind, v),
                                ComparisonSymbol(ind.comparison), Fmt(ind, ind.target)),
                    fmt::format("{}: {} meets the target {} {}", year, Fmt(ind, v),
                                ComparisonSymbol(ind.comparison), Fmt(ind, ind.target)));
    return a;
  }

  if (ind.comparison == Comparison::kMaintain) {
    // No path: missing the level once is behind, twice running far behind (P5).
    bool missed_before = false;
    if (upto.size() >= 2) {
      const YearValue& prev = upto[upto.size() - 2];
      missed_before = !Meets(ind, RoundHalfUp(prev.value, ind.decimals), ind.target);
    }
    a.status = missed_before ? ProgressStatus::kFarBehind : ProgressStatus::kBehind;
    a.reason =
        Text(fmt::format("{} 年 {}，未保持在 {}{}", year, Fmt(ind, v), Fmt(ind, ind.target),
                         missed_before ? "，已连续两年未达到" : ""),
             fmt::format("{}: {} fell off the level {}{}", year, Fmt(ind, v), Fmt(ind, ind.target),
                         missed_before ? ", two recorded years running" : ""));
    return a;
  }

  const double required = *PathValue(with_base, year);
  a.required = required;
  const bool on_path = sign > 0 ? GreaterOrEqual(v, required) : LessOrEqual(v, required);
  a.gap_to_path = on_path ? 0.0 : std::abs(required - v);
  if (cur.numerator && cur.denominator) {
    // Meets() against the path value uses the comparison's direction, which
    // for = targets is the direction of travel.
    Indicator toward = ind;
    toward.comparison = sign > 0 ? Comparison::kAtLeast : Comparison::kAtMost;
    a.units_to_path = UnitsToMeet(toward, *cur.numerator, *cur.denominator, required);
  }
  const double expected = (required - base->second) * sign;
  const double achieved = (v - base->second) * sign;
  if (expected > 1e-12) a.progress_share = achieved / expected;

  if (year <= base->first || on_path) {
    a.status = ProgressStatus::kOnTrack;
    a.reason = Text(
        fmt::format("{} 年 {}，按进度应达 {}，符合进度", year, Fmt(ind, v), Fmt(ind, required)),
        fmt::format("{}: {} is at or beyond the path value {}", year, Fmt(ind, v),
                    Fmt(ind, required)));
    return a;
  }
  // 1e-9: exactly half the progress is still "behind", whatever binary noise says.
  const bool far = a.progress_share ? *a.progress_share < rules.severe_share - 1e-9 : achieved < 0;
  a.status = far ? ProgressStatus::kFarBehind : ProgressStatus::kBehind;
  const std::string share =
      a.progress_share ? FormatFixed(*a.progress_share * 100, 1) + "%" : std::string("—");
  a.reason =
      Text(fmt::format("{} 年 {}，按进度应达 {}，差 {}；已完成应有进度的 {}", year, Fmt(ind, v),
                       Fmt(ind, required), FormatFixed(*a.gap_to_path, ind.decimals), share),
           fmt::format("{}: {} against the path value {}, short by {}; {} of the expected "
                       "progress made",
                       year, Fmt(ind, v), Fmt(ind, required),
                       FormatFixed(*a.gap_to_path, ind.decimals), share));
  return a;
}

}  // namespace jiaodu::plans
