// File: jiaodu/domain/quality/scores.h
//
// A 抽测's student-level scores and the per-subject, per-grade statistics a
// 通报 prints: the distribution (histogram, mean, SD, percentiles), the 合格率
// and 优秀率, the level counts from the cut scores, and every school's mean
// with its confidence interval.
//
// ScoreSet holds one row per student and subject, with names interned to
// small integers: a city 抽测 of 300,000 students × 3 subjects is 900,000
// rows of 48 bytes. Optional per-student values (家庭背景指数, 前测成绩) are
// kNoValue when absent.
//
// Definitions (docs/quality.md): SD is the sample SD (n − 1); percentiles
// are type 7 (= Excel PERCENTILE.INC, Q3); rates are over the students with
// a score (absentees are not in the set, Q5); a school mean's interval is
// mean ± t(1−α/2, n−1)·s/√n from the school's own SD (Q6), none for n < 2.
#ifndef JIAODU_DOMAIN_QUALITY_SCORES_H_
#define JIAODU_DOMAIN_QUALITY_SCORES_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "jiaodu/domain/quality/cut_scores.h"
#include "jiaodu/domain/quality/stats.h"

namespace jiaodu::quality {

enum class Sex : uint8_t { kUnknown, kMale, kFemale };

struct ScoreRow {
  uint32_t school = 0;      // ScoreSet::schools()
  uint32_t klass = 0;       // ScoreSet::classes(); 0 = no class given
  uint32_t student = 0;     // ScoreSet::student_id()
  uint32_t source_row = 0;  // the row in the user's file (messages)
  uint16_t subject = 0;     // ScoreSet::subjects()
  uint16_t grade = 0;       // ScoreSet::grades()
  Sex sex = Sex::kUnknown;
  double score = 0;
  double background = kNoValue;  // 家庭背景指数
  double prior = kNoValue;       // 前测成绩
};

struct SchoolName {
  std::string code;  // 学校标识码 (may be empty when files give only names)
  std::string name;  // 学校名称 (may be empty)
  // How the school is shown and matched: the code when there is one.
  const std::string& key() const { return code.empty() ? name : code; }
};

struct ClassName {
  uint32_t school = 0;
  std::string label;  // "八年级1班", as in the file
};

class ScoreSet {
 public:
  ScoreSet();

  // Interning: the same key returns the same index. A school is keyed by
  // its code, or by its name when the file has no code column.
  uint32_t School(std::string_view code, std::string_view name);
  uint32_t Class(uint32_t school, std::string_view label);  // "" → 0 (no class)
  uint32_t Student(std::string_view id);
  uint16_t Subject(std::string_view name);
  uint16_t Grade(std::string_view name);

  // Lookups without interning; nullopt when absent.
  std::optional<uint32_t> FindSchool(std::string_view key) const;
  std::optional<uint16_t> FindSubject(std::string_view name) const;
  std::optional<uint16_t> FindGrade(std::string_view name) const;
  std::optional<uint32_t> FindStudent(std::string_view id) const;

  void Add(const ScoreRow& row) { rows_.push_back(row); }
  void Reserve(size_t rows) { rows_.reserve(rows); }

  const std::vector<ScoreRow>& rows() const { return rows_; }
  const std::vector<SchoolName>& schools() const { return schools_; }
  const std::vector<ClassName>& classes() const { return classes_; }
  const std::vector<std::string>& subjects() const { return subjects_; }
  const std::vector<std::string>& grades() const { return grades_; }
  size_t student_count() const { return student_ids_.size(); }
  const std::string& student_id(uint32_t i) const { return student_ids_[i]; }

 private:
  std::vector<ScoreRow> rows_;
  std::vector<SchoolName> schools_;
  std::unordered_map<std::string, uint32_t> school_index_;
  std::vector<ClassName> classes_;
  std::unordered_map<std::string, uint32_t> class_index_;
  std::vector<std::string> student_ids_;
  std::unordered_map<std::string, uint32_t> student_index_;
  std::vector<std::string> subjects_;
  std::vector<std::string> grades_;
};

struct Histogram {
  double lo = 0;     // left edge of the first bin
  double width = 0;  // bins [lo + i·w, lo + (i+1)·w); the last is closed on the right
  std::vector<size_t> counts;
};

struct LevelCount {
  std::string name;
  size_t count = 0;
  double share = 0;  // count / n
};

struct Percentile {
  double p = 0;  // 0.25
  double value = 0;
};

// One group's scores described: a whole subject and grade, or a school.
struct Distribution {
  size_t n = 0;
  double mean = 0;
  double sd = 0;  // sample SD; 0 when n < 2
  double min = 0;
  double max = 0;
  std::vector<Percentile> percentiles;
  Histogram histogram;
  // With cut scores only:
  std::optional<double> pass_rate;
  std::optional<double> excellent_rate;
  std::vector<LevelCount> levels;  // best first, as in the cut-score set
};

struct DescribeOptions {
  std::vector<double> percentiles = {0.1, 0.25, 0.5, 0.75, 0.9};
  // Histogram bins; width 0 = full marks / 10 (or 10 without cuts).
  double bin_width = 0;
  double confidence = 0.95;  // of the school means' intervals
};

// Describes `scores` (reordered in place: sorted ascending).
Distribution Describe(std::span<double> scores, const SubjectCuts* cuts,
                      const DescribeOptions& options);

struct SchoolSummary {
  uint32_t school = 0;
  size_t n = 0;
  double mean = 0;
  double sd = 0;
  double ss = 0;                 // Σ(y − ȳ_j)², for the variance components
  std::optional<double> ci_low;  // absent for n < 2
  std::optional<double> ci_high;
  std::optional<double> pass_rate;
  std::optional<double> excellent_rate;
  std::vector<size_t> level_counts;   // with cuts, best first
  double mean_background = kNoValue;  // of the students who have one
  double mean_prior = kNoValue;
};

// The statistics of one subject in one grade over a scope (a county, the
// city): the whole distribution and each school's summary.
struct SubjectReport {
  uint16_t subject = 0;
  uint16_t grade = 0;
  std::string subject_name;
  std::string grade_name;
  const SubjectCuts* cuts = nullptr;  // into the CutScoreSet given; nullptr = none
  Distribution overall;
  std::vector<SchoolSummary> schools;  // by school index
};

// Every (subject, grade) present among the rows of `schools` (empty = all
// schools), ordered by subject then grade index. `cuts` may be null.
std::vector<SubjectReport> Summarize(const ScoreSet& set, const CutScoreSet* cuts,
                                     std::span<const uint32_t> schools,
                                     const DescribeOptions& options = {});

}  // namespace jiaodu::quality

#endif  // JIAODU_DOMAIN_QUALITY_SCORES_H_
