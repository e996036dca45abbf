#include "jiaodu/formats/school_workbook/layout.h"

#include <fmt/format.h>

#include <algorithm>

#include "jiaodu/core/text.h"
#include "jiaodu/domain/schools/school.h"

namespace jiaodu::workbook {
namespace {

FixedColumn Year() {
  return {"year",
          "学年",
          true,
          {"year", "学年度"},
          "填写学年，如 2024-2025（表示2024年秋季开学的学年）；示例行填“示例”，导入时跳过",
          true};
}
FixedColumn SchoolCode(bool attached) {
  std::string help = "教育部统一的10位学校标识码";
  if (attached) help += "；小学附设幼儿班填所在学校的学校标识码";
  return {"school_code", "学校标识码", true, {"school_code", "学校代码", "标识码"}, help, true};
}
FixedColumn CountyCode() {
  return {"county_code",
          "县区代码",
          true,
          {"county_code", "所属县区代码", "区县代码", "行政区划代码"},
          "6位县级行政区划代码",
          true};
}
FixedColumn CountyName(std::string help) {
  return {"county_name", "县区名称", false, {"county_name"}, std::move(help), true};
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : std::string(sep)) + p;
  return s;
}

std::string StageList(const std::vector<Stage>& stages) {
  std::vector<std::string> names;
  for (Stage s : stages) names.emplace_back(StageName(s));
  return Join(names, " / ");
}

// "如 G1、Q3": the first item judged by hand, and the first of another part.
std::string ItemExample(const Standard& standard) {
  std::vector<std::string> ids;
  for (const Item& it : standard.items) {
    if (!it.needs_judgment) continue;
    if (ids.empty() || (ids.size() == 1 && it.id.substr(0, 1) != ids[0].substr(0, 1)))
      ids.push_back(it.id);
  }
  if (ids.empty()) return "如 G1、Q3";
  return "如 " + Join(ids, "、");
}

std::string VetoExample(const Standard& standard) {
  return "如 " + (standard.vetoes.empty() ? std::string("V1") : standard.vetoes.front().id);
}

bool Contains(const std::vector<Stage>& v, Stage s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

const FixedColumn* SheetLayout::Fixed(std::string_view key) const {
  for (const auto& c : fixed) {
    if (c.key == key) return &c;
  }
  return nullptr;
}

std::vector<const FixedColumn*> SheetLayout::TemplateColumns() const {
  std::vector<const FixedColumn*> out;
  for (const auto& c : fixed) {
    if (c.in_template) out.push_back(&c);
  }
  return out;
}

WorkbookLayout::WorkbookLayout(const Standard& standard) : standard_(&standard) {
  const FieldCatalog& catalog = *standard.catalog;
  for (Stage s : kAllStages) {
    if (catalog.HasStage(s)) stages_.push_back(s);
  }
  auto label = [&](std::string_view key, std::string_view fallback) {
    std::string l = catalog.Label(key);
    return l.empty() ? std::string(fallback) : l;
  };
  // Schools entered here only for an optional part (附设幼儿班).
  bool attached = false;
  for (SchoolType t : kAllSchoolTypes)
    attached = attached || (RequiredStages(t).empty() && !AllowedStages(t).empty());
  bool schools_board = false;  // boarding is a school attribute, not a kindergarten's
  for (Stage s : stages_) schools_board = schools_board || s != Stage::kPreschool;
  bool kindergartens = Contains(stages_, Stage::kPreschool);
  const std::string name_header = noun() + "名称";
  const bool single = implied_stage().has_value();

  std::vector<FixedColumn> school_cols = {
      Year(),
      SchoolCode(attached),
      {"school_name", name_header, true, {"school_name", "名称", "学校名称"}, "", true},
      {"county_code",
       "所属县区代码",
       true,
       {"county_code", "县区代码", "区县代码"},
       "6位县级行政区划代码",
       true},
      {"county_name",
       "所属县区",
       false,
       {"county_name", "县区", "区县"},
       "可选；填写时须与代码一致",
       true},
      {"town", "乡镇（街道）", false, {"town", "乡镇", "街道"}, "", true},
      {"type",
       "学校类型",
       true,
       {"type", "办学类型"},
       attached ? "从下拉列表选择；小学附设幼儿班填所在学校的类型（小学、九年一贯制学校等）"
                : "从下拉列表选择",
       true},
      {"locale",
       "城乡类型",
       true,
       {"locale", "城乡分类"},
       "城区 / 镇区 / 乡村（统计用城乡划分）",
       true},
      {"ownership",
       "办学性质",
       true,
       {"ownership"},
       attached ? "公办 / 民办；小学附设幼儿班随所在学校" : "公办 / 民办",
       true}};
  if (schools_board) {
    school_cols.push_back(
        {"boarding", "是否寄宿制学校", true, {"boarding", "寄宿制"}, "是 / 否", true});
  }
  if (kindergartens) {
    school_cols.push_back({"inclusive",
                           "是否普惠性幼儿园",
                           true,
                           {"inclusive", "是否普惠性", "是否普惠"},
                           "是 / 否：公办园（含公办学校附设幼儿班）填“是”；民办园经认定为普惠性"
                           "民办园的填“是”，其余填“否”",
                           true});
    school_cols.push_back({"category",
                           "办园类别",
                           false,
                           {"category", "幼儿园类别"},
                           "可选：" + Join(KindergartenCategories(), " / ") +
                               "；填写时须与办学性质、是否普惠性幼儿园一致",
                           true});
  }
  sheets_.push_back(
      {SheetKind::kSchools, label("sheet.schools", "学校基本信息"),
       label("sheet.schools.purpose", "每所学校一行：学校属性与全校共用的校舍、场地、设备、经费"),
       std::move(school_cols), FieldLevel::kSchool, false, false});

  // A single-stage workbook has one section row per school, stage implied;
  // a 学段 column is still accepted (and must name that stage).
  FixedColumn stage{"stage", "学段", !single, {"stage", "学段名称"}, "", !single};
  if (!single) stage.help = StageList(stages_);
  sheets_.push_back(
      {SheetKind::kSections,
       label("sheet.sections", "分学段数据"),
       label("sheet.sections.purpose",
             "每所学校每个学段一行：九年一贯制学校填小学、初中两行；完全中学填初中、高中两行"),
       {Year(),
        SchoolCode(attached),
        {"school_name", name_header, false, {"school_name", "学校名称"}, "可选，便于核对", true},
        stage},
       FieldLevel::kSection,
       false,
       false});

  bool shared_resources = false;
  for (const FieldDef& f : catalog.fields()) shared_resources = shared_resources || f.prorate;
  if (!single && shared_resources) {
    sheets_.push_back(
        {SheetKind::kOverrides,
         label("sheet.overrides", "共用资源分摊（可选）"),
         label("sheet.overrides.purpose",
               "一贯制、完全中学等多学段学校：如某学段实际使用的共用资源与按学生数分摊不同，可在此"
               "填报该学段的实际数；未填部分按学生数比例分摊"),
         {Year(), SchoolCode(false), {"stage", "学段", true, {"stage"}, StageList(stages_), true}},
         FieldLevel::kSchool,
         true,
         false});
  }
  sheets_.push_back({SheetKind::kCounty,
                     label("sheet.county", "县级数据"),
                     label("sheet.county.purpose",
                           "由县级教育行政部门填写：每个县区每学年一行；空白单元格不改变已有数据"),
                     {Year(), CountyCode(), CountyName("可选；填写时须与代码一致")},
                     FieldLevel::kCounty,
                     false,
                     true});
  sheets_.push_back(
      {SheetKind::kItems,
       label("sheet.items", "评估事项"),
       label("sheet.items.purpose", "由县级教育行政部门填写：需评定的事项的结论、说明与佐证材料"),
       {Year(),
        CountyCode(),
        CountyName(""),
        {"item", "事项编号", true, {"item", "编号"}, ItemExample(standard), true},
        {"item_text", "事项内容", false, {"item_text", "内容"}, "仅供阅读，导入时不使用", true},
        {"status", "结论", true, {"status", "评定结论"}, "达标 / 未达标 / 未评定", true},
        {"note", "说明", false, {"note"}, "", true},
        {"evidence", "佐证材料", false, {"evidence"}, "文件名、文号或链接", true}},
       std::nullopt,
       false,
       true});
  sheets_.push_back({SheetKind::kVetoes,
                     label("sheet.vetoes", "一票否决"),
                     label("sheet.vetoes.purpose", "由县级教育行政部门填写：每项情形是否存在"),
                     {Year(),
                      CountyCode(),
                      CountyName(""),
                      {"veto", "编号", true, {"veto", "情形编号"}, VetoExample(standard), true},
                      {"veto_text", "情形", false, {"veto_text"}, "仅供阅读，导入时不使用", true},
                      {"occurred", "是否存在", true, {"occurred"}, "是 / 否", true},
                      {"note", "说明", false, {"note"}, "", true}},
                     std::nullopt,
                     false,
                     true});
  // Shared by every workbook: one 行政区划 for the installation.
  sheets_.push_back({SheetKind::kAreas,
                     "行政区划",
                     "由市级教育行政部门维护：市、县区（及可选的乡镇街道）",
                     {{"code",
                       "区划代码",
                       true,
                       {"code", "行政区划代码"},
                       "6位（市、县）或9位（乡镇、街道）",
                       true},
                      {"name", "名称", true, {"name"}, "", true},
                      {"level", "层级", true, {"level"}, "市 / 县 / 乡镇", true},
                      {"parent", "上级区划代码", false, {"parent", "上级代码"}, "市级留空", true}},
                     std::nullopt,
                     false,
                     true});
}

const SheetLayout* WorkbookLayout::Find(SheetKind kind) const {
  for (const auto& l : sheets_) {
    if (l.kind == kind) return &l;
  }
  return nullptr;
}

const SheetLayout* WorkbookLayout::FindByName(std::string_view name) const {
  std::string n = NormalizeHeader(name);
  for (const SheetLayout& l : sheets_) {
    if (NormalizeHeader(l.name) == n) return &l;
  }
  return nullptr;
}

std::string WorkbookLayout::SheetNames() const {
  std::vector<std::string> names;
  for (const SheetLayout& l : sheets_) names.push_back(l.name);
  return Join(names, "、");
}

std::string WorkbookLayout::title() const {
  std::string t = catalog().Label("template.title");
  return t.empty() ? "义务教育学校基础数据填报模板" : t;
}

std::optional<Stage> WorkbookLayout::implied_stage() const {
  if (stages_.size() == 1) return stages_.front();
  return std::nullopt;
}

std::vector<Stage> WorkbookLayout::AllowedStages(SchoolType t) const {
  std::vector<Stage> out;
  for (Stage s : stages_) {
    if (AllowsStage(t, s)) out.push_back(s);
  }
  return out;
}

std::vector<Stage> WorkbookLayout::RequiredStages(SchoolType t) const {
  std::vector<Stage> out;
  for (Stage s : StagesOf(t)) {
    if (Contains(stages_, s)) out.push_back(s);
  }
  return out;
}

std::vector<SchoolType> WorkbookLayout::Types() const {
  std::vector<SchoolType> out;
  for (SchoolType t : kAllSchoolTypes) {
    if (!AllowedStages(t).empty()) out.push_back(t);
  }
  return out;
}

SchoolType WorkbookLayout::ExampleType() const {
  const size_t want = std::min<size_t>(2, stages_.size());
  for (SchoolType t : kAllSchoolTypes) {
    auto own = StagesOf(t);
    bool inside =
        std::all_of(own.begin(), own.end(), [&](Stage s) { return Contains(stages_, s); });
    if (inside && own.size() == want) return t;
  }
  return Types().empty() ? SchoolType::kPrimary : Types().front();
}

std::vector<size_t> FieldColumns(const SheetLayout& layout, const FieldCatalog& catalog) {
  std::vector<size_t> out;
  if (!layout.field_level) return out;
  for (size_t i = 0; i < catalog.size(); ++i) {
    const FieldDef& f = catalog.at(i);
    if (f.level != *layout.field_level) continue;
    if (layout.prorated_only && !f.prorate) continue;
    out.push_back(i);
  }
  return out;
}

std::string FieldHeader(const FieldDef& f, bool mark_required) {
  std::string h = (mark_required && f.required ? "*" : "") + f.name.zh;
  if (!f.unit.zh.empty()) h += fmt::format("（{}）", f.unit.zh);
  return h;
}

std::string FixedHeader(const FixedColumn& c) { return (c.required ? "*" : "") + c.header; }

std::string NormalizeHeader(std::string_view header) {
  std::string s = NormalizeWidth(header);  // （）→ (), ＊ → *
  std::string out;
  for (char c : s) {
    if (c == '*' || c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> KindergartenCategories() {
  std::vector<std::string> out;
  for (Ownership o : kAllOwnerships) {
    for (bool inclusive : {true, false}) {
      School s;
      s.ownership = o;
      s.inclusive = inclusive;
      std::string name(KindergartenCategory(s));
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
  }
  return out;
}

}  // namespace jiaodu::workbook
