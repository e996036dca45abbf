#include "jiaodu/app/planning_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace jiaodu {
namespace {

using planning::Level;
using planning::Notice;
using planning_table::PlanningInputs;

std::optional<Level> LevelOf(Stage s) {
  switch (s) {
    case Stage::kPrimary:
      return Level::kPrimary;
    case Stage::kJunior:
      return Level::kJunior;
    case Stage::kSenior:
      return Level::kSenior;
    case Stage::kPreschool:
      return Level::kPreschool;
  }
  return std::nullopt;
}

std::optional<int64_t> Whole(const FieldValues& v, std::optional<size_t> index) {
  if (!index) return std::nullopt;
  auto x = v.Get(*index);
  if (!x || !std::isfinite(*x) || *x < 0) return std::nullopt;
  return static_cast<int64_t>(std::llround(*x));
}

PlanningHeld HeldOf(const std::string& county, const PlanningInputs* in) {
  PlanningHeld h;
  h.county = county;
  if (in == nullptr) return h;
  h.file_name = in->file_name;
  for (const auto& [c, years] : in->births) h.birth_years += years.size();
  for (const auto& [c, rows] : in->enrolment) h.enrolment_rows += rows.size();
  h.projects = in->projects.size();
  h.roster_schools = in->rosters.size();
  h.staff_schools = in->staff.size();
  return h;
}

}  // namespace

PlanningService::PlanningService(Service& service, planning::PlanningParams params)
    : svc_(service), params_(std::move(params)) {}

Result<PlanningScope> PlanningService::Scope(std::string_view code) {
  const Area area = JIAODU_TRY(svc_.FindArea(code));
  PlanningScope scope;
  scope.code = area.code;
  scope.name = area.name;
  if (area.level == AreaLevel::kCounty) {
    scope.counties.push_back(area);
  } else {
    scope.city = true;
    const AreaTree tree(JIAODU_TRY(svc_.storage().ListAreas()));
    for (const Area* a : tree.CountiesUnder(area.code)) scope.counties.push_back(*a);
  }
  scope.year = JIAODU_TRY(svc_.LatestYear(kDefaultStandard));
  return scope;
}

Result<PlanningService::Stored> PlanningService::LoadStored(const PlanningScope& scope) {
  Stored st;
  if (!scope.year) return st;
  auto standard = JIAODU_TRY(svc_.FindStandard(kDefaultStandard));
  const FieldCatalog& catalog = *standard->catalog;
  st.students = catalog.IndexOf("students");
  st.classes = catalog.IndexOf("classes");
  st.max_class = catalog.IndexOf("max_class_size");
  st.entrants = catalog.IndexOf("new_entrants");
  st.teachers = catalog.IndexOf("teachers");
  std::vector<std::string> codes;
  for (const Area& a : scope.counties) codes.push_back(a.code);
  for (const AcademicYear& y : JIAODU_TRY(svc_.storage().ListYears())) {
    st.by_year[y.start()] = JIAODU_TRY(svc_.storage().LoadSchoolYears(catalog, y, codes));
  }
  st.latest = st.by_year[scope.year->start()];
  return st;
}

PlanningInputs PlanningService::InputsOf(const PlanningScope& scope) {
  PlanningInputs all;
  std::lock_guard lock(mu_);
  for (const Area& a : scope.counties) {
    auto it = inputs_.find(a.code);
    if (it == inputs_.end()) continue;
    const PlanningInputs& in = it->second;
    if (all.file_name.empty()) all.file_name = in.file_name;
    all.births.insert(in.births.begin(), in.births.end());
    all.enrolment.insert(in.enrolment.begin(), in.enrolment.end());
    all.projects.insert(all.projects.end(), in.projects.begin(), in.projects.end());
    all.rosters.insert(in.rosters.begin(), in.rosters.end());
    all.staff.insert(in.staff.begin(), in.staff.end());
    all.subject_teachers.insert(in.subject_teachers.begin(), in.subject_teachers.end());
    all.subject_need.insert(in.subject_need.begin(), in.subject_need.end());
    all.reserve.insert(in.reserve.begin(), in.reserve.end());
  }
  return all;
}

