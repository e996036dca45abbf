// Reads school-data workbooks (and CSV exports of their sheets) into
// records, collecting every problem with its exact place in the user's file.
//
// An import may hold the workbooks of several data collections (the
// compulsory-school one and the preschool one): each sheet is routed to the
// workbook whose sheet name (or, for a CSV file, whose headers) it has, and
// each workbook is read with its own standard and catalog. What they share
// is checked across them: areas, the county of a school, and that a school
// code used in two workbooks is the same school.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/domain/standards/expr.h"
#include "jiaodu/formats/school_workbook/layout.h"
#include "jiaodu/formats/school_workbook/school_workbook.h"
#include "jiaodu/formats/xlsx/csv_reader.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu {
namespace {

using workbook::FieldColumns;
using workbook::NormalizeHeader;
using workbook::SheetKind;
using workbook::SheetLayout;
using workbook::WorkbookLayout;

constexpr size_t kHeaderSearchRows = 10;
constexpr size_t kMaxErrors = 2000;  // beyond this the list stops helping

// Where a value came from, for messages that point back at the file.
struct Origin {
  std::string file;
  std::string sheet;
  int row = 0;  // 1-based, as Excel shows it
};

std::string Describe(const Origin& o) {
  return fmt::format("文件 {} 工作表 {} 第 {} 行", o.file, o.sheet, o.row);
}
std::string DescribeEn(const Origin& o) {
  return fmt::format("file {} sheet {} row {}", o.file, o.sheet, o.row);
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : "、") + n;
  return s;
}

// One column of a parsed header.
struct Column {
  size_t index = 0;             // 0-based position in the sheet
  std::string header;           // as written
  std::string key;              // fixed column key, or empty
  std::optional<size_t> field;  // catalog field, or nullopt
  std::string Label() const { return fmt::format("{}（{}）", xlsx::ColumnLetters(index), header); }
};

// The cells of one data row, by column.
struct RowCells {
  Origin origin;
  const std::vector<Column>* columns = nullptr;                        // of the row's sheet
  std::map<std::string, std::pair<const Column*, std::string>> fixed;  // key → (column, text)
  std::map<size_t, std::pair<const Column*, const xlsx::Cell*>> fields;
};

struct SchoolRow {
  RowCells cells;
  School school;
  AcademicYear year;
  FieldValues values;
  bool has_values = false;
  std::string county_name;
  // Attributes this workbook does not ask (是否寄宿制 in the preschool one,
  // 是否普惠 in the compulsory one) are taken from the other workbook or
  // the stored school, so an import does not reset them.
  bool boarding_given = false;
  bool inclusive_given = false;
};

struct SectionRow {
  RowCells cells;
  AcademicYear year;
  std::string code;
  Stage stage = Stage::kPrimary;
  FieldValues values;
  bool has_values = false;
};

struct OverrideRow {
  RowCells cells;
  AcademicYear year;
  std::string code;
  Stage stage = Stage::kPrimary;
  FieldValues values;
};

struct DeferredCounty {
  std::string code;
  Origin origin;
  const Column* column;
};
struct DeferredName {
  std::string code;
  std::string name;
  Origin origin;
  const Column* column;
};

std::string CellText(const xlsx::Cell& c) {
  switch (c.type) {
    case xlsx::Cell::Type::kEmpty:
      return "";
    case xlsx::Cell::Type::kNumber: {
      // Codes typed into General cells arrive as numbers: keep all digits.
      if (c.number == std::floor(c.number) && std::fabs(c.number) < 1e15) {
        return fmt::format("{:.0f}", c.number);
      }
      return c.text;
    }
    default:
      return std::string(Trim(c.text));
  }
}

// What a normalized header means in `layout`.
struct HeaderMatch {
  std::string key;
  std::optional<size_t> field;
};
std::optional<HeaderMatch> Match(const SheetLayout& layout, const FieldCatalog& catalog,
                                 const std::string& norm) {
  for (const auto& c : layout.fixed) {
    if (NormalizeHeader(c.header) == norm) return HeaderMatch{c.key, std::nullopt};
    for (const auto& a : c.aliases) {
      if (NormalizeHeader(a) == norm) return HeaderMatch{c.key, std::nullopt};
    }
  }
  for (size_t idx : FieldColumns(layout, catalog)) {
    const FieldDef& f = catalog.at(idx);
    // With or without the unit: "在校生数（人）" or "在校生数".
    if (NormalizeHeader(f.name.zh) == norm ||
        NormalizeHeader(workbook::FieldHeader(f, false)) == norm || f.id == norm) {
      return HeaderMatch{"", idx};
    }
  }
  return std::nullopt;
}

// The import's error list, capped.
class Errors {
 public:
  explicit Errors(std::vector<Error>& out) : out_(out) {}

  void Add(Error e) {
    if (out_.size() < kMaxErrors) {
      out_.push_back(std::move(e));
    } else if (out_.size() == kMaxErrors) {
      out_.push_back(
          Error{ErrorCode::kInvalidInput,
                "import.too_many_errors",
                Text(fmt::format("错误超过 {} 处，其余未列出；请先改正以上错误", kMaxErrors),
                     fmt::format("more than {} errors; the rest are not listed", kMaxErrors)),
                {},
                {}});
    }
  }

  void Cell(const Origin& o, const Column* col, std::string_view value, std::string id,
            Text message) {
    Error e{ErrorCode::kInvalidInput, std::move(id), std::move(message), {}, {}};
    e.where.file = o.file;
    e.where.sheet = o.sheet;
    e.where.row = o.row;
    if (col != nullptr) e.where.column = col->Label();
    e.where.value = Ellipsize(value, 64);
    Add(std::move(e));
  }

  void Cell(const Origin& o, const Column* col, std::string_view value, const Error& inner) {
    Cell(o, col, value, inner.id, inner.message);
  }

  void Row(const Origin& o, std::string id, Text message) {
    Cell(o, nullptr, "", std::move(id), std::move(message));
  }

  bool empty() const { return out_.empty(); }

 private:
  std::vector<Error>& out_;
};

// What the workbooks of one import share.
struct Shared {
  Shared(const ImportContext& c, std::vector<Error>& out) : ctx(c), errors(out) {}

  const ImportContext& ctx;
  Errors errors;
  std::deque<std::vector<Column>> columns;  // stable addresses for RowCells
  std::vector<std::pair<Area, Origin>> new_areas;
  std::vector<DeferredCounty> deferred_counties;
  std::vector<DeferredName> deferred_names;
  // School code → the county this import gives it (any workbook, any year).
  std::map<std::string, std::pair<std::string, Origin>> county_of;
  std::vector<const WorkbookLayout*> workbooks;

  const Area* KnownArea(const std::string& code) const {
    for (const auto& [a, o] : new_areas) {
      if (a.code == code) return &a;
    }
    for (const Area& a : ctx.areas) {
      if (a.code == code) return &a;
    }
    return nullptr;
  }

  // The other workbook's sheet where data of `stage` go, for hints.
  std::string SheetFor(Stage stage, SheetKind kind, const WorkbookLayout& not_this) const {
    for (const WorkbookLayout* w : workbooks) {
      if (w == &not_this) continue;
      const auto& st = w->stages();
      if (std::find(st.begin(), st.end(), stage) != st.end() && w->Find(kind) != nullptr)
        return w->Find(kind)->name;
    }
    return "";
  }
};

// Reading the cells of a row: fixed columns, codes, years.
class CellReader {
 public:
  explicit CellReader(Shared& sh) : sh_(sh) {}

 protected:
  // The text of a fixed column; reports a blank required cell (a missing
  // column is reported once, at the header).
  std::optional<std::string> Fixed(const RowCells& cells, const SheetLayout& layout,
                                   std::string_view key) {
    auto it = cells.fixed.find(std::string(key));
    if (it != cells.fixed.end() && !it->second.second.empty())
      return NormalizeWidth(it->second.second);
    for (const auto& fc : layout.fixed) {
      if (fc.key != key || !fc.required || cells.columns == nullptr) continue;
      for (const Column& col : *cells.columns) {
        if (col.key != key) continue;
        sh_.errors.Cell(cells.origin, &col, "", "import.required",
                        Text(fmt::format("“{}”为必填项，不能为空", fc.header),
                             fmt::format("\"{}\" is required", fc.header)));
      }
    }
    return std::nullopt;
  }

