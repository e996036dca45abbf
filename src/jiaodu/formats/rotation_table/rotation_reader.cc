#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <span>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/rotation_table/rotation_columns.h"
#include "jiaodu/formats/rotation_table/rotation_table.h"
#include "jiaodu/formats/xlsx/header_key.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu::rotation_table {
namespace {

using rotation::Stage;

// Column ids index the per-sheet arrays.
size_t U(int col) { return static_cast<size_t>(col); }

// Collects the errors of one read, capped at kMaxErrors.
class Errors {
 public:
  Errors(std::vector<Error>& out, std::string file) : out_(out), file_(std::move(file)) {}

  bool full() const { return out_.size() > kMaxErrors; }
  void Add(Error e) {
    if (full()) return;
    if (e.where.file.empty()) e.where.file = file_;
    if (out_.size() == kMaxErrors) {
      e = Error{
          ErrorCode::kInvalidInput,
          "rotation_table.too_many_errors",
          Text(fmt::format("错误超过 {} 处，后面的不再列出：请先改正以上错误", kMaxErrors),
               fmt::format("more than {} errors; the rest are not listed: correct these first",
                           kMaxErrors)),
          {},
          {}};
      e.where.file = file_;
    }
    out_.push_back(std::move(e));
  }
  void Add(std::string_view id, std::string zh, std::string en, std::string_view sheet = {},
           int row = 0, std::string column = {}, std::string_view value = {}) {
    Error e{ErrorCode::kInvalidInput, std::string(id), Text(std::move(zh), std::move(en)), {}, {}};
    e.where.sheet = std::string(sheet);
    e.where.row = row;
    e.where.column = std::move(column);
    e.where.value = Ellipsize(value, 64);
    Add(std::move(e));
  }

 private:
  std::vector<Error>& out_;
  std::string file_;
};

// One sheet read by column labels: the header is the first row; unknown
// columns are ignored (a county's own 备注), known ones found once.
class Table {
 public:
  Table(const xlsx::Sheet& sheet, std::span<const ColSpec> specs, Errors& errors)
      : sheet_(sheet), errors_(errors) {
    cols_.fill(-1);
    labels_.fill({});
    const auto& header = sheet.rows.empty() ? std::vector<xlsx::Cell>{} : sheet.rows[0];
    for (size_t c = 0; c < header.size(); ++c) {
      if (header[c].empty()) continue;
      const std::string key = xlsx::HeaderKey(header[c].text);
      for (const ColSpec& spec : specs) {
        if (std::find(spec.names.begin(), spec.names.end(), key) == spec.names.end()) continue;
        int& slot = cols_[U(spec.col)];
        if (slot >= 0) {
          ok_ = false;
          errors_.Add("rotation_table.duplicate_column",
                      fmt::format("“{}”表的列“{}”出现了两次（{} 列和 {} 列）", sheet.name,
                                  Trim(header[c].text), xlsx::ColumnLetters(size_t(slot)),
                                  xlsx::ColumnLetters(c)),
                      fmt::format("sheet {}: column {} appears twice ({} and {})", sheet.name,
                                  Trim(header[c].text), xlsx::ColumnLetters(size_t(slot)),
                                  xlsx::ColumnLetters(c)),
                      sheet.name, 1, Column(c, Trim(header[c].text)));
        } else {
          slot = static_cast<int>(c);
          labels_[U(spec.col)] = std::string(Trim(header[c].text));
        }
        break;
      }
    }
    for (const ColSpec& spec : specs) {
      if (!spec.required || cols_[U(spec.col)] >= 0) continue;
      ok_ = false;
      errors_.Add(
          "rotation_table.missing_column",
          fmt::format("“{}”表缺少“{}”列（表头应在第 1 行）", sheet.name, *spec.names.begin()),
          fmt::format("sheet {} lacks the column {} (the header is row 1)", sheet.name,
                      *spec.names.begin()),
          sheet.name, 1);
    }
  }