Result<std::string> PlanningService::Template(std::string_view code) {
  const PlanningScope scope = JIAODU_TRY(Scope(code));
  return planning_table::WritePlanningWorkbook({}, scope.name);
}

Result<PlanningUpload> PlanningService::Upload(std::string_view code, std::string_view file_name,
                                               std::string_view bytes) {
  const PlanningScope scope = JIAODU_TRY(Scope(code));
  planning_table::Directory dir;
  std::map<std::string, std::set<std::string>> schools;  // county → its schools
  for (const Area& a : scope.counties) {
    dir.counties.insert(a.code);
    for (const School& s : JIAODU_TRY(svc_.storage().ListSchools(a.code))) {
      dir.schools[s.code] = a.code;
      schools[a.code].insert(s.code);
    }
  }
  auto read = planning_table::ReadPlanningWorkbook(bytes, file_name, params_.system, dir);
  PlanningUpload out;
  out.errors = std::move(read.errors);
  std::lock_guard lock(mu_);
  if (out.errors.empty()) {
    for (const Area& a : scope.counties) {
      PlanningInputs part = read.inputs.ForCounty(a.code, schools[a.code]);
      if (!part.empty()) inputs_[a.code].Replace(std::move(part));
    }
  }
  for (const Area& a : scope.counties) {
    auto it = inputs_.find(a.code);
    out.held.push_back(HeldOf(a.code, it == inputs_.end() ? nullptr : &it->second));
  }
  return out;
}

std::vector<PlanningHeld> PlanningService::Holding(std::string_view code) {
  std::vector<PlanningHeld> out;
  auto scope = Scope(code);
  if (!scope) return out;
  std::lock_guard lock(mu_);
  for (const Area& a : scope->counties) {
    auto it = inputs_.find(a.code);
    out.push_back(HeldOf(a.code, it == inputs_.end() ? nullptr : &it->second));
  }
  return out;
}

Result<PlanningStaffing> PlanningService::Staffing(std::string_view code) {
  PlanningStaffing out;
  out.scope = JIAODU_TRY(Scope(code));
  const Stored st = JIAODU_TRY(LoadStored(out.scope));
  const PlanningInputs in = InputsOf(out.scope);
  planning::StaffingInput input;
  for (const SchoolYearRecord& r : st.latest) {
    planning::StaffSchool s;
    s.school = r.school.code;
    s.name = r.school.name;
    s.area = r.school.county;
    s.teaching_point = r.school.type == SchoolType::kTeachingPoint;
    s.boarding = r.school.boarding;
    int64_t teachers = 0;
    bool teachers_known = !r.sections.empty();
    for (const SectionRecord& sec : r.sections) {
      auto level = LevelOf(sec.stage);
      auto students = Whole(sec.values, st.students);
      if (!level || !students) continue;
      s.sections.push_back(planning::SectionStudents{
          *level, *students, static_cast<int>(Whole(sec.values, st.classes).value_or(0))});
      if (auto t = Whole(sec.values, st.teachers)) {
        teachers += *t;
      } else {
        teachers_known = false;
      }
    }
    if (auto it = in.staff.find(s.school); it != in.staff.end()) {
      s.actual_staff = it->second.actual_staff;
      s.boarders = it->second.boarders;
    }
    if (!s.actual_staff && teachers_known) {
      s.actual_staff = teachers;
      out.staff_from_teachers.push_back(s.school);
    }
    if (auto it = in.subject_teachers.find(s.school); it != in.subject_teachers.end()) {
      s.teachers = it->second;
    }
    if (auto it = in.subject_need.find(s.school); it != in.subject_need.end()) {
      s.subject_need = it->second;
    }
    input.schools.push_back(std::move(s));
  }
  input.pool_reserve = in.reserve;
  out.result = planning::ComputeStaffing(input, params_);
  if (!out.staff_from_teachers.empty()) {
    out.notices.push_back(
        Notice{"planning_service.staff_from_teachers",
               Text(fmt::format("{} 所学校未上传实有在编教职工数，暂以已导入的专任教师数比较；"
                                "教职工多于专任教师，缺编会被高估",
                                out.staff_from_teachers.size()),
                    fmt::format("{} schools have no uploaded 实有在编教职工: compared with their "
                                "stored 专任教师 instead, which overstates any shortfall",
                                out.staff_from_teachers.size())),
               out.scope.code,
               {}});
  }
  if (!out.scope.year) {
    out.notices.push_back(Notice{"planning_service.no_school_data",
                                 Text("还没有导入学校数据", "no school data imported yet"),
                                 out.scope.code,
                                 {}});
  }
  return out;
}

