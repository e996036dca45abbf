// File: jiaodu/formats/fitness_roster/roster_writer.h
//
// Writes a fitness::Roster in the column layout of the national upload
// template (国家学生体质健康标准数据管理系统: 年级编号, 班级编号, 班级名称, 学籍号,
// 民族代码, 姓名, 性别, 出生日期, 家庭住址, 身高, 体重, 肺活量, 50米跑, …,
// 左眼裸眼视力, 右眼裸眼视力), with the header texts roster_reader.cc matches,
// so that ReadRosterFiles reads back exactly the same students and values.
// jiaodu's own columns are added where needed: 学校标识码 first (always: a
// city's file has many schools), 测试状态 when some student is 免测 or 缓测,
// 左/右眼等效球镜 when some student was refracted.
//
// Values are written as a clerk has them: times as 分'秒 text ("3'55", the
// form the national validator checks), 身高/体重 and the other results as
// numbers in their recording precision (CSV: "152.3"; xlsx: Excel numbers),
// codes that must keep their leading zeros (民族代码 "01", 学籍号, 出生日期
// "20150304", 班级编号, 学校标识码) as text. Items a student is not tested on
// are empty ("男生没有此测试项目，不能有值").
//
//   std::string csv = WriteRosterCsv(standard, roster);                    // UTF-8 with BOM
//   JIAODU_TRY_STATUS(WriteRosterXlsx(standard, roster, "/tmp/体测.xlsx")); // streamed
//   std::string tpl = JIAODU_TRY(FitnessTemplateXlsx(standard));           // empty template
#ifndef JIAODU_FORMATS_FITNESS_ROSTER_ROSTER_WRITER_H_
#define JIAODU_FORMATS_FITNESS_ROSTER_ROSTER_WRITER_H_

#include <string>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/fitness/roster.h"
#include "jiaodu/domain/fitness/standard.h"

namespace jiaodu {

// The roster as CSV: UTF-8 with a BOM (so Excel opens it as UTF-8), CRLF
// line ends, fields quoted only when they hold a comma, quote or line break.
std::string WriteRosterCsv(const fitness::FitnessStandard& standard, const fitness::Roster& roster);

// The roster as one sheet "体测成绩" of an .xlsx at `path`, streamed with
// libxlsxwriter's constant_memory mode: memory stays flat whatever the size
// (a million rows is within Excel's 1,048,576). Header row frozen.
// Errors: xlsx.write_failed (the path), xlsx.write_rejected, and
// fitness_export.too_many_rows beyond Excel's grid.
Status WriteRosterXlsx(const fitness::FitnessStandard& standard, const fitness::Roster& roster,
                       const std::string& path);

// The empty upload template: a short instruction row in Chinese above the
// header row (the reader finds the header below it), notes on the columns
// that need a format (times, vision, 等效球镜), column widths, dropdowns for
// 年级编号/性别/测试状态, and a second sheet "年级编号" listing the standard's
// grade codes with their names, the 性别 codes and the 测试状态 words.
Result<std::string> FitnessTemplateXlsx(const fitness::FitnessStandard& standard);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_FITNESS_ROSTER_ROSTER_WRITER_H_
