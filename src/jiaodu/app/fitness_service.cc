#include "jiaodu/app/fitness_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "jiaodu/demo/demo_fitness.h"
#include "jiaodu/formats/fitness_roster/roster_reader.h"
#include "jiaodu/formats/pdf/fitness_card.h"
#include "jiaodu/formats/report_xlsx/fitness_report.h"

namespace jiaodu {
namespace {

using fitness::GroupKey;
using fitness::Scope;
using fitness::Tally;

Tally TallyOf(const fitness::RollUp& r, Scope scope, int32_t id, int grade, int sex) {
  if (id < 0) return Tally{};
  const Tally* t = r.Find(GroupKey{scope, id, grade, sex});
  return t ? *t : Tally{};
}

// 优良率 in basis points for ranking; -1 when nobody was scored.
int32_t ExcellentGoodBp(const Tally& t) { return fitness::RateBasisPoints(t.Top(2), t.scored); }

// Views and downloads that exist only for a school (its students, cards).
Status RequireSchool(const FitnessPlace& place) {
  if (place.scope == Scope::kSchool) return Ok();
  return Fail(ErrorCode::kInvalidInput, "fitness.not_school",
              Text(fmt::format("“{}”不是学校", place.name),
                   fmt::format("\"{}\" is not a school", place.name)));
}

int32_t Needed(const Tally& t, int32_t target_bp) {
  return fitness::StudentsNeeded(t.Top(2), t.scored, target_bp);
}

}  // namespace

FitnessService::FitnessService(FitnessLibrary library, Service& service)
    : library_(std::move(library)), svc_(service) {
  standard_ = library_.Find(kDefaultFitnessStandard);
  if (!standard_ && !library_.standards.empty()) standard_ = library_.standards.front();
}

Status FitnessService::Check() const {
  if (available()) return Ok();
  return Fail(ErrorCode::kFailedPrecondition, "fitness.no_standard",
              Text("数据目录中没有体质健康标准文件（data/fitness/*.toml）",
                   "no fitness standard in the data folder (data/fitness/*.toml)"));
}

Result<std::vector<AcademicYear>> FitnessService::Years() {
  return svc_.storage().ListFitnessYears();
}

Status FitnessService::WarmUp() {
  if (!available()) return Ok();
  auto years = JIAODU_TRY(Years());
  for (auto y = years.rbegin(); y != years.rend(); ++y) JIAODU_TRY(CityRollUp(*y));
  return Ok();
}

Result<AcademicYear> FitnessService::YearOr(std::optional<AcademicYear> year) {
  auto years = JIAODU_TRY(Years());
  if (year) {
    if (std::find(years.begin(), years.end(), *year) == years.end()) {
      return Fail(ErrorCode::kNotFound, "fitness.no_data_for_year",
                  Text(fmt::format("{}没有体测数据：请先导入该学年的体测文件", year->Label()),
                       fmt::format("no fitness data for {}: import that year's test files first",
                                   year->LabelEn())));
    }
    return *year;
  }
  if (years.empty()) {
    return Fail(ErrorCode::kNotFound, "fitness.no_data",
                Text("还没有体测数据：请先导入学校的体测文件",
                     "no fitness data yet: import the schools' test files first"));
  }
  return years.back();
}

Result<FitnessPlace> FitnessService::Place(std::string_view code_in) {
  FitnessPlace p;
  // Owned: the city's code outlives the Root() result it is copied from.
  std::string code(code_in);
  if (code.empty()) {
    auto root = JIAODU_TRY(svc_.Root());
    if (!root) {
      return Fail(ErrorCode::kNotFound, "fitness.no_data",
                  Text("还没有区划和学校：请先导入学校基础数据",
                       "no areas or schools yet: import the school data first"));
    }
    code = root->code;
  }
  for (const Area& a : JIAODU_TRY(svc_.storage().ListAreas())) {
    if (a.code != code) continue;
    p.scope = a.level == AreaLevel::kCounty ? Scope::kCounty : Scope::kCity;
    p.code = a.code;
    p.name = a.name;
    p.area = a;
    if (p.scope == Scope::kCounty) p.county = a.code;
    return p;
  }
  auto school = JIAODU_TRY(svc_.storage().FindSchool(code));
  if (!school) {
    return Fail(ErrorCode::kNotFound, "fitness.unknown_place",
                Text(fmt::format("区划或学校“{}”不存在", code),
                     fmt::format("no area or school \"{}\"", code)));
  }
  p.scope = Scope::kSchool;
  p.code = school->code;
  p.name = school->name;
  p.county = school->county;
  p.area = JIAODU_TRY(svc_.FindArea(school->county));
  return p;
}

Result<std::map<std::string, School>> FitnessService::SchoolsByCode() {
  std::map<std::string, School> out;
  for (School& s : JIAODU_TRY(svc_.storage().ListSchools())) {
    std::string code = s.code;
    out.emplace(std::move(code), std::move(s));
  }
  return out;
}

Result<std::shared_ptr<const fitness::RollUp>> FitnessService::CityRollUp(AcademicYear year) {
  JIAODU_TRY_STATUS(Check());
  std::lock_guard lock(mu_);
  const int64_t version = JIAODU_TRY(svc_.storage().DataVersion());
  if (version != cache_version_) {
    cache_.clear();
    cache_version_ = version;
  }
  if (auto it = cache_.find(year.start()); it != cache_.end()) return it->second;
  auto root = JIAODU_TRY(svc_.Root());
  const std::string city = root ? root->code : std::string();
  auto schools = JIAODU_TRY(SchoolsByCode());
  fitness::Roster roster = JIAODU_TRY(svc_.storage().LoadFitness(*standard_, year));
  auto r = std::make_shared<const fitness::RollUp>(
      fitness::RollUpRoster(*standard_, vision(), roster, city, [&](const std::string& code) {
        auto it = schools.find(code);
        return it == schools.end() ? std::string() : it->second.county;
      }));
  cache_.emplace(year.start(), r);
  return std::shared_ptr<const fitness::RollUp>(r);
}

Result<FitnessSummary> FitnessService::Summary(std::string_view code,
                                               std::optional<AcademicYear> year_opt,
                                               int32_t target_bp) {
  JIAODU_TRY_STATUS(Check());
  FitnessSummary out;
  out.standard = standard_;
  out.place = JIAODU_TRY(Place(code));
  out.year = JIAODU_TRY(YearOr(year_opt));
  out.target_bp = target_bp;
  auto r = JIAODU_TRY(CityRollUp(out.year));
  const Scope scope = out.place.scope;
  const int32_t id = r->FindId(out.place.code);
  out.total = TallyOf(*r, scope, id, 0, 0);
  out.male = TallyOf(*r, scope, id, 0, 1);
  out.female = TallyOf(*r, scope, id, 0, 2);
  out.needed = Needed(out.total, target_bp);
  for (const fitness::Grade& g : standard_->grades()) {
    Tally t = TallyOf(*r, scope, id, g.code, 0);
    if (t.roster == 0) continue;
    out.grades.push_back(
        {g.code, t, TallyOf(*r, scope, id, g.code, 1), TallyOf(*r, scope, id, g.code, 2)});
  }
  auto add_child = [&](Scope s, const std::string& child_code, const std::string& name, int grade,
                       int32_t child_id) {
    Tally t = TallyOf(*r, s, child_id, grade, 0);
    if (t.roster == 0) return;
    out.children.push_back(FitnessChild{s, child_code, name, grade, t, Needed(t, target_bp)});
  };
  if (scope == Scope::kCity) {
    for (const Area& a : JIAODU_TRY(svc_.storage().ListAreas())) {
      if (a.level == AreaLevel::kCounty && a.parent_code == out.place.code)
        add_child(Scope::kCounty, a.code, a.name, 0, r->FindId(a.code));
    }
  } else if (scope == Scope::kCounty) {
    for (const School& s : JIAODU_TRY(svc_.storage().ListSchools(out.place.code)))
      add_child(Scope::kSchool, s.code, s.name, 0, r->FindId(s.code));
  } else {
    // Classes: their keys in the roll-up are "school/grade/班级编号"; the
    // names come from the school's own roster.
    std::vector<std::string> one{out.place.code};
    fitness::Roster roster = JIAODU_TRY(svc_.storage().LoadFitness(*standard_, out.year, one));
    for (const fitness::RosterClass& c : roster.classes()) {
      add_child(Scope::kClass, c.code, c.name.empty() ? c.code : c.name, c.grade,
                r->FindId(fmt::format("{}/{}/{}", out.place.code, c.grade, c.code)));
    }
  }
  std::stable_sort(out.children.begin(), out.children.end(),
                   [](const FitnessChild& a, const FitnessChild& b) {
                     return ExcellentGoodBp(a.total) > ExcellentGoodBp(b.total);
                   });
  return out;
}

Result<std::vector<FitnessTrendPoint>> FitnessService::Trend(std::string_view code,
                                                             int32_t target_bp) {
  JIAODU_TRY_STATUS(Check());
  FitnessPlace place = JIAODU_TRY(Place(code));
  std::vector<FitnessTrendPoint> out;
  for (AcademicYear y : JIAODU_TRY(Years())) {
    auto r = JIAODU_TRY(CityRollUp(y));
    const int32_t id = r->FindId(place.code);
    FitnessTrendPoint p;
    p.year = y;
    p.total = TallyOf(*r, place.scope, id, 0, 0);
    p.male = TallyOf(*r, place.scope, id, 0, 1);
    p.female = TallyOf(*r, place.scope, id, 0, 2);
    p.needed = Needed(p.total, target_bp);
    out.push_back(p);
  }
  return out;
}

Result<FitnessService::SchoolStudents> FitnessService::Students(std::string_view school,
                                                                std::optional<AcademicYear> year) {
  JIAODU_TRY_STATUS(Check());
  SchoolStudents out;
  out.place = JIAODU_TRY(Place(school));
  JIAODU_TRY_STATUS(RequireSchool(out.place));
  out.year = JIAODU_TRY(YearOr(year));
  std::vector<std::string> one{out.place.code};
  out.roster = JIAODU_TRY(svc_.storage().LoadFitness(*standard_, out.year, one));
  out.scores.reserve(out.roster.size());
  for (size_t i = 0; i < out.roster.size(); ++i) {
    out.scores.push_back(fitness::Score(*standard_, out.roster.Input(i)));
    out.vision.push_back(fitness::Screen(vision(), out.roster.row(i).vision));
  }
  return out;
}

Result<FitnessStudentHistory> FitnessService::Student(std::string_view student_id) {
  JIAODU_TRY_STATUS(Check());
  auto hits = JIAODU_TRY(svc_.storage().FindFitnessStudent(*standard_, student_id));
  if (hits.empty()) {
    return Fail(ErrorCode::kNotFound, "fitness.no_student",
                Text(fmt::format("没有学籍号为“{}”的体测记录", student_id),
                     fmt::format("no fitness record for student \"{}\"", student_id)));
  }
  auto schools = JIAODU_TRY(SchoolsByCode());
  std::map<std::string, std::string> area_names;
  for (const Area& a : JIAODU_TRY(svc_.storage().ListAreas())) area_names[a.code] = a.name;
  FitnessStudentHistory out;
  out.student_id = std::string(student_id);
  for (auto& [year, roster] : hits) {
    // Normally one row a year; a student listed by two schools in one year
    // (a transfer) shows both.
    for (size_t i = 0; i < roster.size(); ++i) {
      FitnessStudentYear y;
      y.year = year;
      y.roster = fitness::Roster(standard_->items().size());
      fitness::StudentRow row = roster.row(i);
      const std::string& code = roster.schools()[static_cast<size_t>(row.school)];
      row.school = y.roster.School(code);
      if (row.klass >= 0) {
        const fitness::RosterClass& c = roster.classes()[static_cast<size_t>(row.klass)];
        row.klass = y.roster.Class(row.school, c.grade, c.code, c.name);
        y.class_code = c.code;
        y.class_name = c.name;
      }
      y.roster.Add(row, roster.values(i), roster.student_id(i), roster.name(i), roster.ethnic(i),
                   roster.birth(i));
      y.school = code;
      if (auto it = schools.find(code); it != schools.end()) {
        y.school_name = it->second.name;
        y.county = it->second.county;
        y.county_name = area_names[y.county];
      }
      y.score = fitness::Score(*standard_, y.roster.Input(0));
      y.vision = fitness::Screen(vision(), row.vision);
      out.name = std::string(roster.name(i));
      out.sex = row.sex;
      out.years.push_back(std::move(y));
    }
  }
  // 毕业成绩: the latest stored year is a graduating grade; the other years
  // of the same stage (年级编号 with the same first digit) make the other half.
  const FitnessStudentYear& last = out.years.back();
  const int grade = last.roster.row(0).grade;
  const fitness::Grade* g = standard_->FindGrade(grade);
  if (g && g->graduating && last.score.scored()) {
    std::vector<int32_t> others;
    for (size_t k = 0; k + 1 < out.years.size(); ++k) {
      const auto& y = out.years[k];
      if (y.roster.row(0).grade / 10 == grade / 10 && y.roster.row(0).grade != grade &&
          y.score.scored()) {
        others.push_back(y.score.total_hundredths);
        out.graduation_years.push_back(y.year);
      }
    }
    out.graduation_years.push_back(last.year);
    out.graduation_hundredths =
        fitness::GraduationHundredths(*standard_, last.score.total_hundredths, others);
  }
  return out;
}

ImportOutcome FitnessService::Import(const std::vector<Service::UploadedFile>& files,
                                     AcademicYear year, std::string_view school,
                                     std::string_view user, JobContext* progress) {
  ImportOutcome out;
  out.summary.files = static_cast<int>(files.size());
  auto fail = [&](const Error& e) {
    out.ok = false;
    out.errors.push_back(e);
    return out;
  };
  if (Status st = Check(); !st) return fail(st.error());
  auto schools = SchoolsByCode();
  if (!schools) return fail(schools.error());
  if (schools->empty()) {
    return fail(Error{ErrorCode::kFailedPrecondition,
                      "fitness_import.no_schools",
                      Text("还没有登记任何学校：请先导入学校基础数据，再导入体测数据",
                           "no schools registered yet: import the school data first"),
                      {},
                      {}});
  }
  RosterReadOptions options;
  options.school = std::string(school);
  if (!options.school.empty() && !schools->contains(options.school)) {
    return fail(Error{ErrorCode::kInvalidInput,
                      "fitness_import.unknown_school",
                      Text(fmt::format("学校标识码“{}”不是已登记的学校", school),
                           fmt::format("school code \"{}\" is not a registered school", school)),
                      {},
                      {}});
  }
  for (const auto& [code, s] : *schools) options.known_schools.push_back(code);
  std::vector<RosterFile> in;
  for (const auto& f : files) in.push_back(RosterFile{f.name, f.bytes});
  if (progress) progress->Progress(0.0, Text("读取体测文件", "reading the test files"));
  RosterRead read = ReadRosterFiles(*standard_, vision(), in, options, [&](double f) {
    if (progress) progress->Progress(0.8 * f, Text("读取并检查体测文件", "reading and checking"));
  });
  out.summary.students = static_cast<int>(read.rows);
  if (!read.ok()) {
    out.errors = std::move(read.errors);
    return out;
  }
  if (read.roster.size() == 0) {
    return fail(Error{ErrorCode::kInvalidInput,
                      "fitness_import.empty",
                      Text("文件中没有学生数据", "the files hold no students"),
                      {},
                      {}});
  }
  if (progress) progress->Progress(0.85, Text("保存", "saving"));
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(f.name);
  FitnessImport batch;
  batch.user = std::string(user);
  batch.description = fmt::format("体测数据 {}：{} 所学校，{} 名学生", year.Label(),
                                  read.roster.schools().size(), read.roster.size());
  batch.files = names;
  batch.year = year;
  batch.standard = standard_.get();
  batch.roster = &read.roster;
  auto id = svc_.storage().ApplyFitnessImport(batch);
  if (!id) return fail(id.error());
  out.ok = true;
  out.import_id = *id;
  out.summary.schools = static_cast<int>(read.roster.schools().size());
  out.summary.students = static_cast<int>(read.roster.size());
  out.summary.years = {year.start()};
  std::set<std::string> counties;
  for (const std::string& code : read.roster.schools()) {
    if (auto it = schools->find(code); it != schools->end()) counties.insert(it->second.county);
  }
  out.summary.counties.assign(counties.begin(), counties.end());
  if (progress) progress->Progress(1.0, Text("完成", "done"));
  return out;
}

Result<int64_t> FitnessService::Store(const fitness::Roster& roster, AcademicYear year,
                                      std::string_view user, std::string_view description) {
  JIAODU_TRY_STATUS(Check());
  FitnessImport batch;
  batch.user = std::string(user);
  batch.description = std::string(description);
  batch.year = year;
  batch.standard = standard_.get();
  batch.roster = &roster;
  return svc_.storage().ApplyFitnessImport(batch);
}

Result<std::vector<int64_t>> FitnessService::LoadDemo(const DemoOptions& options,
                                                      std::string_view user) {
  JIAODU_TRY_STATUS(Check());
  auto compulsory = JIAODU_TRY(svc_.FindStandard(kDefaultStandard));
  DemoCity city = GenerateDemoCity(*compulsory->catalog, options);
  std::vector<int64_t> ids;
  for (int k = 0; k < options.years; ++k) {
    const int year = options.first_year + k;
    auto schools = demo::FitnessSchoolsFromCity(city, *compulsory->catalog, year);
    fitness::Roster roster = demo::GenerateFitnessRoster(*standard_, schools, year, options.seed);
    ids.push_back(JIAODU_TRY(Store(
        roster, AcademicYear(year), user,
        fmt::format("示范体测数据 {}：{} 所学校，{} 名学生（种子 {}）", AcademicYear(year).Label(),
                    schools.size(), roster.size(), options.seed))));
  }
  return ids;
}

Result<fitness::Roster> FitnessService::PlaceRoster(const FitnessPlace& place, AcademicYear year) {
  std::vector<std::string> codes;
  if (place.scope == Scope::kSchool) {
    codes.push_back(place.code);
  } else if (place.scope == Scope::kCounty) {
    for (const School& s : JIAODU_TRY(svc_.storage().ListSchools(place.code)))
      codes.push_back(s.code);
    if (codes.empty()) return fitness::Roster(standard_->items().size());
  }
  return svc_.storage().LoadFitness(*standard_, year, codes);
}

Result<std::vector<FitnessSetInfo>> FitnessService::PlaceSets(
    const FitnessPlace& place, AcademicYear year, const std::map<std::string, School>& schools) {
  std::vector<FitnessSetInfo> out;
  for (FitnessSetInfo& set : JIAODU_TRY(svc_.storage().ListFitnessSets(year))) {
    bool in = true;
    if (place.scope == Scope::kSchool) {
      in = set.school == place.code;
    } else if (place.scope == Scope::kCounty) {
      auto it = schools.find(set.school);
      in = it != schools.end() && it->second.county == place.code;
    }
    if (in) out.push_back(std::move(set));
  }
  return out;
}

Result<int64_t> FitnessService::ExportStudents(const FitnessPlace& place, AcademicYear year) {
  int64_t n = 0;
  for (const FitnessSetInfo& set : JIAODU_TRY(PlaceSets(place, year, JIAODU_TRY(SchoolsByCode()))))
    n += set.students;
  return n;
}

Result<std::string> FitnessService::ExportXlsx(const FitnessPlace& place, AcademicYear year,
                                               int32_t target_bp, JobContext* progress) {
  JIAODU_TRY_STATUS(Check());
  // The share of the time spent reading the students (SQLite rows, each
  // student's results parsed from JSON); writing and compressing the
  // workbook is the rest. Measured on the demo city (~394,000 students).
  constexpr double kReadShare = 0.35;
  auto report = [progress](double fraction, Text step) {
    if (progress) progress->Progress(fraction, std::move(step));
  };
  auto schools = JIAODU_TRY(SchoolsByCode());
  // One school at a time, in school-code order (the order the workbook
  // lists students in, as one query over the place would give): the job
  // can then say how far it has read, by students.
  const std::vector<FitnessSetInfo> sets = JIAODU_TRY(PlaceSets(place, year, schools));
  int64_t total = 0;
  for (const FitnessSetInfo& set : sets) total += set.students;
  fitness::Roster roster(standard_->items().size());
  int64_t read = 0;
  for (size_t i = 0; i < sets.size(); ++i) {
    if (progress) {
      const auto name = schools.find(sets[i].school);
      const std::string& shown = name == schools.end() ? sets[i].school : name->second.name;
      report(
          kReadShare * static_cast<double>(read) / static_cast<double>(std::max<int64_t>(total, 1)),
          Text(fmt::format("读取学生成绩：第 {}/{} 所学校（{}），已读 {}/{} 名学生", i + 1,
                           sets.size(), shown, read, total),
               fmt::format("reading results: school {} of {} ({}), {} of {} students read", i + 1,
                           sets.size(), shown, read, total)));
    }
    const std::string code[] = {sets[i].school};
    roster.Append(JIAODU_TRY(svc_.storage().LoadFitness(*standard_, year, code)));
    read += sets[i].students;
  }
  std::map<std::string, std::string> area_names;
  for (const Area& a : JIAODU_TRY(svc_.storage().ListAreas())) area_names[a.code] = a.name;
  FitnessReportInput in;
  in.standard = standard_.get();
  in.vision = &vision();
  in.roster = &roster;
  in.area_name = place.name;
  in.year_label = year.Label();
  in.target_excellent_good_bp = target_bp;
  in.school_name = [&](const std::string& c) {
    auto it = schools.find(c);
    return it == schools.end() ? c : it->second.name;
  };
  in.county_of = [&](const std::string& c) {
    auto it = schools.find(c);
    return it == schools.end() ? std::string() : it->second.county;
  };
  in.county_name = [&](const std::string& c) {
    auto it = area_names.find(c);
    return it == area_names.end() ? c : it->second;
  };
  // The writer reports nothing while it runs (formats/report_xlsx has no
  // progress hook yet): the step says what it is doing and for how many.
  report(kReadShare,
         Text(fmt::format("写入工作簿：{} 名学生（说明、汇总、分年级、单项、学生成绩），"
                          "这一步最长",
                          roster.size()),
              fmt::format("writing the workbook: {} students (about, summary, by grade, items, "
                          "students); the longest step",
                          roster.size())));
  auto bytes = JIAODU_TRY(FitnessWorkbookXlsx(in));
  JIAODU_TRY_STATUS(svc_.storage().AppendAudit(
      "网页用户", "export", fmt::format("导出体测数据 {} {}", place.name, year.Label())));
  return bytes;
}

Result<std::string> FitnessService::CardsPdf(const FitnessPlace& place, AcademicYear year,
                                             std::string_view student_id) {
  JIAODU_TRY_STATUS(Check());
  JIAODU_TRY_STATUS(RequireSchool(place));
  // The school's earlier years, by 学籍号, for the other columns of a card.
  std::map<std::string, std::vector<CardYear>, std::less<>> earlier;
  for (AcademicYear y : JIAODU_TRY(Years())) {
    if (y >= year) continue;
    fitness::Roster r = JIAODU_TRY(PlaceRoster(place, y));
    for (size_t i = 0; i < r.size(); ++i) {
      CardStudent one = CardStudentFromRoster(r, i, place.name, y.Label());
      auto& list = earlier[std::string(r.student_id(i))];
      for (CardYear& cy : one.years) list.push_back(std::move(cy));
    }
  }
  fitness::Roster roster = JIAODU_TRY(PlaceRoster(place, year));
  std::vector<CardStudent> cards;
  for (size_t i = 0; i < roster.size(); ++i) {
    if (!student_id.empty() && roster.student_id(i) != student_id) continue;
    CardStudent card = CardStudentFromRoster(roster, i, place.name, year.Label());
    if (auto it = earlier.find(roster.student_id(i)); it != earlier.end()) {
      card.years.insert(card.years.end(), it->second.begin(), it->second.end());
    }
    cards.push_back(std::move(card));
  }
  if (cards.empty()) {
    return Fail(
        ErrorCode::kNotFound, "fitness.no_student",
        Text(fmt::format("{} {}没有学籍号为“{}”的体测记录", place.name, year.Label(), student_id),
             fmt::format("no fitness record for student \"{}\" at {} in {}", student_id, place.name,
                         year.LabelEn())));
  }
  return FitnessCardsPdf(*standard_, cards, year.Label());
}

}  // namespace jiaodu
