#include "jiaodu/domain/planning/class_size.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace jiaodu::planning {
namespace {

std::string SchoolLabel(const SchoolRoster& r) {
  return r.name.empty() ? r.school : fmt::format("{}（{}）", r.name, r.school);
}

}  // namespace

int BandOf(const ClassSizeParams& cs, Level level, int64_t students) {
  if (!cs.banded[LevelIndex(level)]) return -1;
  for (size_t i = 0; i < cs.bands.size(); ++i) {
    if (cs.bands[i].Contains(students)) return static_cast<int>(i);
  }
  return -1;
}

void SizeTally::Merge(const SizeTally& o) {
  classes += o.classes;
  students += o.students;
  if (bands.size() < o.bands.size()) bands.resize(o.bands.size());
  for (size_t i = 0; i < o.bands.size(); ++i) bands[i] += o.bands[i];
  within += o.within;
  large += o.large;
  over_limit += o.over_limit;
  excess_students += o.excess_students;
  max_size = std::max(max_size, o.max_size);
}

ClassSizeResult AnalyseClassSizes(std::span<const SchoolRoster> rosters,
                                  const PlanningParams& params) {
  const auto& cs = params.class_size;
  ClassSizeResult out;
  out.bands = cs.bands;
  out.total.bands.assign(cs.bands.size(), 0);
  std::map<std::string, AreaClassSize> areas;

  for (const auto& r : rosters) {
    SchoolClassSize s;
    s.school = r.school;
    s.name = r.name;
    s.area = r.area;
    s.has_roster = !r.classes.empty();
    s.all.bands.assign(cs.bands.size(), 0);
    for (auto& t : s.by_level) t.bands.assign(cs.bands.size(), 0);
    if (!s.has_roster) {
      // D15: a school without a roster is listed, never counted as having
      // no large classes.
      out.notices.push_back(Notice{
          "planning.no_class_roster",
          Text(fmt::format("{}：未提交班级名单，无法检测大班额（不计入达标）", SchoolLabel(r)),
               fmt::format("{}: no class roster submitted; class sizes cannot be checked "
                           "(not counted as compliant)",
                           SchoolLabel(r))),
          r.area, r.school});
    }
    for (const auto& c : r.classes) {
      const int grades = params.system.Grades(c.level);
      if (c.students <= 0) {
        out.notices.push_back(Notice{
            "planning.bad_class",
            Text(fmt::format("{} 班级“{}”人数为 {}，已忽略", SchoolLabel(r), c.id, c.students),
                 fmt::format("{} class \"{}\" has {} students; ignored", SchoolLabel(r), c.id,
                             c.students)),
            r.area, r.school});
        continue;
      }
      int grade = c.grade;
      if (grade < 0 || grade > grades) {
        out.notices.push_back(
            Notice{"planning.bad_class",
                   Text(fmt::format("{} 班级“{}”的年级 {} 超出{}学制，按未填年级处理",
                                    SchoolLabel(r), c.id, c.grade, LevelName(c.level)),
                        fmt::format("{} class \"{}\": grade {} is outside {}; treated as not given",
                                    SchoolLabel(r), c.id, c.grade, LevelName(c.level, true))),
                   r.area, r.school});
        grade = 0;
      }
      ClassFinding f;
      f.school = r.school;
      f.class_id = c.id;
      f.level = c.level;
      f.grade = grade;
      f.students = c.students;
      f.band = BandOf(cs, c.level, c.students);
      f.limit = cs.LimitFor(c.level, grade);
      f.over_limit = f.limit > 0 && c.students > f.limit;
      f.excess = f.over_limit ? c.students - f.limit : 0;

      for (SizeTally* t : {&s.all, &s.by_level[LevelIndex(c.level)]}) {
        ++t->classes;
        t->students += c.students;
        t->max_size = std::max(t->max_size, c.students);
        if (f.band >= 0) {
          ++t->bands[static_cast<size_t>(f.band)];
          if (cs.bands[static_cast<size_t>(f.band)].large) ++t->large;
        } else {
          ++t->within;
        }
        if (f.over_limit) {
          ++t->over_limit;
          t->excess_students += f.excess;
        }
      }
      if (f.band >= 0 || f.over_limit) s.flagged.push_back(std::move(f));
    }
    std::stable_sort(
        s.flagged.begin(), s.flagged.end(),
        [](const ClassFinding& a, const ClassFinding& b) { return a.students > b.students; });
    AreaClassSize& a = areas[r.area];
    if (a.schools == 0) {
      a.area = r.area;
      a.all.bands.assign(cs.bands.size(), 0);
      for (auto& t : a.by_level) t.bands.assign(cs.bands.size(), 0);
    }
    ++a.schools;
    if (!s.has_roster) ++a.schools_without_roster;
    if (s.all.large > 0) ++a.schools_with_large;
    if (s.all.over_limit > 0) ++a.schools_over_limit;
    a.all.Merge(s.all);
    for (size_t i = 0; i < a.by_level.size(); ++i) a.by_level[i].Merge(s.by_level[i]);
    out.total.Merge(s.all);
    out.schools.push_back(std::move(s));
  }
  for (auto& [code, a] : areas) out.areas.push_back(std::move(a));
  return out;
}

}  // namespace jiaodu::planning