Result<PlanningCapacity> PlanningService::Capacity(std::string_view code) {
  PlanningCapacity out;
  out.scope = JIAODU_TRY(Scope(code));
  const Stored st = JIAODU_TRY(LoadStored(out.scope));
  const PlanningInputs in = InputsOf(out.scope);
  const auto& cs = params_.class_size;
  std::vector<planning::SchoolRoster> rosters;
  for (const SchoolYearRecord& r : st.latest) {
    for (const SectionRecord& sec : r.sections) {
      auto level = LevelOf(sec.stage);
      auto students = Whole(sec.values, st.students);
      if (!level || !students) continue;
      PlanningSection s;
      s.school = r.school.code;
      s.name = r.school.name;
      s.county = r.school.county;
      s.level = *level;
      s.students = *students;
      s.classes = static_cast<int>(Whole(sec.values, st.classes).value_or(0));
      s.standard = cs.StandardFor(*level, 0);
      s.places = int64_t{s.classes} * s.standard;
      if (s.classes > 0) s.average = planning::Rate::Ratio(s.students, s.classes);
      s.max_class_size = Whole(sec.values, st.max_class);
      s.limit = cs.LimitFor(*level, 0);
      if (s.limit > 0) {
        s.over_limit = s.max_class_size ? *s.max_class_size > s.limit
                                        : s.average > planning::Rate::Whole(s.limit);
      }
      out.sections.push_back(std::move(s));
    }
    planning::SchoolRoster roster{r.school.code, r.school.name, r.school.county, {}};
    if (auto it = in.rosters.find(r.school.code); it != in.rosters.end()) {
      roster.classes = it->second;
      out.rosters = true;
    }
    rosters.push_back(std::move(roster));
  }
  out.class_size = planning::AnalyseClassSizes(rosters, params_);
  if (!out.rosters) {
    // Without any roster every school would be listed as missing one; one
    // notice says it instead.
    std::erase_if(out.class_size.notices,
                  [](const Notice& n) { return n.id == "planning.no_class_roster"; });
    out.notices.push_back(Notice{
        "planning_service.no_rosters",
        Text("未上传班级名册：大班额分档需要“班级名册”表；下表的班额为已导入的平均和最大班额",
             "no class rosters uploaded: the 大班额 bands need the 班级名册 sheet; the table shows "
             "the stored average and largest classes"),
        out.scope.code,
        {}});
  }
  return out;
}