  template <typename T>
  std::optional<T> Parsed(const RowCells& cells, std::string_view key, Result<T> r) {
    if (r) return *r;
    auto it = cells.fixed.find(std::string(key));
    sh_.errors.Cell(cells.origin, it != cells.fixed.end() ? it->second.first : nullptr,
                    it != cells.fixed.end() ? it->second.second : "", r.error());
    return std::nullopt;
  }

  std::optional<AcademicYear> Year(const RowCells& cells, const SheetLayout& layout) {
    auto text = Fixed(cells, layout, "year");
    if (!text) return std::nullopt;
    return Parsed(cells, "year", AcademicYear::Parse(*text));
  }

  std::optional<std::string> SchoolCode(const RowCells& cells, const SheetLayout& layout) {
    auto text = Fixed(cells, layout, "school_code");
    if (!text) return std::nullopt;
    auto st = ValidateSchoolCode(*text);
    if (!st) return Parsed<std::string>(cells, "school_code", Fail(st.error()));
    return *text;
  }

  std::optional<std::string> CountyCode(const RowCells& cells, const SheetLayout& l) {
    auto code = Fixed(cells, l, "county_code");
    if (!code) return std::nullopt;
    // Areas sheets are read in file order; an area defined later in the
    // same import is known by then, so unknowns are checked at the end.
    sh_.deferred_counties.push_back({*code, cells.origin, ColumnOfKey(cells, "county_code")});
    if (auto n = cells.fixed.find("county_name");
        n != cells.fixed.end() && !n->second.second.empty()) {
      sh_.deferred_names.push_back(
          {*code, NormalizeWidth(n->second.second), cells.origin, n->second.first});
    }
    return code;
  }

  static const Column* ColumnOfKey(const RowCells& cells, const std::string& key) {
    auto it = cells.fixed.find(key);
    return it == cells.fixed.end() ? nullptr : it->second.first;
  }

  static const Column* ColumnFor(const RowCells& cells, size_t field) {
    if (cells.columns == nullptr) return nullptr;
    for (const Column& c : *cells.columns) {
      if (c.field == field) return &c;
    }
    return nullptr;
  }

  Shared& sh_;
};

// The sheets of one workbook (one standard, one catalog, one dataset).
class DatasetReader : public CellReader {
 public:
  DatasetReader(std::shared_ptr<const Standard> standard, Shared& sh)
      : CellReader(sh),
        standard_(std::move(standard)),
        wl_(*standard_),
        catalog_(*standard_->catalog) {}

  const WorkbookLayout& layout() const { return wl_; }
  const FieldCatalog& catalog() const { return catalog_; }

  void NoteSheet(SheetKind kind, const std::string& file) {
    if (kind == SheetKind::kSchools) saw_school_sheet_ = true;
    if (kind == SheetKind::kSections && first_section_file_.empty()) first_section_file_ = file;
  }

  void ReadRow(SheetKind kind, RowCells cells) {
    switch (kind) {
      case SheetKind::kSchools:
        return ReadSchool(std::move(cells));
      case SheetKind::kSections:
        return ReadSection(std::move(cells));
      case SheetKind::kOverrides:
        return ReadOverride(std::move(cells));
      case SheetKind::kCounty:
        return ReadCounty(std::move(cells));
      case SheetKind::kItems:
        return ReadItem(std::move(cells));
      case SheetKind::kVetoes:
        return ReadVeto(std::move(cells));
      case SheetKind::kAreas:
        return;  // shared: read by the import
    }
  }

  // Section data without the school sheet: refused as a whole (the rows
  // would only repeat "no such school").
  bool CheckSheets() {
    if (first_section_file_.empty() || saw_school_sheet_) return true;
    const std::string& schools = wl_.Find(SheetKind::kSchools)->name;
    const std::string& sections = wl_.Find(SheetKind::kSections)->name;
    Error e{
        ErrorCode::kInvalidInput,
        "import.missing_sheet",
        Text(fmt::format("缺少工作表“{}”：{}须与{}一并导入", schools, sections, schools),
             fmt::format("sheet {} is missing: {} must be imported with it", schools, sections)),
        {},
        {}};
    e.where.file = first_section_file_;
    sh_.errors.Add(std::move(e));
    skip_ = true;
    return false;
  }

  // School rows: duplicates, one county per school, and what the database
  // already knows about the code.
  void CollectSchools() {
    if (skip_) return;
    for (size_t i = 0; i < schools_.size(); ++i) {
      SchoolRow& s = schools_[i];
      const Origin& o = s.cells.origin;
      auto key = std::make_pair(s.year.start(), s.school.code);
      if (auto [it, fresh] = by_key_.emplace(key, i); !fresh) {
        sh_.errors.Row(
            o, "import.duplicate_school",
            Text(fmt::format("学校标识码 {} 在{}重复出现（另见{}）", s.school.code, s.year.Label(),
                             Describe(schools_[it->second].cells.origin)),
                 fmt::format("school code {} appears twice for {} (see {})", s.school.code,
                             s.year.LabelEn(), DescribeEn(schools_[it->second].cells.origin))));
        continue;
      }
      if (auto [it, fresh] =
              sh_.county_of.emplace(s.school.code, std::make_pair(s.school.county, o));
          !fresh && it->second.first != s.school.county) {
        sh_.errors.Row(
            o, "import.school_in_two_counties",
            Text(fmt::format("学校 {} 在本次导入中填写了两个不同的县区：{} 与 {}（另见{}）",
                             s.school.code, it->second.first, s.school.county,
                             Describe(it->second.second)),
                 fmt::format("school {} is given two counties in this import: {} and {} (see {})",
                             s.school.code, it->second.first, s.school.county,
                             DescribeEn(it->second.second))));
      }
      for (const School& existing : sh_.ctx.schools) {
        if (existing.code != s.school.code) continue;
        if (existing.county != s.school.county) {
          const Area* a = sh_.KnownArea(existing.county);
          sh_.errors.Row(
              o, "import.school_in_two_counties",
              Text(fmt::format("学校 {}（{}）已登记在县区 {}（{}），此处填写为 "
                               "{}；同一学校不能属于两个县区，"
                               "如确需调整隶属关系请联系管理员",
                               s.school.code, existing.name, a ? a->name : "", existing.county,
                               s.school.county),
                   fmt::format("school {} ({}) is registered in county {}, not {}; a school cannot "
                               "belong to "
                               "two counties",
                               s.school.code, existing.name, existing.county, s.school.county)));
        }
        // A kindergarten and a school never share a code: a primary
        // school's 附设幼儿班 is entered under the school's own type.
        bool was_kindergarten = existing.type == SchoolType::kKindergarten;
        if (was_kindergarten != (s.school.type == SchoolType::kKindergarten)) {
          sh_.errors.Cell(
              o, ColumnOfKey(s.cells, "type"), SchoolTypeName(s.school.type),
              "import.school_differs",
              Text(fmt::format("学校标识码 {} 已登记为{}“{}”，此处填写为{}：幼儿园与中小学不能共用"
                               "学校标识码；小学附设幼儿班的“学校类型”填所在学校的类型",
                               s.school.code, SchoolTypeName(existing.type), existing.name,
                               SchoolTypeName(s.school.type)),
                   fmt::format("school code {} is registered as {} \"{}\", not {}: a kindergarten "
                               "and a school cannot share a code",
                               s.school.code, SchoolTypeNameEn(existing.type), existing.name,
                               SchoolTypeNameEn(s.school.type))));
        }
        if (!s.boarding_given) s.school.boarding = existing.boarding;
        if (!s.inclusive_given) s.school.inclusive = existing.inclusive;
      }
      sh_.deferred_counties.push_back({s.school.county, o, ColumnOfKey(s.cells, "county_code")});
      if (!s.county_name.empty()) {
        sh_.deferred_names.push_back(
            {s.school.county, s.county_name, o, ColumnOfKey(s.cells, "county_name")});
      }
    }
  }

