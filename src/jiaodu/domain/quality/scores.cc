#include "jiaodu/domain/quality/scores.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace jiaodu::quality {

static_assert(sizeof(ScoreRow) == 48, "a city's 900,000 rows should stay near 43 MB");

ScoreSet::ScoreSet() {
  // Class 0 is "no class given", so a row's klass is never ambiguous.
  classes_.push_back({});
}

uint32_t ScoreSet::School(std::string_view code, std::string_view name) {
  const std::string key(code.empty() ? name : code);
  auto [it, added] = school_index_.try_emplace(key, static_cast<uint32_t>(schools_.size()));
  if (added) {
    schools_.push_back({std::string(code), std::string(name)});
  } else if (schools_[it->second].name.empty() && !name.empty()) {
    schools_[it->second].name = std::string(name);
  }
  return it->second;
}

uint32_t ScoreSet::Class(uint32_t school, std::string_view label) {
  if (label.empty()) return 0;
  std::string key = fmt::format("{}\x1f{}", school, label);
  auto [it, added] =
      class_index_.try_emplace(std::move(key), static_cast<uint32_t>(classes_.size()));
  if (added) classes_.push_back({school, std::string(label)});
  return it->second;
}

uint32_t ScoreSet::Student(std::string_view id) {
  auto [it, added] =
      student_index_.try_emplace(std::string(id), static_cast<uint32_t>(student_ids_.size()));
  if (added) student_ids_.emplace_back(id);
  return it->second;
}

namespace {

template <typename Index>
Index Intern(std::vector<std::string>& names, std::string_view name) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Index>(i);
  }
  names.emplace_back(name);
  return static_cast<Index>(names.size() - 1);
}

template <typename Index>
std::optional<Index> Lookup(const std::vector<std::string>& names, std::string_view name) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Index>(i);
  }
  return std::nullopt;
}

}  // namespace

// Subjects and grades are a handful per test: a linear search beats a map.
uint16_t ScoreSet::Subject(std::string_view name) { return Intern<uint16_t>(subjects_, name); }
uint16_t ScoreSet::Grade(std::string_view name) { return Intern<uint16_t>(grades_, name); }
std::optional<uint16_t> ScoreSet::FindSubject(std::string_view name) const {
  return Lookup<uint16_t>(subjects_, name);
}
std::optional<uint16_t> ScoreSet::FindGrade(std::string_view name) const {
  return Lookup<uint16_t>(grades_, name);
}

