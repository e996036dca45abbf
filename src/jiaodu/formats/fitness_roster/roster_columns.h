// File: jiaodu/formats/fitness_roster/roster_columns.h
//
// The non-item columns of a fitness test file, shared by the reader (which
// accepts every spelling listed) and the writer and template (which write
// the first): one list, so a file jiaodu writes always reads back. Item
// columns are headed by the item's name in the standard file.
#ifndef JIAODU_FORMATS_FITNESS_ROSTER_ROSTER_COLUMNS_H_
#define JIAODU_FORMATS_FITNESS_ROSTER_ROSTER_COLUMNS_H_

#include <initializer_list>
#include <span>
#include <string_view>

namespace jiaodu::roster {

enum class Col {
  kSchool,
  kGrade,
  kClassCode,
  kClassName,
  kStudentId,
  kEthnic,
  kName,
  kSex,
  kBirth,
  kAddress,
  kHeight,
  kWeight,
  kStatus,
  kUcvaRight,
  kUcvaLeft,
  kSeRight,
  kSeLeft,
  kSphRight,
  kSphLeft,
  kCylRight,
  kCylLeft,
  kCount
};

struct ColNames {
  Col col;
  // Header texts as the reader's Key() leaves them (no blanks, no bracketed
  // units); the first is the one jiaodu writes.
  std::initializer_list<std::string_view> names;
};

std::span<const ColNames> KnownColumns();
std::string_view Header(Col col);

}  // namespace jiaodu::roster

#endif  // JIAODU_FORMATS_FITNESS_ROSTER_ROSTER_COLUMNS_H_
