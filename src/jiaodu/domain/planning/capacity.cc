#include "jiaodu/domain/planning/capacity.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace jiaodu::planning {
namespace {

using AreaLevel = std::pair<std::string, size_t>;

int64_t CeilDiv(int64_t a, int64_t b) { return b <= 0 ? 0 : MulDiv(a, 1, b, Rounding::kUp); }

std::string Where(const std::string& area, Level l, bool english) {
  return english ? fmt::format("area {} {}", area, LevelName(l, true))
                 : fmt::format("地区 {} {}", area, LevelName(l));
}

// classes × the standard 班额; 幼儿园 by grade when the classes are split
// (25 / 30 / 35), else as 混合班.
int64_t PlacesOfClasses(const SectionSupply& s, const PlanningParams& p) {
  const auto& cs = p.class_size;
  if (s.level == Level::kPreschool && !s.classes_by_grade.empty()) {
    int64_t places = 0;
    for (size_t g = 0; g < s.classes_by_grade.size(); ++g) {
      places += int64_t{s.classes_by_grade[g]} * cs.StandardFor(s.level, static_cast<int>(g + 1));
    }
    return places;
  }
  return int64_t{s.classes} * cs.standard[LevelIndex(s.level)];
}

}  // namespace

std::string_view ProjectKindName(ProjectKind k, bool english) {
  if (k == ProjectKind::kNewSchool) return english ? "new school" : "新建";
  return english ? "expansion" : "改扩建";
}

std::vector<DemandPoint> DemandFrom(const ForecastResult& forecast) {
  std::vector<DemandPoint> out;
  for (const auto& a : forecast.areas) {
    for (const auto& r : a.rows) out.push_back({a.area, r.level, r.year, r.students, r.observed});
  }
  return out;
}

const AreaLevelCapacity* CapacityResult::Find(std::string_view area, Level level) const {
  for (const auto& a : areas) {
    if (a.area == area && a.level == level) return &a;
  }
  return nullptr;
}