  bool ok() const { return ok_; }
  bool has(int col) const { return cols_[U(col)] >= 0; }
  size_t rows() const { return sheet_.rows.size(); }
  const std::string& name() const { return sheet_.name; }
  // A data row with any value in a known column (blank lines are skipped).
  bool Filled(size_t row0) const {
    for (int c : cols_) {
      if (c >= 0 && !Text(row0, c).empty()) return true;
    }
    return false;
  }
  std::string TextOf(size_t row0, int col) const {
    return cols_[U(col)] < 0 ? "" : Text(row0, cols_[U(col)]);
  }
  std::string ColumnOf(int col) const {
    return cols_[U(col)] < 0 ? "" : Column(size_t(cols_[U(col)]), labels_[U(col)]);
  }

  // Reports a problem with cell (row0, col).
  void Bad(size_t row0, int col, std::string_view id, std::string zh, std::string en) const {
    errors_.Add(id, std::move(zh), std::move(en), sheet_.name, static_cast<int>(row0 + 1),
                ColumnOf(col), TextOf(row0, col));
  }

  // A required cell.
  std::optional<std::string> Required(size_t row0, int col) const {
    std::string t = TextOf(row0, col);
    if (!t.empty()) return t;
    Bad(row0, col, "rotation_table.required", fmt::format("“{}”不能为空", labels_[U(col)]),
        fmt::format("{} must not be blank", labels_[U(col)]));
    return std::nullopt;
  }

  // A whole number in [lo, hi]; nullopt for a blank optional cell or an
  // error (reported). `*bad` tells the two apart.
  std::optional<int> Int(size_t row0, int col, int lo, int hi, bool required, bool* bad) const {
    *bad = false;
    const std::string t = TextOf(row0, col);
    if (t.empty()) {
      if (required) {
        *bad = true;
        Required(row0, col);
      }
      return std::nullopt;
    }
    auto v = ParseNumber(t);
    if (!v || !std::isfinite(*v) || *v != std::floor(*v) || *v < lo || *v > hi) {
      *bad = true;
      Bad(row0, col, "rotation_table.bad_number",
          fmt::format("“{}”应为 {} 到 {} 之间的整数", labels_[U(col)], lo, hi),
          fmt::format("{} must be a whole number from {} to {}", labels_[U(col)], lo, hi));
      return std::nullopt;
    }
    return static_cast<int>(*v);
  }

  // A word from a list, or nullopt (reported).
  template <typename T>
  std::optional<T> Word(size_t row0, int col,
                        const std::vector<std::pair<std::string_view, T>>& words,
                        std::string_view list) const {
    auto t = Required(row0, col);
    if (!t) return std::nullopt;
    for (const auto& [w, v] : words) {
      if (*t == w) return v;
    }
    Bad(row0, col, "rotation_table.bad_value", fmt::format("“{}”只能填 {}", labels_[U(col)], list),
        fmt::format("{} must be one of {}", labels_[U(col)], list));
    return std::nullopt;
  }

  // 是/否 (blank = 否).
  std::optional<bool> YesNo(size_t row0, int col) const {
    const std::string t = TextOf(row0, col);
    if (t.empty() || t == "否" || t == "0" || t == "N" || t == "FALSE") return false;
    if (t == "是" || t == "1" || t == "Y" || t == "TRUE" || t == "√") return true;
    Bad(row0, col, "rotation_table.bad_value", fmt::format("“{}”只能填 是 或 否", labels_[U(col)]),
        fmt::format("{} must be 是 (yes) or 否 (no)", labels_[U(col)]));
    return std::nullopt;
  }

 private:
  std::string Text(size_t row0, int col) const {
    const xlsx::Cell* c = sheet_.At(row0, static_cast<size_t>(col));
    return c == nullptr ? std::string() : NormalizeWidth(Trim(c->text));
  }
  static std::string Column(size_t col0, std::string_view label) {
    return fmt::format("{} ({})", xlsx::ColumnLetters(col0), label);
  }

