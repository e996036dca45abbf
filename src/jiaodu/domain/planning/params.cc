#include "jiaodu/domain/planning/params.h"

#include <fmt/format.h>

#include <set>

namespace jiaodu::planning {
namespace {

Error Invalid(std::string_view key, std::string_view zh, std::string_view en) {
  return Error{ErrorCode::kInvalidInput,
               "planning.invalid_params",
               Text(fmt::format("参数 {}：{}", key, zh), fmt::format("parameter {}: {}", key, en)),
               {},
               {}};
}

}  // namespace

int ClassSizeParams::StandardFor(Level l, int grade) const {
  if (l == Level::kPreschool && grade >= 1 &&
      static_cast<size_t>(grade) <= preschool_by_grade.size())
    return preschool_by_grade[static_cast<size_t>(grade - 1)];
  return standard[LevelIndex(l)];
}

int ClassSizeParams::LimitFor(Level l, int grade) const {
  // 幼儿园 has no separate limit: the 幼儿园工作规程 figure per grade is both
  // the standard and what counts as 超标 (as in the 普及普惠 班额达标 check).
  if (l == Level::kPreschool) return StandardFor(l, grade);
  return limit[LevelIndex(l)];
}

std::string_view BirthBasisName(BirthBasis b, bool english) {
  if (b == BirthBasis::kHuji) return english ? "registered (户籍)" : "户籍";
  return english ? "resident (常住)" : "常住";
}

Result<BirthBasis> ParseBirthBasis(std::string_view text) {
  if (text == "huji" || text == "户籍") return BirthBasis::kHuji;
  if (text == "resident" || text == "常住") return BirthBasis::kResident;
  return Fail(ErrorCode::kInvalidInput, "planning.invalid_params",
              Text(fmt::format("出生人口口径“{}”无效，应为 huji（户籍）或 resident（常住）", text),
                   fmt::format("birth basis \"{}\" is not huji or resident", text)));
}

const Scenario* ForecastParams::FindScenario(std::string_view id) const {
  for (const auto& s : scenarios) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

int64_t PlanningParams::StandardSchoolPlaces(Level l) const {
  const int classes = capacity.standard_school_classes[LevelIndex(l)];
  const auto& by_grade = class_size.preschool_by_grade;
  if (l != Level::kPreschool || by_grade.empty()) {
    return int64_t{classes} * class_size.standard[LevelIndex(l)];
  }
  // 9 班 幼儿园 = 3 小班 + 3 中班 + 3 大班; a remainder counts as 混合班.
  const int grades = static_cast<int>(by_grade.size());
  int64_t per_round = 0;
  for (int s : by_grade) per_round += s;
  return int64_t{classes / grades} * per_round +
         int64_t{classes % grades} * class_size.standard[LevelIndex(l)];
}

Status PlanningParams::Validate() const {
  if (id.empty()) return Fail(Invalid("id", "不能为空", "must not be empty"));
  for (Level l : kLevels) {
    const int g = system.Grades(l);
    if (g < 1 || g > 9) {
      return Fail(Invalid(fmt::format("school_system.{}_grades", LevelName(l, true)),
                          "年级数应为 1–9", "grades must be 1–9"));
    }
    if (class_size.standard[LevelIndex(l)] <= 0) {
      return Fail(Invalid(fmt::format("class_size.standard.{}", LevelName(l, true)),
                          "标准班额应大于 0", "the standard class size must be above 0"));
    }
    if (class_size.limit[LevelIndex(l)] < 0) {
      return Fail(Invalid(fmt::format("class_size.limit.{}", LevelName(l, true)),
                          "班额上限不能为负", "a class limit cannot be negative"));
    }
    if (staffing.students_per_staff[LevelIndex(l)] < Rate()) {
      return Fail(Invalid(fmt::format("staffing.ratio.{}", LevelName(l, true)), "师生比不能为负",
                          "a staffing ratio cannot be negative"));
    }
    if (capacity.standard_school_classes[LevelIndex(l)] < 0) {
      return Fail(Invalid(fmt::format("capacity.standard_school_classes.{}", LevelName(l, true)),
                          "班级数不能为负", "classes cannot be negative"));
    }
  }
  if (!class_size.preschool_by_grade.empty() &&
      static_cast<int>(class_size.preschool_by_grade.size()) != system.Grades(Level::kPreschool)) {
    return Fail(Invalid("class_size.standard.preschool",
                        "应按年级各给一个标准班额（小班、中班、大班）",
                        "needs one standard per preschool grade"));
  }
  for (int s : class_size.preschool_by_grade) {
    if (s <= 0) {
      return Fail(Invalid("class_size.standard.preschool", "标准班额应大于 0",
                          "standard class sizes must be above 0"));
    }
  }
  // Bands: each min ≥ 1, max ≥ min (0 = open, last band only), ascending
  // without overlap, so every class size falls in at most one band.
  int previous_max = 0;
  for (size_t i = 0; i < class_size.bands.size(); ++i) {
    const auto& b = class_size.bands[i];
    const std::string key = fmt::format("class_size.bands[{}] {}", i + 1, b.name.zh);
    if (b.min < 1) return Fail(Invalid(key, "min 应不小于 1", "min must be at least 1"));
    if (b.max != 0 && b.max < b.min) {
      return Fail(Invalid(key, "max 应不小于 min", "max must not be below min"));
    }
    if (b.max == 0 && i + 1 != class_size.bands.size()) {
      return Fail(Invalid(key, "只有最后一档可以不设上限", "only the last band may be open-ended"));
    }
    if (i > 0 && b.min <= previous_max) {
      return Fail(
          Invalid(key, "各档应从小到大排列且不重叠", "bands must ascend without overlapping"));
    }
    previous_max = b.max;
  }
  for (const auto& a : staffing.additions) {
    const std::string key = fmt::format("staffing.additions {}", a.id);
    if (a.id.empty()) {
      return Fail(Invalid("staffing.additions", "缺少 id", "an addition needs an id"));
    }
    if (a.kind == StaffingAddition::Kind::kClassRatio && !a.staff_per_class.positive()) {
      return Fail(Invalid(key, "班师比附加需要 staff_per_class > 0",
                          "a class_ratio addition needs staff_per_class > 0"));
    }
    if (a.kind == StaffingAddition::Kind::kPerBoarders && a.boarders_per_post <= 0) {
      return Fail(Invalid(key, "寄宿生附加需要 boarders_per_post > 0",
                          "a per_boarders addition needs boarders_per_post > 0"));
    }
    if (a.kind == StaffingAddition::Kind::kPerSchool && !a.posts.positive()) {
      return Fail(Invalid(key, "按校附加需要 posts > 0", "a per_school addition needs posts > 0"));
    }
    if (a.target == StaffingAddition::Target::kSmallSchool && a.below_students <= 0) {
      return Fail(Invalid(key, "小规模学校附加需要 below_students > 0",
                          "a small_school addition needs below_students > 0"));
    }
  }
  for (const auto& l : staffing.subject_loads) {
    if (l.subject.empty() || !l.periods_per_class_week.positive() ||
        !l.teacher_periods_week.positive()) {
      return Fail(Invalid(fmt::format("staffing.subject_loads {}", l.subject),
                          "需要学科名、每班周课时和教师周课时（均大于 0）",
                          "needs a subject, periods per class and per teacher (above 0)"));
    }
  }
  const auto& f = forecast;
  if (f.horizon_years < 1 || f.horizon_years > 30) {
    return Fail(Invalid("forecast.horizon_years", "应为 1–30 年", "must be 1–30 years"));
  }
  if (f.estimation_years < 1 || f.estimation_years > 20) {
    return Fail(Invalid("forecast.estimation_years", "应为 1–20 年", "must be 1–20 years"));
  }
  if (f.entry_age[LevelIndex(Level::kPreschool)] <= 0 ||
      f.entry_age[LevelIndex(Level::kPrimary)] <= 0) {
    return Fail(Invalid("forecast.entry_age", "幼儿园和小学的入学年龄应大于 0",
                        "preschool and primary entry ages must be above 0"));
  }
  if (f.migrant_share < Rate() || f.migrant_share > f.max_migrant_share) {
    return Fail(Invalid("forecast.migrant_share", "随迁子女占比应在 0 与上限之间",
                        "the migrant share must be between 0 and its maximum"));
  }
  if (f.max_migrant_share >= Rate::Whole(1)) {
    return Fail(Invalid("forecast.max_migrant_share", "应小于 1", "must be below 1"));
  }
  if (f.scenarios.empty()) {
    return Fail(Invalid("forecast.scenarios", "至少需要一个方案", "needs at least one scenario"));
  }
  std::set<std::string> ids;
  for (const auto& s : f.scenarios) {
    if (s.id.empty() || !ids.insert(s.id).second) {
      return Fail(Invalid(fmt::format("forecast.scenarios {}", s.id), "方案 id 为空或重复",
                          "scenario id empty or repeated"));
    }
    if (!s.entry_factor.positive()) {
      return Fail(Invalid(fmt::format("forecast.scenarios {}.entry_factor", s.id), "应大于 0",
                          "must be above 0"));
    }
    if (s.births_change <= Rate::Whole(-1)) {
      return Fail(Invalid(fmt::format("forecast.scenarios {}.births_change", s.id),
                          "应大于 -1（出生人口不能减到 0 以下）", "must be above -1"));
    }
  }
  if (f.FindScenario(f.default_scenario) == nullptr) {
    return Fail(Invalid("forecast.default_scenario",
                        fmt::format("“{}”不是已定义的方案", f.default_scenario),
                        fmt::format("\"{}\" is not a defined scenario", f.default_scenario)));
  }
  return Ok();
}

}  // namespace jiaodu::planning