CapacityResult Capacity(const CapacityInput& in, const PlanningParams& p) {
  CapacityResult out;
  auto note = [&](std::string id, std::string area, std::string school, std::string zh,
                  std::string en) {
    out.notices.push_back(Notice{std::move(id), Text(std::move(zh), std::move(en)), std::move(area),
                                 std::move(school)});
  };

  std::map<AreaLevel, int64_t> existing;
  for (const auto& s : in.sections) {
    SectionCapacity sc;
    sc.section = s;
    sc.by_classes = PlacesOfClasses(s, p);
    if (s.design_capacity && *s.design_capacity > 0) {
      sc.places = *s.design_capacity;
      sc.basis = CapacityBasis::kDesign;
    } else {
      sc.places = sc.by_classes;
    }
    if (sc.places == 0) {
      note("planning.no_capacity", s.area, s.school,
           fmt::format("{}（{}）{}：既无班级数也无设计容量，学位数按 0 计", s.school_name, s.school,
                       LevelName(s.level)),
           fmt::format("{} ({}) {}: neither classes nor a design capacity; counted as 0 places",
                       s.school_name, s.school, LevelName(s.level, true)));
    }
    existing[{s.area, LevelIndex(s.level)}] += sc.places;
    out.sections.push_back(std::move(sc));
  }

  // Demand by area and level; the base year is the last observed one (D11):
  // today's sections are the supply of that year.
  std::map<AreaLevel, std::map<int, DemandPoint>> demand;
  std::map<AreaLevel, int> base_year;
  for (const auto& d : in.demand) {
    const AreaLevel key{d.area, LevelIndex(d.level)};
    demand[key][d.year] = d;
    if (d.observed) base_year[key] = std::max(base_year[key], d.year);
  }
  for (auto& [key, years] : demand) {
    if (!base_year.count(key)) base_year[key] = years.begin()->first - 1;
  }

  for (const auto& pr : in.projects) {
    ProjectCapacity pc;
    pc.project = pr;
    pc.places =
        pr.places ? *pr.places : int64_t{pr.classes} * p.class_size.standard[LevelIndex(pr.level)];
    auto base = base_year.find({pr.area, LevelIndex(pr.level)});
    pc.counted = base == base_year.end() || pr.opening_year > base->second;
    if (!pc.counted) {
      note(
          "planning.project_past", pr.area, {},
          fmt::format("项目“{}”于 {} 年投用，不晚于基准年 {}：视为已含在现有学位中，不重复计算",
                      pr.name, pr.opening_year, base->second),
          fmt::format("project \"{}\" opens in {}, not after the base year {}: taken as already in "
                      "today's places, not counted twice",
                      pr.name, pr.opening_year, base->second));
    }
    if (pc.places <= 0) {
      note("planning.project_no_places", pr.area, {},
           fmt::format("项目“{}”未填学位数或班级数，按 0 个学位计", pr.name),
           fmt::format("project \"{}\" gives neither places nor classes; counted as 0", pr.name));
    }
    out.projects.push_back(std::move(pc));
  }

  std::set<AreaLevel> keys;
  for (const auto& [key, v] : existing) keys.insert(key);
  for (const auto& [key, v] : demand) keys.insert(key);
  for (const auto& key : keys) {
    const Level level = kLevels[key.second];
    auto dit = demand.find(key);
    if (dit == demand.end()) {
      note("planning.no_demand", key.first, {},
           fmt::format("{}有现有学位但没有需求预测（该地区未预测此学段），未计算缺口",
                       Where(key.first, level, false)),
           fmt::format("{} has places but no demand forecast; no gap computed",
                       Where(key.first, level, true)));
      continue;
    }
    AreaLevelCapacity a;
    a.area = key.first;
    a.level = level;
    a.standard_school_classes = p.capacity.standard_school_classes[key.second];
    a.standard_school_places = p.StandardSchoolPlaces(level);
    const int base = base_year[key];
    const int64_t now = existing.count(key) ? existing[key] : 0;
    int64_t needed = 0, schools = 0;
    for (const auto& [year, d] : dit->second) {
      if (year < base) continue;
      GapYear g;
      g.year = year;
      g.observed = d.observed;
      g.demand = d.students;
      g.existing = now;
      for (const auto& pc : out.projects) {
        if (pc.counted && pc.project.area == a.area && pc.project.level == level &&
            pc.project.opening_year <= year)
          g.added += pc.places;
      }
      g.supply = g.existing + g.added;
      if (g.demand) {
        g.gap = g.supply - *g.demand;
        if (*g.gap < 0 && !a.first_short_year) a.first_short_year = year;
        needed = std::max(needed, -*g.gap);
      } else {
        a.demand_complete = false;
      }
      g.needed_new = needed - a.needed;
      g.needed = a.needed = needed;
      g.schools_needed = CeilDiv(needed, a.standard_school_places);
      g.schools_new = g.schools_needed - schools;
      schools = a.schools_needed = g.schools_needed;
      a.years.push_back(g);
    }
    if (!a.demand_complete) {
      note("planning.demand_unknown", a.area, {},
           fmt::format("{}部分年份的需求未知（见预测的提示），这些年份的缺口未计算",
                       Where(a.area, level, false)),
           fmt::format("{}: the demand of some years is unknown (see the forecast's notices); "
                       "their gap is not computed",
                       Where(a.area, level, true)));
    }
    out.areas.push_back(std::move(a));
  }

  // Targets (D13): the places needed beyond today's supply by to_year, over
  // the matching areas and levels, against the target; planned projects in
  // the target's window beside it.
  for (const auto& t : in.targets) {
    TargetCheck c;
    c.target = t;
    for (const auto& pc : out.projects) {
      const auto& pr = pc.project;
      if (pc.counted && (t.area.empty() || pr.area == t.area) &&
          (!t.level || pr.level == *t.level) && pr.opening_year > t.from_year &&
          pr.opening_year <= t.to_year)
        c.planned += pc.places;
    }
    c.planned_minus_target = c.planned - t.places;
    int64_t needed = 0;
    bool known = false, unknown = false;
    for (const auto& a : out.areas) {
      if ((!t.area.empty() && a.area != t.area) || (t.level && a.level != *t.level)) continue;
      int64_t beyond_existing = 0;
      for (const auto& g : a.years) {
        if (g.year > t.to_year) break;
        if (!g.demand) {
          unknown = true;
          continue;
        }
        known = true;
        beyond_existing = std::max(beyond_existing, *g.demand - g.existing);
      }
      needed += beyond_existing;
    }
    if (known && !unknown) {
      c.needed = needed;
      c.covers_need = t.places >= needed;
      c.target_minus_needed = t.places - needed;
    } else {
      note("planning.target_unchecked", t.area, {},
           fmt::format("规划指标“{}”：到 {} 年的学位需求{}，无法比较", t.name, t.to_year,
                       known ? "部分未知" : "没有预测"),
           fmt::format("plan target \"{}\": the demand up to {} is {}; not compared", t.name,
                       t.to_year, known ? "partly unknown" : "not forecast"));
    }
    out.targets.push_back(std::move(c));
  }
  return out;
}

}  // namespace jiaodu::planning
