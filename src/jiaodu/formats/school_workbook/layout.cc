#include "jiaodu/formats/school_workbook/layout.h"

#include <fmt/format.h>

#include "jiaodu/core/text.h"

namespace jiaodu::workbook {
namespace {

FixedColumn Year() {
  return {"year",
          "学年",
          true,
          {"year", "学年度"},
          "填写学年，如 2024-2025（表示2024年秋季开学的学年）；示例行填“示例”，导入时跳过"};
}
FixedColumn SchoolCode() {
  return {"school_code",
          "学校标识码",
          true,
          {"school_code", "学校代码", "标识码"},
          "教育部统一的10位学校标识码"};
}
FixedColumn CountyCode() {
  return {"county_code",
          "县区代码",
          true,
          {"county_code", "所属县区代码", "区县代码", "行政区划代码"},
          "6位县级行政区划代码"};
}

std::vector<SheetLayout> Build() {
  std::vector<SheetLayout> v;
  v.push_back({SheetKind::kSchools,
               "学校基本信息",
               "每所学校一行：学校属性与全校共用的校舍、场地、设备、经费",
               {Year(),
                SchoolCode(),
                {"school_name", "学校名称", true, {"school_name", "名称"}, ""},
                {"county_code",
                 "所属县区代码",
                 true,
                 {"county_code", "县区代码", "区县代码"},
                 "6位县级行政区划代码"},
                {"county_name",
                 "所属县区",
                 false,
                 {"county_name", "县区", "区县"},
                 "可选；填写时须与代码一致"},
                {"town", "乡镇（街道）", false, {"town", "乡镇", "街道"}, ""},
                {"type", "学校类型", true, {"type", "办学类型"}, "从下拉列表选择"},
                {"locale",
                 "城乡类型",
                 true,
                 {"locale", "城乡分类"},
                 "城区 / 镇区 / 乡村（统计用城乡划分）"},
                {"ownership", "办学性质", true, {"ownership"}, "公办 / 民办"},
                {"boarding", "是否寄宿制学校", true, {"boarding", "寄宿制"}, "是 / 否"}},
               FieldLevel::kSchool,
               false,
               false});
  v.push_back({SheetKind::kSections,
               "分学段数据",
               "每所学校每个学段一行：九年一贯制学校填小学、初中两行；完全中学填初中、高中两行",
               {Year(),
                SchoolCode(),
                {"school_name", "学校名称", false, {"school_name"}, "可选，便于核对"},
                {"stage", "学段", true, {"stage", "学段名称"}, "小学 / 初中 / 高中"}},
               FieldLevel::kSection,
               false,
               false});
  v.push_back({SheetKind::kOverrides,
               "共用资源分摊（可选）",
               "一贯制、完全中学等多学段学校：如某学段实际使用的共用资源与按学生数分摊不同，可在此"
               "填报该学段的实际数；未填部分按学生数比例分摊",
               {Year(), SchoolCode(), {"stage", "学段", true, {"stage"}, "小学 / 初中 / 高中"}},
               FieldLevel::kSchool,
               true,
               false});
  v.push_back({SheetKind::kCounty,
               "县级数据",
               "由县级教育行政部门填写：每个县区每学年一行；空白单元格不改变已有数据",
               {Year(),
                CountyCode(),
                {"county_name", "县区名称", false, {"county_name"}, "可选；填写时须与代码一致"}},
               FieldLevel::kCounty,
               false,
               true});
  v.push_back({SheetKind::kItems,
               "评估事项",
               "由县级教育行政部门填写：需评定的事项的结论、说明与佐证材料",
               {Year(),
                CountyCode(),
                {"county_name", "县区名称", false, {"county_name"}, ""},
                {"item", "事项编号", true, {"item", "编号"}, "如 G1、Q3"},
                {"item_text", "事项内容", false, {"item_text", "内容"}, "仅供阅读，导入时不使用"},
                {"status", "结论", true, {"status", "评定结论"}, "达标 / 未达标 / 未评定"},
                {"note", "说明", false, {"note"}, ""},
                {"evidence", "佐证材料", false, {"evidence"}, "文件名、文号或链接"}},
               std::nullopt,
               false,
               true});
  v.push_back({SheetKind::kVetoes,
               "一票否决",
               "由县级教育行政部门填写：每项情形是否存在",
               {Year(),
                CountyCode(),
                {"county_name", "县区名称", false, {"county_name"}, ""},
                {"veto", "编号", true, {"veto", "情形编号"}, "如 V1"},
                {"veto_text", "情形", false, {"veto_text"}, "仅供阅读，导入时不使用"},
                {"occurred", "是否存在", true, {"occurred"}, "是 / 否"},
                {"note", "说明", false, {"note"}, ""}},
               std::nullopt,
               false,
               true});
  v.push_back(
      {SheetKind::kAreas,
       "行政区划",
       "由市级教育行政部门维护：市、县区（及可选的乡镇街道）",
       {{"code", "区划代码", true, {"code", "行政区划代码"}, "6位（市、县）或9位（乡镇、街道）"},
        {"name", "名称", true, {"name"}, ""},
        {"level", "层级", true, {"level"}, "市 / 县 / 乡镇"},
        {"parent", "上级区划代码", false, {"parent", "上级代码"}, "市级留空"}},
       std::nullopt,
       false,
       true});
  return v;
}

}  // namespace

const std::vector<SheetLayout>& Layouts() {
  static const std::vector<SheetLayout> k = Build();
  return k;
}

const SheetLayout& LayoutOf(SheetKind kind) {
  for (const auto& l : Layouts()) {
    if (l.kind == kind) return l;
  }
  return Layouts().front();
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

}  // namespace jiaodu::workbook
