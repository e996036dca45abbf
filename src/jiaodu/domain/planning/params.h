// File: jiaodu/domain/planning/params.h
//
// Every number planning uses that is not the county's own data: standard
// 班额, the 大班额 bands, the 优质均衡 class limits, the 教职工编制 ratios and
// their additions, the standard school sizes, the forecast defaults and the
// low/medium/high scenarios. They are data (data/planning/*.toml, read by
// formats/planning_file) with the source of each beside it; nothing here
// holds a national figure. Validate() checks a loaded set is usable so a
// mistyped file fails at load, not inside a forecast.
#ifndef JIAODU_DOMAIN_PLANNING_PARAMS_H_
#define JIAODU_DOMAIN_PLANNING_PARAMS_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/planning/exact.h"
#include "jiaodu/domain/planning/level.h"

namespace jiaodu::planning {

// 学制: grades per level (六三制 by default; 五四制 is primary 5, junior 4).
struct SchoolSystem {
  std::array<int, 4> grades = {3, 6, 3, 3};
  std::string source;
  int Grades(Level l) const { return grades[LevelIndex(l)]; }
};

// One 班额 band, e.g. 大班额 56–65. max 0 = no upper bound (66 人以上).
struct ClassSizeBand {
  Text name;
  int min = 0;
  int max = 0;
  bool large = false;  // counted in the 大班额比例 (56 人以上)
  bool Contains(int64_t students) const { return students >= min && (max == 0 || students <= max); }
};

struct ClassSizeParams {
  // Standard 班额 per level; for 幼儿园 the 混合班 figure (used when classes
  // are not split by grade).
  std::array<int, 4> standard = {};
  std::vector<int> preschool_by_grade;  // 小班, 中班, 大班
  // 优质均衡 class limits per level (0 = the standard sets none).
  std::array<int, 4> limit = {};
  std::vector<ClassSizeBand> bands;  // ascending, not overlapping
  std::array<bool, 4> banded = {};   // levels the bands are counted for
  std::string standard_source, limit_source, band_source;

  // Standard 班额 of a class: 幼儿园 by grade (grade 0 = 混合班), other
  // levels one figure.
  int StandardFor(Level l, int grade) const;
  // The largest class that is not over the limit: 小学 45, 初中 50; 幼儿园
  // its grade's standard; 0 when no limit applies (高中, decision D14).
  int LimitFor(Level l, int grade) const;
};

// An addition to the ratio-based 编制. Kinds:
//   class_ratio  the section's 编制 is at least classes × staff_per_class
//                (班师比与生师比相结合): the addition is what the class ratio
//                gives above the student ratio, never negative;
//   per_boarders one post per boarders_per_post boarders (每满 N 名: whole
//                steps, or proportional when whole_steps is false);
//   per_school   a fixed number of posts per qualifying school.
// Who qualifies: applies_to = teaching_point (教学点), small_school (fewer
// than below_students students, "不足 N 名"), boarding_school, or all;
// optionally only one level's sections.
struct StaffingAddition {
  enum class Kind { kClassRatio, kPerBoarders, kPerSchool };
  enum class Target { kAll, kTeachingPoint, kSmallSchool, kBoardingSchool };
  std::string id;
  Text name;
  Kind kind = Kind::kPerSchool;
  Target target = Target::kAll;
  std::optional<Level> level;
  int below_students = 0;
  Rate staff_per_class;
  int boarders_per_post = 0;
  bool whole_steps = true;
  Rate posts;
  bool national = false;  // false: the figure is a province's choice
  bool enabled = true;
  std::string source;
};

// Teaching load of one subject, to turn classes into teachers needed:
// classes × periods_per_class_week ÷ teacher_periods_week (a province's or
// school's 课程设置 and 工作量 rule; none is national).
struct SubjectLoad {
  Level level = Level::kPrimary;
  std::string subject;
  Rate periods_per_class_week;
  Rate teacher_periods_week;
  std::string source;
};

struct StaffingParams {
  // Students per member of staff (1:19 → 19); zero = no ratio for the level.
  std::array<Rate, 4> students_per_staff = {};
  Rounding rounding = Rounding::kHalfUp;
  std::vector<StaffingAddition> additions;
  std::vector<SubjectLoad> subject_loads;
  std::string ratio_source, rounding_source;
};

enum class BirthBasis { kHuji, kResident };
std::string_view BirthBasisName(BirthBasis b, bool english = false);  // 户籍 / 常住
Result<BirthBasis> ParseBirthBasis(std::string_view text);  // huji|户籍, resident|常住

// A forecast scenario (低/中/高方案). Each field shifts the base rates:
// births_change is the yearly change of births after the last entered year;
// entry_factor multiplies entry rates; progression_delta is added to every
// grade-to-grade ratio; migrant_share_delta to the 随迁子女 share.
struct Scenario {
  std::string id;
  Text name;
  Rate births_change;
  Rate entry_factor = Rate::Whole(1);
  Rate progression_delta;
  Rate migrant_share_delta;
  std::string note;
};

struct ForecastParams {
  int horizon_years = 10;
  int estimation_years = 3;  // year pairs the ratios are pooled over (D2)
  BirthBasis basis = BirthBasis::kHuji;
  // Age at entry for the levels fed by births (幼儿园 3, 小学 6); 0 = the
  // level is fed by the previous level's last grade (初中, 高中).
  std::array<int, 4> entry_age = {3, 6, 0, 0};
  Rate migrant_share;                 // used when no migrant counts are entered
  std::array<Rate, 4> default_entry;  // used when history gives no pair
  Rate default_progression = Rate::Whole(1);
  Rate max_migrant_share = Rate::FromMillionths(950'000);
  std::vector<Scenario> scenarios;
  std::string default_scenario;
  std::string source;

  const Scenario* FindScenario(std::string_view id) const;
};

struct CapacityParams {
  // Classes of a standard-size new school per level (24 班 小学 …).
  std::array<int, 4> standard_school_classes = {};
  std::string source;
};

struct PlanningParams {
  std::string id;
  Text title;
  std::string note;
  SchoolSystem system;
  ClassSizeParams class_size;
  StaffingParams staffing;
  ForecastParams forecast;
  CapacityParams capacity;

  // Places of one standard-size school: classes × the standard 班额 (for 幼儿园,
  // classes spread evenly over the grades' standards: 9 班 → 3×(25+30+35)).
  int64_t StandardSchoolPlaces(Level l) const;
  // Rejects an unusable set (id planning.invalid_params, message naming the
  // key): bands out of order or overlapping, a zero standard, a negative
  // ratio, a horizon outside 1–30, duplicate or missing scenarios, an
  // addition without its figure.
  Status Validate() const;
};

}  // namespace jiaodu::planning

#endif  // JIAODU_DOMAIN_PLANNING_PARAMS_H_
