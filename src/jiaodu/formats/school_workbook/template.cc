// Writes the school-data template: an instructions sheet, one sheet per data
// group with Chinese headers and units, dropdowns and number checks on the
// input cells, notes on every header, and grey example rows marked "示例".
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/school_workbook/layout.h"
#include "jiaodu/formats/school_workbook/school_workbook.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

using workbook::FieldColumns;
using workbook::FixedColumn;
using workbook::Layouts;
using workbook::SheetKind;
using workbook::SheetLayout;
using xlsx::Format;
using xlsx::Range;
using xlsx::SheetWriter;

constexpr size_t kInputRows = 2000;  // rows prepared with validation

struct Styles {
  Format title, header, header_required, header_bureau, example, text, note, cell;
};

std::vector<std::string> YearOptions(std::optional<AcademicYear> year) {
  int last = year ? year->start() : 2025;
  std::vector<std::string> out;
  for (int y = last + 1; y >= last - 5; --y) out.push_back(AcademicYear(y).LabelEn());
  return out;
}

template <typename E, size_t N, typename F>
std::vector<std::string> Names(const E (&all)[N], F name) {
  std::vector<std::string> out;
  for (E v : all) out.emplace_back(name(v));
  return out;
}

double Width(std::string_view header) {
  return std::clamp(static_cast<double>(Utf8Length(header)) * 2.0 + 2, 10.0, 28.0);
}

std::string FieldNote(const FieldDef& f) {
  std::string note = f.name.zh;
  if (!f.unit.zh.empty()) note += fmt::format("，单位：{}", f.unit.zh);
  if (f.pow10 != 0) note += fmt::format("（系统按{}计算）", f.stored_unit.zh);
  if (f.kind == FieldKind::kInteger) note += "，整数";
  if (f.kind == FieldKind::kRatio) note += "，填百分数（如 91.5 或 91.5%）";
  if (f.required) note += "，必填";
  if (!f.help.zh.empty()) note += "。" + f.help.zh;
  if (!f.stages.empty()) {
    note += "。适用学段：";
    for (size_t i = 0; i < f.stages.size(); ++i)
      note += (i ? "、" : "") + std::string(StageName(f.stages[i]));
  }
  return note;
}

void AddNumberCheck(SheetWriter& sheet, size_t col, const FieldDef& f) {
  xlsx::NumberRule rule;
  rule.integer = f.kind == FieldKind::kInteger;
  rule.min = 0;
  if (f.kind != FieldKind::kRatio && f.max) rule.max = *f.max / std::pow(10.0, f.pow10);
  if (f.kind == FieldKind::kRatio) rule.max = 100;
  rule.prompt.input_title = f.name.zh.substr(0, std::min<size_t>(f.name.zh.size(), 30));
  rule.prompt.input_message = FieldNote(f);
  sheet.AddNumberValidation(Range{1, col, kInputRows, col}, rule);
}

// Header row + notes + column widths for one sheet; returns the column of
// each fixed key.
void WriteHeader(SheetWriter& sheet, const SheetLayout& layout, const FieldCatalog& catalog,
                 const Styles& st) {
  size_t col = 0;
  for (const FixedColumn& c : layout.fixed) {
    std::string h = workbook::FixedHeader(c);
    sheet.WriteString(0, col, h, c.required ? st.header_required : st.header);
    if (!c.help.empty()) sheet.WriteComment(0, col, c.help);
    sheet.SetColumnWidth(
        col, col, Width(h) + (c.key == "school_name" || c.key == "item_text" ? 12 : 0), st.text);
    ++col;
  }
  for (size_t idx : FieldColumns(layout, catalog)) {
    const FieldDef& f = catalog.at(idx);
    std::string h = workbook::FieldHeader(f, !layout.prorated_only);
    sheet.WriteString(0, col, h,
                      f.required && !layout.prorated_only ? st.header_required : st.header);
    sheet.WriteComment(0, col, FieldNote(f));
    sheet.SetColumnWidth(col, col, Width(h));
    AddNumberCheck(sheet, col, f);
    ++col;
  }
  sheet.SetRowHeight(0, 36);
  sheet.FreezePanes(
      1, layout.kind == SheetKind::kSchools || layout.kind == SheetKind::kSections ? 3 : 2);
}

size_t ColumnOf(const SheetLayout& layout, std::string_view key) {
  for (size_t i = 0; i < layout.fixed.size(); ++i) {
    if (layout.fixed[i].key == key) return i;
  }
  return 0;
}

