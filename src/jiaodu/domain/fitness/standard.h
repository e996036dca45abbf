// File: jiaodu/domain/fitness/standard.h
//
// A student fitness standard (《国家学生体质健康标准（2014年修订）》 or a
// province's variant) as data: items, grades, weights, score tables, BMI
// bands, bonus tables and level bands. The TOML loader in
// formats/fitness_file fills a `FitnessStandardSpec`; `FitnessStandard::Build`
// checks it (every table monotone, every grade's weights summing to 100,
// every column named by a grade present) and compiles it into per-grade,
// per-sex test plans that the scorer reads without lookups by name.
//
// Values are kept as integer "ticks" in each item's recording precision
// (肺活量 in ml, 50米跑 in tenths of a second, 800米跑 in seconds, BMI in
// tenths): every threshold comparison is then exact, as on paper, and a
// million students score without a single floating-point comparison.
#ifndef JIAODU_DOMAIN_FITNESS_STANDARD_H_
#define JIAODU_DOMAIN_FITNESS_STANDARD_H_

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::fitness {

enum class Sex : uint8_t { kMale = 1, kFemale = 2 };  // codes of the national template
inline constexpr int kSexCount = 2;
inline int SexIndex(Sex s) { return s == Sex::kMale ? 0 : 1; }
std::string_view SexName(Sex s, bool english = false);

enum class Better : uint8_t { kHigher, kLower };
enum class ItemKind : uint8_t { kTable, kBmi };
enum class ValueFormat : uint8_t { kInteger, kDecimal1, kMinSec };
// How a result with more decimals than the recording precision is brought to
// it (测试细则: 50米跑 "小数点后第二位数非0时则进1" is kUp).
// kExact refuses digits beyond the precision (dioptres come in 0.01 D
// steps at most, so "-0.755" is a typo, not a value to round).
enum class Rounding : uint8_t { kHalfUp, kUp, kDown, kExact };

// A missing value in tick arrays.
inline constexpr int32_t kMissing = std::numeric_limits<int32_t>::min();

struct Item {
  std::string id;  // "vital_capacity"
  Text name;       // 肺活量
  std::string unit;
  ItemKind kind = ItemKind::kTable;
  Better better = Better::kHigher;
  ValueFormat format = ValueFormat::kInteger;
  Rounding rounding = Rounding::kHalfUp;
  int32_t plausible_min = 0;  // ticks; outside = refused as impossible
  int32_t plausible_max = 0;
  int decimals() const { return format == ValueFormat::kDecimal1 ? 1 : 0; }
};

struct LevelBand {
  Text name;                   // 优秀
  int32_t min_hundredths = 0;  // lower bound, inclusive
};

struct Grade {
  int code = 0;             // 年级编号 (11 = 小学一年级)
  Text name;                // 小学一年级
  std::string column;       // column heading in the item tables
  std::string bmi_column;   // column heading in the BMI tables
  std::string group;        // weight group
  bool graduating = false;  // 毕业年级 (6, 初三, 高三, 大四)
};

// One grade column of a score table: thresholds in ticks, rows from the top
// score down (100, 95, ..., 10).
struct ScoreRow {
  int score = 0;
  int32_t ticks = 0;
};
// One grade column of a bonus table: rows from the largest bonus down.
struct BonusRow {
  int points = 0;
  int32_t delta = 0;  // ticks beyond the 100-point threshold (negative for times)
};
struct BmiBand {
  Text name;  // 正常 / 低体重 / 超重 / 肥胖
  int score = 0;
  int32_t lo = kMissing;  // tenths, inclusive; kMissing = open
  int32_t hi = kMissing;  // tenths, inclusive; kMissing = open
};

// ---- the spec: what the file says, by name, before checking ----

struct TableSpec {
  std::string item;
  Sex sex = Sex::kMale;
  std::string source;
  std::vector<std::string> columns;
  // rows[r] = {score, cell per column}; cells are kMissing where blank.
  std::vector<std::pair<int, std::vector<int32_t>>> rows;
};
// Bonus tables have the same shape: rows are {points, increment per column}.
using BonusSpec = TableSpec;
struct BmiSpec {
  Sex sex = Sex::kMale;
  std::string source;
  std::vector<std::string> columns;
  struct Band {
    Text name;
    int score = 0;
    std::vector<std::pair<int32_t, int32_t>> ranges;  // {lo, hi} tenths per column
  };
  std::vector<Band> bands;
};
struct WeightSpec {
  std::string group;
  std::string source;
  std::array<std::vector<std::pair<std::string, int>>, kSexCount> weights;  // item → percent
};
struct BodyLimits {
  int32_t height_min = 0, height_max = 0;  // tenths of a cm
  int32_t weight_min = 0, weight_max = 0;  // tenths of a kg
};
struct Decision {
  std::string id;
  std::string question;
  std::string decision;
};

struct FitnessStandardSpec {
  std::string id;
  std::string version;
  Text title;
  std::string document;
  std::string issuer;
  std::string issued;
  std::string source_url;
  int max_standard_score = 100;
  int max_bonus = 20;
  std::vector<LevelBand> levels;  // best first; the last catches everything
  std::vector<Grade> grades;
  std::vector<Item> items;
  std::vector<WeightSpec> weights;
  std::vector<TableSpec> tables;
  std::vector<BmiSpec> bmi_tables;
  std::vector<BonusSpec> bonus_tables;
  BodyLimits body;
  double graduation_final_weight = 0.5;
  double graduation_other_weight = 0.5;
  std::string graduation_source;
  std::vector<Decision> decisions;
};

// ---- the compiled standard ----

// One item of a grade's test for one sex.
struct PlanItem {
  int item = 0;                    // index into FitnessStandard::items()
  int weight = 0;                  // percent of 标准分
  std::vector<ScoreRow> rows;      // kind == kTable
  std::vector<BonusRow> bonus;     // empty = no 加分 for this item here
  std::vector<BmiBand> bmi_bands;  // kind == kBmi
};
struct TestPlan {
  const Grade* grade = nullptr;
  Sex sex = Sex::kMale;
  std::vector<PlanItem> items;
};
inline constexpr int kMaxPlanItems = 8;

class FitnessStandard {
 public:
  // Checks the spec and compiles the plans. Errors name the table, column
  // and row at fault (ids "fitness_standard.*").
  static Result<FitnessStandard> Build(FitnessStandardSpec spec);

  const FitnessStandardSpec& spec() const { return spec_; }
  const std::string& id() const { return spec_.id; }
  const std::vector<Item>& items() const { return spec_.items; }
  const std::vector<Grade>& grades() const { return spec_.grades; }
  const std::vector<LevelBand>& levels() const { return spec_.levels; }
  int ItemIndex(std::string_view id) const;  // -1 if unknown
  const Grade* FindGrade(int code) const;
  // The test for a grade and sex; nullptr for a grade the standard lacks.
  const TestPlan* Plan(int grade_code, Sex sex) const;
  // Level index for a score in hundredths (item scores: score × 100).
  int LevelOf(int32_t hundredths) const;

 private:
  FitnessStandardSpec spec_;
  std::vector<TestPlan> plans_;     // grades × sexes
  std::map<int, int> grade_index_;  // code → index into grades
};

// Index of the item with `id` in `items`, -1 if none (for specs not yet
// built as well as built standards).
int FindItem(const std::vector<Item>& items, std::string_view id);

// Parses a result as a clerk types it into ticks of `item`: "8.5", "8.51"
// (brought to the recording precision by the item's rounding), "3'55",
// "3′55″", "3分55秒", "3:55", and "235" seconds for minute items. Errors
// have id "fitness.value_invalid" with a Chinese reason.
Result<int32_t> ParseItemValue(const Item& item, std::string_view text);
// The official notation of a tick value: "8.5", "1700", "3'55\"".
std::string FormatItemValue(const Item& item, int32_t ticks);
// Parses a decimal with at most one decimal after rounding half-up ("152.35"
// → 1524 tenths); used for height, weight and BMI bounds.
Result<int32_t> ParseTenths(std::string_view text, Rounding rounding = Rounding::kHalfUp);
// The same for any number of decimals: value × 10^decimals as an integer,
// rounded on the decimal text ("-0.75", 2 → -75). Full-width forms folded.
Result<int32_t> ParseFixed(std::string_view text, int decimals, Rounding rounding);
// The inverse: ticks of 10^-decimals as a decimal with exactly `decimals`
// places (-35, 1 → "-3.5"; 5, 2 → "0.05"; 235, 0 → "235").
std::string FormatFixed(int64_t ticks, int decimals);

}  // namespace jiaodu::fitness

#endif  // JIAODU_DOMAIN_FITNESS_STANDARD_H_