  // The school row of (year, code) this workbook holds, or nullptr.
  SchoolRow* FindSchool(int year, const std::string& code) {
    auto it = by_key_.find({year, code});
    return it == by_key_.end() ? nullptr : &schools_[it->second];
  }
  std::vector<SchoolRow*> SchoolRows() {
    std::vector<SchoolRow*> out;
    for (const auto& [key, idx] : by_key_) out.push_back(&schools_[idx]);
    return out;
  }

  // Sections attach to their school row; complete records come out.
  void BuildRecords() {
    if (skip_) return;
    const SheetLayout& sl = *wl_.Find(SheetKind::kSchools);
    const SheetLayout& secl = *wl_.Find(SheetKind::kSections);
    std::map<std::tuple<int, std::string, Stage>, size_t> seen_sections;
    std::map<std::pair<int, std::string>, std::vector<size_t>> sections_of;
    for (size_t i = 0; i < sections_.size(); ++i) {
      SectionRow& sec = sections_[i];
      const Origin& o = sec.cells.origin;
      auto key = std::make_tuple(sec.year.start(), sec.code, sec.stage);
      if (auto [it, fresh] = seen_sections.emplace(key, i); !fresh) {
        sh_.errors.Row(
            o, "import.duplicate_section",
            Text(fmt::format("{} {} 的{}{}数据重复（另见{}）", wl_.noun(), sec.code,
                             sec.year.Label(), StageName(sec.stage),
                             Describe(sections_[it->second].cells.origin)),
                 fmt::format("{} {} has two {} {} rows (see {})", catalog_.member_noun().en,
                             sec.code, sec.year.LabelEn(), StageNameEn(sec.stage),
                             DescribeEn(sections_[it->second].cells.origin))));
        continue;
      }
      auto school = by_key_.find({sec.year.start(), sec.code});
      if (school == by_key_.end() && broken_schools_.count({sec.year.start(), sec.code})) continue;
      if (school == by_key_.end()) {
        sh_.errors.Row(
            o, "import.section_without_school",
            Text(fmt::format("学校标识码 {} 在“{}”中没有{}的记录：{}与{}须一并导入", sec.code,
                             sl.name, sec.year.Label(), sl.name, secl.name),
                 fmt::format("school {} has no {} row in {}; import both sheets together", sec.code,
                             sec.year.LabelEn(), sl.name)));
        continue;
      }
      const School& s = schools_[school->second].school;
      auto allowed = wl_.AllowedStages(s.type);
      if (std::find(allowed.begin(), allowed.end(), sec.stage) == allowed.end()) {
        StageNotAllowed(sec, s);
        continue;
      }
      sections_of[{sec.year.start(), sec.code}].push_back(i);
    }
    // Overrides.
    std::map<std::tuple<int, std::string, Stage>, size_t> override_of;
    for (size_t i = 0; i < overrides_.size(); ++i) {
      const OverrideRow& ov = overrides_[i];
      auto key = std::make_tuple(ov.year.start(), ov.code, ov.stage);
      if (!seen_sections.count(key)) {
        sh_.errors.Row(ov.cells.origin, "import.override_without_section",
                       Text(fmt::format("共用资源分摊：学校 {} 没有{}{}的分学段数据", ov.code,
                                        ov.year.Label(), StageName(ov.stage)),
                            fmt::format("shared-resource split: school {} has no {} {} row",
                                        ov.code, ov.year.LabelEn(), StageNameEn(ov.stage))));
        continue;
      }
      if (!override_of.emplace(key, i).second) {
        sh_.errors.Row(
            ov.cells.origin, "import.duplicate_override",
            Text(fmt::format("共用资源分摊：学校 {} 的{}重复", ov.code, StageName(ov.stage)),
                 fmt::format("shared-resource split: school {} {} appears twice", ov.code,
                             StageNameEn(ov.stage))));
      }
    }
    // Records.
    for (const auto& [key, idx] : by_key_) {
      SchoolRow& s = schools_[idx];
      auto secs = sections_of.find(key);
      bool sections_have_values = false;
      if (secs != sections_of.end()) {
        for (size_t i : secs->second)
          sections_have_values = sections_have_values || sections_[i].has_values;
      }
      // A prefilled row nobody filled in: skip it rather than refuse it.
      if (!s.has_values && !sections_have_values) {
        ++skipped_blank_;
        continue;
      }
      SchoolYearRecord rec;
      rec.school = s.school;
      rec.year = s.year;
      rec.values = s.values;
      // Required school-level fields.
      for (size_t f : FieldColumns(sl, catalog_)) {
        const FieldDef& def = catalog_.at(f);
        if (def.required && !rec.values.Has(f) && !s.cells.fields.count(f)) {
          const Column* col = ColumnFor(s.cells, f);
          if (col != nullptr) {
            sh_.errors.Cell(s.cells.origin, col, "", "import.required",
                            Text(fmt::format("“{}”为必填项，不能为空", def.name.zh),
                                 fmt::format("\"{}\" is required", def.name.en)));
          }
        }
      }
      std::set<Stage> have;
      if (secs != sections_of.end()) {
        for (size_t i : secs->second) {
          SectionRecord sec;
          sec.stage = sections_[i].stage;
          sec.values = sections_[i].values;
          sec.overrides = FieldValues(catalog_.size());
          auto ov = override_of.find(std::make_tuple(key.first, key.second, sec.stage));
          if (ov != override_of.end()) sec.overrides = overrides_[ov->second].values;
          have.insert(sec.stage);
          rec.sections.push_back(std::move(sec));
        }
      }
      if (!HasItsSections(rec, have, s.cells.origin)) continue;
      CheckOverridesFit(rec, s.cells.origin);
      CheckRules(rec, s, secs != sections_of.end() ? secs->second : std::vector<size_t>{});
      std::sort(rec.sections.begin(), rec.sections.end(),
                [](const SectionRecord& a, const SectionRecord& b) { return a.stage < b.stage; });
      school_years_.push_back(std::move(rec));
    }
  }

  void AssembleCounties() {
    if (skip_) return;
    for (auto& [key, rec] : counties_) {
      // County-level rules, on the values given.
      for (const FieldRule& rule : catalog_.rules()) {
        if (rule.level != FieldLevel::kCounty) continue;
        auto expr = Expr::Compile(rule.check, catalog_, ExprScope::kCounty);
        if (!expr) continue;
        class Ctx final : public ExprContext {
         public:
          explicit Ctx(const CountyYearRecord& r) : r_(r) {}
          std::optional<double> Field(size_t i) const override { return r_.values.Get(i); }
          ExprValue Attr(Attribute) const override { return ExprValue::String(""); }
          Status ForEachMember(const std::function<Status(const ExprContext&)>&) const override {
            return Ok();
          }

         private:
          const CountyYearRecord& r_;
        } ctx(rec);
        auto ok = expr->EvaluateBool(ctx);
        if (ok && !*ok) {
          auto o = county_origin_.find(key);
          Origin origin = o != county_origin_.end() ? o->second : Origin{};
          sh_.errors.Row(origin, "import.rule", rule.message);
        }
      }
      county_years_.push_back(std::move(rec));
    }
  }

  ParsedDataset Take() {
    ParsedDataset d;
    d.standard = standard_;
    d.dataset = catalog_.dataset();
    d.school_years = std::move(school_years_);
    d.county_years = std::move(county_years_);
    return d;
  }