std::optional<uint32_t> ScoreSet::FindSchool(std::string_view key) const {
  auto it = school_index_.find(std::string(key));
  if (it == school_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<uint32_t> ScoreSet::FindStudent(std::string_view id) const {
  auto it = student_index_.find(std::string(id));
  if (it == student_index_.end()) return std::nullopt;
  return it->second;
}

Distribution Describe(std::span<double> scores, const SubjectCuts* cuts,
                      const DescribeOptions& options) {
  Distribution d;
  d.n = scores.size();
  if (d.n == 0) return d;
  std::sort(scores.begin(), scores.end());
  const Moments m = ComputeMoments(scores);
  d.mean = m.mean;
  d.sd = m.Sd();
  d.min = scores.front();
  d.max = scores.back();
  for (double p : options.percentiles) d.percentiles.push_back({p, PercentileInc(scores, p)});

  // Bins from 0 to full marks with cuts (every 通报 of one test then has the
  // same bins); otherwise from the multiple of the width below the minimum.
  double width = options.bin_width;
  if (!(width > 0)) width = cuts != nullptr ? cuts->full_marks / 10 : 10;
  const double lo = cuts != nullptr ? 0.0 : std::floor(d.min / width) * width;
  const double hi = cuts != nullptr ? std::max(cuts->full_marks, d.max) : d.max;
  const auto bins = static_cast<size_t>(std::max(1.0, std::ceil((hi - lo) / width - 1e-9)));
  d.histogram.lo = lo;
  d.histogram.width = width;
  d.histogram.counts.assign(bins, 0);
  for (double v : scores) {
    const double at = std::floor((v - lo) / width);
    const size_t bin = at < 0 ? 0 : std::min(bins - 1, static_cast<size_t>(at));
    ++d.histogram.counts[bin];
  }

  if (cuts != nullptr) {
    std::vector<size_t> counts(cuts->levels.size(), 0);
    for (double v : scores) ++counts[cuts->LevelOf(v)];
    size_t pass = 0, excellent = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
      if (i <= cuts->pass_level) pass += counts[i];
      if (i <= cuts->excellent_level) excellent += counts[i];
      d.levels.push_back({cuts->levels[i].name, counts[i],
                          static_cast<double>(counts[i]) / static_cast<double>(d.n)});
    }
    d.pass_rate = static_cast<double>(pass) / static_cast<double>(d.n);
    d.excellent_rate = static_cast<double>(excellent) / static_cast<double>(d.n);
  }
  return d;
}

namespace {

// Rows grouped by a key in [0, keys): counting sort of row indices.
struct Buckets {
  std::vector<uint32_t> start;  // keys + 1 offsets
  std::vector<uint32_t> rows;

  template <typename KeyFn>
  Buckets(std::span<const uint32_t> input, size_t keys, KeyFn key) : start(keys + 1, 0) {
    for (uint32_t r : input) ++start[key(r) + 1];
    for (size_t k = 0; k < keys; ++k) start[k + 1] += start[k];
    rows.resize(input.size());
    std::vector<uint32_t> at(start.begin(), start.end() - 1);
    for (uint32_t r : input) rows[at[key(r)]++] = r;
  }
  std::span<const uint32_t> Of(size_t k) const {
    return std::span<const uint32_t>(rows).subspan(start[k], start[k + 1] - start[k]);
  }
};

double MeanOf(const std::vector<ScoreRow>& all, std::span<const uint32_t> rows,
              double ScoreRow::*field) {
  double sum = 0;
  size_t n = 0;
  for (uint32_t r : rows) {
    const double v = all[r].*field;
    if (HasValue(v)) {
      sum += v;
      ++n;
    }
  }
  return n == 0 ? kNoValue : sum / static_cast<double>(n);
}

}  // namespace

std::vector<SubjectReport> Summarize(const ScoreSet& set, const CutScoreSet* cuts,
                                     std::span<const uint32_t> schools,
                                     const DescribeOptions& options) {
  const std::vector<ScoreRow>& all = set.rows();
  std::vector<uint32_t> in_scope;
  if (schools.empty()) {
    in_scope.resize(all.size());
    for (size_t i = 0; i < all.size(); ++i) in_scope[i] = static_cast<uint32_t>(i);
  } else {
    std::vector<bool> wanted(set.schools().size(), false);
    for (uint32_t s : schools) {
      if (s < wanted.size()) wanted[s] = true;
    }
    for (size_t i = 0; i < all.size(); ++i) {
      if (wanted[all[i].school]) in_scope.push_back(static_cast<uint32_t>(i));
    }
  }
  const size_t grades = std::max<size_t>(1, set.grades().size());
  const size_t keys = std::max<size_t>(1, set.subjects().size()) * grades;
  const Buckets by_key(in_scope, keys, [&](uint32_t r) {
    return static_cast<size_t>(all[r].subject) * grades + all[r].grade;
  });

  // t quantiles cost a few µs each and school sizes repeat across subjects,
  // scopes and calls: kept per thread, keyed by confidence and df.
  thread_local std::unordered_map<double, std::unordered_map<size_t, double>> t_cache;
  std::unordered_map<size_t, double>& t_by_df = t_cache[options.confidence];
  const double tail = 1 - (1 - options.confidence) / 2;
  std::vector<SubjectReport> out;
  std::vector<double> values;
  for (size_t k = 0; k < keys; ++k) {
    const std::span<const uint32_t> rows = by_key.Of(k);
    if (rows.empty()) continue;
    SubjectReport rep;
    rep.subject = static_cast<uint16_t>(k / grades);
    rep.grade = static_cast<uint16_t>(k % grades);
    rep.subject_name = set.subjects()[rep.subject];
    rep.grade_name = rep.grade < set.grades().size() ? set.grades()[rep.grade] : std::string();
    rep.cuts = cuts != nullptr ? cuts->Find(rep.subject_name, rep.grade_name) : nullptr;
    values.clear();
    for (uint32_t r : rows) values.push_back(all[r].score);
    rep.overall = Describe(values, rep.cuts, options);

    const Buckets by_school(rows, set.schools().size(), [&](uint32_t r) { return all[r].school; });
    for (size_t s = 0; s < set.schools().size(); ++s) {
      const std::span<const uint32_t> srows = by_school.Of(s);
      if (srows.empty()) continue;
      values.clear();
      for (uint32_t r : srows) values.push_back(all[r].score);
      const Moments m = ComputeMoments(values);
      SchoolSummary sum;
      sum.school = static_cast<uint32_t>(s);
      sum.n = m.n;
      sum.mean = m.mean;
      sum.sd = m.Sd();
      sum.ss = m.ss;
      if (m.n >= 2) {
        auto [it, added] = t_by_df.try_emplace(m.n - 1, 0.0);
        if (added) it->second = StudentTQuantile(tail, static_cast<double>(m.n - 1));
        const double half = it->second * sum.sd / std::sqrt(static_cast<double>(m.n));
        sum.ci_low = m.mean - half;
        sum.ci_high = m.mean + half;
      }
      if (rep.cuts != nullptr) {
        sum.level_counts.assign(rep.cuts->levels.size(), 0);
        size_t pass = 0, excellent = 0;
        for (double v : values) {
          const size_t level = rep.cuts->LevelOf(v);
          ++sum.level_counts[level];
          pass += level <= rep.cuts->pass_level ? 1u : 0u;
          excellent += level <= rep.cuts->excellent_level ? 1u : 0u;
        }
        sum.pass_rate = static_cast<double>(pass) / static_cast<double>(m.n);
        sum.excellent_rate = static_cast<double>(excellent) / static_cast<double>(m.n);
      }
      sum.mean_background = MeanOf(all, srows, &ScoreRow::background);
      sum.mean_prior = MeanOf(all, srows, &ScoreRow::prior);
      rep.schools.push_back(std::move(sum));
    }
    out.push_back(std::move(rep));
  }
  return out;
}

}  // namespace jiaodu::quality
