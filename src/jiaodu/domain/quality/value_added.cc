#include "jiaodu/domain/quality/value_added.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace jiaodu::quality {
namespace {

Error VaError(std::string id, std::string zh, std::string en) {
  return Error{
      ErrorCode::kFailedPrecondition, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
}

// Solves S·x = b for a symmetric positive definite S (p×p, row-major) by
// Cholesky. False when a pivot vanishes relative to its diagonal: a
// covariate that is constant or a combination of the others.
bool SolveSpd(std::vector<double> s, std::vector<double>& b, size_t p) {
  std::vector<double> diag(p);
  for (size_t i = 0; i < p; ++i) diag[i] = s[i * p + i];
  for (size_t j = 0; j < p; ++j) {
    double d = s[j * p + j];
    for (size_t k = 0; k < j; ++k) d -= s[j * p + k] * s[j * p + k];
    if (!(d > 1e-10 * diag[j]) || !(diag[j] > 0)) return false;
    d = std::sqrt(d);
    s[j * p + j] = d;
    for (size_t i = j + 1; i < p; ++i) {
      double v = s[i * p + j];
      for (size_t k = 0; k < j; ++k) v -= s[i * p + k] * s[j * p + k];
      s[i * p + j] = v / d;
    }
  }
  for (size_t i = 0; i < p; ++i) {  // L·z = b
    double v = b[i];
    for (size_t k = 0; k < i; ++k) v -= s[i * p + k] * b[k];
    b[i] = v / s[i * p + i];
  }
  for (size_t i = p; i-- > 0;) {  // Lᵀ·x = z
    double v = b[i];
    for (size_t k = i + 1; k < p; ++k) v -= s[k * p + i] * b[k];
    b[i] = v / s[i * p + i];
  }
  return true;
}

}  // namespace

Result<ValueAdded> EstimateValueAdded(const ScoreSet& set, uint16_t subject, uint16_t grade,
                                      std::span<const uint32_t> schools,
                                      const ValueAddedOptions& options) {
  ValueAdded out;
  out.subject = subject;
  out.grade = grade;
  const std::vector<ScoreRow>& all = set.rows();
  std::vector<bool> wanted;
  if (!schools.empty()) {
    wanted.assign(set.schools().size(), false);
    for (uint32_t s : schools) {
      if (s < wanted.size()) wanted[s] = true;
    }
  }
  std::vector<uint32_t> rows;
  size_t with_prior = 0, with_background = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const ScoreRow& r = all[i];
    if (r.subject != subject || r.grade != grade) continue;
    if (!wanted.empty() && !wanted[r.school]) continue;
    rows.push_back(static_cast<uint32_t>(i));
    with_prior += HasValue(r.prior) ? 1u : 0u;
    with_background += HasValue(r.background) ? 1u : 0u;
  }
  const bool use_prior = options.prior && with_prior > 0;
  const bool use_background = options.background && with_background > 0;
  if (options.prior && !use_prior) {
    out.notes.emplace_back("成绩中没有前测成绩，模型不含前测",
                           "no prior scores in the data: the model leaves them out");
  }
  if (options.background && !use_background) {
    out.notes.emplace_back("成绩中没有家庭背景指数，模型不含家庭背景",
                           "no background index in the data: the model leaves it out");
  }
  if (!use_prior && !use_background) {
    return Fail(VaError("quality.va_no_intake",
                        "无法计算增值评价：成绩中既没有前测成绩，也没有家庭背景指数",
                        "value-added needs prior scores or a background index; the data has "
                        "neither"));
  }

  // The students in the model and their covariates (column-major by covariate).
  std::vector<uint32_t> used;
  used.reserve(rows.size());
  for (uint32_t i : rows) {
    const ScoreRow& r = all[i];
    if ((use_prior && !HasValue(r.prior)) || (use_background && !HasValue(r.background))) {
      ++out.excluded;
      continue;
    }
    used.push_back(i);
  }
  std::vector<std::vector<double>> x;
  if (use_prior) {
    out.covariates.push_back("前测成绩");
    x.emplace_back();
    for (uint32_t i : used) x.back().push_back(all[i].prior);
  }
  if (use_background) {
    out.covariates.push_back("家庭背景指数");
    x.emplace_back();
    for (uint32_t i : used) x.back().push_back(all[i].background);
  }
  // School index → dense position among the schools in the model.
  std::vector<int32_t> pos(set.schools().size(), -1);
  std::vector<uint32_t> school_of;
  std::vector<uint32_t> dense(used.size());
  for (size_t u = 0; u < used.size(); ++u) {
    const uint32_t s = all[used[u]].school;
    if (pos[s] < 0) {
      pos[s] = static_cast<int32_t>(school_of.size());
      school_of.push_back(s);
    }
    dense[u] = static_cast<uint32_t>(pos[s]);
  }
  const size_t k = school_of.size();
  if (k < 2) {
    return Fail(VaError("quality.va_few_schools",
                        "无法计算增值评价：范围内有前测或背景数据的学校不足 2 所",
                        "value-added needs at least 2 schools with intake data"));
  }
  if (options.contextual) {
    const size_t base = x.size();
    for (size_t c = 0; c < base; ++c) {
      std::vector<double> sum(k, 0), cnt(k, 0);
      for (size_t u = 0; u < used.size(); ++u) {
        sum[dense[u]] += x[c][u];
        cnt[dense[u]] += 1;
      }
      std::vector<double> col(used.size());
      for (size_t u = 0; u < used.size(); ++u) col[u] = sum[dense[u]] / cnt[dense[u]];
      x.push_back(std::move(col));
      out.covariates.push_back("学校平均" + out.covariates[c]);
    }
  }

