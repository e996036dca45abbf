// File: jiaodu/domain/quality/hs_evaluation.h
//
// 高中办学质量评价: the bureau's own scheme as data — indicators, points and
// scoring rules (provinces and cities differ, so nothing is built in) —
// applied to every 普通高中 once a year, combining the quality results of
// this module (school means, rates, value-added from the 抽测 or 学业水平考试)
// with the bureau's other indicators (entered values); an annual ranking;
// the bottom group flagged for 约谈 ("对排名靠后的学校校长…进行约谈") and
// schools in it two years running flagged for follow-up ("对连续两年排名
// 靠后的…进行岗位调整", a review the bureau decides, never automatic).
//
// Scoring rules (Q11):
//   linear  0 points at `worst`, full points at `best`, linear between,
//           clamped (worst > best reads "lower is better");
//   banded  the points of the first band, best first, whose threshold the
//           value reaches (≥ when higher is better, ≤ otherwise); on the
//           threshold counts as reaching it, as for cut scores (Q2);
//   rank    full points for rank 1 down to 0 for the last, linear in the
//           competition rank among schools with a value: points ×
//           (n − rank)/(n − 1); one school gets full points (the
//           rank-based percentile within the cohort);
//   expert  an expert panel's 0–100 score passed through: points × v/100.
// A missing value scores 0 and the school is listed as incomplete (Q14), or,
// when the indicator says missing = "unranked", the school is not ranked
// (E4). Each indicator's points are rounded to the scheme's decimals and the
// total is the sum of the rounded points, so the 通报's columns add up to
// the total that is ranked (E3).
#ifndef JIAODU_DOMAIN_QUALITY_HS_EVALUATION_H_
#define JIAODU_DOMAIN_QUALITY_HS_EVALUATION_H_

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/quality/ranking.h"
#include "jiaodu/domain/quality/scores.h"
#include "jiaodu/domain/quality/value_added.h"

namespace jiaodu::quality {

enum class RuleKind { kLinear, kBanded, kRank, kExpert };

// What a missing value does (E4): scores 0 with a note, or leaves the school
// out of the ranking (rank 0, never in the bottom group).
enum class MissingPolicy { kZero, kUnranked };

struct Band {
  double at = 0;      // the threshold
  double points = 0;  // earned by reaching it
};

struct ScoringRule {
  RuleKind kind = RuleKind::kLinear;
  double worst = 0;              // kLinear
  double best = 0;               // kLinear
  bool higher_is_better = true;  // kBanded, kRank
  std::vector<Band> bands;       // kBanded, best first
};

// Where an indicator's value comes from: "input" (entered by the bureau),
// or "quality.<stat>:<subject>[/<grade>]" with stat one of mean, pass_rate,
// excellent_rate, value_added (the shrunken effect), adjusted_mean.
struct HsIndicator {
  std::string id;
  Text name;
  double points = 0;  // the indicator's full points (its weight)
  ScoringRule rule;
  std::string source = "input";
  std::string unit;
  std::string note;
  // The guide's 重点内容 the indicator belongs to (办学方向, 课程教学, 教师发展,
  // 学校管理, 学生发展); the 通报 shows a subtotal per area. Empty: none.
  std::string area;
  MissingPolicy missing = MissingPolicy::kZero;
  // The indicator's range of valid values (a workbook value outside is
  // refused with its cell named); expert scores are always within 0–100.
  std::optional<double> min;
  std::optional<double> max;
};

struct HsSchemeSpec {
  std::string id;
  Text title;
  std::string issuer;
  bool example = false;  // an illustration, not any bureau's adopted scheme
  std::string source;
  std::vector<HsIndicator> indicators;
  BottomRule bottom;
  int decimals = 2;  // totals are rounded half up to this before ranking (Q12)
  // The 学段 the scheme evaluates (高中, 初中, 小学): the template lists the
  // schools with such a section. Empty: every school.
  std::vector<std::string> sections;
  // Σ points the file declares (100, or 1 for weights written as shares):
  // Build refuses a scheme whose points add up to anything else. Absent: no
  // check.
  std::optional<double> declared_total;
  // An indicator whose points break ties of the total (higher first); empty:
  // equal totals share the rank (Q12).
  std::string tie_break;
  // Evaluations of the same family are comparable year to year (the two-year
  // rule, Q15); defaults to the id, so a scheme revised under a new id keeps
  // its family when the file says so.
  std::string family;
};

class HsScheme {
 public:
  // Checks ids unique and non-empty, points > 0, linear worst ≠ best, bands
  // non-empty, ordered best first with points non-increasing, within
  // [0, points]; sources well formed; the bottom rule a count ≥ 1 or a
  // share in (0, 1]. Errors quality.scheme_*.
  static Result<HsScheme> Build(HsSchemeSpec spec);

