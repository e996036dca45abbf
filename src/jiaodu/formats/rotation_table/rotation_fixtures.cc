// Writes the rotation workbooks committed under tests/fixtures/rotation:
//
//   county-small.xlsx   a seeded 8-section, 160-teacher county (SyntheticCounty,
//                       seed 7) through WriteRotationWorkbook: the app and
//                       browser tests upload it;
//   infeasible.xlsx     3 schools of 10 teachers whose backbone (骨干) teachers
//                       have all taught under 6 years at their school, so
//                       none may rotate and the 20% backbone share of the
//                       10% quota cannot hold;
//   errors-rows.xlsx    one row-level mistake of each kind (the reader test
//                       lists exactly which);
//   errors-header.xlsx  no 教师 sheet, 学校 with a column twice and one missing.
//
// Usage: rotation_fixtures <dir>. Deterministic: the same bytes each run
// except for the workbook's creation time.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "jiaodu/domain/rotation/synthetic.h"
#include "jiaodu/formats/rotation_table/rotation_table.h"
#include "jiaodu/formats/rotation_table/text_workbook.h"

namespace {

using namespace jiaodu;
using Grid = rotation_table::TextGrid;

bool Save(const std::string& path, const Result<std::string>& bytes) {
  if (!bytes) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), bytes.error().Describe().c_str());
    return false;
  }
  std::ofstream(path, std::ios::binary) << *bytes;
  return true;
}

rotation::Instance Infeasible() {
  rotation::Instance in;
  in.year = 2025;
  const char* subjects[] = {"语文", "数学", "英语", "体育", "音乐"};
  for (int s = 0; s < 3; ++s) {
    rotation::School sc;
    sc.code = fmt::format("98000000{:02d}", s + 1);
    sc.name = fmt::format("保留测试第{}小学", s + 1);
    sc.locale = s == 0 ? rotation::Locale::kUrban : rotation::Locale::kRural;
    sc.students = 400;
    for (const char* j : subjects) sc.subjects.push_back({j, 2, 0});
    in.schools.push_back(sc);
    for (int k = 0; k < 10; ++k) {
      rotation::Teacher t;
      t.id = fmt::format("K{}{:02d}", s + 1, k + 1);
      t.name = fmt::format("教师{}{:02d}", s + 1, k + 1);
      t.school = sc.code;
      t.subject = subjects[k / 2];
      t.above_required = k % 3 == 0;
      t.backbone = k % 4 == 0;
      t.pe_arts = k >= 6;
      t.years_at_school = t.backbone ? 2 : 8;
      t.years_to_retirement = 20;
      in.teachers.push_back(t);
    }
  }
  return in;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: rotation_fixtures <dir>\n");
    return 2;
  }
  const std::string dir = argv[1];
  bool ok = true;

  rotation::Instance small = rotation::SyntheticCounty({.teachers = 160, .schools = 8, .seed = 7});
  ok &= Save(dir + "/county-small.xlsx", rotation_table::WriteRotationWorkbook(small, "示范县"));
  ok &=
      Save(dir + "/infeasible.xlsx", rotation_table::WriteRotationWorkbook(Infeasible(), "示范县"));

  const std::vector<std::string> school_head = {"学校标识码", "学校名称",    "学段",  "城乡",
                                                "在校生数",   "编制/岗位数", "经纬度"};
  const std::vector<std::string> teacher_head = {
      "教师编号",     "姓名",         "学校标识码",   "学段",       "学科", "高于规定学历",
      "县级以上骨干", "体育艺术专任", "本校任教年限", "距退休年限", "年龄", "上次交流年份"};
  Grid schools = {
      school_head,
      {"9900000001", "城区第一小学", "小学", "城区", "800", "50", "30.1,110.2"},
      {"9900000002", "乡村第二小学", "小学", "农村", "200", "", ""},          // bad_value
      {"9900000003", "镇区第三小学", "小学", "镇区", "三百", "", ""},         // bad_number
      {"9900000004", "镇区第四小学", "小学", "镇区", "300", "", "北纬30度"},  // bad_coordinates
      {"9900000001", "城区第一小学", "小学", "城区", "800", "", ""},          // duplicate
      {"", "无码小学", "小学", "城区", "100", "", ""}};                       // required
  Grid teachers = {
      teacher_head,
      {"T1", "张一", "9900000001", "小学", "数学", "是", "否", "否", "7", "20", "", ""},
      {"T2", "张二", "9900000009", "小学", "语文", "否", "否", "否", "7", "", "",
       ""},  // unknown_school
      {"T3", "张三", "9900000001", "初中", "语文", "否", "否", "否", "7", "", "",
       ""},  // unknown_school (stage)
      {"T4", "张四", "9900000001", "小学", "体育", "有", "否", "是", "7", "", "", ""},  // bad_value
      {"T5", "张五", "9900000001", "小学", "数学", "否", "否", "否", "6.5", "", "",
       ""},  // bad_number
      {"T1", "张六", "9900000001", "小学", "数学", "否", "否", "否", "7", "", "", ""},  // duplicate
      {"T7", "张七", "9900000001", "小学", "数学", "否", "否", "否", "7", "", "",
       "2031"}};  // bad_number (year)
  Grid needs = {{"学校", "学段", "学科", "保留下限", "需求"},
                {"9900000001", "小学", "数学", "2", "1"},
                {"9900000001", "小学", "数学", "3", "0"}};  // duplicate
  Grid pins = {{"教师编号", "类型", "学校"},
               {"T9", "指定", "9900000001"},  // unknown_teacher
               {"T1", "调走", "9900000001"},  // bad_value
               {"T1", "指定", ""}};           // required
  ok &= Save(dir + "/errors-rows.xlsx",
             rotation_table::TextWorkbook(
                 {{"学校", schools}, {"教师", teachers}, {"学科需求", needs}, {"指定禁止", pins}}));
  ok &= Save(
      dir + "/errors-header.xlsx",
      rotation_table::TextWorkbook({{"学校",
                                     {{"学校标识码", "学校名称", "学段", "学段", "在校生数"},
                                      {"9900000001", "城区第一小学", "小学", "小学", "800"}}}}));
  return ok ? 0 : 1;
}