 private:
  // Reads the catalog field cells of a row into `values`.
  bool ReadFields(const RowCells& cells, const SheetLayout& layout, FieldValues& values,
                  bool check_required, std::optional<Stage> stage) {
    values = FieldValues(catalog_.size());
    bool ok = true;
    bool any = false;
    for (const auto& [idx, where] : cells.fields) {
      const FieldDef& f = catalog_.at(idx);
      const xlsx::Cell& cell = *where.second;
      std::string text =
          cell.type == xlsx::Cell::Type::kNumber ? cell.text : std::string(Trim(cell.text));
      int pow10 = f.pow10;
      bool percent = false;
      if (f.kind == FieldKind::kRatio) {
        std::string t = NormalizeWidth(text);
        if (!t.empty() && t.back() == '%') {
          text = t.substr(0, t.size() - 1);
          percent = true;
        }
      }
      if (cell.type == xlsx::Cell::Type::kError) {
        sh_.errors.Cell(
            cells.origin, where.first, cell.text, "import.formula_error",
            Text(fmt::format("“{}”单元格是公式错误 {}，请填写数值", f.name.zh, cell.text),
                 fmt::format("\"{}\" holds the formula error {}; enter a number", f.name.en,
                             cell.text)));
        ok = false;
        continue;
      }
      auto v = ParseNumber(text, pow10);
      if (!v) {
        sh_.errors.Cell(
            cells.origin, where.first, text, "import.not_a_number",
            Text(fmt::format("“{}”应填写数字，“{}”不是有效的数字", f.name.zh, Ellipsize(text, 20)),
                 fmt::format("\"{}\" must be a number; \"{}\" is not", f.name.en,
                             Ellipsize(text, 20))));
        ok = false;
        continue;
      }
      double value = *v;
      if (f.kind == FieldKind::kRatio && (percent || value > 1.0))
        value = *ParseNumber(text, pow10 - 2);
      auto st = ValidateFieldValue(f, value);
      if (!st) {
        sh_.errors.Cell(cells.origin, where.first, text, st.error());
        ok = false;
        continue;
      }
      if (stage && !f.AppliesTo(*stage)) continue;  // not reported for this stage
      values.Set(idx, value);
      any = true;
    }
    if (check_required && any) {
      for (size_t idx : FieldColumns(layout, catalog_)) {
        const FieldDef& f = catalog_.at(idx);
        if (!f.required || values.Has(idx) || cells.fields.count(idx)) continue;
        if (stage && !f.AppliesTo(*stage)) continue;
        const Column* col = ColumnFor(cells, idx);
        if (col == nullptr) continue;  // whole column missing: reported at the header
        sh_.errors.Cell(cells.origin, col, "", "import.required",
                        Text(fmt::format("“{}”为必填项，不能为空", f.name.zh),
                             fmt::format("\"{}\" is required", f.name.en)));
        ok = false;
      }
    }
    return ok && any;
  }

  // A type with no stage in this workbook (a kindergarten in the compulsory
  // one, a 高级中学 in the preschool one).
  bool CheckType(const RowCells& cells, SchoolType type) {
    if (!wl_.AllowedStages(type).empty()) return true;
    std::vector<std::string> names;
    for (SchoolType t : wl_.Types()) names.emplace_back(SchoolTypeName(t));
    const std::string& sheet = wl_.Find(SheetKind::kSchools)->name;
    std::string elsewhere;
    for (Stage st : StagesOf(type)) {
      if (elsewhere.empty()) elsewhere = sh_.SheetFor(st, SheetKind::kSchools, wl_);
    }
    sh_.errors.Cell(
        cells.origin, ColumnOfKey(cells, "type"), SchoolTypeName(type), "import.type_not_allowed",
        Text(fmt::format("学校类型“{}”不能填入“{}”（{}），此表可填的学校类型为：{}{}",
                         SchoolTypeName(type), sheet, catalog_.title().zh, JoinNames(names),
                         elsewhere.empty()
                             ? ""
                             : fmt::format("；{}请填入“{}”", SchoolTypeName(type), elsewhere)),
             fmt::format("school type \"{}\" does not belong in {} ({}); allowed: {}",
                         SchoolTypeNameEn(type), sheet, catalog_.title().en, JoinNames(names))));
    return false;
  }

  // 是否普惠性幼儿园 and 办园类别 (the preschool workbook). Returns the
  // 普惠 flag, or nullopt (and reports) when it cannot be read.
  std::optional<bool> Inclusive(const RowCells& cells, const SheetLayout& l,
                                std::optional<Ownership> own) {
    auto text = Fixed(cells, l, "inclusive");
    if (!text) return std::nullopt;
    std::optional<bool> inclusive = Parsed(cells, "inclusive", ParseYesNo(*text));
    if (inclusive && own && *own == Ownership::kPublic && !*inclusive) {
      sh_.errors.Cell(cells.origin, ColumnOfKey(cells, "inclusive"), *text,
                      "import.public_not_inclusive",
                      Text("公办园（含公办学校附设幼儿班）都是普惠性幼儿园：办学性质为“公办”时，"
                           "“是否普惠性幼儿园”应填“是”",
                           "public kindergartens are inclusive by definition: enter 是 (yes)"));
      return std::nullopt;
    }
    auto category = cells.fixed.find("category");
    if (category == cells.fixed.end() || category->second.second.empty()) return inclusive;
    std::string cat = NormalizeWidth(category->second.second);
    auto known = workbook::KindergartenCategories();
    if (std::find(known.begin(), known.end(), cat) == known.end()) {
      sh_.errors.Cell(
          cells.origin, category->second.first, cat, "kind.category",
          Text(fmt::format("办园类别“{}”无法识别，应为：{}", Ellipsize(cat, 20), JoinNames(known)),
               fmt::format("unknown kindergarten category \"{}\"; expected one of: {}",
                           Ellipsize(cat, 20), JoinNames(known))));
      return inclusive;
    }
    if (!inclusive || !own) return inclusive;
    School probe;
    probe.ownership = *own;
    probe.inclusive = *inclusive;
    std::string expected(KindergartenCategory(probe));
    if (cat != expected) {
      sh_.errors.Cell(
          cells.origin, category->second.first, cat, "import.category_mismatch",
          Text(fmt::format("办园类别“{}”与办学性质“{}”、是否普惠性幼儿园“{}”不一致：按这两列应为"
                           "“{}”",
                           cat, OwnershipName(*own), *inclusive ? "是" : "否", expected),
               fmt::format("category \"{}\" contradicts ownership {} and inclusive = {}: it "
                           "should be \"{}\"",
                           cat, OwnershipNameEn(*own), *inclusive ? "yes" : "no", expected)));
    }
    return inclusive;
  }

  void ReadSchool(RowCells cells) {
    const SheetLayout& l = *wl_.Find(SheetKind::kSchools);
    SchoolRow r;
    auto year = Year(cells, l);
    auto code = SchoolCode(cells, l);
    auto name = Fixed(cells, l, "school_name");
    auto county = Fixed(cells, l, "county_code");
    auto type_text = Fixed(cells, l, "type");
    auto locale_text = Fixed(cells, l, "locale");
    auto own_text = Fixed(cells, l, "ownership");
    // Plain values with "given" flags rather than optionals: GCC 12 at -O2
    // warns (-Wmaybe-uninitialized) on optionals engaged on some paths.
    SchoolType type{};
    bool has_type = false;
    if (type_text) {
      if (auto t = Parsed(cells, "type", ParseSchoolType(*type_text)); t && CheckType(cells, *t)) {
        type = *t;
        has_type = true;
      }
    }
    Locale locale{};
    bool has_locale = false;
    if (locale_text) {
      if (auto v = Parsed(cells, "locale", ParseLocale(*locale_text))) {
        locale = *v;
        has_locale = true;
      }
    }
    std::optional<Ownership> own;
    if (own_text) own = Parsed(cells, "ownership", ParseOwnership(*own_text));
    // Attributes the workbook asks: missing ones stay false until filled
    // from elsewhere (see SchoolRow).
    r.boarding_given = l.Fixed("boarding") != nullptr;
    bool boarding = false;
    bool has_boarding = true;
    if (r.boarding_given) {
      auto text = Fixed(cells, l, "boarding");
      auto v = text ? Parsed(cells, "boarding", ParseYesNo(*text)) : std::nullopt;
      has_boarding = v.has_value();
      boarding = v.value_or(false);
    }
    r.inclusive_given = l.Fixed("inclusive") != nullptr;
    bool inclusive = false;
    bool has_inclusive = true;
    if (r.inclusive_given) {
      auto v = Inclusive(cells, l, own);
      has_inclusive = v.has_value();
      inclusive = v.value_or(false);
    }
    if (county) {
      auto st = ValidateAreaCode(*county);
      if (!st) {
        Parsed<std::string>(cells, "county_code", Fail(st.error()));
        county.reset();
      }
    }
    r.has_values = ReadFields(cells, l, r.values, false, std::nullopt);
    if (!year || !code || !name || !county || !has_type || !has_locale || !own || !has_boarding ||
        !has_inclusive) {
      // Its sections would only repeat "no such school": remember it.
      if (year && code) broken_schools_.insert({year->start(), *code});
      return;
    }
    r.year = *year;
    r.school = School{*code, *name, *county, "", type, locale, *own, boarding, inclusive};
    if (auto t = cells.fixed.find("town"); t != cells.fixed.end())
      r.school.town = NormalizeWidth(t->second.second);
    if (auto n = cells.fixed.find("county_name"); n != cells.fixed.end())
      r.county_name = NormalizeWidth(n->second.second);
    r.cells = std::move(cells);
    schools_.push_back(std::move(r));
  }

