#include "jiaodu/formats/planning_table/planning_columns.h"

#include <array>

namespace jiaodu::planning_table {
namespace {

constexpr std::string_view kCountyNote = "6 位行政区划代码，如 990103";
constexpr std::string_view kLevelNote = "幼儿园 / 小学 / 初中 / 高中";
constexpr std::string_view kSchoolNote = "10 位学校标识码，须为本县已导入的学校";

const std::array<Column, 4> kBirth = {{
    {{"县区代码", "行政区划代码"}, true, kCountyNote},
    {{"出生年份", "年份"}, true, "公历年份，如 2019"},
    {{"户籍出生人口", "户籍出生数"}, false, "公安户籍口径；与常住出生人口至少填一项"},
    {{"常住出生人口", "常住出生数"}, false, "卫健出生登记口径"},
}};
const std::array<Column, 6> kEnrol = {{
    {{"县区代码", "行政区划代码"}, true, kCountyNote},
    {{"学年"}, true, "起始年份（2024）或 2024-2025"},
    {{"学段"}, true, kLevelNote},
    {{"年级"}, true, "学段内的年级：小学 1–6，初中 1–3（按学制）"},
    {{"在校生数", "学生数"}, true, "该县该学年该年级全部学校的学生数"},
    {{"其中随迁子女", "随迁子女"}, false, "可空"},
}};
const std::array<Column, 7> kProject = {{
    {{"项目名称", "学校名称"}, true, "如 城东第二小学（新建）"},
    {{"县区代码", "行政区划代码"}, true, kCountyNote},
    {{"学段"}, true, kLevelNote},
    {{"类型", "项目类型"}, true, "新建 / 改扩建"},
    {{"启用年份", "投用年份"}, true, "首次招生学年的起始年份"},
    {{"新增学位", "学位数"}, false, "与新增班数至少填一项；都填时按新增学位"},
    {{"新增班数", "班数"}, false, "按标准班额折算学位"},
}};
const std::array<Column, 5> kRoster = {{
    {{"学校标识码"}, true, kSchoolNote},
    {{"学段"}, true, kLevelNote},
    {{"年级"}, false, "学段内的年级；幼儿园混合班可空"},
    {{"班级", "班级名称"}, true, "如 三年级2班"},
    {{"学生数", "班额"}, true, "该班学生人数"},
}};
const std::array<Column, 3> kStaff = {{
    {{"学校标识码"}, true, kSchoolNote},
    {{"实有在编教职工", "在编教职工数", "实有教职工"},
     false,
     "空则按已导入的专任教师数比较（并提示）"},
    {{"寄宿生数"}, false, "寄宿制学校填写"},
}};
const std::array<Column, 4> kSubject = {{
    {{"学校标识码"}, true, kSchoolNote},
    {{"学科"}, true, "如 语文、数学、体育"},
    {{"专任教师数", "教师数"}, true, "该校该学科专任教师"},
    {{"需求教师数", "需求"}, false, "可空：按参数文件的课时折算"},
}};
const std::array<Column, 2> kPool = {{
    {{"县区代码", "行政区划代码"}, true, kCountyNote},
    {{"周转池空编数", "空编数"}, true, "县级编制周转池持有的空编"},
}};

const std::array<SheetSpec, 7> kSheets = {{
    {"出生人口", false, kBirth},
    {"分年级在校生", false, kEnrol},
    {"规划项目", false, kProject},
    {"班级名册", false, kRoster},
    {"教职工", false, kStaff},
    {"学科教师", false, kSubject},
    {"周转池", false, kPool},
}};

}  // namespace

std::span<const SheetSpec> Sheets() { return kSheets; }

const SheetSpec* FindSheet(std::string_view name) {
  for (const SheetSpec& s : kSheets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace jiaodu::planning_table
