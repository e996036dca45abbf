// File: jiaodu/formats/quality_table/score_reader.h
//
// Reads the student-level scores of a 教学质量抽测 from .xlsx or CSV (UTF-8
// or GB18030) into a quality::ScoreSet, streaming row by row (a city's file
// has a million rows).
//
// Two layouts, told apart by the header (decision Q4, docs/quality.md):
//   long  one row per student and subject: …, 科目, 成绩 (what marking
//         systems export);
//   wide  one row per student, one column per subject headed by the
//         subject's name ("数学", "数学（满分120）"): the subjects are those
//         of the cut-score set for the grade, or ScoreReadOptions::subjects.
// The header is found in the first 10 rows by its labels (学校标识码 or
// 学校名称, 学籍号 / 考号, and 科目 + 成绩 or subject columns), in any order;
// other columns (姓名, 总分, 排名, …) are ignored and listed.
//
// A blank score or one written 缺考 / 缺 / 免考 is an absentee: not an
// error, not in the statistics, counted (ScoreRead::absent, Q5).
//
// All or nothing: every problem is collected with its file, sheet, row and
// column and a Chinese reason (ids quality_import.*, docs/errors.md); the
// caller keeps the scores only when the list is empty.
#ifndef JIAODU_FORMATS_QUALITY_TABLE_SCORE_READER_H_
#define JIAODU_FORMATS_QUALITY_TABLE_SCORE_READER_H_

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/quality/cut_scores.h"
#include "jiaodu/domain/quality/scores.h"

namespace jiaodu {

struct ScoreFile {
  std::string name;  // as uploaded; ".csv" / ".txt" → CSV, anything else → xlsx
  std::string_view bytes;
};

struct ScoreReadOptions {
  // The test's cut scores: subjects not in it are refused, scores above the
  // subject's full marks are refused, and the wide layout's subject columns
  // are its subjects. nullptr: any subject, scores only checked ≥ 0.
  const quality::CutScoreSet* cuts = nullptr;
  // Wide-layout subject columns in addition to the cut-score set's.
  std::vector<std::string> subjects;
  // The grade of rows without a 年级 column ("八年级"); may be empty.
  std::string grade;
  // Known school codes or names; a school not listed is an error. Empty =
  // accept all.
  std::vector<std::string> known_schools;
  size_t max_errors = 200;  // errors kept (all are counted)
};

struct ScoreRead {
  quality::ScoreSet scores;
  std::vector<Error> errors;
  size_t error_count = 0;                    // including those beyond max_errors
  size_t rows = 0;                           // data rows read
  size_t absent = 0;                         // blank or 缺考 scores (not in `scores`)
  std::vector<std::string> ignored_columns;  // headers read but not used
  bool ok() const { return error_count == 0; }
};

ScoreRead ReadScoreFiles(std::span<const ScoreFile> files, const ScoreReadOptions& options,
                         const std::function<void(double)>& progress = {});

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_QUALITY_TABLE_SCORE_READER_H_
