// File: jiaodu/formats/rotation_table/rotation_table.h
//
// The county's 交流轮岗 workbook in and out of Excel (docs/data-formats.md,
// "交流轮岗工作簿"):
//
//   学校       学校标识码, 学校名称, 学段 (小学/初中), 城乡 (城区/镇区/乡村), 在校生数,
//              optional 编制/岗位数 and 经纬度 (or 纬度 + 经度)
//   教师       教师编号, 姓名, 学校标识码, 学段, 学科, 高于规定学历, 县级以上骨干,
//              体育艺术专任 (是/否), 本校任教年限, optional 距退休年限, 年龄, 上次交流年份
//   学科需求   optional: 学校 (标识码 or 名称), optional 学段, 学科, 保留下限, 需求
//   指定禁止   optional: 教师编号, 类型 (指定/禁止), 学校 (禁止 with no school = 不得交流)
//
// The reader finds the columns by their labels in each sheet's first row
// (any order, extra columns ignored, "编制数（人）" reads as 编制数) and is all
// or nothing: it returns every problem it finds, each naming file, sheet,
// row and column in Chinese (rotation_table.* ids), and an Instance only
// when there is none. The writers produce the same layout (the template, a
// filled workbook for tests and fixtures) and the plan's export.
//
//   auto read = rotation_table::ReadRotationWorkbook(bytes, "交流轮岗.xlsx", 2025);
//   if (!read.errors.empty()) Show(read.errors);
#ifndef JIAODU_FORMATS_ROTATION_TABLE_ROTATION_TABLE_H_
#define JIAODU_FORMATS_ROTATION_TABLE_ROTATION_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/rotation/rotation.h"

namespace jiaodu::rotation_table {

inline constexpr std::string_view kSchoolSheet = "学校";
inline constexpr std::string_view kTeacherSheet = "教师";
inline constexpr std::string_view kNeedSheet = "学科需求";
// Excel forbids "/" in sheet names, hence not "指定/禁止".
inline constexpr std::string_view kPinSheet = "指定禁止";

// The most errors listed; past it one rotation_table.too_many_errors ends
// the list (a wrong column in a 3,000-teacher roster would otherwise list
// 3,000 times the same mistake).
inline constexpr size_t kMaxErrors = 200;

struct ReadResult {
  rotation::Instance instance;  // valid only when errors is empty
  std::vector<Error> errors;
};

// `year` is the plan's year (Instance::year; 上次交流年份 must not be after it).
ReadResult ReadRotationWorkbook(std::string_view bytes, std::string_view file_name, int year);

// The workbook for `instance`: its schools, teachers, subject needs and
// pins/forbids in the sheets above, plus 填写说明. With no teachers it is
// the template a county fills (the app prefills the schools).
Result<std::string> WriteRotationWorkbook(const rotation::Instance& instance,
                                          std::string_view county_name);

// The plan as a workbook: 调动名单, 学校指标对比, 差异系数对比, 约束情况.
Result<std::string> WritePlanWorkbook(const rotation::Plan& plan, std::string_view county_name);

}  // namespace jiaodu::rotation_table

#endif  // JIAODU_FORMATS_ROTATION_TABLE_ROTATION_TABLE_H_