  // OLS on centred data (the intercept then separates out).
  const size_t p = x.size();
  const auto n = static_cast<double>(used.size());
  std::vector<double> y(used.size());
  for (size_t u = 0; u < used.size(); ++u) y[u] = all[used[u]].score;
  const double y_mean = std::accumulate(y.begin(), y.end(), 0.0) / n;
  std::vector<double> x_mean(p);
  for (size_t c = 0; c < p; ++c) x_mean[c] = std::accumulate(x[c].begin(), x[c].end(), 0.0) / n;
  std::vector<double> s(p * p, 0), b(p, 0);
  for (size_t u = 0; u < used.size(); ++u) {
    const double dy = y[u] - y_mean;
    for (size_t i = 0; i < p; ++i) {
      const double di = x[i][u] - x_mean[i];
      b[i] += di * dy;
      for (size_t j = 0; j <= i; ++j) s[i * p + j] += di * (x[j][u] - x_mean[j]);
    }
  }
  for (size_t i = 0; i < p; ++i) {
    for (size_t j = 0; j < i; ++j) s[j * p + i] = s[i * p + j];
  }
  if (!SolveSpd(s, b, p)) {
    return Fail(VaError("quality.va_singular",
                        fmt::format("无法计算增值评价：{}在学生之间没有变化或相互重复",
                                    fmt::join(out.covariates, "、")),
                        "value-added: a covariate is constant or a combination of the others"));
  }
  double intercept = y_mean;
  for (size_t c = 0; c < p; ++c) intercept -= b[c] * x_mean[c];
  out.covariates.insert(out.covariates.begin(), "截距");
  out.coefficients.push_back(intercept);
  out.coefficients.insert(out.coefficients.end(), b.begin(), b.end());
  out.students = used.size();
  out.mean_score = y_mean;

  // Residuals, grouped by school, and the schools' raw means.
  std::vector<double> resid(used.size());
  double ss_res = 0, ss_tot = 0;
  for (size_t u = 0; u < used.size(); ++u) {
    double fit = intercept;
    for (size_t c = 0; c < p; ++c) fit += b[c] * x[c][u];
    resid[u] = y[u] - fit;
    ss_res += resid[u] * resid[u];
    ss_tot += (y[u] - y_mean) * (y[u] - y_mean);
  }
  out.r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : 0.0;
  std::vector<GroupMoments> g(k);
  std::vector<double> raw_sum(k, 0);
  for (size_t u = 0; u < used.size(); ++u) {
    g[dense[u]].n += 1;
    g[dense[u]].mean += resid[u];
    raw_sum[dense[u]] += y[u];
  }
  for (GroupMoments& m : g) m.mean /= m.n;
  for (size_t u = 0; u < used.size(); ++u) {
    const double d = resid[u] - g[dense[u]].mean;
    g[dense[u]].ss += d * d;
  }
  out.residual = OneWayAnova(g);
  if (out.residual.status == IccStatus::kNoWithin || out.residual.status == IccStatus::kOneGroup) {
    return Fail(VaError("quality.va_few_schools",
                        "无法计算增值评价：每所学校只有一名学生，校内差异无法估计",
                        "value-added: every school has one student, so the within-school "
                        "variance cannot be estimated"));
  }
  const double sb = out.residual.sigma2_between, sw = out.residual.sigma2_within;
  if (sb == 0) {
    out.notes.emplace_back(
        "调整生源后，学校之间没有超出随机波动的差异：各校增值均收缩为 0",
        "after adjusting for intake, schools differ no more than chance: every effect shrinks "
        "to 0");
  }
  out.z = NormalQuantile(1 - (1 - options.confidence) / 2);
  for (size_t j = 0; j < k; ++j) {
    SchoolEffect e;
    e.school = school_of[j];
    e.n = static_cast<size_t>(g[j].n);
    e.raw_mean = raw_sum[j] / g[j].n;
    e.raw_effect = g[j].mean;
    const double noise = sw / g[j].n;
    e.shrinkage = sb + noise > 0 ? sb / (sb + noise) : 0.0;
    e.effect = e.shrinkage * e.raw_effect;
    e.posterior_sd = std::sqrt(e.shrinkage * noise);
    e.low = e.effect - out.z * e.posterior_sd;
    e.high = e.effect + out.z * e.posterior_sd;
    e.adjusted_mean = y_mean + e.effect;
    e.standing = e.low > 0 ? Standing::kAbove : e.high < 0 ? Standing::kBelow : Standing::kWithin;
    out.schools.push_back(e);
  }
  std::sort(out.schools.begin(), out.schools.end(),
            [](const SchoolEffect& a, const SchoolEffect& c) {
              return a.effect != c.effect ? a.effect < c.effect : a.school < c.school;
            });
  return out;
}

}  // namespace jiaodu::quality
