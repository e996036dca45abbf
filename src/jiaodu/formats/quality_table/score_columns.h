// File: jiaodu/formats/quality_table/score_columns.h
//
// The columns of a 抽测 score file, shared by the reader (which accepts
// every spelling listed, in any order, with or without a bracketed note:
// "成绩（满分120）") and the template writer (which writes the first), so a
// template jiaodu writes always reads back.
#ifndef JIAODU_FORMATS_QUALITY_TABLE_SCORE_COLUMNS_H_
#define JIAODU_FORMATS_QUALITY_TABLE_SCORE_COLUMNS_H_

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace jiaodu::quality_table {

enum class Col {
  kSchoolCode,
  kSchoolName,
  kGrade,
  kClass,
  kStudentId,
  kName,
  kSex,
  kSubject,
  kScore,
  kBackground,
  kPrior,
  kCount
};

struct ColNames {
  Col col;
  std::initializer_list<std::string_view> names;  // as HeaderKey leaves them; the first is written
  std::string_view note;                          // the template's comment on the header
};

std::span<const ColNames> KnownColumns();
std::string_view Header(Col col);

// A header cell's key: full-width folded, blanks and bracketed notes
// removed ("成绩（满分120）" → "成绩", "数 学" → "数学").
std::string HeaderKey(std::string_view header);

}  // namespace jiaodu::quality_table

#endif  // JIAODU_FORMATS_QUALITY_TABLE_SCORE_COLUMNS_H_