  // The stage of a section or override row: its 学段 cell, or the
  // workbook's only stage.
  std::optional<Stage> RowStage(const RowCells& cells, const SheetLayout& l) {
    auto text = Fixed(cells, l, "stage");
    if (text) return Parsed(cells, "stage", ParseStage(*text));
    const workbook::FixedColumn* col = l.Fixed("stage");
    if (col != nullptr && !col->required) return wl_.implied_stage();
    return std::nullopt;
  }

  void ReadSection(RowCells cells) {
    const SheetLayout& l = *wl_.Find(SheetKind::kSections);
    SectionRow r;
    auto year = Year(cells, l);
    auto code = SchoolCode(cells, l);
    auto stage = RowStage(cells, l);
    r.has_values = ReadFields(cells, l, r.values, true, stage);
    if (!year || !code || !stage) return;
    r.year = *year;
    r.code = *code;
    r.stage = *stage;
    r.cells = std::move(cells);
    sections_.push_back(std::move(r));
  }

  void ReadOverride(RowCells cells) {
    const SheetLayout& l = *wl_.Find(SheetKind::kOverrides);
    OverrideRow r;
    auto year = Year(cells, l);
    auto code = SchoolCode(cells, l);
    auto stage = RowStage(cells, l);
    bool any = ReadFields(cells, l, r.values, false, std::nullopt);
    if (!year || !code || !stage || !any) return;
    r.year = *year;
    r.code = *code;
    r.stage = *stage;
    r.cells = std::move(cells);
    overrides_.push_back(std::move(r));
  }

  // County rows merge by (year, county); later rows refine earlier ones.
  CountyYearRecord& CountyRecord(AcademicYear year, const std::string& county) {
    auto key = std::make_pair(year.start(), county);
    auto it = counties_.find(key);
    if (it == counties_.end()) {
      CountyYearRecord r;
      r.county = county;
      r.year = year;
      r.values = FieldValues(catalog_.size());
      it = counties_.emplace(key, std::move(r)).first;
    }
    return it->second;
  }

  void ReadCounty(RowCells cells) {
    const SheetLayout& l = *wl_.Find(SheetKind::kCounty);
    FieldValues values;
    bool any = ReadFields(cells, l, values, false, std::nullopt);
    if (!any) return;  // a prefilled row left blank
    auto year = Year(cells, l);
    auto code = CountyCode(cells, l);
    if (!year || !code) return;
    auto key = std::make_tuple(year->start(), *code);
    if (auto [it, fresh] = county_rows_.emplace(key, cells.origin); !fresh) {
      sh_.errors.Row(cells.origin, "import.duplicate_county",
                     Text(fmt::format("县区 {} 的{}县级数据重复（另见{}）", *code, year->Label(),
                                      Describe(it->second)),
                          fmt::format("county {} has two {} rows (see {})", *code, year->LabelEn(),
                                      DescribeEn(it->second))));
      return;
    }
    CountyYearRecord& rec = CountyRecord(*year, *code);
    for (size_t i = 0; i < values.size(); ++i) {
      if (auto v = values.Get(i)) rec.values.Set(i, *v);
    }
    county_origin_.emplace(std::make_pair(year->start(), *code), cells.origin);
  }

  void ReadItem(RowCells cells) {
    const SheetLayout& l = *wl_.Find(SheetKind::kItems);
    auto status_it = cells.fixed.find("status");
    if (status_it == cells.fixed.end() || status_it->second.second.empty())
      return;  // not judged yet
    auto year = Year(cells, l);
    auto code = CountyCode(cells, l);
    auto item = Fixed(cells, l, "item");
    std::optional<JudgmentStatus> status =
        Parsed(cells, "status", ParseJudgmentStatus(status_it->second.second));
    if (item) {
      const Item* def = standard_->FindItem(*item);
      if (def == nullptr || !def->needs_judgment) {
        auto it = cells.fixed.find("item");
        sh_.errors.Cell(
            cells.origin, it->second.first, *item, "import.unknown_item",
            Text(fmt::format("事项编号“{}”不存在或不需人工评定", *item),
                 fmt::format("item \"{}\" does not exist or is not judged by hand", *item)));
        item.reset();
      }
    }
    if (!year || !code || !item || !status) return;
    Judgment j;
    j.status = *status;
    if (auto n = cells.fixed.find("note"); n != cells.fixed.end()) j.note = n->second.second;
    if (auto e = cells.fixed.find("evidence"); e != cells.fixed.end())
      j.evidence = e->second.second;
    CountyRecord(*year, *code).judgments[*item] = j;
  }

  void ReadVeto(RowCells cells) {
    const SheetLayout& l = *wl_.Find(SheetKind::kVetoes);
    auto occ_it = cells.fixed.find("occurred");
    if (occ_it == cells.fixed.end() || occ_it->second.second.empty()) return;  // not filled
    auto year = Year(cells, l);
    auto code = CountyCode(cells, l);
    auto veto = Fixed(cells, l, "veto");
    std::optional<bool> occurred = Parsed(cells, "occurred", ParseYesNo(occ_it->second.second));
    if (veto) {
      bool known = false;
      for (const Veto& v : standard_->vetoes) known = known || v.id == *veto;
      if (!known) {
        auto it = cells.fixed.find("veto");
        sh_.errors.Cell(cells.origin, it->second.first, *veto, "import.unknown_veto",
                        Text(fmt::format("一票否决编号“{}”不存在", *veto),
                             fmt::format("veto \"{}\" does not exist", *veto)));
        veto.reset();
      }
    }
    if (!year || !code || !veto || !occurred) return;
    VetoRecord v;
    v.occurred = *occurred;
    if (auto n = cells.fixed.find("note"); n != cells.fixed.end()) v.note = n->second.second;
    CountyRecord(*year, *code).vetoes[*veto] = v;
  }

  void StageNotAllowed(const SectionRow& sec, const School& s) {
    auto it = sec.cells.fixed.find("stage");
    const Column* col = it != sec.cells.fixed.end() ? it->second.first : nullptr;
    if (AllowsStage(s.type, sec.stage)) {
      // The school has such a part, but this workbook does not collect it
      // (a 附设幼儿班 in the compulsory workbook).
      std::string elsewhere = sh_.SheetFor(sec.stage, SheetKind::kSections, wl_);
      sh_.errors.Cell(
          sec.cells.origin, col, StageName(sec.stage), "import.stage_not_allowed",
          Text(fmt::format("“{}”不收{}数据（{}）{}", sec.cells.origin.sheet, StageName(sec.stage),
                           catalog_.title().zh,
                           elsewhere.empty() ? ""
                                             : fmt::format("：{}的{}数据请填入“{}”", s.name,
                                                           StageName(sec.stage), elsewhere)),
               fmt::format("{} takes no {} data ({})", sec.cells.origin.sheet,
                           StageNameEn(sec.stage), catalog_.title().en)));
      return;
    }
    sh_.errors.Cell(sec.cells.origin, col, StageName(sec.stage), "import.stage_not_allowed",
                    Text(fmt::format("{}（{}）没有{}学段", s.name, SchoolTypeName(s.type),
                                     StageName(sec.stage)),
                         fmt::format("{} ({}) has no {} section", s.name, SchoolTypeNameEn(s.type),
                                     StageNameEn(sec.stage))));
  }

