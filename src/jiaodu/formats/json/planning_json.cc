#include "jiaodu/formats/json/planning_json.h"

#include "jiaodu/formats/json/evaluation_json.h"

namespace jiaodu::wire {
namespace {

using nlohmann::json;
using planning::Level;

template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json();
}

json LevelJson(Level l) {
  return json{{"key", LevelKey(l)},
              {"name", ToJson(Text(std::string(planning::LevelName(l)),
                                   std::string(planning::LevelName(l, true))))}};
}

json TallyJson(const planning::SizeTally& t) {
  return json{{"classes", t.classes},
              {"students", t.students},
              {"bands", t.bands},
              {"within", t.within},
              {"large", t.large},
              {"over_limit", t.over_limit},
              {"excess_students", t.excess_students},
              {"max_size", t.max_size},
              {"mean", t.Mean().ToDouble()},
              {"large_share", t.LargeShare().ToDouble()},
              {"over_limit_share", t.OverLimitShare().ToDouble()}};
}

json PoolJson(const planning::PoolPlan& p) {
  json transfers = json::array();
  for (const auto& t : p.transfers) {
    transfers.push_back(json{{"from", t.from}, {"to", t.to}, {"amount", t.amount}});
  }
  return json{{"area", p.area},
              {"subject", p.subject},
              {"surplus", p.surplus},
              {"shortfall", p.shortfall},
              {"reserve", p.reserve},
              {"rebalanced", p.rebalanced},
              {"from_reserve", p.from_reserve},
              {"unmet", p.unmet},
              {"idle", p.idle},
              {"transfers", transfers}};
}

json RateJson(const planning::EstimatedRate& r) {
  return json{{"base", r.base.ToDouble()},
              {"used", r.used.ToDouble()},
              {"origin", planning::RateOriginName(r.origin, true)},  // history / default / edited
              {"origin_name", planning::RateOriginName(r.origin)},
              {"pairs", r.pairs},
              {"numerator", r.numerator},
              {"denominator", r.denominator}};
}

std::string_view RoundingKey(planning::Rounding r) {
  switch (r) {
    case planning::Rounding::kHalfUp:
      return "half_up";
    case planning::Rounding::kUp:
      return "up";
    case planning::Rounding::kDown:
      return "down";
  }
  return "half_up";
}

}  // namespace

std::string_view LevelKey(Level level) { return planning::LevelName(level, true); }

json NoticesJson(std::span<const planning::Notice> notices) {
  json out = json::array();
  for (const auto& n : notices) {
    out.push_back(
        json{{"id", n.id}, {"message", ToJson(n.message)}, {"area", n.area}, {"school", n.school}});
  }
  return out;
}

json StaffingJson(const planning::StaffingResult& r) {
  json schools = json::array();
  for (const auto& s : r.schools) {
    json sections = json::array();
    for (const auto& q : s.sections) {
      sections.push_back(json{{"level", LevelKey(q.level)},
                              {"students", q.students},
                              {"classes", q.classes},
                              {"students_per_staff", q.students_per_staff.ToDouble()},
                              {"posts", q.posts.ToFixed(2)}});
    }
    json additions = json::array();
    for (const auto& a : s.additions) {
      additions.push_back(
          json{{"id", a.id}, {"name", ToJson(a.name)}, {"posts", a.posts.ToFixed(2)}});
    }
    json subjects = json::array();
    for (const auto& g : s.subjects) {
      subjects.push_back(json{{"subject", g.subject},
                              {"need", Opt(g.need)},
                              {"actual", Opt(g.actual)},
                              {"gap", Opt(g.gap)}});
    }
    schools.push_back(json{{"school", s.school},
                           {"name", s.name},
                           {"area", s.area},
                           {"sections", sections},
                           {"additions", additions},
                           {"exact", s.exact.ToFixed(2)},
                           {"quota", s.quota},
                           {"actual", Opt(s.actual)},
                           {"gap", Opt(s.gap)},
                           {"subjects", subjects}});
  }
  json areas = json::array();
  for (const auto& a : r.areas) {
    areas.push_back(json{{"area", a.area},
                         {"schools", a.schools},
                         {"quota", a.quota},
                         {"actual", a.actual},
                         {"gap", a.gap},
                         {"short_schools", a.short_schools},
                         {"surplus_schools", a.surplus_schools},
                         {"unknown_schools", a.unknown_schools}});
  }
  json pools = json::array(), subject_pools = json::array();
  for (const auto& p : r.pools) pools.push_back(PoolJson(p));
  for (const auto& p : r.subject_pools) subject_pools.push_back(PoolJson(p));
  return json{{"rounding", RoundingKey(r.rounding)},
              {"rounding_name", planning::RoundingName(r.rounding)},
              {"schools", schools},
              {"areas", areas},
              {"pools", pools},
              {"subject_pools", subject_pools},
              {"notices", NoticesJson(r.notices)}};
}