void Dropdown(SheetWriter& sheet, const SheetLayout& layout, std::string_view key,
              std::vector<std::string> options, std::string_view title) {
  xlsx::Prompt p;
  p.input_title = std::string(title);
  p.error_title = "请从下拉列表中选择";
  p.error_message = fmt::format("“{}”只能填写下拉列表中的值", title);
  size_t col = ColumnOf(layout, key);
  sheet.AddDropdown(Range{1, col, kInputRows, col}, options, p);
}

// Example values from the catalog ("example = ..."), for the grey example rows.
void WriteExampleFields(SheetWriter& sheet, size_t row, size_t first_col, const SheetLayout& layout,
                        const FieldCatalog& catalog, const Styles& st, double scale) {
  size_t col = first_col;
  for (size_t idx : FieldColumns(layout, catalog)) {
    const FieldDef& f = catalog.at(idx);
    if (!f.example.empty()) {
      auto v = ParseNumber(f.example.back() == '%' ? f.example.substr(0, f.example.size() - 1)
                                                   : f.example);
      if (v) {
        double x = f.kind == FieldKind::kInteger ? std::round(*v * scale) : *v * scale;
        if (f.kind == FieldKind::kRatio) x = *v;
        sheet.WriteNumber(row, col, x, st.example);
      }
    }
    ++col;
  }
}

}  // namespace