  const xlsx::Sheet& sheet_;
  Errors& errors_;
  std::array<int, kMaxColumns> cols_{};
  std::array<std::string, kMaxColumns> labels_{};
  bool ok_ = true;
};

const std::vector<std::pair<std::string_view, Stage>>& StageWords() {
  static const std::vector<std::pair<std::string_view, Stage>> w = {{"小学", Stage::kPrimary},
                                                                    {"小学部", Stage::kPrimary},
                                                                    {"初中", Stage::kJunior},
                                                                    {"初中部", Stage::kJunior}};
  return w;
}

const std::vector<std::pair<std::string_view, rotation::Locale>>& LocaleWords() {
  static const std::vector<std::pair<std::string_view, rotation::Locale>> w = {
      {"城区", rotation::Locale::kUrban},
      {"镇区", rotation::Locale::kTown},
      {"乡村", rotation::Locale::kRural}};
  return w;
}

// "30.25,120.16" (纬度,经度), also separated by "、" or ";" (the cell is
// already width-folded, so a full-width comma arrives as ",").
std::optional<std::pair<double, double>> ParseLatLon(std::string_view text) {
  size_t at = std::string_view::npos, width = 0;
  for (std::string_view sep : {",", "、", ";"}) {
    const size_t p = text.find(sep);
    if (p < at) {
      at = p;
      width = sep.size();
    }
  }
  if (at == std::string_view::npos) return std::nullopt;
  auto lat = ParseNumber(Trim(text.substr(0, at)));
  auto lon = ParseNumber(Trim(text.substr(at + width)));
  if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180) return std::nullopt;
  return std::pair{*lat, *lon};
}

struct SchoolKey {
  std::string code;
  Stage stage;
  auto operator<=>(const SchoolKey&) const = default;
};

class Reader {
 public:
  Reader(const xlsx::Workbook& book, int year, ReadResult& out)
      : book_(book), out_(out), errors_(out.errors, book.file_name) {
    out_.instance.year = year;
  }

  void Read() {
    const xlsx::Sheet* schools = Find(kSchoolSheet, {"学校表", "学校信息"});
    const xlsx::Sheet* teachers = Find(kTeacherSheet, {"教师表", "教师名单", "教师信息"});
    for (auto [sheet, name] : {std::pair{schools, kSchoolSheet}, {teachers, kTeacherSheet}}) {
      if (sheet != nullptr) continue;
      errors_.Add("rotation_table.missing_sheet",
                  fmt::format("工作簿中没有“{}”表（请使用交流轮岗模板）", name),
                  fmt::format("the workbook has no sheet {} (use the rotation template)", name),
                  name);
    }
    if (schools != nullptr) ReadSchools(*schools);
    if (teachers != nullptr) ReadTeachers(*teachers);
    if (const xlsx::Sheet* needs = Find(kNeedSheet, {"学科需求表"})) ReadNeeds(*needs);
    if (const xlsx::Sheet* pins = Find(kPinSheet, {"指定/禁止", "指定_禁止", "指定与禁止"})) {
      ReadPins(*pins);
    }
    if (schools != nullptr && teachers != nullptr && out_.errors.empty()) {
      if (out_.instance.schools.empty()) {
        errors_.Add("rotation_table.empty", "“学校”表没有学校", "the 学校 sheet lists no school",
                    kSchoolSheet);
      }
      if (out_.instance.teachers.empty()) {
        errors_.Add("rotation_table.empty", "“教师”表没有教师：请填写本县义务教育学校教师名单",
                    "the 教师 sheet lists no teacher", kTeacherSheet);
      }
    }
  }

 private:
  const xlsx::Sheet* Find(std::string_view name, std::initializer_list<std::string_view> aliases) {
    if (const xlsx::Sheet* s = book_.Find(name)) return s;
    for (std::string_view a : aliases) {
      if (const xlsx::Sheet* s = book_.Find(a)) return s;
    }
    return nullptr;
  }

