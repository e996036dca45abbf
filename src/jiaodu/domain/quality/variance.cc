#include "jiaodu/domain/quality/variance.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace jiaodu::quality {

VarianceComponents OneWayAnova(std::span<const GroupMoments> groups) {
  VarianceComponents v;
  double sum = 0, sum_n2 = 0;
  for (const GroupMoments& g : groups) {
    if (g.n <= 0) continue;
    ++v.groups;
    v.students += g.n;
    sum += g.n * g.mean;
    sum_n2 += g.n * g.n;
  }
  if (v.groups == 0) {
    v.note = Text("没有成绩", "no scores");
    return v;
  }
  v.grand_mean = sum / v.students;
  for (const GroupMoments& g : groups) {
    if (g.n <= 0) continue;
    const double d = g.mean - v.grand_mean;
    v.ss_between += g.n * d * d;
    v.ss_within += g.ss;
  }
  const auto k = static_cast<double>(v.groups);
  v.df_between = k - 1;
  v.df_within = v.students - k;
  if (v.df_within > 0) {
    v.ms_within = v.ss_within / v.df_within;
    v.sigma2_within = v.ms_within;
  }
  if (v.groups == 1) {
    v.status = IccStatus::kOneGroup;
    v.note = Text("只有一所学校，无法估计校际差异",
                  "a single school: no between-school variance to estimate");
    return v;
  }
  v.ms_between = v.ss_between / v.df_between;
  v.n0 = (v.students - sum_n2 / v.students) / v.df_between;
  if (v.df_within <= 0) {
    v.status = IccStatus::kNoWithin;
    v.note = Text("每所学校只有一名学生，无法区分校内与校际差异",
                  "every school has one student: within- and between-school variance cannot "
                  "be told apart");
    return v;
  }
  v.sigma2_between_raw = (v.ms_between - v.ms_within) / v.n0;
  v.sigma2_between = std::max(0.0, v.sigma2_between_raw);
  v.truncated = v.sigma2_between_raw < 0;
  const double total = v.sigma2_between + v.sigma2_within;
  if (!(total > 0)) {
    v.status = IccStatus::kNoVariance;
    v.note = Text("所有成绩相同，差异率无定义", "every score is equal: the share is undefined");
    return v;
  }
  v.status = IccStatus::kOk;
  v.icc = v.sigma2_between / total;
  if (v.truncated) {
    v.note = Text("校际方差的估计值为负（学校均值的差异小于随机波动所致），按 0 计",
                  "the between-school estimate was negative (school means differ less than "
                  "chance alone would make them) and is taken as 0");
  }
  return v;
}

std::optional<double> WeightedCvOfMeans(std::span<const GroupMoments> groups) {
  double w = 0, sum = 0;
  for (const GroupMoments& g : groups) {
    w += g.n;
    sum += g.n * g.mean;
  }
  if (!(w > 0)) return std::nullopt;
  const double mean = sum / w;
  if (mean == 0) return std::nullopt;
  double ss = 0;
  for (const GroupMoments& g : groups) ss += g.n * (g.mean - mean) * (g.mean - mean);
  return std::sqrt(ss / w) / std::fabs(mean);
}

BetweenSchools AnalyseBetweenSchools(const SubjectReport& report,
                                     std::span<const std::string> school_labels,
                                     std::span<const std::string> order,
                                     std::string_view reference) {
  BetweenSchools out;
  std::vector<GroupMoments> moments;
  moments.reserve(report.schools.size());
  for (const SchoolSummary& s : report.schools) {
    moments.push_back({static_cast<double>(s.n), s.mean, s.ss});
  }
  out.anova = OneWayAnova(moments);
  out.cv_of_means = WeightedCvOfMeans(moments);

  // Groups of schools: their students pooled, so a group's SD includes the
  // differences between its schools (SS_total = Σ SS_j + Σ n_j (ȳ_j − ȳ_g)²).
  std::vector<std::string> labels(order.begin(), order.end());
  std::vector<std::vector<size_t>> members(labels.size());
  for (size_t i = 0; i < report.schools.size(); ++i) {
    const uint32_t school = report.schools[i].school;
    if (school >= school_labels.size() || school_labels[school].empty()) continue;
    const std::string& label = school_labels[school];
    auto it = std::find(labels.begin(), labels.end(), label);
    if (it == labels.end()) {
      labels.push_back(label);
      members.emplace_back();
      it = labels.end() - 1;
    }
    members[static_cast<size_t>(it - labels.begin())].push_back(i);
  }
  for (size_t g = 0; g < labels.size(); ++g) {
    if (members[g].empty()) continue;
    GroupGap gap;
    gap.label = labels[g];
    gap.schools = members[g].size();
    double sum = 0;
    for (size_t i : members[g]) {
      gap.students += moments[i].n;
      sum += moments[i].n * moments[i].mean;
    }
    gap.mean = sum / gap.students;
    double ss = 0;
    for (size_t i : members[g]) {
      const double d = moments[i].mean - gap.mean;
      ss += moments[i].ss + moments[i].n * d * d;
    }
    gap.sd = gap.students > 1 ? std::sqrt(ss / (gap.students - 1)) : 0.0;
    out.gaps.push_back(std::move(gap));
  }
  if (out.gaps.empty()) return out;
  out.reference = std::string(reference);
  auto ref = std::find_if(out.gaps.begin(), out.gaps.end(),
                          [&](const GroupGap& g) { return g.label == out.reference; });
  if (ref == out.gaps.end()) ref = out.gaps.begin();
  out.reference = ref->label;
  const double ref_mean = ref->mean;
  const double total_sd = std::sqrt(out.anova.sigma2_between + out.anova.sigma2_within);
  for (GroupGap& g : out.gaps) {
    g.gap = g.mean - ref_mean;
    if (total_sd > 0) g.gap_in_sd = g.gap / total_sd;
  }
  return out;
}

}  // namespace jiaodu::quality
