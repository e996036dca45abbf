// Reads the planning workbook: each known sheet by its column labels, every
// cell checked, every problem placed; the inputs are returned only when the
// whole workbook is clean (all or nothing, like the other county workbooks).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/planning_table/planning_columns.h"
#include "jiaodu/formats/planning_table/planning_table.h"
#include "jiaodu/formats/xlsx/csv_reader.h"
#include "jiaodu/formats/xlsx/header_key.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu::planning_table {
namespace {

using planning::Level;

// One sheet being read: where each known column is, and the error list.
class SheetReader {
 public:
  SheetReader(const xlsx::Sheet& sheet, const SheetSpec& spec, std::vector<Error>& errors,
              const std::string& file)
      : sheet_(sheet), spec_(spec), errors_(errors), file_(file), at_(spec.columns.size(), -1) {
    const auto* header = sheet.rows.empty() ? nullptr : &sheet.rows[0];
    for (size_t c = 0; header != nullptr && c < header->size(); ++c) {
      const std::string key = xlsx::HeaderKey((*header)[c].text);
      for (size_t k = 0; k < spec.columns.size(); ++k) {
        const auto& names = spec.columns[k].names;
        if (std::find(names.begin(), names.end(), key) == names.end()) continue;
        if (at_[k] >= 0) {
          Add("planning_table.duplicate_column",
              fmt::format("“{}”列出现了两次（{} 列和 {} 列）", *names.begin(),
                          xlsx::ColumnLetters(size_t(at_[k])), xlsx::ColumnLetters(c)),
              fmt::format("the column {} appears twice ({} and {})", *names.begin(),
                          xlsx::ColumnLetters(size_t(at_[k])), xlsx::ColumnLetters(c)),
              1, -1);
          ok_ = false;
        } else {
          at_[k] = static_cast<int>(c);
        }
      }
    }
    for (size_t k = 0; k < spec.columns.size(); ++k) {
      if (!spec.columns[k].required || at_[k] >= 0) continue;
      const std::string_view name = *spec.columns[k].names.begin();
      Add("planning_table.missing_column", fmt::format("缺少“{}”列（表头应在第 1 行）", name),
          fmt::format("the column {} is missing (the header is row 1)", name), 1, -1);
      ok_ = false;
    }
  }

  bool ok() const { return ok_; }
  size_t rows() const { return sheet_.rows.size(); }
  bool has(int col) const { return at_[size_t(col)] >= 0; }

  std::string Cell(size_t row0, int col) const {
    const int c = at_[size_t(col)];
    if (c < 0) return {};
    const xlsx::Cell* cell = sheet_.At(row0, size_t(c));
    return cell == nullptr ? std::string() : NormalizeWidth(Trim(cell->text));
  }
  bool Blank(size_t row0) const {
    for (size_t k = 0; k < at_.size(); ++k) {
      if (!Cell(row0, int(k)).empty()) return false;
    }
    return true;
  }

  void Bad(size_t row0, int col, std::string_view id, const std::string& zh,
           const std::string& en) {
    Add(id, zh, en, int(row0 + 1), col, Cell(row0, col));
  }

  std::optional<std::string> Required(size_t row0, int col) {
    std::string t = Cell(row0, col);
    if (t.empty()) {
      Bad(row0, col, "planning_table.required", fmt::format("“{}”不能为空", Name(col)),
          fmt::format("{} must not be blank", Name(col)));
      return std::nullopt;
    }
    return t;
  }

  // A whole number in [lo, hi]. Blank: nullopt (an error when required).
  // `bad` is set when an error was reported.
  std::optional<int64_t> Int(size_t row0, int col, int64_t lo, int64_t hi, bool required,
                             bool& bad) {
    const std::string t = Cell(row0, col);
    if (t.empty()) {
      if (required) bad |= !Required(row0, col);
      return std::nullopt;
    }
    auto v = ParseNumber(t);
    if (!v || !std::isfinite(*v) || *v != std::floor(*v) || *v < double(lo) || *v > double(hi)) {
      Bad(row0, col, "planning_table.bad_number",
          fmt::format("“{}”应为 {} 到 {} 之间的整数", Name(col), lo, hi),
          fmt::format("{} must be a whole number from {} to {}", Name(col), lo, hi));
      bad = true;
      return std::nullopt;
    }
    return static_cast<int64_t>(*v);
  }

  std::optional<Level> LevelAt(size_t row0, int col) {
    auto t = Required(row0, col);
    if (!t) return std::nullopt;
    auto l = planning::ParseLevel(*t);
    if (!l) {
      Bad(row0, col, "planning_table.bad_level", "“学段”只能填 幼儿园 / 小学 / 初中 / 高中",
          "学段 must be 幼儿园, 小学, 初中 or 高中");
      return std::nullopt;
    }
    return *l;
  }

