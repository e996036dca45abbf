// File: jiaodu/domain/quality/variance.h
//
// How much of the score variance lies between schools. One-way
// random-effects ANOVA on unbalanced groups (y_ij = μ + u_j + e_ij,
// u_j ~ (0, σ²_b), e_ij ~ (0, σ²_w)), by the method of moments:
//
//   MSB = Σ n_j (ȳ_j − ȳ)² / (k − 1)      MSW = Σ Σ (y_ij − ȳ_j)² / (N − k)
//   n0  = (N − Σ n_j² / N) / (k − 1)      (= n for equal groups)
//   σ²_w = MSW,   σ²_b = (MSB − MSW) / n0, set to 0 when negative (Q7)
//   ICC  = σ²_b / (σ²_b + σ²_w)
//
// The ICC is this platform's LOCAL ESTIMATE of the 校际差异率. The national
// report's figure is computed by the monitoring centre from its own sample
// and scale scores by a method it does not publish; the two are not
// interchangeable, and a screen must label the local figure as an estimate
// next to the national one (docs/quality.md §校际差异率, Q8).
//
// Also here: the student-weighted CV of school means (the same formula as
// the 差异系数 of the resource indicators, on the schools' mean scores) and
// the gaps between groups of schools (城区 / 镇区 / 乡村, or any labels).
#ifndef JIAODU_DOMAIN_QUALITY_VARIANCE_H_
#define JIAODU_DOMAIN_QUALITY_VARIANCE_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/quality/scores.h"

namespace jiaodu::quality {

// One group's sufficient statistics: size, mean, Σ(y − ȳ_j)².
struct GroupMoments {
  double n = 0;
  double mean = 0;
  double ss = 0;
};

enum class IccStatus {
  kOk,
  kOneGroup,    // a single school: no between-school variance to estimate
  kNoWithin,    // every school has one student (N = k): σ²_w not estimable
  kNoVariance,  // every score equal: the share of zero variance is undefined
  kEmpty,       // no scores
};

struct VarianceComponents {
  size_t groups = 0;    // k
  double students = 0;  // N
  double grand_mean = 0;
  double ss_between = 0, ss_within = 0;
  double df_between = 0, df_within = 0;
  double ms_between = 0, ms_within = 0;
  double n0 = 0;
  double sigma2_between_raw = 0;  // (MSB − MSW)/n0, may be negative
  double sigma2_between = 0;      // truncated at 0
  double sigma2_within = 0;
  bool truncated = false;  // the raw estimate was negative
  IccStatus status = IccStatus::kEmpty;
  std::optional<double> icc;  // only for kOk
  Text note;                  // why there is no ICC, or that σ²_b was truncated
};

VarianceComponents OneWayAnova(std::span<const GroupMoments> groups);

// Σ n_j (ȳ_j − ȳ_w)² / Σ n_j, square-rooted, over ȳ_w = Σ n_j ȳ_j / Σ n_j:
// the student-weighted CV of the group means (population form, as the
// standards' 差异系数). nullopt when there are no students or ȳ_w = 0.
std::optional<double> WeightedCvOfMeans(std::span<const GroupMoments> groups);

// A set of schools sharing a label (城区 …).
struct GroupGap {
  std::string label;
  size_t schools = 0;
  double students = 0;
  double mean = 0;  // student-weighted
  double sd = 0;    // of the group's students (pooled: within + between its schools)
  double gap = 0;   // mean − the reference group's mean
  // gap / √(σ²_b + σ²_w) of the whole scope: comparable across subjects.
  std::optional<double> gap_in_sd;
};

struct BetweenSchools {
  VarianceComponents anova;
  std::optional<double> cv_of_means;
  std::vector<GroupGap> gaps;  // in the order of the first school of each label
  std::string reference;       // the group the gaps are against
};

// The between-school statistics of one subject report. `school_labels` is
// indexed by school (ScoreSet index): "城区", "镇区", "乡村", or "" for
// schools without one (left out of the gaps). `reference` names the group
// gaps are measured against; empty = the first label in `order`, or else
// the first seen. `order` lists labels in the order to report them.
BetweenSchools AnalyseBetweenSchools(const SubjectReport& report,
                                     std::span<const std::string> school_labels,
                                     std::span<const std::string> order = {},
                                     std::string_view reference = {});

}  // namespace jiaodu::quality

#endif  // JIAODU_DOMAIN_QUALITY_VARIANCE_H_