  const HsSchemeSpec& spec() const { return spec_; }
  const std::vector<HsIndicator>& indicators() const { return spec_.indicators; }
  double total_points() const;
  int IndicatorIndex(std::string_view id) const;  // −1 when absent
  // The areas in the order they first appear among the indicators.
  const std::vector<std::string>& areas() const { return areas_; }

 private:
  HsSchemeSpec spec_;
  std::vector<std::string> areas_;
};

// The points a single value earns under `rule` for an indicator worth
// `points` (kRank needs the ranking: use EvaluateHighSchools).
double ScoreValue(const ScoringRule& rule, double points, double value);

struct HsSchoolInput {
  std::string school;  // 学校标识码 (or the key the score files use)
  std::string name;
  std::map<std::string, double> values;  // indicator id → value
};

// Fills the quality-sourced indicators of `inputs` from the 抽测 results:
// per school (matched by ScoreSet::schools()[i].key()), the statistic of the
// subject report (or value-added result) the source names. A school without
// scores in that subject is left without a value. Errors:
// quality.scheme_source when a source names a subject (and grade) that no
// report has, or several grades while naming none.
Status FillQualityValues(const HsScheme& scheme, const ScoreSet& set,
                         std::span<const SubjectReport> reports,
                         std::span<const ValueAdded> value_added,
                         std::vector<HsSchoolInput>& inputs);

struct HsIndicatorScore {
  double value = kNoValue;  // kNoValue: missing
  double points = 0;
};

struct HsSchoolResult {
  std::string school;
  std::string name;
  std::vector<HsIndicatorScore> scores;  // in the scheme's indicator order
  std::vector<double> area_points;       // subtotals in HsScheme::areas() order
  double total = 0;                      // rounded to the scheme's decimals
  int rank = 0;                          // 0: not ranked (a value it needs is missing)
  bool bottom = false;                   // 约谈
  std::optional<bool> bottom_last_year;  // absent: no result for last year
  bool follow_up = false;                // bottom this year and last: 岗位调整 review
  std::vector<std::string> missing;      // indicator ids without a value
};

struct HsEvaluation {
  std::string scheme;
  std::string family;
  int year = 0;
  std::vector<HsSchoolResult> schools;  // by rank, ties in input order
  size_t bottom_size = 0;               // the rule's intended size (ties may add)
  std::vector<Text> notes;
};

// Scores, ranks and flags every school. `previous` is last year's evaluation
// (nullptr if none); follow-up is only flagged when it is of year − 1 and
// of the same scheme family.
// Errors: quality.hs_duplicate_school, quality.hs_unknown_indicator (a value
// for an id the scheme does not have), quality.hs_no_schools,
// quality.hs_value_range (a value outside the indicator's range).
Result<HsEvaluation> EvaluateHighSchools(const HsScheme& scheme, int year,
                                         std::span<const HsSchoolInput> inputs,
                                         const HsEvaluation* previous = nullptr);

}  // namespace jiaodu::quality

#endif  // JIAODU_DOMAIN_QUALITY_HS_EVALUATION_H_