Result<std::string> WriteTemplate(const Standard& standard, const TemplateOptions& options) {
  const FieldCatalog& catalog = *standard.catalog;
  auto book =
      JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory({.constant_memory = false,
                                                       .title = "义务教育学校基础数据填报模板",
                                                       .subject = standard.title.zh}));
  Styles st;
  st.title = book.AddFormat({.bold = true, .font_size = 16});
  st.header = book.AddFormat({.bold = true,
                              .fill_color = 0xDDEBF7,
                              .border = xlsx::BorderStyle::kThin,
                              .align = xlsx::HAlign::kCenter,
                              .valign = xlsx::VAlign::kCenter,
                              .wrap = true});
  st.header_required = book.AddFormat({.bold = true,
                                       .font_color = 0xC00000,
                                       .fill_color = 0xDDEBF7,
                                       .border = xlsx::BorderStyle::kThin,
                                       .align = xlsx::HAlign::kCenter,
                                       .valign = xlsx::VAlign::kCenter,
                                       .wrap = true});
  st.example = book.AddFormat(
      {.italic = true, .font_color = 0x808080, .fill_color = 0xF2F2F2, .num_format = "@"});
  st.text = book.AddFormat({.num_format = "@"});  // codes keep leading zeros
  st.note = book.AddFormat({.valign = xlsx::VAlign::kTop, .wrap = true});
  std::string year_text = (options.year ? *options.year : AcademicYear(2024)).LabelEn();

  // --- 填报说明 -------------------------------------------------------------
  SheetWriter& intro = book.AddSheet("填报说明");
  intro.SetColumnWidth(0, 0, 22);
  intro.SetColumnWidth(1, 1, 90, st.note);
  intro.WriteString(0, 0, "义务教育学校基础数据填报模板", st.title);
  size_t r = 2;
  auto line = [&](std::string_view a, std::string_view b) {
    intro.WriteString(r, 0, a, st.header);
    intro.WriteString(r, 1, b, st.note);
    ++r;
  };
  line("适用标准", fmt::format("{}（{}）", standard.title.zh, standard.document));
  line("学年",
       "每行第一列填写学年，如 2024-2025（2024年秋季开学的学年，对应2024年教育事业统计）。");
  line("必填项", "标题为红色、带“*”的列必须填写；其余列按实际情况填写。");
  line("示例行", "灰色斜体、学年列为“示例”的行是填写示例，导入时自动跳过，可保留也可删除。");
  line("单位",
       "按列标题括号中的单位填写（如教学仪器设备资产值填“万元”）；不要在数字后加单位或文字。");
  line("一贯制学校",
       "九年一贯制、十二年一贯制学校和完全中学在“分学段数据”中每个学段各填一行；校舍、场地、设备等"
       "全校共用资源在“学校基本信息”中填全校合计，系统按各学段在校生数比例分摊。");
  line("导入规则",
       "整份（或同时导入的多份）文件全部通过校验才会保存；任一单元格有误，系统列出所有错误（文件、"
       "工作表、行、列及原因）且不保存任何数据。同一学校同一学年重新导入时替换原数据，原数据保留在"
       "历史记录中，可撤销。");
  for (const SheetLayout& l : Layouts()) {
    if (l.bureau && !options.include_county_sheets) continue;
    line(fmt::format("工作表：{}", l.name), l.purpose);
  }
  r += 1;
  intro.WriteString(r++, 0, "字段说明", st.title);
  intro.WriteString(r, 0, "字段（单位）", st.header);
  intro.WriteString(r, 1, "含义、口径与依据", st.header);
  ++r;
  for (const FieldDef& f : catalog.fields()) {
    intro.WriteString(r, 0, workbook::FieldHeader(f, false), st.note);
    std::string text = FieldNote(f);
    if (!f.source.empty()) text += fmt::format("【依据】{}", f.source);
    intro.WriteString(r, 1, text, st.note);
    ++r;
  }

  const auto types = Names(kAllSchoolTypes, SchoolTypeName);
  const auto locales = Names(kAllLocales, LocaleName);
  const auto ownerships = Names(kAllOwnerships, OwnershipName);
  const auto stages = Names(kAllStages, StageName);
  std::vector<std::string> years = YearOptions(options.year);
  years.push_back(std::string(workbook::kExampleMarker));
  std::vector<std::string> county_codes;
  for (const Area& a : options.areas) {
    if (a.level == AreaLevel::kCounty) county_codes.push_back(a.code);
  }
  auto area_name = [&](const std::string& code) {
    for (const Area& a : options.areas) {
      if (a.code == code) return a.name;
    }
    return std::string();
  };

  // --- 学校基本信息 -----------------------------------------------------------
  const SheetLayout& sl = workbook::LayoutOf(SheetKind::kSchools);
  SheetWriter& schools = book.AddSheet(sl.name);
  WriteHeader(schools, sl, catalog, st);
  Dropdown(schools, sl, "year", years, "学年");
  Dropdown(schools, sl, "type", types, "学校类型");
  Dropdown(schools, sl, "locale", locales, "城乡类型");
  Dropdown(schools, sl, "ownership", ownerships, "办学性质");
  Dropdown(schools, sl, "boarding", {"是", "否"}, "是否寄宿制学校");
  if (!county_codes.empty()) Dropdown(schools, sl, "county_code", county_codes, "所属县区代码");
  // Example: a nine-year school (the case clerks ask about most).
  const std::vector<std::string> example_school = {
      "示例",   "9999990001", "示例九年一贯制学校", "999999",
      "示例县", "城关镇",     "九年一贯制学校",     "镇区",
      "公办",   "否"};
  for (size_t c = 0; c < example_school.size(); ++c)
    schools.WriteString(1, c, example_school[c], st.example);
  WriteExampleFields(schools, 1, sl.fixed.size(), sl, catalog, st, 1.0);
  size_t row = 2;
  for (const School& s : options.schools) {
    schools.WriteString(row, 0, year_text, st.text);
    schools.WriteString(row, 1, s.code, st.text);
    schools.WriteString(row, 2, s.name);
    schools.WriteString(row, 3, s.county, st.text);
    schools.WriteString(row, 4, area_name(s.county));
    schools.WriteString(row, 5, s.town);
    schools.WriteString(row, 6, SchoolTypeName(s.type));
    schools.WriteString(row, 7, LocaleName(s.locale));
    schools.WriteString(row, 8, OwnershipName(s.ownership));
    schools.WriteString(row, 9, s.boarding ? "是" : "否");
    ++row;
  }

  // --- 分学段数据 -------------------------------------------------------------
  const SheetLayout& secl = workbook::LayoutOf(SheetKind::kSections);
  SheetWriter& sections = book.AddSheet(secl.name);
  WriteHeader(sections, secl, catalog, st);
  Dropdown(sections, secl, "year", years, "学年");
  Dropdown(sections, secl, "stage", stages, "学段");
  const double example_share[] = {0.6, 0.4};
  const char* example_stage[] = {"小学", "初中"};
  for (size_t k = 0; k < 2; ++k) {
    sections.WriteString(1 + k, 0, "示例", st.example);
    sections.WriteString(1 + k, 1, "9999990001", st.example);
    sections.WriteString(1 + k, 2, "示例九年一贯制学校", st.example);
    sections.WriteString(1 + k, 3, example_stage[k], st.example);
    WriteExampleFields(sections, 1 + k, secl.fixed.size(), secl, catalog, st, example_share[k]);
  }
  row = 3;
  for (const School& s : options.schools) {
    for (Stage stage : StagesOf(s.type)) {
      sections.WriteString(row, 0, year_text, st.text);
      sections.WriteString(row, 1, s.code, st.text);
      sections.WriteString(row, 2, s.name);
      sections.WriteString(row, 3, StageName(stage));
      ++row;
    }
  }

  // --- 共用资源分摊（可选） ----------------------------------------------------
  const SheetLayout& ol = workbook::LayoutOf(SheetKind::kOverrides);
  SheetWriter& overrides = book.AddSheet(ol.name);
  WriteHeader(overrides, ol, catalog, st);
  Dropdown(overrides, ol, "year", years, "学年");
  Dropdown(overrides, ol, "stage", stages, "学段");
  overrides.WriteString(1, 0, "示例", st.example);
  overrides.WriteString(1, 1, "9999990001", st.example);
  overrides.WriteString(1, 2, "初中", st.example);
  overrides.WriteNumber(1, 3, 2900, st.example);

  if (options.include_county_sheets) {
    // --- 县级数据 -------------------------------------------------------------
    const SheetLayout& cl = workbook::LayoutOf(SheetKind::kCounty);
    SheetWriter& county = book.AddSheet(cl.name);
    WriteHeader(county, cl, catalog, st);
    Dropdown(county, cl, "year", years, "学年");
    if (!county_codes.empty()) Dropdown(county, cl, "county_code", county_codes, "县区代码");
    county.WriteString(1, 0, "示例", st.example);
    county.WriteString(1, 1, "999999", st.example);
    county.WriteString(1, 2, "示例县", st.example);
    WriteExampleFields(county, 1, cl.fixed.size(), cl, catalog, st, 1.0);
    row = 2;
    for (const std::string& code : county_codes) {
      county.WriteString(row, 0, year_text, st.text);
      county.WriteString(row, 1, code, st.text);
      county.WriteString(row, 2, area_name(code));
      ++row;
    }

    // --- 评估事项 -------------------------------------------------------------
    const SheetLayout& il = workbook::LayoutOf(SheetKind::kItems);
    SheetWriter& items = book.AddSheet(il.name);
    WriteHeader(items, il, catalog, st);
    items.SetColumnWidth(4, 4, 60, st.note);
    items.SetColumnWidth(6, 7, 30, st.note);
    Dropdown(items, il, "year", years, "学年");
    Dropdown(items, il, "status", {"达标", "未达标", "未评定"}, "结论");
    row = 1;
    std::vector<std::string> codes =
        county_codes.empty() ? std::vector<std::string>{""} : county_codes;
    for (const std::string& code : codes) {
      for (const Item& it : standard.items) {
        if (!it.needs_judgment) continue;
        items.WriteString(row, 0, year_text, st.text);
        items.WriteString(row, 1, code, st.text);
        items.WriteString(row, 2, area_name(code));
        items.WriteString(row, 3, it.id);
        items.WriteString(row, 4, it.text.zh, st.note);
        if (!it.evidence_hint.zh.empty())
          items.WriteComment(row, 7, "应提供：" + it.evidence_hint.zh);
        ++row;
      }
    }

    // --- 一票否决 -------------------------------------------------------------
    const SheetLayout& vl = workbook::LayoutOf(SheetKind::kVetoes);
    SheetWriter& vetoes = book.AddSheet(vl.name);
    WriteHeader(vetoes, vl, catalog, st);
    vetoes.SetColumnWidth(4, 4, 50, st.note);
    Dropdown(vetoes, vl, "year", years, "学年");
    Dropdown(vetoes, vl, "occurred", {"是", "否"}, "是否存在");
    row = 1;
    for (const std::string& code : codes) {
      for (const Veto& v : standard.vetoes) {
        vetoes.WriteString(row, 0, year_text, st.text);
        vetoes.WriteString(row, 1, code, st.text);
        vetoes.WriteString(row, 2, area_name(code));
        vetoes.WriteString(row, 3, v.id);
        vetoes.WriteString(row, 4, v.text.zh, st.note);
        ++row;
      }
    }

    // --- 行政区划 -------------------------------------------------------------
    const SheetLayout& al = workbook::LayoutOf(SheetKind::kAreas);
    SheetWriter& areas = book.AddSheet(al.name);
    WriteHeader(areas, al, catalog, st);
    Dropdown(areas, al, "level", {"市", "县", "乡镇"}, "层级");
    row = 1;
    for (const Area& a : options.areas) {
      areas.WriteString(row, 0, a.code, st.text);
      areas.WriteString(row, 1, a.name);
      areas.WriteString(row, 2, AreaLevelName(a.level));
      areas.WriteString(row, 3, a.parent_code, st.text);
      ++row;
    }
  }
  return book.FinishToBytes();
}

}  // namespace jiaodu