  // Every stage the school type has here must be reported, or shared
  // resources would be split wrongly (a 完全中学 without its 高中部 would
  // give all its buildings to the 初中部). A school entered only for an
  // optional part (附设幼儿班) needs that part.
  bool HasItsSections(const SchoolYearRecord& rec, const std::set<Stage>& have,
                      const Origin& origin) {
    const std::string& sheet = wl_.Find(SheetKind::kSections)->name;
    std::vector<Stage> expected = wl_.RequiredStages(rec.school.type);
    if (expected.empty() && wl_.implied_stage()) expected = {*wl_.implied_stage()};
    if (rec.school.type != SchoolType::kSpecial && !expected.empty()) {
      std::vector<std::string> missing;
      for (Stage st : expected) {
        if (!have.count(st)) missing.emplace_back(StageName(st));
      }
      if (missing.empty()) return true;
      std::string list = JoinNames(missing);
      sh_.errors.Row(origin, "import.missing_sections",
                     Text(fmt::format("{}（{}）在“{}”中缺少{}的数据", rec.school.name,
                                      SchoolTypeName(rec.school.type), sheet, list),
                          fmt::format("{} ({}) lacks section rows for: {}", rec.school.name,
                                      SchoolTypeNameEn(rec.school.type), list)));
      return false;
    }
    if (!have.empty()) return true;
    sh_.errors.Row(origin, "import.missing_sections",
                   Text(fmt::format("{}在“{}”中没有任何学段的数据", rec.school.name, sheet),
                        fmt::format("{} has no section rows", rec.school.name)));
    return false;
  }

  void CheckOverridesFit(const SchoolYearRecord& rec, const Origin& origin) {
    for (size_t f = 0; f < catalog_.size(); ++f) {
      if (!catalog_.at(f).prorate) continue;
      double sum = 0;
      bool any = false;
      for (const auto& sec : rec.sections) {
        if (auto v = sec.overrides.Get(f)) {
          sum += *v;
          any = true;
        }
      }
      if (!any) continue;
      auto total = rec.values.Get(f);
      if (!total || Greater(sum, *total)) {
        const FieldDef& def = catalog_.at(f);
        sh_.errors.Row(
            origin, "import.override_exceeds",
            Text(fmt::format("共用资源分摊：“{}”各学段填报合计 {} 超过全校合计 {}", def.name.zh,
                             sum, total ? fmt::format("{}", *total) : "（未填）"),
                 fmt::format("shared-resource split: \"{}\" sections add up to {}, more than the "
                             "school's {}",
                             def.name.en, sum, total ? fmt::format("{}", *total) : "(blank)")));
      }
    }
  }

  // Cross-field plausibility rules of the catalog, row by row.
  class RowContext final : public ExprContext {
   public:
    RowContext(const FieldCatalog& c, const SchoolYearRecord& r, const SectionRecord* s)
        : c_(c), r_(r), s_(s) {}
    std::optional<double> Field(size_t i) const override {
      const FieldDef& d = c_.at(i);
      if (d.level == FieldLevel::kSection) return s_ ? s_->values.Get(i) : std::nullopt;
      if (d.level == FieldLevel::kSchool) return r_.values.Get(i);
      return std::nullopt;
    }
    ExprValue Attr(Attribute) const override { return ExprValue::String(""); }
    Status ForEachMember(const std::function<Status(const ExprContext&)>&) const override {
      return Ok();
    }

   private:
    const FieldCatalog& c_;
    const SchoolYearRecord& r_;
    const SectionRecord* s_;
  };

  void CheckRules(const SchoolYearRecord& rec, const SchoolRow& school_row,
                  const std::vector<size_t>& section_rows) {
    for (const FieldRule& rule : catalog_.rules()) {
      if (rule.level == FieldLevel::kCounty) continue;
      auto expr = Expr::Compile(
          rule.check, catalog_,
          rule.level == FieldLevel::kSection ? ExprScope::kSection : ExprScope::kSchool);
      if (!expr) continue;  // validated when the catalog was loaded
      if (rule.level == FieldLevel::kSchool) {
        RowContext ctx(catalog_, rec, nullptr);
        auto ok = expr->EvaluateBool(ctx);
        if (ok && !*ok) sh_.errors.Row(school_row.cells.origin, "import.rule", rule.message);
        continue;
      }
      for (size_t i : section_rows) {
        const SectionRow& row = sections_[i];
        const SectionRecord* sec = nullptr;
        for (const auto& s : rec.sections) {
          if (s.stage == row.stage) sec = &s;
        }
        if (sec == nullptr) continue;
        RowContext ctx(catalog_, rec, sec);
        auto ok = expr->EvaluateBool(ctx);  // rows with a blank field are not checked
        if (ok && !*ok) sh_.errors.Row(row.cells.origin, "import.rule", rule.message);
      }
    }
  }

  std::shared_ptr<const Standard> standard_;
  WorkbookLayout wl_;
  const FieldCatalog& catalog_;
  std::vector<SchoolRow> schools_;
  std::vector<SectionRow> sections_;
  std::vector<OverrideRow> overrides_;
  std::map<std::pair<int, std::string>, size_t> by_key_;  // valid school rows
  std::set<std::pair<int, std::string>> broken_schools_;
  std::map<std::pair<int, std::string>, CountyYearRecord> counties_;
  std::map<std::pair<int, std::string>, Origin> county_origin_;
  std::map<std::tuple<int, std::string>, Origin> county_rows_;
  std::vector<SchoolYearRecord> school_years_;
  std::vector<CountyYearRecord> county_years_;
  int skipped_blank_ = 0;
  bool saw_school_sheet_ = false;
  bool skip_ = false;  // refused as a whole (CheckSheets)
  std::string first_section_file_;
};

// A sheet of some workbook: `dataset` is nullptr for the shared 行政区划.
struct Candidate {
  DatasetReader* dataset = nullptr;
  const SheetLayout* layout = nullptr;
};

class ImportReader : public CellReader {
 public:
  ImportReader(std::span<const std::shared_ptr<const Standard>> standards, Shared& sh)
      : CellReader(sh) {
    std::set<std::string> seen;
    for (const auto& s : standards) {
      if (s == nullptr || !seen.insert(s->catalog->dataset()).second) continue;
      datasets_.push_back(std::make_unique<DatasetReader>(s, sh));
      sh.workbooks.push_back(&datasets_.back()->layout());
    }
  }