  void ReadSchools(const xlsx::Sheet& sheet) {
    Table t(sheet, SchoolColumns(), errors_);
    if (!t.ok()) return;
    std::map<SchoolKey, size_t> first_row;
    for (size_t r = 1; r < t.rows() && !errors_.full(); ++r) {
      if (!t.Filled(r)) continue;
      rotation::School s;
      auto code = t.Required(r, kSchoolCode);
      auto name = t.Required(r, kSchoolName);
      auto stage = t.Word(r, kSchoolStage, StageWords(), "小学、初中");
      auto locale = t.Word(r, kSchoolLocale, LocaleWords(), "城区、镇区、乡村");
      bool bad_students = false, bad_posts = false;
      auto students = t.Int(r, kSchoolStudents, 1, 100000, true, &bad_students);
      auto posts = t.Int(r, kSchoolPosts, 0, 100000, false, &bad_posts);
      bool bad_place = false;
      if (t.has(kSchoolLatLon) && !t.TextOf(r, kSchoolLatLon).empty()) {
        auto ll = ParseLatLon(t.TextOf(r, kSchoolLatLon));
        if (ll) {
          s.latitude = ll->first;
          s.longitude = ll->second;
        } else {
          bad_place = true;
          t.Bad(r, kSchoolLatLon, "rotation_table.bad_coordinates",
                "“经纬度”应写作“纬度,经度”，如 30.25,120.16（纬度 −90 到 90，经度 −180 到 180）",
                "经纬度 must read latitude,longitude, e.g. 30.25,120.16");
        }
      } else if (t.has(kSchoolLat) || t.has(kSchoolLon)) {
        const std::string lat = t.TextOf(r, kSchoolLat), lon = t.TextOf(r, kSchoolLon);
        if (!lat.empty() || !lon.empty()) {
          auto ll = ParseLatLon(lat + "," + lon);
          if (ll) {
            s.latitude = ll->first;
            s.longitude = ll->second;
          } else {
            bad_place = true;
            t.Bad(r, lat.empty() || ParseNumber(lat) ? kSchoolLon : kSchoolLat,
                  "rotation_table.bad_coordinates",
                  "纬度和经度应同时填写，纬度 −90 到 90，经度 −180 到 180",
                  "give both latitude (−90 to 90) and longitude (−180 to 180)");
          }
        }
      }
      if (!code || !name || !stage || !locale || !students || bad_posts || bad_place) continue;
      s.code = *code;
      s.name = *name;
      s.stage = *stage;
      s.locale = *locale;
      s.students = *students;
      s.posts = posts;
      auto [it, fresh] = first_row.emplace(SchoolKey{s.code, s.stage}, r + 1);
      if (!fresh) {
        t.Bad(r, kSchoolCode, "rotation_table.duplicate",
              fmt::format("学校 {} 的{}学段重复出现（第 {} 行已有）", s.code,
                          rotation::StageName(s.stage), it->second),
              fmt::format("school {} ({}) is listed twice (also row {})", s.code,
                          rotation::StageName(s.stage), it->second));
        continue;
      }
      index_[SchoolKey{s.code, s.stage}] = out_.instance.schools.size();
      out_.instance.schools.push_back(std::move(s));
    }
  }

  // The section of a school code and stage, or a reported error.
  std::optional<size_t> Section(const Table& t, size_t r, int col, const std::string& code,
                                Stage stage) {
    if (auto it = index_.find(SchoolKey{code, stage}); it != index_.end()) return it->second;
    const bool known = std::any_of(out_.instance.schools.begin(), out_.instance.schools.end(),
                                   [&](const rotation::School& s) { return s.code == code; });
    if (known) {
      t.Bad(r, col, "rotation_table.unknown_school",
            fmt::format("学校 {} 在“学校”表中没有{}学段", code, rotation::StageName(stage)),
            fmt::format("school {} has no {} section in the 学校 sheet", code,
                        rotation::StageName(stage)));
    } else {
      t.Bad(r, col, "rotation_table.unknown_school", fmt::format("学校 {} 不在“学校”表中", code),
            fmt::format("school {} is not in the 学校 sheet", code));
    }
    return std::nullopt;
  }