  // A county code the directory knows.
  std::optional<std::string> County(size_t row0, int col, const Directory& dir) {
    auto t = Required(row0, col);
    if (!t) return std::nullopt;
    if (!dir.counties.contains(*t)) {
      Bad(row0, col, "planning_table.unknown_county",
          fmt::format("县区代码 {} 不是本次可填报的县区", *t),
          fmt::format("county code {} is not one this workbook may cover", *t));
      return std::nullopt;
    }
    return t;
  }

  // A school code the directory knows.
  std::optional<std::string> School(size_t row0, int col, const Directory& dir) {
    auto t = Required(row0, col);
    if (!t) return std::nullopt;
    if (!dir.schools.contains(*t)) {
      Bad(row0, col, "planning_table.unknown_school",
          fmt::format("学校标识码 {} 不在已导入的本县学校中（先导入学校数据）", *t),
          fmt::format("school {} is not among the county's imported schools (import them first)",
                      *t));
      return std::nullopt;
    }
    return t;
  }

  void Add(std::string_view id, const std::string& zh, const std::string& en, int row, int col,
           std::string_view value = {}) {
    if (errors_.size() > kMaxErrors) return;
    Error e{ErrorCode::kInvalidInput, std::string(id), Text(zh, en), {}, {}};
    if (errors_.size() == kMaxErrors) {
      e = Error{ErrorCode::kInvalidInput,
                "planning_table.too_many_errors",
                Text(fmt::format("错误超过 {} 处，后面的不再列出：请先改正以上错误", kMaxErrors),
                     fmt::format("more than {} errors; the rest are not listed", kMaxErrors)),
                {},
                {}};
    } else {
      e.where.sheet = sheet_.name;
      e.where.row = row;
      if (col >= 0 && at_[size_t(col)] >= 0) {
        e.where.column =
            fmt::format("{} ({})", xlsx::ColumnLetters(size_t(at_[size_t(col)])), Name(col));
      }
      e.where.value = Ellipsize(value, 64);
    }
    e.where.file = file_;
    errors_.push_back(std::move(e));
  }

 private:
  std::string_view Name(int col) const { return *spec_.columns[size_t(col)].names.begin(); }