Result<PlanningForecast> PlanningService::Forecast(std::string_view code,
                                                   std::string_view scenario) {
  PlanningForecast out;
  out.scope = JIAODU_TRY(Scope(code));
  const Stored st = JIAODU_TRY(LoadStored(out.scope));
  const PlanningInputs in = InputsOf(out.scope);
  std::vector<planning::AreaHistory> areas;
  for (const Area& a : out.scope.counties) {
    planning::AreaHistory h;
    h.area = a.code;
    h.name = a.name;
    if (auto it = in.births.find(a.code); it != in.births.end()) h.births = it->second;
    if (auto it = in.enrolment.find(a.code); it != in.enrolment.end()) h.enrolment = it->second;
    // Grade 1 from the stored 起始年级新生数 where the workbook has no row
    // for it: what storage holds is not asked again. Only a year and level
    // whose every section reports it, or the sum would be short.
    // Only years and levels the workbook covers: a year with grade 1 alone
    // would become the base year with every other cohort unknown.
    std::set<std::pair<int, Level>> given, covered;
    for (const auto& e : h.enrolment) {
      covered.insert({e.year, e.level});
      if (e.grade == 1) given.insert({e.year, e.level});
    }
    {
      for (const auto& [year, records] : st.by_year) {
        std::map<Level, std::optional<int64_t>> sums;
        for (const SchoolYearRecord& r : records) {
          if (r.school.county != a.code) continue;
          for (const SectionRecord& sec : r.sections) {
            auto level = LevelOf(sec.stage);
            if (!level || *level == Level::kPreschool) continue;
            auto n = Whole(sec.values, st.entrants);
            auto [it, fresh] = sums.emplace(*level, int64_t{0});
            if (!n || !it->second) {
              it->second = std::nullopt;
            } else {
              *it->second += *n;
            }
          }
        }
        for (const auto& [level, sum] : sums) {
          if (sum && covered.contains({year, level}) && !given.contains({year, level})) {
            h.enrolment.push_back(planning::GradeEnrolment{year, level, 1, *sum, std::nullopt});
          }
        }
      }
    }
    areas.push_back(std::move(h));
  }
  out.forecast = JIAODU_TRY(planning::Forecast(areas, params_, scenario));

  planning::CapacityInput cap;
  std::set<std::pair<std::string, Level>> supplied;
  for (const SchoolYearRecord& r : st.latest) {
    for (const SectionRecord& sec : r.sections) {
      auto level = LevelOf(sec.stage);
      if (!level || *level == Level::kPreschool) continue;
      cap.sections.push_back(
          planning::SectionSupply{r.school.code,
                                  r.school.name,
                                  r.school.county,
                                  *level,
                                  static_cast<int>(Whole(sec.values, st.classes).value_or(0)),
                                  {},
                                  std::nullopt});
      supplied.insert({r.school.county, *level});
    }
  }
  cap.projects = in.projects;
  // Demand of a level the stored data hold no section of (幼儿园: the
  // compulsory data have none) would be all shortfall: it is left out.
  std::set<std::pair<std::string, Level>> dropped;
  for (const auto& d : planning::DemandFrom(out.forecast)) {
    if (supplied.contains({d.area, d.level})) {
      cap.demand.push_back(d);
    } else {
      dropped.insert({d.area, d.level});
    }
  }
  for (const auto& [area, level] : dropped) {
    out.notices.push_back(Notice{
        "planning_service.no_supply",
        Text(fmt::format("{}已导入的学校数据中没有该学段，只预测需求、不计算缺口",
                         planning::LevelName(level)),
             fmt::format("{}: no section of this level in the stored school data; demand only, "
                         "no gap",
                         planning::LevelName(level, true))),
        area,
        {}});
  }
  out.capacity = planning::Capacity(cap, params_);
  if (in.births.empty() && in.enrolment.empty()) {
    out.notices.push_back(Notice{
        "planning_service.no_inputs",
        Text("尚未上传出生人口和分年级在校生：请下载模板填写后上传",
             "no births or per-grade enrolment uploaded yet: fill in the template and upload it"),
        out.scope.code,
        {}});
  }
  return out;
}

Result<JobFile> PlanningService::PlanXlsx(std::string_view code, std::string_view scenario) {
  const PlanningForecast f = JIAODU_TRY(Forecast(code, scenario));
  const PlanningCapacity c = JIAODU_TRY(Capacity(code));
  const PlanningStaffing s = JIAODU_TRY(Staffing(code));
  planning_table::PlanReport report;
  report.county = f.scope.code;
  report.county_name = f.scope.name;
  report.scenario_name = f.forecast.scenario_name.zh;
  report.forecast = &f.forecast;
  report.capacity = &f.capacity;
  report.class_size = &c.class_size;
  report.staffing = &s.result;
  for (const auto* list : {&f.notices, &c.notices, &s.notices}) {
    report.notices.insert(report.notices.end(), list->begin(), list->end());
  }
  JobFile file;
  file.name = fmt::format("{}学位与编制测算（{}）.xlsx", f.scope.name, report.scenario_name);
  file.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  file.bytes = JIAODU_TRY(planning_table::WritePlanReport(report));
  return file;
}

}  // namespace jiaodu
