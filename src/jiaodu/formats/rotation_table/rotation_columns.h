// File: jiaodu/formats/rotation_table/rotation_columns.h
//
// The columns of the rotation workbook's sheets, shared by the reader
// (which accepts every spelling listed, as xlsx::HeaderKey leaves it) and
// the writers (which write the first), so a workbook jiaodu writes always
// reads back.
#ifndef JIAODU_FORMATS_ROTATION_TABLE_ROTATION_COLUMNS_H_
#define JIAODU_FORMATS_ROTATION_TABLE_ROTATION_COLUMNS_H_

#include <initializer_list>
#include <span>
#include <string_view>

namespace jiaodu::rotation_table {

enum SchoolCol {
  kSchoolCode,
  kSchoolName,
  kSchoolStage,
  kSchoolLocale,
  kSchoolStudents,
  kSchoolPosts,
  kSchoolLatLon,
  kSchoolLat,
  kSchoolLon,
};
enum TeacherCol {
  kTeacherId,
  kTeacherName,
  kTeacherSchool,
  kTeacherStage,
  kTeacherSubject,
  kTeacherAbove,
  kTeacherBackbone,
  kTeacherPeArts,
  kTeacherYears,
  kTeacherToRetire,
  kTeacherAge,
  kTeacherLastMove,
};
enum NeedCol { kNeedSchool, kNeedStage, kNeedSubject, kNeedKeep, kNeedNeed };
enum PinCol { kPinTeacher, kPinKind, kPinSchool };
inline constexpr int kMaxColumns = 12;

struct ColSpec {
  int col;
  std::initializer_list<std::string_view> names;  // the first is written
  bool required;
  std::string_view note;  // the template's comment on the header
  bool written = true;    // false: read only (纬度/经度 beside 经纬度)
};

std::span<const ColSpec> SchoolColumns();
std::span<const ColSpec> TeacherColumns();
std::span<const ColSpec> NeedColumns();
std::span<const ColSpec> PinColumns();

}  // namespace jiaodu::rotation_table

#endif  // JIAODU_FORMATS_ROTATION_TABLE_ROTATION_COLUMNS_H_
