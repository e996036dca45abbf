// File: jiaodu/domain/fitness/scorer.h
//
// Scores one student's test against a FitnessStandard: every item's score,
// level, weighted contribution and 加分, the 标准分, the 附加分, the 学年总分
// and its level. Pure and allocation-free, so a roster of a million students
// scores in well under a second.
//
// Rules (docs/fitness.md has the citations and the decisions F1…):
//  * Table items: the first row from the top whose threshold the result
//    reaches scores (a result between rows scores the lower row); a result
//    short of the lowest (10-point) row scores 0.
//  * BMI = weight / height², rounded half-up to one decimal, then banded.
//  * 加分 only on an item scored 100: the largest bonus row whose increment
//    beyond the 100-point threshold the result reaches; 附加分 is capped at
//    the standard's max_bonus.
//  * 标准分 = Σ score × weight / 100, kept exact in hundredths (weights are
//    whole percents and scores whole numbers). 学年总分 = 标准分 + 附加分.
//  * A missing item (not exempted) scores 0 and marks the student
//    kIncomplete (decision F4): counted in rates, listed for follow-up.
//  * 免测 (exempt) and 缓测 (deferred) students are not scored and are kept
//    out of the rates' denominators, counted separately (F5).
#ifndef JIAODU_DOMAIN_FITNESS_SCORER_H_
#define JIAODU_DOMAIN_FITNESS_SCORER_H_

#include <array>
#include <cstdint>
#include <span>

#include "jiaodu/domain/fitness/standard.h"

namespace jiaodu::fitness {

enum class TestStatus : uint8_t {
  kTested = 0,    // took the test (some items may still be missing)
  kExempt = 1,    // 免予执行 (illness or disability, approved)
  kDeferred = 2,  // 暂缓执行 (缓测)
};

// One student's results, by the standard's item indices.
struct StudentInput {
  int grade_code = 0;
  Sex sex = Sex::kMale;
  TestStatus status = TestStatus::kTested;
  int32_t height = kMissing;        // tenths of a cm
  int32_t weight = kMissing;        // tenths of a kg
  std::span<const int32_t> values;  // ticks per item index; kMissing if absent
};

enum class ScoreStatus : uint8_t {
  kComplete = 0,    // every item of the grade's test present
  kIncomplete = 1,  // scored with missing items as 0
  kExempt = 2,
  kDeferred = 3,
  kNoPlan = 4,  // the standard has no test for this grade
};

struct ItemScore {
  int8_t item = -1;    // index into FitnessStandard::items()
  uint8_t weight = 0;  // percent
  uint8_t score = 0;   // 0..100
  uint8_t bonus = 0;   // 加分 points
  int8_t level = -1;   // level band (table items) or BMI band index; -1 = missing
  bool missing = true;
  int32_t value = kMissing;  // the ticks scored (BMI: tenths)
};

struct StudentScore {
  ScoreStatus status = ScoreStatus::kNoPlan;
  uint8_t item_count = 0;
  uint8_t missing_count = 0;
  std::array<ItemScore, kMaxPlanItems> items{};  // in the grade's plan order
  int32_t standard_hundredths = 0;               // 标准分 × 100
  int32_t bonus = 0;                             // 附加分 (whole points)
  int32_t total_hundredths = 0;                  // 学年总分 × 100
  int8_t level = -1;                             // level band of the 学年总分; -1 if not scored
  bool scored() const {
    return status == ScoreStatus::kComplete || status == ScoreStatus::kIncomplete;
  }
};

// BMI in tenths, rounded half-up, from height (tenths of a cm) and weight
// (tenths of a kg), computed in integers: no binary rounding error.
int32_t BmiTenths(int32_t height_tenths_cm, int32_t weight_tenths_kg);

// The score of one result on one grade column (rows from the top score).
int ScoreOf(const std::vector<ScoreRow>& rows, Better better, int32_t ticks);
// The 加分 of a result on an item scored 100.
int BonusOf(const std::vector<ScoreRow>& rows, const std::vector<BonusRow>& bonus, Better better,
            int32_t ticks);

StudentScore Score(const FitnessStandard& standard, const StudentInput& in);

// 毕业成绩 = 毕业当年学年总分 × final_weight + 其他学年学年总分平均 × other_weight;
// with no other years, the final year's total alone. Hundredths, half-up.
int32_t GraduationHundredths(const FitnessStandard& standard, int32_t final_year_hundredths,
                             std::span<const int32_t> other_years_hundredths);

// "86.25", "90", "89.5": a hundredths value with trailing zeros trimmed.
std::string FormatHundredths(int32_t hundredths);
// A score in hundredths as the standard prints its bands: at least one
// decimal ("96.0", "84.6", "86.45").
std::string FormatScore(int32_t hundredths);

}  // namespace jiaodu::fitness

#endif  // JIAODU_DOMAIN_FITNESS_SCORER_H_