json ClassSizeJson(const planning::ClassSizeResult& r) {
  json bands = json::array();
  for (const auto& b : r.bands) {
    bands.push_back(json{{"name", ToJson(b.name)},
                         {"min", b.min},
                         {"max", b.max == 0 ? json() : json(b.max)},
                         {"large", b.large}});
  }
  json schools = json::array();
  for (const auto& s : r.schools) {
    json flagged = json::array();
    for (const auto& f : s.flagged) {
      flagged.push_back(json{{"class", f.class_id},
                             {"level", LevelKey(f.level)},
                             {"grade", f.grade},
                             {"students", f.students},
                             {"band", f.band},
                             {"limit", f.limit},
                             {"over_limit", f.over_limit},
                             {"excess", f.excess}});
    }
    schools.push_back(json{{"school", s.school},
                           {"name", s.name},
                           {"area", s.area},
                           {"has_roster", s.has_roster},
                           {"all", TallyJson(s.all)},
                           {"flagged", flagged}});
  }
  json areas = json::array();
  for (const auto& a : r.areas) {
    areas.push_back(json{{"area", a.area},
                         {"all", TallyJson(a.all)},
                         {"schools", a.schools},
                         {"schools_without_roster", a.schools_without_roster},
                         {"schools_with_large", a.schools_with_large},
                         {"schools_over_limit", a.schools_over_limit}});
  }
  return json{{"bands", bands},
              {"schools", schools},
              {"areas", areas},
              {"total", TallyJson(r.total)},
              {"notices", NoticesJson(r.notices)}};
}

json ForecastJson(const planning::ForecastResult& r) {
  json areas = json::array();
  for (const auto& a : r.areas) {
    json entry = json::array();
    for (const auto& e : a.entry) {
      entry.push_back(json{{"level", LevelKey(e.level)},
                           {"age", e.age},
                           {"entry", RateJson(e.entry)},
                           {"migrant_share", RateJson(e.migrant_share)}});
    }
    json progression = json::array();
    for (const auto& p : a.progression) {
      progression.push_back(json{{"from_level", LevelKey(p.from_level)},
                                 {"from_grade", p.from_grade},
                                 {"to_level", LevelKey(p.to_level)},
                                 {"to_grade", p.to_grade},
                                 {"ratio", RateJson(p.ratio)}});
    }
    json births = json::array();
    for (const auto& b : a.births) {
      births.push_back(json{{"year", b.year}, {"count", Opt(b.count)}, {"projected", b.projected}});
    }
    json rows = json::array();
    for (const auto& row : a.rows) {
      json grades = json::array();
      for (const auto& g : row.grades) grades.push_back(Opt(g));
      rows.push_back(json{{"year", row.year},
                          {"level", LevelKey(row.level)},
                          {"observed", row.observed},
                          {"grades", grades},
                          {"students", Opt(row.students)}});
    }
    areas.push_back(json{{"area", a.area},
                         {"name", a.name},
                         {"basis", a.basis == planning::BirthBasis::kHuji ? "huji" : "resident"},
                         {"basis_name", planning::BirthBasisName(a.basis)},
                         {"has_births", a.has_births},
                         {"base_year", a.base_year},
                         {"entry", entry},
                         {"progression", progression},
                         {"births", births},
                         {"rows", rows}});
  }
  return json{{"scenario", r.scenario},
              {"scenario_name", ToJson(r.scenario_name)},
              {"horizon_years", r.horizon_years},
              {"areas", areas},
              {"notices", NoticesJson(r.notices)}};
}

json CapacityJson(const planning::CapacityResult& r) {
  json projects = json::array();
  for (const auto& p : r.projects) {
    projects.push_back(
        json{{"id", p.project.id},
             {"name", p.project.name},
             {"area", p.project.area},
             {"level", LevelKey(p.project.level)},
             {"kind", p.project.kind == planning::ProjectKind::kNewSchool ? "new" : "expansion"},
             {"kind_name", planning::ProjectKindName(p.project.kind)},
             {"opening_year", p.project.opening_year},
             {"places", p.places},
             {"counted", p.counted}});
  }
  json areas = json::array();
  for (const auto& a : r.areas) {
    json years = json::array();
    for (const auto& y : a.years) {
      years.push_back(json{{"year", y.year},
                           {"observed", y.observed},
                           {"demand", Opt(y.demand)},
                           {"existing", y.existing},
                           {"added", y.added},
                           {"supply", y.supply},
                           {"gap", Opt(y.gap)},
                           {"needed", y.needed},
                           {"needed_new", y.needed_new},
                           {"schools_needed", y.schools_needed},
                           {"schools_new", y.schools_new}});
    }
    json area{{"area", a.area},
              {"level", LevelJson(a.level)},
              {"standard_school_places", a.standard_school_places},
              {"standard_school_classes", a.standard_school_classes},
              {"years", years},
              {"first_short_year", Opt(a.first_short_year)},
              {"needed", a.needed},
              {"schools_needed", a.schools_needed},
              {"demand_complete", a.demand_complete}};
    areas.push_back(std::move(area));
  }
  return json{{"projects", projects}, {"areas", areas}, {"notices", NoticesJson(r.notices)}};
}

json ScenariosJson(const planning::PlanningParams& params) {
  json out = json::array();
  for (const auto& s : params.forecast.scenarios) {
    out.push_back(json{{"id", s.id},
                       {"name", ToJson(s.name)},
                       {"births_change", s.births_change.ToDouble()},
                       {"default", s.id == params.forecast.default_scenario}});
  }
  return out;
}

}  // namespace jiaodu::wire
