#include "jiaodu/formats/quality_table/score_columns.h"

#include "jiaodu/formats/xlsx/header_key.h"

namespace jiaodu::quality_table {
namespace {

const ColNames kColumns[] = {
    {Col::kSchoolCode,
     {"学校标识码", "学校代码", "学校编码"},
     "10 位学校标识码；与学校名称至少填一项"},
    {Col::kSchoolName, {"学校名称", "学校"}, "没有学校标识码时按学校名称匹配"},
    {Col::kGrade, {"年级"}, "可空：导入时选择的年级"},
    {Col::kClass, {"班级", "班级名称", "班级编号"}, "如 八年级1班"},
    {Col::kStudentId, {"学籍号", "考号", "准考证号", "全国学籍号", "学号"}, "必填，每名学生唯一"},
    {Col::kName, {"姓名", "学生姓名"}, "可空，不参与统计"},
    {Col::kSex, {"性别"}, "男 / 女（或 1 / 2），可空"},
    {Col::kSubject, {"科目", "学科"}, "长表：每行一名学生的一个科目"},
    {Col::kScore, {"成绩", "分数", "得分"}, "数字；缺考填“缺考”或留空"},
    {Col::kBackground,
     {"家庭背景指数", "家庭社会经济地位指数", "家庭背景"},
     "可空；用于增值评价（如问卷得出的家庭社会经济地位指数）"},
    {Col::kPrior, {"前测成绩", "前测", "入学成绩"}, "可空；用于增值评价（如上一次抽测或中考成绩）"},
};

}  // namespace

std::span<const ColNames> KnownColumns() { return kColumns; }

std::string_view Header(Col col) {
  for (const ColNames& c : kColumns) {
    if (c.col == col) return *c.names.begin();
  }
  return {};
}

std::string HeaderKey(std::string_view header) { return xlsx::HeaderKey(header); }

}  // namespace jiaodu::quality_table