  const xlsx::Sheet& sheet_;
  const SheetSpec& spec_;
  std::vector<Error>& errors_;
  const std::string& file_;
  std::vector<int> at_;
  bool ok_ = true;
};

constexpr int64_t kMaxCount = 10'000'000;

// "2024", "2024-2025", "2024—2025学年" → 2024.
std::optional<int64_t> StartYear(std::string_view t) {
  std::string digits;
  for (char ch : t) {
    if (ch < '0' || ch > '9') break;
    digits.push_back(ch);
  }
  if (digits.size() != 4) return std::nullopt;
  const int64_t y = std::stoll(digits);
  if (y < 1990 || y > 2100) return std::nullopt;
  return y;
}

void ReadBirths(SheetReader& s, const Directory& dir, PlanningInputs& in) {
  std::map<std::pair<std::string, int64_t>, size_t> seen;
  for (size_t r = 1; r < s.rows(); ++r) {
    if (s.Blank(r)) continue;
    bool bad = false;
    auto county = s.County(r, kBirthCounty, dir);
    auto year = s.Int(r, kBirthYear, 1990, 2100, true, bad);
    auto huji = s.Int(r, kBirthHuji, 0, kMaxCount, false, bad);
    auto resident = s.Int(r, kBirthResident, 0, kMaxCount, false, bad);
    if (!county || !year || bad) continue;
    if (!huji && !resident) {
      s.Bad(r, kBirthHuji, "planning_table.no_births", "户籍出生人口与常住出生人口至少填一项",
            "give 户籍 or 常住 births (or both)");
      continue;
    }
    if (auto [it, fresh] = seen.emplace(std::pair(*county, *year), r + 1); !fresh) {
      s.Bad(r, kBirthYear, "planning_table.duplicate_row",
            fmt::format("县区 {} 的 {} 年已在第 {} 行填写", *county, *year, it->second),
            fmt::format("county {} year {} is already on row {}", *county, *year, it->second));
      continue;
    }
    in.births[*county].push_back(planning::BirthYear{int(*year), huji, resident});
  }
  for (auto& [county, years] : in.births) {
    std::sort(years.begin(), years.end(),
              [](const auto& a, const auto& b) { return a.year < b.year; });
  }
}

void ReadEnrolment(SheetReader& s, const Directory& dir, const planning::SchoolSystem& system,
                   PlanningInputs& in) {
  std::map<std::tuple<std::string, int64_t, Level, int64_t>, size_t> seen;
  for (size_t r = 1; r < s.rows(); ++r) {
    if (s.Blank(r)) continue;
    bool bad = false;
    auto county = s.County(r, kEnrolCounty, dir);
    std::optional<int64_t> year;
    if (auto t = s.Required(r, kEnrolYear); t) {
      year = StartYear(*t);
      if (!year) {
        s.Bad(r, kEnrolYear, "planning_table.bad_year", "“学年”应为起始年份（2024）或 2024-2025",
              "学年 must be a start year (2024) or 2024-2025");
      }
    }
    auto level = s.LevelAt(r, kEnrolLevel);
    const int64_t grades = level ? system.Grades(*level) : 12;
    auto grade = s.Int(r, kEnrolGrade, 1, grades, true, bad);
    auto students = s.Int(r, kEnrolStudents, 0, kMaxCount, true, bad);
    auto migrants = s.Int(r, kEnrolMigrants, 0, kMaxCount, false, bad);
    if (!county || !year || !level || !grade || !students || bad) continue;
    if (migrants && *migrants > *students) {
      s.Bad(r, kEnrolMigrants, "planning_table.migrants_exceed", "“其中随迁子女”不能多于在校生数",
            "随迁子女 cannot exceed the students");
      continue;
    }
    if (auto [it, fresh] = seen.emplace(std::tuple(*county, *year, *level, *grade), r + 1);
        !fresh) {
      s.Bad(r, kEnrolGrade, "planning_table.duplicate_row",
            fmt::format("同一县区、学年、学段、年级已在第 {} 行填写", it->second),
            fmt::format("the same county, year, level and grade is already on row {}", it->second));
      continue;
    }
    in.enrolment[*county].push_back(
        planning::GradeEnrolment{int(*year), *level, int(*grade), *students, migrants});
  }
}

void ReadProjects(SheetReader& s, const Directory& dir, PlanningInputs& in) {
  for (size_t r = 1; r < s.rows(); ++r) {
    if (s.Blank(r)) continue;
    bool bad = false;
    auto name = s.Required(r, kProjectName);
    auto county = s.County(r, kProjectCounty, dir);
    auto level = s.LevelAt(r, kProjectLevel);
    std::optional<planning::ProjectKind> kind;
    if (auto t = s.Required(r, kProjectKind); t) {
      if (*t == "新建") kind = planning::ProjectKind::kNewSchool;
      if (*t == "改扩建" || *t == "扩建" || *t == "改建") kind = planning::ProjectKind::kExpansion;
      if (!kind) {
        s.Bad(r, kProjectKind, "planning_table.bad_kind", "“类型”只能填 新建 或 改扩建",
              "类型 must be 新建 (new school) or 改扩建 (expansion)");
      }
    }
    auto year = s.Int(r, kProjectYear, 1990, 2100, true, bad);
    auto places = s.Int(r, kProjectPlaces, 1, 100'000, false, bad);
    auto classes = s.Int(r, kProjectClasses, 1, 1'000, false, bad);
    if (!name || !county || !level || !kind || !year || bad) continue;
    if (!places && !classes) {
      s.Bad(r, kProjectPlaces, "planning_table.no_places", "“新增学位”与“新增班数”至少填一项",
            "give the new places or the new classes");
      continue;
    }
    planning::PlannedProject p;
    p.id = fmt::format("P{}", r + 1);
    p.name = *name;
    p.area = *county;
    p.level = *level;
    p.kind = *kind;
    p.opening_year = int(*year);
    p.places = places;
    p.classes = int(classes.value_or(0));
    in.projects.push_back(std::move(p));
  }
}

void ReadRosters(SheetReader& s, const Directory& dir, const planning::SchoolSystem& system,
                 PlanningInputs& in) {
  // A class is named within its grade ("1班" in each grade).
  std::map<std::tuple<std::string, Level, int64_t, std::string>, size_t> seen;
  for (size_t r = 1; r < s.rows(); ++r) {
    if (s.Blank(r)) continue;
    bool bad = false;
    auto school = s.School(r, kRosterSchool, dir);
    auto level = s.LevelAt(r, kRosterLevel);
    const int64_t grades = level ? system.Grades(*level) : 12;
    auto grade = s.Int(r, kRosterGrade, 1, grades, false, bad);
    auto cls = s.Required(r, kRosterClass);
    auto students = s.Int(r, kRosterStudents, 1, 200, true, bad);
    if (!school || !level || !cls || !students || bad) continue;
    if (auto [it, fresh] =
            seen.emplace(std::tuple(*school, *level, grade.value_or(0), *cls), r + 1);
        !fresh) {
      s.Bad(r, kRosterClass, "planning_table.duplicate_row",
            fmt::format("该校同一学段、年级的班级“{}”已在第 {} 行填写", *cls, it->second),
            fmt::format("class {} of this school is already on row {}", *cls, it->second));
      continue;
    }
    in.rosters[*school].push_back(
        planning::ClassRecord{*cls, *level, int(grade.value_or(0)), *students});
  }
}

void ReadStaff(SheetReader& s, const Directory& dir, PlanningInputs& in) {
  std::map<std::string, size_t> seen;
  for (size_t r = 1; r < s.rows(); ++r) {
    if (s.Blank(r)) continue;
    bool bad = false;
    auto school = s.School(r, kStaffSchool, dir);
    auto actual = s.Int(r, kStaffActual, 0, 100'000, false, bad);
    auto boarders = s.Int(r, kStaffBoarders, 0, kMaxCount, false, bad);
    if (!school || bad) continue;
    if (auto [it, fresh] = seen.emplace(*school, r + 1); !fresh) {
      s.Bad(r, kStaffSchool, "planning_table.duplicate_row",
            fmt::format("该校已在第 {} 行填写", it->second),
            fmt::format("this school is already on row {}", it->second));
      continue;
    }
    in.staff[*school] = StaffRow{actual, boarders.value_or(0)};
  }
}

void ReadSubjects(SheetReader& s, const Directory& dir, PlanningInputs& in) {
  std::map<std::pair<std::string, std::string>, size_t> seen;
  for (size_t r = 1; r < s.rows(); ++r) {
    if (s.Blank(r)) continue;
    bool bad = false;
    auto school = s.School(r, kSubjectSchool, dir);
    auto subject = s.Required(r, kSubjectName);
    auto teachers = s.Int(r, kSubjectTeachers, 0, 10'000, true, bad);
    auto need = s.Int(r, kSubjectNeed, 0, 10'000, false, bad);
    if (!school || !subject || !teachers || bad) continue;
    if (auto [it, fresh] = seen.emplace(std::pair(*school, *subject), r + 1); !fresh) {
      s.Bad(r, kSubjectName, "planning_table.duplicate_row",
            fmt::format("该校“{}”学科已在第 {} 行填写", *subject, it->second),
            fmt::format("subject {} of this school is already on row {}", *subject, it->second));
      continue;
    }
    in.subject_teachers[*school].push_back({*subject, *teachers});
    if (need) in.subject_need[*school].push_back({*subject, *need});
  }
}

void ReadPool(SheetReader& s, const Directory& dir, PlanningInputs& in) {
  for (size_t r = 1; r < s.rows(); ++r) {
    if (s.Blank(r)) continue;
    bool bad = false;
    auto county = s.County(r, kPoolCounty, dir);
    auto reserve = s.Int(r, kPoolReserve, 0, 100'000, true, bad);
    if (!county || !reserve || bad) continue;
    if (in.reserve.contains(*county)) {
      s.Bad(r, kPoolCounty, "planning_table.duplicate_row", "该县区已填写过周转池空编数",
            "this county's reserve is already given");
      continue;
    }
    in.reserve[*county] = *reserve;
  }
}

bool IsCsv(std::string_view file_name) {
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string ext(file_name.substr(dot + 1));
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext == "csv" || ext == "txt";
}

}  // namespace

ReadResult ReadPlanningWorkbook(std::string_view bytes, std::string_view file_name,
                                const planning::SchoolSystem& system, const Directory& directory) {
  ReadResult out;
  out.inputs.file_name = std::string(file_name);
  const std::string file(file_name);
  xlsx::Workbook book;
  if (IsCsv(file_name)) {
    auto sheet = xlsx::ReadCsv(bytes, file_name);
    if (!sheet) {
      out.errors.push_back(sheet.error());
      return out;
    }
    book.sheets.push_back(std::move(*sheet));
  } else {
    auto read = xlsx::ReadXlsx(bytes, file_name);
    if (!read) {
      out.errors.push_back(read.error());
      return out;
    }
    book = std::move(*read);
  }
  int known = 0;
  for (const SheetSpec& spec : Sheets()) {
    const xlsx::Sheet* sheet = book.Find(spec.name);
    if (sheet == nullptr || sheet->hidden) continue;
    ++known;
    SheetReader s(*sheet, spec, out.errors, file);
    if (!s.ok()) continue;
    if (spec.name == kBirthSheet) ReadBirths(s, directory, out.inputs);
    if (spec.name == kEnrolmentSheet) ReadEnrolment(s, directory, system, out.inputs);
    if (spec.name == kProjectSheet) ReadProjects(s, directory, out.inputs);
    if (spec.name == kRosterSheet) ReadRosters(s, directory, system, out.inputs);
    if (spec.name == kStaffSheet) ReadStaff(s, directory, out.inputs);
    if (spec.name == kSubjectSheet) ReadSubjects(s, directory, out.inputs);
    if (spec.name == kPoolSheet) ReadPool(s, directory, out.inputs);
  }
  if (known == 0) {
    Error e{ErrorCode::kInvalidInput,
            "planning_table.no_sheet",
            Text("文件中没有可识别的工作表：应为 出生人口、分年级在校生、规划项目、班级名册、"
                 "教职工、学科教师 或 周转池（CSV 文件以表名命名，如 出生人口.csv）",
                 "no known sheet: expected 出生人口, 分年级在校生, 规划项目, 班级名册, 教职工, "
                 "学科教师 or 周转池 (a CSV is named after its sheet, e.g. 出生人口.csv)"),
            {},
            {}};
    e.where.file = file;
    out.errors.push_back(std::move(e));
  } else if (out.errors.empty() && out.inputs.empty()) {
    Error e{ErrorCode::kInvalidInput,
            "planning_table.empty",
            Text("工作簿中没有填写任何数据", "the workbook holds no data"),
            {},
            {}};
    e.where.file = file;
    out.errors.push_back(std::move(e));
  }
  if (!out.errors.empty()) {
    out.inputs = PlanningInputs();
    out.inputs.file_name = file;
  }
  return out;
}

bool PlanningInputs::empty() const {
  return births.empty() && enrolment.empty() && projects.empty() && rosters.empty() &&
         staff.empty() && subject_teachers.empty() && reserve.empty();
}

std::set<std::string_view> PlanningInputs::Sheets() const {
  std::set<std::string_view> out;
  if (!births.empty()) out.insert(kBirthSheet);
  if (!enrolment.empty()) out.insert(kEnrolmentSheet);
  if (!projects.empty()) out.insert(kProjectSheet);
  if (!rosters.empty()) out.insert(kRosterSheet);
  if (!staff.empty()) out.insert(kStaffSheet);
  if (!subject_teachers.empty()) out.insert(kSubjectSheet);
  if (!reserve.empty()) out.insert(kPoolSheet);
  return out;
}

void PlanningInputs::Replace(PlanningInputs newer) {
  const auto sheets = newer.Sheets();
  if (sheets.contains(kBirthSheet)) births = std::move(newer.births);
  if (sheets.contains(kEnrolmentSheet)) enrolment = std::move(newer.enrolment);
  if (sheets.contains(kProjectSheet)) projects = std::move(newer.projects);
  if (sheets.contains(kRosterSheet)) rosters = std::move(newer.rosters);
  if (sheets.contains(kStaffSheet)) staff = std::move(newer.staff);
  if (sheets.contains(kSubjectSheet)) {
    subject_teachers = std::move(newer.subject_teachers);
    subject_need = std::move(newer.subject_need);
  }
  if (sheets.contains(kPoolSheet)) reserve = std::move(newer.reserve);
  // The file names of what is held, the newest last, each once.
  if (file_name.empty() || Sheets() == sheets) {
    file_name = newer.file_name;
  } else if (file_name.find(newer.file_name) == std::string::npos) {
    file_name += "、" + newer.file_name;
  }
}

PlanningInputs PlanningInputs::ForCounty(std::string_view county,
                                         const std::set<std::string>& schools) const {
  PlanningInputs out;
  out.file_name = file_name;
  const std::string c(county);
  if (auto it = births.find(c); it != births.end()) out.births[c] = it->second;
  if (auto it = enrolment.find(c); it != enrolment.end()) out.enrolment[c] = it->second;
  if (auto it = reserve.find(c); it != reserve.end()) out.reserve[c] = it->second;
  for (const auto& p : projects) {
    if (p.area == county) out.projects.push_back(p);
  }
  auto copy = [&](const auto& from, auto& to) {
    for (const auto& [school, v] : from) {
      if (schools.contains(school)) to[school] = v;
    }
  };
  copy(rosters, out.rosters);
  copy(staff, out.staff);
  copy(subject_teachers, out.subject_teachers);
  copy(subject_need, out.subject_need);
  return out;
}

}  // namespace jiaodu::planning_table
