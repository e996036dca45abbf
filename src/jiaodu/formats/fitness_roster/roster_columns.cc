#include "jiaodu/formats/fitness_roster/roster_columns.h"

namespace jiaodu::roster {
namespace {

const ColNames kColumns[] = {
    {Col::kSchool, {"学校标识码", "学校代码", "学校编码", "学校编号"}},
    {Col::kGrade, {"年级编号", "年级代码", "年级"}},
    {Col::kClassCode, {"班级编号", "班级代码", "班号"}},
    {Col::kClassName, {"班级名称", "班级"}},
    {Col::kStudentId, {"学籍号", "学号", "全国学籍号"}},
    {Col::kEthnic, {"民族代码", "民族"}},
    {Col::kName, {"姓名", "学生姓名"}},
    {Col::kSex, {"性别", "性别代码"}},
    {Col::kBirth, {"出生日期", "出生年月"}},
    {Col::kAddress, {"家庭住址"}},
    {Col::kHeight, {"身高"}},
    {Col::kWeight, {"体重"}},
    {Col::kStatus, {"测试状态", "免测缓测", "免缓测"}},
    {Col::kUcvaRight, {"右眼裸眼视力", "裸眼视力右", "右眼视力"}},
    {Col::kUcvaLeft, {"左眼裸眼视力", "裸眼视力左", "左眼视力"}},
    {Col::kSeRight, {"右眼等效球镜", "右眼等效球镜度"}},
    {Col::kSeLeft, {"左眼等效球镜", "左眼等效球镜度"}},
    {Col::kSphRight, {"右眼屈光球镜S", "右眼球镜", "右眼屈光球镜"}},
    {Col::kSphLeft, {"左眼屈光球镜S", "左眼球镜", "左眼屈光球镜"}},
    {Col::kCylRight, {"右眼屈光柱镜C", "右眼柱镜", "右眼屈光柱镜"}},
    {Col::kCylLeft, {"左眼屈光柱镜C", "左眼柱镜", "左眼屈光柱镜"}},
};

}  // namespace

std::span<const ColNames> KnownColumns() { return kColumns; }

std::string_view Header(Col col) {
  for (const ColNames& c : kColumns) {
    if (c.col == col) return *c.names.begin();
  }
  return {};
}

}  // namespace jiaodu::roster