  void ReadTeachers(const xlsx::Sheet& sheet) {
    Table t(sheet, TeacherColumns(), errors_);
    if (!t.ok()) return;
    const int year = out_.instance.year;
    std::map<std::string, size_t> first_row;
    for (size_t r = 1; r < t.rows() && !errors_.full(); ++r) {
      if (!t.Filled(r)) continue;
      rotation::Teacher x;
      auto id = t.Required(r, kTeacherId);
      auto name = t.Required(r, kTeacherName);
      auto school = t.Required(r, kTeacherSchool);
      auto stage = t.Word(r, kTeacherStage, StageWords(), "小学、初中");
      auto subject = t.Required(r, kTeacherSubject);
      auto above = t.YesNo(r, kTeacherAbove);
      auto backbone = t.YesNo(r, kTeacherBackbone);
      auto pe_arts = t.YesNo(r, kTeacherPeArts);
      bool b1 = false, b2 = false, b3 = false, b4 = false;
      auto years = t.Int(r, kTeacherYears, 0, 60, true, &b1);
      auto to_retire = t.Int(r, kTeacherToRetire, 0, 60, false, &b2);
      auto age = t.Int(r, kTeacherAge, 16, 80, false, &b3);
      auto last = t.Int(r, kTeacherLastMove, 1950, std::max(year, 1950), false, &b4);
      if (!id || !name || !school || !stage || !subject || !above || !backbone || !pe_arts ||
          !years || b2 || b3 || b4) {
        continue;
      }
      if (!Section(t, r, kTeacherSchool, *school, *stage)) continue;
      auto [it, fresh] = first_row.emplace(*id, r + 1);
      if (!fresh) {
        t.Bad(r, kTeacherId, "rotation_table.duplicate",
              fmt::format("教师编号 {} 重复（第 {} 行已有）", *id, it->second),
              fmt::format("teacher id {} is listed twice (also row {})", *id, it->second));
        continue;
      }
      x.id = *id;
      x.name = *name;
      x.school = *school;
      x.stage = *stage;
      x.subject = *subject;
      x.above_required = *above;
      x.backbone = *backbone;
      x.pe_arts = *pe_arts;
      x.years_at_school = *years;
      x.years_to_retirement = to_retire;
      x.age = age;
      x.last_move_year = last;
      out_.instance.teachers.push_back(std::move(x));
    }
  }

  // A school named by code, or by name when the name is unique.
  std::optional<std::string> SchoolCode(const Table& t, size_t r, int col, const std::string& s) {
    std::set<std::string> by_name;
    for (const rotation::School& x : out_.instance.schools) {
      if (x.code == s) return s;
      if (x.name == s) by_name.insert(x.code);
    }
    if (by_name.size() == 1) return *by_name.begin();
    t.Bad(r, col, "rotation_table.unknown_school",
          by_name.empty() ? fmt::format("学校“{}”不在“学校”表中（填学校标识码或学校名称）", s)
                          : fmt::format("学校名称“{}”对应多所学校，请填学校标识码", s),
          by_name.empty() ? fmt::format("school {} is not in the 学校 sheet", s)
                          : fmt::format("several schools are named {}: give the code", s));
    return std::nullopt;
  }

