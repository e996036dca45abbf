// Writes the school-data template: an instructions sheet, one sheet per data
// group with Chinese headers and units, dropdowns and number checks on the
// input cells, notes on every header, and grey example rows marked "示例".
// Sheet names, the title, the columns and the examples come from the
// standard's field catalog (layout.h), so the compulsory-school and the
// preschool workbooks are written by the same code.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/school_workbook/layout.h"
#include "jiaodu/formats/school_workbook/school_workbook.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

using workbook::FieldColumns;
using workbook::FixedColumn;
using workbook::SheetKind;
using workbook::SheetLayout;
using workbook::WorkbookLayout;
using xlsx::Format;
using xlsx::Range;
using xlsx::SheetWriter;

constexpr size_t kInputRows = 2000;  // rows prepared with validation
constexpr std::string_view kExampleCode = "9999990001";

struct Styles {
  Format title, header, header_required, header_bureau, example, text, note, cell;
};

std::vector<std::string> YearOptions(std::optional<AcademicYear> year) {
  int last = year ? year->start() : 2025;
  std::vector<std::string> out;
  for (int y = last + 1; y >= last - 5; --y) out.push_back(AcademicYear(y).LabelEn());
  return out;
}

template <typename E, typename F>
std::vector<std::string> Names(std::span<const E> all, F name) {
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

// Header row + notes + column widths for one sheet.
void WriteHeader(SheetWriter& sheet, const SheetLayout& layout, const FieldCatalog& catalog,
                 const Styles& st) {
  size_t col = 0;
  for (const FixedColumn* c : layout.TemplateColumns()) {
    std::string h = workbook::FixedHeader(*c);
    sheet.WriteString(0, col, h, c->required ? st.header_required : st.header);
    if (!c->help.empty()) sheet.WriteComment(0, col, c->help);
    sheet.SetColumnWidth(
        col, col, Width(h) + (c->key == "school_name" || c->key == "item_text" ? 12 : 0), st.text);
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

// The template column of a fixed key, or nullopt when the template omits it.
std::optional<size_t> ColumnOf(const SheetLayout& layout, std::string_view key) {
  auto cols = layout.TemplateColumns();
  for (size_t i = 0; i < cols.size(); ++i) {
    if (cols[i]->key == key) return i;
  }
  return std::nullopt;
}

void Dropdown(SheetWriter& sheet, const SheetLayout& layout, std::string_view key,
              const std::vector<std::string>& options) {
  auto col = ColumnOf(layout, key);
  if (!col) return;
  const std::string& title = layout.Fixed(key)->header;
  xlsx::Prompt p;
  p.input_title = title;
  p.error_title = "请从下拉列表中选择";
  p.error_message = fmt::format("“{}”只能填写下拉列表中的值", title);
  sheet.AddDropdown(Range{1, *col, kInputRows, *col}, options, p);
}

// Writes `values` (fixed key → text) into a row; keys the template omits
// are skipped. Formats: the example style, or per key.
void WriteFixed(SheetWriter& sheet, const SheetLayout& layout, size_t row,
                const std::vector<std::pair<std::string, std::string>>& values,
                const std::map<std::string, Format>& formats, Format fallback = {}) {
  for (const auto& [key, text] : values) {
    auto col = ColumnOf(layout, key);
    if (!col) continue;
    auto f = formats.find(key);
    sheet.WriteString(row, *col, text, f != formats.end() ? f->second : fallback);
  }
}

// Example values from the catalog ("example = ..."), for the grey example rows.
void WriteExampleFields(SheetWriter& sheet, size_t row, const SheetLayout& layout,
                        const FieldCatalog& catalog, const Styles& st, double scale) {
  size_t col = layout.TemplateColumns().size();
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

std::string YesNo(bool b) { return b ? "是" : "否"; }

// The section rows a school gets in the template: the stages its type must
// report here, or (a primary school in the preschool workbook) the ones it
// may report.
std::vector<Stage> TemplateStages(const WorkbookLayout& wl, SchoolType t) {
  auto stages = wl.RequiredStages(t);
  return stages.empty() ? wl.AllowedStages(t) : stages;
}

// The instructions sheet.
void WriteIntro(xlsx::WorkbookWriter& book, const WorkbookLayout& wl,
                const TemplateOptions& options, const Styles& st) {
  const Standard& standard = wl.standard();
  const FieldCatalog& catalog = wl.catalog();
  SheetWriter& intro = book.AddSheet("填报说明");
  intro.SetColumnWidth(0, 0, 22);
  intro.SetColumnWidth(1, 1, 90, st.note);
  intro.WriteString(0, 0, wl.title(), st.title);
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
  for (const FieldDef& f : catalog.fields()) {
    if (f.pow10 == 0) continue;
    line("单位", fmt::format("按列标题括号中的单位填写（如{}填“{}”）；不要在数字后加单位或文字。",
                             f.name.zh, f.unit.zh));
    break;
  }
  const SheetLayout* schools = wl.Find(SheetKind::kSchools);
  const SheetLayout* sections = wl.Find(SheetKind::kSections);
  if (wl.Find(SheetKind::kOverrides) != nullptr) {
    line("一贯制学校",
         fmt::format("九年一贯制、十二年一贯制学校和完全中学在“{}”中每个学段各填一行；校舍、场地、"
                     "设备等全校共用资源在“{}”中填全校合计，系统按各学段在校生数比例分摊。",
                     sections->name, schools->name));
  }
  if (auto stage = wl.implied_stage()) {
    // Types entered only for an optional part: a primary school's 附设幼儿班.
    std::vector<std::string> attached;
    for (SchoolType t : wl.Types()) {
      if (wl.RequiredStages(t).empty()) attached.emplace_back(SchoolTypeName(t));
    }
    if (!attached.empty()) {
      line("小学附设幼儿班",
           fmt::format("附设在{}的{}班级，与{}一样在“{}”和“{}”中各填一行：学校标识码、名称、学校"
                       "类型、城乡类型与办学性质填所在学校的（与该校义务教育数据一致）。"
                       "附设班的数据单独保存，不影响该校的义务教育数据。",
                       fmt::join(attached, "、"), StageName(*stage), wl.noun(), schools->name,
                       sections->name));
    }
  }
  line("导入规则",
       "整份（或同时导入的多份）文件全部通过校验才会保存；任一单元格有误，系统列出所有错误（文件、"
       "工作表、行、列及原因）且不保存任何数据。同一学校同一学年重新导入时替换原数据，原数据保留在"
       "历史记录中，可撤销。");
  for (const SheetLayout& l : wl.sheets()) {
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
}

}  // namespace

Result<std::string> WriteTemplate(const Standard& standard, const TemplateOptions& options) {
  const WorkbookLayout wl(standard);
  const FieldCatalog& catalog = wl.catalog();
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory(
      {.constant_memory = false, .title = wl.title(), .subject = standard.title.zh}));
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

  WriteIntro(book, wl, options, st);

  std::vector<std::string> types;
  for (SchoolType t : wl.Types()) types.emplace_back(SchoolTypeName(t));
  const auto locales = Names<Locale>(kAllLocales, LocaleName);
  const auto ownerships = Names<Ownership>(kAllOwnerships, OwnershipName);
  const auto stages = Names<Stage>(wl.stages(), StageName);
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
  // Prefilled schools: those this workbook takes.
  std::vector<const School*> schools_here;
  for (const School& s : options.schools) {
    if (!wl.AllowedStages(s.type).empty()) schools_here.push_back(&s);
  }
  const std::map<std::string, Format> kCodes = {
      {"year", st.text}, {"school_code", st.text}, {"county_code", st.text}};

  // --- 学校基本信息 / 幼儿园基本信息 ------------------------------------------
  const SheetLayout& sl = *wl.Find(SheetKind::kSchools);
  SheetWriter& schools = book.AddSheet(sl.name);
  WriteHeader(schools, sl, catalog, st);
  Dropdown(schools, sl, "year", years);
  Dropdown(schools, sl, "type", types);
  Dropdown(schools, sl, "locale", locales);
  Dropdown(schools, sl, "ownership", ownerships);
  Dropdown(schools, sl, "boarding", {"是", "否"});
  Dropdown(schools, sl, "inclusive", {"是", "否"});
  Dropdown(schools, sl, "category", workbook::KindergartenCategories());
  if (!county_codes.empty()) Dropdown(schools, sl, "county_code", county_codes);
  const SchoolType example_type = wl.ExampleType();
  const std::string example_name = fmt::format("示例{}", example_type == SchoolType::kKindergarten
                                                             ? wl.noun()
                                                             : SchoolTypeName(example_type));
  // A kindergarten example shows the case that needs both columns: a
  // private kindergarten recognised as 普惠.
  School example_school{
      std::string(kExampleCode), example_name, "999999", "城关镇", example_type, Locale::kTown,
      Ownership::kPublic,        false};
  if (example_type == SchoolType::kKindergarten) {
    example_school.ownership = Ownership::kPrivate;
    example_school.inclusive = true;
  }
  auto school_values = [&](const School& s, std::string year, std::string county_name) {
    return std::vector<std::pair<std::string, std::string>>{
        {"year", std::move(year)},
        {"school_code", s.code},
        {"school_name", s.name},
        {"county_code", s.county},
        {"county_name", std::move(county_name)},
        {"town", s.town},
        {"type", std::string(SchoolTypeName(s.type))},
        {"locale", std::string(LocaleName(s.locale))},
        {"ownership", std::string(OwnershipName(s.ownership))},
        {"boarding", YesNo(s.boarding)},
        {"inclusive", YesNo(s.ownership == Ownership::kPublic || s.inclusive)},
        {"category", std::string(KindergartenCategory(s))}};
  };
  WriteFixed(schools, sl, 1,
             school_values(example_school, std::string(workbook::kExampleMarker), "示例县"), {},
             st.example);
  WriteExampleFields(schools, 1, sl, catalog, st, 1.0);
  size_t row = 2;
  for (const School* s : schools_here) {
    WriteFixed(schools, sl, row, school_values(*s, year_text, area_name(s->county)), kCodes);
    ++row;
  }

  // --- 分学段数据 / 幼儿园数据 -------------------------------------------------
  const SheetLayout& secl = *wl.Find(SheetKind::kSections);
  SheetWriter& sections = book.AddSheet(secl.name);
  WriteHeader(sections, secl, catalog, st);
  Dropdown(sections, secl, "year", years);
  Dropdown(sections, secl, "stage", stages);
  const std::vector<Stage> example_stages = TemplateStages(wl, example_type);
  for (size_t k = 0; k < example_stages.size(); ++k) {
    // Two sections share the example school's figures 60 : 40.
    double share = example_stages.size() == 2 ? (k == 0 ? 0.6 : 0.4)
                                              : 1.0 / static_cast<double>(example_stages.size());
    WriteFixed(sections, secl, 1 + k,
               {{"year", std::string(workbook::kExampleMarker)},
                {"school_code", std::string(kExampleCode)},
                {"school_name", example_name},
                {"stage", std::string(StageName(example_stages[k]))}},
               {}, st.example);
    WriteExampleFields(sections, 1 + k, secl, catalog, st, share);
  }
  row = 1 + example_stages.size();
  for (const School* s : schools_here) {
    for (Stage stage : TemplateStages(wl, s->type)) {
      WriteFixed(sections, secl, row,
                 {{"year", year_text},
                  {"school_code", s->code},
                  {"school_name", s->name},
                  {"stage", std::string(StageName(stage))}},
                 kCodes);
      ++row;
    }
  }

  // --- 共用资源分摊（可选） ----------------------------------------------------
  if (const SheetLayout* ol = wl.Find(SheetKind::kOverrides)) {
    SheetWriter& overrides = book.AddSheet(ol->name);
    WriteHeader(overrides, *ol, catalog, st);
    Dropdown(overrides, *ol, "year", years);
    Dropdown(overrides, *ol, "stage", stages);
    WriteFixed(overrides, *ol, 1,
               {{"year", std::string(workbook::kExampleMarker)},
                {"school_code", std::string(kExampleCode)},
                {"stage", std::string(StageName(example_stages.back()))}},
               {}, st.example);
    overrides.WriteNumber(1, ol->TemplateColumns().size(), 2900, st.example);
  }

  if (options.include_county_sheets) {
    // --- 县级数据 -------------------------------------------------------------
    const SheetLayout& cl = *wl.Find(SheetKind::kCounty);
    SheetWriter& county = book.AddSheet(cl.name);
    WriteHeader(county, cl, catalog, st);
    Dropdown(county, cl, "year", years);
    if (!county_codes.empty()) Dropdown(county, cl, "county_code", county_codes);
    WriteFixed(county, cl, 1,
               {{"year", std::string(workbook::kExampleMarker)},
                {"county_code", "999999"},
                {"county_name", "示例县"}},
               {}, st.example);
    WriteExampleFields(county, 1, cl, catalog, st, 1.0);
    row = 2;
    for (const std::string& code : county_codes) {
      WriteFixed(county, cl, row,
                 {{"year", year_text}, {"county_code", code}, {"county_name", area_name(code)}},
                 kCodes);
      ++row;
    }

    // One row per county and entry (a judged item, a veto) in the bureau
    // sheets: the entry's text to read, and for items the evidence expected.
    struct Entry {
      std::string id, text, note;
    };
    const std::vector<std::string> codes =
        county_codes.empty() ? std::vector<std::string>{""} : county_codes;
    auto county_entries = [&](SheetWriter& sheet, const SheetLayout& l, const std::string& id_key,
                              const std::string& text_key, const std::vector<Entry>& entries) {
      const std::map<std::string, Format> formats = {
          {"year", st.text}, {"county_code", st.text}, {text_key, st.note}};
      const size_t note_col = ColumnOf(l, "evidence").value_or(0);
      size_t r = 1;
      for (const std::string& code : codes) {
        for (const Entry& e : entries) {
          WriteFixed(sheet, l, r,
                     {{"year", year_text},
                      {"county_code", code},
                      {"county_name", area_name(code)},
                      {id_key, e.id},
                      {text_key, e.text}},
                     formats);
          if (!e.note.empty()) sheet.WriteComment(r, note_col, e.note);
          ++r;
        }
      }
    };

    // --- 评估事项 -------------------------------------------------------------
    const SheetLayout& il = *wl.Find(SheetKind::kItems);
    SheetWriter& items = book.AddSheet(il.name);
    WriteHeader(items, il, catalog, st);
    const size_t item_text_col = ColumnOf(il, "item_text").value_or(0);
    items.SetColumnWidth(item_text_col, item_text_col, 60, st.note);
    items.SetColumnWidth(ColumnOf(il, "note").value_or(0), ColumnOf(il, "evidence").value_or(0), 30,
                         st.note);
    Dropdown(items, il, "year", years);
    Dropdown(items, il, "status", {"达标", "未达标", "未评定"});
    std::vector<Entry> judged;
    for (const Item& it : standard.items) {
      if (!it.needs_judgment) continue;
      judged.push_back(
          {it.id, it.text.zh, it.evidence_hint.zh.empty() ? "" : "应提供：" + it.evidence_hint.zh});
    }
    county_entries(items, il, "item", "item_text", judged);

    // --- 一票否决 -------------------------------------------------------------
    const SheetLayout& vl = *wl.Find(SheetKind::kVetoes);
    SheetWriter& vetoes = book.AddSheet(vl.name);
    WriteHeader(vetoes, vl, catalog, st);
    const size_t veto_text_col = ColumnOf(vl, "veto_text").value_or(0);
    vetoes.SetColumnWidth(veto_text_col, veto_text_col, 50, st.note);
    Dropdown(vetoes, vl, "year", years);
    Dropdown(vetoes, vl, "occurred", {"是", "否"});
    std::vector<Entry> veto_entries;
    for (const Veto& v : standard.vetoes) veto_entries.push_back({v.id, v.text.zh, ""});
    county_entries(vetoes, vl, "veto", "veto_text", veto_entries);

    // --- 行政区划 -------------------------------------------------------------
    const SheetLayout& al = *wl.Find(SheetKind::kAreas);
    SheetWriter& areas = book.AddSheet(al.name);
    WriteHeader(areas, al, catalog, st);
    Dropdown(areas, al, "level", {"市", "县", "乡镇"});
    row = 1;
    for (const Area& a : options.areas) {
      WriteFixed(areas, al, row,
                 {{"code", a.code},
                  {"name", a.name},
                  {"level", std::string(AreaLevelName(a.level))},
                  {"parent", a.parent_code}},
                 {{"code", st.text}, {"parent", st.text}});
      ++row;
    }
  }
  return book.FinishToBytes();
}

}  // namespace jiaodu
