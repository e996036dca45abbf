// File: jiaodu/formats/fitness_roster/roster_reader.h
//
// Reads the schools' fitness test files — the column layout of the national
// upload template of the 国家学生体质健康标准数据管理系统 (年级编号, 班级编号,
// 班级名称, 学籍号, 民族代码, 姓名, 性别, 出生日期, 家庭住址, 身高, 体重, 肺活量,
// 50米跑, …, 左/右眼裸眼视力), in .xlsx or CSV (UTF-8 or GB18030) — into a
// fitness::Roster. docs/fitness.md §数据文件 lists the columns, the codes and
// the few columns jiaodu adds (学校标识码, 测试状态, 等效球镜 or 球镜/柱镜).
//
// Columns are found by their header text (in any order, with or without
// units in brackets, full-width or half-width), so a school that reordered
// or added columns still imports. Every problem is collected with its file,
// sheet, row and column and a Chinese reason; the caller lands the import
// only when the list is empty (all or nothing).
#ifndef JIAODU_FORMATS_FITNESS_ROSTER_ROSTER_READER_H_
#define JIAODU_FORMATS_FITNESS_ROSTER_ROSTER_READER_H_

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/fitness/roster.h"
#include "jiaodu/domain/fitness/standard.h"
#include "jiaodu/domain/fitness/vision.h"

namespace jiaodu {

struct RosterFile {
  std::string name;  // as uploaded; ".csv" → CSV, anything else → xlsx
  std::string_view bytes;
};

struct RosterReadOptions {
  // The school of files without a 学校标识码 column (the national template
  // is per school). Empty: such a file is an error.
  std::string school;
  // Known school codes; a code not listed is an error. Empty = accept all.
  std::vector<std::string> known_schools;
  size_t max_errors = 200;  // errors kept (all are counted)
};

struct RosterRead {
  fitness::Roster roster;
  std::vector<Error> errors;
  size_t error_count = 0;  // including those beyond max_errors
  size_t rows = 0;         // student rows read
  bool ok() const { return error_count == 0; }
};

RosterRead ReadRosterFiles(const fitness::FitnessStandard& standard,
                           const fitness::VisionRule& vision, std::span<const RosterFile> files,
                           const RosterReadOptions& options,
                           const std::function<void(double)>& progress = {});

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_FITNESS_ROSTER_ROSTER_READER_H_