  void ReadNeeds(const xlsx::Sheet& sheet) {
    Table t(sheet, NeedColumns(), errors_);
    if (!t.ok()) return;
    std::map<std::tuple<std::string, Stage, std::string>, size_t> first_row;
    for (size_t r = 1; r < t.rows() && !errors_.full(); ++r) {
      if (!t.Filled(r)) continue;
      auto school = t.Required(r, kNeedSchool);
      auto subject = t.Required(r, kNeedSubject);
      bool b1 = false, b2 = false;
      auto keep = t.Int(r, kNeedKeep, 0, 1000, false, &b1);
      auto need = t.Int(r, kNeedNeed, 0, 1000, false, &b2);
      std::optional<Stage> stage;
      if (!t.TextOf(r, kNeedStage).empty()) {
        stage = t.Word(r, kNeedStage, StageWords(), "小学、初中");
        if (!stage) continue;
      }
      if (!school || !subject || b1 || b2) continue;
      auto code = SchoolCode(t, r, kNeedSchool, *school);
      if (!code) continue;
      if (!stage) {
        std::vector<Stage> stages;
        for (const rotation::School& x : out_.instance.schools) {
          if (x.code == *code) stages.push_back(x.stage);
        }
        if (stages.size() != 1) {
          t.Bad(r, kNeedStage, "rotation_table.required",
                fmt::format("学校 {} 有小学和初中两个学段，请填“学段”", *code),
                fmt::format("school {} has two stages: fill in 学段", *code));
          continue;
        }
        stage = stages[0];
      }
      auto section = Section(t, r, kNeedSchool, *code, *stage);
      if (!section) continue;
      auto [it, fresh] = first_row.emplace(std::tuple{*code, *stage, *subject}, r + 1);
      if (!fresh) {
        t.Bad(r, kNeedSubject, "rotation_table.duplicate",
              fmt::format("学校 {}（{}）的{}学科重复（第 {} 行已有）", *code,
                          rotation::StageName(*stage), *subject, it->second),
              fmt::format("school {} ({}), subject {} is listed twice (also row {})", *code,
                          rotation::StageName(*stage), *subject, it->second));
        continue;
      }
      out_.instance.schools[*section].subjects.push_back(
          rotation::SubjectStaffing{*subject, keep.value_or(0), need.value_or(0)});
    }
  }

  void ReadPins(const xlsx::Sheet& sheet) {
    Table t(sheet, PinColumns(), errors_);
    if (!t.ok()) return;
    enum class Kind { kPin, kForbid };
    const std::vector<std::pair<std::string_view, Kind>> kinds = {{"指定", Kind::kPin},
                                                                  {"指定调动", Kind::kPin},
                                                                  {"禁止", Kind::kForbid},
                                                                  {"禁止调动", Kind::kForbid},
                                                                  {"不得交流", Kind::kForbid}};
    std::set<std::string> teachers;
    for (const rotation::Teacher& x : out_.instance.teachers) teachers.insert(x.id);
    for (size_t r = 1; r < t.rows() && !errors_.full(); ++r) {
      if (!t.Filled(r)) continue;
      auto id = t.Required(r, kPinTeacher);
      auto kind = t.Word(r, kPinKind, kinds, "指定、禁止");
      if (!id || !kind) continue;
      if (!teachers.count(*id)) {
        t.Bad(r, kPinTeacher, "rotation_table.unknown_teacher",
              fmt::format("教师编号 {} 不在“教师”表中", *id),
              fmt::format("teacher {} is not in the 教师 sheet", *id));
        continue;
      }
      const std::string school = t.TextOf(r, kPinSchool);
      if (school.empty()) {
        if (*kind == Kind::kPin) {
          t.Bad(r, kPinSchool, "rotation_table.required", "“指定”调动必须填写调入学校",
                "a pinned move needs the school to go to");
        } else {
          out_.instance.forbids.push_back(rotation::ForbiddenMove{*id, ""});
        }
        continue;
      }
      auto code = SchoolCode(t, r, kPinSchool, school);
      if (!code) continue;
      if (*kind == Kind::kPin) {
        out_.instance.pins.push_back(rotation::PinnedMove{*id, *code});
      } else {
        out_.instance.forbids.push_back(rotation::ForbiddenMove{*id, *code});
      }
    }
  }

  const xlsx::Workbook& book_;
  ReadResult& out_;
  Errors errors_;
  std::map<SchoolKey, size_t> index_;  // section → index in instance.schools
};

}  // namespace

ReadResult ReadRotationWorkbook(std::string_view bytes, std::string_view file_name, int year) {
  ReadResult out;
  auto book = xlsx::ReadXlsx(bytes, file_name);
  if (!book) {
    Error e = book.error();
    if (e.where.file.empty()) e.where.file = std::string(file_name);
    out.errors.push_back(std::move(e));
    return out;
  }
  Reader(*book, year, out).Read();
  if (!out.errors.empty()) out.instance = rotation::Instance{};
  return out;
}

}  // namespace jiaodu::rotation_table