  void ReadFile(const InputFile& file) {
    const std::string& bytes = file.bytes;
    bool is_csv = false;
    std::string lower = file.name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.ends_with(".csv") || lower.ends_with(".txt")) is_csv = true;
    std::vector<xlsx::Sheet> sheets;
    if (is_csv) {
      auto sheet = xlsx::ReadCsv(bytes, file.name);
      if (!sheet) return sh_.errors.Add(FileError(file.name, sheet.error()));
      sheets.push_back(std::move(*sheet));
    } else {
      auto book = xlsx::ReadXlsx(bytes, file.name);
      if (!book) return sh_.errors.Add(FileError(file.name, book.error()));
      sheets = std::move(book->sheets);
    }
    ++files_read_;
    int data_sheets = 0;
    int unknown_sheets = 0;
    for (const xlsx::Sheet& sheet : sheets) {
      if (sheet.name == "下拉选项" || NormalizeHeader(sheet.name) == "填报说明") continue;
      if (IsBlank(sheet)) continue;
      std::optional<Candidate> named;
      if (!is_csv) named = ByName(sheet.name);
      auto [found, header_row] = FindHeader(sheet, named, file.name);
      if (found.size() != 1) {
        std::vector<std::string> names;
        for (const Candidate& c : found) names.push_back("“" + c.layout->name + "”");
        Error e{
            ErrorCode::kInvalidInput,
            found.empty() ? "import.unknown_sheet" : "import.ambiguous_sheet",
            found.empty()
                ? Text(fmt::format("无法识别工作表“{}”：找不到模板的标题行。可导入的工作表为：{}",
                                   sheet.name, SheetNames()),
                       fmt::format("sheet \"{}\" not recognised: no template header row found. "
                                   "Importable sheets: {}",
                                   sheet.name, SheetNames()))
                : Text(fmt::format("无法确定工作表“{}”是哪张表：其标题行同时符合{}。请把工作表"
                                   "（CSV 文件则为文件）命名为其中一张表的名称",
                                   sheet.name, JoinNames(names)),
                       fmt::format("sheet \"{}\" is ambiguous: its headers fit {}; name the "
                                   "sheet (or CSV file) after one of them",
                                   sheet.name, JoinNames(names))),
            {},
            {}};
        e.where.file = file.name;
        e.where.sheet = sheet.name;
        sh_.errors.Add(std::move(e));
        ++unknown_sheets;
        continue;
      }
      ++data_sheets;
      const Candidate& c = found.front();
      if (c.dataset != nullptr) c.dataset->NoteSheet(c.layout->kind, file.name);
      ReadSheet(file.name, sheet, c, header_row);
    }
    if (data_sheets == 0 && unknown_sheets == 0) {  // e.g. every sheet blank
      Error e{
          ErrorCode::kInvalidInput,
          "import.no_sheets",
          Text(fmt::format("文件中没有可导入的数据。请使用 jiaodu 填报模板，工作表应为：{}",
                           SheetNames()),
               fmt::format("the file holds no importable data. Use the jiaodu template; sheets: {}",
                           SheetNames())),
          {},
          {}};
      e.where.file = file.name;
      sh_.errors.Add(std::move(e));
    }
  }

  void Assemble(ParsedImport& out) {
    for (auto& ds : datasets_) ds->CheckSheets();
    for (const auto& [a, origin] : sh_.new_areas) {
      if (!a.parent_code.empty() && sh_.KnownArea(a.parent_code) == nullptr) {
        sh_.errors.Row(origin, "import.unknown_parent",
                       Text(fmt::format("上级区划代码“{}”不存在", a.parent_code),
                            fmt::format("parent area \"{}\" does not exist", a.parent_code)));
      }
      out.areas.push_back(a);
    }
    for (auto& ds : datasets_) ds->CollectSchools();
    CheckDeferredCounties();
    CheckAcrossDatasets();
    for (auto& ds : datasets_) ds->BuildRecords();
    for (auto& ds : datasets_) ds->AssembleCounties();
    out.files_read = files_read_;
    if (!out.errors.empty()) {
      out.areas.clear();  // nothing is returned for writing when anything is wrong
      return;
    }
    for (auto& ds : datasets_) {
      ParsedDataset d = ds->Take();
      if (!d.school_years.empty() || !d.county_years.empty()) out.datasets.push_back(std::move(d));
    }
  }

 private:
  static Error FileError(const std::string& file, Error inner) {
    inner.where.file = file;
    return inner;
  }

  static bool IsBlank(const xlsx::Sheet& s) {
    for (const auto& row : s.rows) {
      for (const auto& c : row) {
        if (!c.empty() && !Trim(c.text).empty()) return false;
      }
    }
    return true;
  }

  // Every sheet of every workbook; 行政区划 once.
  std::vector<Candidate> Candidates() const {
    std::vector<Candidate> out;
    bool areas = false;
    for (const auto& ds : datasets_) {
      for (const SheetLayout& l : ds->layout().sheets()) {
        if (l.kind == SheetKind::kAreas) {
          if (areas) continue;
          areas = true;
          out.push_back({nullptr, &l});
        } else {
          out.push_back({ds.get(), &l});
        }
      }
    }
    return out;
  }

  std::optional<Candidate> ByName(std::string_view name) const {
    std::string n = NormalizeHeader(name);
    for (const Candidate& c : Candidates()) {
      if (NormalizeHeader(c.layout->name) == n) return c;
    }
    return std::nullopt;
  }

  std::string SheetNames() const {
    std::vector<std::string> names;
    for (const Candidate& c : Candidates()) names.push_back(c.layout->name);
    return JoinNames(names);
  }

  const FieldCatalog& CatalogOf(const Candidate& c) const {
    return c.dataset != nullptr ? c.dataset->catalog() : datasets_.front()->catalog();
  }

  // The header row: the first of the top rows holding every required fixed
  // column of the layout (or, for CSV and unnamed sheets, of the layouts
  // that fit best). Several equally good layouts of different workbooks
  // (the 评估事项 sheets have the same columns) are told apart by the sheet
  // or file name; returns them all when that fails.
  std::pair<std::vector<Candidate>, size_t> FindHeader(const xlsx::Sheet& sheet,
                                                       const std::optional<Candidate>& named,
                                                       std::string_view file) const {
    std::vector<Candidate> candidates = named ? std::vector<Candidate>{*named} : Candidates();
    std::vector<Candidate> best;
    size_t best_row = 0;
    size_t best_score = 0;
    for (const Candidate& c : candidates) {
      const SheetLayout& l = *c.layout;
      size_t score_here = 0;
      size_t row_here = 0;
      for (size_t r = 0; r < std::min(sheet.rows.size(), kHeaderSearchRows); ++r) {
        std::set<std::string> keys;
        size_t score = 0;
        for (const auto& cell : sheet.rows[r]) {
          if (cell.empty()) continue;
          auto m = Match(l, CatalogOf(c), NormalizeHeader(cell.text));
          if (!m) continue;
          ++score;
          if (!m->key.empty()) keys.insert(m->key);
        }
        bool all_required = true;
        for (const auto& fc : l.fixed)
          all_required = all_required && (!fc.required || keys.count(fc.key));
        // A named sheet may miss a required column (reported later); an
        // unnamed one must show all of them to be recognised.
        bool acceptable = all_required || (named && score >= 2);
        if (acceptable && score > score_here) {
          score_here = score;
          row_here = r;
        }
      }
      if (score_here == 0 || score_here < best_score) continue;
      if (score_here > best_score) {
        best.clear();
        best_score = score_here;
        best_row = row_here;
      }
      best.push_back(c);
    }
    if (best.size() > 1) {
      // The longest sheet name found in the sheet's or the file's name.
      std::string hay = NormalizeHeader(sheet.name) + "|" + NormalizeHeader(file);
      std::vector<Candidate> named_best;
      size_t longest = 0;
      for (const Candidate& c : best) {
        std::string n = NormalizeHeader(c.layout->name);
        if (hay.find(n) == std::string::npos || n.size() < longest) continue;
        if (n.size() > longest) named_best.clear();
        longest = n.size();
        named_best.push_back(c);
      }
      if (!named_best.empty()) best = std::move(named_best);
    }
    return {best, best_row};
  }

  void ReadSheet(const std::string& file, const xlsx::Sheet& sheet, const Candidate& c,
                 size_t header_row) {
    const SheetLayout& layout = *c.layout;
    const FieldCatalog& catalog = CatalogOf(c);
    // Columns.
    auto& columns = sh_.columns.emplace_back();
    std::set<std::string> seen_keys;
    std::set<size_t> seen_fields;
    Origin header_origin{file, sheet.name, static_cast<int>(header_row + 1)};
    for (size_t i = 0; i < sheet.rows[header_row].size(); ++i) {
      std::string text = CellText(sheet.rows[header_row][i]);
      if (text.empty()) continue;
      Column col;
      col.index = i;
      col.header = text;
      auto m = Match(layout, catalog, NormalizeHeader(text));
      if (!m) {
        sh_.errors.Cell(
            header_origin, &col, text, "import.unknown_column",
            Text(fmt::format("无法识别列标题“{}”：请使用模板中的列标题（可从模板复制）", text),
                 fmt::format("unknown column header \"{}\"; use the template's headers", text)));
        continue;
      }
      bool dup =
          m->field ? !seen_fields.insert(*m->field).second : !seen_keys.insert(m->key).second;
      if (dup) {
        sh_.errors.Cell(header_origin, &col, text, "import.duplicate_column",
                        Text(fmt::format("列标题“{}”重复出现", text),
                             fmt::format("column \"{}\" appears twice", text)));
        continue;
      }
      col.key = m->key;
      col.field = m->field;
      columns.push_back(col);
    }
    for (const auto& fc : layout.fixed) {
      if (fc.required && !seen_keys.count(fc.key)) {
        sh_.errors.Row(header_origin, "import.missing_column",
                       Text(fmt::format("缺少必填列“{}”", fc.header),
                            fmt::format("required column \"{}\" is missing", fc.header)));
      }
    }
    if (!layout.prorated_only) {
      for (size_t idx : FieldColumns(layout, catalog)) {
        const FieldDef& f = catalog.at(idx);
        if (f.required && !seen_fields.count(idx)) {
          sh_.errors.Row(header_origin, "import.missing_column",
                         Text(fmt::format("缺少必填列“{}”", workbook::FieldHeader(f, false)),
                              fmt::format("required column \"{}\" is missing", f.name.en)));
        }
      }
    }
    // Rows.
    for (size_t r = header_row + 1; r < sheet.rows.size(); ++r) {
      const auto& row = sheet.rows[r];
      RowCells cells;
      cells.origin = Origin{file, sheet.name, static_cast<int>(r + 1)};
      cells.columns = &columns;
      bool any = false;
      for (const Column& col : columns) {
        if (col.index >= row.size()) continue;
        const xlsx::Cell& cell = row[col.index];
        if (cell.empty()) continue;
        std::string text = CellText(cell);
        if (text.empty() && cell.type == xlsx::Cell::Type::kString) continue;
        any = true;
        if (col.field) {
          cells.fields[*col.field] = {&col, &cell};
        } else {
          cells.fixed[col.key] = {&col, text};
        }
      }
      if (!any) continue;
      auto year_it = cells.fixed.find("year");
      if (year_it != cells.fixed.end() &&
          NormalizeWidth(year_it->second.second) == workbook::kExampleMarker) {
        continue;  // example rows
      }
      if (layout.kind == SheetKind::kAreas) {
        ReadArea(std::move(cells), layout);
      } else {
        c.dataset->ReadRow(layout.kind, std::move(cells));
      }
    }
  }

  // Both workbooks carry the 行政区划 sheet: the same row sent in two files
  // is one area; two different rows for a code are an error.
  void ReadArea(RowCells cells, const SheetLayout& l) {
    auto code = Fixed(cells, l, "code");
    auto name = Fixed(cells, l, "name");
    auto level_text = Fixed(cells, l, "level");
    std::optional<AreaLevel> level;
    if (level_text) level = Parsed(cells, "level", ParseAreaLevel(*level_text));
    if (code) {
      auto st = ValidateAreaCode(*code);
      if (!st) {
        Parsed<std::string>(cells, "code", Fail(st.error()));
        code.reset();
      }
    }
    if (!code || !name || !level) return;
    Area a{*code, *name, *level, ""};
    if (auto p = cells.fixed.find("parent"); p != cells.fixed.end())
      a.parent_code = NormalizeWidth(p->second.second);
    for (const auto& [b, origin] : sh_.new_areas) {
      if (b.code != a.code) continue;
      bool same = b.name == a.name && b.level == a.level && b.parent_code == a.parent_code;
      if (same && origin.file != cells.origin.file) return;
      sh_.errors.Row(
          cells.origin, "import.duplicate_area",
          Text(fmt::format("区划代码 {} 重复（另见{}）", a.code, Describe(origin)),
               fmt::format("area code {} appears twice (see {})", a.code, DescribeEn(origin))));
      return;
    }
    sh_.new_areas.push_back({a, cells.origin});
  }

  void CheckDeferredCounties() {
    for (const auto& d : sh_.deferred_counties) {
      const Area* a = sh_.KnownArea(d.code);
      if (a == nullptr) {
        sh_.errors.Cell(
            d.origin, d.column, d.code, "import.unknown_county",
            Text(fmt::format("县区代码“{}”不存在：请核对代码，或先在“行政区划”工作表中登记该县区",
                             d.code),
                 fmt::format("county code \"{}\" does not exist; check it or register it in the "
                             "行政区划 sheet",
                             d.code)));
      } else if (a->level != AreaLevel::kCounty) {
        sh_.errors.Cell(
            d.origin, d.column, d.code, "import.not_a_county",
            Text(fmt::format("“{}”（{}）不是县级区划，学校和县级数据须填写所属县区的代码", d.code,
                             a->name),
                 fmt::format("\"{}\" ({}) is not a county", d.code, a->name)));
      }
    }
    for (const auto& n : sh_.deferred_names) {
      const Area* a = sh_.KnownArea(n.code);
      if (a != nullptr && a->name != n.name) {
        sh_.errors.Cell(n.origin, n.column, n.name, "import.county_name_mismatch",
                        Text(fmt::format("县区名称“{}”与代码 {} 不一致（该代码为“{}”），请核对代码",
                                         n.name, n.code, a->name),
                             fmt::format("county name \"{}\" does not match code {} (\"{}\")",
                                         n.name, n.code, a->name)));
      }
    }
  }

  // A code in two workbooks for a year is one school (a primary school and
  // its 附设幼儿班): its attributes must agree, and each workbook's record
  // takes the attributes only the other asks (寄宿制, 普惠).
  void CheckAcrossDatasets() {
    for (size_t i = 0; i < datasets_.size(); ++i) {
      for (size_t j = i + 1; j < datasets_.size(); ++j) {
        for (SchoolRow* a : datasets_[i]->SchoolRows()) {
          SchoolRow* b = datasets_[j]->FindSchool(a->year.start(), a->school.code);
          if (b == nullptr) continue;
          CompareSchools(*a, *b);
          if (!a->boarding_given && b->boarding_given) a->school.boarding = b->school.boarding;
          if (!b->boarding_given && a->boarding_given) b->school.boarding = a->school.boarding;
          if (!a->inclusive_given && b->inclusive_given) a->school.inclusive = b->school.inclusive;
          if (!b->inclusive_given && a->inclusive_given) b->school.inclusive = a->school.inclusive;
        }
      }
    }
  }

  void CompareSchools(const SchoolRow& a, const SchoolRow& b) {
    std::vector<std::string> diffs;
    std::vector<std::string> diffs_en;
    auto differ = [&](bool same, std::string_view what, std::string_view what_en,
                      std::string_view x, std::string_view y) {
      if (same) return;
      diffs.push_back(fmt::format("{}（{} / {}）", what, x, y));
      diffs_en.push_back(fmt::format("{} ({} / {})", what_en, x, y));
    };
    const School& x = a.school;
    const School& y = b.school;
    differ(x.name == y.name, "名称", "name", x.name, y.name);
    differ(x.type == y.type, "学校类型", "type", SchoolTypeName(x.type), SchoolTypeName(y.type));
    differ(x.locale == y.locale, "城乡类型", "locale", LocaleName(x.locale), LocaleName(y.locale));
    differ(x.ownership == y.ownership, "办学性质", "ownership", OwnershipName(x.ownership),
           OwnershipName(y.ownership));
    if (diffs.empty()) return;
    sh_.errors.Row(
        b.cells.origin, "import.school_differs",
        Text(
            fmt::format("学校标识码 {} 在“{}”与“{}”中不是同一所学校：{}不一致（另见{}）。同一"
                        "学校标识码只能指同一所学校：小学附设幼儿班填所在学校的名称、类型、城乡类型"
                        "和办学性质；幼儿园须使用自己的学校标识码",
                        x.code, a.cells.origin.sheet, b.cells.origin.sheet, JoinNames(diffs),
                        Describe(a.cells.origin)),
            fmt::format("school code {} is not the same school in {} and {}: {} differ (see {})",
                        x.code, a.cells.origin.sheet, b.cells.origin.sheet,
                        fmt::join(diffs_en, ", "), DescribeEn(a.cells.origin))));
  }

  std::vector<std::unique_ptr<DatasetReader>> datasets_;
  int files_read_ = 0;
};

}  // namespace

const ParsedDataset* ParsedImport::Find(std::string_view dataset) const {
  for (const ParsedDataset& d : datasets) {
    if (d.dataset == dataset) return &d;
  }
  return nullptr;
}

ParsedImport ParseImport(std::span<const InputFile> files,
                         std::span<const std::shared_ptr<const Standard>> standards,
                         const ImportContext& context,
                         const std::function<void(double)>& progress) {
  ParsedImport out;
  Shared shared(context, out.errors);
  ImportReader reader(standards, shared);
  for (size_t i = 0; i < files.size(); ++i) {
    reader.ReadFile(files[i]);
    if (progress) progress(static_cast<double>(i + 1) / static_cast<double>(files.size()) * 0.8);
  }
  reader.Assemble(out);
  if (progress) progress(0.9);
  return out;
}

}  // namespace jiaodu
