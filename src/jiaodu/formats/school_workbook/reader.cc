// Reads school-data workbooks (and CSV exports of their sheets) into
// records, collecting every problem with its exact place in the user's file.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
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
using workbook::Layouts;
using workbook::NormalizeHeader;
using workbook::SheetKind;
using workbook::SheetLayout;

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

class Reader {
 public:
  Reader(const Standard& standard, const ImportContext& ctx, ParsedImport& out)
      : standard_(standard), catalog_(*standard.catalog), ctx_(ctx), out_(out) {}

  void ReadFile(const InputFile& file) {
    const std::string& bytes = file.bytes;
    bool is_csv = false;
    std::string lower = file.name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.ends_with(".csv") || lower.ends_with(".txt")) is_csv = true;
    std::vector<xlsx::Sheet> sheets;
    if (is_csv) {
      auto sheet = xlsx::ReadCsv(bytes, file.name);
      if (!sheet) return AddError(FileError(file.name, sheet.error()));
      sheets.push_back(std::move(*sheet));
    } else {
      auto book = xlsx::ReadXlsx(bytes, file.name);
      if (!book) return AddError(FileError(file.name, book.error()));
      sheets = std::move(book->sheets);
    }
    ++out_.files_read;
    int data_sheets = 0;
    int unknown_sheets = 0;
    for (const xlsx::Sheet& sheet : sheets) {
      if (sheet.name == "下拉选项" || NormalizeHeader(sheet.name) == "填报说明") continue;
      if (IsBlank(sheet)) continue;
      const SheetLayout* layout = is_csv ? nullptr : ByName(sheet.name);
      auto header = FindHeader(sheet, layout);
      if (!header) {
        Error e{ErrorCode::kInvalidInput,
                "import.unknown_sheet",
                Text(fmt::format("无法识别工作表“{}”：找不到模板的标题行。可导入的工作表为：{}",
                                 sheet.name, SheetNames()),
                     fmt::format("sheet \"{}\" not recognised: no template header row found. "
                                 "Importable sheets: {}",
                                 sheet.name, SheetNames())),
                {},
                {}};
        e.where.file = file.name;
        e.where.sheet = sheet.name;
        AddError(std::move(e));
        ++unknown_sheets;
        continue;
      }
      ++data_sheets;
      if (header->first->kind == SheetKind::kSchools) saw_school_sheet_ = true;
      if (header->first->kind == SheetKind::kSections && first_section_file_.empty())
        first_section_file_ = file.name;
      ReadSheet(file.name, sheet, *header->first, header->second);
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
      AddError(std::move(e));
    }
  }

  void Assemble() {
    if (!first_section_file_.empty() && !saw_school_sheet_) {
      Error e{ErrorCode::kInvalidInput,
              "import.missing_sheet",
              Text("缺少工作表“学校基本信息”：分学段数据须与学校基本信息一并导入",
                   "sheet 学校基本信息 is missing: section data must be imported with it"),
              {},
              {}};
      e.where.file = first_section_file_;
      AddError(std::move(e));
      return Finish();
    }
    AssembleAreas();
    AssembleSchools();
    AssembleCounties();
    Finish();
  }

  void Finish() {
    if (!out_.errors.empty()) {
      // Nothing is returned for writing when anything is wrong.
      out_.areas.clear();
      out_.school_years.clear();
      out_.county_years.clear();
    }
  }

 private:
  // ---------------------------------------------------------------- errors --
  void AddError(Error e) {
    if (out_.errors.size() < kMaxErrors) {
      out_.errors.push_back(std::move(e));
    } else if (out_.errors.size() == kMaxErrors) {
      out_.errors.push_back(
          Error{ErrorCode::kInvalidInput,
                "import.too_many_errors",
                Text(fmt::format("错误超过 {} 处，其余未列出；请先改正以上错误", kMaxErrors),
                     fmt::format("more than {} errors; the rest are not listed", kMaxErrors)),
                {},
                {}});
    }
  }

  static Error FileError(const std::string& file, Error inner) {
    inner.where.file = file;
    return inner;
  }

  void CellError(const Origin& o, const Column* col, std::string_view value, std::string id,
                 Text message) {
    Error e{ErrorCode::kInvalidInput, std::move(id), std::move(message), {}, {}};
    e.where.file = o.file;
    e.where.sheet = o.sheet;
    e.where.row = o.row;
    if (col != nullptr) e.where.column = col->Label();
    e.where.value = Ellipsize(value, 64);
    AddError(std::move(e));
  }

  void CellError(const Origin& o, const Column* col, std::string_view value, const Error& inner) {
    CellError(o, col, value, inner.id, inner.message);
  }

  void RowError(const Origin& o, std::string id, Text message) {
    CellError(o, nullptr, "", std::move(id), std::move(message));
  }

  // ----------------------------------------------------------- sheet shape --
  static bool IsBlank(const xlsx::Sheet& s) {
    for (const auto& row : s.rows) {
      for (const auto& c : row) {
        if (!c.empty() && !Trim(c.text).empty()) return false;
      }
    }
    return true;
  }

  static const SheetLayout* ByName(std::string_view name) {
    std::string n = NormalizeHeader(name);
    for (const SheetLayout& l : Layouts()) {
      if (NormalizeHeader(l.name) == n) return &l;
    }
    return nullptr;
  }

  static std::string SheetNames() {
    std::string s;
    for (const SheetLayout& l : Layouts()) s += (s.empty() ? "" : "、") + l.name;
    return s;
  }

  // What a normalized header means in `layout`.
  struct HeaderMatch {
    std::string key;
    std::optional<size_t> field;
  };
  std::optional<HeaderMatch> Match(const SheetLayout& layout, const std::string& norm) const {
    for (const auto& c : layout.fixed) {
      if (NormalizeHeader(c.header) == norm) return HeaderMatch{c.key, std::nullopt};
      for (const auto& a : c.aliases) {
        if (NormalizeHeader(a) == norm) return HeaderMatch{c.key, std::nullopt};
      }
    }
    for (size_t idx : FieldColumns(layout, catalog_)) {
      const FieldDef& f = catalog_.at(idx);
      // With or without the unit: "在校生数（人）" or "在校生数".
      if (NormalizeHeader(f.name.zh) == norm ||
          NormalizeHeader(workbook::FieldHeader(f, false)) == norm || f.id == norm) {
        return HeaderMatch{"", idx};
      }
    }
    return std::nullopt;
  }

  // The header row: the first of the top rows holding every required fixed
  // column of the layout (or, for CSV, of the layout that fits best).
  std::optional<std::pair<const SheetLayout*, size_t>> FindHeader(const xlsx::Sheet& sheet,
                                                                  const SheetLayout* layout) const {
    std::vector<const SheetLayout*> candidates;
    if (layout != nullptr) {
      candidates.push_back(layout);
    } else {
      for (const SheetLayout& l : Layouts()) candidates.push_back(&l);
    }
    const SheetLayout* best = nullptr;
    size_t best_row = 0;
    size_t best_score = 0;
    for (size_t r = 0; r < std::min(sheet.rows.size(), kHeaderSearchRows); ++r) {
      for (const SheetLayout* l : candidates) {
        std::set<std::string> keys;
        size_t score = 0;
        for (const auto& cell : sheet.rows[r]) {
          if (cell.empty()) continue;
          auto m = Match(*l, NormalizeHeader(cell.text));
          if (!m) continue;
          ++score;
          if (!m->key.empty()) keys.insert(m->key);
        }
        bool all_required = true;
        for (const auto& c : l->fixed)
          all_required = all_required && (!c.required || keys.count(c.key));
        // A named sheet may miss a required column (reported later); an
        // unnamed one must show all of them to be recognised.
        bool acceptable = all_required || (layout != nullptr && score >= 2);
        if (acceptable && score > best_score) {
          best = l;
          best_row = r;
          best_score = score;
        }
      }
    }
    if (best == nullptr) return std::nullopt;
    return std::make_pair(best, best_row);
  }

  // -------------------------------------------------------------- reading --
  static std::string CellText(const xlsx::Cell& c) {
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

  void ReadSheet(const std::string& file, const xlsx::Sheet& sheet, const SheetLayout& layout,
                 size_t header_row) {
    // Columns.
    auto& columns = columns_store_.emplace_back();
    std::set<std::string> seen_keys;
    std::set<size_t> seen_fields;
    for (size_t c = 0; c < sheet.rows[header_row].size(); ++c) {
      const xlsx::Cell& cell = sheet.rows[header_row][c];
      std::string text = CellText(cell);
      if (text.empty()) continue;
      Column col;
      col.index = c;
      col.header = text;
      auto m = Match(layout, NormalizeHeader(text));
      Origin o{file, sheet.name, static_cast<int>(header_row + 1)};
      if (!m) {
        CellError(
            o, &col, text, "import.unknown_column",
            Text(fmt::format("无法识别列标题“{}”：请使用模板中的列标题（可从模板复制）", text),
                 fmt::format("unknown column header \"{}\"; use the template's headers", text)));
        continue;
      }
      bool dup =
          m->field ? !seen_fields.insert(*m->field).second : !seen_keys.insert(m->key).second;
      if (dup) {
        CellError(o, &col, text, "import.duplicate_column",
                  Text(fmt::format("列标题“{}”重复出现", text),
                       fmt::format("column \"{}\" appears twice", text)));
        continue;
      }
      col.key = m->key;
      col.field = m->field;
      columns.push_back(col);
    }
    Origin header_origin{file, sheet.name, static_cast<int>(header_row + 1)};
    for (const auto& fc : layout.fixed) {
      if (fc.required && !seen_keys.count(fc.key)) {
        RowError(header_origin, "import.missing_column",
                 Text(fmt::format("缺少必填列“{}”", fc.header),
                      fmt::format("required column \"{}\" is missing", fc.header)));
      }
    }
    if (!layout.prorated_only) {
      for (size_t idx : FieldColumns(layout, catalog_)) {
        const FieldDef& f = catalog_.at(idx);
        if (f.required && !seen_fields.count(idx)) {
          RowError(header_origin, "import.missing_column",
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
      switch (layout.kind) {
        case SheetKind::kSchools:
          ReadSchool(std::move(cells));
          break;
        case SheetKind::kSections:
          ReadSection(std::move(cells));
          break;
        case SheetKind::kOverrides:
          ReadOverride(std::move(cells));
          break;
        case SheetKind::kCounty:
          ReadCounty(std::move(cells));
          break;
        case SheetKind::kItems:
          ReadItem(std::move(cells));
          break;
        case SheetKind::kVetoes:
          ReadVeto(std::move(cells));
          break;
        case SheetKind::kAreas:
          ReadArea(std::move(cells));
          break;
      }
    }
  }

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
        CellError(cells.origin, &col, "", "import.required",
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
    CellError(cells.origin, it != cells.fixed.end() ? it->second.first : nullptr,
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
        CellError(cells.origin, where.first, cell.text, "import.formula_error",
                  Text(fmt::format("“{}”单元格是公式错误 {}，请填写数值", f.name.zh, cell.text),
                       fmt::format("\"{}\" holds the formula error {}; enter a number", f.name.en,
                                   cell.text)));
        ok = false;
        continue;
      }
      auto v = ParseNumber(text, pow10);
      if (!v) {
        CellError(
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
        CellError(cells.origin, where.first, text, st.error());
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
        CellError(cells.origin, col, "", "import.required",
                  Text(fmt::format("“{}”为必填项，不能为空", f.name.zh),
                       fmt::format("\"{}\" is required", f.name.en)));
        ok = false;
      }
    }
    return ok && any;
  }

  static const Column* ColumnFor(const RowCells& cells, size_t field) {
    if (cells.columns == nullptr) return nullptr;
    for (const Column& c : *cells.columns) {
      if (c.field == field) return &c;
    }
    return nullptr;
  }

  void ReadSchool(RowCells cells) {
    const SheetLayout& l = workbook::LayoutOf(SheetKind::kSchools);
    SchoolRow r;
    auto year = Year(cells, l);
    auto code = SchoolCode(cells, l);
    auto name = Fixed(cells, l, "school_name");
    auto county = Fixed(cells, l, "county_code");
    auto type_text = Fixed(cells, l, "type");
    auto locale_text = Fixed(cells, l, "locale");
    auto own_text = Fixed(cells, l, "ownership");
    auto boarding_text = Fixed(cells, l, "boarding");
    std::optional<SchoolType> type;
    if (type_text) type = Parsed(cells, "type", ParseSchoolType(*type_text));
    std::optional<Locale> locale;
    if (locale_text) locale = Parsed(cells, "locale", ParseLocale(*locale_text));
    std::optional<Ownership> own;
    if (own_text) own = Parsed(cells, "ownership", ParseOwnership(*own_text));
    std::optional<bool> boarding;
    if (boarding_text) boarding = Parsed(cells, "boarding", ParseYesNo(*boarding_text));
    if (county) {
      auto st = ValidateAreaCode(*county);
      if (!st) {
        Parsed<std::string>(cells, "county_code", Fail(st.error()));
        county.reset();
      }
    }
    r.has_values = ReadFields(cells, l, r.values, false, std::nullopt);
    if (!year || !code || !name || !county || !type || !locale || !own || !boarding) {
      // Its sections would only repeat "no such school": remember it.
      if (year && code) broken_schools_.insert({year->start(), *code});
      return;
    }
    r.year = *year;
    r.school = School{*code, *name, *county, "", *type, *locale, *own, *boarding};
    if (auto t = cells.fixed.find("town"); t != cells.fixed.end())
      r.school.town = NormalizeWidth(t->second.second);
    if (auto n = cells.fixed.find("county_name"); n != cells.fixed.end())
      r.county_name = NormalizeWidth(n->second.second);
    r.cells = std::move(cells);
    schools_.push_back(std::move(r));
  }

  void ReadSection(RowCells cells) {
    const SheetLayout& l = workbook::LayoutOf(SheetKind::kSections);
    SectionRow r;
    auto year = Year(cells, l);
    auto code = SchoolCode(cells, l);
    auto stage_text = Fixed(cells, l, "stage");
    std::optional<Stage> stage;
    if (stage_text) stage = Parsed(cells, "stage", ParseStage(*stage_text));
    r.has_values = ReadFields(cells, l, r.values, true, stage);
    if (!year || !code || !stage) return;
    r.year = *year;
    r.code = *code;
    r.stage = *stage;
    r.cells = std::move(cells);
    sections_.push_back(std::move(r));
  }

  void ReadOverride(RowCells cells) {
    const SheetLayout& l = workbook::LayoutOf(SheetKind::kOverrides);
    OverrideRow r;
    auto year = Year(cells, l);
    auto code = SchoolCode(cells, l);
    auto stage_text = Fixed(cells, l, "stage");
    std::optional<Stage> stage;
    if (stage_text) stage = Parsed(cells, "stage", ParseStage(*stage_text));
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

  std::optional<std::string> CountyCode(const RowCells& cells, const SheetLayout& l) {
    auto code = Fixed(cells, l, "county_code");
    if (!code) return std::nullopt;
    if (!CheckCounty(cells, *code, l)) return std::nullopt;
    return code;
  }

  void ReadCounty(RowCells cells) {
    const SheetLayout& l = workbook::LayoutOf(SheetKind::kCounty);
    FieldValues values;
    bool any = ReadFields(cells, l, values, false, std::nullopt);
    if (!any) return;  // a prefilled row left blank
    auto year = Year(cells, l);
    auto code = CountyCode(cells, l);
    if (!year || !code) return;
    auto key = std::make_tuple(year->start(), *code);
    if (auto [it, fresh] = county_rows_.emplace(key, cells.origin); !fresh) {
      RowError(cells.origin, "import.duplicate_county",
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
    const SheetLayout& l = workbook::LayoutOf(SheetKind::kItems);
    auto status_it = cells.fixed.find("status");
    if (status_it == cells.fixed.end() || status_it->second.second.empty())
      return;  // not judged yet
    auto year = Year(cells, l);
    auto code = CountyCode(cells, l);
    auto item = Fixed(cells, l, "item");
    std::optional<JudgmentStatus> status =
        Parsed(cells, "status", ParseJudgmentStatus(status_it->second.second));
    if (item) {
      const Item* def = standard_.FindItem(*item);
      if (def == nullptr || !def->needs_judgment) {
        auto it = cells.fixed.find("item");
        CellError(cells.origin, it->second.first, *item, "import.unknown_item",
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
    const SheetLayout& l = workbook::LayoutOf(SheetKind::kVetoes);
    auto occ_it = cells.fixed.find("occurred");
    if (occ_it == cells.fixed.end() || occ_it->second.second.empty()) return;  // not filled
    auto year = Year(cells, l);
    auto code = CountyCode(cells, l);
    auto veto = Fixed(cells, l, "veto");
    std::optional<bool> occurred = Parsed(cells, "occurred", ParseYesNo(occ_it->second.second));
    if (veto) {
      bool known = false;
      for (const Veto& v : standard_.vetoes) known = known || v.id == *veto;
      if (!known) {
        auto it = cells.fixed.find("veto");
        CellError(cells.origin, it->second.first, *veto, "import.unknown_veto",
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

  void ReadArea(RowCells cells) {
    const SheetLayout& l = workbook::LayoutOf(SheetKind::kAreas);
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
    if (auto [it, fresh] = area_rows_.emplace(a.code, cells.origin); !fresh) {
      RowError(
          cells.origin, "import.duplicate_area",
          Text(fmt::format("区划代码 {} 重复（另见{}）", a.code, Describe(it->second)),
               fmt::format("area code {} appears twice (see {})", a.code, DescribeEn(it->second))));
      return;
    }
    new_areas_.push_back({a, cells.origin});
  }

  // ------------------------------------------------------------ assembling --
  const Area* KnownArea(const std::string& code) const {
    for (const auto& [a, o] : new_areas_) {
      if (a.code == code) return &a;
    }
    for (const Area& a : ctx_.areas) {
      if (a.code == code) return &a;
    }
    return nullptr;
  }

  bool CheckCounty(const RowCells& cells, const std::string& code, const SheetLayout& l) {
    (void)l;
    // Areas sheets are read in file order; an area defined later in the
    // same import is checked again in AssembleSchools, so defer unknowns.
    deferred_counties_.push_back({code, cells.origin, ColumnOfKey(cells, "county_code")});
    if (auto n = cells.fixed.find("county_name");
        n != cells.fixed.end() && !n->second.second.empty()) {
      deferred_names_.push_back(
          {code, NormalizeWidth(n->second.second), cells.origin, n->second.first});
    }
    return true;
  }

  static const Column* ColumnOfKey(const RowCells& cells, const std::string& key) {
    auto it = cells.fixed.find(key);
    return it == cells.fixed.end() ? nullptr : it->second.first;
  }

  void CheckDeferredCounties() {
    for (const auto& d : deferred_counties_) {
      const Area* a = KnownArea(d.code);
      if (a == nullptr) {
        CellError(
            d.origin, d.column, d.code, "import.unknown_county",
            Text(fmt::format("县区代码“{}”不存在：请核对代码，或先在“行政区划”工作表中登记该县区",
                             d.code),
                 fmt::format("county code \"{}\" does not exist; check it or register it in the "
                             "行政区划 sheet",
                             d.code)));
      } else if (a->level != AreaLevel::kCounty) {
        CellError(d.origin, d.column, d.code, "import.not_a_county",
                  Text(fmt::format("“{}”（{}）不是县级区划，学校和县级数据须填写所属县区的代码",
                                   d.code, a->name),
                       fmt::format("\"{}\" ({}) is not a county", d.code, a->name)));
      }
    }
    for (const auto& n : deferred_names_) {
      const Area* a = KnownArea(n.code);
      if (a != nullptr && a->name != n.name) {
        CellError(n.origin, n.column, n.name, "import.county_name_mismatch",
                  Text(fmt::format("县区名称“{}”与代码 {} 不一致（该代码为“{}”），请核对代码",
                                   n.name, n.code, a->name),
                       fmt::format("county name \"{}\" does not match code {} (\"{}\")", n.name,
                                   n.code, a->name)));
      }
    }
  }

  void AssembleAreas() {
    for (const auto& [a, origin] : new_areas_) {
      if (!a.parent_code.empty() && KnownArea(a.parent_code) == nullptr) {
        RowError(origin, "import.unknown_parent",
                 Text(fmt::format("上级区划代码“{}”不存在", a.parent_code),
                      fmt::format("parent area \"{}\" does not exist", a.parent_code)));
      }
      out_.areas.push_back(a);
    }
  }

  void AssembleSchools() {
    // School rows: duplicates and county consistency.
    std::map<std::pair<int, std::string>, size_t> by_key;
    std::map<std::string, std::pair<std::string, Origin>>
        county_of;  // code → county seen in this import
    for (size_t i = 0; i < schools_.size(); ++i) {
      SchoolRow& s = schools_[i];
      const Origin& o = s.cells.origin;
      auto key = std::make_pair(s.year.start(), s.school.code);
      if (auto [it, fresh] = by_key.emplace(key, i); !fresh) {
        RowError(
            o, "import.duplicate_school",
            Text(fmt::format("学校标识码 {} 在{}重复出现（另见{}）", s.school.code, s.year.Label(),
                             Describe(schools_[it->second].cells.origin)),
                 fmt::format("school code {} appears twice for {} (see {})", s.school.code,
                             s.year.LabelEn(), DescribeEn(schools_[it->second].cells.origin))));
        continue;
      }
      if (auto [it, fresh] = county_of.emplace(s.school.code, std::make_pair(s.school.county, o));
          !fresh && it->second.first != s.school.county) {
        RowError(
            o, "import.school_in_two_counties",
            Text(fmt::format("学校 {} 在本次导入中填写了两个不同的县区：{} 与 {}（另见{}）",
                             s.school.code, it->second.first, s.school.county,
                             Describe(it->second.second)),
                 fmt::format("school {} is given two counties in this import: {} and {} (see {})",
                             s.school.code, it->second.first, s.school.county,
                             DescribeEn(it->second.second))));
      }
      for (const School& existing : ctx_.schools) {
        if (existing.code == s.school.code && existing.county != s.school.county) {
          const Area* a = KnownArea(existing.county);
          RowError(
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
      }
      deferred_counties_.push_back({s.school.county, o, ColumnOfKey(s.cells, "county_code")});
      if (!s.county_name.empty()) {
        deferred_names_.push_back(
            {s.school.county, s.county_name, o, ColumnOfKey(s.cells, "county_name")});
      }
    }
    CheckDeferredCounties();
    // Sections attach to their school row.
    std::map<std::tuple<int, std::string, Stage>, size_t> seen_sections;
    std::map<std::pair<int, std::string>, std::vector<size_t>> sections_of;
    for (size_t i = 0; i < sections_.size(); ++i) {
      SectionRow& sec = sections_[i];
      const Origin& o = sec.cells.origin;
      auto key = std::make_tuple(sec.year.start(), sec.code, sec.stage);
      if (auto [it, fresh] = seen_sections.emplace(key, i); !fresh) {
        RowError(
            o, "import.duplicate_section",
            Text(fmt::format("学校 {} 的{}{}数据重复（另见{}）", sec.code, sec.year.Label(),
                             StageName(sec.stage), Describe(sections_[it->second].cells.origin)),
                 fmt::format("school {} has two {} {} rows (see {})", sec.code, sec.year.LabelEn(),
                             StageNameEn(sec.stage),
                             DescribeEn(sections_[it->second].cells.origin))));
        continue;
      }
      auto school = by_key.find({sec.year.start(), sec.code});
      if (school == by_key.end() && broken_schools_.count({sec.year.start(), sec.code})) continue;
      if (school == by_key.end()) {
        RowError(
            o, "import.section_without_school",
            Text(fmt::format("学校标识码 {} "
                             "在“学校基本信息”中没有{}的记录：学校基本信息与分学段数据须一并导入",
                             sec.code, sec.year.Label()),
                 fmt::format("school {} has no {} row in 学校基本信息; import both sheets together",
                             sec.code, sec.year.LabelEn())));
        continue;
      }
      const School& s = schools_[school->second].school;
      auto allowed = StagesOf(s.type);
      if (std::find(allowed.begin(), allowed.end(), sec.stage) == allowed.end()) {
        auto it = sec.cells.fixed.find("stage");
        CellError(o, it != sec.cells.fixed.end() ? it->second.first : nullptr, StageName(sec.stage),
                  "import.stage_not_allowed",
                  Text(fmt::format("{}（{}）没有{}学段", s.name, SchoolTypeName(s.type),
                                   StageName(sec.stage)),
                       fmt::format("{} ({}) has no {} section", s.name, SchoolTypeNameEn(s.type),
                                   StageNameEn(sec.stage))));
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
        RowError(ov.cells.origin, "import.override_without_section",
                 Text(fmt::format("共用资源分摊：学校 {} 没有{}{}的分学段数据", ov.code,
                                  ov.year.Label(), StageName(ov.stage)),
                      fmt::format("shared-resource split: school {} has no {} {} row", ov.code,
                                  ov.year.LabelEn(), StageNameEn(ov.stage))));
        continue;
      }
      if (!override_of.emplace(key, i).second) {
        RowError(ov.cells.origin, "import.duplicate_override",
                 Text(fmt::format("共用资源分摊：学校 {} 的{}重复", ov.code, StageName(ov.stage)),
                      fmt::format("shared-resource split: school {} {} appears twice", ov.code,
                                  StageNameEn(ov.stage))));
      }
    }
    // Records.
    for (const auto& [key, idx] : by_key) {
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
      for (size_t f : FieldColumns(workbook::LayoutOf(SheetKind::kSchools), catalog_)) {
        const FieldDef& def = catalog_.at(f);
        if (def.required && !rec.values.Has(f) && !s.cells.fields.count(f)) {
          const Column* col = ColumnFor(s.cells, f);
          if (col != nullptr) {
            CellError(s.cells.origin, col, "", "import.required",
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
      // Every stage the school type has must be reported, or shared
      // resources would be split wrongly (a 完全中学 without its 高中部
      // would give all its buildings to the 初中部).
      if (rec.school.type != SchoolType::kSpecial) {
        std::vector<std::string> missing;
        for (Stage st : StagesOf(rec.school.type)) {
          if (!have.count(st)) missing.emplace_back(StageName(st));
        }
        if (!missing.empty()) {
          std::string list;
          for (const auto& m : missing) list += (list.empty() ? "" : "、") + m;
          RowError(s.cells.origin, "import.missing_sections",
                   Text(fmt::format("{}（{}）在“分学段数据”中缺少{}的数据", rec.school.name,
                                    SchoolTypeName(rec.school.type), list),
                        fmt::format("{} ({}) lacks section rows for: {}", rec.school.name,
                                    SchoolTypeNameEn(rec.school.type), list)));
          continue;
        }
      } else if (have.empty()) {
        RowError(s.cells.origin, "import.missing_sections",
                 Text(fmt::format("{}在“分学段数据”中没有任何学段的数据", rec.school.name),
                      fmt::format("{} has no section rows", rec.school.name)));
        continue;
      }
      CheckOverridesFit(rec, s.cells.origin);
      CheckRules(rec, s, secs != sections_of.end() ? secs->second : std::vector<size_t>{});
      std::sort(rec.sections.begin(), rec.sections.end(),
                [](const SectionRecord& a, const SectionRecord& b) { return a.stage < b.stage; });
      out_.school_years.push_back(std::move(rec));
    }
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
        RowError(
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
        if (ok && !*ok) RowError(school_row.cells.origin, "import.rule", rule.message);
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
        if (ok && !*ok) RowError(row.cells.origin, "import.rule", rule.message);
      }
    }
  }

  void AssembleCounties() {
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
          RowError(origin, "import.rule", rule.message);
        }
      }
      out_.county_years.push_back(std::move(rec));
    }
  }

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

  const Standard& standard_;
  const FieldCatalog& catalog_;
  const ImportContext& ctx_;
  ParsedImport& out_;
  std::deque<std::vector<Column>> columns_store_;  // stable addresses for RowCells
  std::vector<SchoolRow> schools_;
  std::vector<SectionRow> sections_;
  std::vector<OverrideRow> overrides_;
  std::map<std::pair<int, std::string>, CountyYearRecord> counties_;
  std::map<std::pair<int, std::string>, Origin> county_origin_;
  std::map<std::tuple<int, std::string>, Origin> county_rows_;
  std::map<std::string, Origin> area_rows_;
  std::vector<std::pair<Area, Origin>> new_areas_;
  std::vector<DeferredCounty> deferred_counties_;
  std::vector<DeferredName> deferred_names_;

 public:
  int skipped_blank_ = 0;
  bool saw_school_sheet_ = false;
  std::set<std::pair<int, std::string>> broken_schools_;
  std::string first_section_file_;
};

}  // namespace

ParsedImport ParseImport(std::span<const InputFile> files, const Standard& standard,
                         const ImportContext& context,
                         const std::function<void(double)>& progress) {
  ParsedImport out;
  Reader reader(standard, context, out);
  for (size_t i = 0; i < files.size(); ++i) {
    reader.ReadFile(files[i]);
    if (progress) progress(static_cast<double>(i + 1) / static_cast<double>(files.size()) * 0.8);
  }
  reader.Assemble();
  if (progress) progress(0.9);
  return out;
}

}  // namespace jiaodu
