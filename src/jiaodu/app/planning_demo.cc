// The demo city's planning workbook, made from the stored demo schools so
// its figures agree with them: per-grade enrolment adds up to each county's
// stored students, rosters to each section's students with its stored
// 最大班额, 在编 staff to a share of the stored 专任教师.
//
// Births follow the national shape (a rise to the 2016–2017 peak of the
// 全面二孩 policy, then a fall), scaled to each county's pupils; one county
// (the second) grew faster through in-migration, so its 初中 runs short of
// places when the peak cohorts reach it, even with the planned new 初中.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "jiaodu/app/planning_service.h"

namespace jiaodu {
namespace {

using planning::Level;

// Births relative to 2010 = 100 (the shape of the national series).
double BirthIndex(int year) {
  static constexpr std::pair<int, double> kIndex[] = {
      {2004, 96},  {2005, 97},  {2006, 97},  {2007, 99},  {2008, 100}, {2009, 99},  {2010, 100},
      {2011, 101}, {2012, 108}, {2013, 106}, {2014, 112}, {2015, 107}, {2016, 121}, {2017, 118},
      {2018, 102}, {2019, 94},  {2020, 82},  {2021, 76},  {2022, 69},  {2023, 70},  {2024, 66},
  };
  for (const auto& [y, v] : kIndex) {
    if (y == year) return v;
  }
  return year < 2004 ? 96 : 66;
}

// FNV-1a of a code: a stable per-school variation on every machine.
uint64_t Hash(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

int EntryAge(Level l) {
  switch (l) {
    case Level::kPrimary:
      return 6;
    case Level::kJunior:
      return 12;
    case Level::kSenior:
      return 15;
    case Level::kPreschool:
      return 3;
  }
  return 6;
}

// Splits `total` over `weights` in whole numbers (largest remainders last).
std::vector<int64_t> Split(int64_t total, const std::vector<double>& weights) {
  double sum = 0;
  for (double w : weights) sum += w;
  std::vector<int64_t> out;
  int64_t given = 0;
  for (double w : weights) {
    out.push_back(static_cast<int64_t>(std::floor(static_cast<double>(total) * w / sum)));
    given += out.back();
  }
  for (size_t i = out.size(); given < total && i > 0; --i, ++given) ++out[i - 1];
  return out;
}

planning::PlannedProject Project(std::string name, std::string area, Level level,
                                 planning::ProjectKind kind, int opening,
                                 std::optional<int64_t> places, int classes) {
  planning::PlannedProject p;
  p.name = std::move(name);
  p.area = std::move(area);
  p.level = level;
  p.kind = kind;
  p.opening_year = opening;
  p.places = places;
  p.classes = classes;
  return p;
}

}  // namespace

Result<std::string> PlanningService::DemoWorkbook() {
  auto root = JIAODU_TRY(svc_.Root());
  if (!root) {
    return Fail(ErrorCode::kFailedPrecondition, "planning_service.no_school_data",
                Text("还没有导入学校数据", "no school data imported yet"));
  }
  const PlanningScope scope = JIAODU_TRY(Scope(root->code));
  const Stored st = JIAODU_TRY(LoadStored(scope));
  planning_table::PlanningInputs in;
  const int base = scope.year ? scope.year->start() : 2024;
  for (size_t k = 0; k < scope.counties.size(); ++k) {
    const std::string& county = scope.counties[k].code;
    // The second county's cohorts born after 2011 grew 4 % a year faster
    // (new housing, in-migration).
    auto cohort = [&](int born) {
      const double growth = k == 1 && born > 2011 ? std::pow(1.04, born - 2011) : 1.0;
      return BirthIndex(born) * growth;
    };
    double primary_weight = 0;
    int64_t primary_students = 0;
    for (const auto& [year, records] : st.by_year) {
      std::map<Level, int64_t> totals;
      for (const SchoolYearRecord& r : records) {
        if (r.school.county != county) continue;
        for (const SectionRecord& sec : r.sections) {
          auto students = sec.values.Get(*st.students);
          if (sec.stage == Stage::kPreschool || !students) continue;
          const Level level = sec.stage == Stage::kPrimary  ? Level::kPrimary
                              : sec.stage == Stage::kJunior ? Level::kJunior
                                                            : Level::kSenior;
          totals[level] += static_cast<int64_t>(std::llround(*students));
        }
      }
      for (const auto& [level, total] : totals) {
        std::vector<double> w;
        for (int g = 1; g <= params_.system.Grades(level); ++g) {
          w.push_back(cohort(year - EntryAge(level) - (g - 1)));
        }
        const auto grades = Split(total, w);
        for (size_t g = 0; g < grades.size(); ++g) {
          // 随迁子女: about 6 % of a first grade.
          std::optional<int64_t> migrants;
          if (g == 0 && level == Level::kPrimary) migrants = grades[g] * 6 / 100;
          in.enrolment[county].push_back(
              planning::GradeEnrolment{year, level, static_cast<int>(g + 1), grades[g], migrants});
        }
        if (level == Level::kPrimary && year == base) {
          for (double x : w) primary_weight += x;
          primary_students = total;
        }
      }
    }
    if (primary_weight <= 0) continue;
    // Births such that about 96 % of a cohort's local children enter 小学.
    const double scale = static_cast<double>(primary_students) / primary_weight / 0.96 * 0.94;
    for (int y = base - 17; y <= base; ++y) {
      const auto huji = static_cast<int64_t>(std::llround(cohort(y) * scale));
      in.births[county].push_back(planning::BirthYear{
          y, huji, static_cast<int64_t>(std::llround(static_cast<double>(huji) * 1.07))});
    }
    in.reserve[county] = 6 + static_cast<int64_t>(k);
  }
  if (scope.counties.size() > 1) {
    // A 24-class 初中 for the growing county, and a 小学 expansion.
    in.projects.push_back(Project("城东新区初级中学（新建）", scope.counties[1].code,
                                  Level::kJunior, planning::ProjectKind::kNewSchool, base + 4,
                                  std::nullopt, 24));
    in.projects.push_back(Project("实验小学改扩建", scope.counties[0].code, Level::kPrimary,
                                  planning::ProjectKind::kExpansion, base + 2, 540, 0));
  }
  // Rosters and staff of the latest year, from each section's stored figures.
  for (const SchoolYearRecord& r : st.latest) {
    int64_t teachers = 0;
    for (const SectionRecord& sec : r.sections) {
      if (sec.stage == Stage::kPreschool) continue;
      const auto students = sec.values.Get(*st.students);
      const auto classes = sec.values.Get(*st.classes);
      if (auto t = sec.values.Get(*st.teachers)) teachers += std::llround(*t);
      if (!students || !classes || *classes < 1) continue;
      const Level level = sec.stage == Stage::kPrimary  ? Level::kPrimary
                          : sec.stage == Stage::kJunior ? Level::kJunior
                                                        : Level::kSenior;
      const auto n = static_cast<int64_t>(std::llround(*classes));
      int64_t left = std::llround(*students);
      std::vector<int64_t> sizes;
      if (auto mx = sec.values.Get(*st.max_class); mx && n > 1 && *mx * 1.0 < *students) {
        sizes.push_back(std::llround(*mx));
        left -= sizes.back();
      }
      const auto rest = Split(left, std::vector<double>(size_t(n) - sizes.size(), 1.0));
      sizes.insert(sizes.end(), rest.begin(), rest.end());
      const int grades = params_.system.Grades(level);
      for (size_t i = 0; i < sizes.size(); ++i) {
        if (sizes[i] < 1 || sizes[i] > 200) continue;
        const int grade = static_cast<int>(i % size_t(grades)) + 1;
        in.rosters[r.school.code].push_back(planning::ClassRecord{
            fmt::format("{}{}年级{}班", planning::LevelName(level), grade, i / size_t(grades) + 1),
            level, grade, sizes[i]});
      }
    }
    // 实有在编教职工 is below the 专任教师 count: the demo's teachers include
    // 编外聘用 and 代课 teachers, who hold no 编制 post. 78–94 % of them,
    // five points fewer in town schools (their pupils grew faster than
    // their posts), gives both 缺编 and 超编 schools for the 周转池.
    const uint64_t h = Hash(r.school.code);
    const int64_t percent =
        78 + static_cast<int64_t>(h % 17) - (r.school.locale == Locale::kUrban ? 5 : 0);
    in.staff[r.school.code] = planning_table::StaffRow{(teachers * percent + 50) / 100,
                                                       r.school.boarding ? teachers * 3 : 0};
  }
  return planning_table::WritePlanningWorkbook(in, root->name);
}

}  // namespace jiaodu
